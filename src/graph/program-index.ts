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
  /** The local files a file may load (pre-scan), or null when it cannot be read; asked only for files the index listed. */
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
const NONE: readonly string[] = Object.freeze([]);

const SKIP_DIR = /^(?:node_modules|\..+|__pycache__|site-packages|venv|coverage)$/;

export class ProgramIndex {
  /** file → the project files that load it. */
  #importers: Map<string, string[]> | null = null;
  /** file → the project files it loads. */
  #deps = new Map<string, readonly string[]>();
  /** Strongly connected components of more than one file, by member (computed on the first question per build). */
  #cycles = new Map<string, ReadonlySet<string>>();
  #componentsBuilt = false;
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
    if (!this.#importers!.get(path)?.length) return false;
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

  /** `importersOf`, or null when the index stopped at `maxFiles` (an importer may then be missing from it). */
  knownImportersOf(path: string, now = Date.now()): string[] | null {
    this.#fresh(now);
    return this.#complete ? [...(this.#importers!.get(path) ?? [])] : null;
  }

  /** Every indexed file, or null when the index stopped at `maxFiles`. */
  files(now = Date.now()): readonly string[] | null {
    this.#fresh(now);
    return this.#complete ? [...this.#deps.keys()] : null;
  }

  /** The other files of `path`'s import cycle (files it loads that load it back, transitively); empty outside a cycle. */
  cycleOf(path: string, now = Date.now()): string[] {
    this.#fresh(now);
    if (!this.#importers!.get(path)?.length) return [];
    return [...this.#cycle(path)].filter((f) => f !== path);
  }

  #fresh(now: number): void {
    if (!this.#importers || now - this.#builtAt >= Math.max(this.host.freshnessMs, MIN_LIFETIME_MS)) this.#build(now);
  }

  /**
   * `path`'s strongly connected component (itself included). All components are found in one pass over the index
   * the first time one is asked for (Tarjan's algorithm, iterative): asking file by file walked the importers of a
   * hub module — in an application, nearly every file — once per question.
   */
  #cycle(path: string): ReadonlySet<string> {
    if (!this.#componentsBuilt) {
      this.#components();
      this.#componentsBuilt = true;
    }
    return this.#cycles.get(path) ?? new Set([path]);
  }

  #components(): void {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    let counter = 0;
    for (const root of this.#deps.keys()) {
      if (index.has(root)) continue;
      // Each frame: a file and the position of the next dependency to look at.
      const frames: { file: string; deps: readonly string[]; next: number }[] = [];
      const enter = (file: string) => {
        index.set(file, counter);
        low.set(file, counter);
        counter++;
        stack.push(file);
        onStack.add(file);
        frames.push({ file, deps: this.#deps.get(file) ?? [], next: 0 });
      };
      enter(root);
      while (frames.length) {
        const frame = frames[frames.length - 1]!;
        if (frame.next < frame.deps.length) {
          const dep = frame.deps[frame.next++]!;
          if (!this.#deps.has(dep)) continue; // not an indexed file (outside the roots, or past maxFiles)
          if (!index.has(dep)) enter(dep);
          else if (onStack.has(dep)) low.set(frame.file, Math.min(low.get(frame.file)!, index.get(dep)!));
          continue;
        }
        frames.pop();
        const parent = frames[frames.length - 1];
        if (parent) low.set(parent.file, Math.min(low.get(parent.file)!, low.get(frame.file)!));
        if (low.get(frame.file) !== index.get(frame.file)) continue;
        const members = new Set<string>();
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          members.add(member);
        } while (member !== frame.file);
        if (members.size > 1) for (const m of members) this.#cycles.set(m, members);
      }
    }
  }

  clear(): void {
    this.#importers = null;
    this.#deps.clear();
    this.#cycles.clear();
    this.#componentsBuilt = false;
  }

  #build(now: number): void {
    // Arrays, not sets: kept for the run, one per imported file (a set costs several times an array of a few paths).
    // A file's deps are added together, so a repeated dep of one importer is the array's last item.
    const importers = new Map<string, string[]>();
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
          const scanned = this.host.deps(path) ?? NONE;
          // The scan's own array unless the file names itself (a copy kept per file otherwise).
          const deps = scanned.includes(path) ? scanned.filter((d) => d !== path) : scanned;
          depsOf.set(path, deps);
          for (const dep of deps) {
            const list = importers.get(dep);
            if (!list) importers.set(dep, [path]);
            else if (list[list.length - 1] !== path) list.push(path);
          }
        }
      }
    };
    for (const root of this.host.roots) visit(root);
    stats.programIndexBuilds++;
    this.#importers = importers;
    this.#deps = depsOf;
    this.#cycles = new Map();
    this.#componentsBuilt = false;
    this.#builtAt = now;
  }
}
