#!/usr/bin/env node
// npm run bench — what the plugin's rules cost, as ratios against ESLint's own parse-only run on the
// same files with the same parser, each mode measured in a fresh child process (no shared caches).
//
//   node scripts/bench.mjs [--only js|py|synthetic|apps|editor] [--sizes 1000,10000] [--repeat N] [--per-rule]
//                          [--corpus DIR]… [--timeout SECONDS per mode, default 240] [--concurrency off|N|auto]
//                          [--eslint-context-fix]
// --eslint-context-fix adds application rows run without ESLint's per-file rule-context prototype
// (scripts/bench/eslint-context.mjs): what the rules cost apart from ESLint's cost of running any rule.
// --concurrency is passed to ESLint (worker threads; each loads the plugin and has its own caches, so the
// work counters printed, which come from the main thread, are then 0).
//
// The 50,000-module synthetic size is opt-in (--sizes 1000,10000,50000): its parse-only run alone takes
// about a minute here, and every mode is run in its own process. A mode that exceeds --timeout is
// printed as "timed out" (that is itself the finding: a superlinear rule).
//
// Corpora (downloaded on first use into bench/.corpus/, which git ignores):
//   js         pinned npm packages unpacked with `npm pack` (no dependencies, no scripts run)
//   synthetic  a generated project of N modules (ESM/CJS/TS, import chains, an APM entry, timers, fetch)
//   py         this machine's CPython Lib/ and Debian's python3-django (only when the plugin has its
//              Python language)
//   apps       real applications, checkouts named by environment variables (PATCH_ORDER_BENCH_OUTLINE,
//              PATCH_ORDER_BENCH_LANGFUSE, PATCH_ORDER_BENCH_NOVU, PATCH_ORDER_BENCH_PYAPP, PATCH_ORDER_BENCH_APPS=
//              name=DIR,…; scripts/bench/apps.mjs), linted with the folders and settings of their own builds:
//              parse-only and all rules (each rule alone with --per-rule), interleaved round by round, with wall
//              time, CPU time and peak RSS ratios and PASS/OVER against the application budget (all rules ≤ 1.10 ×
//              parse-only wall time, ≤ 1.15 × its peak RSS). An unset variable is skipped with a note.
// --corpus DIR lints any checkout instead (JS/TS files, and .py files when the language exists).
// --only editor runs scripts/bench/editor.mjs instead: single-file lint latency and memory in the language
// server after warm-up, on a generated 2,500-file application (its own options: run that script directly).
// Budgets (real corpora): no-import-before-patch ≤ 1.15 × parse-only, the other rules ≤ 1.05.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appCorpora, appModes, appRows, appsFromEnv, formatAppTable } from './bench/apps.mjs';
import { parseBenchArgs, USAGE } from './bench/args.mjs';
import { fetchDebianPackage, fetchNpmPackage, JS_FILE_RE, listFiles, PY_FILE_RE, pythonStdlib } from './bench/corpus.mjs';
import { loadPlugin, NOOP, ruleIds, rulesFor } from './bench/plugin-config.mjs';
import { generateSynthetic } from './bench/synthetic.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist', 'src');
const CORPUS_ROOT = path.join(ROOT, 'bench', '.corpus');
const CHILD = path.join(ROOT, 'scripts', 'bench', 'child.mjs');

/** Real JS/TS corpora: exact versions, and the folders of each package that hold its own sources. */
export const JS_CORPORA = [
  { spec: 'rxjs@7.8.2', dirs: ['src'], what: 'TypeScript sources (src/)' },
  { spec: 'webpack@5.97.1', dirs: ['lib'], what: 'CommonJS (lib/)' },
  // examples/jsm/libs/ holds vendored minified bundles (draco, ammo, lottie): not source, skipped.
  { spec: 'three@0.170.0', dirs: ['src', 'examples/jsm'], skip: /^(libs|node_modules)$/, what: 'ESM (src/, examples/jsm/ without libs/)' },
];
export const DEBIAN_PY = [{ pkg: 'python3-django', sub: 'root/usr/lib/python3/dist-packages' }];

export const BUDGETS = {
  'no-import-before-patch': 1.15,
  'no-swallowed-cancellation': 1.05,
  'no-spawn-before-fork': 1.05,
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function runChild(spec, tmp, timeoutSec) {
  const specFile = path.join(tmp, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', CHILD, specFile], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    cwd: ROOT,
    timeout: timeoutSec * 1000,
    killSignal: 'SIGKILL',
  });
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL') return { error: `timed out after ${timeoutSec} s (raise --timeout)` };
  const line = (r.stdout || '').trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { error: `child failed (exit ${r.status}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}` };
  }
}

function childSpec(corpus, mode, opts) {
  return {
    cwd: corpus.cwd,
    files: corpus.files,
    lang: corpus.lang,
    rules: mode.rules,
    dist: DIST,
    concurrency: opts.concurrency,
    extraConfigs: corpus.extraConfigs ?? [],
    ...(mode.contextFix ? { eslintContextFix: true } : {}),
  };
}

/** A real application: parse-only, the no-op rule and all rules (each rule alone with --per-rule), interleaved round by round. */
function measureApp(corpus, plugin, opts, tmp) {
  const modes = appModes(rulesFor(corpus.lang, plugin), opts.perRule, NOOP, opts.eslintContextFix);
  const runs = new Map(modes.map((m) => [m.name, []]));
  for (let rep = 0; rep < opts.repeat; rep++) {
    for (const mode of modes) {
      process.stderr.write(`  ${corpus.name}: ${mode.name} (round ${rep + 1}/${opts.repeat}) …\n`);
      runs.get(mode.name).push(runChild(childSpec(corpus, mode, opts), tmp, opts.timeout));
    }
  }
  return appRows(modes, runs);
}

/** The checkout's commit, when it is a git work tree. */
function revisionOf(dir) {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', '--short=8', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function pad(s, n, right = false) {
  s = String(s);
  return right ? s.padEnd(n) : s.padStart(n);
}

function fmtMs(ms) {
  return Number.isFinite(ms) ? ms.toFixed(0) : '—';
}

function measureCorpus(corpus, plugin, opts, tmp, budgets) {
  const langRules = rulesFor(corpus.lang, plugin);
  const modes = [
    { name: 'parse-only', rules: [] },
    { name: 'no-op rule', rules: [NOOP] },
    ...langRules.map((id) => ({ name: id, rules: [id] })),
  ];
  if (langRules.length > 1) modes.push({ name: 'all rules', rules: langRules });
  const runs = new Map(modes.map((m) => [m.name, []]));
  for (let rep = 0; rep < opts.repeat; rep++) {
    for (const mode of modes) {
      process.stderr.write(`  ${corpus.name}: ${mode.name} (run ${rep + 1}/${opts.repeat}) …\n`);
      runs.get(mode.name).push(runChild(childSpec(corpus, mode, opts), tmp, opts.timeout));
    }
  }
  const rows = [];
  // Ratios use CPU time (user + system of the child): on a shared machine wall time mostly measures
  // the neighbours. Wall time is still printed.
  const base = median(runs.get('parse-only').filter((r) => !r.error).map((r) => r.cpuMs));
  const noop = median(runs.get('no-op rule').filter((r) => !r.error).map((r) => r.cpuMs));
  for (const mode of modes) {
    const rs = runs.get(mode.name);
    const ok = rs.filter((r) => !r.error);
    const last = ok.at(-1) ?? rs.at(-1);
    const lintMs = median(ok.map((r) => r.lintMs));
    const cpuMs = median(ok.map((r) => r.cpuMs));
    const ratio = mode.name === 'parse-only' ? 1 : cpuMs / base;
    // Over the no-op rule: what the plugin's code adds beyond ESLint's own cost of running any rule.
    const ratioNoop = mode.rules.length && mode.rules[0] !== NOOP ? cpuMs / noop : null;
    let budget = null;
    if (budgets) {
      if (mode.rules.length === 1) budget = BUDGETS[mode.rules[0]] ?? null;
      else if (mode.rules.length > 1) {
        const known = mode.rules.map((id) => BUDGETS[id]).filter(Boolean);
        budget = known.length ? 1 + known.reduce((s, b) => s + (b - 1), 0) : null;
      }
    }
    rows.push({
      mode: mode.name,
      error: ok.length ? undefined : last?.error,
      lintMs,
      cpuMs,
      ratio,
      ratioNoop,
      budget,
      msPerFile: cpuMs / (last?.files || NaN),
      rssMiB: median(ok.map((r) => r.maxRssMiB)),
      files: last?.files ?? 0,
      problems: last?.problems ?? 0,
      fatal: last?.fatal ?? 0,
      parseMs: last?.parseMs,
      ruleMs: mode.rules.reduce((s, id) => s + (last?.rulesMs?.[`patch-order/${id}`] ?? 0), 0),
      stats: last?.stats,
    });
  }
  return rows;
}

function printTable(corpus, rows, showBudget) {
  const files = rows[0]?.files ?? 0;
  console.log(`\n### ${corpus.name} — ${corpus.what}; ${files} files linted${corpus.lang === 'py' ? ' (Python)' : ''}`);
  const head = [
    pad('mode', 26, true),
    pad('lint ms', 9),
    pad('cpu ms', 9),
    pad('ratio', 6),
    pad('vs no-op', 8),
    showBudget ? pad('budget', 10) : pad('ms/module', 10),
    pad('RSS MiB', 8),
    pad('problems', 9),
    pad('fatal', 6),
    pad('rule ms*', 9),
    '  counters (filesParsed/summariesComputed/cacheHits/factsComputed/filesSkipped)',
  ].join(' ');
  console.log(head);
  console.log('-'.repeat(head.length));
  for (const r of rows) {
    if (r.error) {
      console.log(`${pad(r.mode, 26, true)} n/a: ${r.error}`);
      continue;
    }
    const verdict = r.budget ? `≤${r.budget.toFixed(2)} ${r.ratio <= r.budget ? 'ok' : 'OVER'}` : '—';
    const s = r.stats;
    const counters = s ? `${s.filesParsed}/${s.summariesComputed}/${s.cacheHits}/${s.factsComputed}/${s.filesSkipped}` : '—';
    console.log(
      [
        pad(r.mode, 26, true),
        pad(fmtMs(r.lintMs), 9),
        pad(fmtMs(r.cpuMs), 9),
        pad(r.ratio.toFixed(3), 6),
        pad(r.ratioNoop == null ? '—' : r.ratioNoop.toFixed(3), 8),
        showBudget ? pad(verdict, 10) : pad(r.msPerFile.toFixed(3), 10),
        pad(r.rssMiB.toFixed(0), 8),
        pad(r.problems, 9),
        pad(r.fatal, 6),
        pad(r.mode === 'parse-only' ? `p ${fmtMs(r.parseMs)}` : fmtMs(r.ruleMs), 9),
        `  ${counters}`,
      ].join(' '),
    );
  }
}

async function main() {
  const opts = parseBenchArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  if (opts.only === 'editor') return (await import('./bench/editor.mjs')).runEditorBench();
  if (!existsSync(path.join(DIST, 'index.js'))) throw new Error('dist/src/index.js is missing: run `npm run build` first');
  const { plugin, python } = await loadPlugin(DIST);
  const rules = ruleIds(plugin);
  const eslintVersion = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'eslint', 'package.json'), 'utf8')).version;
  console.log(`# patch-order bench — ${new Date().toISOString()}`);
  console.log(
    `node ${process.version}, eslint ${eslintVersion}, ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
      `rules: ${rules.length ? rules.join(', ') : '(none registered: baseline only)'}; Python language: ${python ? 'yes' : 'no'}; repeat ${opts.repeat} (median); concurrency ${opts.concurrency}`,
  );
  console.log('lint ms = ESLint lintFiles() wall time in a fresh process; cpu ms = its CPU time; ratio = cpu ms / parse-only cpu ms;');
  console.log('rule ms* = the rule\'s own time from ESLint --stats (blames shared work on whoever pays first); parse-only shows summed parse ms.');
  console.log('vs no-op = cpu ms / cpu ms with a rule that only listens for the end of each file: ESLint\'s cost of running any rule is');
  console.log('  in the ratio but not in "vs no-op", which is what the plugin\'s own code adds.');

  mkdirSync(CORPUS_ROOT, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'patch-order-bench-'));
  const corpora = [];
  try {
    if (opts.corpus.length) {
      for (const dir of opts.corpus) {
        const js = listFiles(dir, JS_FILE_RE).filter((f) => !f.endsWith('.d.ts'));
        if (js.length) corpora.push({ name: path.basename(dir), what: dir, cwd: dir, lang: 'js', files: js, real: true });
        const py = listFiles(dir, PY_FILE_RE);
        if (py.length && python) corpora.push({ name: `${path.basename(dir)} (py)`, what: dir, cwd: dir, lang: 'py', files: py, real: true });
        else if (py.length) console.log(`note: ${py.length} .py files in ${dir} skipped: the Python language is not built yet`);
      }
    } else {
      if (!opts.only || opts.only === 'js') {
        for (const c of JS_CORPORA) {
          const dir = fetchNpmPackage(path.join(CORPUS_ROOT, 'npm'), c.spec);
          const files = c.dirs.flatMap((d) => listFiles(path.join(dir, d), JS_FILE_RE, c.skip)).filter((f) => !f.endsWith('.d.ts'));
          corpora.push({ name: c.spec, what: c.what, cwd: dir, lang: 'js', files, real: true });
        }
      }
      if (!opts.only || opts.only === 'synthetic') {
        for (const n of opts.sizes) {
          process.stderr.write(`generating synthetic project of ${n} modules …\n`);
          const { dir, files } = generateSynthetic(path.join(CORPUS_ROOT, `synthetic-${n}`), n, 1);
          corpora.push({
            name: `synthetic-${n}`,
            what: `generated, ${n} modules + 3 entries`,
            cwd: dir,
            lang: 'js',
            files: files.map((f) => path.join(dir, f)),
            real: false,
          });
        }
      }
      if (!opts.only || opts.only === 'apps') {
        const { apps, notes } = appsFromEnv(process.env);
        for (const note of notes) console.log(`note: ${note}`);
        for (const app of apps) {
          const revision = revisionOf(app.dir);
          for (const c of appCorpora(app)) {
            if (c.lang === 'py' && !python) {
              console.log(`note: ${c.name}: Python application skipped: the plugin has no Python language in this build`);
              continue;
            }
            corpora.push({ ...c, revision, real: true });
          }
        }
      }
      if (!opts.only || opts.only === 'py') {
        if (!python) {
          console.log('\nnote: Python corpora skipped: the plugin has no Python language in this build (src/lang/python/language.ts).');
        } else {
          const stdlib = pythonStdlib();
          if (stdlib) {
            const files = listFiles(stdlib, PY_FILE_RE, /^(site-packages|dist-packages|__pycache__|node_modules)$/);
            corpora.push({ name: 'cpython-stdlib', what: stdlib.replace(os.homedir(), '~'), cwd: stdlib, lang: 'py', files, real: true });
          } else console.log('note: python3 not found: CPython stdlib corpus skipped');
          for (const d of DEBIAN_PY) {
            const dir = fetchDebianPackage(path.join(CORPUS_ROOT, 'deb'), d.pkg);
            if (!dir) continue;
            const root = path.join(dir, d.sub);
            corpora.push({ name: d.pkg, what: `Debian package, ${d.sub}`, cwd: root, lang: 'py', files: listFiles(root, PY_FILE_RE), real: true });
          }
        }
      }
    }
    const summary = [];
    for (const corpus of corpora) {
      if (corpus.files.length === 0) {
        console.log(`\nnote: ${corpus.name}: no files to lint`);
        continue;
      }
      if (corpus.app) {
        const rows = measureApp(corpus, plugin, opts, tmp);
        for (const line of formatAppTable(corpus, rows, { repeat: opts.repeat })) console.log(line);
        summary.push({ corpus: corpus.name, lang: corpus.lang, real: true, app: true, revision: corpus.revision, rows });
        continue;
      }
      const rows = measureCorpus(corpus, plugin, opts, tmp, corpus.real);
      printTable(corpus, rows, corpus.real);
      summary.push({ corpus: corpus.name, lang: corpus.lang, real: corpus.real, rows });
    }
    const synth = summary.filter((s) => !s.real);
    if (synth.length > 1) {
      console.log('\n### synthetic growth (ms per module; flat = linear growth)');
      const modes = synth[0].rows.map((r) => r.mode);
      console.log([pad('mode', 26, true), ...synth.map((s) => pad(s.corpus.replace('synthetic-', 'n='), 10))].join(' '));
      for (const m of modes) {
        console.log(
          [pad(m, 26, true), ...synth.map((s) => pad(s.rows.find((r) => r.mode === m)?.msPerFile?.toFixed(3) ?? '—', 10))].join(' '),
        );
      }
    }
    const over = summary.flatMap((s) =>
      s.app
        ? s.rows.filter((r) => r.verdict && r.verdict !== 'PASS').map((r) => `application ${s.corpus}: ${r.mode} ${r.verdict}`)
        : s.rows.filter((r) => s.real && r.budget && r.ratio > r.budget).map((r) => `${s.corpus}: ${r.mode} ${r.ratio.toFixed(3)} > ${r.budget}`),
    );
    console.log(`\nbudgets: ${over.length ? `OVER — ${over.join('; ')}` : 'all within budget (or no rules registered)'}`);
    writeFileSync(path.join(CORPUS_ROOT, 'last-bench.json'), JSON.stringify({ date: new Date().toISOString(), summary }, null, 2));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exit(2);
});
