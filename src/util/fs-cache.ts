import { readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { onlyInput } from './guard.js';

/**
 * Small read caches for project files (package.json, tsconfig.json, directory probes). Entries expire
 * `ttlMs` after they were read, so a long-lived editor process sees edits; a CLI run reads each once.
 */
export class TtlCache<V> {
  readonly #map = new Map<string, { value: V; until: number }>();
  #sweptAt = -Infinity;
  constructor(public ttlMs: number) {}

  get(key: string, compute: () => V, now = Date.now()): V {
    const hit = this.#map.get(key);
    if (hit && now < hit.until) return hit.value;
    const value = compute();
    this.set(key, value, now);
    return value;
  }

  /** The value kept for `key`, or undefined when there is none or it has expired. */
  peek(key: string, now = Date.now()): V | undefined {
    const hit = this.#map.get(key);
    return hit && now < hit.until ? hit.value : undefined;
  }

  /** Keeps `value` for `lifetimeMs` (the cache's TTL unless given). */
  set(key: string, value: V, now = Date.now(), lifetimeMs = this.ttlMs): void {
    this.#sweep(now);
    this.#map.set(key, { value, until: now + lifetimeMs });
  }

  /**
   * Drops the expired entries, at most once per TTL: an expired entry is never read again unless it is set again,
   * and a run that asks about tens of thousands of paths (every extension tried for every import) must not keep them
   * all to the end.
   */
  #sweep(now: number): void {
    if (now - this.#sweptAt < this.ttlMs) return;
    this.#sweptAt = now;
    for (const [key, entry] of this.#map) if (now >= entry.until) this.#map.delete(key);
  }

  get size(): number {
    return this.#map.size;
  }

  clear(): void {
    this.#map.clear();
    this.#sweptAt = -Infinity;
  }
}

export const statCache = new TtlCache<'file' | 'dir' | null>(1000);

/**
 * Read within two seconds of its modification time: a change in the same clock tick (file systems that keep whole
 * seconds) would leave the time as it was, so such a read is not trusted by its time (git's "racy" entries).
 */
const racy = (mtimeMs: number, readAt: number) => readAt - mtimeMs < 2000;

/** Texts read, with the size and modification time they were read at; checked again by a stat after the TTL. */
const texts = new Map<string, { text: string | null; mtimeMs: number; size: number; at: number; readAt: number }>();
const TEXT_TTL_MS = 1000;

export function kindOf(path: string): 'file' | 'dir' | null {
  return statCache.get(path, () => {
    try {
      const st = statSync(path, { throwIfNoEntry: false });
      return st ? (st.isFile() ? 'file' : st.isDirectory() ? 'dir' : null) : null;
    } catch (error) {
      onlyInput(error); // dependency input: a path that cannot be stat'ed reads as absent
      return null;
    }
  });
}

/**
 * A project file's text (package.json, tsconfig.json, a test runner's configuration), or null when it cannot be read.
 * After the TTL the file is stat'ed, and read again only when its size or modification time changed: most of the
 * files asked for do not exist (the runner configuration names tried in turn), and a missing file costs one stat.
 */
export function readText(path: string, now = Date.now()): string | null {
  const text = readTextNow(path, now);
  if (text !== null) recorders[recorders.length - 1]?.push([path, text]);
  return text;
}

/** The texts `readText` gave while a `recordingReads` ran (each goes to the innermost one). */
const recorders: Array<Array<[string, string]>> = [];

/**
 * `compute()`, with the project files it read through `readText`. A value made from them stands while each reads the
 * same again: `readText` gives back the very string it gave before unless the file changed (so the comparison is
 * mostly a pointer check), and the check is a stat per file after the TTL, with no parse.
 */
export function recordingReads<T>(compute: () => T): { value: T; reads: Array<[string, string]> } {
  const reads: Array<[string, string]> = [];
  recorders.push(reads);
  try {
    return { value: compute(), reads };
  } finally {
    recorders.pop();
  }
}

/** Whether every read is still what the file holds (the same text; usually the same string, see `recordingReads`). */
export function sameReads(reads: ReadonlyArray<readonly [string, string | null]>, now = Date.now()): boolean {
  return reads.every(([path, text]) => readTextNow(path, now) === text);
}

function readTextNow(path: string, now: number): string | null {
  sweepTexts(now);
  const known = texts.get(path);
  if (known && now - known.at < TEXT_TTL_MS) return known.text;
  const st = statOrMissing(path);
  if (!st?.isFile()) {
    texts.set(path, { text: null, mtimeMs: -1, size: -1, at: now, readAt: 0 });
    return null;
  }
  if (known && known.text !== null && known.mtimeMs === st.mtimeMs && known.size === st.size && !racy(known.mtimeMs, known.readAt)) {
    known.at = now;
    return known.text;
  }
  let text: string | null;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    onlyInput(error); // dependency input: an unreadable file reads as absent
    text = null;
  }
  texts.set(path, { text, mtimeMs: st.mtimeMs, size: st.size, at: now, readAt: Date.now() });
  return text;
}

/**
 * Texts not asked for within this long are dropped (read again when asked): most of those asked for do not exist (each
 * folder above a linted file is probed for a Dockerfile, a Procfile, a tsconfig.json…), and a run must not keep one
 * entry per probe to its end.
 */
const TEXT_KEEP_MS = 30_000;
let textsSweptAt = -Infinity;
function sweepTexts(now: number): void {
  if (now - textsSweptAt < TEXT_TTL_MS) return;
  textsSweptAt = now;
  for (const [path, e] of texts) if (now - e.at >= (e.text === null ? TEXT_TTL_MS : TEXT_KEEP_MS)) texts.delete(path);
}

/** How many project file texts (and known-missing files) are kept: for the tests of the sweep. */
export function keptTexts(): number {
  return texts.size;
}

export function clearFsCaches(): void {
  textsSweptAt = -Infinity;
  statCache.clear();
  texts.clear();
  realCache.clear();
}

/**
 * Real paths live longer than stats: a symlink is retargeted far more rarely than a file is created, and
 * realpath is the costliest probe (one call per file the walk may read, every second, on an application).
 */
const realCache = new TtlCache<string | null>(30_000);

/**
 * Whether a file is inside one of the roots once symlinks are resolved: a link inside the project
 * that points elsewhere must not make the plugin read outside it.
 */
export function realInside(path: string, roots: readonly string[]): boolean {
  const real = realCache.get(path, () => {
    try {
      // The native call resolves the whole path in one system call; the JS one lstat()s every component.
      return realpathSync.native(path);
    } catch (error) {
      onlyInput(error); // dependency input: a path that cannot be resolved is not inside any root
      return null;
    }
  });
  if (real === null) return false;
  return roots.some((r) => {
    const root = realCache.get(r, () => {
      try {
        return realpathSync.native(r);
      } catch (error) {
        onlyInput(error); // dependency input: an unresolvable root is compared as written
        return r;
      }
    }) ?? r;
    return real === root || real.startsWith(root.endsWith('/') ? root : `${root}/`);
  });
}

/** `statSync` that reads a path that cannot be stat'ed (vanished, no permission, a loop) as missing. */
export function statOrMissing(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    onlyInput(error); // dependency input: a path that cannot be stat'ed is missing
    return undefined;
  }
}
