import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SummaryCache } from '../../src/graph/cache.js';
import { GraphWalker, type GraphHost } from '../../src/graph/walk.js';
import type { ModuleSummary, LoadEvent } from '../../src/graph/types.js';
import { resetStats, stats } from '../../src/util/stats.js';
import { clearProjects } from '../../src/lang/project.js';
import { lintProject } from '../helpers/lint-project.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'patch-order-graph-'));
  resetStats();
  clearProjects();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const loc = { line: 1, column: 0, endLine: 1, endColumn: 1 };
const load = (file: string): LoadEvent => ({ kind: 'load', specifier: file, resolved: { type: 'file', path: file }, loadKind: 'require', conditional: false, loc });
const pkg = (name: string): LoadEvent => ({ kind: 'load', specifier: name, resolved: { type: 'package', name }, loadKind: 'require', conditional: false, loc });

function host(summaries: Record<string, ModuleSummary>, over: Partial<GraphHost> = {}): GraphHost & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    summary: (p) => {
      reads.push(p);
      return summaries[p] ?? null;
    },
    packageLoads: (r) => (r.type === 'package' && r.name === 'knex' ? ['pg'] : []),
    epoch: () => 0,
    freshnessMs: 60_000,
    maxDepth: 500,
    maxModules: 10_000,
    ...over,
  };
}
const mod = (p: string, ...events: LoadEvent[]): ModuleSummary => ({ path: p, language: 'js', events });

describe('SummaryCache', () => {
  it('summarizes a file once, and again only after it changes on disk', () => {
    const file = path.join(dir, 'a.js');
    writeFileSync(file, 'one');
    const cache = new SummaryCache({ freshnessMs: 0, maxFileBytes: 1 << 20 });
    let calls = 0;
    const summarize = (p: string, text: string): ModuleSummary => (calls++, { path: p, language: 'js', events: [], parseError: text });
    const first = cache.get(file, file, summarize);
    expect(cache.get(file, file, summarize)).toBe(first);
    expect(calls).toBe(1);
    writeFileSync(file, 'two, longer');
    const second = cache.get(file, file, summarize);
    expect(calls).toBe(2);
    expect(second?.parseError).toBe('two, longer');
    expect(cache.epoch).toBe(1);
  });

  it('trusts a stat for freshnessMs, then sees the change', () => {
    const file = path.join(dir, 'a.js');
    writeFileSync(file, 'one');
    const cache = new SummaryCache({ freshnessMs: 1000, maxFileBytes: 1 << 20 });
    const summarize = (p: string, text: string): ModuleSummary => ({ path: p, language: 'js', events: [], parseError: text });
    cache.get(file, file, summarize, 10_000);
    writeFileSync(file, 'changed');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(cache.get(file, file, summarize, 10_500)?.parseError).toBe('one');
    expect(cache.get(file, file, summarize, 11_001)?.parseError).toBe('changed');
  });

  it('skips binary, missing and oversized files without throwing', () => {
    const bin = path.join(dir, 'bin.js');
    writeFileSync(bin, Buffer.from([0x63, 0, 1, 2]));
    const big = path.join(dir, 'big.js');
    writeFileSync(big, 'x'.repeat(2048));
    const cache = new SummaryCache({ freshnessMs: 0, maxFileBytes: 1024 });
    const summarize = (): ModuleSummary => {
      throw new Error('must not be called');
    };
    expect(cache.get(bin, bin, summarize)?.parseError).toBe('binary file');
    expect(cache.get(big, big, summarize)?.parseError).toBe('file too large');
    expect(cache.get(path.join(dir, 'none.js'), path.join(dir, 'none.js'), summarize)).toBeNull();
    expect(cache.get(dir, dir, summarize)).toBeNull();
  });
});

describe('GraphWalker', () => {
  it('collects transitive loads with the chain to the first one, including package tables', () => {
    const h = host({ '/a': mod('/a', load('/b'), pkg('express')), '/b': mod('/b', pkg('knex')) });
    const facts = new GraphWalker(h).facts('/a')!;
    expect([...facts.loads.keys()]).toEqual(['/b', 'knex', 'pg', 'express']);
    expect(facts.loads.get('pg')!.chain.map((s) => s.file)).toEqual(['/a', '/b']);
    expect(facts.loads.get('pg')!.viaPackage).toBe(true);
  });

  it('is cycle-safe and memoizes per module', () => {
    const h = host({ '/a': mod('/a', load('/b')), '/b': mod('/b', load('/a'), pkg('pg')) });
    const walker = new GraphWalker(h);
    const a = walker.facts('/a')!;
    expect(a.loads.has('pg')).toBe(true);
    const before = stats.factsComputed;
    walker.facts('/a');
    walker.facts('/b');
    expect(stats.factsComputed).toBe(before); // both memoized
  });

  it('keeps each event once in a DAG with many paths (no blow-up on diamonds)', () => {
    // 20 layers of diamonds: 2^20 paths to the bottom module, one spawn there.
    const summaries: Record<string, ModuleSummary> = {};
    const spawn = { kind: 'spawn' as const, spawnId: 'setInterval', category: 'once' as const, guard: null, loc };
    for (let i = 0; i < 20; i++) {
      summaries[`/l${i}a`] = mod(`/l${i}a`, load(`/l${i + 1}a`), load(`/l${i + 1}b`));
      summaries[`/l${i}b`] = mod(`/l${i}b`, load(`/l${i + 1}a`), load(`/l${i + 1}b`));
    }
    summaries['/l20a'] = { path: '/l20a', language: 'js', events: [spawn] };
    summaries['/l20b'] = mod('/l20b');
    const facts = new GraphWalker(host(summaries)).facts('/l0a')!;
    expect(facts.spawns).toHaveLength(1);
    expect(facts.spawns[0]!.chain.map((s) => s.file)).toEqual(Array.from({ length: 20 }, (_, i) => `/l${i}a`));
  });

  it('walks a 200-deep chain without overflowing, and marks a walk cut by maxDepth as truncated', () => {
    const summaries: Record<string, ModuleSummary> = {};
    for (let i = 0; i < 200; i++) summaries[`/m${i}`] = mod(`/m${i}`, i === 199 ? pkg('pg') : load(`/m${i + 1}`));
    const deep = new GraphWalker(host(summaries)).facts('/m0')!;
    expect(deep.loads.get('pg')!.chain).toHaveLength(200);
    expect(deep.truncated).toBe(false);
    const cut = new GraphWalker(host(summaries, { maxDepth: 50 })).facts('/m0')!;
    expect(cut.truncated).toBe(true);
    expect(cut.loads.has('pg')).toBe(false);
  });

  it('revalidates memoized facts when a dependency summary changed', () => {
    const summaries: Record<string, ModuleSummary> = { '/a': mod('/a', load('/b')), '/b': mod('/b') };
    let epoch = 0;
    const walker = new GraphWalker(host(summaries, { epoch: () => epoch, freshnessMs: 0 }));
    expect(walker.facts('/a')!.loads.has('pg')).toBe(false);
    summaries['/b'] = mod('/b', pkg('pg'));
    epoch++;
    expect(walker.facts('/a')!.loads.has('pg')).toBe(true);
  });
});

describe('work done by a lint run', () => {
  function writeProject(root: string, tracingBody: string) {
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'package.json'), '{ "name": "p", "private": true }');
    writeFileSync(path.join(root, 'src/main.js'), "require('./app');\nrequire('./tracing');\n");
    writeFileSync(path.join(root, 'src/app.js'), "require('./db');\nrequire('express');\n");
    writeFileSync(path.join(root, 'src/db.js'), "require('pg');\n");
    writeFileSync(path.join(root, 'src/tracing.js'), tracingBody);
  }
  const rule = { 'patch-order/no-import-before-patch': 'error' as const };

  it('parses each dependency at most once per process, and not again on a second run', async () => {
    writeProject(dir, "require('dd-trace').init();\n");
    await lintProject(dir, rule);
    // 4 files linted by ESLint; their summaries come from ESLint's AST when linted first, so the
    // plugin parses only files it needs before ESLint reaches them.
    expect(stats.filesParsed).toBeLessThanOrEqual(3);
    const parsed = stats.filesParsed;
    await lintProject(dir, rule);
    expect(stats.filesParsed).toBe(parsed);
  });

  it('parses nothing when no module of the project can reach a patcher (text pre-scan)', async () => {
    writeProject(dir, "module.exports = { tracing: false };\n");
    const { problems } = await lintProject(dir, rule);
    expect(problems).toEqual([]);
    expect(stats.filesParsed).toBe(0);
    expect(stats.factsComputed).toBe(0);
  });

  it('a patcher named only in comments or strings does not count as one (no parse)', async () => {
    writeProject(dir, "// dd-trace is started by the platform, not here\nmodule.exports = 'newrelic';\n");
    expect((await lintProject(dir, rule)).problems).toEqual([]);
    expect(stats.filesParsed).toBe(0);
  });

  it('sees a dependency change in the same process (editor), within the freshness window setting', async () => {
    writeProject(dir, "require('dd-trace').init();\n");
    const settings = { cacheFreshnessMs: 0 };
    const before = await lintProject(dir, rule, ['src/main.js'], settings);
    expect(before.problems.map((p) => p.messageId)).toEqual(['loadedBeforePatch']);
    writeFileSync(path.join(dir, 'src/tracing.js'), "// tracing disabled\nmodule.exports = {};\n");
    const after = await lintProject(dir, rule, ['src/main.js'], settings);
    expect(after.problems).toEqual([]);
    writeFileSync(path.join(dir, 'src/tracing.js'), "require('dd-trace').init();\n// back on\n");
    const again = await lintProject(dir, rule, ['src/main.js'], settings);
    expect(again.problems.map((p) => p.messageId)).toEqual(['loadedBeforePatch']);
  });

  it('never reads outside the configured roots', async () => {
    const root = path.join(dir, 'root');
    mkdirSync(root);
    writeFileSync(path.join(dir, 'outside.js'), "require('express');\n");
    writeFileSync(path.join(root, 'main.js'), "require('../outside');\nrequire('dd-trace').init();\n");
    resetStats();
    const { problems } = await lintProject(root, rule, ['main.js']);
    expect(problems).toEqual([]);
    expect(stats.filesParsed).toBe(0);
  });
});
