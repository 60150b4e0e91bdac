// Deterministic synthetic project generator for the bench: N modules, a mix of ESM (.mjs), CommonJS
// (.cjs) and TypeScript (.ts), linked by relative import chains, with an entry that initialises an APM
// agent, module-scope timers, a cluster fork, and try/catch around fetch with an AbortSignal (half of
// them swallow the abort, half re-throw it). Same (n, seed) → byte-identical tree.
import { mkdirSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Small, fast, seedable PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PER_DIR = 100;
const EXT = ['mjs', 'cjs', 'ts'];

function modulePath(i, ext) {
  return `src/d${Math.floor(i / PER_DIR)}/m${i}.${ext}`;
}

function rel(from, to) {
  let r = path.posix.relative(path.posix.dirname(from), to);
  if (!r.startsWith('.')) r = `./${r}`;
  return r;
}

/**
 * Writes the project into `dir` (created; replaced if it holds another size/seed).
 * Returns { dir, files } with `files` relative paths of every generated source file.
 */
export function generateSynthetic(dir, n, seed = 1) {
  const stamp = path.join(dir, '.synthetic.json');
  const want = JSON.stringify({ n, seed, version: 2 });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) {
    return { dir, files: JSON.parse(readFileSync(path.join(dir, '.files.json'), 'utf8')) };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rand = rng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const exts = Array.from({ length: n }, () => pick(EXT));
  const files = [];
  const write = (rp, text) => {
    const abs = path.join(dir, rp);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    files.push(rp);
  };
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `synthetic-${n}`, private: true, type: 'module', scripts: { start: 'node src/main.mjs' } }, null, 2) + '\n',
  );
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true } }, null, 2) + '\n',
  );

  for (let i = 0; i < n; i++) {
    const ext = exts[i];
    const me = modulePath(i, ext);
    // Imports: the next module (a long chain) plus 0–3 random later modules (a DAG, no cycles),
    // and sometimes an earlier one (a cycle) and a package.
    const deps = [];
    if (i + 1 < n) deps.push(i + 1);
    const extra = Math.floor(rand() * 4);
    for (let k = 0; k < extra; k++) {
      const j = i + 2 + Math.floor(rand() * 50);
      if (j < n && !deps.includes(j)) deps.push(j);
    }
    if (i > 10 && rand() < 0.05) deps.push(Math.floor(rand() * i));
    const pkgs = rand() < 0.3 ? [pick(['express', 'pg', 'node:http', 'node:path', 'ioredis', 'lodash', 'node:fs'])] : [];
    const lines = [];
    const feature = rand();
    if (ext === 'cjs') {
      lines.push("'use strict';");
      for (const p of pkgs) lines.push(`const pkg_${i} = require('${p}');`);
      deps.forEach((d, k) => lines.push(`const dep${k} = require('${rel(me, modulePath(d, exts[d]))}');`));
      lines.push(`function work${i}(x) {`, `  let total = 0;`, `  for (let k = 0; k < x; k++) total += k * ${i % 7};`, `  return total;`, `}`);
      if (feature < 0.04) lines.push(`const timer${i} = setInterval(() => work${i}(3), 60000);`, `timer${i}.unref();`);
      else if (feature < 0.08) {
        lines.push(
          `async function load${i}(url, signal) {`,
          `  try {`,
          `    const res = await fetch(url, { signal });`,
          `    return await res.json();`,
          `  } catch (err) {`,
          i % 2 ? `    if (err.name === 'AbortError') throw err;` : `    // falls through on abort too`,
          `    console.error('load failed', err);`,
          `    return null;`,
          `  }`,
          `}`,
          `module.exports.load${i} = load${i};`,
        );
      }
      lines.push(`module.exports.work${i} = work${i};`);
    } else {
      const ts = ext === 'ts';
      for (const p of pkgs) lines.push(`import * as pkg_${i} from '${p}';`);
      deps.forEach((d, k) => {
        const target = modulePath(d, exts[d]);
        const spec = rel(me, ts && exts[d] === 'ts' ? target.replace(/\.ts$/, '.js') : target);
        if (exts[d] === 'cjs') lines.push(`import dep${k} from '${spec}';`);
        else lines.push(`import * as dep${k} from '${spec}';`);
      });
      if (ts && rand() < 0.3) lines.push(`import type { Options${i} } from './types${i}.js';`);
      lines.push(
        ts ? `export function work${i}(x: number): number {` : `export function work${i}(x) {`,
        `  let total = 0;`,
        `  for (let k = 0; k < x; k++) total += k * ${i % 7};`,
        `  return total;`,
        `}`,
      );
      if (feature < 0.04) lines.push(`export const timer${i} = setInterval(() => work${i}(3), 60000);`, `timer${i}.unref();`);
      else if (feature < 0.08) {
        lines.push(
          ts ? `export async function load${i}(url: string, signal: AbortSignal): Promise<unknown> {` : `export async function load${i}(url, signal) {`,
          `  try {`,
          `    const res = await fetch(url, { signal });`,
          `    return await res.json();`,
          `  } catch (err) {`,
          i % 2 ? (ts ? `    if ((err as Error).name === 'AbortError') throw err;` : `    if (err.name === 'AbortError') throw err;`) : `    // falls through on abort too`,
          `    console.error('load failed', err);`,
          `    return null;`,
          `  }`,
          `}`,
        );
      } else if (feature < 0.09) {
        lines.push(
          `import cluster from 'node:cluster';`,
          `if (cluster.isPrimary) {`,
          `  for (let k = 0; k < 2; k++) cluster.fork();`,
          `}`,
        );
      }
    }
    write(me, lines.join('\n') + '\n');
  }

  // Entries: one ESM entry that initialises dd-trace after a hoisted import (the ESM hoisting bug),
  // one CJS entry that does it right, one that spawns before forking.
  write(
    'src/main.mjs',
    [
      `import tracer from 'dd-trace';`,
      `tracer.init({ service: 'synthetic' });`,
      `import express from 'express';`,
      `import { work0 } from './d0/m0.${exts[0]}';`,
      `const app = express();`,
      `app.get('/', (_req, res) => res.send(String(work0(10))));`,
      `app.listen(3000);`,
    ].join('\n') + '\n',
  );
  write(
    'src/main.cjs',
    [
      `'use strict';`,
      `require('dd-trace').init({ service: 'synthetic' });`,
      `const express = require('express');`,
      `const m0 = require('./d0/m0.${exts[0]}');`,
      `express().listen(3000);`,
    ].join('\n') + '\n',
  );
  write(
    'src/cluster.cjs',
    [
      `'use strict';`,
      `const cluster = require('node:cluster');`,
      `setInterval(() => console.log('heartbeat'), 1000);`,
      `if (cluster.isPrimary) {`,
      `  cluster.fork();`,
      `  cluster.fork();`,
      `} else {`,
      `  require('./main.cjs');`,
      `}`,
    ].join('\n') + '\n',
  );
  writeFileSync(path.join(dir, '.files.json'), JSON.stringify(files));
  writeFileSync(stamp, want);
  return { dir, files };
}
