/**
 * Directory listings for the Python resolver and the package walks (a package's subpackages), and for the folders
 * where JS start commands are looked for (below): one `readdir` per
 * directory, kept for `ttlMs`; after that the directory is stat'ed, and the listing is kept on while the directory's
 * mtime, ctime and inode are unchanged (creating, removing or renaming an entry changes its mtime). A listing read
 * less than `SETTLED_MS` after the directory's mtime is never kept on that way: a change made in the same clock tick
 * as the read would not move the mtime. A long lint run otherwise listed every directory again each second.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { kindOf, readText, statOrMissing } from './fs-cache.js';
import { onlyInput } from './guard.js';
import { stats } from './stats.js';

export type EntryKind = 'file' | 'dir' | 'link';
/** A directory's entries by name, in `readdir` order: files, directories, and symbolic links (not followed). */
export type Listing = ReadonlyMap<string, EntryKind>;

/** File systems with coarse timestamps (FAT: 2 s) could change a directory twice within one mtime value. */
const SETTLED_MS = 2000;

interface Entry {
  listing: Listing | null;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** Wall-clock time of the read (compared with the directory's mtime). */
  readAt: number;
  /** When the entry was last read or confirmed (the injected clock). */
  checkedAt: number;
}

export class DirListings {
  readonly #entries = new Map<string, Entry>();
  /** `readdir` calls made, for tests. */
  reads = 0;

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The entries of `dir`, or null when it is not a directory that can be listed. */
  get(dir: string): Listing | null {
    const now = this.now();
    const known = this.#entries.get(dir);
    if (known && now - known.checkedAt < this.ttlMs) return known.listing;
    const st = statOrMissing(dir);
    if (!st?.isDirectory()) {
      this.#entries.set(dir, { listing: null, mtimeMs: -1, ctimeMs: -1, ino: -1, readAt: 0, checkedAt: now });
      return null;
    }
    if (
      known?.listing &&
      known.mtimeMs === st.mtimeMs &&
      known.ctimeMs === st.ctimeMs &&
      known.ino === st.ino &&
      known.readAt - st.mtimeMs >= SETTLED_MS
    ) {
      known.checkedAt = now;
      return known.listing;
    }
    const readAt = Date.now();
    let listing: Map<string, EntryKind> | null = null;
    try {
      this.reads++;
      stats.foldersListed++;
      listing = new Map();
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isSymbolicLink()) listing.set(e.name, 'link');
        else if (e.isFile()) listing.set(e.name, 'file');
        else if (e.isDirectory()) listing.set(e.name, 'dir');
      }
    } catch (error) {
      onlyInput(error); // dependency input: a directory that cannot be listed holds nothing
      listing = null;
    }
    this.#entries.set(dir, { listing, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, readAt, checkedAt: now });
    return listing;
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * The folders where JS start commands, test runner configs and PM2 files are looked for: some thirty names in each
 * folder above each linted file, nearly all absent. A folder's listing answers them all, for one stat per folder after
 * the freshness window instead of a stat per name.
 */
const probedFolders = new DirListings(1000, () => Date.now());

/** What `path` is (`kindOf`), answered from its folder's listing: an absent name costs no stat; a link is followed. */
export function listedKind(path: string): 'file' | 'dir' | null {
  const kind = probedFolders.get(dirname(path))?.get(basename(path));
  return kind === 'link' ? kindOf(path) : kind ?? null;
}

/** `readText` of a name looked for in a folder, with no stat when the folder's listing does not hold it. */
export function readListedText(path: string): string | null {
  return listedKind(path) === 'file' ? readText(path) : null;
}

export function clearFolderProbes(): void {
  probedFolders.clear();
}

/** The names in a folder where JS start files are looked for (see `listedKind`), or null when it cannot be listed. */
export function listedNames(dir: string): Listing | null {
  return probedFolders.get(dir);
}
