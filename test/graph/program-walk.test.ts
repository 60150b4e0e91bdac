// Program walks (GraphWalker.program / programFacts): a program is walked in its evaluation order and stops where
// nothing ahead can activate a patch. The modules after that point are never summarized: counted here through the
// host's reads, never timed.
import { describe, expect, it } from 'vitest';
import { GraphWalker, type GraphHost } from '../../src/graph/walk.js';
import type { LoadEvent, ModuleSummary, PatchEvent, TimelineEvent } from '../../src/graph/types.js';
import { findPatchOrderProblems } from '../../src/checks/no-import-before-patch/loaded-before.js';

const loc = { line: 1, column: 0, endLine: 1, endColumn: 1 };
const load = (file: string): LoadEvent => ({ kind: 'load', specifier: file, resolved: { type: 'file', path: file }, loadKind: 'require', conditional: false, loc });
const pkg = (name: string): LoadEvent => ({ kind: 'load', specifier: name, resolved: { type: 'package', name }, loadKind: 'require', conditional: false, loc });
const patch = (over: Partial<PatchEvent> = {}): PatchEvent => ({ kind: 'patch', patcherId: 'dd-trace', targets: ['pg'], activation: 'call', loc, ...over });
const mod = (p: string, ...events: TimelineEvent[]): ModuleSummary => ({ path: p, language: 'js', events });

/**
 * A host over in-memory summaries. `activators`: the files whose text names a patcher. Text-level deps are the
 * summaries' own file loads plus `textOnly` (edges a regex sees that do not run: type imports, lazy requires).
 */
function host(
  summaries: Record<string, ModuleSummary>,
  activators: string[],
  textOnly: Record<string, string[]> = {},
  named?: Record<string, string[]>,
): GraphHost & { reads: string[] } {
  const reads: string[] = [];
  const deps = (p: string) => [...(summaries[p]?.events ?? []).flatMap((e) => (e.kind === 'load' && e.resolved.type === 'file' ? [e.resolved.path] : [])), ...(textOnly[p] ?? [])];
  return {
    reads,
    summary: (p) => {
      reads.push(p);
      return summaries[p] ?? null;
    },
    packageLoads: () => [],
    mayActivate: (p) => activators.includes(p),
    activatorsFrom: (paths) => {
      const out = new Set<string>();
      const seen = new Set<string>();
      const stack = [...paths];
      while (stack.length) {
        const p = stack.pop()!;
        if (seen.has(p)) continue;
        seen.add(p);
        if (activators.includes(p)) out.add(p);
        stack.push(...deps(p));
      }
      return out;
    },
    ...(named
      ? {
          patchersNamedIn: (p: string) => named[p] ?? null,
          // dd-trace's every target is ['pg', 'express'] here.
          coversAll: (e: PatchEvent) => e.patcherId === 'dd-trace' && ['pg', 'express'].every((t) => e.targets.includes(t)),
        }
      : {}),
    epoch: () => 0,
    freshnessMs: 60_000,
    maxDepth: 500,
    maxModules: 10_000,
  };
}

const problemsOf = (walker: GraphWalker, entry: ModuleSummary, withProgram: boolean) =>
  findPatchOrderProblems(entry, {
    facts: (p) => walker.facts(p),
    ...(withProgram ? { program: (e: string, loads: readonly string[]) => walker.program(e, loads) } : {}),
    calledFunction: () => null,
    preloaded: new Set(),
  }).map((p) => `${p.kind}:${'module' in p ? p.module : ''}`);

describe('program walks stop after the last possible activation', () => {
  // entry: loads /early (which loads pg), then /tracer (activates), then /app and /big (never read).
  const app = {
    '/entry': mod('/entry', load('/early'), load('/tracer'), load('/app')),
    '/early': mod('/early', pkg('pg')),
    '/tracer': mod('/tracer', pkg('dd-trace'), patch()),
    '/app': mod('/app', load('/big'), pkg('pg')),
    '/big': mod('/big', pkg('express')),
  };

  it('the modules loaded after every activator has run are not read, and the report is the same', () => {
    const h = host(app, ['/tracer']);
    const walker = new GraphWalker(h);
    expect(problemsOf(walker, app['/entry'], true)).toEqual(['load:pg']);
    // /tracer's summary is asked first (does its own timeline activate?), before the walk goes into /early.
    expect(h.reads).toEqual(['/tracer', '/early', '/tracer']);
    const full = host(app, ['/tracer']);
    expect(problemsOf(new GraphWalker(full), app['/entry'], false)).toEqual(['load:pg']);
    expect(full.reads).toContain('/big');
  });

  it('an activator still ahead keeps the walk going: a second patch in /app is judged', () => {
    const later = { ...app, '/app': mod('/app', load('/big'), patch({ patcherId: 'sentry', targets: ['express'] })) };
    const h = host(later, ['/tracer', '/app']);
    expect(problemsOf(new GraphWalker(h), later['/entry'], true)).toEqual(['load:pg', 'load:express']);
    expect(h.reads).toContain('/big');
  });

  it('an activator reachable by text only (a type import) that never runs: no early stop, nothing missed', () => {
    const withTypes = { ...app, '/types': mod('/types', pkg('dd-trace'), patch({ patcherId: 'sentry', targets: ['express'] })) };
    const h = host(withTypes, ['/tracer', '/types'], { '/big': ['/types'] });
    expect(problemsOf(new GraphWalker(h), withTypes['/entry'], true)).toEqual(['load:pg']);
    expect(h.reads).toContain('/big');
  });

  it("the entry's own activation of a patcher already active before it runs (a preload) does not keep the walk going", () => {
    // /app is loaded before the entry's own (implied) reflect-metadata activation; reflect-metadata was preloaded.
    const entry = mod('/entry', load('/tracer'), load('/app'), patch({ patcherId: 'reflect-metadata', targets: ['<local>'], impliedBy: '@nestjs/testing' }));
    const summaries = { ...app, '/entry': entry };
    const run = (preloaded: string[]) => {
      const h = host(summaries, ['/tracer']);
      const walker = new GraphWalker(h);
      const problems = findPatchOrderProblems(entry, {
        facts: (p) => walker.facts(p),
        program: (e: string, loads: readonly string[], active: ReadonlySet<string>) => walker.program(e, loads, active),
        calledFunction: () => null,
        preloaded: new Set(preloaded),
      });
      return { problems: problems.map((p) => p.kind), reads: h.reads };
    };
    const preloaded = run(['reflect-metadata']);
    expect(preloaded.problems).toEqual([]);
    expect(preloaded.reads).not.toContain('/app');
    expect(preloaded.reads).not.toContain('/big');
    // Not preloaded: the walk goes on to the activation, through /app and /big.
    expect(run([]).reads).toContain('/big');
  });

  describe('an activator named by its text whose own timeline activates nothing is not waited for', () => {
    // /support names a mock call (a spy inside a test hook: not an event of its timeline); it runs last.
    const withSupport = (support: ModuleSummary) => ({
      '/entry': mod('/entry', load('/tracer'), load('/app'), load('/support')),
      '/tracer': mod('/tracer', patch({ targets: ['pg', 'express'] })),
      '/app': mod('/app', load('/big'), pkg('pg')),
      '/big': mod('/big', pkg('express')),
      '/support': support,
    });
    const hostOf = (summaries: Record<string, ModuleSummary>) => host(summaries, ['/tracer', '/support'], {}, { '/tracer': ['dd-trace'], '/support': ['jest.spyOn', 'dd-trace'] });

    it('no patch in its summary: the walk stops after /tracer, /app and /big are not read', () => {
      const app = withSupport(mod('/support', load('/app')));
      const h = hostOf(app);
      expect(problemsOf(new GraphWalker(h), app['/entry'], true)).toEqual([]);
      expect(h.reads).not.toContain('/big');
      expect(h.reads.filter((r) => r === '/support')).toEqual(['/support']); // its summary, asked once
    });

    it('a patch in its summary: waited for, and what loads before it is judged', () => {
      const app = withSupport(mod('/support', patch({ patcherId: 'sentry', targets: ['express'] })));
      const h = hostOf(app);
      expect(problemsOf(new GraphWalker(h), app['/entry'], true)).toEqual(['load:express']);
      expect(h.reads).toContain('/big');
    });

    it('only an activation a package implies (it loads the agent itself): not waited for', () => {
      const implied = patch({ patcherId: 'newrelic', targets: ['express'], impliedBy: 'some-sdk' });
      const app = withSupport(mod('/support', pkg('some-sdk'), implied));
      const h = host(app, ['/tracer', '/support'], {}, { '/tracer': ['dd-trace'], '/support': ['newrelic'] });
      expect(problemsOf(new GraphWalker(h), app['/entry'], true)).toEqual([]);
      expect(h.reads).not.toContain('/big');
    });

    it('an implied activation with an outright one of the same patcher still ahead: the walk goes on to that one, and the load before it is reported', () => {
      const implied = patch({ patcherId: 'newrelic', targets: ['express'], impliedBy: 'some-sdk' });
      const app = {
        ...withSupport(mod('/support', pkg('some-sdk'), implied)),
        '/entry': mod('/entry', load('/tracer'), load('/app'), load('/support'), load('/agent')),
        '/agent': mod('/agent', patch({ patcherId: 'newrelic', targets: ['express'] })),
      };
      const h = host(app, ['/tracer', '/support', '/agent'], {}, { '/tracer': ['dd-trace'], '/support': ['newrelic'], '/agent': ['newrelic'] });
      expect(problemsOf(new GraphWalker(h), app['/entry'], true)).toEqual(['load:express']);
      expect(h.reads).toContain('/big');
    });

    it('a call into another module in its timeline: the summary cannot tell, waited for', () => {
      const call: TimelineEvent = { kind: 'call', specifier: '/app', resolved: { type: 'file', path: '/app' }, name: 'setup', loc };
      const app = withSupport(mod('/support', call));
      const h = hostOf(app);
      problemsOf(new GraphWalker(h), app['/entry'], true);
      expect(h.reads).toContain('/big');
    });

    it('an exported function that activates: waited for (some later call may activate)', () => {
      const app = withSupport({ ...mod('/support'), exportedFunctions: { start: [patch({ patcherId: 'sentry', targets: ['express'] })] } });
      const h = hostOf(app);
      problemsOf(new GraphWalker(h), app['/entry'], true);
      expect(h.reads).toContain('/big');
    });
  });

  it('the entry itself patching later keeps everything before its own activation', () => {
    const entry = mod('/entry', load('/early'), load('/tracer'), load('/app'), patch({ patcherId: 'sentry', targets: ['express'] }));
    const h = host({ ...app, '/entry': entry }, ['/tracer']);
    expect(problemsOf(new GraphWalker(h), entry, true)).toEqual(['load:pg', 'load:express']);
    expect(h.reads).toContain('/big');
  });

  it('a native ES module start sees static imports after it too: never stops early', () => {
    const esm = { ...app, '/tracer': mod('/tracer', pkg('dd-trace'), patch({ requireHookOnly: true })) };
    const h = host(esm, ['/tracer']);
    const walker = new GraphWalker(h);
    const program = walker.program('/entry', ['/early', '/tracer', '/app']);
    program.ownActivationsAhead = false;
    program.facts('/early');
    program.facts('/tracer');
    expect(program.settled()).toBe(false);
  });

  it('a module exporting an activating function may be called later: the program never settles', () => {
    const callable: Record<string, ModuleSummary> = { ...app, '/tracer': { ...mod('/tracer', pkg('dd-trace')), exportedFunctions: { start: [patch()] } } };
    const walker = new GraphWalker(host(callable, ['/tracer']));
    const program = walker.program('/entry', ['/early', '/tracer', '/app']);
    program.ownActivationsAhead = false;
    program.facts('/early');
    program.facts('/tracer');
    expect(program.settled()).toBe(false);
  });

  it('facts cut short are not memoized: a later full query reads the rest', () => {
    // /hub loads the activator, then /rest; the program stops inside /hub.
    const hub = {
      '/entry': mod('/entry', load('/hub')),
      '/hub': mod('/hub', load('/tracer'), load('/rest')),
      '/tracer': mod('/tracer', patch()),
      '/rest': mod('/rest', pkg('pg')),
    };
    const h = host(hub, ['/tracer']);
    const walker = new GraphWalker(h);
    const program = walker.program('/entry', ['/hub']);
    program.ownActivationsAhead = false;
    const cut = program.facts('/hub')!;
    expect(cut.cut).toBe(true);
    expect(cut.loads.has('pg')).toBe(false);
    expect(h.reads).not.toContain('/rest');
    const full = walker.facts('/hub')!;
    expect(full.cut).toBeUndefined();
    expect(full.loads.has('pg')).toBe(true);
  });

  it('a cycle back into the activator (memoized from another walk): judged as by the full walk', () => {
    // /tracer loads /mid (which loads /tracer back), then /late, then patches.
    const cyc = {
      '/entry': mod('/entry', load('/tracer')),
      '/tracer': mod('/tracer', load('/mid'), load('/late'), patch()),
      '/mid': mod('/mid', load('/tracer')),
      '/late': mod('/late', pkg('pg')),
    };
    const h = host(cyc, ['/tracer']);
    const walker = new GraphWalker(h);
    walker.facts('/mid'); // memoizes /mid with /tracer among its activators
    expect(problemsOf(walker, cyc['/entry'], true)).toEqual(['load:pg']);
  });

  it('programFacts is asked once per preload, not once per test file: the same facts until a summary changes', () => {
    const pre = {
      '/setup': mod('/setup', load('/tracer'), load('/app')),
      '/tracer': mod('/tracer', patch()),
      '/app': mod('/app', pkg('pg')),
    };
    let epoch = 0;
    const h = { ...host(pre, ['/tracer']), epoch: () => epoch };
    const walker = new GraphWalker(h);
    const first = walker.programFacts('/setup');
    const reads = h.reads.length;
    expect(walker.programFacts('/setup')).toBe(first);
    expect(h.reads.length).toBe(reads);
    epoch++;
    expect(walker.programFacts('/setup')).not.toBe(first);
  });

  it('programFacts (a preload) keeps every patch of the program and stops after the last', () => {
    const pre = {
      '/setup': mod('/setup', load('/tracer'), load('/app')),
      '/tracer': mod('/tracer', patch()),
      '/app': mod('/app', load('/big')),
      '/big': mod('/big', pkg('pg')),
    };
    const h = host(pre, ['/tracer']);
    const facts = new GraphWalker(h).programFacts('/setup')!;
    expect(facts.patches.map((p) => p.event.patcherId)).toEqual(['dd-trace']);
    expect(h.reads).not.toContain('/big');
  });

  describe('files that name only a patcher already fully active are not waited for', () => {
    // /tracer starts dd-trace for every target; /spans names dd-trace again (another activation of it would add nothing).
    const spans = (first: PatchEvent) => ({
      '/entry': mod('/entry', load('/tracer'), load('/app')),
      '/tracer': mod('/tracer', first),
      '/app': mod('/app', pkg('express'), load('/spans')),
      '/spans': mod('/spans', patch({ targets: ['pg', 'express'] })),
    });

    it('after a full activation: the rest is not read', () => {
      const app = spans(patch({ targets: ['pg', 'express'] }));
      const h = host(app, ['/tracer', '/spans'], {}, { '/tracer': ['dd-trace'], '/spans': ['dd-trace'] });
      expect(problemsOf(new GraphWalker(h), app['/entry'], true)).toEqual([]);
      expect(h.reads).toEqual(['/tracer']);
    });

    it('after a partial one (pg only): /spans may still add express, loaded before it, and is reported', () => {
      const app = spans(patch({ targets: ['pg'] }));
      const h = host(app, ['/tracer', '/spans'], {}, { '/tracer': ['dd-trace'], '/spans': ['dd-trace'] });
      expect(problemsOf(new GraphWalker(h), app['/entry'], true)).toEqual(['load:express']);
      expect(problemsOf(new GraphWalker(host(app, ['/tracer', '/spans'])), app['/entry'], false)).toEqual(['load:express']);
    });

    it('a preloaded patcher is active from the start: files naming it are not waited for', () => {
      const app = spans(patch({ targets: ['pg'] }));
      const h = host(app, ['/tracer', '/spans'], {}, { '/tracer': ['dd-trace'], '/spans': ['dd-trace'] });
      const walker = new GraphWalker(h);
      const program = walker.program('/entry', ['/tracer', '/app'], ['dd-trace']);
      program.ownActivationsAhead = false;
      expect(program.settled()).toBe(true);
    });

    it('a file whose text names no activation of it (only other exports) is not waited for at all', () => {
      const app = spans(patch({ targets: ['pg', 'express'] }));
      const h = host(app, ['/tracer', '/spans'], {}, { '/tracer': ['dd-trace'], '/spans': [] });
      const program = new GraphWalker(h).program('/entry', ['/tracer', '/app']);
      program.ownActivationsAhead = false;
      program.facts('/tracer');
      expect(program.settled()).toBe(true);
    });
  });
});

