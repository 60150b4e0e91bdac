import type { CaptureEvent, ChainStep, LoadEvent, ModuleSummary, PatchEvent, ResolvedModule, SpawnEvent, TimelineEvent } from './types.js';
import { stats } from './stats.js';

/** What evaluating a module (completely, with everything it loads) does. */
export interface ModuleFacts {
  /** Every module loaded, keyed by `moduleKeys()`, with the chain of loads that reaches it first. */
  loads: Map<string, LoadFact>;
  /** Patches activated, in evaluation order. */
  patches: PatchFact[];
  /** Spawns started at module time, in evaluation order. */
  spawns: SpawnFact[];
  /** Names copied out of modules at module time (they keep the unpatched value). */
  captures: CaptureFact[];
  /** The walk stopped early (depth or size bound, or a cycle): the facts may be incomplete. */
  truncated: boolean;
}

export interface LoadFact {
  /** Hops from the module the facts belong to down to the file that performs the load (inclusive). */
  chain: ChainStep[];
  /** Known only because a package that was loaded is known to load it (catalog table). */
  viaPackage?: boolean;
}
export interface PatchFact {
  event: PatchEvent;
  file: string;
  chain: ChainStep[];
}
export interface CaptureFact {
  event: CaptureEvent;
  file: string;
  chain: ChainStep[];
}
export interface SpawnFact {
  event: SpawnEvent;
  file: string;
  chain: ChainStep[];
}

export interface GraphHost {
  /** The summary of a local file, or null when it cannot be read. */
  summary(path: string): ModuleSummary | null;
  /** Modules a package (or stdlib module) is known to load when it loads (catalog / generated tables). */
  packageLoads(resolved: ResolvedModule): readonly string[];
  /** Current cache epoch; memoized facts from an older epoch are revalidated. */
  epoch(): number;
  freshnessMs: number;
  maxDepth: number;
  maxModules: number;
}

function mergeInto(facts: ModuleFacts, sub: ModuleFacts, prefix: ChainStep[]): void {
  for (const [key, fact] of sub.loads) if (!facts.loads.has(key)) facts.loads.set(key, { ...fact, chain: [...prefix, ...fact.chain] });
  for (const p of sub.patches) facts.patches.push({ ...p, chain: [...prefix, ...p.chain] });
  for (const sp of sub.spawns) facts.spawns.push({ ...sp, chain: [...prefix, ...sp.chain] });
  for (const c of sub.captures) facts.captures.push({ ...c, chain: [...prefix, ...c.chain] });
  if (sub.truncated) facts.truncated = true;
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
  epoch: number;
  validatedAt: number;
  /** The summaries the facts were computed from, to revalidate by identity. */
  deps: Map<string, ModuleSummary | null>;
}

/**
 * Memoized, cycle-safe, bounded walks over module summaries. One instance per cache/config key.
 * A module in a cycle sees its partner as "being evaluated": like the runtime, the second entry
 * into a module on the stack loads nothing new.
 */
export class GraphWalker {
  readonly #memo = new Map<string, Memo>();

  constructor(private readonly host: GraphHost) {}

  facts(path: string): ModuleFacts | null {
    const now = Date.now();
    const memo = this.#memo.get(path);
    if (memo && this.#valid(memo, now)) return memo.facts;
    const deps = new Map<string, ModuleSummary | null>();
    const facts = this.#compute(path, new Set(), 0, deps, { count: 0 });
    if (!facts) return null;
    this.#memo.set(path, { facts, epoch: this.host.epoch(), validatedAt: now, deps });
    return facts;
  }

  /** Facts for a summary that is not (or not yet) on disk: the file being linted. */
  factsOfSummary(summary: ModuleSummary): ModuleFacts {
    const deps = new Map<string, ModuleSummary | null>();
    return this.#factsFrom(summary, new Set([summary.path]), 0, deps, { count: 0 });
  }

  clear(): void {
    this.#memo.clear();
  }

  #valid(memo: Memo, now: number): boolean {
    if (memo.epoch === this.host.epoch() && now - memo.validatedAt < this.host.freshnessMs) return true;
    for (const [dep, summary] of memo.deps) {
      if (this.host.summary(dep) !== summary) return false;
    }
    memo.epoch = this.host.epoch();
    memo.validatedAt = now;
    return true;
  }

  #compute(
    path: string,
    stack: Set<string>,
    depth: number,
    deps: Map<string, ModuleSummary | null>,
    budget: { count: number },
  ): ModuleFacts | null {
    const summary = this.host.summary(path);
    deps.set(path, summary);
    if (!summary) return null;
    stack.add(path);
    try {
      return this.#factsFrom(summary, stack, depth, deps, budget);
    } finally {
      stack.delete(path);
    }
  }

  #factsFrom(
    summary: ModuleSummary,
    stack: Set<string>,
    depth: number,
    deps: Map<string, ModuleSummary | null>,
    budget: { count: number },
  ): ModuleFacts {
    stats.factsComputed++;
    const facts: ModuleFacts = { loads: new Map(), patches: [], spawns: [], captures: [], truncated: false };
    this.#events(facts, summary.path, summary.events, [], stack, depth, deps, budget);
    return facts;
  }

  /** Fold events that happen in `file` into `facts`; `prefix` is the chain of calls that got there. */
  #events(
    facts: ModuleFacts,
    file: string,
    events: readonly TimelineEvent[],
    prefix: ChainStep[],
    stack: Set<string>,
    depth: number,
    deps: Map<string, ModuleSummary | null>,
    budget: { count: number },
  ): void {
    for (const event of events) {
      if (event.kind === 'patch') {
        facts.patches.push({ event, file, chain: prefix });
      } else if (event.kind === 'spawn') {
        facts.spawns.push({ event, file, chain: prefix });
      } else if (event.kind === 'load') {
        const sub: ModuleFacts = prefix.length ? { loads: new Map(), patches: [], spawns: [], captures: [], truncated: false } : facts;
        this.#addLoad(sub, file, event, stack, depth, deps, budget);
        if (sub !== facts) mergeInto(facts, sub, prefix);
      } else if (event.kind === 'capture' && event.specifier === 'process.env') {
        // Env reads at module time travel like loads: an env loader must run before them.
        if (!facts.loads.has('process.env')) facts.loads.set('process.env', { chain: [...prefix, { file, loc: event.loc, specifier: 'process.env' }] });
      } else if (event.kind === 'capture') {
        facts.captures.push({ event, file, chain: prefix });
      } else if (event.kind === 'call' && event.resolved.type === 'file' && prefix.length < 4) {
        // A call of a function exported by a local module runs its body here.
        const callee = this.host.summary(event.resolved.path);
        deps.set(event.resolved.path, callee);
        const body = callee?.exportedFunctions?.[event.name];
        if (body) {
          const step: ChainStep = { file, loc: event.loc, specifier: event.specifier };
          this.#events(facts, event.resolved.path, body, [...prefix, step], stack, depth, deps, budget);
        }
      }
    }
  }

  #addLoad(
    facts: ModuleFacts,
    file: string,
    event: LoadEvent,
    stack: Set<string>,
    depth: number,
    deps: Map<string, ModuleSummary | null>,
    budget: { count: number },
  ): void {
    const step: ChainStep = { file, loc: event.loc, specifier: event.specifier };
    const keys = moduleKeys(event.resolved);
    const alreadyLoaded = facts.loads.has(keys[0]!);
    for (const key of keys) if (!facts.loads.has(key)) facts.loads.set(key, { chain: [step] });
    if (alreadyLoaded) return;
    for (const name of this.host.packageLoads(event.resolved)) {
      if (!facts.loads.has(name)) facts.loads.set(name, { chain: [step], viaPackage: true });
    }
    if (event.resolved.type !== 'file') return;
    const target = event.resolved.path;
    // A module on the stack is being evaluated: like the runtime, re-entering it loads nothing new.
    // Facts memoized inside a cycle follow the order seen from the first entry point (documented).
    if (stack.has(target)) return;
    if (depth >= this.host.maxDepth || ++budget.count > this.host.maxModules) {
      facts.truncated = true;
      return;
    }
    const memo = this.#memo.get(target);
    const child =
      memo && this.#valid(memo, Date.now())
        ? memo.facts
        : this.#memoize(target, this.#compute(target, stack, depth + 1, deps, budget), deps);
    if (memo) for (const [dep, summary] of memo.deps) deps.set(dep, summary);
    if (!child) return;
    if (child.truncated) facts.truncated = true;
    for (const [key, fact] of child.loads) {
      if (!facts.loads.has(key)) facts.loads.set(key, { chain: [step, ...fact.chain], viaPackage: fact.viaPackage });
    }
    for (const patch of child.patches) facts.patches.push({ ...patch, chain: [step, ...patch.chain] });
    for (const spawn of child.spawns) facts.spawns.push({ ...spawn, chain: [step, ...spawn.chain] });
    for (const c of child.captures) facts.captures.push({ ...c, chain: [step, ...c.chain] });
  }

  #memoize(path: string, facts: ModuleFacts | null, deps: Map<string, ModuleSummary | null>): ModuleFacts | null {
    // Facts cut by a bound are recomputed next time rather than served as complete.
    if (facts && !facts.truncated) {
      this.#memo.set(path, { facts, epoch: this.host.epoch(), validatedAt: Date.now(), deps: new Map(deps) });
    }
    return facts;
  }
}
