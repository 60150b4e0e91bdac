import type { CaptureEvent, ChainStep, LoadEvent, ModuleSummary, PatchEvent, ResolvedModule, SpawnEvent, TimelineEvent } from './types.js';
import { stats } from '../util/stats.js';

/** What evaluating a module (completely, with everything it loads) does. */
export interface ModuleFacts {
  /**
   * Modules loaded, keyed by `moduleKeys()`, with the chain of loads that reaches each first. Only keys
   * the host finds interesting are kept (patch targets, not every file), so facts stay small.
   */
  loads: Map<string, LoadFact>;
  /** Patches activated, in evaluation order. */
  patches: PatchFact[];
  /** Spawns started at module time, in evaluation order. */
  spawns: SpawnFact[];
  /** Names copied out of interesting modules at module time (they keep the unpatched value). */
  captures: CaptureFact[];
  /** The walk stopped early (depth or size bound): the facts may be incomplete. */
  truncated: boolean;
  /**
   * Files of the evaluated closure that may activate a patch (`GraphHost.mayActivate`), the module itself
   * included: few in any program, so a program walk knows which of them have run.
   */
  activators: ReadonlySet<string>;
  /** Some module of the closure exports a function that activates a patch when called (later, from anywhere). */
  activatesOnCall: boolean;
  /**
   * A program walk stopped here: nothing evaluated after this point could activate a patch, so what it loads
   * cannot be too early for one (`GraphWalker.program`). Such facts hold only what ran before, and are never memoized.
   */
  cut?: boolean;
}

export interface LoadFact {
  /** Hops from the module the facts belong to down to the file that performs the load (inclusive). */
  readonly chain: ChainStep[];
  /** Known only because a package that was loaded is known to load it (catalog table). */
  viaPackage?: boolean;
  /** For `process.env`: the variables read while the module loads (`*` for the whole object). */
  readonly names?: ReadonlySet<string>;
}
export interface PatchFact {
  event: PatchEvent;
  file: string;
  readonly chain: ChainStep[];
  /**
   * How many of the module's `loads` (in their Map order, which is evaluation order) happened before this
   * patch: a module can load a target and only then activate the patcher (an init file that loads a
   * framework first), and that order must survive being folded into its importers' facts.
   */
  readonly loadsBefore: number;
}
export interface CaptureFact {
  event: CaptureEvent;
  file: string;
  readonly chain: ChainStep[];
}
export interface SpawnFact {
  event: SpawnEvent;
  file: string;
  readonly chain: ChainStep[];
}

export interface GraphHost {
  /** The summary of a local file, or null when it cannot be read. */
  summary(path: string): ModuleSummary | null;
  /** Modules a package (or stdlib module) is known to load when it loads (catalog / generated tables). */
  packageLoads(resolved: ResolvedModule): readonly string[];
  /** Whether facts should carry loads of / copies from this module key (default: all). */
  interesting?(key: string): boolean;
  /**
   * Local files whose facts cannot hold what this walker is asked about (a pre-scan says so): neither summarized nor
   * walked, their loads and calls left out. For a walker of its own (its memo holds facts without them).
   */
  skip?(path: string): boolean;
  /**
   * Whether evaluating this local file itself (not what it loads) may activate a patch: an over-approximation from
   * its text (it names a patcher package, or a mock call). Absent: every file may, and program walks never stop early.
   */
  mayActivate?(path: string): boolean;
  /** The local files that may activate (`mayActivate`) among `paths` and everything they may load, transitively (text pre-scan). */
  activatorsFrom?(paths: readonly string[]): ReadonlySet<string>;
  /** The patchers an activator's text may activate, or null when it may activate any (absent: any). */
  patchersNamedIn?(path: string): readonly string[] | null;
  /**
   * Whether this activation covers every target its patcher can have, so that a later activation of the same patcher
   * has nothing left to be too late for (absent: never).
   */
  coversAll?(event: PatchEvent): boolean;
  /** Current cache epoch; memoized facts from an older epoch are revalidated. */
  epoch(): number;
  freshnessMs: number;
  maxDepth: number;
  maxModules: number;
}

/**
 * Chains are shared linked lists: a module's facts prepend one hop to its dependencies' chains instead
 * of copying them, so memory grows with the number of facts, not with facts × depth.
 */
type Link = { readonly step: ChainStep; readonly next: Link } | null;

function link(steps: readonly ChainStep[], tail: Link): Link {
  let out = tail;
  for (let i = steps.length - 1; i >= 0; i--) out = { step: steps[i]!, next: out };
  return out;
}

function toArray(l: Link): ChainStep[] {
  const out: ChainStep[] = [];
  for (let n = l; n; n = n.next) out.push(n.step);
  return out;
}

class Linked {
  #chain: ChainStep[] | undefined;
  constructor(readonly link: Link) {}
  get chain(): ChainStep[] {
    return (this.#chain ??= toArray(this.link));
  }
}

class LinkedLoad extends Linked implements LoadFact {
  constructor(l: Link, readonly viaPackage?: boolean, readonly names?: Set<string>) {
    super(l);
  }
}

/** The `process.env` fact of `facts` gains the variables `more` reads (a module reads several while it loads). */
function addEnvNames(facts: ModuleFacts, more: Iterable<string> | undefined): void {
  const fact = facts.loads.get('process.env');
  if (fact instanceof LinkedLoad && fact.names && more) for (const n of more) fact.names.add(n);
}
class LinkedEvent<E> extends Linked {
  constructor(readonly event: E, readonly file: string, l: Link) {
    super(l);
  }
}
class LinkedPatch extends LinkedEvent<PatchEvent> implements PatchFact {
  constructor(event: PatchEvent, file: string, l: Link, readonly loadsBefore: number) {
    super(event, file, l);
  }
}

const linkOf = (fact: object): Link => (fact instanceof Linked ? fact.link : link((fact as { chain: ChainStep[] }).chain, null));

const NONE: ReadonlySet<string> = new Set();

function emptyFacts(): ModuleFacts {
  return { loads: new Map(), patches: [], spawns: [], captures: [], truncated: false, activators: NONE, activatesOnCall: false };
}

/** Whether a function the module exports activates a patch itself when called. */
function exportsActivation(summary: ModuleSummary): boolean {
  for (const body of Object.values(summary.exportedFunctions ?? {})) if (body.some((e) => e.kind === 'patch')) return true;
  return false;
}

/**
 * One program's walk in evaluation order (`GraphWalker.program`): the files that may still activate a patch, and
 * whether the entry's own statements still may. Once none can, the rest of the program cannot load anything too
 * early for a patch, and is not walked (nor parsed).
 */
export interface ProgramWalk {
  /** The facts of a module the entry loads now, in the entry's order; cut short once nothing ahead can activate. */
  facts(path: string): ModuleFacts | null;
  /** Whether nothing evaluated from now on can activate a patch. */
  settled(): boolean;
  /** The entry's own statements after the current one may still activate (a patch, or a call into a local module). */
  ownActivationsAhead: boolean;
  /** Stop never: a native ES module start sees static imports after it too; some later call may activate. */
  neverSettle(): void;
  /** Whether evaluating this local file, or calling a function it exports, may activate a patch (its text names a patcher). */
  mayActivate(path: string): boolean;
  /** One of the entry's own activations ran (those in modules it loads are seen by the walk itself). */
  activated(event: PatchEvent): void;
  /** Whether facts carry loads of, and copies out of, this module key (`GraphHost.interesting`). */
  keeps(key: string): boolean;
}

/**
 * The `ProgramWalk` of one entry over its `ProgramState`. A class, not an object literal with a getter (docs/design.md:
 * such literals kept what their getter closed over alive until a full collection).
 */
class EntryWalk implements ProgramWalk {
  constructor(
    private readonly state: ProgramState,
    private readonly host: GraphHost,
    private readonly walkFacts: (path: string) => ModuleFacts | null,
    private readonly keep: (key: string) => boolean,
  ) {}

  facts(path: string): ModuleFacts | null {
    return this.state.settled(path) ? { ...emptyFacts(), cut: true } : this.walkFacts(path);
  }

  settled(): boolean {
    return this.state.settled();
  }

  get ownActivationsAhead(): boolean {
    return this.state.own;
  }

  set ownActivationsAhead(value: boolean) {
    this.state.own = value;
  }

  neverSettle(): void {
    this.state.never = true;
  }

  mayActivate(path: string): boolean {
    return this.host.mayActivate?.(path) ?? true;
  }

  activated(event: PatchEvent): void {
    this.state.ran(event);
  }

  keeps(key: string): boolean {
    return this.keep(key);
  }
}

class ProgramState {
  /** Activators the program may still evaluate, not yet evaluated to the end, with the patchers each may still matter for (null: any). */
  readonly pending = new Map<string, Set<string> | null>();
  /** Patchers an activation has fully covered: a later activation of one adds nothing to judge. */
  readonly active: Set<string>;
  own: boolean;
  never: boolean;

  constructor(
    private readonly host: GraphHost,
    activators: Iterable<string>,
    active: Iterable<string>,
    own: boolean,
  ) {
    this.active = new Set(active);
    this.own = own;
    this.never = !host.mayActivate || !host.activatorsFrom;
    for (const a of activators) this.wait(a);
  }

  wait(file: string): void {
    const named = this.host.patchersNamedIn?.(file) ?? null;
    if (!named) return void this.pending.set(file, null);
    const left = named.filter((id) => !this.active.has(id));
    if (left.length) this.pending.set(file, new Set(left));
  }

  /** Files whose summary was asked what they activate (`settled`). */
  readonly #refined = new Set<string>();

  /**
   * Whether nothing evaluated from now on can activate a patch. `next`: the module the walk is about to evaluate (null:
   * one outside the project). Before walking into a module that is not an activator itself, the activators still
   * waited for because of their text are asked for their summaries (each once): one whose own timeline activates
   * nothing (a spy set up inside a test hook, a type imported from the agent) is not waited for. Without `next`,
   * nothing is read.
   */
  settled(next?: string | null): boolean {
    if (this.never || this.own) return false;
    if (!this.pending.size) return true;
    if (next === undefined || (next !== null && this.pending.has(next))) return false;
    for (const file of this.pending.keys()) {
      if (this.#refined.has(file)) continue;
      this.#refined.add(file);
      const own = activationsOf(this.host.summary(file));
      if (!own) continue;
      // An activation a package implies (it loads the agent itself) reports nothing: it only marks what loaded before
      // it, for an activation of the same patcher the project writes later, and the walk goes on to that one anyway.
      const left = own.ids.filter((id) => !this.active.has(id) && !own.impliedOnly.has(id));
      if (left.length) this.pending.set(file, new Set(left));
      else this.pending.delete(file);
    }
    return this.pending.size === 0;
  }

  /** An activation ran: when it covers everything its patcher can, files that name only covered patchers are not waited for. */
  ran(event: PatchEvent): void {
    if (this.active.has(event.patcherId) || !this.host.coversAll?.(event)) return;
    this.active.add(event.patcherId);
    for (const [file, left] of this.pending) if (left?.delete(event.patcherId) && !left.size) this.pending.delete(file);
  }
}

/**
 * The patchers that evaluating this module itself can activate, from its summary: its own patch events. Null when the
 * summary cannot tell: it calls into a local module (the called body may activate), or a function it exports
 * activates (the walk must reach it: some later call may activate). A module that cannot be read activates nothing.
 * What the modules it loads activate is theirs: each of them is an activator of its own.
 */
interface OwnActivations {
  ids: readonly string[];
  /** Of those, the patchers activated only by packages that load the agent themselves (`impliedBy`). */
  impliedOnly: ReadonlySet<string>;
}
const ACTIVATIONS = new WeakMap<ModuleSummary, OwnActivations | null>();
const NO_ACTIVATIONS: OwnActivations = { ids: [], impliedOnly: new Set() };
function activationsOf(summary: ModuleSummary | null): OwnActivations | null {
  if (!summary) return NO_ACTIVATIONS;
  let known = ACTIVATIONS.get(summary);
  if (known !== undefined) return known;
  const ids: string[] = [];
  const implied = new Set<string>();
  const outright = new Set<string>();
  let unknown = false;
  for (const e of summary.events) {
    if (e.kind === 'call' && e.resolved.type === 'file') {
      unknown = true;
      break;
    }
    if (e.kind !== 'patch') continue;
    if (!ids.includes(e.patcherId)) ids.push(e.patcherId);
    (e.impliedBy ? implied : outright).add(e.patcherId);
  }
  known = unknown || exportsActivation(summary) ? null : { ids, impliedOnly: new Set([...implied].filter((id) => !outright.has(id))) };
  ACTIVATIONS.set(summary, known);
  return known;
}


/** Keys a load is known under: the file path for local files; name (and name/subpath) for packages. */
export function moduleKeys(resolved: ResolvedModule): string[] {
  switch (resolved.type) {
    case 'file':
      return resolved.name ? [resolved.path, resolved.name] : [resolved.path];
    case 'package':
      return resolved.subpath ? [resolved.name, `${resolved.name}/${resolved.subpath}`] : [resolved.name];
    case 'builtin':
    case 'unresolved':
      return [resolved.name];
  }
}

interface Memo {
  facts: ModuleFacts;
  /** The module's own summary when the facts were computed. */
  summary: ModuleSummary;
  /** Local files this module loads or calls into, with the facts (or summary, for calls) used. */
  children: Map<string, ModuleFacts | ModuleSummary | null>;
  epoch: number;
  validatedAt: number;
}

interface Walk {
  stack: Set<string>;
  budget: { count: number };
  program?: ProgramState;
}

/**
 * Memoized, cycle-safe, bounded walks over module summaries. One instance per cache/config key.
 * A module in a cycle sees its partner as "being evaluated": like the runtime, the second entry
 * into a module on the stack loads nothing new. Facts memoized inside a cycle follow the order seen
 * from the entry point that first reached them (documented).
 */
export class GraphWalker {
  readonly #memo = new Map<string, Memo>();
  readonly #programMemo = new Map<string, { facts: ModuleFacts | null; epoch: number; at: number }>();
  #validating = new Set<string>();

  constructor(private readonly host: GraphHost) {}

  facts(path: string): ModuleFacts | null {
    return this.#factsOf(path, { stack: new Set(), budget: { count: 0 } }, 0);
  }

  /** Facts for a summary that is not (or not yet) on disk: the file being linted. */
  factsOfSummary(summary: ModuleSummary): ModuleFacts {
    const children = new Map<string, ModuleFacts | ModuleSummary | null>();
    return this.#factsFrom(summary, { stack: new Set([summary.path]), budget: { count: 0 } }, 0, children);
  }

  clear(): void {
    this.#memo.clear();
    this.#programMemo.clear();
  }

  /**
   * A walk of the program that starts at `entry`, module by module in its evaluation order. Modules it evaluates to
   * the end are memoized as usual; once every file that may activate a patch has run (and the entry itself has no
   * activation left), the modules after that point are neither summarized nor walked: what they load comes after
   * every patch. Without `GraphHost.mayActivate` the walk never stops early. `loads`: the local files the entry's
   * own events load.
   */
  program(entry: string, loads: readonly string[] = [], active: Iterable<string> = []): ProgramWalk {
    // With the loads the entry's order has that its text does not show (Python's parent packages).
    const activators = this.host.mayActivate && this.host.activatorsFrom ? [...this.host.activatorsFrom([entry, ...loads])] : [];
    // The entry's own statements: `ownActivationsAhead`.
    const state = new ProgramState(this.host, activators.filter((a) => a !== entry), active, true);
    return new EntryWalk(state, this.host, (path) => this.#factsOf(path, { stack: new Set([entry]), budget: { count: 0 }, program: state }, 0), (key) => this.#keep(key));
  }

  /**
   * The facts of evaluating `path` as a program of its own (a preload), walked in its order and cut where nothing
   * ahead can activate a patch: its patches are all there, its loads up to its last possible activation.
   */
  programFacts(path: string): ModuleFacts | null {
    const { mayActivate, activatorsFrom } = this.host;
    if (!mayActivate || !activatorsFrom) return this.facts(path);
    // Facts cut short are not in the module memo; a preload is asked for by every test file that runs after it.
    const now = Date.now();
    const known = this.#programMemo.get(path);
    if (known && known.epoch === this.host.epoch() && now - known.at < this.host.freshnessMs) return known.facts;
    const state = new ProgramState(this.host, activatorsFrom([path]), [], false);
    const facts = this.#factsOf(path, { stack: new Set(), budget: { count: 0 }, program: state }, 0);
    this.#programMemo.set(path, { facts, epoch: this.host.epoch(), at: now });
    return facts;
  }

  /**
   * The chain by which evaluating `from` loads the file `target`, if it does (breadth-first over
   * summaries, bounded). For questions facts do not keep: a mocked project file.
   */
  pathToFile(from: string, target: string): ChainStep[] | null {
    if (from === target) return [];
    const seen = new Set<string>([from]);
    const queue: { path: string; chain: Link }[] = [{ path: from, chain: null }];
    for (let i = 0; i < queue.length && i < this.host.maxModules; i++) {
      const { path, chain } = queue[i]!;
      const summary = this.host.summary(path);
      for (const e of summary?.events ?? []) {
        if (e.kind !== 'load' || e.resolved.type !== 'file' || seen.has(e.resolved.path)) continue;
        const next = appendLink(chain, { file: path, loc: e.loc, specifier: e.specifier });
        if (e.resolved.path === target) return toArray(next);
        seen.add(e.resolved.path);
        queue.push({ path: e.resolved.path, chain: next });
      }
    }
    return null;
  }

  #factsOf(path: string, walk: Walk, depth: number): ModuleFacts | null {
    const memo = this.#memo.get(path);
    if (memo && this.#valid(path, memo, Date.now())) return ran(walk, memo.facts);
    // The bound counts modules computed in one walk (memo hits are free), so a large DAG whose parts
    // are already memoized is never cut short.
    if (++walk.budget.count > this.host.maxModules) return { ...emptyFacts(), truncated: true };
    const summary = this.host.summary(path);
    if (!summary) return null;
    const children = new Map<string, ModuleFacts | ModuleSummary | null>();
    walk.stack.add(path);
    let facts: ModuleFacts;
    try {
      facts = this.#factsFrom(summary, walk, depth, children);
    } finally {
      walk.stack.delete(path);
    }
    // Facts a program walk cut short hold only what ran before the cut: never memoized.
    if (facts.cut) return facts;
    // Facts cut by the depth bound are kept too (flagged `truncated`, best effort from the first walk
    // that reached them): recomputing them would be cut again, for every query of a deep graph.
    this.#memo.set(path, { facts, summary, children, epoch: this.host.epoch(), validatedAt: Date.now() });
    return ran(walk, facts);
  }

  /**
   * A memo stays valid while its own summary and every child's facts are the ones it was built from.
   * Checked at most once per freshness window (and after any detected change), recursively.
   */
  #valid(path: string, memo: Memo, now: number): boolean {
    if (memo.epoch === this.host.epoch() && now - memo.validatedAt < this.host.freshnessMs) return true;
    if (this.#validating.has(path)) return true; // a cycle: judged by the outer check
    this.#validating.add(path);
    try {
      if (this.host.summary(path) !== memo.summary) return false;
      for (const [child, used] of memo.children) {
        const childMemo = this.#memo.get(child);
        if (used && 'events' in used) {
          if (this.host.summary(child) !== used) return false;
        } else if (!childMemo || childMemo.facts !== used || !this.#valid(child, childMemo, now)) {
          if (used !== null || this.host.summary(child) !== null) return false;
        }
      }
      memo.epoch = this.host.epoch();
      memo.validatedAt = now;
      return true;
    } finally {
      this.#validating.delete(path);
    }
  }

  #factsFrom(summary: ModuleSummary, walk: Walk, depth: number, children: Memo['children']): ModuleFacts {
    stats.factsComputed++;
    const facts = emptyFacts();
    if (this.host.mayActivate?.(summary.path)) facts.activators = new Set([summary.path]);
    if (exportsActivation(summary)) facts.activatesOnCall = true;
    this.#events(facts, summary.path, summary.events, null, walk, depth, children, 0);
    return facts;
  }

  #keep(key: string): boolean {
    return this.host.interesting ? this.host.interesting(key) : true;
  }

  /** Fold events that happen in `file` into `facts`; `prefix` is the chain of calls that got there. */
  #events(
    facts: ModuleFacts,
    file: string,
    events: readonly TimelineEvent[],
    prefix: Link,
    walk: Walk,
    depth: number,
    children: Memo['children'],
    callDepth: number,
  ): void {
    for (const event of events) {
      if (facts.cut) return;
      if (walk.program && (event.kind === 'load' || event.kind === 'call') && walk.program.settled(event.resolved.type === 'file' ? event.resolved.path : null)) {
        facts.cut = true;
        return;
      }
      if (event.kind === 'patch') {
        // A native ES module start sees the static imports after it too: the program must be walked to its end.
        if (event.requireHookOnly && walk.program) walk.program.never = true;
        walk.program?.ran(event);
        facts.patches.push(new LinkedPatch(event, file, prefix, facts.loads.size));
      } else if (event.kind === 'spawn') {
        facts.spawns.push(new LinkedEvent(event, file, prefix));
      } else if (event.kind === 'load') {
        this.#addLoad(facts, file, event, prefix, walk, depth, children);
      } else if (event.kind === 'capture') {
        if (event.specifier === 'process.env') {
          // Env reads at module time travel like loads: an env loader must run before them.
          if (!facts.loads.has('process.env')) {
            facts.loads.set('process.env', new LinkedLoad(appendLink(prefix, { file, loc: event.loc, specifier: 'process.env' }), undefined, new Set(event.names)));
          } else {
            addEnvNames(facts, event.names);
          }
        } else if (moduleKeys(event.resolved).some((k) => this.#keep(k))) {
          facts.captures.push(new LinkedEvent(event, file, prefix));
        }
      } else if (event.kind === 'call' && event.resolved.type === 'file' && callDepth < 4) {
        // A call of a function exported by a local module runs its body here.
        if (this.host.skip?.(event.resolved.path)) continue;
        const callee = this.host.summary(event.resolved.path);
        children.set(event.resolved.path, callee);
        const body = callee?.exportedFunctions?.[event.name];
        if (body) {
          const hop: ChainStep = { file, loc: event.loc, specifier: event.specifier };
          this.#events(facts, event.resolved.path, body, appendLink(prefix, hop), walk, depth, children, callDepth + 1);
        }
      }
    }
  }

  #addLoad(facts: ModuleFacts, file: string, event: LoadEvent, prefix: Link, walk: Walk, depth: number, children: Memo['children']): void {
    const step: ChainStep = { file, loc: event.loc, specifier: event.specifier };
    const here = appendLink(prefix, step);
    const keys = moduleKeys(event.resolved);
    for (const key of keys) if (!facts.loads.has(key) && this.#keep(key)) facts.loads.set(key, new LinkedLoad(here));
    for (const name of this.host.packageLoads(event.resolved)) {
      if (!facts.loads.has(name) && this.#keep(name)) facts.loads.set(name, new LinkedLoad(here, true));
    }
    if (event.resolved.type !== 'file') return;
    const target = event.resolved.path;
    if (walk.stack.has(target) || children.has(target)) return; // being evaluated, or already merged
    if (this.host.skip?.(target)) return;
    if (depth >= this.host.maxDepth) {
      facts.truncated = true;
      return;
    }
    const child = this.#factsOf(target, walk, depth + 1);
    children.set(target, child);
    if (!child) return;
    if (child.truncated) facts.truncated = true;
    if (child.cut) facts.cut = true;
    if (child.activators.size) facts.activators = facts.activators.size ? new Set([...facts.activators, ...child.activators]) : child.activators;
    if (child.activatesOnCall) facts.activatesOnCall = true;
    // The child's loads and patches, interleaved in the child's evaluation order. In a DAG the same module is
    // reached along many paths: each event is kept once, by its first chain.
    const seen = seenEvents(facts);
    let index = 0;
    const childLoads = [...child.loads];
    const loadsThrough = (n: number) => {
      for (; index < Math.min(n, childLoads.length); index++) {
        const [key, fact] = childLoads[index]!;
        if (!facts.loads.has(key)) facts.loads.set(key, new LinkedLoad(concat(here, linkOf(fact)), fact.viaPackage, fact.names ? new Set(fact.names) : undefined));
        else if (key === 'process.env') addEnvNames(facts, fact.names);
      }
    };
    for (const p of child.patches) {
      loadsThrough(p.loadsBefore);
      if (!seen.has(p.event)) seen.add(p.event), facts.patches.push(new LinkedPatch(p.event, p.file, concat(here, linkOf(p)), facts.loads.size));
    }
    loadsThrough(childLoads.length);
    for (const s of child.spawns) if (!seen.has(s.event)) seen.add(s.event), facts.spawns.push(new LinkedEvent(s.event, s.file, concat(here, linkOf(s))));
    for (const c of child.captures) if (!seen.has(c.event)) seen.add(c.event), facts.captures.push(new LinkedEvent(c.event, c.file, concat(here, linkOf(c))));
  }
}

/**
 * A module evaluated to its end in a program walk: the activators it ran are no longer pending; one that exports an
 * activating function may be called from anywhere later, so that program is walked to its end.
 */
function ran(walk: Walk, facts: ModuleFacts): ModuleFacts {
  const program = walk.program;
  if (program) {
    // A module on the stack (a cycle back into it) has not run to its end here, whatever its memo says.
    for (const a of facts.activators) if (!walk.stack.has(a)) program.pending.delete(a);
    for (const p of facts.patches) {
      if (p.event.requireHookOnly) program.never = true;
      program.ran(p.event);
    }
    if (facts.activatesOnCall) program.never = true;
  }
  return facts;
}

const SEEN = new WeakMap<ModuleFacts, Set<object>>();
function seenEvents(facts: ModuleFacts): Set<object> {
  let set = SEEN.get(facts);
  if (!set) {
    set = new Set<object>([...facts.patches, ...facts.spawns, ...facts.captures].map((f) => f.event));
    SEEN.set(facts, set);
  }
  return set;
}

/** `prefix` followed by one more hop (prefixes are short: calls followed within a module). */
function appendLink(prefix: Link, step: ChainStep): Link {
  return link([...toArray(prefix), step], null);
}

/** `head` followed by `tail`, sharing `tail`. */
function concat(head: Link, tail: Link): Link {
  return link(toArray(head), tail);
}
