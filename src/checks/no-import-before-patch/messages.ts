/**
 * The messages of no-import-before-patch. A report is read at a glance: the first sentence says what is wrong
 * and where the patch is (kept under HEADLINE_MAX characters); the chain, the symptom and what to do follow it.
 */
import { describeStep } from '../describe.js';
import type { ChainStep } from '../../graph/types.js';
import type { PatcherEntry } from '../../catalog/types.js';
import { displayPath } from '../../util/paths.js';
import type { OrderProblem } from './loaded-before.js';

/** Longest first sentence of a message of no-import-before-patch (a terminal's width, a SARIF title). */
export const HEADLINE_MAX = 160;

/** meta.messages of no-import-before-patch: the first sentence ends at the first `.` followed by a space. */
export const importOrderMessages = {
  loadedBeforePatch: '{{subject}} before {{patcher}} takes effect {{where}}.{{details}} Symptom: {{symptom}} Activate {{patcher}} first.',
  capturedBeforePatch:
    '{{subject}} before {{patcher}} patches {{it}} {{where}}.{{details}} The copy keeps the unpatched object. Symptom: {{symptom}} Activate {{patcher}} first, or read {{it}} from the module when calling.',
  envReadBeforeLoad:
    "{{subject}} before {{patcher}} fills it {{where}}.{{details}} Those reads see undefined. Load the env file first (`import 'dotenv/config'` as the first import, or `node --require dotenv/config`).",
  mockAfterImport:
    '{{subject}} before {{patcher}} mocks it {{where}}.{{details}} Static imports are evaluated first, so the code under test keeps the real module. Import it with `await import()` after registering the mock.',
  esmNeedsPreload:
    '{{patcher}} is activated inside a native ES module, too late for every static import. The file is an ES module ({{format}}), so each static import of its module graph is evaluated before this line and the require hooks never see them. Start it before the application instead: `node {{preload}} <app>`.',
  esmImportBeforeStart:
    '{{subject}}, so it is loaded before {{patcher}} starts in-process {{where}}.{{details}} In a native ES module every static import of the module graph is loaded before any of its code runs, so an in-process start never sees it. Start it before the application with `node {{preload}} <app>`, or import the application with `await import()` after the start. Symptom: {{symptom}}',
  copiedBeforeWorkerPatch:
    "{{subject}} in {{server}}'s master, before each worker runs {{patcher}} ({{setting}} imports the app before the fork).{{details}} The copy keeps the unpatched object in every worker. Symptom: {{symptom}} Turn the preload off, or activate {{patcher}} before the app loads (the first lines of the {{server}} config file or of the app module).",
  activationElided:
    "{{subject}}, because {{names}} {{verb}} never used as a value, so {{patcher}} never starts.{{details}} TypeScript (and Babel, esbuild, swc) keep only imports used as values; a side-effect import is always kept: write `import '{{module}}'`.",
  useSideEffectImport: "Import '{{module}}' for its side effect (`import '{{module}}'`), which the compiler keeps.",
  useSideEffectEntry: "Replace the in-file activation with `import '{{entry}}'` as the first import.",
  moveActivationUp: 'Move the activation above line {{line}} (check that nothing reads `{{name}}` before its new place).',
} as const;

export type ImportOrderMessageId = keyof typeof importOrderMessages;

/** What a message needs to know about the activation: where it is, and how this file reaches it. */
interface PatchPlace {
  file: string;
  chain: readonly ChainStep[];
  event: { loc: { line: number } };
}

/** A catalog entry's symptom for one target: the target's own text when the entry has one. */
function symptomFor(entry: CatalogEntry | undefined, module: string): string {
  const text = entry?.targetSymptoms?.[module] ?? entry?.symptom ?? 'it is not patched';
  return /[.!?]["'”)]?$/u.test(text) ? text : `${text}.`;
}

/** `'Lock'`, `'Lock' and 'Event'`, `'a', 'b', 'c' and 2 more names`. */
function quoteNames(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 2) return q.join(' and ');
  if (q.length === 3) return `${q[0]}, ${q[1]} and ${q[2]}`;
  return `${q.slice(0, 2).join(', ')} and ${q.length - 2} more names`;
}

/** ` Chain: this line → src/app.ts:1 → src/db.ts:3 → 'pg'.` */
function chainSentence(cwd: string, chain: readonly ChainStep[], end?: string): string {
  const steps = ['this line', ...chain.map((s) => describeStep(cwd, s)), ...(end ? [end] : [])];
  return ` Chain: ${steps.join(' → ')}.`;
}

function fill(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/gu, (_, k: string) => data[k] ?? '');
}

/** The first sentence of a message: up to the first '. ' or ': ' (the whole message when there is none). */
export function firstSentence(message: string): string {
  const m = /[.:] /u.exec(message);
  return m ? message.slice(0, m.index + 1) : message;
}

interface Variant {
  subject: string;
  where: string;
  details: string;
}

/**
 * Picks the most informative variant whose first sentence fits HEADLINE_MAX: the place that loads or copies
 * in the subject, the line that reaches the activation in `where`; what does not fit moves to the details.
 */
function fit(messageId: ImportOrderMessageId, variants: Variant[], rest: Record<string, string>): Record<string, string> {
  for (const v of variants) {
    const data = { ...rest, ...v };
    if (firstSentence(fill(importOrderMessages[messageId], data)).length <= HEADLINE_MAX) return data;
  }
  return { ...rest, ...variants[variants.length - 1]! };
}

/** `at line 5`, `at line 2 (reached from line 7)`, `at src/instrument.ts:3 (reached from line 1)`. */
function placeParts(cwd: string, filename: string, patch: PatchPlace): { at: string; reach: string } {
  const at = patch.file === filename ? `at line ${patch.event.loc.line}` : `at ${displayPath(cwd, patch.file)}:${patch.event.loc.line}`;
  const first = patch.chain[0];
  if (first?.parentPackage) return { at, reach: `${first.entry ?? 'a package below this one'}, which Python runs after this __init__.py` };
  return { at, reach: first ? `line ${first.loc.line}` : '' };
}

/**
 * `TypeScript drops this import of 'elastic-apm-node/start', because 'apm' is never used as a value, so … never starts.`
 * Reached from another file: `TypeScript drops the import of '…' at src/tracing.ts:1, …`, with the chain.
 */
function describeElided(input: DescribeInput, elided: { module: string; names: readonly string[] }): ImportOrderReport {
  const { cwd, patch } = input;
  const local = patch.chain.length === 0;
  const at = `${displayPath(cwd, patch.file)}:${patch.event.loc.line}`;
  const subject = local ? `TypeScript drops this import of '${elided.module}'` : `TypeScript drops the import of '${elided.module}' at ${at}`;
  const chain = local ? '' : chainSentence(cwd, patch.chain.slice(1), at);
  const names = elided.names.length ? elided.names : ['its bindings'];
  const data = { patcher: input.patcher, module: elided.module, names: quoteNames(names), verb: names.length > 1 ? 'are' : 'is' };
  const variants: Variant[] = [
    { subject, where: '', details: chain },
    { subject: local ? 'TypeScript drops this import' : `TypeScript drops an import at ${at}`, where: '', details: chain },
  ];
  return { messageId: 'activationElided', data: fit('activationElided', variants, data) };
}

export interface ImportOrderReport {
  messageId: ImportOrderMessageId;
  data: Record<string, string>;
}

interface DescribeInput {
  cwd: string;
  filename: string;
  patcher: string;
  patch: PatchPlace;
}

/**
 * `'express' is loaded by src/app.js:1 before Datadog APM (dd-trace) takes effect at src/tracing.js:1 (reached from line 2).`
 * followed by the chain, the symptom and the remedy. `verb` is `loaded`, or `imported` for mocks.
 */
function describeLoad(
  input: DescribeInput,
  load: { module: string; chain: readonly ChainStep[]; also?: readonly string[]; symptom: string; mock?: boolean; esmPreload?: string },
): ImportOrderReport {
  const { cwd } = input;
  const messageId = load.esmPreload ? 'esmImportBeforeStart' : load.mock ? 'mockAfterImport' : 'loadedBeforePatch';
  const verb = load.esmPreload ? 'imported statically' : load.mock ? 'imported' : 'loaded';
  const { at, reach } = placeParts(cwd, input.filename, input.patch);
  const last = load.chain[load.chain.length - 1];
  const also = load.also?.length ? ` This line also loads ${quoteNames(load.also)} first.` : '';
  const reachSentence = reach ? ` The activation is reached from ${reach}.` : '';
  const chain = load.chain.length ? chainSentence(cwd, load.chain, `'${load.module}'`) : '';
  const base = `'${load.module}' is ${verb}`;
  const by = last ? `${base} by ${describeStep(cwd, last)}` : base;
  const whereFull = reach ? `${at} (reached from ${reach})` : at;
  const variants: Variant[] = [
    { subject: by, where: whereFull, details: `${load.chain.length > 1 ? chain : ''}${also}` },
    { subject: by, where: at, details: `${load.chain.length > 1 ? chain : ''}${reachSentence}${also}` },
    { subject: base, where: at, details: `${chain}${reachSentence}${also}` },
  ];
  return { messageId, data: fit(messageId, variants, { patcher: input.patcher, symptom: load.symptom, preload: load.esmPreload ?? '' }) };
}

/** `'Lock' is copied out of 'threading' before gevent monkey.patch_all() patches it at line 3.` */
function describeCapture(
  input: DescribeInput,
  capture: { names: readonly string[]; module: string; by?: string; chain: readonly ChainStep[]; symptom: string },
): ImportOrderReport {
  const { cwd } = input;
  const { at, reach } = placeParts(cwd, input.filename, input.patch);
  const plural = capture.names.length > 1;
  const base = `${quoteNames(capture.names)} ${plural ? 'are' : 'is'} copied out of '${capture.module}'`;
  const last = capture.chain[capture.chain.length - 1];
  const placed = capture.by ? `${base} by '${capture.by}' while it loads,` : last ? `${base} at ${describeStep(cwd, last)} while this line runs,` : base;
  const chain = capture.chain.length ? chainSentence(cwd, capture.chain) : '';
  const reachSentence = reach ? ` The activation is reached from ${reach}.` : '';
  const whereFull = reach ? `${at} (reached from ${reach})` : at;
  const byPackage = capture.by ? ` '${capture.by}' copies ${plural ? 'them' : 'it'} while it loads.` : '';
  const variants: Variant[] = [
    { subject: placed, where: whereFull, details: capture.chain.length > 1 ? chain : '' },
    { subject: placed, where: at, details: `${capture.chain.length > 1 ? chain : ''}${reachSentence}` },
    { subject: base, where: at, details: `${byPackage}${chain}${reachSentence}` },
  ];
  return {
    messageId: 'capturedBeforePatch',
    data: fit('capturedBeforePatch', variants, { patcher: input.patcher, symptom: capture.symptom, it: plural ? 'them' : 'it' }),
  };
}

/**
 * `'Lock' is copied out of 'threading' in gunicorn's master, before each worker runs gevent monkey.patch_all()
 * (preload_app in gunicorn.conf.py imports the app before the fork).`
 */
function describeWorkerCapture(
  input: DescribeInput,
  capture: { names: readonly string[]; module: string; by?: string; chain: readonly ChainStep[]; symptom: string },
  worker: { server: string; setting: string },
): ImportOrderReport {
  const { cwd } = input;
  const plural = capture.names.length > 1;
  const base = `${quoteNames(capture.names)} ${plural ? 'are' : 'is'} copied out of '${capture.module}'`;
  const last = capture.chain[capture.chain.length - 1];
  const placed = capture.by ? `${base} by '${capture.by}' while it loads` : last ? `${base} at ${describeStep(cwd, last)}` : base;
  const chain = capture.chain.length ? chainSentence(cwd, capture.chain) : '';
  const variants: Variant[] = [
    { subject: placed, where: '', details: capture.chain.length > 1 ? chain : '' },
    { subject: base, where: '', details: `${capture.by ? ` '${capture.by}' copies ${plural ? 'them' : 'it'} while it loads.` : ''}${chain}` },
  ];
  const data = { patcher: input.patcher, symptom: capture.symptom, server: worker.server, setting: worker.setting };
  return { messageId: 'copiedBeforeWorkerPatch', data: fit('copiedBeforeWorkerPatch', variants, data) };
}

/** `process.env.PORT is read before dotenv fills it at line 2.` */
function describeEnvRead(input: DescribeInput, read: { names: readonly string[]; chain: readonly ChainStep[] }): ImportOrderReport {
  const { cwd } = input;
  const { at, reach } = placeParts(cwd, input.filename, input.patch);
  const names = read.names.filter((n) => n !== '*');
  const base =
    names.length === 1
      ? `process.env.${names[0]} is read`
      : names.length
        ? `process.env is read (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`
        : 'process.env is read';
  const last = read.chain[read.chain.length - 1];
  const placed = last ? `${base} at ${describeStep(cwd, last)} while this line runs,` : base;
  const chain = read.chain.length ? chainSentence(cwd, read.chain) : '';
  const reachSentence = reach ? ` The activation is reached from ${reach}.` : '';
  const whereFull = reach ? `${at} (reached from ${reach})` : at;
  const variants: Variant[] = [
    { subject: placed, where: whereFull, details: read.chain.length > 1 ? chain : '' },
    { subject: placed, where: at, details: `${read.chain.length > 1 ? chain : ''}${reachSentence}` },
    { subject: base, where: at, details: `${chain}${reachSentence}` },
  ];
  return { messageId: 'envReadBeforeLoad', data: fit('envReadBeforeLoad', variants, { patcher: input.patcher }) };
}

/** A catalog entry as the messages read it (a Python entry may name a symptom per target). */
export type CatalogEntry = PatcherEntry & { targetSymptoms?: Readonly<Record<string, string>> };

export interface MessagePlace {
  cwd: string;
  filename: string;
  /** Why the file is a native ES module (only an activation that needs a preload asks). */
  esmFormat?: () => string;
}

/** The message id and data of one problem; `entry` is the catalog entry of its activation. */
export function describeProblem(problem: OrderProblem, entry: CatalogEntry | undefined, place: MessagePlace): ImportOrderReport {
  const patcher = entry?.title ?? problem.patch.event.patcherId;
  const preload = entry?.esmStart ?? `--import ${entry?.preloads?.[0] ?? '<init file>'}`;
  if (problem.kind === 'esm-preload') return { messageId: 'esmNeedsPreload', data: { patcher, preload, format: place.esmFormat?.() ?? '' } };
  const input = { cwd: place.cwd, filename: place.filename, patcher, patch: problem.patch };
  if (problem.kind === 'elided') return describeElided(input, problem.patch.event.elided ?? { module: patcher, names: [] });
  if (problem.kind === 'esm-static') {
    return describeLoad(input, {
      module: displayModule(problem.module, place.cwd),
      chain: problem.chain,
      also: problem.also.map((m) => displayModule(m, place.cwd)),
      symptom: symptomFor(entry, problem.module),
      esmPreload: preload,
    });
  }
  if (problem.kind === 'capture') {
    const capture = { ...problem, by: problem.capture.by, symptom: symptomFor(entry, problem.module) };
    const worker = problem.patch.event.worker;
    return worker ? describeWorkerCapture(input, capture, worker) : describeCapture(input, capture);
  }
  if (problem.kind === 'env') return describeEnvRead(input, problem);
  return describeLoad(input, {
    module: displayModule(problem.module, place.cwd),
    chain: problem.chain,
    also: problem.also.map((m) => displayModule(m, place.cwd)),
    symptom: symptomFor(entry, problem.module),
    mock: problem.patch.event.activation === 'mock',
  });
}

/** A local target as a path relative to `cwd` when it is below it; a package name as it is. */
function displayModule(module: string, cwd: string): string {
  return module.startsWith('/') ? (module.startsWith(`${cwd}/`) ? module.slice(cwd.length + 1) : module) : module;
}
