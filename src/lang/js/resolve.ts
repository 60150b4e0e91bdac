import { builtinModules } from 'node:module';
import { realpathSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import type { ResolvedModule, Resolver } from '../../graph/types.js';
import { kindOf, readText, TtlCache } from '../../util/fs-cache.js';
import { detached } from '../../util/strings.js';
import { stats } from '../../util/stats.js';
import { parseJsonc } from '../../util/jsonc.js';
import { nearestTsconfig } from './package-root.js';
import { packageSourceEntry, WorkspaceIndex } from './workspaces.js';
import { isInside } from '../../util/paths.js';
import { internalError, onlyInput } from '../../util/guard.js';

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** TypeScript lets `./a.js` mean `./a.ts` (what the emitted file will be called). */
const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

export function packageNameOf(specifier: string): { name: string; subpath?: string } {
  const parts = specifier.split('/');
  const n = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, n).join('/');
  const subpath = parts.slice(n).join('/');
  return subpath ? { name, subpath } : { name };
}

export function builtinName(specifier: string): string | null {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  if (specifier.startsWith('node:')) return bare;
  return BUILTINS.has(bare) ? bare : null;
}

export interface JsResolverOptions {
  /** Every root the plugin may read (default: `[root]`). */
  roots?: readonly string[];
  /** How long workspace configuration read from disk is trusted (default 1 s, like the other project-file caches). */
  ttlMs?: number;
}

/**
 * How long where a specifier resolves, and what a folder's bare specifiers resolve against, are trusted: the project's
 * layout, which an editor sees change within 30 s, like the program index (`docs/editor.md`).
 */
const LAYOUT_LIFETIME_MS = 30_000;

/**
 * Node/TypeScript-style resolution, enough to follow a project's own files: relative paths with the
 * TypeScript extension mapping, index files, tsconfig `paths`, package.json `imports` and workspace
 * packages, found through their node_modules links when installed (followed only when their real path is
 * inside the roots and not inside a node_modules folder), else from the workspace configuration
 * (src/lang/js/workspaces.ts). A workspace package means its source when its entry points at build output.
 * Everything else is a package, known by name. Reads nothing outside the roots.
 */
export class JsResolver implements Resolver {
  readonly #roots: readonly string[];
  readonly #workspaces: WorkspaceIndex;
  /**
   * Resolutions by directory and specifier: every step depends on the importing file's directory only (its
   * tsconfig, its root, the node_modules above it). The pre-scan resolves every specifier of every project file,
   * and the files of one directory import much the same things. A specifier that resolves nowhere is asked again
   * after `ttlMs` (a file created for an import that names it is seen at the next lint); one that resolves is the
   * project's layout, kept `LAYOUT_LIFETIME_MS` like the program index built from these resolutions.
   */
  readonly #memo: TtlCache<ResolvedModule>;
  /** Per folder: the `node_modules` folders above it. Every bare import asks, and sibling folders share the answer. */
  readonly #modulesDirs: TtlCache<readonly string[]>;
  /** Per folder: a short name for what its bare specifiers resolve against (`#bareContext`), the memo's key prefix. */
  readonly #contexts: TtlCache<string>;
  readonly #contextIds = new Map<string, string>();
  /**
   * Per folder: a short name for it in the memo's keys. A relative specifier's answer depends on the folder only, and
   * a key that spelled the folder's path kept one more copy of it per import (the memo is kept for the run).
   */
  readonly #folderIds = new Map<string, string>();
  readonly #layoutMs: number;

  constructor(
    private readonly root: string,
    options: JsResolverOptions = {},
  ) {
    this.#roots = options.roots?.length ? options.roots : [root];
    this.#workspaces = new WorkspaceIndex(this.#roots, options.ttlMs ?? 1000);
    const ttlMs = options.ttlMs ?? 1000;
    this.#memo = new TtlCache(ttlMs);
    this.#layoutMs = Math.max(ttlMs, LAYOUT_LIFETIME_MS);
    this.#modulesDirs = new TtlCache(this.#layoutMs);
    this.#contexts = new TtlCache(this.#layoutMs);
  }

  resolve(specifier: string, fromFile: string): ResolvedModule {
    const dir = dirname(fromFile);
    // A bare specifier resolves the same from every folder of one package: keyed by what it depends on there.
    const bare = !specifier.startsWith('.') && !specifier.startsWith('/');
    const key = `${bare ? this.#bareContext(dir) : this.#folderId(dir)}\0${specifier}`;
    const known = this.#memo.peek(key);
    if (known) return known;
    stats.resolutions++;
    // The specifier was cut out of a file's text: the memo keeps copies, not views into that text (util/strings.ts).
    const spec = detached(specifier);
    let resolved: ResolvedModule;
    try {
      resolved = this.#resolve(spec, fromFile);
    } catch (error) {
      internalError(`resolving '${specifier}'`, error);
      resolved = { type: 'unresolved', name: spec };
    }
    // Frozen: summaries share it, and `detachStrings` leaves it as it is.
    Object.freeze(resolved);
    this.#memo.set(detached(key), resolved, undefined, resolved.type === 'unresolved' ? this.#memo.ttlMs : this.#layoutMs);
    return resolved;
  }

  #resolve(specifier: string, fromFile: string): ResolvedModule {
    const builtin = builtinName(specifier);
    if (builtin !== null) return { type: 'builtin', name: builtin };
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      const file = this.#file(resolvePath(dirname(fromFile), specifier));
      return file ? { type: 'file', path: file } : { type: 'unresolved', name: specifier };
    }
    if (specifier.startsWith('file:') || /^[a-z]+:/i.test(specifier)) return { type: 'unresolved', name: specifier };
    const viaPaths = this.#tsconfigPaths(specifier, fromFile);
    if (viaPaths) return { type: 'file', path: viaPaths };
    const pkg = packageNameOf(specifier);
    const workspace = this.#workspacePackage(pkg.name, pkg.subpath, fromFile);
    if (workspace) return { type: 'file', path: workspace, name: pkg.name };
    return { type: 'package', ...pkg };
  }

  /** A file for an absolute path without or with extension, or a directory with an index/main. */
  #file(path: string): string | null {
    if (!this.#inside(path)) return null;
    const ext = /\.[cm]?[jt]sx?$/.exec(path)?.[0];
    if (ext && kindOf(path) === 'file') return path;
    if (ext && TS_FOR_JS[ext]) {
      const stem = path.slice(0, -ext.length);
      for (const tsExt of TS_FOR_JS[ext]!) if (kindOf(stem + tsExt) === 'file') return stem + tsExt;
    }
    for (const e of EXTENSIONS) if (kindOf(path + e) === 'file') return path + e;
    if (kindOf(path) === 'dir') {
      const main = this.#packageMain(path);
      if (main) return main;
      for (const e of EXTENSIONS) if (kindOf(join(path, `index${e}`)) === 'file') return join(path, `index${e}`);
    }
    if (!ext && kindOf(path) === 'file') return path;
    return null;
  }

  #packageMain(dir: string): string | null {
    const json = parseJsonc(readText(join(dir, 'package.json')) ?? '') as Record<string, unknown> | undefined;
    if (!json) return null;
    const target = exportTarget(json.exports, '.') ?? (typeof json.main === 'string' ? json.main : null);
    if (!target) return null;
    const abs = resolvePath(dir, target);
    return abs === dir ? null : this.#file(abs);
  }

  #tsconfigPaths(specifier: string, fromFile: string): string | null {
    const ts = nearestTsconfig(fromFile, this.#rootOf(fromFile) ?? this.root);
    if (!ts?.paths) return null;
    let best: { prefix: string; targets: string[]; star: string } | null = null;
    for (const [pattern, targets] of Object.entries(ts.paths)) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf('*');
      if (star < 0) {
        if (pattern === specifier) return this.#firstTarget(targets.map((t) => resolvePath(ts.pathsBase, t)));
        continue;
      }
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
        if (!best || prefix.length > best.prefix.length) {
          best = { prefix, targets, star: specifier.slice(prefix.length, specifier.length - suffix.length) };
        }
      }
    }
    if (!best) return null;
    const { targets, star } = best;
    return this.#firstTarget(targets.map((t) => resolvePath(ts.pathsBase, t.replace('*', star))));
  }

  #firstTarget(candidates: string[]): string | null {
    for (const c of candidates) {
      const f = this.#file(c);
      if (f) return f;
    }
    return null;
  }

  /**
   * A workspace package: an installed node_modules link decides when there is one (it is what runs); else the
   * workspace configuration of the nearest folder that declares workspaces.
   */
  #workspacePackage(name: string, subpath: string | undefined, fromFile: string): string | null {
    const rootOfFile = this.#rootOf(fromFile);
    if (rootOfFile === null) return null;
    const link = this.#nearestLink(dirname(fromFile), name, rootOfFile);
    if (link) {
      let real: string;
      try {
        real = realpathSync(link);
      } catch (error) {
        onlyInput(error); // dependency input: a broken workspace link resolves to nothing
        return null;
      }
      const realRoot = this.#rootOf(real);
      if (realRoot === null || real.includes('/node_modules/')) return null;
      return this.#packageEntry(real, subpath, realRoot);
    }
    const pkg = this.#workspaces.packageFor(name, fromFile);
    const pkgRoot = pkg && this.#rootOf(pkg.dir);
    return pkg && pkgRoot ? packageSourceEntry(pkg.dir, pkg.json, subpath, pkgRoot, (p) => this.#file(p)) : null;
  }

  /**
   * Everything a bare specifier's resolution depends on, seen from `dir`: the nearest tsconfig (its `paths`), the root
   * and the `node_modules` folders above, the workspace. Folders of one package share it.
   */
  #bareContext(dir: string): string {
    return this.#contexts.get(dir, () => {
      const root = this.#rootOf(join(dir, 'x'));
      const ts = nearestTsconfig(join(dir, 'x'), root ?? this.root);
      const modules = root === null ? [] : this.#nodeModulesAbove(dir, root);
      const context = `${root ?? ''}\0${ts?.path ?? ''}\0${modules.join('\0')}\0${this.#workspaces.workspaceRootOf(join(dir, 'x')) ?? ''}`;
      // Keys of the memo start with a short name of the context: tens of thousands of them, each hashed on every ask.
      let id = this.#contextIds.get(context);
      if (id === undefined) this.#contextIds.set(context, (id = `bare${this.#contextIds.size}`));
      return id;
    });
  }

  #folderId(dir: string): string {
    let id = this.#folderIds.get(dir);
    if (id === undefined) this.#folderIds.set(detached(dir), (id = `d${this.#folderIds.size}`));
    return id;
  }

  /** The nearest `node_modules/<name>` folder at or above `dir` within `root`, or null. */
  #nearestLink(dir: string, name: string, root: string): string | null {
    for (const modules of this.#nodeModulesAbove(dir, root)) {
      const link = join(modules, name);
      if (kindOf(link) === 'dir') return link;
    }
    return null;
  }

  /** The `node_modules` folders at or above `dir` within `root`, nearest first (most folders have none of their own). */
  #nodeModulesAbove(dir: string, root: string): readonly string[] {
    if (!isInside(dir, root)) return [];
    return this.#modulesDirs.get(`${root}\0${dir}`, () => {
      const above = dir === dirname(dir) ? [] : this.#nodeModulesAbove(dirname(dir), root);
      const own = join(dir, 'node_modules');
      return kindOf(own) === 'dir' ? [own, ...above] : above;
    });
  }

  #packageEntry(dir: string, subpath: string | undefined, root: string): string | null {
    const json = parseJsonc(readText(join(dir, 'package.json')) ?? '');
    if (!json || typeof json !== 'object' || Array.isArray(json)) return this.#file(subpath ? join(dir, subpath) : dir);
    return packageSourceEntry(dir, json as Record<string, unknown>, subpath, root, (p) => this.#file(p));
  }

  #inside(path: string): boolean {
    return this.#roots.some((r) => isInside(path, r));
  }

  /** The root `path` is in (the deepest, when roots nest), or null. */
  #rootOf(path: string): string | null {
    let best: string | null = null;
    for (const r of this.#roots) if (isInside(path, r) && (best === null || r.length > best.length)) best = r;
    return best;
  }
}

/** The file a package.json `exports` map gives for a subpath, preferring source/import conditions. */
export function exportTarget(exports: unknown, subpath: string): string | null {
  if (exports == null) return null;
  if (typeof exports === 'string') return subpath === '.' ? exports : null;
  if (Array.isArray(exports)) {
    for (const e of exports) {
      const t = exportTarget(e, subpath);
      if (t) return t;
    }
    return null;
  }
  if (typeof exports !== 'object') return null;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.length && keys.every((k) => !k.startsWith('.'))) return subpath === '.' ? conditionTarget(map) : null;
  if (subpath in map) return conditionTarget(map[subpath]);
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      const t = conditionTarget(map[key]);
      return t ? t.replace('*', subpath.slice(prefix.length, subpath.length - suffix.length)) : null;
    }
  }
  return null;
}

const CONDITIONS = ['source', 'typescript', 'import', 'node', 'require', 'default'];
function conditionTarget(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = conditionTarget(v);
      if (t) return t;
    }
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const map = value as Record<string, unknown>;
  for (const c of CONDITIONS) if (c in map) {
    const t = conditionTarget(map[c]);
    if (t) return t;
  }
  return null;
}
