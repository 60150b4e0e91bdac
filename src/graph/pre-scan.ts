import { statOrMissing } from '../util/fs-cache.js';
import { readdirSync, statSync, readFileSync, type Dirent } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { ModuleSummary } from './types.js';
import { onlyInput } from '../util/guard.js';
import { stats } from '../util/stats.js';

/**
 * A cheap over-approximation, from text alone, of "can evaluating this module activate a patch?".
 * Most modules of a project never reach a patcher; for them the rule stops before parsing anything.
 * A light scan lists a file's local dependencies (by regex, so it may list too many — never too few
 * for the import forms it knows) and whether its text mentions a patcher at all.
 */
export interface LightScan {
  deps: readonly string[];
  hit: boolean;
  /**
   * The patchers the text may activate, when the front end can tell (a program walk stops waiting for this file once
   * all of them are fully active); absent: any.
   */
  patchers?: readonly string[];
  /**
   * Whether the text may copy a name out of a module it loads the CommonJS way (`const { get } = require('x')`):
   * false when it holds no require call. Absent: it may.
   */
  requireCall?: boolean;
  /** The packages (and built-in modules) the text may load, by name; absent: unknown. */
  packages?: readonly string[];
  /** Whether the text may start a catalogued spawn (thread, timer, pool), when the front end tells (`ReachView`). */
  spawn?: boolean;
}

/**
 * What a front end tells about texts without scanning them, so that a project none of whose files can mention a
 * patcher (most libraries) is known as such from one cheap pass over its files.
 */
export interface QuietTest {
  /** False when the text cannot mention a patcher: an over-approximation of the scan's `hit` (a word test). */
  mayHit(text: string): boolean;
  /**
   * The same test on a file's bytes (UTF-8), as the pass over every file reads them: no string is made of a file that
   * names nothing (a burst of strings the size of the project, early in the run, raised the peak memory of the whole
   * lint by half).
   */
  mayHitBytes(bytes: Buffer): boolean;
  /** Folders whose files no module of the project can load (dependencies, caches, hidden folders). */
  skipDir: RegExp;
  /** The names of the files a module can be loaded from (others, such as a script without an extension, only start). */
  loadable: RegExp;
}

interface Entry {
  mtimeMs: number;
  size: number;
  checkedAt: number;
  scan: LightScan | null;
}

/** Activator sets are kept at least this long, like the program index: a new patcher import is rare. */
const ACTIVATORS_LIFETIME_MS = 30_000;

export class ReachIndex {
  readonly #scans = new Map<string, Entry>();
  readonly #reach = new Map<string, { value: boolean; at: number }>();
  readonly #activators = new Map<string, { value: ReadonlySet<string>; at: number }>();

  constructor(
    private readonly scanText: (path: string, text: string) => LightScan,
    private readonly readable: (path: string) => boolean,
    private readonly freshnessMs: number,
    private readonly maxBytes = 2 * 1024 * 1024,
    /** `readable`: the front end's own test (the walk lists real folders under the roots: they are inside). */
    private readonly quiet?: { roots: readonly string[]; test: QuietTest; maxFiles: number; readable: (path: string) => boolean },
  ) {}

  /**
   * How long a file's scan, and a reach answer, are trusted before the file is stat'ed again: like the program index
   * built from these scans. A file ESLint lints is scanned from its text every time (`remember`), so an edit in the
   * editor is seen at once; a change made on disk by other means (a checkout) within 30 s.
   */
  get #scanLifetime(): number {
    return Math.max(this.freshnessMs, ACTIVATORS_LIFETIME_MS);
  }

  /** The project's files when none of them can mention a patcher, else null: `quietFiles`, kept like the activators. */
  #quietFiles: { files: ReadonlySet<string> | null; at: number } | null = null;

  /**
   * Every file the front end reads under the roots, when none of their texts mentions a patcher (then nothing loaded
   * from any of them reaches one); null when some may, or when that is unknown (no test, too many files, a link
   * the walk does not follow, a folder that cannot be listed). One pass of reads and a word test, no import
   * resolution: what the scan of every file would have said about reach, at a fraction of its cost.
   */
  quietFiles(now = Date.now()): ReadonlySet<string> | null {
    if (!this.quiet) return null;
    const known = this.#quietFiles;
    if (known && now - known.at < Math.max(this.freshnessMs, ACTIVATORS_LIFETIME_MS)) return known.files;
    const files = this.#listQuiet();
    this.#quietFiles = { files, at: now };
    return files;
  }

  #listQuiet(): ReadonlySet<string> | null {
    const { roots, test, maxFiles, readable } = this.quiet!;
    const out = new Set<string>();
    const stack = roots.map((r) => resolve(r));
    while (stack.length) {
      const dir = stack.pop()!;
      // Paths by concatenation, not path.join: this pass runs once per run, before the JIT has warmed up, and join's
      // normalisation of every entry was a third of its time on Django (2,366 folders, 5,867 entries).
      const prefix = dir.endsWith(sep) ? dir : dir + sep;
      let entries: Dirent[];
      try {
        stats.foldersListed++;
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        onlyInput(error); // dependency input: a folder that cannot be listed: its files are unknown
        return null;
      }
      for (const e of entries) {
        const path = prefix + e.name;
        if (e.isDirectory()) {
          if (!test.skipDir.test(e.name)) stack.push(path);
          continue;
        }
        if (e.isSymbolicLink()) {
          // A link to a source file or to a folder may bring in files this pass does not read.
          if ((test.loadable.test(e.name) && readable(path)) || statOrMissing(path)?.isDirectory()) return null;
          continue;
        }
        if (!e.isFile() || !test.loadable.test(e.name) || !readable(path)) continue;
        if (out.size >= maxFiles) return null;
        out.add(path);
        const st = statOrMissing(path);
        if (!st || st.size > this.maxBytes) continue; // never scanned either: it mentions nothing
        let bytes: Buffer;
        try {
          bytes = readFileSync(path);
        } catch (error) {
          onlyInput(error); // dependency input: an unreadable file has no scan
          continue;
        }
        if (test.mayHitBytes(bytes) && this.scanText(path, bytes.toString('utf8')).hit) return null;
      }
    }
    return out;
  }

  scan(path: string, now = Date.now()): LightScan | null {
    return this.#scan(path, now, false);
  }

  /**
   * `scan` of a file found by listing the real folders under the roots (the program index), which the caller has
   * checked with the front end's test: it is readable, and its real path (the costliest probe) is not asked.
   */
  scanListed(path: string, now = Date.now()): LightScan | null {
    return this.#scan(path, now, true);
  }

  #scan(path: string, now: number, listed: boolean): LightScan | null {
    const e = this.#scans.get(path);
    if (e && now - e.checkedAt < this.#scanLifetime) return e.scan;
    const st = statOrMissing(path);
    if (!st?.isFile() || (!listed && !this.readable(path))) {
      this.#scans.set(path, { mtimeMs: -1, size: -1, checkedAt: now, scan: null });
      return null;
    }
    if (e && e.scan && e.mtimeMs === st.mtimeMs && e.size === st.size) {
      e.checkedAt = now;
      return e.scan;
    }
    let scan: LightScan | null = null;
    if (st.size <= this.maxBytes) {
      try {
        scan = this.scanText(path, readFileSync(path, 'utf8'));
      } catch (error) {
        onlyInput(error); // dependency input: an unreadable file has no scan
        scan = null;
      }
    }
    if (e) this.#changed(); // something changed: reachability is recomputed
    this.#scans.set(path, { mtimeMs: st.mtimeMs, size: st.size, checkedAt: now, scan });
    return scan;
  }

  /**
   * Keep the scan of a file ESLint is linting now (from its text) when that text is what is on disk, so
   * files that import it later do not read it again.
   */
  remember(path: string, text: string, scan: LightScan, now = Date.now()): void {
    // The scanner gave back the scan read from disk within the freshness window (the same text): already kept.
    const known = this.#scans.get(path);
    if (known && known.scan === scan && now - known.checkedAt < this.freshnessMs) return;
    try {
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st?.isFile() || st.size !== Buffer.byteLength(text, 'utf8')) return;
      // A file scanned before was found readable then (its real path is the costliest probe, asked once per file).
      if (!known?.scan && !this.readable(path)) return;
      const e = known;
      if (e && (e.mtimeMs !== st.mtimeMs || e.size !== st.size)) this.#changed();
      // A project known to name no patcher, and a file of it that now does (saved in the editor): no longer quiet.
      else if (scan.hit && this.#quietFiles?.files?.has(path)) this.#changed();
      this.#scans.set(path, { mtimeMs: st.mtimeMs, size: st.size, checkedAt: now, scan });
    } catch (error) {
      onlyInput(error); // dependency input: not remembered: read again when needed
      // not remembered: read when needed
    }
  }

  /** True when the module, or a local module it may load, mentions a patcher. Cycle-safe. */
  reaches(path: string): boolean {
    const now = Date.now();
    if (this.quietFiles(now)?.has(path)) return false;
    return reachWalk(path, now, this.#scanLifetime, this.#reach, (p) => this.scan(p, now), (s) => s.hit);
  }

  /**
   * Every local file that mentions a patcher among those `paths` may load, transitively (each of `paths` too when it
   * mentions one). Over-approximated like `reaches`: a program walk waits for each of them to run. Memoized per start
   * for the index's lifetime (at least 30 s, like the program index): every entry asks it for each module it loads.
   */
  activatorsFrom(paths: readonly string[]): Set<string> {
    const now = Date.now();
    const out = new Set<string>();
    const quiet = this.quietFiles(now);
    for (const path of paths) {
      if (quiet?.has(path)) continue;
      let memo = this.#activators.get(path);
      if (!memo || now - memo.at >= Math.max(this.freshnessMs, ACTIVATORS_LIFETIME_MS)) {
        memo = { value: this.#activatorsOf(path, now), at: now };
        this.#activators.set(path, memo);
      }
      for (const a of memo.value) out.add(a);
    }
    return out;
  }

  #activatorsOf(path: string, now: number): Set<string> {
    const out = new Set<string>();
    const seen = new Set<string>();
    const stack = [path];
    while (stack.length) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      const known = this.#reach.get(p);
      if (known && !known.value && now - known.at < this.#scanLifetime) continue; // nothing below it mentions a patcher
      const memo = p !== path ? this.#activators.get(p) : undefined;
      if (memo && now - memo.at < Math.max(this.freshnessMs, ACTIVATORS_LIFETIME_MS)) {
        for (const a of memo.value) out.add(a);
        continue;
      }
      const s = this.scan(p, now);
      if (!s) continue;
      if (s.hit) out.add(p);
      for (const d of s.deps) if (!seen.has(d)) stack.push(d);
    }
    return out;
  }

  /** Whether the text of `path` itself mentions a patcher (false when it cannot be read). */
  mentions(path: string): boolean {
    return this.scan(path)?.hit ?? false;
  }

  /** The patchers the text of `path` may activate, or null when any (the front end does not tell, or a mock call). */
  patchersNamedIn(path: string): readonly string[] | null {
    return this.scan(path)?.patchers ?? null;
  }

  #changed(): void {
    this.#reach.clear();
    this.#activators.clear();
    this.#quietFiles = null;
    for (const view of this.#views) view.clear();
  }

  readonly #views = new Set<ReachView>();

  /**
   * Reach over the same scans by another test of each file's scan (a check's own question, such as "may start a
   * spawn"): no file is read twice, and the view forgets its answers whenever the index sees a change.
   */
  view(hit: (scan: LightScan) => boolean): ReachView {
    const view = new ReachView(this, hit, () => this.#scanLifetime);
    this.#views.add(view);
    return view;
  }

  clear(): void {
    this.#scans.clear();
    this.#changed();
  }
}

type ReachMemo = Map<string, { value: boolean; at: number }>;

/**
 * Whether `path`, or a local file it may load (transitively, cycle-safe), has a scan that `hit` accepts. Answers are
 * memoized for `lifetimeMs`; every file visited without a hit is known not to reach one either.
 */
function reachWalk(path: string, now: number, lifetimeMs: number, memo: ReachMemo, scan: (path: string) => LightScan | null, hit: (scan: LightScan) => boolean): boolean {
  const own = memo.get(path);
  if (own && now - own.at < lifetimeMs) return own.value;
  const seen = new Set<string>();
  const stack = [path];
  let value = false;
  while (stack.length && !value) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    const known = p !== path ? memo.get(p) : undefined;
    if (known && now - known.at < lifetimeMs) {
      if (known.value) value = true;
      continue;
    }
    const s = scan(p);
    if (!s) continue;
    if (hit(s)) value = true;
    else for (const d of s.deps) if (!seen.has(d)) stack.push(d);
  }
  memo.set(path, { value, at: now });
  if (!value) for (const p of seen) memo.set(p, { value: false, at: now });
  return value;
}

/** `ReachIndex.view`: reach by another test of the same scans. */
export class ReachView {
  readonly #memo: ReachMemo = new Map();

  constructor(
    private readonly base: ReachIndex,
    private readonly hit: (scan: LightScan) => boolean,
    private readonly lifetimeMs: () => number,
  ) {}

  /** True when the module, or a local module it may load, has a scan the view's test accepts. */
  reaches(path: string): boolean {
    const now = Date.now();
    return reachWalk(path, now, this.lifetimeMs(), this.#memo, (p) => this.base.scan(p, now), this.hit);
  }

  clear(): void {
    this.#memo.clear();
  }
}

/** No finding is possible: the text mentions no patcher and no local module it may load reaches one. */
export function textCannotReach(scan: LightScan, reach: ReachIndex, path?: string, text?: string): boolean {
  if (path !== undefined && text !== undefined) reach.remember(path, text, scan);
  return !scan.hit && !scan.deps.some((d) => reach.reaches(d));
}

/** A finding is possible: the summary activates a patcher, or loads or calls a module that may reach one. */
export function summaryMayReach(summary: ModuleSummary, reach: ReachIndex): boolean {
  for (const e of summary.events) {
    if (e.kind === 'patch') return true;
    if ((e.kind === 'load' || e.kind === 'call') && e.resolved.type === 'file' && reach.reaches(e.resolved.path)) return true;
  }
  return false;
}
