#!/usr/bin/env node
// `npm run demo`: lint the bundled example projects (fixtures/examples) with the built plugin and print
// what a user would see in CI. Exits 0 when the examples produced findings (they are meant to).
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/examples');
const eslint = new ESLint({ cwd: examples, overrideConfigFile: path.join(examples, 'eslint.config.js') });
const results = await eslint.lintFiles(['.']);
const formatter = await eslint.loadFormatter('stylish');
process.stdout.write(await formatter.format(results));

const byRule = new Map();
for (const r of results) for (const m of r.messages) byRule.set(m.ruleId ?? '(parse error)', (byRule.get(m.ruleId ?? '(parse error)') ?? 0) + 1);
const files = results.length;
console.log(`Linted ${files} files in fixtures/examples.`);
for (const [rule, n] of [...byRule].sort()) console.log(`  ${rule}: ${n}`);
if (byRule.size === 0) {
  console.error('No findings: the examples are meant to show each rule at work.');
  process.exitCode = 1;
}
