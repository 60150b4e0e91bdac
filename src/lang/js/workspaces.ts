/**
 * Workspace packages read from the workspace configuration, so that `import … from '@acme/shared'` is followed
 * into the workspace folder on a checkout without `node_modules` (CI lint jobs, editors):
 *
 * - which folders: root package.json `workspaces` (an array, or `{ packages: [...] }`), `pnpm-workspace.yaml`
 *   (`packages:`) and `lerna.json` `packages`, with the glob forms used in practice (`*` one level, `**` any depth,
 *   `!` excludes);
 * - which file a package name and subpath mean (`packageSourceEntry`): the package's source when its entry points at
 *   build output (`exports` conditions that point at sources, then `source`, then `dist/` or the tsconfig `outDir`
 *   mapped back to `src/` or `rootDir`), else the built file.
 *
 * Nothing outside the roots is read: a folder is listed, and a package.json read, only when its real path is inside
 * a root. Symbolic links met while listing are not followed.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { kindOf, readText, realInside, TtlCache } from '../../util/fs-cache.js';
import { onlyInput } from '../../util/guard.js';
import { parseJsonc } from '../../util/jsonc.js';
import { isInside } from '../../util/paths.js';
import { readTsconfigFile } from './package-root.js';

export interface WorkspacePackage {
  name: string;
  /** Absolute folder of the package. */
  dir: string;
  /** Its package.json. */
  json: Record<string, unknown>;
}

export interface Workspace {
  /** The folder that declares the workspaces. */
  root: string;
  /** Package name → package; the first folder in path order wins when two declare the same name. */
  packages: ReadonlyMap<string, WorkspacePackage>;
}

/** `**` may match this many folders at most, and a workspace lists this many folders at most. */
const MAX_GLOB_DEPTH = 8;
const MAX_LISTED_DIRS = 5000;

// ---------------------------------------------------------------------------------------------------------------
// Workspace configuration

/** The `packages:` list of a pnpm-workspace.yaml (block or flow form); null when the key is absent. */
export function pnpmWorkspacePackages(text: string): string[] | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^(['"]?)packages\1\s*:(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const rest = stripYamlComment(m[2]!).trim();
    if (rest.startsWith('[')) {
      // Flow sequence, possibly over several lines: `packages: ['a/*', "b/*"]`.
      let flow = rest;
      for (let j = i + 1; !flow.includes(']') && j < lines.length; j++) flow += ` ${stripYamlComment(lines[j]!).trim()}`;
      const body = flow.slice(1, flow.includes(']') ? flow.indexOf(']') : undefined);
      return splitFlow(body).map(yamlScalar).filter((s) => s !== '');
    }
    if (rest !== '') return null; // a scalar or something this reader does not know: no list
    const items: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      const content = stripYamlComment(line).trimEnd();
      if (content.trim() === '') continue;
      if (!/^\s/.test(content) && !content.startsWith('-')) break; // the next top-level key
      const item = /^\s*-\s*(.*)$/.exec(content);
      if (!item) break;
      const value = yamlScalar(item[1]!);
      if (value !== '') items.push(value);
    }
    return items;
  }
  return null;
}

/** A line without its `# comment` (a `#` that starts a comment: at the start or after a blank, outside quotes). */
function stripYamlComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** Splits a flow sequence body on commas outside quotes. */
function splitFlow(body: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let current = '';
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ',') {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out;
}

/** A plain, 'single-quoted' or "double-quoted" YAML scalar. */
function yamlScalar(raw: string): string {
  const s = raw.trim();
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(["\\/])/g, '$1');
  return s;
}

/**
 * The workspace globs `dir` declares (package.json `workspaces`, pnpm-workspace.yaml `packages`, lerna.json
 * `packages`, all of them), or null when it declares no workspaces.
 */
export function workspacePatterns(dir: string): string[] | null {
  let declared = false;
  const patterns: string[] = [];
  const add = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const p of list) if (typeof p === 'string' && p.trim() !== '' && !patterns.includes(p.trim())) patterns.push(p.trim());
  };
  const pkg = readJson(join(dir, 'package.json'));
  if (pkg && pkg.workspaces !== undefined) {
    const ws = pkg.workspaces;
    if (Array.isArray(ws) || (ws && typeof ws === 'object')) {
      declared = true;
      add(Array.isArray(ws) ? ws : (ws as { packages?: unknown }).packages);
    }
  }
  const pnpm = readText(join(dir, 'pnpm-workspace.yaml')) ?? readText(join(dir, 'pnpm-workspace.yml'));
  if (pnpm !== null) {
    declared = true;
    add(pnpmWorkspacePackages(pnpm));
  }
  if (kindOf(join(dir, 'lerna.json')) === 'file') {
    const lerna = readJson(join(dir, 'lerna.json'));
    if (lerna) {
      declared = true;
      // Lerna's default when `packages` is not set.
      add(Array.isArray(lerna.packages) ? lerna.packages : ['packages/*']);
    }
  }
  return declared ? patterns : null;
}

function readJson(path: string): Record<string, unknown> | null {
  const json = parseJsonc(readText(path) ?? '');
  return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Globs

function normalizeGlob(pattern: string): string {
  return pattern.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/+$/, '').replace(/\/{2,}/g, '/');
}

/** A workspace glob as a regular expression over `/`-separated paths relative to the workspace root. */
export function globToRegExp(glob: string): RegExp {
  const segments = normalizeGlob(glob).split('/');
  let re = '';
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (seg === '**') {
      // Zero or more folders: `a/**/b` matches a/b and a/x/y/b, `a/**` matches a itself.
      if (last) re += i === 0 ? '.*' : '(?:/.*)?';
      else re += i === 0 ? '(?:[^/]+/)*' : '(?:/[^/]+)*/';
      return;
    }
    if (i > 0 && segments[i - 1] !== '**') re += '/';
    re += segmentRegExp(seg);
  });
  return new RegExp(`^${re}$`);
}

/** One glob segment: `*` any characters but `/`, `?` one. */
function segmentRegExp(seg: string): string {
  return seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
}

/**
 * The package folders the workspace globs of `root` name (those with a package.json), in path order, negated
 * globs (`!packages/internal-*`) removed. `node_modules` and dot folders are never entered; symbolic links met while
 * listing are not followed; a folder whose real path leaves the roots is not listed.
 */
export function expandWorkspaceGlobs(root: string, patterns: readonly string[], roots: readonly string[]): string[] {
  const found = new Set<string>();
  const budget = { dirs: MAX_LISTED_DIRS };
  for (const raw of patterns) {
    if (raw.startsWith('!')) continue;
    const segments = normalizeGlob(raw).split('/').filter((s) => s !== '' && s !== '.');
    if (segments.some((s) => s === '..')) continue; // a workspace outside its root is outside what we read
    expand(root, segments, 0, roots, budget, found);
  }
  const excludes = patterns.filter((p) => p.startsWith('!')).map((p) => globToRegExp(p.slice(1)));
  const toRel = (dir: string) => relative(root, dir).split(sep).join('/');
  return [...found].filter((dir) => !excludes.some((re) => re.test(toRel(dir)))).sort();
}

function expand(dir: string, segments: readonly string[], globDepth: number, roots: readonly string[], budget: { dirs: number }, found: Set<string>): void {
  if (segments.length === 0) {
    if (kindOf(join(dir, 'package.json')) === 'file' && realInside(dir, roots)) found.add(dir);
    return;
  }
  const [seg, ...rest] = segments as [string, ...string[]];
  if (seg === '**') {
    expand(dir, rest, globDepth, roots, budget, found);
    if (globDepth >= MAX_GLOB_DEPTH) return;
    for (const sub of subfolders(dir, roots, budget)) expand(join(dir, sub), segments, globDepth + 1, roots, budget, found);
    return;
  }
  if (!/[*?]/.test(seg)) {
    const next = join(dir, seg);
    if (kindOf(next) === 'dir') expand(next, rest, globDepth, roots, budget, found);
    return;
  }
  const re = new RegExp(`^${segmentRegExp(seg)}$`);
  for (const sub of subfolders(dir, roots, budget)) if (re.test(sub)) expand(join(dir, sub), rest, globDepth, roots, budget, found);
}

/** The real subfolders of `dir` (no links, no `node_modules`, no dot folders), when `dir` is inside the roots. */
function subfolders(dir: string, roots: readonly string[], budget: { dirs: number }): string[] {
  if (budget.dirs <= 0 || !roots.some((r) => isInside(dir, r)) || !realInside(dir, roots)) return [];
  budget.dirs--;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    onlyInput(error); // dependency input: a folder that cannot be listed has no workspaces
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

// ---------------------------------------------------------------------------------------------------------------
// The workspace of a file

/**
 * Workspace folders are listed again at most this often, like the program index: a workspace package added in an
 * editor session is seen within 30 s (its package.json, once found, is read again when it changes).
 */
const FOLDERS_LIFETIME_MS = 30_000;

/** Finds and caches workspaces per root folder, refreshed after `ttlMs` like the other project-file caches. */
export class WorkspaceIndex {
  readonly #patterns: TtlCache<string[] | null>;
  readonly #rootOfDir: TtlCache<string | null>;
  readonly #workspaces: TtlCache<Workspace>;
  /** The package folders the patterns match: listing folders is the costly part, and a new package is rare. */
  readonly #folders: TtlCache<string[]>;

  constructor(
    private readonly roots: readonly string[],
    ttlMs = 1000,
  ) {
    this.#patterns = new TtlCache(ttlMs);
    this.#rootOfDir = new TtlCache(ttlMs);
    this.#workspaces = new TtlCache(ttlMs);
    this.#folders = new TtlCache(Math.max(ttlMs, FOLDERS_LIFETIME_MS));
  }

  /** The workspace of the nearest folder above `file` (within the roots) that declares workspaces. */
  workspaceOf(file: string): Workspace | null {
    const root = this.#workspaceRoot(dirname(file));
    return root === null ? null : this.#workspaces.get(root, () => this.#read(root));
  }

  /** The folder whose package.json (or pnpm-workspace.yaml, lerna.json) declares the workspace `file` is in, or null. */
  workspaceRootOf(file: string): string | null {
    return this.#workspaceRoot(dirname(file));
  }

  /** The workspace package `name` as seen from `file`, or null. */
  packageFor(name: string, file: string): WorkspacePackage | null {
    return this.workspaceOf(file)?.packages.get(name) ?? null;
  }

  #workspaceRoot(dir: string): string | null {
    return this.#rootOfDir.get(dir, () => {
      if (!this.roots.some((r) => isInside(dir, r))) return null;
      if (this.#patterns.get(dir, () => workspacePatterns(dir)) !== null) return dir;
      const parent = dirname(dir);
      return parent === dir ? null : this.#workspaceRoot(parent);
    });
  }

  #read(root: string): Workspace {
    const packages = new Map<string, WorkspacePackage>();
    const patterns = this.#patterns.get(root, () => workspacePatterns(root)) ?? [];
    for (const dir of this.#folders.get(`${root}\0${patterns.join('\0')}`, () => expandWorkspaceGlobs(root, patterns, this.roots))) {
      const json = readJson(join(dir, 'package.json'));
      const name = json?.name;
      if (json && typeof name === 'string' && name !== '' && !packages.has(name)) packages.set(name, { name, dir, json });
    }
    return { root, packages };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Which file a workspace package name means

const TS_SOURCE = /\.(?:tsx?|mts|cts)$/;
const DECLARATION = /\.d\.(?:[cm]?ts)$|\.d\.[^.]+\.ts$/;
const JS_OR_TS = /\.(?:[cm]?[jt]sx?)$/;
/** Conditions whose target is the package's source when it is a TS file (`source`: any JS or TS source). */
const SOURCE_CONDITIONS = new Set(['development', 'source', 'typescript', 'types']);
/** Conditions Node (or a bundler) takes at run time, in the order we prefer them. */
const RUNTIME_CONDITIONS = ['node', 'import', 'require', 'module', 'default'];

/** Finds a file for an absolute path (with extension probing and index files), inside the roots; null if none. */
export type FileProbe = (path: string) => string | null;

/**
 * The file `pkg` + `subpath` means, preferring the package's source over its build output: `exports` conditions
 * that point at sources (`development`, `source`, `types` when it is a .ts file), then package.json `source`, then
 * the run-time entry (`exports`, `main`, `module`) mapped from `dist/` or the tsconfig `outDir` back to `src/` or
 * `rootDir` when that file exists; else the built file when it exists. Null when nothing is found.
 */
export function packageSourceEntry(dir: string, json: Record<string, unknown>, subpath: string | undefined, root: string, probe: FileProbe): string | null {
  const key = subpath ? `./${subpath}` : '.';
  const runtime: string[] = [];
  if (json.exports != null) {
    const value = exportsValue(json.exports, key);
    if (!value) return null; // `exports` hides what it does not list
    for (const t of sourceTargets(value.target)) {
      const f = probe(join(dir, value.star === undefined ? t : t.replaceAll('*', value.star)));
      if (f && isSourceFile(f)) return f;
    }
    for (const t of runtimeTargets(value.target)) runtime.push(join(dir, value.star === undefined ? t : t.replaceAll('*', value.star)));
  } else if (subpath) {
    runtime.push(join(dir, subpath));
  } else {
    for (const field of ['source', 'types', 'typings']) {
      const t = json[field];
      if (typeof t !== 'string') continue;
      if (field !== 'source' && !(TS_SOURCE.test(t) && !DECLARATION.test(t))) continue;
      const f = probe(join(dir, t));
      if (f && isSourceFile(f)) return f;
    }
    for (const field of ['main', 'module', 'types', 'typings']) {
      const t = json[field];
      if (typeof t === 'string' && t !== '') runtime.push(join(dir, t));
    }
  }
  const outs = outputDirs(dir, root);
  for (const built of runtime) {
    const f = sourceOfBuilt(built, outs, probe);
    if (f) return f;
  }
  for (const built of runtime) {
    if (DECLARATION.test(built)) continue;
    const f = probe(built);
    if (f) return f;
  }
  return subpath ? null : probe(join(dir, 'index'));
}

function isSourceFile(path: string): boolean {
  return JS_OR_TS.test(path) && !DECLARATION.test(path);
}

/** The `exports` entry for a subpath (`.`, `./sub`, a `./*` pattern with what `*` matched), or null. */
function exportsValue(exports: unknown, key: string): { target: unknown; star?: string } | null {
  if (typeof exports === 'string' || Array.isArray(exports)) return key === '.' ? { target: exports } : null;
  if (!exports || typeof exports !== 'object') return null;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.length && keys.every((k) => !k.startsWith('.'))) return key === '.' ? { target: map } : null;
  if (key in map) return map[key] === null ? null : { target: map[key] };
  let best: { prefix: string; target: unknown; star: string } | null = null;
  for (const k of keys) {
    const star = k.indexOf('*');
    if (star < 0) continue;
    const prefix = k.slice(0, star);
    const suffix = k.slice(star + 1);
    if (key.startsWith(prefix) && key.endsWith(suffix) && key.length >= prefix.length + suffix.length) {
      if (!best || prefix.length > best.prefix.length) best = { prefix, target: map[k], star: key.slice(prefix.length, key.length - suffix.length) };
    }
  }
  return best && best.target !== null ? { target: best.target, star: best.star } : null;
}

/** Targets under a source condition, in document order: a TS source, or anything under `source`. */
function sourceTargets(value: unknown, conditions: readonly string[] = []): string[] {
  if (typeof value === 'string') {
    const underSource = conditions.includes('source');
    const underTsCondition = conditions.some((c) => SOURCE_CONDITIONS.has(c));
    if (underSource && JS_OR_TS.test(value) && !DECLARATION.test(value)) return [value];
    return underTsCondition && TS_SOURCE.test(value) && !DECLARATION.test(value) ? [value] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v) => sourceTargets(v, conditions));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([c, v]) => sourceTargets(v, [...conditions, c]));
}

/** Run-time targets: each preferred condition in turn, then whatever else the map holds, declarations last. */
function runtimeTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(runtimeTargets);
  if (!value || typeof value !== 'object') return [];
  const map = value as Record<string, unknown>;
  const ordered = [...RUNTIME_CONDITIONS.filter((c) => c in map), ...Object.keys(map).filter((c) => !RUNTIME_CONDITIONS.includes(c))];
  const out = ordered.flatMap((c) => runtimeTargets(map[c]));
  return [...out.filter((t) => !DECLARATION.test(t)), ...out.filter((t) => DECLARATION.test(t))];
}

/** Build output folders of a package and the source folder each maps back to: tsconfig `outDir` → `rootDir`, `dist` → `src`. */
function outputDirs(dir: string, root: string): { out: string; src: string }[] {
  const pairs: { out: string; src: string }[] = [];
  for (const name of ['tsconfig.json', 'tsconfig.build.json']) {
    const ts = readTsconfigFile(join(dir, name), root);
    if (ts?.outDir && isInside(ts.outDir, dir) && ts.outDir !== dir) pairs.push({ out: ts.outDir, src: ts.rootDir ?? join(dir, 'src') });
  }
  pairs.push({ out: join(dir, 'dist'), src: join(dir, 'src') });
  return pairs;
}

const SOURCE_EXTENSIONS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs', '.ts'],
  '.cjs': ['.cts', '.cjs', '.ts'],
  '.d.ts': ['.ts', '.tsx'],
  '.d.mts': ['.mts', '.ts'],
  '.d.cts': ['.cts', '.ts'],
  '': ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'],
};

/** The source file a built file was compiled from, when it exists: `dist/a/b.js` → `src/a/b.ts`. */
function sourceOfBuilt(built: string, outs: readonly { out: string; src: string }[], probe: FileProbe): string | null {
  for (const { out, src } of outs) {
    if (!isInside(built, out)) continue;
    const ext = /\.d\.[cm]?ts$/.exec(built)?.[0] ?? /\.(?:[cm]?js|jsx)$/.exec(built)?.[0] ?? '';
    const rel = relative(out, built.slice(0, built.length - ext.length));
    const stems = rel === '' ? [join(src, 'index')] : ext === '' ? [join(src, rel), join(src, rel, 'index')] : [join(src, rel)];
    for (const stem of stems) {
      for (const e of SOURCE_EXTENSIONS[ext]!) {
        if (kindOf(stem + e) === 'file' && probe(stem + e) === stem + e) return stem + e;
      }
    }
  }
  return null;
}
