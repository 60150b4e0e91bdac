/**
 * The Node semantics the rule encodes, checked against the node running the tests (tiny scripts in a
 * temp directory, each process bounded by a timeout).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'spawn-fork-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(name: string, code: string, files: Record<string, string> = {}): string[] {
  for (const [f, c] of Object.entries(files)) writeFileSync(path.join(dir, f), c);
  const file = path.join(dir, name);
  writeFileSync(file, code);
  const out = execFileSync(process.execPath, [file], { cwd: dir, timeout: 10_000, encoding: 'utf8' });
  return out.trim().split('\n').sort();
}

describe('Node semantics behind no-spawn-before-fork', () => {
  it('cluster.fork() re-runs the entry module in the worker; require.main === module there too; cluster.fork is not a function in workers', () => {
    const lines = run(
      'c.js',
      "const cluster = require('node:cluster');\nconsole.log('scope', cluster.isPrimary ? 'primary' : 'worker', require.main === module, typeof cluster.fork, process.argv[1] === __filename);\nif (cluster.isPrimary) { const w = cluster.fork(); w.on('online', () => w.disconnect()); } else { setTimeout(() => process.exit(0), 50); }\n",
    );
    expect(lines).toEqual(['scope primary true function true', 'scope worker true undefined true']);
  });
  it('cluster.setupPrimary({ exec }) makes workers run that file, not the entry', () => {
    const lines = run(
      'sp.js',
      "const cluster = require('node:cluster');\nconsole.log('entry', cluster.isPrimary);\nif (cluster.isPrimary) { cluster.setupPrimary({ exec: __dirname + '/other.js' }); const w = cluster.fork(); w.on('exit', () => {}); }\n",
      { 'other.js': "console.log('other', require('node:cluster').isPrimary);\nprocess.exit(0);\n" },
    );
    expect(lines).toEqual(['entry true', 'other false']);
  });
  it('new Worker(__filename) re-runs module scope in the thread', () => {
    const lines = run('w.js', "const { Worker, isMainThread } = require('node:worker_threads');\nconsole.log('scope', isMainThread);\nif (isMainThread) new Worker(__filename);\n");
    expect(lines).toEqual(['scope false', 'scope true']);
  });
  it('child_process.fork(__filename) re-runs it; the child has process.send and the same argv[1]', () => {
    const lines = run(
      'f.js',
      "const { fork } = require('node:child_process');\nconsole.log('scope', process.argv[2] ?? 'parent', typeof process.send, process.argv[1] === __filename);\nif (process.argv[2] !== 'child') fork(__filename, ['child']);\nelse process.disconnect();\n",
    );
    expect(lines).toEqual(['scope child function true', 'scope parent undefined true']);
  });
  it('ESM: new Worker(new URL(import.meta.url)) re-runs the module; import.meta.filename is fileURLToPath(import.meta.url)', () => {
    const lines = run(
      'm.mjs',
      "import { Worker, isMainThread } from 'node:worker_threads';\nimport { fileURLToPath } from 'node:url';\nconsole.log('scope', isMainThread, (import.meta.filename ?? fileURLToPath(import.meta.url)) === fileURLToPath(import.meta.url));\nif (isMainThread) new Worker(new URL(import.meta.url));\n",
    );
    expect(lines).toEqual(['scope false true', 'scope true true']);
  });
});
