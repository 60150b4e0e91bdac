/**
 * The whole program's import index, language-neutral: every source file under the roots, and which of them
 * are loaded by another project file. A file that nothing in the project loads is where a program can start
 * (an entry candidate); a file that something loads runs only as part of a program that starts elsewhere,
 * and is judged from that program's entry, in that program's order.
 *
 * Built once per project from the text pre-scan (the same cached scans the early exit uses, so each file is
 * read once), on the first question, and rebuilt after the freshness window: directories are listed again and
 * only changed files are scanned again. The pre-scan over-approximates loads (regex, type-only imports
 * included), so "is imported" may be true for a file that is only named in a type: such a file is then not
 * judged as an entry on its own (a missed report, never a false one).
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { onlyInput } from '../util/guard.js';
import { stats } from '../util/stats.js';

export interface ProgramIndexHost {
  roots: readonly string[];
  /** Whether a file is a source file of this language that the walk may read. */
  readable(path: string): boolean;
  /** The local files a file may load (pre-scan), or null when it cannot be read. */
  deps(path: string): readonly string[] | null;
  freshnessMs: number;
  /** At most this many files are indexed; past it the index says every file is imported (nothing judged alone). */
  maxFiles: number;
}

/**
 * The index is listed again at most this often, whatever the stat freshness: a new importer is rare (an editor sees
 * it within 30 s), and a lint run over thousands of files must not list the tree again and again.
 */
const MIN_LIFETIME_MS = 30_000;

/** Directories that hold no project sources: dependencies, VCS data, caches, virtualenvs. */
const SKIP_DIR = /^(?:node_modules|\..+|__pycache__|site-packages|venv|coverage)$/;

export class ProgramIndex {
  /** file → the project files that load it. */
  #importers: Map<string, Set<string>> | null = null;
  /** file → the project files it loads. */
  #deps = new Map<string, readonly string[]>();
  /** Strongly connected components found so far in this build, by member. */
  #cycles = new Map<string, ReadonlySet<string>>();
  #complete = true;
  #builtAt = -Infinity;

  constructor(private readonly host: ProgramIndexHost) {}

  /**
   * Whether some project file outside `path`'s own import cycle loads it (statically, by require, or by a dynamic
   * import). Files that only load each other (a cycle nothing else loads) are each a possible start.
   */
  isImported(path: string, now = Date.now()): boolean {
    this.#fresh(now);
    if (!this.#complete) return true;
    if (!this.#importers!.get(path)?.size) return false;
    // The files that reach `path` and that `path` reaches form its cycle (strongly connected component): they run
    // only when one of them starts. It is imported when something outside the cycle loads a member of it.
    const cycle = this.#cycle(path);
    for (const member of cycle) for (const importer of this.#importers!.get(member) ?? []) if (!cycle.has(importer)) return true;
    return false;
  }

  /** The project files that load `path` directly (from the pre-scan: may list too many, never too few within maxFiles). */
  importersOf(path: string, now = Date.now()): string[] {
    this.#fresh(now);
    return [...(this.#importers!.get(path) ?? [])];
  }

  /** The other files of `path`'s import cycle (files it loads that load it back, transitively); empty outside a cycle. */
  cycleOf(path: string, now = Date.now()): string[] {
    this.#fresh(now);
    if (!this.#importers!.get(path)?.size) return [];
    return [...this.#cycle(path)].filter((f) => f !== path);
  }

  #fresh(now: number): void {
    if (!this.#importers || now - this.#builtAt >= Math.max(this.host.freshnessMs, MIN_LIFETIME_MS)) this.#build(now);
  }

  /** `path`'s strongly connected component (itself included), computed once per build and shared by its members. */
  #cycle(path: string): ReadonlySet<string> {
    let cycle = this.#cycles.get(path);
    if (!cycle) {
      const reaching = this.#reach(path, (f) => this.#importers!.get(f));
      cycle = new Set([...this.#reach(path, (f) => this.#deps.get(f))].filter((f) => reaching.has(f)));
      for (const member of cycle) this.#cycles.set(member, cycle);
    }
    return cycle;
  }

  clear(): void {
    this.#importers = null;
    this.#deps.clear();
    this.#cycles.clear();
  }

  /** Files reachable from `start` along `next` (loads, or importers), bounded by maxFiles. */
  #reach(start: string, next: (file: string) => Iterable<string> | undefined): Set<string> {
    const seen = new Set<string>([start]);
    const queue = [start];
    for (let i = 0; i < queue.length && i < this.host.maxFiles; i++) {
      for (const f of next(queue[i]!) ?? []) {
        if (!seen.has(f)) {
          seen.add(f);
          queue.push(f);
        }
      }
    }
    return seen;
  }

  #build(now: number): void {
    const importers = new Map<string, Set<string>>();
    const depsOf = new Map<string, readonly string[]>();
    let files = 0;
    this.#complete = true;
    const visit = (dir: string): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        onlyInput(error); // dependency input: a directory that cannot be listed holds nothing we can index
        return;
      }
      for (const e of entries) {
        if (!this.#complete) return;
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIR.test(e.name)) visit(path);
        } else if (e.isFile() && this.host.readable(path)) {
          if (++files > this.host.maxFiles) {
            this.#complete = false;
            return;
          }
          const deps = (this.host.deps(path) ?? []).filter((d) => d !== path);
          depsOf.set(path, deps);
          for (const dep of deps) {
            let set = importers.get(dep);
            if (!set) importers.set(dep, (set = new Set()));
            set.add(path);
          }
        }
      }
    };
    for (const root of this.host.roots) visit(root);
    stats.programIndexBuilds++;
    this.#importers = importers;
    this.#deps = depsOf;
    this.#cycles = new Map();
    this.#builtAt = now;
  }
}
