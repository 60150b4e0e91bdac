// Long-lived data holds copies of the strings it was made from, never views into a file's text: checked by the bytes
// the heap keeps after a full collection, with a text large enough (8 MiB) that holding it cannot hide in the noise.
// And what is kept for every file or import of a project costs little per entry (every kept byte costs several at the
// peak RSS of a run, docs/design.md): checked per entry over thousands of them.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SummaryCache } from '../../src/graph/cache.js';
import type { ModuleSummary } from '../../src/graph/types.js';
import { JsResolver } from '../../src/lang/js/resolve.js';
import { ProgramIndex } from '../../src/graph/program-index.js';
import { detached, detachStrings } from '../../src/util/strings.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  // A large file read from disk can be an external string: its characters are counted outside the heap.
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};
const MiB = 2 ** 20;

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-strings-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** An 8 MiB module text whose first line loads `specifier`. */
const bigText = (specifier: string) => `import x from '${specifier}';\n${'// filler line of a large generated module\n'.repeat(8 * MiB / 44)}`;
const file = join(dir, 'big.ts');
// Written before any test measures, so that the written string is gone from every frame by then.
beforeAll(() => writeFileSync(file, bigText('./a-dependency-module')));


describe('detachStrings', () => {
  it('replaces the strings of plain objects and arrays by equal copies, one copy per distinct string', () => {
    const value = { a: 'a-long-enough-string', list: ['a-long-enough-string', 'short', { deep: 'another long string!' }] };
    const out = detachStrings(value);
    expect(out).toBe(value);
    expect(out).toEqual({ a: 'a-long-enough-string', list: ['a-long-enough-string', 'short', { deep: 'another long string!' }] });
  });

  it('leaves frozen objects as they are, and survives cycles', () => {
    const shared = Object.freeze({ path: '/a/long/shared/path.ts' });
    const value: Record<string, unknown> = { resolved: shared };
    value.self = value;
    detachStrings(value);
    expect(value.resolved).toBe(shared);
    expect(value.self).toBe(value);
  });

  it('detached: an equal string', () => {
    expect(detached('@scope/package/sub/path')).toBe('@scope/package/sub/path');
  });
});

describe('bytes retained', () => {
  it('a cached summary whose strings were cut out of an 8 MiB text does not keep that text', () => {
    const cache = new SummaryCache({ freshnessMs: 1000, maxFileBytes: 16 * MiB });
    const before = heapAfterGc();
    const summary = cache.get(file, file, (path, text): ModuleSummary => {
      const specifier = text.slice(text.indexOf("'") + 1, text.indexOf("';"));
      return { path, language: 'js', events: [{ kind: 'call', specifier, resolved: { type: 'unresolved', name: specifier }, name: text.slice(0, 40), loc: { line: 1, column: 0, endLine: 1, endColumn: 1 } }] };
    });
    const kept = heapAfterGc() - before;
    expect(summary?.events[0]).toMatchObject({ specifier: './a-dependency-module' });
    expect(kept).toBeLessThan(1 * MiB);
  });

  it("the resolver's memo does not keep the text a specifier was cut from", () => {
    const resolver = new JsResolver(dir);
    const before = heapAfterGc();
    // The text and the specifier cut from it go out of scope when this returns; only the memo may keep them.
    const resolveFromText = () => {
      const text = bigText('some-package/with/a/subpath');
      return resolver.resolve(text.slice(text.indexOf("'") + 1, text.indexOf("';")), join(dir, 'main.ts'));
    };
    const resolved = resolveFromText();
    const kept = heapAfterGc() - before;
    expect(resolved).toMatchObject({ type: 'package', name: 'some-package', subpath: 'with/a/subpath' });
    expect(kept).toBeLessThan(1 * MiB);
  });

  it("the resolver's memo spells a folder once, not in the key of every specifier resolved from it", () => {
    // 40 folders with 200-character paths, 500 relative imports from each: 20,000 answers kept. A key that spelled the
    // folder would keep 200 more bytes per answer (measured: 411 bytes an answer); with the folder named by a short id,
    // an answer costs about 200 bytes (key, entry, result) wherever its folder is.
    const deep = join(dir, 'a-folder-name-long-enough-to-matter'.repeat(5).slice(0, 200));
    const resolver = new JsResolver(dir, { roots: [join(dir, 'elsewhere')] }); // outside the roots: no stat, unresolved
    const before = heapAfterGc();
    for (let f = 0; f < 40; f++) for (let i = 0; i < 500; i++) resolver.resolve(`./m${i}`, join(deep, `f${f}`, 'main.ts'));
    const perAnswer = (heapAfterGc() - before) / 20_000;
    expect(resolver.resolve('./m1', join(deep, 'f1', 'main.ts'))).toEqual({ type: 'unresolved', name: './m1' });
    expect(perAnswer).toBeLessThan(300);
  });

  it('the program index keeps a list per imported file and the scans\' own dependency lists, no copies', () => {
    // 2,000 files, each loading two hubs and the next file: the index keeps who loads whom for the whole run. Measured:
    // about 360 bytes a file; 740 with a set of importers per file and a filtered copy of every scan's list.
    const root = mkdtempSync(join(tmpdir(), 'patch-order-index-bytes-'));
    try {
      const hubs = [join(root, 'log.js'), join(root, 'db.js')];
      const files = Array.from({ length: 2_000 }, (_, i) => join(root, `m${i}.js`));
      for (const f of [...hubs, ...files]) writeFileSync(f, '');
      const scans = new Map<string, string[]>(files.map((f, i) => [f, [...hubs, ...(i + 1 < files.length ? [files[i + 1]!] : [])]]));
      const index = new ProgramIndex({ roots: [root], readable: () => true, deps: (p) => scans.get(p) ?? [], freshnessMs: 1000, maxFiles: 10_000 });
      const before = heapAfterGc();
      expect(index.isImported(hubs[0]!)).toBe(true);
      const perFile = (heapAfterGc() - before) / files.length;
      expect(index.importersOf(hubs[0]!)).toHaveLength(2_000);
      expect(perFile).toBeLessThan(500);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
