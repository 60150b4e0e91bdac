// readText: a project file read once, checked by a stat after its TTL and read again only when it changed; a file
// that does not exist costs a stat, not a failed read. Reads counted through node:fs, with a clock passed in.
import { mkdtempSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearFsCaches, keptTexts, readText, TtlCache } from '../../src/util/fs-cache.js';

const reads = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: string, ...rest: unknown[]) => {
    reads.paths.push(String(path));
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});
const readsOf = (file: string) => reads.paths.filter((p) => p === file).length;

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-fs-cache-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => clearFsCaches());

describe('readText', () => {
  it('within the TTL: the text read first, even after the file changed', () => {
    const file = join(dir, 'a.json');
    writeFileSync(file, '{"a":1}');
    expect(readText(file, 1_000)).toBe('{"a":1}');
    writeFileSync(file, '{"a":22}');
    expect(readText(file, 1_500)).toBe('{"a":1}');
  });

  it('after the TTL: unchanged size and time keep the text read first; a change is read', () => {
    const file = join(dir, 'b.json');
    writeFileSync(file, '{"b":1}');
    utimesSync(file, 1_000, 1_000);
    const first = readText(file, 1_000);
    expect(readText(file, 5_000)).toBe(first);
    expect(readsOf(file)).toBe(1);
    writeFileSync(file, '{"b":22}');
    utimesSync(file, 2_000, 2_000);
    expect(readText(file, 9_000)).toBe('{"b":22}');
    expect(readsOf(file)).toBe(2);
  });

  it('a missing file is null, and a file created later is read once the TTL has passed', () => {
    const file = join(dir, 'c.json');
    expect(readText(file, 1_000)).toBeNull();
    expect(readsOf(file)).toBe(0);
    writeFileSync(file, 'x');
    expect(readText(file, 1_200)).toBeNull();
    expect(readText(file, 3_000)).toBe('x');
  });

  it('read within 2 s of its modification ("racy"): read again after the TTL even when size and time look unchanged', () => {
    const file = join(dir, 'd.json');
    writeFileSync(file, '{"d":1}');
    const seconds = Date.now() / 1000;
    utimesSync(file, seconds, seconds);
    expect(readText(file)).toBe('{"d":1}');
    writeFileSync(file, '{"d":2}'); // same size, in the same tick as far as the stored time tells
    utimesSync(file, seconds, seconds);
    expect(readText(file, Date.now() + 5_000)).toBe('{"d":2}');
    expect(readsOf(file)).toBe(2);
  });

  it('a folder is not a text', () => {
    expect(readText(dir, 1_000)).toBeNull();
  });
});

describe('what the caches keep', () => {
  it('a TtlCache drops expired entries when it is next written, at most once per lifetime', () => {
    const cache = new TtlCache<number>(1_000);
    for (let i = 0; i < 100; i++) cache.get(`probe-${i}`, () => i, 10_000);
    expect(cache.size).toBe(100);
    cache.get('later', () => 1, 10_500); // within the lifetime: nothing has expired
    expect(cache.size).toBe(101);
    cache.get('much-later', () => 2, 11_200); // the 100 probes expired; 'later' has not
    expect(cache.size).toBe(2);
    expect(cache.peek('later', 11_200)).toBe(1);
    expect(cache.peek('probe-1', 11_200)).toBeUndefined();
  });

  it('readText forgets the missing files it was asked about after the TTL, and unread texts after 30 s', () => {
    const file = join(dir, 'kept.json');
    writeFileSync(file, '{}');
    readText(file, 100_000);
    for (let i = 0; i < 50; i++) readText(join(dir, `missing-${i}.json`), 100_000);
    expect(keptTexts()).toBe(51);
    readText(join(dir, 'other-missing.json'), 102_000);
    expect(keptTexts()).toBe(2); // the text and the last miss
    readText(join(dir, 'third-missing.json'), 131_000);
    expect(keptTexts()).toBe(1);
  });
});
