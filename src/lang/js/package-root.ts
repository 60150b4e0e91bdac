import { isInside } from '../../util/paths.js';
import { dirname, join, resolve } from 'node:path';
import { parseJsonc } from '../../util/jsonc.js';
import { kindOf, readText, sameReads } from '../../util/fs-cache.js';

export interface PackageJsonInfo {
  dir: string;
  name?: string;
  type?: 'module' | 'commonjs';
  scripts: Record<string, string>;
  exports?: unknown;
  main?: string;
  imports?: unknown;
}

export interface TsconfigInfo {
  path: string;
  module?: string;
  moduleResolution?: string;
  verbatimModuleSyntax?: boolean;
  /** TypeScript < 5.5: `preserve` / `error` keep every import that is not `import type` (as a side-effect import). */
  importsNotUsedAsValues?: string;
  /** TypeScript < 5.5: imports of values are kept even when unused. */
  preserveValueImports?: boolean;
  baseUrl?: string;
  /** Absolute directory that `paths` patterns are relative to. */
  pathsBase: string;
  paths?: Record<string, string[]>;
  /** Absolute `outDir` / `rootDir`, each relative to the tsconfig that declares it (followed through `extends`). */
  outDir?: string;
  rootDir?: string;
}

/** The nearest package.json above `file`, stopping at `root` (never read outside it). */
export function nearestPackageJson(file: string, root: string): PackageJsonInfo | null {
  for (let dir = dirname(file); isInside(dir, root); dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (kindOf(path) === 'file') {
      const text = readText(path) ?? '';
      // Asked for every file summarized: the text is parsed again only when it changed (`readText` gives back the
      // string it read while the file is unchanged).
      const known = packageJsons.get(path);
      if (known && known.text === text) return known.info;
      const info = packageJsonInfo(dir, text);
      packageJsons.set(path, { text, info });
      return info;
    }
    if (dir === dirname(dir)) break;
  }
  return null;
}

const packageJsons = new Map<string, { text: string; info: PackageJsonInfo | null }>();

function packageJsonInfo(dir: string, text: string): PackageJsonInfo | null {
  const json = parseJsonc(text) as Record<string, unknown> | undefined;
  if (!json || typeof json !== 'object') return null;
  return {
    dir,
    name: typeof json.name === 'string' ? json.name : undefined,
    type: json.type === 'module' ? 'module' : json.type === 'commonjs' ? 'commonjs' : undefined,
    scripts: isStringRecord(json.scripts) ? json.scripts : {},
    exports: json.exports,
    main: typeof json.main === 'string' ? json.main : undefined,
    imports: json.imports,
  };
}

/** The nearest tsconfig.json above `file` (within `root`), with `extends` followed for the options we use. */
export function nearestTsconfig(file: string, root: string): TsconfigInfo | null {
  for (let dir = dirname(file); isInside(dir, root); dir = dirname(dir)) {
    const path = join(dir, 'tsconfig.json');
    if (kindOf(path) === 'file') return readTsconfig(path, root);
    if (dir === dirname(dir)) break;
  }
  return null;
}

/** One tsconfig file (`tsconfig.build.json` too), with `extends` followed within `root`; null when absent or bad. */
export function readTsconfigFile(path: string, root: string): TsconfigInfo | null {
  return isInside(path, root) && kindOf(path) === 'file' ? readTsconfig(path, root) : null;
}

/**
 * What each tsconfig says, kept while the texts it was read from (itself and what it extends; cached reads) are the
 * same: the resolver asks for every import.
 */
const tsconfigs = new Map<string, { root: string; reads: [string, string | null][]; info: TsconfigInfo | null }>();

function readTsconfig(path: string, root: string): TsconfigInfo | null {
  const known = tsconfigs.get(path);
  if (known && known.root === root && sameReads(known.reads)) return known.info;
  const reads: [string, string | null][] = [];
  const info = readTsconfigText(path, readText(path), root, 0, reads);
  tsconfigs.set(path, { root, reads, info });
  return info;
}

function readTsconfigText(path: string, text: string | null, root: string, depth: number, reads: [string, string | null][]): TsconfigInfo | null {
  reads.push([path, text]);
  const json = parseJsonc(text ?? '') as { extends?: unknown; compilerOptions?: Record<string, unknown> } | undefined;
  if (!json || typeof json !== 'object') return null;
  let base: TsconfigInfo | null = null;
  const ext = Array.isArray(json.extends) ? json.extends[0] : json.extends;
  if (typeof ext === 'string' && depth < 8 && (ext.startsWith('.') || ext.startsWith('/'))) {
    const basePath = resolve(dirname(path), ext.endsWith('.json') ? ext : `${ext}.json`);
    if (isInside(basePath, root) && kindOf(basePath) === 'file') base = readTsconfigText(basePath, readText(basePath), root, depth + 1, reads);
  }
  const co = json.compilerOptions ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);
  const baseUrl = typeof co.baseUrl === 'string' ? resolve(dirname(path), co.baseUrl) : base?.baseUrl;
  const hasOwnPaths = co.paths && typeof co.paths === 'object';
  return {
    path,
    module: str(co.module) ?? base?.module,
    moduleResolution: str(co.moduleResolution) ?? base?.moduleResolution,
    verbatimModuleSyntax:
      typeof co.verbatimModuleSyntax === 'boolean' ? co.verbatimModuleSyntax : base?.verbatimModuleSyntax,
    importsNotUsedAsValues: str(co.importsNotUsedAsValues) ?? base?.importsNotUsedAsValues,
    preserveValueImports: typeof co.preserveValueImports === 'boolean' ? co.preserveValueImports : base?.preserveValueImports,
    baseUrl,
    // `paths` are relative to baseUrl when set, else to the tsconfig that declares them.
    pathsBase: hasOwnPaths ? (typeof co.baseUrl === 'string' ? baseUrl! : dirname(path)) : (base?.pathsBase ?? dirname(path)),
    paths: hasOwnPaths ? (co.paths as Record<string, string[]>) : base?.paths,
    outDir: typeof co.outDir === 'string' ? resolve(dirname(path), co.outDir) : base?.outDir,
    rootDir: typeof co.rootDir === 'string' ? resolve(dirname(path), co.rootDir) : base?.rootDir,
  };
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return !!v && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string');
}
