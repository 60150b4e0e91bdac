import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProgramIndex } from '../../src/graph/program-index.js';
import { resetStats, stats } from '../../src/util/stats.js';

/** A project whose files load what `deps` says (the pre-scan is stubbed; the files exist so they are listed). */
function index(deps: Record<string, string[]>, maxFiles = 100) {
  const dir = mkdtempSync(path.join(tmpdir(), 'patch-order-index-'));
  for (const f of [...Object.keys(deps), 'node_modules/pkg/index.js', '.git/x.js']) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), '');
  }
  const abs = (f: string) => path.join(dir, f);
  const idx = new ProgramIndex({
    roots: [dir],
    readable: (p) => p.endsWith('.js'),
    deps: (p) => (deps[path.relative(dir, p)] ?? []).map(abs),
    freshnessMs: 1000,
    maxFiles,
  });
  return {
    idx,
    abs,
    imported: (f: string, now?: number) => idx.isImported(abs(f), now),
    cycle: (f: string) => idx.cycleOf(abs(f)).map((p) => path.relative(dir, p)).sort(),
  };
}

describe('ProgramIndex', () => {
  it('a file something loads is imported; one nothing loads is a possible start', () => {
    const { imported } = index({ 'main.js': ['app.js'], 'app.js': ['db.js'], 'db.js': [], 'script.js': ['db.js'] });
    expect(['main.js', 'app.js', 'db.js', 'script.js'].map((f) => imported(f))).toEqual([false, true, true, false]);
  });

  it('files that only load each other are each a possible start; loaded from outside the cycle, they are not', () => {
    expect(index({ 'a.js': ['b.js'], 'b.js': ['a.js'] }).imported('a.js')).toBe(false);
    const withEntry = index({ 'a.js': ['b.js'], 'b.js': ['a.js'], 'main.js': ['a.js'] });
    expect([withEntry.imported('a.js'), withEntry.imported('b.js'), withEntry.imported('main.js')]).toEqual([true, true, false]);
  });

  it('a self-import does not count; node_modules and dot folders are not listed', () => {
    const { imported } = index({ 'a.js': ['a.js'] });
    expect(imported('a.js')).toBe(false);
  });

  it('past maxFiles the index is incomplete and says every file is imported (nothing judged alone)', () => {
    const { imported } = index({ 'a.js': [], 'b.js': [], 'c.js': [] }, 2);
    expect(imported('a.js')).toBe(true);
  });

  it('is built once and again only after its lifetime', () => {
    resetStats();
    const { imported } = index({ 'a.js': [] });
    imported('a.js', 1_000_000);
    imported('a.js', 1_000_100);
    expect(stats.programIndexBuilds).toBe(1);
    imported('a.js', 1_031_000);
    expect(stats.programIndexBuilds).toBe(2);
  });

  it('cycleOf names the other members of a file\'s import cycle', () => {
    const { cycle } = index({ 'main.js': ['a.js'], 'a.js': ['b.js'], 'b.js': ['c.js'], 'c.js': ['a.js', 'd.js'], 'd.js': [] });
    expect(cycle('a.js')).toEqual(['b.js', 'c.js']);
    expect(cycle('d.js')).toEqual([]);
    expect(cycle('main.js')).toEqual([]);
  });

  it('several cycles, one inside the reach of another: each file gets its own component', () => {
    const { cycle, imported } = index({
      'main.js': ['a.js'],
      'a.js': ['b.js'], 'b.js': ['a.js', 'c.js'], // cycle 1, loaded by main
      'c.js': ['d.js'], 'd.js': ['e.js'], 'e.js': ['c.js'], // cycle 2, loaded from cycle 1
      'x.js': ['y.js'], 'y.js': ['x.js'], // cycle 3, loaded by nothing outside it
      'tool.js': ['d.js', 'leaf.js'], 'leaf.js': [],
    });
    expect([cycle('a.js'), cycle('c.js'), cycle('e.js'), cycle('x.js'), cycle('leaf.js')]).toEqual([
      ['b.js'], ['d.js', 'e.js'], ['c.js', 'd.js'], ['y.js'], [],
    ]);
    expect(['main.js', 'a.js', 'c.js', 'x.js', 'y.js', 'tool.js', 'leaf.js'].map((f) => imported(f))).toEqual([false, true, true, false, false, false, true]);
  });

  it('lists an importer once, however often it names the dependency; a self-import is no importer', () => {
    const { idx, abs } = index({ 'a.js': ['db.js', 'log.js', 'db.js'], 'b.js': ['db.js', 'b.js'], 'db.js': [], 'log.js': [] });
    expect(idx.importersOf(abs('db.js')).sort()).toEqual([abs('a.js'), abs('b.js')]);
    expect(idx.importersOf(abs('log.js'))).toEqual([abs('a.js')]);
    expect(idx.importersOf(abs('b.js'))).toEqual([]);
  });
});
