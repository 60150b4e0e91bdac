// The editor after warm-up (`npm run bench -- --only editor`, or `node scripts/bench/editor.mjs` after a build):
// the plugin inside vscode-eslint-language-server, driven over stdio by the same client as
// test/editor-lsp.test.ts (test/helpers/lsp-client.ts, transpiled on the fly), on a generated TypeScript
// application of 2,500 files (scripts/bench/application.mjs).
//
//   1. warm-up: open a mid-graph service and wait for its diagnostics (loads ESLint, the config, the plugin,
//      and builds the whole-program index);
//   2. latency: N successive edits of that buffer (didChange, then the diagnostics the editor pulls), each
//      timed from the change to the answer: median, p90, max;
//   3. memory: 1,000 more edits, the server's resident memory (VmRSS of /proc/<pid>/status) sampled every 100,
//      and its growth (last sample − the sample taken after warm-up);
//   4. retention: the same number of edits linted in one ESLint instance per mode (scripts/bench/edit-heap.mjs,
//      the plugin's recommended config, then a rule that does nothing), the live heap after full collections
//      every tenth: RSS follows V8's collection schedule, the heap after a full collection is what is kept.
//
// A measurement, not a test: it prints numbers and asserts nothing. Wall times on a shared machine include
// the neighbours: read them with the load average printed next to them.
//
//   node scripts/bench/editor.mjs [--size 2500] [--edits 20] [--soak 1000] [--every 100] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateApplication, reviseProbe } from './application.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Inside the repository (git-ignored), so the server finds this repository's node_modules/eslint upward. */
const WORK = path.join(ROOT, 'bench', '.corpus', 'editor');

function parseArgs(argv) {
  const opts = { size: 2500, edits: 20, soak: 1000, every: 100, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => Number(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
    if (a.startsWith('--size')) opts.size = value();
    else if (a.startsWith('--edits')) opts.edits = value();
    else if (a.startsWith('--soak')) opts.soak = value();
    else if (a.startsWith('--every')) opts.every = value();
    else if (a === '--keep') opts.keep = true;
    else throw new Error(`unknown argument ${a} (editor bench: --size N --edits N --soak N --every N --keep)`);
  }
  for (const k of ['size', 'edits', 'every']) if (!Number.isInteger(opts[k]) || opts[k] < 1) throw new Error(`--${k} takes a positive integer`);
  if (!Number.isInteger(opts.soak) || opts.soak < 0) throw new Error('--soak takes a non-negative integer');
  return opts;
}

/** test/helpers/lsp-client.ts as an ES module next to the generated application (type annotations stripped). */
async function loadLspClient() {
  const ts = (await import('typescript')).default;
  const source = readFileSync(path.join(ROOT, 'test', 'helpers', 'lsp-client.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const out = path.join(WORK, 'lsp-client.mjs');
  writeFileSync(out, outputText);
  return import(pathToFileURL(out).href);
}

/** The server's resident memory in MiB, from /proc (Linux); NaN elsewhere. */
function rssMiB(pid) {
  try {
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN; // no /proc here (macOS, Windows): memory is not sampled
  }
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—');
const mib = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} MiB` : '—');
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

export async function runEditorBench(argv = []) {
  const opts = parseArgs(argv);
  const dist = path.join(ROOT, 'dist', 'src', 'index.js');
  if (!existsSync(dist)) throw new Error('dist/src/index.js is missing: run `npm run build` first');
  mkdirSync(WORK, { recursive: true });
  const { LspClient } = await loadLspClient();

  const appDir = path.join(WORK, `app-${opts.size}`);
  const pluginImport = path.relative(appDir, dist).split(path.sep).join('/');
  const config = [
    `import tseslint from 'typescript-eslint';`,
    `import patchOrder from '${pluginImport}';`,
    ``,
    `export default [`,
    `  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },`,
    `  patchOrder.configs.recommended,`,
    `];`,
    ``,
  ].join('\n');
  const { files, probe } = generateApplication(appDir, opts.size, { config });
  const probeText = readFileSync(path.join(appDir, probe), 'utf8');
  const uri = pathToFileURL(path.join(appDir, probe)).href;

  console.log(`\n### editor — vscode-eslint-language-server (stdio), plugin from dist/, configs.recommended`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs; load average at start ${load()} (a shared machine: wall times include the neighbours)`);
  console.log(`application: ${files.length} generated source files (TypeScript, tsc → CommonJS); buffer edited: ${probe} (mid-graph service)`);

  const client = await LspClient.start(appDir, { timeoutMs: 60_000 });
  const pid = client.pid;
  let version = 1;
  const edit = async (k) => {
    client.change(uri, reviseProbe(probeText, k), ++version);
    const t0 = performance.now();
    const items = await client.diagnostics(uri, 60_000);
    return { dt: performance.now() - t0, items };
  };
  try {
    const rssStart = rssMiB(pid);
    const t0 = performance.now();
    client.open(uri, 'typescript', probeText, version);
    const first = await client.diagnostics(uri, 180_000);
    const warmMs = performance.now() - t0;
    const rssWarm = rssMiB(pid);
    const problems = (items) => items.filter((d) => String(d.code ?? '').startsWith('patch-order/') || /^Parsing error/.test(d.message)).length;
    console.log(`warm-up: first diagnostics after ${ms(warmMs)} (${first.length} diagnostics); server RSS ${mib(rssStart)} at start → ${mib(rssWarm)} after warm-up`);

    const lat = [];
    let seen = 0;
    for (let k = 1; k <= opts.edits; k++) {
      const { dt, items } = await edit(k);
      lat.push(dt);
      seen += problems(items);
    }
    console.log(`\nlatency of ${opts.edits} successive edits (didChange → pulled diagnostics), load average ${load()}`);
    console.log(`  ${'median'.padEnd(8)} ${'p90'.padEnd(8)} ${'max'.padEnd(8)} ${'min'.padEnd(8)}  plugin diagnostics`);
    console.log(`  ${ms(quantile(lat, 0.5)).padEnd(8)} ${ms(quantile(lat, 0.9)).padEnd(8)} ${ms(Math.max(...lat)).padEnd(8)} ${ms(Math.min(...lat)).padEnd(8)}  ${seen}`);
    console.log(`  each: ${lat.map((x) => x.toFixed(0)).join(' ')}`);

    let soak = {};
    if (opts.soak > 0) {
      const series = [{ edits: 0, rss: rssMiB(pid), load: load() }];
      const soakLat = [];
      for (let k = 1; k <= opts.soak; k++) {
        const { dt, items } = await edit(opts.edits + k);
        soakLat.push(dt);
        seen += problems(items);
        if (k % opts.every === 0 || k === opts.soak) series.push({ edits: k, rss: rssMiB(pid), load: load() });
      }
      console.log(`\nmemory over ${opts.soak} more edits of the same buffer (server VmRSS; edits counted after the latency run)`);
      console.log(`  ${'edits'.padStart(6)}  ${'RSS'.padStart(10)}  load average`);
      for (const s of series) console.log(`  ${String(s.edits).padStart(6)}  ${mib(s.rss).padStart(10)}  ${s.load}`);
      const growth = series.at(-1).rss - series[0].rss;
      console.log(`  growth (last − first): ${growth >= 0 ? '+' : ''}${mib(growth)}; peak ${mib(Math.max(...series.map((s) => s.rss)))}`);
      console.log(`  latency over these ${opts.soak} edits: median ${ms(quantile(soakLat, 0.5))}, p90 ${ms(quantile(soakLat, 0.9))}, p99 ${ms(quantile(soakLat, 0.99))}, max ${ms(Math.max(...soakLat))}`);
      soak = { soakLatency: soakLat, series, growth };
    }

    // Sanity (untimed for the figures above): the plugin does run in this server. The entry, with express
    // imported above the tracing module, is reported; linting it walks the whole program (cold dependencies).
    const entryUri = pathToFileURL(path.join(appDir, 'src', 'index.ts')).href;
    // (express is used as a value: an unused import would be elided by tsc, and rightly not reported.)
    const entryText = `import express from 'express';\n${readFileSync(path.join(appDir, 'src', 'index.ts'), 'utf8')}express.json();\n`;
    const e0 = performance.now();
    client.open(entryUri, 'typescript', entryText, 1);
    const entryFirst = await client.diagnostics(entryUri, 180_000);
    const entryMs = performance.now() - e0;
    client.change(entryUri, `${entryText}// edited\n`, 2);
    const e1 = performance.now();
    const entryAgain = await client.diagnostics(entryUri, 60_000);
    const entryEditMs = performance.now() - e1;
    const reported = (items) => items.filter((d) => d.code === 'patch-order/no-import-before-patch').map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}`);
    console.log(`\nsanity: src/index.ts with express imported above the tracing module: no-import-before-patch at [${reported(entryFirst).join(', ')}]`);
    console.log(`  first lint of the entry (walks the program, dependencies parsed cold): ${ms(entryMs)}; after an edit of it: ${ms(entryEditMs)} ([${reported(entryAgain).join(', ')}])`);
    const heap = heapOverEdits(appDir, probe, opts.soak);
    return { warmMs, latency: lat, ...soak, problems: seen, entryMs, entryEditMs, entryReports: reported(entryFirst).length, heap };
  } finally {
    await client.close();
    if (!opts.keep) rmSync(appDir, { recursive: true, force: true });
  }
}

/**
 * The live heap after full collections over `edits` edits of the buffer, in one process per mode (the plugin's
 * recommended config, and a rule that does nothing): what the plugin retains per edit is the difference.
 */
function heapOverEdits(appDir, probe, edits) {
  if (!edits) return null;
  const every = Math.max(1, Math.round(edits / 10));
  const run = (mode) => {
    const r = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'scripts', 'bench', 'edit-heap.mjs'), appDir, probe, mode, String(edits), String(every)], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`edit-heap ${mode} failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const plugin = run('plugin');
  const noop = run('noop');
  console.log(`\nlive heap after full collections over ${edits} edits, one ESLint instance per mode (lintText of the buffer)`);
  console.log(`   edits   plugin MiB   no-op rule MiB`);
  for (let i = 0; i < plugin.length; i++) console.log(`${String(plugin[i][0]).padStart(8)}   ${plugin[i][1].toFixed(1).padStart(10)}   ${noop[i][1].toFixed(1).padStart(14)}`);
  const growth = (series) => series[series.length - 1][1] - series[1][1];
  console.log(`  growth after the first ${every} edits: plugin ${growth(plugin).toFixed(1)} MiB, no-op rule ${growth(noop).toFixed(1)} MiB; the plugin holds ${(plugin[0][1] - noop[0][1]).toFixed(1)} MiB more after warm-up`);
  return { plugin, noop, pluginGrowth: growth(plugin), noopGrowth: growth(noop) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runEditorBench(process.argv.slice(2)).catch((error) => {
    console.error(`editor bench failed: ${error.stack ?? error}`);
    process.exit(2);
  });
}
