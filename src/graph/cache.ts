import { statOrMissing } from '../util/fs-cache.js';
import { statSync, readFileSync } from 'node:fs';
import type { ModuleSummary } from './types.js';
import { stats } from '../util/stats.js';
import { detachStrings } from '../util/strings.js';
import { internalError, isInputError, onlyInput } from '../util/guard.js';

/**
 * Per-process cache of module summaries (never ASTs, nor strings that point into a file's text), validated by mtime
 * + size.
 *
 * A stat result is trusted for `freshnessMs` (default 1 s): within one CLI run files do not change,
 * and in an editor a change is picked up at the next lint after that window. `freshnessMs: 0` stats on
 * every access. Each worker thread under `--concurrency` has its own instance (module state).
 */

interface Entry {
  mtimeMs: number;
  size: number;
  checkedAt: number;
  summary: ModuleSummary | null;
}

export interface CacheOptions {
  freshnessMs: number;
  /** Files larger than this are not read (a 5 MB generated bundle is not a module we learn from). */
  maxFileBytes: number;
}

export const DEFAULT_CACHE_OPTIONS: CacheOptions = { freshnessMs: 1000, maxFileBytes: 2 * 1024 * 1024 };

export type Summarizer = (path: string, text: string) => ModuleSummary;

export class SummaryCache {
  readonly #entries = new Map<string, Entry>();
  /** Bumped whenever a cached file is seen to have changed; walks memoized under an older epoch are stale. */
  epoch = 0;

  constructor(public options: CacheOptions = DEFAULT_CACHE_OPTIONS) {}

  /**
   * The summary of `path`, computing it with `summarize` when missing or changed on disk.
   * Returns null for files that cannot be read (missing, directory, too large, binary).
   */
  get(key: string, path: string, summarize: Summarizer, now = Date.now()): ModuleSummary | null {
    const entry = this.#entries.get(key);
    if (entry && now - entry.checkedAt < this.options.freshnessMs) {
      stats.cacheHits++;
      return entry.summary;
    }
    const st = statOrMissing(path);
    if (!st || !st.isFile()) {
      // Still missing is no change; a file that went away is (walks built on it are stale).
      if (entry && entry.mtimeMs !== -1) this.epoch++;
      this.#entries.set(key, { mtimeMs: -1, size: -1, checkedAt: now, summary: null });
      return null;
    }
    // A read that failed (permissions) is retried after the window even if the file did not change.
    const failed = entry?.summary?.parseError?.startsWith('unreadable');
    if (entry && !failed && entry.mtimeMs === st.mtimeMs && entry.size === st.size) {
      entry.checkedAt = now;
      stats.cacheHits++;
      return entry.summary;
    }
    const summary = st.size > this.options.maxFileBytes ? skipped(path, 'file too large') : detachStrings(readAndSummarize(path, summarize));
    // A retried read that fails again changes nothing; anything else is a new version of the file.
    const sameFailure = failed && summary.parseError?.startsWith('unreadable') && entry!.mtimeMs === st.mtimeMs && entry!.size === st.size;
    if (entry && !sameFailure) this.epoch++;
    this.#entries.set(key, { mtimeMs: st.mtimeMs, size: st.size, checkedAt: now, summary });
    return summary;
  }

  /**
   * Store a summary computed from ESLint's own AST of the file being linted, when that text is what is
   * on disk (an editor buffer may differ: then other files must not see it).
   */
  putIfOnDisk(key: string, path: string, text: string, summary: ModuleSummary, now = Date.now()): void {
    try {
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st || !st.isFile() || st.size > this.options.maxFileBytes) return;
      // ESLint's text has no byte order mark; the file may start with one (3 bytes in UTF-8). One read decides both.
      const length = Buffer.byteLength(text, 'utf8');
      if (st.size !== length && st.size !== length + 3) return;
      const bytes = readFileSync(path);
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      if (bytes.length !== length + (bom ? 3 : 0) || bytes.toString('utf8', bom ? 3 : 0) !== text) return;
      const old = this.#entries.get(key);
      // Same file, already summarized: keep that object, so facts built on it stay valid.
      if (old && old.summary && !old.summary.parseError && old.mtimeMs === st.mtimeMs && old.size === st.size) return;
      if (old) this.epoch++;
      this.#entries.set(key, { mtimeMs: st.mtimeMs, size: st.size, checkedAt: now, summary: detachStrings(summary) });
    } catch (error) {
      onlyInput(error); // dependency input: not cached: the next reader parses the file itself
      // Not cached: the next reader parses the file itself.
    }
  }

  clear(): void {
    this.#entries.clear();
    this.epoch++;
  }

  get size(): number {
    return this.#entries.size;
  }
}

function readAndSummarize(path: string, summarize: Summarizer): ModuleSummary {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (error) {
    onlyInput(error); // dependency input: an unreadable file is skipped, and read again once it changes
    stats.filesSkipped++;
    return skipped(path, `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (buf.subarray(0, 8000).includes(0)) {
    stats.filesSkipped++;
    return skipped(path, 'binary file');
  }
  const text = buf.toString('utf8').replace(/^\uFEFF/u, '');
  try {
    const summary = summarize(path, text);
    stats.summariesComputed++;
    return summary;
  } catch (error) {
    // A dependency that does not parse is bad input (the front end throws InputError); anything else is a bug.
    if (!isInputError(error)) internalError(`summarize ${path}`, error);
    stats.filesSkipped++;
    return skipped(path, `could not be analysed: ${(error as Error).message}`);
  }
}

function skipped(path: string, reason: string): ModuleSummary {
  return { path, language: path.endsWith('.py') ? 'python' : 'js', events: [], parseError: reason };
}
