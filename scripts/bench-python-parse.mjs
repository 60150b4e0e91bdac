#!/usr/bin/env node
// Measures parse+convert time of the Python language's parser (src/lang/python/parse.ts, built to dist/):
// Lib/typing.py (median of 15 runs after 1 warm-up) and every .py file of the local CPython stdlib
// (site-packages excluded). Usage: npm run build && node scripts/bench-python-parse.mjs [path/to/parse.js]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const modulePath = process.argv[2]
  ? pathToFileURL(process.argv[2]).href
  : new URL('../dist/src/lang/python/parse.js', import.meta.url).href;
const t0 = performance.now();
const { parsePython } = await import(modulePath);
const initMs = performance.now() - t0;

const stdlib = execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'site-packages' || name === '__pycache__') continue;
    const p = join(dir, name);
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) walk(p);
    else if (name.endsWith('.py')) files.push(p);
  }
})(stdlib);

// Baseline in the same process: tree-sitter parse only (no conversion), same grammar file.
const require = createRequire(import.meta.url);
const { Parser, Language } = await import('web-tree-sitter');
await Parser.init();
const rawParser = new Parser();
rawParser.setLanguage(Language.loadSync(new WebAssembly.Module(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')))));
const rawParse = (text) => rawParser.parse(text.replace(/\r(?!\n)/g, '\n'))?.delete();

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const countNodes = (n) => 1 + n.children.reduce((s, c) => s + countNodes(c), 0);

const typing = readFileSync(join(stdlib, 'typing.py'), 'utf8');
parsePython(typing);
const rawTimes = [];
rawParse(typing);
for (let i = 0; i < 15; i++) {
  const s = performance.now();
  rawParse(typing);
  rawTimes.push(performance.now() - s);
}
const times = [];
let nodes = 0;
for (let i = 0; i < 15; i++) {
  const s = performance.now();
  const r = parsePython(typing);
  times.push(performance.now() - s);
  if (r.ok) nodes = countNodes(r.ast);
}
console.log(`init (Parser.init + grammar load, module import): ${initMs.toFixed(1)} ms`);
console.log(`typing.py: ${typing.split('\n').length} lines, ${nodes} named nodes, parse+convert median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}); tree-sitter parse only median ${median(rawTimes).toFixed(1)} ms; ratio ${(median(times) / median(rawTimes)).toFixed(2)}`);

// CPU time (user+system) too: on a shared machine wall time inflates with load, CPU time much less.
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let total = 0, rawTotal = 0, cpuTotal = 0, rawCpuTotal = 0, lines = 0, failed = [], bytes = 0;
for (const f of files) {
  let text;
  try { text = readFileSync(f, 'utf8'); } catch { continue; }
  bytes += text.length; lines += text.split('\n').length;
  const r0 = performance.now();
  const c0 = cpuMs();
  rawParse(text);
  rawCpuTotal += cpuMs() - c0;
  rawTotal += performance.now() - r0;
  const s = performance.now();
  const c1 = cpuMs();
  const r = parsePython(text);
  cpuTotal += cpuMs() - c1;
  total += performance.now() - s;
  if (!r.ok) failed.push(`${f.slice(stdlib.length + 1)} ${r.errors[0].line}:${r.errors[0].column} ${r.errors[0].message}`);
}
console.log(`stdlib ${stdlib}: ${files.length} files, ${lines} lines, ${(bytes / 1e6).toFixed(1)} M chars, parse+convert total ${total.toFixed(0)} ms; tree-sitter parse only ${rawTotal.toFixed(0)} ms; ratio ${(total / rawTotal).toFixed(2)}`);
console.log(`  CPU time: parse+convert ${cpuTotal.toFixed(0)} ms, parse only ${rawCpuTotal.toFixed(0)} ms, ratio ${(cpuTotal / rawCpuTotal).toFixed(2)}`);
console.log(`parse errors: ${failed.length}`);
for (const f of failed) console.log('  ' + f);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
