import { internalError, onlyInput } from '../../util/guard.js';
import { isInside } from '../../util/paths.js';
import { statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import type { ResolvedModule, Resolver } from '../../graph/types.js';
import { TtlCache } from '../../util/fs-cache.js';
import { DirListings } from '../../util/dir-listings.js';
import stdlibTable from './stdlib-imports.json' with { type: 'json' };
import { pythonPackageCaptures, pythonPackageLoads } from './third-party-imports.js';

/*
 * Python module resolution, by reading directories only (never running Python):
 *
 * - Search roots, in the order the interpreter would see them for the file: the file's own source
 *   root (walk up while `__init__.py` exists: the directory above the top package, which is
 *   `sys.path[0]` for a script or the directory `python -m` runs from), the configured roots
 *   (settings `patch-order.pythonPath`), `<projectRoot>/src` (src layout), then `projectRoot`.
 * - Per dotted part, a regular module/package in the first root wins (`a.py`, `a/__init__.py`);
 *   otherwise every `a/` directory is a portion of a namespace package (PEP 420), and deeper parts are
 *   searched in all portions.
 * - Modules that are in sys.modules before any user code (`sys`, `os`, `time`, `_thread` …, the
 *   measured start-up set) and compiled-in modules cannot be shadowed: builtin. Any other stdlib name
 *   is builtin unless a local file shadows it (a project `logging.py` next to the script really does
 *   shadow the stdlib module). Everything else is a package known by its dotted name.
 * - Relative imports (`.`, `..m`) resolve against the importing file's package; going above the top
 *   package, or a relative import in a file that is not in a package, is unresolved (ImportError).
 * - Reads nothing outside `projectRoot` and the configured roots, and caches stat results for
 *   `ttlMs` (1 s by default) so a long-lived editor process sees new files.
 */

export interface PythonResolverOptions {
  /** Extra source roots (settings `patch-order.pythonPath`), absolute or relative to projectRoot. */
  roots?: string[];
  /** The project directory: the only area (with `roots`) the resolver may look at. */
  projectRoot?: string;
  /** Lifetime of cached stat results, in ms. */
  ttlMs?: number;
  /** For tests: the stat function and the clock. */
  statKind?: (path: string) => 'file' | 'dir' | null;
  now?: () => number;
}

export interface PythonResolver extends Resolver {
  /** The dotted module name of a file, relative to its source root (`pkg.sub.mod`, `pkg` for `pkg/__init__.py`). */
  moduleNameOf(file: string): string | null;
  /** True when `dotted` names a stdlib module (by its top-level name). */
  isStdlib(dotted: string): boolean;
  /** Number of real stat calls made (cache misses), for tests. */
  readonly statCalls: number;
  /** Number of directory searches for one dotted part (memo misses), for tests. */
  readonly searches: number;
  /**
   * The directory listings the resolver reads (validated by the directory's mtime), shared with the walks over a
   * package's subdirectories (src/checks/no-import-before-patch/python/parents.ts).
   */
  readonly listings: DirListings;
}

interface StdlibTable {
  python: string;
  startup: string[];
  names: string[];
  modules: Record<string, string[]>;
}
const TABLE = stdlibTable as unknown as StdlibTable;
const STDLIB_TOP = new Set(TABLE.names);
const STARTUP = new Set(TABLE.startup);

/** The CPython version the stdlib table was generated with. */
export const STDLIB_PYTHON_VERSION: string = TABLE.python;

/** Modules already in sys.modules when a clean interpreter starts user code (measured). */
export const PYTHON_STARTUP_MODULES: ReadonlySet<string> = STARTUP;

export function isStdlibModule(dotted: string): boolean {
  return STDLIB_TOP.has(dotted.split('.')[0]!);
}

/**
 * Modules that loading `name` loads too, as known without its sources: the generated stdlib table
 * (CPython 3.11, minus the start-up set) and the third-party table (generated from installed packages: scripts/gen-python-package-loads.py), expanded transitively.
 * Also accepts a parent package name's entry for a submodule with no entry of its own? No: only
 * exact names — an unknown module contributes nothing (precision first).
 */
export function knownPythonLoads(name: string): string[] {
  const out = new Set<string>();
  const queue = [name];
  while (queue.length) {
    const cur = queue.pop()!;
    const direct = TABLE.modules[cur] ?? pythonPackageLoads[cur];
    if (!direct) continue;
    for (const m of direct) {
      if (m === name || out.has(m)) continue;
      out.add(m);
      // Stdlib lists are already transitive; third-party lists need expanding.
      if (!TABLE.modules[cur]) queue.push(m);
      else if (pythonPackageLoads[m]) queue.push(m);
    }
  }
  return [...out].sort();
}

/**
 * Names that loading `name` copies out of other modules at import time (the third-party table, expanded
 * through the packages it loads): `requests` → `{ ssl: ['SSLContext'] }` via urllib3. For
 * capture-only patchers (gevent, truststore) a load of such a package before the patch is a capture.
 */
export function knownPythonCaptures(name: string): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const m of [name, ...knownPythonLoads(name)]) {
    for (const [mod, names] of Object.entries(pythonPackageCaptures[m] ?? {})) {
      for (const n of names) (out[mod] ??= new Set()).add(n);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

/**
 * Where an absolute import is searched from a directory: the areas the resolver may read, the roots in order. One
 * object for every directory with the same areas and roots, holding the searches made from there.
 */
interface SearchPlace {
  areas: string[];
  roots: string[];
  /** What each dotted name is below the roots (see `foundOf`). */
  founds: Map<string, Timed<Found | null>>;
  /** Resolutions of the absolute specifiers imported from here. */
  resolved: Map<string, Timed<ResolvedModule>>;
}

type Found =
  | { kind: 'module'; file: string }
  | { kind: 'package'; file: string; dirs: string[] }
  | { kind: 'namespace'; dirs: string[] };

function defaultStatKind(path: string): 'file' | 'dir' | null {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st ? (st.isFile() ? 'file' : st.isDirectory() ? 'dir' : null) : null;
  } catch (error) {
    onlyInput(error); // dependency input: a path that cannot be stat'ed is missing
    return null;
  }
}

/**
 * `kind` from one directory listing per directory instead of one stat per candidate path: resolving
 * `a.b.c` probes `__init__.py`, `.py` and the directory at every level, mostly for names that are not
 * there. Symbolic links are stat'ed (their target decides).
 */
function listingStatKind(listings: DirListings): (path: string) => 'file' | 'dir' | null {
  return (path) => {
    const kind = listings.get(dirname(path))?.get(basename(path));
    if (!kind) return null;
    return kind === 'link' ? defaultStatKind(path) : kind;
  };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value and the time of the oldest lookup it was made from. */
interface Timed<V> {
  value: V;
  at: number;
}

/**
 * A copy of `s` that does not point into a larger string. The pre-scan's specifiers are substrings of a file's text, and
 * V8 keeps a substring as a view of its parent: a memoized result naming one would keep the whole text alive.
 */
function detached(s: string): string {
  return ` ${s}`.slice(1);
}

/** `join(dir, name)` for a normalized directory and a plain name (no separator, not `.`/`..`): without the normalizing. */
function child(dir: string, name: string): string {
  if (!name || name === '.' || name === '..' || name.includes('/') || name.includes(sep)) return join(dir, name);
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

export function createPythonResolver(options: PythonResolverOptions = {}): PythonResolver {
  const projectRoot = options.projectRoot ? resolvePath(options.projectRoot) : undefined;
  const extraRoots = (options.roots ?? []).map((r) => (projectRoot ? resolvePath(projectRoot, r) : resolvePath(r)));
  const allowed = [...(projectRoot ? [projectRoot] : []), ...extraRoots];
  const ttlMs = options.ttlMs ?? 1000;
  const cache = new TtlCache<'file' | 'dir' | null>(ttlMs);
  const now = options.now ?? Date.now;
  const listings = new DirListings(ttlMs, now);
  const statFn = options.statKind ?? listingStatKind(listings);
  // Counted on the resolver object itself, as data properties (no accessors in object literals: docs/design.md).
  const work = { statCalls: 0, searches: 0 };

  /** Areas the resolver may read for a given importing file. */
  function areasFor(fromFile: string): string[] {
    // Without any configured area, only the importing file's own directory tree (never above it).
    return allowed.length ? allowed : [dirname(fromFile)];
  }

  function kind(path: string, areas: string[]): 'file' | 'dir' | null {
    if (!areas.some((a) => isInside(path, a))) return null;
    return cache.get(path, () => {
      work.statCalls++;
      return statFn(path);
    }, now());
  }

  /** The directory above the top package that contains `file` (walk up while __init__.py exists). */
  const rootOfDir = new TtlCache<string>(ttlMs);
  function sourceRootOf(file: string, areas: string[]): string {
    const start = dirname(file);
    return rootOfDir.get(`${start}\0${areas.join('\0')}`, () => walkUp(start, areas), now());
  }
  function walkUp(start: string, areas: string[]): string {
    let dir = start;
    while (kind(join(dir, '__init__.py'), areas) === 'file') {
      const parent = dirname(dir);
      if (parent === dir || !areas.some((a) => isInside(parent, a))) break;
      dir = parent;
    }
    return dir;
  }

  function explicitRoots(areas: string[]): string[] {
    const roots = [...extraRoots];
    if (projectRoot) {
      const src = join(projectRoot, 'src');
      if (kind(src, areas) === 'dir') roots.push(src);
      roots.push(projectRoot);
    }
    return roots;
  }

  function searchRoots(fromFile: string, areas: string[]): string[] {
    const roots = [sourceRootOf(fromFile, areas), ...explicitRoots(areas)];
    return [...new Set(roots)].filter((r) => areas.some((a) => isInside(r, a)));
  }

  function findIn(dirs: string[], part: string, areas: string[]): Found | null {
    work.searches++;
    const portions: string[] = [];
    for (const dir of dirs) {
      const sub = child(dir, part);
      const init = child(sub, '__init__.py');
      if (kind(init, areas) === 'file') return { kind: 'package', file: init, dirs: [sub] };
      if (kind(`${sub}.py`, areas) === 'file') return { kind: 'module', file: `${sub}.py` };
      if (kind(sub, areas) === 'dir') portions.push(sub);
    }
    return portions.length ? { kind: 'namespace', dirs: portions } : null;
  }

  /**
   * What a dotted name is below the roots of a search place (null: not there, or below a module), memoized per place
   * and name: `a.b.c` after `a.b` looks in a/b only. An entry keeps the time of the oldest lookup it was made from (its
   * top-level name's), so it expires with it and is never older than `ttlMs`, as without the memo.
   */
  function foundOf(dotted: string, where: SearchPlace, t: number): Timed<Found | null> {
    const known = where.founds.get(dotted);
    if (known && t - known.at < ttlMs) return known;
    const dot = dotted.lastIndexOf('.');
    let entry: Timed<Found | null>;
    if (dot < 0) entry = { value: findIn(where.roots, dotted, where.areas), at: t };
    else {
      const up = foundOf(dotted.slice(0, dot), where, t);
      const dirs = up.value && up.value.kind !== 'module' ? up.value.dirs : null;
      entry = { value: dirs ? findIn(dirs, dotted.slice(dot + 1), where.areas) : null, at: up.at };
    }
    where.founds.set(dotted, entry);
    return entry;
  }

  /** Resolve a dotted name against the roots of `where`; a null value when no local top-level matches. */
  function resolveLocal(dotted: string, where: SearchPlace, t: number): Timed<ResolvedModule | null> {
    const dot = dotted.indexOf('.');
    const top = foundOf(dot < 0 ? dotted : dotted.slice(0, dot), where, t);
    if (!top.value) return { value: null, at: top.at };
    const found = dot < 0 ? top : foundOf(dotted, where, t);
    const f = found.value;
    if (!f) return { value: { type: 'unresolved', name: dotted }, at: found.at };
    return { value: { type: 'file', path: f.kind === 'namespace' ? f.dirs[0]! : f.file, name: dotted }, at: found.at };
  }

  function resolveAbsolute(dotted: string, where: SearchPlace, t: number): Timed<ResolvedModule> {
    if (!dotted.split('.').every((p) => IDENT.test(p))) return { value: { type: 'unresolved', name: dotted }, at: t };
    const top = dotted.split('.')[0]!;
    if (STARTUP.has(top) || STARTUP.has(dotted)) return { value: { type: 'builtin', name: dotted }, at: t };
    const local = resolveLocal(dotted, where, t);
    if (local.value) return { value: local.value, at: local.at };
    if (STDLIB_TOP.has(top)) return { value: { type: 'builtin', name: dotted }, at: local.at };
    return { value: { type: 'package', name: dotted }, at: local.at };
  }

  /**
   * What an absolute import's resolution depends on, per importing directory: the areas it may read and its search
   * roots (`key` names both). Every directory below one source root shares them, so an absolute import is resolved
   * once per source root, not once per directory.
   */
  const places = new Map<string, Timed<SearchPlace>>();
  /** The last file asked about (the pre-scan asks for each import of a file in turn). */
  let last: { from: string; place: Timed<SearchPlace> } | null = null;
  function placeOf(fromFile: string, t: number): SearchPlace {
    if (last?.from === fromFile && t - last.place.at < ttlMs) return last.place.value;
    const dir = dirname(fromFile);
    let known = places.get(dir);
    if (!known || t - known.at >= ttlMs) {
      const areas = areasFor(fromFile);
      places.set(dir, (known = { value: place(areas, searchRoots(fromFile, areas)), at: t }));
    }
    last = { from: fromFile, place: known };
    return known.value;
  }
  const byKey = new Map<string, SearchPlace>();
  function place(areas: string[], roots: string[]): SearchPlace {
    const key = `${areas.join('\0')}\u0001${roots.join('\0')}`;
    let known = byKey.get(key);
    if (!known) byKey.set(key, (known = { areas, roots, founds: new Map(), resolved: new Map() }));
    return known;
  }

  function moduleNameOf(file: string): string | null {
    const abs = resolvePath(file);
    const areas = areasFor(abs);
    const stem = basename(abs).replace(/\.pyi?$/, '');
    // The walk-up root (above the top regular package) — unless an explicit root (configured or
    // src/) contains it: then that root decides, which also names namespace packages (PEP 420).
    const walked = sourceRootOf(abs, areas);
    let best: string | null = null;
    for (const root of explicitRoots(areas)) {
      if (root === projectRoot || !isInside(walked, root)) continue;
      if (best === null || root.length > best.length) best = root;
    }
    if (best !== null) {
      const rel = relative(best, dirname(abs));
      if (!(rel ? rel.split(sep) : []).every((p) => IDENT.test(p))) best = null;
    }
    best ??= walked;
    const rel = relative(best, dirname(abs));
    const parts = rel ? rel.split(sep) : [];
    if (stem !== '__init__') parts.push(stem);
    return parts.length ? parts.join('.') : null;
  }

  function resolveRelative(specifier: string, fromFile: string, t: number): Timed<ResolvedModule> {
    const dots = /^\.+/.exec(specifier)![0].length;
    const rest = specifier.slice(dots);
    const abs = resolvePath(fromFile);
    const areas = areasFor(abs);
    const name = moduleNameOf(abs);
    if (name === null) return { value: { type: 'unresolved', name: specifier }, at: t };
    const isInit = basename(abs) === '__init__.py';
    const pkgParts = name.split('.');
    if (!isInit) pkgParts.pop();
    // The file must be inside a package at all, and `dots - 1` levels up must stay inside it.
    if (pkgParts.length === 0 || dots > pkgParts.length) {
      return { value: { type: 'unresolved', name: specifier }, at: t };
    }
    const base = pkgParts.slice(0, pkgParts.length - (dots - 1));
    const dotted = [...base, ...(rest ? rest.split('.') : [])].join('.');
    // The package directory of the base: resolve within the file's own source root first.
    let root = dirname(abs);
    for (let i = 0; i < (isInit ? name.split('.').length : name.split('.').length - 1); i++) root = dirname(root);
    const local = resolveLocal(dotted, place(areas, [root]), t);
    return { value: local.value ?? { type: 'unresolved', name: dotted }, at: local.at };
  }

  // The same import is resolved again for every file of a source root: memoized per search place (absolute) or
  // per file (relative: a package's __init__.py and a module beside it differ). Like `founds`, an entry expires with
  // the oldest lookup it was made from.
  const relativeOf = new Map<string, Map<string, Timed<ResolvedModule>>>();
  return Object.assign(work, {
    resolve(specifier: string, fromFile: string): ResolvedModule {
      try {
        const t = now();
        const where = specifier.startsWith('.') ? null : placeOf(fromFile, t);
        let memo = where?.resolved;
        if (!memo) {
          memo = relativeOf.get(fromFile);
          if (!memo) relativeOf.set(fromFile, (memo = new Map()));
        }
        const known = memo.get(specifier);
        if (known && t - known.at < ttlMs) return known.value;
        const own = detached(specifier);
        const entry = where ? resolveAbsolute(own, where, t) : resolveRelative(own, fromFile, t);
        memo.set(own, entry);
        return entry.value;
      } catch (error) {
        internalError(`resolving '${specifier}'`, error);
        return { type: 'unresolved', name: specifier };
      }
    },
    moduleNameOf(file: string): string | null {
      try {
        return moduleNameOf(file);
      } catch (error) {
        internalError(`the module name of ${file}`, error);
        return null;
      }
    },
    isStdlib: isStdlibModule,
    listings,
  });
}
