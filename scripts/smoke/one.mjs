// Reproduce one smoke finding: lint a single file with every rule (or none: --parse-only) and print the
// time, the process's peak RSS and the messages (--json: one JSON line { ms, maxRssMiB, messages: count }).
// Usage: node scripts/smoke/one.mjs <file> [--parse-only] [--cwd DIR (default: /)] [--json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { configFor, loadPlugin, rulesFor } from '../bench/plugin-config.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const file = path.resolve(process.argv[2]);
const parseOnly = process.argv.includes('--parse-only');
const json = process.argv.includes('--json');
const lang = file.endsWith('.py') ? 'py' : 'js';
const { plugin, python } = await loadPlugin(path.join(ROOT, 'dist', 'src'));
const config = configFor(lang, plugin, python, parseOnly ? [] : rulesFor(lang, plugin));
const cwdIndex = process.argv.indexOf('--cwd');
const cwd = cwdIndex > 0 ? path.resolve(process.argv[cwdIndex + 1]) : '/';
const linter = new Linter({ configType: 'flat', cwd });
const t0 = performance.now();
const messages = linter.verify(readFileSync(file, 'utf8'), config, { filename: file });
const ms = performance.now() - t0;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
if (json) {
  console.log(JSON.stringify({ ms, maxRssMiB, messages: messages.length }));
} else {
  console.log(`${parseOnly ? 'parse-only' : 'all rules'}: ${ms.toFixed(0)} ms, peak RSS ${maxRssMiB.toFixed(0)} MiB, ${messages.length} messages`);
  for (const m of messages) console.log(`  ${m.line}:${m.column} ${m.ruleId ?? '(fatal)'} ${m.message}`);
}
