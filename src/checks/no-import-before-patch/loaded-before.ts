import type { CallEvent, ChainStep, LoadEvent, CaptureEvent, Loc, ModuleSummary, PatchEvent, TimelineEvent } from '../../graph/types.js';
import { moduleKeys, type ModuleFacts, type ProgramWalk } from '../../graph/walk.js';

/**
 * The language-neutral core of no-import-before-patch: scan a module's own timeline, expanding the
 * local modules it loads through their transitive facts, and find every target loaded (or name copied)
 * before a patch that had to see it.
 */

export type OrderProblem =
  | {
      kind: 'load';
      /** The event in this file where the target comes in (directly, or through `chain`). */
      at: LoadEvent | CallEvent;
      module: string;
      /** Hops after `at` that lead to the load of the target (empty when `at` loads it itself). */
      chain: ChainStep[];
      /** Other targets of the same patcher that `at` loads first too (one report per offending load). */
      also: string[];
      patch: PatchRef;
    }
  | {
      kind: 'capture';
      /** The capture itself, or the event in this file whose evaluation makes it (`chain` leads there). */
      at: CaptureEvent | LoadEvent | CallEvent;
      capture: CaptureEvent;
      chain: ChainStep[];
      module: string;
      names: string[];
      patch: PatchRef;
    }
  | { kind: 'env'; at: CaptureEvent | LoadEvent | CallEvent; names: string[]; chain: ChainStep[]; patch: PatchRef }
  /**
   * Native ES module, in-process start: a static import of a target in the same module graph, before or after
   * the start, is loaded before it runs (`at` brings it in, through `chain`).
   */
  | { kind: 'esm-static'; at: CaptureEvent | LoadEvent | CallEvent; module: string; chain: ChainStep[]; also: string[]; patch: PatchRef }
  /** An in-process start in a native ES module that imports application code statically, with no `await import()` after it. */
  | { kind: 'esm-preload'; patch: PatchRef }
  /** The activation is an import the compiler drops: the patcher never starts (`patch.event.elided` names the unused bindings). */
  | { kind: 'elided'; patch: PatchRef };

export interface PatchRef {
  event: PatchEvent;
  /** File that holds the activation. */
  file: string;
  /** Hops from this file to the activation (empty when it is in this file). */
  chain: ChainStep[];
  /** The event in this file that leads to the activation (the patch itself, the load of its module, or a call). */
  via: PatchEvent | LoadEvent | CallEvent;
}

export interface AnalysisHost {
  facts(path: string): ModuleFacts | null;
  /**
   * A walk of the program that starts at this module, in its order (`GraphWalker.program`): when given, the modules
   * it loads are walked through it, and nothing is walked once no activation can come any more.
   */
  program?(entry: string, loads: readonly string[], active: ReadonlySet<string>): ProgramWalk;
  /** The chain by which evaluating a local file loads another local file (mocked files), or null. */
  pathToFile?(from: string, target: string): ChainStep[] | null;
  /** Names a package copies out of other modules while it loads (urllib3 copies ssl.SSLContext). */
  packageCaptures?(resolved: LoadEvent['resolved']): Record<string, string[]>;
  /** Modules a package (or standard-library module) loads when it loads (catalog tables), for this file's own loads. */
  packageLoads?(resolved: LoadEvent['resolved']): readonly string[];
  /** Events of an exported function of a local module, when called. */
  calledFunction(path: string, name: string): readonly TimelineEvent[] | null;
  /** Patcher ids already active before the entry runs (preloads). */
  preloaded: ReadonlySet<string>;
  /**
   * The first copy of one of `names` out of `module` that evaluating the local file `from` makes (for stubs of
   * single exports, whose module facts do not keep), with the chain to it.
   */
  copyIn?(from: string, module: string, names: readonly string[]): { capture: CaptureEvent; chain: ChainStep[] } | null;
  /**
   * The catalog entry of a patcher: `replacedExports` say which copied names keep the unpatched value (absent:
   * every copied name does); for `copyOnlyTargets` only such a copy matters, not the load.
   */
  entry?(patcherId: string): { replacedExports?: Readonly<Record<string, readonly string[]>>; copyOnlyTargets?: readonly string[] } | undefined;
}

interface Loaded {
  at: LoadEvent | CallEvent;
  chain: ChainStep[];
  viaPackage?: boolean;
}

export function findPatchOrderProblems(summary: ModuleSummary, host: AnalysisHost): OrderProblem[] {
  const findings: OrderProblem[] = [];
  const loaded = new Map<string, Loaded>();
  /** Each load in this module that brings in one of the project's files first (for `<local>` targets). */
  const localFirsts: Loaded[] = [];
  const captures: { capture: CaptureEvent; at: CaptureEvent | LoadEvent | CallEvent; chain: ChainStep[] }[] = [];
  const envReads: { at: CaptureEvent | LoadEvent | CallEvent; names: string[]; chain: ChainStep[] }[] = [];
  /**
   * What each patcher covers so far: all of its targets when preloaded, else the targets of its activations seen
   * up to here (`tracer.init({ plugins: false })` covers none, a later `tracer.use('pg')` adds pg).
   */
  const covered = new Map<string, Set<string> | 'all'>([...host.preloaded].map((id) => [id, 'all'] as const));
  /** Local files loaded directly by this module so far, for file targets facts do not keep. */
  const localLoads: { at: LoadEvent | CallEvent; path: string; base: ChainStep[] }[] = [];
  const throughLocal = (target: string): Loaded | undefined => {
    if (!target.startsWith('/') || !host.pathToFile) return undefined;
    for (const l of localLoads) {
      const chain = host.pathToFile(l.path, target);
      if (chain) return { at: l.at, chain: [...l.base, ...chain] };
    }
    return undefined;
  };
  const seenCaptures = new Set<CaptureEvent>();
  /**
   * Patchers a package activated itself (`@nestjs/common` imports `reflect-metadata`), with what had loaded by then:
   * only that is still too early for the project's own activation further down.
   */
  const implied = new Map<string, { keys: Set<string>; captures: number; localFirsts: number }>();
  /** In-process starts in native ES modules: the static imports after them are loaded before them too. */
  const esmStarts: { patch: PatchRef; targets: string[]; deferredEntry: boolean }[] = [];
  let staticLocalImport = false;
  const ownLoads = summary.events.flatMap((e) => (e.kind === 'load' && e.resolved.type === 'file' ? [e.resolved.path] : []));
  const program = host.program?.(summary.path, ownLoads, host.preloaded);
  /**
   * The module's own last event that may activate something a walk must see the program up to: a patch, or a call
   * into a local module whose text names a patcher (the modules a called function loads are walked through `program`,
   * and wait for their activators). `lastOwnEvent`: the last one of any kind, a spy too (judged from this module's own
   * loads: what the program loads through them cannot matter to it).
   */
  let lastOwnActivation = -1;
  let lastOwnEvent = -1;
  if (program) {
    summary.events.forEach((e, i) => {
      const activates = ownActivation(e, program, host, 0);
      if (activates) lastOwnEvent = i;
      if (activates === 'walk') lastOwnActivation = i;
    });
  }

  const check = (patch: PatchRef): void => {
    const id = patch.event.patcherId;
    const before = covered.get(id);
    if (before === 'all') return;
    if (patch.event.elided) {
      // Never runs: nothing becomes active, and the import itself is the finding.
      findings.push({ kind: 'elided', patch });
      return;
    }
    if (patch.event.impliedBy) {
      // A package that loads the activation module itself: the project did not write it and has nothing to move;
      // what loads after it sees the patch. If the project activates it too, further down, only what loaded before
      // this point is too early for that activation.
      if (!implied.has(id)) implied.set(id, { keys: new Set(loaded.keys()), captures: captures.length, localFirsts: localFirsts.length });
      return;
    }
    const window = implied.get(id);
    // Only the targets this activation adds are checked here; the others were checked where they came in.
    const targets = before ? patch.event.targets.filter((t) => !before.has(t)) : patch.event.targets;
    if (before && !targets.length) return;
    covered.set(id, new Set([...(before ?? []), ...targets]));
    const first = findings.length;
    const esm = !!patch.event.requireHookOnly && targets.length > 0;
    const { replacedExports: replaced, copyOnlyTargets: copyOnly = [] } = host.entry?.(id) ?? {};
    // Core modules it wraps in place when next required are harmless to load first here too.
    if (esm) esmStarts.push({ patch, targets: targets.filter((t) => !copyOnly.includes(t)), deferredEntry: false });
    const reported = new Set<object>();
    const bestPerLoad = new Map<LoadEvent | CallEvent, { hit: Loaded; module: string; also: string[] }>();
    // Copies first (the more precise report), then loads at places not reported yet.
    for (const target of targets) {
      if (target === 'process.env') {
        for (const read of envReads) if (!reported.has(read.at)) {
          reported.add(read.at);
          findings.push({ kind: 'env', at: read.at, names: read.names, chain: read.chain, patch });
        }
        continue;
      }
      for (const c of patch.event.capturesMatter || patch.event.captureOnly ? captures.slice(0, window?.captures) : []) {
        if (reported.has(c.at)) continue;
        // Through other modules, a copy matters only where the load does not (capture-only patchers and
        // targets); otherwise the load that brings the module in is the report.
        if (c.chain.length && !patch.event.captureOnly && !copyOnly.includes(target)) continue;
        if (!moduleKeys(c.capture.resolved).includes(target)) continue;
        // A copy keeps the unpatched value only for exports the patcher replaces on the module object (not a
        // constant, not a class patched on its prototype).
        const names = c.capture.names.filter((n) => (!patch.event.names || patch.event.names.includes(n)) && (!replaced || !!replaced[target]?.includes(n)));
        if (!names.length) continue;
        reported.add(c.at);
        findings.push({ kind: 'capture', at: c.at, capture: c.capture, chain: c.chain, module: c.capture.specifier, names, patch });
      }
      // A stub of one export (`jest.spyOn(fs, 'readFile')`): the code under test loaded before it may hold a copy.
      if (patch.event.activation === 'mock' && patch.event.captureOnly && patch.event.names && host.copyIn) {
        for (const l of localLoads) {
          if (reported.has(l.at)) continue;
          const hit = host.copyIn(l.path, target, patch.event.names);
          if (!hit) continue;
          reported.add(l.at);
          findings.push({ kind: 'capture', at: l.at, capture: hit.capture, chain: [...l.base, ...hit.chain], module: hit.capture.specifier, names: hit.capture.names, patch });
        }
      }
    }
    for (const target of targets) {
      if (target === 'process.env') continue;
      const anyLoad = (!patch.event.captureOnly || !!patch.event.loadTargets?.includes(target)) && !copyOnly.includes(target);
      const directLoad = !!patch.event.directLoadTargets?.includes(target);
      if (!anyLoad && !directLoad) continue;
      // Every load of this file that brings a target in first is its own report (a directive on one
      // of them must not hide the others); `<local>` is met by each project file loaded before the hook.
      const inWindow = (key: string) => !window || window.keys.has(key);
      const hits =
        target === '<local>'
          ? localFirsts.slice(0, window?.localFirsts)
          : target.endsWith('/*')
            ? [...loaded].filter(([key]) => key.startsWith(target.slice(0, -1)) && inWindow(key)).map(([, l]) => l)
            : inWindow(target)
              ? [loaded.get(target) ?? throughLocal(target)]
              : [];
      for (const hit of hits) {
        if (hit && !anyLoad && hit.viaPackage) continue;
        if (!hit || reported.has(hit.at)) continue;
        // An import that also copies names is reported once, as the more precise capture.
        if (findings.some((f) => f.kind === 'capture' && (within(hit.at.loc, f.at.loc) || sameStatementLine(hit.at.loc, f.at.loc)))) continue;
        const module = target === '<local>' || target.endsWith('/*') ? hit.at.specifier : target;
        const best = bestPerLoad.get(hit.at);
        if (!best) bestPerLoad.set(hit.at, { hit, module, also: [] });
        else if (better(hit, best.hit)) bestPerLoad.set(hit.at, { hit, module, also: [best.module, ...best.also] });
        else if (module !== best.module && !best.also.includes(module)) best.also.push(module);
      }
    }
    // One report per offending load in this file, naming the most direct target it brings in.
    for (const [at, { hit, module, also }] of bestPerLoad) {
      reported.add(at);
      findings.push({ kind: 'load', at, module, chain: hit.chain, also, patch });
    }
    // In a native ES module the start cannot see what was loaded before it any more than what is imported after.
    if (esm) {
      for (let i = first; i < findings.length; i++) {
        const f = findings[i]!;
        if (f.kind === 'load') findings[i] = { kind: 'esm-static', at: f.at, module: f.module, chain: f.chain, also: f.also, patch };
        else if (f.kind === 'capture') findings[i] = { kind: 'esm-static', at: f.at, module: f.module, chain: f.chain, also: [], patch };
      }
    }
  };

  /**
   * A static import evaluated after an in-process start of a native ES module: it was loaded (linked) with the
   * whole static graph before any code ran, so the start does not see the targets it brings in either.
   */
  const staticAfterStart = (event: LoadEvent, keys: readonly string[], facts: ModuleFacts | null): void => {
    for (const start of esmStarts) {
      const hits: { module: string; chain: ChainStep[]; viaPackage?: boolean }[] = [];
      for (const key of keys) if (start.targets.includes(key) && !loaded.has(key)) hits.push({ module: key, chain: [] });
      for (const [key, fact] of facts?.loads ?? []) {
        if (start.targets.includes(key) && !loaded.has(key) && !throughSelf(fact.chain) && !hits.some((h) => h.module === key)) {
          hits.push({ module: key, chain: fact.chain, viaPackage: fact.viaPackage });
        }
      }
      if (!hits.length) continue;
      const [best, ...rest] = hits.sort((a, b) => (!!a.viaPackage !== !!b.viaPackage ? (a.viaPackage ? 1 : -1) : a.chain.length - b.chain.length));
      findings.push({ kind: 'esm-static', at: event, module: best!.module, chain: best!.chain, also: rest.map((h) => h.module), patch: start.patch });
    }
  };

  // In a cycle back to this module, the runtime finds it already on the stack and runs none of
  // it again: what the facts reach through this file does not happen at this point.
  const throughSelf = (chain: readonly ChainStep[]) => chain.some((s) => s.file === summary.path);

  /**
   * Fold events happening in `file` into the scan. `via` is set for events of an exported function
   * of another module called from this one: `at` is the call in this file, `prefix` the hops after it.
   */
  const handle = (events: readonly TimelineEvent[], file: string, via: { at: CallEvent; prefix: ChainStep[] } | null, depth: number): void => {
    const top = events === summary.events;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (top && program) {
        // Up to and including its last patch or call, the module itself may still activate something.
        program.ownActivationsAhead = i <= lastOwnActivation;
        // Past the last possible activation nothing can be loaded too early any more: the rest is not walked (a spy
        // further down is still judged, from this module's own loads: the walk gives empty facts once settled).
        if (program.settled() && i > lastOwnEvent) break;
      }
      if (event.kind === 'patch') {
        if (event.requireHookOnly) program?.neverSettle(); // a native ES module start: every static import counts
        const chain = via ? [{ file: summary.path, loc: via.at.loc, specifier: via.at.specifier }, ...via.prefix] : [];
        check({ event, file, chain, via: via ? via.at : event });
        program?.activated(event);
      } else if (event.kind === 'capture') {
        if (via) continue; // a copy made inside a called function lives in that module
        if (event.specifier === 'process.env') envReads.push({ at: event, names: event.names, chain: [] });
        else captures.push({ capture: event, at: event, chain: [] });
      } else if (event.kind === 'call') {
        if (event.resolved.type !== 'file' || depth >= 4) continue;
        const body = host.calledFunction(event.resolved.path, event.name);
        if (!body) continue;
        const hop: ChainStep = { file, loc: event.loc, specifier: event.specifier };
        handle(body, event.resolved.path, via ? { at: via.at, prefix: [...via.prefix, hop] } : { at: event, prefix: [] }, depth + 1);
      } else if (event.kind === 'load') {
        const keys = moduleKeys(event.resolved);
        if (loaded.has(keys[0]!)) continue; // evaluated already: loading again runs nothing
        const at: LoadEvent | CallEvent = via ? via.at : event;
        const base: ChainStep[] = via ? [...via.prefix, { file, loc: event.loc, specifier: event.specifier }] : [];
        const facts = event.resolved.type === 'file' ? (program ? program.facts(event.resolved.path) : host.facts(event.resolved.path)) : null;
        const step: ChainStep = {
          file: summary.path,
          loc: at.loc,
          specifier: at.specifier,
          ...(at.kind === 'load' && at.loadKind === 'py-parent' ? { parentPackage: true, ...(at.entry ? { entry: at.entry } : {}) } : {}),
        };
        if (!via && STATIC_LOADS.has(event.loadKind)) {
          if (event.resolved.type === 'file') staticLocalImport = true;
          if (esmStarts.length) staticAfterStart(event, keys, facts);
        }
        if (!via && event.loadKind === 'dynamic-import') for (const start of esmStarts) start.deferredEntry = true;
        for (const key of keys) if (!loaded.has(key)) loaded.set(key, { at, chain: base });
        // What a package loads when it loads (oslo_log loads threading): known from the catalog's tables.
        if (!facts) for (const name of host.packageLoads?.(event.resolved) ?? []) if (!loaded.has(name)) loaded.set(name, { at, chain: base, viaPackage: true });
        if (facts) {
          // Inside the loaded module, loads and activations keep their order: a target it loads before its
          // own activation is loaded before the patch, from this line.
          const factLoads = [...facts.loads];
          let next = 0;
          const loadsThrough = (n: number) => {
            for (; next < Math.min(n, factLoads.length); next++) {
              const [key, fact] = factLoads[next]!;
              if (!loaded.has(key) && !throughSelf(fact.chain)) loaded.set(key, { at, chain: [...base, ...fact.chain], viaPackage: fact.viaPackage });
            }
          };
          for (const p of facts.patches) {
            if (p.file === summary.path || throughSelf(p.chain)) continue;
            loadsThrough(p.loadsBefore);
            check({ event: p.event, file: p.file, chain: [step, ...base, ...p.chain], via: at });
          }
        }
        if (event.resolved.type === 'file') localLoads.push({ at, path: event.resolved.path, base });
        if (!via && host.packageCaptures) {
          for (const [module, names] of Object.entries(host.packageCaptures(event.resolved))) {
            const capture: CaptureEvent = { kind: 'capture', specifier: module, resolved: { type: 'builtin', name: module }, names, loc: event.loc, by: event.specifier };
            captures.push({ capture, at: capture, chain: [] });
          }
        }
        if (event.resolved.type === 'file' || event.specifier.startsWith('.')) localFirsts.push({ at, chain: base });
        if (facts) {
          for (const [key, fact] of facts.loads) {
            if (!loaded.has(key) && !throughSelf(fact.chain)) loaded.set(key, { at, chain: [...base, ...fact.chain], viaPackage: fact.viaPackage });
          }
          for (const c of facts.captures) {
            if (seenCaptures.has(c.event)) continue;
            seenCaptures.add(c.event);
            if (!throughSelf(c.chain) && c.file !== summary.path) {
              captures.push({ capture: c.event, at, chain: [...base, ...c.chain, { file: c.file, loc: c.event.loc, specifier: c.event.specifier }] });
            }
          }
          const envFact = facts.loads.get('process.env');
          if (envFact) envReads.push({ at, names: [...(envFact.names ?? [])], chain: [...base, ...envFact.chain] });
        }
      }
    }
  };
  handle(summary.events, summary.path, null, 0);
  // An in-process start in this very module, with nothing reported at its imports: it is still too late for the
  // application code it imports statically, unless that code is loaded with `await import()` after it (the
  // deferred entry point). A module that only starts the agent is judged where it is imported or preloaded.
  for (const start of esmStarts) {
    if (start.patch.chain.length || start.deferredEntry || !staticLocalImport) continue;
    if (findings.some((f) => f.kind === 'esm-static' && f.patch === start.patch)) continue;
    findings.push({ kind: 'esm-preload', patch: start.patch });
  }
  return findings;
}

/**
 * Whether an event of the module's own timeline may activate a patch: 'walk' when judging it needs the facts of what
 * the program loaded before it, 'own' when the module's own loads and copies are all it needs (a stub of single
 * exports, `vi.spyOn(storage, 'put')`, of a module whose copies facts do not carry), false when it activates nothing.
 */
function ownActivation(e: TimelineEvent, program: ProgramWalk, host: AnalysisHost, depth: number): 'walk' | 'own' | false {
  // A patcher active before the entry runs (a preload, a test runner's setup) has nothing left to be too late for.
  if (e.kind === 'patch') return host.preloaded.has(e.patcherId) ? false : factFree(e, program) ? 'own' : 'walk';
  if (e.kind !== 'call' || e.resolved.type !== 'file' || !program.mayActivate(e.resolved.path)) return false;
  // The body of the called function is followed (to depth 4, like `handle`): only its own activations count.
  if (depth >= 3) return 'walk';
  const body = host.calledFunction(e.resolved.path, e.name);
  let found: 'own' | false = false;
  for (const inner of body ?? []) {
    const a = ownActivation(inner, program, host, depth + 1);
    if (a === 'walk') return 'walk';
    if (a) found = a;
  }
  return found;
}

/**
 * A patch whose check uses nothing the walk's facts carry: it matters only for copies (no load of a target is
 * too early for it), and the facts keep no copy out of any of its targets.
 */
function factFree(e: PatchEvent, program: ProgramWalk): boolean {
  if (!e.captureOnly || e.loadTargets?.length || e.directLoadTargets?.length || e.impliedBy || e.requireHookOnly) return false;
  return e.targets.every((t) => t !== 'process.env' && t !== '<local>' && !t.endsWith('/*') && !program.keeps(t));
}

/** Loads a native ES module links before any of its code runs. */
const STATIC_LOADS = new Set<LoadEvent['loadKind']>(['import', 'side-effect-import', 're-export']);

function better(a: Loaded, b: Loaded): boolean {
  if (!!a.viaPackage !== !!b.viaPackage) return !a.viaPackage;
  return a.chain.length < b.chain.length;
}

/** `from threading import Lock`: the module and the name are two nodes of one statement. */
function sameStatementLine(a: Loc, b: Loc): boolean {
  return a.line === b.line && a.endLine === b.endLine;
}

function within(inner: Loc, outer: Loc): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return before(outer.line, outer.column, inner.line, inner.column) && before(inner.endLine, inner.endColumn, outer.endLine, outer.endColumn);
}
