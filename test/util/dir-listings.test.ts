/**
 * Directory listings (src/util/dir-listings.ts): a directory is read once, and after the lifetime it is stat'ed and
 * read again only when it changed. Work is counted (`reads`), never timed.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { clearFolderProbes, DirListings, listedKind, listedNames, readListedText } from '../../src/util/dir-listings.js';
import { stats } from '../../src/util/stats.js';
import { pm2EntryFor } from '../../src/lang/js/pm2.js';

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

describe('folder probes for JS start commands (listedKind, readListedText)', () => {
  afterEach(() => {
    vi.useRealTimers();
    clearFolderProbes();
  });

  it('answers names from one listing per folder: files, folders, links followed, absent names', () => {
    const dir = settledDir();
    writeFileSync(join(dir, 'Procfile'), 'web: node main.js\n');
    symlinkSync(join(dir, 'Procfile'), join(dir, 'Procfile.link'));
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
    clearFolderProbes();
    const before = stats.foldersListed;
    expect(listedKind(join(dir, 'a.py'))).toBe('file');
    expect(listedKind(join(dir, 'pkg'))).toBe('dir');
    expect(listedKind(join(dir, 'Procfile.link'))).toBe('file');
    expect(listedKind(join(dir, 'dangling'))).toBeNull();
    for (const name of ['Dockerfile', 'compose.yml', 'jest.config.json', '.mocharc.yml', 'vitest.config.ts', 'pm2.json']) {
      expect(readListedText(join(dir, name))).toBeNull();
    }
    expect(readListedText(join(dir, 'Procfile'))).toBe('web: node main.js\n');
    expect(listedNames(dir)?.has('Procfile')).toBe(true);
    expect(stats.foldersListed - before).toBe(1);
    expect(listedKind(join(dir, 'missing-folder', 'Dockerfile'))).toBeNull();
  });

  it('sees a file created in the folder after the freshness window, not before', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const dir = settledDir();
    expect(readListedText(join(dir, 'Dockerfile'))).toBeNull();
    writeFileSync(join(dir, 'Dockerfile'), 'CMD ["node", "main.js"]\n');
    expect(readListedText(join(dir, 'Dockerfile'))).toBeNull(); // within the window: the listing stands
    vi.setSystemTime(Date.now() + 1_500);
    expect(readListedText(join(dir, 'Dockerfile'))).toBe('CMD ["node", "main.js"]\n');
  });

  it('PM2: an ecosystem file created beside a script is found after the freshness window, from the same listing', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const dir = settledDir();
    const script = join(dir, 'server.js');
    writeFileSync(script, '');
    utimesSync(dir, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(pm2EntryFor(script, dir)).toBeNull();
    writeFileSync(join(dir, 'ecosystem.config.json'), JSON.stringify({ apps: [{ script: './server.js', instances: 'max', exec_mode: 'cluster' }] }));
    expect(pm2EntryFor(script, dir)).toBeNull(); // within the window: the listing stands
    vi.setSystemTime(Date.now() + 1_500);
    expect(pm2EntryFor(script, dir)?.count).toBe('one instance per CPU');
  });
});
