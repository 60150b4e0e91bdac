// Real applications in `npm run bench` (issue 15): checkouts named by environment variables, linted with the
// folders and settings their maintainers would use, against ESLint's parse-only run of the same files in the
// same bench run. Absent variables are skipped with a printed note; nothing is downloaded here.
//
//   PATCH_ORDER_BENCH_OUTLINE=DIR    outline/outline: server/ and plugins/*/server/ (swc builds the server)
//   PATCH_ORDER_BENCH_LANGFUSE=DIR   langfuse/langfuse: worker/src and packages/shared/src (tsc), web/src/server
//                                    (Next.js, whose compiler is swc)
//   PATCH_ORDER_BENCH_NOVU=DIR       novuhq/novu: apps/{api,worker,ws,webhook}/src (nest build with swc),
//                                    apps/inbound-mail/src and libs/{application-generic,dal}/src (tsc)
//   PATCH_ORDER_BENCH_PYAPP=DIR      a Python application: every .py file of the checkout
//   PATCH_ORDER_BENCH_APPS=name=DIR,name=DIR   any checkouts: every JS/TS file (one row set) and every .py file
//                                    (another), default settings
//
// Budget (issue 15): all rules together ≤ 1.10 × parse-only wall time and ≤ 1.15 × its peak RSS.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { JS_FILE_RE, listFiles, PY_FILE_RE } from './corpus.mjs';

export const APP_BUDGET = { wall: 1.1, rss: 1.15 };

/** Folders that hold no sources a maintainer lints: dependencies, build output, VCS data, caches, virtualenvs. */
export const APP_SKIP_DIR = /^(?:node_modules|\.git|\.next|\.turbo|dist|build|coverage|__pycache__|\.venv|venv|site-packages|\.tox)$/;

/**
 * The applications with presets: where each one's server code lives and the settings its build implies
 * (`emitter`: who compiles its TypeScript, read from the project's build scripts and configs).
 */
export const APP_PRESETS = [
  {
    env: 'PATCH_ORDER_BENCH_OUTLINE',
    name: 'outline',
    repo: 'outline/outline',
    lang: 'js',
    what: 'server/, plugins/*/server/ (swc builds the server: emitter swc)',
    groups: [{ dirs: ['server', 'plugins/*/server'], settings: { emitter: 'swc' } }],
  },
  {
    env: 'PATCH_ORDER_BENCH_LANGFUSE',
    name: 'langfuse',
    repo: 'langfuse/langfuse',
    lang: 'js',
    what: 'worker/src, packages/shared/src (tsc), web/src/server (Next.js: swc)',
    groups: [
      { dirs: ['worker/src', 'packages/shared/src'], settings: { emitter: 'tsc' } },
      { dirs: ['web/src/server'], settings: { emitter: 'swc' } },
    ],
  },
  {
    env: 'PATCH_ORDER_BENCH_NOVU',
    name: 'novu',
    repo: 'novuhq/novu',
    lang: 'js',
    what: 'apps/{api,worker,ws,webhook}/src (nest build, swc), apps/inbound-mail/src, libs/{application-generic,dal}/src (tsc)',
    groups: [
      { dirs: ['apps/api/src', 'apps/worker/src', 'apps/ws/src', 'apps/webhook/src'], settings: { emitter: 'swc' } },
      { dirs: ['apps/inbound-mail/src', 'libs/application-generic/src', 'libs/dal/src'], settings: { emitter: 'tsc' } },
    ],
  },
  {
    env: 'PATCH_ORDER_BENCH_PYAPP',
    name: null, // the checkout's folder name
    repo: 'a Python application',
    lang: 'py',
    what: 'every .py file',
    groups: [{ dirs: ['.'], settings: {} }],
  },
];

const isDirectory = (p) => existsSync(p) && statSync(p).isDirectory();

/**
 * The applications the environment names, and a note for each preset it does not name.
 * A malformed PATCH_ORDER_BENCH_APPS or a path that is not a directory fails with a message naming the variable.
 * @param {Record<string, string | undefined>} env
 * @param {{ isDir?: (p: string) => boolean, cwd?: string }} [options]
 * @returns {{ apps: Array<{ name: string, dir: string, lang: 'js' | 'py' | 'auto', what: string, groups: Array<{ dirs: string[], settings: object }>, env: string }>, notes: string[] }}
 */
export function appsFromEnv(env, { isDir = isDirectory, cwd = process.cwd() } = {}) {
  const apps = [];
  const notes = [];
  const dirOf = (variable, value) => {
    const dir = path.resolve(cwd, value);
    if (!isDir(dir)) throw new Error(`${variable}=${value}: not a directory`);
    return dir;
  };
  for (const p of APP_PRESETS) {
    const value = env[p.env]?.trim();
    if (!value) {
      notes.push(`${p.name ?? 'Python application'} skipped: set ${p.env}=<checkout of ${p.repo}> to measure it`);
      continue;
    }
    const dir = dirOf(p.env, value);
    apps.push({ name: p.name ?? path.basename(dir), dir, lang: p.lang, what: p.what, groups: p.groups, env: p.env });
  }
  const list = env.PATCH_ORDER_BENCH_APPS?.trim();
  if (list) {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const eq = item.indexOf('=');
      const name = eq > 0 ? item.slice(0, eq).trim() : '';
      const value = eq > 0 ? item.slice(eq + 1).trim() : '';
      if (!/^[\w.@-]+$/.test(name) || !value) {
        throw new Error(`PATCH_ORDER_BENCH_APPS: "${item}" is not name=DIR (expected name=DIR,name=DIR; a name is letters, digits, . _ @ -)`);
      }
      if (apps.some((a) => a.name === name)) throw new Error(`PATCH_ORDER_BENCH_APPS: the name "${name}" is used twice`);
      apps.push({ name, dir: dirOf(`PATCH_ORDER_BENCH_APPS (${name})`, value), lang: 'auto', what: 'every JS/TS or .py file, default settings', groups: [{ dirs: ['.'], settings: {} }], env: 'PATCH_ORDER_BENCH_APPS' });
    }
  }
  return { apps, notes };
}

/** `pattern` (a folder relative to `root`, `*` matching one folder name) → the existing folders, sorted. */
export function expandDir(root, pattern) {
  let dirs = [root];
  for (const seg of pattern.split('/').filter((s) => s && s !== '.')) {
    const next = [];
    for (const d of dirs) {
      if (seg === '*') {
        let entries = [];
        try {
          entries = readdirSync(d, { withFileTypes: true });
        } catch (error) {
          if (error?.code !== 'ENOENT' && error?.code !== 'ENOTDIR') throw error;
        }
        for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
          if (e.isDirectory() && !APP_SKIP_DIR.test(e.name)) next.push(path.join(d, e.name));
        }
      } else if (isDirectory(path.join(d, seg))) next.push(path.join(d, seg));
    }
    dirs = next;
  }
  return dirs;
}

/**
 * The bench corpora of one application: its files per language, and the flat-config objects that give each
 * group of folders its settings (`files` globs relative to the checkout, ESLint's cwd).
 * @returns {Array<{ name: string, what: string, cwd: string, lang: 'js' | 'py', files: string[], extraConfigs: object[], app: true }>}
 */
export function appCorpora(app) {
  const langs = app.lang === 'auto' ? ['js', 'py'] : [app.lang];
  const out = [];
  for (const lang of langs) {
    const re = lang === 'py' ? PY_FILE_RE : JS_FILE_RE;
    const files = [];
    const extraConfigs = [];
    for (const g of app.groups) {
      const globs = [];
      for (const pattern of g.dirs) {
        const norm = pattern.replace(/\/+$/, '');
        globs.push(norm === '.' || norm === '' ? '**/*' : `${norm}/**/*`);
        for (const d of expandDir(app.dir, pattern)) files.push(...listFiles(d, re, APP_SKIP_DIR).filter((f) => !f.endsWith('.d.ts')));
      }
      if (Object.keys(g.settings ?? {}).length) extraConfigs.push({ files: globs, settings: { 'patch-order': g.settings } });
    }
    const unique = [...new Set(files)];
    if (app.lang === 'auto' && unique.length === 0) continue;
    out.push({
      name: app.lang === 'auto' && lang === 'py' ? `${app.name} (py)` : app.name,
      what: app.what,
      cwd: app.dir,
      lang,
      files: unique,
      extraConfigs,
      app: true,
    });
  }
  return out;
}

/**
 * The modes of an application: parse-only, a rule that does nothing (`noop`, when given: ESLint's own cost of running
 * any rule, the floor under every plugin's ratio), all rules, and each rule alone when asked. With `contextFix`, the
 * no-op rule and all rules again without ESLint's per-file rule-context cost (scripts/bench/eslint-context.mjs): a
 * diagnostic of what the rules themselves cost; the budget verdict stays with ESLint as users run it.
 */
export function appModes(rules, perRule, noop = null, contextFix = false) {
  const modes = [{ name: 'parse-only', rules: [] }];
  if (noop && rules.length) modes.push({ name: 'no-op rule', rules: [noop] });
  if (rules.length) modes.push({ name: 'all rules', rules, budget: true });
  if (perRule && rules.length > 1) for (const id of rules) modes.push({ name: id, rules: [id] });
  if (contextFix && rules.length) {
    if (noop) modes.push({ name: `no-op rule${CONTEXT_FIX_MARK}`, rules: [noop], contextFix: true });
    modes.push({ name: `all rules${CONTEXT_FIX_MARK}`, rules, contextFix: true });
  }
  return modes;
}

/** Marks the modes run without ESLint's per-file rule-context cost, in the table and in the note under it. */
export const CONTEXT_FIX_MARK = ' †';

export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Rows from the interleaved runs: `runs` maps a mode name to its results in run order (run k of every mode
 * was taken in the same round). A ratio is the median over rounds of (mode in round k) / (parse-only in
 * round k), so a neighbour's load that changes between rounds cancels out.
 * @param {Array<{ name: string, rules: string[], budget?: boolean }>} modes
 * @param {Map<string, Array<{ error?: string, lintMs?: number, cpuMs?: number, maxRssMiB?: number, files?: number, problems?: number, fatal?: number, stats?: Record<string, number> }>>} runs
 */
export function appRows(modes, runs, budget = APP_BUDGET) {
  const base = runs.get('parse-only') ?? [];
  const ratio = (rs, key) =>
    median(rs.map((r, k) => (!r.error && base[k] && !base[k].error ? r[key] / base[k][key] : NaN)));
  return modes.map((mode) => {
    const rs = runs.get(mode.name) ?? [];
    const ok = rs.filter((r) => !r.error);
    const last = ok.at(-1);
    if (!last) return { mode: mode.name, error: rs.at(-1)?.error ?? 'no run' };
    const row = {
      mode: mode.name,
      runs: ok.length,
      wallMs: median(ok.map((r) => r.lintMs)),
      cpuMs: median(ok.map((r) => r.cpuMs)),
      rssMiB: median(ok.map((r) => r.maxRssMiB)),
      wallRatio: mode.name === 'parse-only' ? 1 : ratio(rs, 'lintMs'),
      cpuRatio: mode.name === 'parse-only' ? 1 : ratio(rs, 'cpuMs'),
      rssRatio: mode.name === 'parse-only' ? 1 : ratio(rs, 'maxRssMiB'),
      files: last.files ?? 0,
      problems: last.problems ?? 0,
      fatal: last.fatal ?? 0,
      stats: last.stats ?? null,
    };
    row.verdict = mode.budget ? verdict(row, budget) : null;
    return row;
  });
}

/** PASS, or OVER naming each measure past its budget; n/a when a ratio could not be computed. */
export function verdict(row, budget = APP_BUDGET) {
  if (!Number.isFinite(row.wallRatio) || !Number.isFinite(row.rssRatio)) return 'n/a';
  const over = [];
  if (row.wallRatio > budget.wall) over.push(`wall ${row.wallRatio.toFixed(2)} > ${budget.wall.toFixed(2)}`);
  if (row.rssRatio > budget.rss) over.push(`RSS ${row.rssRatio.toFixed(2)} > ${budget.rss.toFixed(2)}`);
  return over.length ? `OVER (${over.join('; ')})` : 'PASS';
}

const pad = (s, n, right = false) => (right ? String(s).padEnd(n) : String(s).padStart(n));
const secs = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '—');
const times = (x) => (Number.isFinite(x) ? x.toFixed(3) : '—');

/** The plugin's work counters (src/util/stats.ts) as printed: what was parsed, summarized and built. */
export function formatCounters(stats) {
  if (!stats) return '—';
  const n = (k) => stats[k] ?? 0;
  return `parsed ${n('filesParsed')}, summaries ${n('summariesComputed')}, cache hits ${n('cacheHits')}, facts ${n('factsComputed')}, skipped ${n('filesSkipped')}, index builds ${n('programIndexBuilds')}, internal errors ${n('internalErrors')}`;
}

/**
 * The printed table of one application.
 * @param {{ name: string, what: string, lang: string, cwd: string, revision?: string | null }} corpus
 * @param {ReturnType<typeof appRows>} rows
 * @param {{ repeat: number, budget?: typeof APP_BUDGET }} info
 * @returns {string[]}
 */
export function formatAppTable(corpus, rows, { repeat, budget = APP_BUDGET }) {
  const files = rows.find((r) => !r.error)?.files ?? 0;
  const lines = [];
  lines.push(
    `\n### application ${corpus.name}${corpus.lang === 'py' ? ' (Python)' : ''} — ${corpus.what}; ${files} files` +
      `${corpus.revision ? `; checkout ${corpus.revision}` : ''}; median of ${repeat} interleaved run${repeat === 1 ? '' : 's'}`,
  );
  lines.push(`budget: all rules ≤ ${budget.wall.toFixed(2)} × parse-only wall time and ≤ ${budget.rss.toFixed(2)} × its peak RSS`);
  const head = [
    pad('mode', 26, true),
    pad('wall s', 8),
    pad('cpu s', 8),
    pad('peak MiB', 9),
    pad('wall ×', 7),
    pad('cpu ×', 7),
    pad('RSS ×', 7),
    pad('problems', 9),
    pad('fatal', 6),
    '  verdict',
  ].join(' ');
  lines.push(head, '-'.repeat(head.length));
  for (const r of rows) {
    if (r.error) {
      lines.push(`${pad(r.mode, 26, true)} n/a: ${r.error}`);
      continue;
    }
    lines.push(
      [
        pad(r.mode, 26, true),
        pad(secs(r.wallMs), 8),
        pad(secs(r.cpuMs), 8),
        pad(Number.isFinite(r.rssMiB) ? r.rssMiB.toFixed(0) : '—', 9),
        pad(times(r.wallRatio), 7),
        pad(times(r.cpuRatio), 7),
        pad(times(r.rssRatio), 7),
        pad(r.problems, 9),
        pad(r.fatal, 6),
        `  ${r.verdict ?? '—'}`,
      ].join(' '),
    );
  }
  if (rows.some((r) => r.mode.endsWith(CONTEXT_FIX_MARK))) {
    lines.push(
      `${CONTEXT_FIX_MARK.trim()} a diagnostic, not what users run: each rule context gets its own copy of ESLint's file context instead of`,
      '  a per-file prototype, which keeps every file\'s AST alive into the old generation (scripts/bench/eslint-context.mjs)',
    );
  }
  lines.push('work counters of the last run of each mode (src/util/stats.ts):');
  for (const r of rows) if (!r.error && r.mode !== 'parse-only') lines.push(`  ${r.mode}: ${formatCounters(r.stats)}`);
  return lines;
}
