// Reproduce one smoke finding: lint a file (or several, in order, in this one process) with every rule (or none:
// --parse-only) and print the time, the process's peak RSS and the messages (--json: one JSON line
// { ms, maxRssMiB, messages: count, files }).
// Usage: node scripts/smoke/one.mjs <file>… [--parse-only] [--cwd DIR (default: /)] [--json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { configFor, loadPlugin, rulesFor } from '../bench/plugin-config.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const files = args.filter((a, k) => !a.startsWith('--') && args[k - 1] !== '--cwd').map((f) => path.resolve(f));
const parseOnly = args.includes('--parse-only');
const json = args.includes('--json');
const lang = files[0]?.endsWith('.py') ? 'py' : 'js';
const { plugin, python } = await loadPlugin(path.join(ROOT, 'dist', 'src'));
const config = configFor(lang, plugin, python, parseOnly ? [] : rulesFor(lang, plugin));
const cwdIndex = process.argv.indexOf('--cwd');
const cwd = cwdIndex > 0 ? path.resolve(process.argv[cwdIndex + 1]) : '/';
const linter = new Linter({ configType: 'flat', cwd });
const t0 = performance.now();
const messages = [];
for (const file of files) messages.push(...linter.verify(readFileSync(file, 'utf8'), config, { filename: file }));
const ms = performance.now() - t0;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
if (json) {
  console.log(JSON.stringify({ ms, maxRssMiB, messages: messages.length, files: files.length }));
} else {
  console.log(`${parseOnly ? 'parse-only' : 'all rules'}: ${files.length} file(s), ${ms.toFixed(0)} ms, peak RSS ${maxRssMiB.toFixed(0)} MiB, ${messages.length} messages`);
  for (const m of messages) console.log(`  ${m.line}:${m.column} ${m.ruleId ?? '(fatal)'} ${m.message}`);
}
