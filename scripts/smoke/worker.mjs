// Smoke worker: lints files one at a time with every rule of the plugin (Linter, flat config), so that a
// crash on one file is recorded and the run goes on; checks fixes and suggestions (apply one, the output
// must parse, re-linting must not report the same message id at the same place). Streams JSON lines:
//   {"t":"begin","i":N}  before each file (the parent's watchdog uses it to detect hangs)
//   {"t":"result","i":N,...}
//   {"t":"mem","i":N,...}       every job.rssEvery files: peak RSS, RSS and heap (scripts/smoke/memory.mjs)
//   {"t":"mem-step","i":N,...}  a file that raised the peak RSS by job.stepMiB or more
//   {"t":"done","maxRssMiB":…}
// Usage: node scripts/smoke/worker.mjs <job.json>
// job: { files: string[], start: number, lang: 'js'|'py', dist, fixCaps: {ruleId: remaining}, fixDir, rssEvery, stepMiB }
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Linter } from 'eslint';
import { configFor, loadPlugin, rulesFor } from '../bench/plugin-config.mjs';
import { MemoryTrail } from './memory.mjs';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { plugin, python } = await loadPlugin(job.dist);
const rules = rulesFor(job.lang, plugin);
const config = configFor(job.lang, plugin, python, rules);
const parseOnly = configFor(job.lang, plugin, python, []);
// One Linter per project root (job.cwds[i]): `files` globs match relative to cwd, so a file outside it
// would get "No matching configuration" instead of being linted; '/' when no root is given.
const linters = new Map();
function linterFor(cwd = '/') {
  let l = linters.get(cwd);
  if (!l) linters.set(cwd, (l = new Linter({ configType: 'flat', cwd })));
  return l;
}
const caps = { ...job.fixCaps };
let fixSeq = 0;
if (job.fixDir) mkdirSync(job.fixDir, { recursive: true });

const emit = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
const memory = new MemoryTrail({ every: job.rssEvery ?? 250, stepMiB: job.stepMiB ?? 100 });

function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function offsetOf(starts, line, column) {
  return (starts[line - 1] ?? 0) + (column - 1);
}

function apply(text, fix) {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

/** Where the original report's start lands after the fix (reports before the fix stay put). */
function mapOffset(offset, fix) {
  if (offset < fix.range[0]) return offset;
  if (offset >= fix.range[1]) return offset + fix.text.length - (fix.range[1] - fix.range[0]);
  return fix.range[0];
}

function checkFix(linter, text, filename, msg, fix, kind, starts) {
  const out = apply(text, fix);
  const check = { ruleId: msg.ruleId, messageId: msg.messageId, kind, line: msg.line, column: msg.column };
  if (out === text) return { ...check, ok: false, why: 'the fix changes nothing' };
  let after;
  try {
    after = linter.verify(out, config, { filename });
  } catch (error) {
    return { ...check, ok: false, why: `re-lint threw: ${String(error?.message ?? error).split('\n')[0]}` };
  }
  const fatal = after.find((m) => m.fatal);
  if (fatal) return { ...check, ok: false, why: `output does not parse: ${fatal.line}:${fatal.column} ${fatal.message}` };
  const at = mapOffset(offsetOf(starts, msg.line, msg.column), fix);
  const outStarts = lineStarts(out);
  const again = after.find(
    (m) => m.ruleId === msg.ruleId && m.messageId === msg.messageId && offsetOf(outStarts, m.line, m.column) === at,
  );
  if (again) return { ...check, ok: false, why: `same problem reported again at ${again.line}:${again.column}` };
  const result = { ...check, ok: true };
  if (job.lang === 'py' && job.fixDir) {
    // The parent batch-checks these with CPython's own parser.
    const file = path.join(job.fixDir, `${process.pid}-${fixSeq++}.py`);
    writeFileSync(file, out);
    result.pyFile = file;
  }
  return result;
}

for (let i = job.start; i < job.files.length; i++) {
  const filename = job.files[i];
  const linter = linterFor(job.cwds?.[i]);
  emit({ t: 'begin', i });
  const rec = { t: 'result', i, reports: [], fixChecks: [] };
  let text;
  try {
    text = readFileSync(filename, 'utf8');
  } catch (error) {
    rec.unreadable = String(error?.message ?? error);
    emit(rec);
    continue;
  }
  const t0 = performance.now();
  let messages = [];
  try {
    messages = linter.verify(text, config, { filename });
  } catch (error) {
    rec.crash = String(error?.stack ?? error).split('\n').slice(0, 6).join('\n');
    // Is it the parser or a rule? Lint again with no rules to tell.
    try {
      linter.verify(text, parseOnly, { filename });
      rec.crashKind = 'rule';
    } catch {
      rec.crashKind = 'parser';
    }
  }
  rec.ms = performance.now() - t0;
  const fatal = messages.find((m) => m.fatal);
  const unmatched = messages.find((m) => !m.ruleId && /^No matching configuration/.test(m.message));
  if (unmatched) rec.notLinted = unmatched.message;
  if (fatal) rec.parseError = { line: fatal.line, column: fatal.column, message: fatal.message };
  let starts;
  for (const m of messages) {
    if (m.fatal || !m.ruleId?.startsWith('patch-order/')) continue;
    rec.reports.push({
      ruleId: m.ruleId,
      messageId: m.messageId,
      message: m.message,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      fix: Boolean(m.fix),
      suggestions: m.suggestions?.length ?? 0,
    });
    const candidates = [];
    if (m.fix) candidates.push(['fix', m.fix]);
    for (const s of m.suggestions ?? []) candidates.push([`suggestion ${s.messageId ?? s.desc}`, s.fix]);
    for (const [kind, fix] of candidates) {
      if ((caps[m.ruleId] ?? 0) <= 0) break;
      caps[m.ruleId] = (caps[m.ruleId] ?? 0) - 1;
      starts ??= lineStarts(text);
      rec.fixChecks.push(checkFix(linter, text, filename, m, fix, kind, starts));
    }
  }
  emit(rec);
  for (const m of memory.afterFile(i, filename, text.length)) emit(m);
}
emit({ t: 'done', maxRssMiB: process.resourceUsage().maxRSS / 1024 });
