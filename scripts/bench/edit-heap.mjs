// Child of the editor bench (run with --expose-gc): the live heap, after forced collections, over successive
// edits of one buffer linted in one ESLint instance (what a language server does), with the plugin's
// recommended config or with a rule that does nothing. The server's RSS (editor.mjs) moves with V8's
// collection schedule; the heap after a full collection is what stays, so growth there is retention.
//   node --expose-gc scripts/bench/edit-heap.mjs <appDir> <probe> plugin|noop <edits> <every>
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { reviseProbe } from './application.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const [appDir, probe, mode, editsArg, everyArg] = process.argv.slice(2);
if (typeof global.gc !== 'function') throw new Error('run with --expose-gc');
const { ESLint } = await import('eslint');
const tsParser = (await import('@typescript-eslint/parser')).default;
const plugin = (await import(pathToFileURL(path.join(ROOT, 'dist', 'src', 'index.js')).href)).default;
const rules =
  mode === 'plugin'
    ? { ...plugin.configs.recommended, files: ['**/*.{ts,js}'] }
    : { files: ['**/*.{ts,js}'], plugins: { noop: { rules: { r: { create: () => ({ 'Program:exit'() {} }) } } } }, rules: { 'noop/r': 'error' } };
const eslint = new ESLint({ cwd: appDir, overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, rules] });
const file = path.join(appDir, probe);
const original = readFileSync(file, 'utf8');
const heapMiB = () => {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
await eslint.lintText(original, { filePath: file });
const series = [[0, heapMiB()]];
const edits = Number(editsArg);
const every = Number(everyArg);
for (let k = 1; k <= edits; k++) {
  await eslint.lintText(reviseProbe(original, k), { filePath: file });
  if (k % every === 0) series.push([k, heapMiB()]);
}
process.stdout.write(JSON.stringify(series));
