/**
 * Directory listings (src/lang/python/listing.ts): a directory is read once, and after the lifetime it is stat'ed and
 * read again only when it changed. Work is counted (`reads`), never timed.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirListings } from '../../../src/lang/python/listing.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A directory with `a.py` and `pkg/`, its times set a minute back (a tree that is not being edited). */
function settledDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'py-listing-'));
  made.push(dir);
  writeFileSync(join(dir, 'a.py'), '');
  mkdirSync(join(dir, 'pkg'));
  const past = new Date(Date.now() - 60_000);
  utimesSync(dir, past, past);
  return dir;
}

describe('DirListings', () => {
  it('lists files and directories, and reads a directory once within the lifetime', () => {
    const dir = settledDir();
    let t = 0;
    const listings = new DirListings(1000, () => t);
    expect([...listings.get(dir)!.entries()].sort()).toEqual([
      ['a.py', 'file'],
      ['pkg', 'dir'],
    ]);
    t += 500;
    listings.get(dir);
    expect(listings.reads).toBe(1);
  });

  it('after the lifetime, an unchanged directory is not read again; a changed one is', () => {
    const dir = settledDir();
    let t = 0;
    const listings = new DirListings(1000, () => t);
    listings.get(dir);
    t += 5000;
    expect(listings.get(dir)!.has('b.py')).toBe(false);
    expect(listings.reads).toBe(1);
    writeFileSync(join(dir, 'b.py'), '');
    // Within the lifetime of the last check the old listing is still served, as any cache here does.
    t += 500;
    expect(listings.get(dir)!.has('b.py')).toBe(false);
    t += 1000;
    expect(listings.get(dir)!.has('b.py')).toBe(true);
    expect(listings.reads).toBe(2);
  });

  it('a listing read just after the directory changed is read again after the lifetime (coarse mtime clocks)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'py-listing-'));
    made.push(dir);
    let t = 0;
    const listings = new DirListings(1000, () => t);
    listings.get(dir);
    t += 1000;
    listings.get(dir);
    expect(listings.reads).toBe(2);
  });

  it('a missing path or a file is no listing', () => {
    const dir = settledDir();
    const listings = new DirListings(1000);
    expect(listings.get(join(dir, 'missing'))).toBeNull();
    expect(listings.get(join(dir, 'a.py'))).toBeNull();
  });
});
