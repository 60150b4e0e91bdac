// Long-lived data holds copies of the strings it was made from, never views into a file's text: checked by the bytes
// the heap keeps after a full collection, with a text large enough (8 MiB) that holding it cannot hide in the noise.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SummaryCache } from '../../src/graph/cache.js';
import type { ModuleSummary } from '../../src/graph/types.js';
import { JsResolver } from '../../src/lang/js/resolve.js';
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
});
