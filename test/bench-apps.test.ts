/**
 * `npm run bench` on real applications (scripts/bench/apps.mjs, scripts/bench/args.mjs): which checkouts the
 * environment names, which files and settings each one is linted with, how the interleaved runs become ratios
 * and a PASS/OVER verdict, and how the rows print. No timing is measured here: the runs are given.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_BUDGET,
  APP_PRESETS,
  appCorpora,
  appModes,
  appRows,
  appsFromEnv,
  expandDir,
  formatAppTable,
  formatCounters,
  verdict,
  type ChildResult,
} from '../scripts/bench/apps.mjs';
import { parseBenchArgs } from '../scripts/bench/args.mjs';

describe('bench arguments', () => {
  it('defaults: every corpus, one run, no per-rule application rows', () => {
    expect(parseBenchArgs([], '/w')).toEqual({
      only: null,
      sizes: [1000, 10000],
      repeat: 1,
      perRule: false,
      corpus: [],
      timeout: 240,
      concurrency: 'off',
      eslintContextFix: false,
      help: false,
    });
  });

  it('reads --only apps, --repeat N (both spellings), --per-rule, --sizes with k, and resolves --corpus against cwd', () => {
    expect(parseBenchArgs(['--only', 'apps', '--repeat=3', '--per-rule', '--sizes', '1k,50k', '--corpus', 'co', '--timeout=600', '--concurrency', '2'], '/w')).toEqual({
      only: 'apps',
      sizes: [1000, 50000],
      repeat: 3,
      perRule: true,
      corpus: [path.resolve('/w', 'co')],
      timeout: 600,
      concurrency: '2',
      eslintContextFix: false,
      help: false,
    });
    expect(parseBenchArgs(['--only', 'apps', '--eslint-context-fix'], '/w').eslintContextFix).toBe(true);
    expect(parseBenchArgs(['--repeat', '5'], '/w').repeat).toBe(5);
    expect(parseBenchArgs(['-h'], '/w').help).toBe(true);
  });

  it('rejects what it cannot use, naming the argument', () => {
    expect(() => parseBenchArgs(['--only', 'apps2'])).toThrow('--only must be one of js, py, synthetic, apps, editor');
    expect(() => parseBenchArgs(['--repeat', '0'])).toThrow('--repeat takes a positive integer');
    expect(() => parseBenchArgs(['--repeat', '1.5'])).toThrow('--repeat takes a positive integer');
    expect(() => parseBenchArgs(['--repeat'])).toThrow('--repeat needs a value');
    expect(() => parseBenchArgs(['--repeat='])).toThrow('--repeat needs a value');
    expect(() => parseBenchArgs(['--sizes', '10,x'])).toThrow('--sizes takes positive integers');
    expect(() => parseBenchArgs(['--concurrency', 'many'])).toThrow('--concurrency takes off, auto or a positive integer');
    expect(() => parseBenchArgs(['--timeout', '-1'])).toThrow('--timeout takes a positive number of seconds');
    // The replacement is made in the child's main thread; ESLint's worker threads would each need it.
    expect(() => parseBenchArgs(['--eslint-context-fix', '--concurrency', '2'])).toThrow('--eslint-context-fix runs without --concurrency');
    expect(() => parseBenchArgs(['--repeats', '3'])).toThrow('unknown argument --repeats');
    // A prefix is not the option (the old parser took "--only-x" for "--only").
    expect(() => parseBenchArgs(['--onlyjs'])).toThrow('unknown argument --onlyjs');
  });
});

describe('applications from the environment', () => {
  const dirs = new Set(['/apps/outline', '/apps/langfuse', '/apps/novu', '/py/designate', '/apps/x', '/w/rel']);
  const isDir = (p: string) => dirs.has(p);

  it('no variable: no application, and one note per preset naming the variable to set', () => {
    const { apps, notes } = appsFromEnv({}, { isDir });
    expect(apps).toEqual([]);
    expect(notes).toEqual([
      'outline skipped: set PATCH_ORDER_BENCH_OUTLINE=<checkout of outline/outline> to measure it',
      'langfuse skipped: set PATCH_ORDER_BENCH_LANGFUSE=<checkout of langfuse/langfuse> to measure it',
      'novu skipped: set PATCH_ORDER_BENCH_NOVU=<checkout of novuhq/novu> to measure it',
      'Python application skipped: set PATCH_ORDER_BENCH_PYAPP=<checkout of a Python application> to measure it',
    ]);
  });

  it('each preset lints its server folders with the emitter its build implies', () => {
    const { apps, notes } = appsFromEnv(
      {
        PATCH_ORDER_BENCH_OUTLINE: '/apps/outline',
        PATCH_ORDER_BENCH_LANGFUSE: '/apps/langfuse',
        PATCH_ORDER_BENCH_NOVU: '/apps/novu',
        PATCH_ORDER_BENCH_PYAPP: '/py/designate',
      },
      { isDir },
    );
    expect(notes).toEqual([]);
    expect(apps.map((a) => [a.name, a.dir, a.lang, a.groups])).toEqual([
      ['outline', '/apps/outline', 'js', [{ dirs: ['server', 'plugins/*/server'], settings: { emitter: 'swc' } }]],
      [
        'langfuse',
        '/apps/langfuse',
        'js',
        [
          { dirs: ['worker/src', 'packages/shared/src'], settings: { emitter: 'tsc' } },
          { dirs: ['web/src/server'], settings: { emitter: 'swc' } },
        ],
      ],
      [
        'novu',
        '/apps/novu',
        'js',
        [
          { dirs: ['apps/api/src', 'apps/worker/src', 'apps/ws/src', 'apps/webhook/src'], settings: { emitter: 'swc' } },
          { dirs: ['apps/inbound-mail/src', 'libs/application-generic/src', 'libs/dal/src'], settings: { emitter: 'tsc' } },
        ],
      ],
      // The Python application is named after its folder.
      ['designate', '/py/designate', 'py', [{ dirs: ['.'], settings: {} }]],
    ]);
  });

  it('PATCH_ORDER_BENCH_APPS: name=DIR pairs, relative to cwd, both languages, default settings', () => {
    const { apps } = appsFromEnv({ PATCH_ORDER_BENCH_APPS: ' x=/apps/x , r=rel,' }, { isDir, cwd: '/w' });
    expect(apps.map((a) => [a.name, a.dir, a.lang, a.groups, a.env])).toEqual([
      ['x', '/apps/x', 'auto', [{ dirs: ['.'], settings: {} }], 'PATCH_ORDER_BENCH_APPS'],
      ['r', '/w/rel', 'auto', [{ dirs: ['.'], settings: {} }], 'PATCH_ORDER_BENCH_APPS'],
    ]);
  });

  it('a bad value fails the run with a message naming the variable (not a silent skip)', () => {
    expect(() => appsFromEnv({ PATCH_ORDER_BENCH_OUTLINE: '/apps/missing' }, { isDir })).toThrow(
      'PATCH_ORDER_BENCH_OUTLINE=/apps/missing: not a directory',
    );
    expect(() => appsFromEnv({ PATCH_ORDER_BENCH_APPS: '/apps/x' }, { isDir })).toThrow('PATCH_ORDER_BENCH_APPS: "/apps/x" is not name=DIR');
    expect(() => appsFromEnv({ PATCH_ORDER_BENCH_APPS: 'x=' }, { isDir })).toThrow('PATCH_ORDER_BENCH_APPS: "x=" is not name=DIR');
    expect(() => appsFromEnv({ PATCH_ORDER_BENCH_APPS: 'a b=/apps/x' }, { isDir })).toThrow('is not name=DIR');
    expect(() => appsFromEnv({ PATCH_ORDER_BENCH_APPS: 'x=/apps/x,x=/apps/novu' }, { isDir })).toThrow('the name "x" is used twice');
    expect(() => appsFromEnv({ PATCH_ORDER_BENCH_APPS: 'y=/apps/nope' }, { isDir })).toThrow('PATCH_ORDER_BENCH_APPS (y)=/apps/nope: not a directory');
  });

  it('an empty variable counts as unset', () => {
    expect(appsFromEnv({ PATCH_ORDER_BENCH_OUTLINE: '  ' }, { isDir }).apps).toEqual([]);
  });
});

describe('the files and settings of an application', () => {
  let root: string;
  const write = (rel: string, text = 'export {};\n') => {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  };
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'bench-apps-'));
    write('server/index.ts');
    write('server/routes/api.tsx');
    write('server/typings/env.d.ts'); // declarations only: not linted by the bench
    write('server/node_modules/dep/index.js'); // a dependency
    write('server/dist/index.js'); // build output
    write('plugins/slack/server/hook.ts');
    write('plugins/slack/client/view.tsx'); // front end: not in the preset
    write('plugins/github/server/index.js');
    write('plugins/README.md');
    write('shared/util.ts'); // loaded by the server, read as a dependency, not linted
    write('tools/job.py', 'import os\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('expands a * folder to the existing folders, sorted, without build output or dependencies', () => {
    write('plugins/node_modules/server/x.ts');
    expect(expandDir(root, 'plugins/*/server')).toEqual([path.join(root, 'plugins/github/server'), path.join(root, 'plugins/slack/server')]);
    expect(expandDir(root, 'missing/*/server')).toEqual([]);
    expect(expandDir(root, '.')).toEqual([root]);
  });

  it('the Outline preset: server/ and plugins/*/server/, .d.ts and node_modules/dist left out, emitter swc by glob', () => {
    const outline = APP_PRESETS.find((p) => p.name === 'outline')!;
    const corpora = appCorpora({ name: 'outline', dir: root, lang: 'js', what: outline.what, groups: outline.groups, env: outline.env });
    expect(corpora).toHaveLength(1);
    const [c] = corpora;
    expect(c!.files.map((f) => path.relative(root, f))).toEqual([
      'server/index.ts',
      'server/routes/api.tsx',
      'plugins/github/server/index.js',
      'plugins/slack/server/hook.ts',
    ]);
    expect(c!.extraConfigs).toEqual([{ files: ['server/**/*', 'plugins/*/server/**/*'], settings: { 'patch-order': { emitter: 'swc' } } }]);
    expect([c!.name, c!.lang, c!.cwd, c!.app]).toEqual(['outline', 'js', root, true]);
  });

  it('a generic application: one corpus per language it has, the Python one marked (py), no settings', () => {
    const corpora = appCorpora({ name: 'mix', dir: root, lang: 'auto', what: 'all', groups: [{ dirs: ['.'], settings: {} }], env: 'PATCH_ORDER_BENCH_APPS' });
    expect(corpora.map((c) => [c.name, c.lang, c.files.length, c.extraConfigs])).toEqual([
      ['mix', 'js', 6, []],
      ['mix (py)', 'py', 1, []],
    ]);
    const onlyPy = appCorpora({ name: 'p', dir: path.join(root, 'tools'), lang: 'auto', what: 'all', groups: [{ dirs: ['.'], settings: {} }], env: 'PATCH_ORDER_BENCH_APPS' });
    expect(onlyPy.map((c) => [c.name, c.lang, c.files.map((f) => path.basename(f))])).toEqual([['p (py)', 'py', ['job.py']]]);
  });
});

describe('modes, ratios and verdicts', () => {
  const rules = ['no-import-before-patch', 'no-spawn-before-fork', 'no-swallowed-cancellation'];

  it('parse-only and all rules; each rule alone only when asked', () => {
    expect(appModes(rules, false)).toEqual([
      { name: 'parse-only', rules: [] },
      { name: 'all rules', rules, budget: true },
    ]);
    expect(appModes(rules, true).map((m) => m.name)).toEqual(['parse-only', 'all rules', ...rules]);
    expect(appModes([], true)).toEqual([{ name: 'parse-only', rules: [] }]);
  });

  it('with the no-op rule: measured right after parse-only, never budgeted', () => {
    expect(appModes(rules, false, '__noop')).toEqual([
      { name: 'parse-only', rules: [] },
      { name: 'no-op rule', rules: ['__noop'] },
      { name: 'all rules', rules, budget: true },
    ]);
  });

  it('with --eslint-context-fix: the no-op rule and all rules again, marked, last, never budgeted', () => {
    expect(appModes(rules, true, '__noop', true)).toEqual([
      { name: 'parse-only', rules: [] },
      { name: 'no-op rule', rules: ['__noop'] },
      { name: 'all rules', rules, budget: true },
      ...rules.map((id) => ({ name: id, rules: [id] })),
      { name: 'no-op rule †', rules: ['__noop'], contextFix: true },
      { name: 'all rules †', rules, contextFix: true },
    ]);
    expect(appModes(rules, false, null, true).map((m) => m.name)).toEqual(['parse-only', 'all rules', 'all rules †']);
    expect(appModes([], false, '__noop', true)).toEqual([{ name: 'parse-only', rules: [] }]);
  });

  const run = (lintMs: number, cpuMs: number, maxRssMiB: number, extra: Partial<ChildResult> = {}): ChildResult => ({
    lintMs,
    cpuMs,
    maxRssMiB,
    files: 1265,
    problems: 0,
    fatal: 0,
    ...extra,
  });

  it('a ratio is the median over rounds of (mode in round k) / (parse-only in round k)', () => {
    const modes = appModes(rules, false);
    const runs = new Map<string, ChildResult[]>([
      // Round 2 ran while a neighbour was busy: both modes slow, the ratio of that round stays sensible.
      ['parse-only', [run(10_000, 9_000, 500), run(20_000, 18_000, 500), run(10_000, 9_000, 520)]],
      ['all rules', [run(10_500, 9_900, 540, { stats: { filesParsed: 12, summariesComputed: 40 } }), run(23_000, 19_800, 560), run(11_200, 9_450, 572, { problems: 1, stats: { filesParsed: 12, summariesComputed: 41, programIndexBuilds: 1 } })]],
    ]);
    const [base, all] = appRows(modes, runs);
    expect(base).toMatchObject({ mode: 'parse-only', runs: 3, wallMs: 10_000, cpuMs: 9_000, rssMiB: 500, wallRatio: 1, cpuRatio: 1, rssRatio: 1, verdict: null });
    // wall: 1.05, 1.15, 1.12 → 1.12; cpu: 1.10, 1.10, 1.05 → 1.10; RSS: 1.08, 1.12, 1.10 → 1.10
    expect(all!.wallRatio).toBeCloseTo(1.12, 10);
    expect(all!.cpuRatio).toBeCloseTo(1.1, 10);
    expect(all!.rssRatio).toBeCloseTo(1.1, 10);
    expect(all).toMatchObject({ wallMs: 11_200, cpuMs: 9_900, rssMiB: 560, files: 1265, problems: 1 });
    // The counters are the last run's.
    expect(all!.stats).toEqual({ filesParsed: 12, summariesComputed: 41, programIndexBuilds: 1 });
    expect(all!.verdict).toBe('OVER (wall 1.12 > 1.10)');
  });

  it('a failed run drops out of its round; a mode with no good run is an error row', () => {
    const modes = appModes(rules, true);
    const runs = new Map<string, ChildResult[]>([
      ['parse-only', [run(10_000, 9_000, 500), { error: 'timed out after 240 s (raise --timeout)' }]],
      ['all rules', [run(10_800, 9_500, 560), run(10_000, 9_000, 500)]],
      ['no-import-before-patch', [{ error: 'child failed (exit 1): boom' }, { error: 'child failed (exit 1): boom' }]],
      ['no-spawn-before-fork', [run(10_100, 9_100, 501), run(10_100, 9_100, 501)]],
    ]);
    const rows = appRows(modes, runs);
    // Round 2 of all rules has no parse-only to compare with: only round 1 counts (1.08, 1.12).
    expect(rows[1]).toMatchObject({ mode: 'all rules', verdict: 'PASS' });
    expect(rows[1]!.wallRatio).toBeCloseTo(1.08, 10);
    expect(rows[1]!.rssRatio).toBeCloseTo(1.12, 10);
    expect(rows[2]).toEqual({ mode: 'no-import-before-patch', error: 'child failed (exit 1): boom' });
    expect(rows[3]).toMatchObject({ mode: 'no-spawn-before-fork', verdict: null });
    expect(rows[4]).toEqual({ mode: 'no-swallowed-cancellation', error: 'no run' });
  });

  it('the budget is inclusive, both measures are named when over, n/a without a baseline', () => {
    expect(APP_BUDGET).toEqual({ wall: 1.1, rss: 1.15 });
    expect(verdict({ wallRatio: 1.1, rssRatio: 1.15 })).toBe('PASS');
    expect(verdict({ wallRatio: 1.38, rssRatio: 1.57 })).toBe('OVER (wall 1.38 > 1.10; RSS 1.57 > 1.15)');
    expect(verdict({ wallRatio: 1.0, rssRatio: 1.16 })).toBe('OVER (RSS 1.16 > 1.15)');
    expect(verdict({ wallRatio: NaN, rssRatio: 1 })).toBe('n/a');
  });
});

describe('printed rows', () => {
  it('one line per mode with seconds, MiB, ratios and the verdict, then the work counters', () => {
    const rows = [
      { mode: 'parse-only', runs: 3, wallMs: 19_600, cpuMs: 21_040, rssMiB: 493.4, wallRatio: 1, cpuRatio: 1, rssRatio: 1, files: 1265, problems: 0, fatal: 0, stats: null, verdict: null },
      {
        mode: 'all rules',
        runs: 3,
        wallMs: 27_800,
        cpuMs: 29_960,
        rssMiB: 776,
        wallRatio: 1.4183,
        cpuRatio: 1.4236,
        rssRatio: 1.5727,
        files: 1265,
        problems: 2,
        fatal: 0,
        stats: { filesParsed: 310, summariesComputed: 1575, cacheHits: 9000, factsComputed: 400, filesSkipped: 1, programIndexBuilds: 1, internalErrors: 0 },
        verdict: 'OVER (wall 1.42 > 1.10; RSS 1.57 > 1.15)',
      },
      { mode: 'no-spawn-before-fork', error: 'timed out after 240 s (raise --timeout)' },
    ];
    const lines = formatAppTable({ name: 'outline', what: 'server/', lang: 'js', cwd: '/apps/outline', revision: 'd77dcdf8' }, rows, { repeat: 3 });
    expect(lines).toEqual([
      '\n### application outline — server/; 1265 files; checkout d77dcdf8; median of 3 interleaved runs',
      'budget: all rules ≤ 1.10 × parse-only wall time and ≤ 1.15 × its peak RSS',
      'mode                         wall s    cpu s  peak MiB  wall ×   cpu ×   RSS ×  problems  fatal   verdict',
      '-'.repeat(105),
      'parse-only                     19.6     21.0       493   1.000   1.000   1.000         0      0   —',
      'all rules                      27.8     30.0       776   1.418   1.424   1.573         2      0   OVER (wall 1.42 > 1.10; RSS 1.57 > 1.15)',
      'no-spawn-before-fork       n/a: timed out after 240 s (raise --timeout)',
      'work counters of the last run of each mode (src/util/stats.ts):',
      '  all rules: parsed 310, summaries 1575, cache hits 9000, facts 400, skipped 1, index builds 1, internal errors 0',
    ]);
  });

  it('rows run without ESLint\'s per-file rule-context cost are explained under the table', () => {
    const row = (mode: string, wallRatio: number) => ({ mode, runs: 1, wallMs: 1000, cpuMs: 1000, rssMiB: 400, wallRatio, cpuRatio: wallRatio, rssRatio: 1, files: 3, problems: 0, fatal: 0, stats: null, verdict: null });
    const lines = formatAppTable({ name: 'novu', what: 'apps/', lang: 'js', cwd: '/apps/novu' }, [row('parse-only', 1), row('no-op rule', 1.12), row('no-op rule †', 1.01)], { repeat: 1 });
    expect(lines.slice(4)).toEqual([
      'parse-only                      1.0      1.0       400   1.000   1.000   1.000         0      0   —',
      'no-op rule                      1.0      1.0       400   1.120   1.120   1.000         0      0   —',
      'no-op rule †                    1.0      1.0       400   1.010   1.010   1.000         0      0   —',
      "† a diagnostic, not what users run: each rule context gets its own copy of ESLint's file context instead of",
      "  a per-file prototype, which keeps every file's AST alive into the old generation (scripts/bench/eslint-context.mjs)",
      'work counters of the last run of each mode (src/util/stats.ts):',
      '  no-op rule: —',
      '  no-op rule †: —',
    ]);
  });

  it('a Python application is marked, one run is singular, and no checkout revision is printed when unknown', () => {
    const lines = formatAppTable({ name: 'designate', what: 'every .py file', lang: 'py', cwd: '/py/designate', revision: null }, [], { repeat: 1 });
    expect(lines[0]).toBe('\n### application designate (Python) — every .py file; 0 files; median of 1 interleaved run');
  });

  it('counters: missing ones print as 0, no stats as a dash', () => {
    expect(formatCounters(null)).toBe('—');
    expect(formatCounters({ filesParsed: 3 })).toBe('parsed 3, summaries 0, cache hits 0, facts 0, skipped 0, index builds 0, internal errors 0');
  });
});
