/**
 * The Python version the linted code targets, as the lowest minor version of Python 3 it must run on.
 *
 * Sources, first match wins:
 *  1. `settings['patch-order'].pythonVersion` ("3.7", "3.11", or a number 3.7);
 *  2. the language option `pythonVersion` (`languageOptions: { pythonVersion: '3.7' }`);
 *  3. `requires-python` in the `[project]` table of the nearest `pyproject.toml` (searched from the file's
 *     directory up to ESLint's cwd, never above it), read with a few string operations and cached
 *     (validated by mtime and size, directory lookups re-checked after a second);
 *  4. 3.8 (the rule's documented default: "3.8+").
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, isAbsolute, sep } from 'node:path';
import { PY_DEFAULT_MINOR } from '../../../catalog/python-cancellation.js';
import { isInputError } from '../../../util/guard.js';

export type PyVersionSource = 'settings' | 'languageOptions' | 'pyproject' | 'default';

export interface PyTargetVersion {
  /** Lowest supported minor version of Python 3 (2.x counts as 3.0). */
  minor: number;
  source: PyVersionSource;
  /** The pyproject.toml the version came from. */
  file?: string;
}

/** "3.7" / "3.7.2" / 3.7 → 7; anything else → undefined. */
export function parseVersionSetting(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^(\d+)(?:\.(\d+))?(?:\.\d+)?$/u.exec(text);
  if (!m) return undefined;
  const major = Number(m[1]);
  if (major < 3) return 0;
  if (major > 3) return undefined;
  return m[2] === undefined ? 0 : Number(m[2]);
}

/**
 * The lower bound of a PEP 440 `requires-python` specifier set, as a minor version of Python 3:
 * `>=3.7,<4` → 7, `~=3.9` → 9, `==3.10.*` → 10, `>3.7` → 7 (3.7.1 is still 3.7), `>=2.7` → 0.
 * `undefined` when no clause gives a lower bound (`<3.12`, `!=3.9.*`, or unreadable text).
 */
export function requiresPythonLowerBound(spec: string): number | undefined {
  let best: number | undefined;
  for (const raw of spec.split(',')) {
    const m = /^\s*(>=|>|~=|===|==)\s*v?(\d+)(?:\.(\d+|\*))?(?:\.(?:\d+|\*))*\s*$/u.exec(raw);
    if (!m) continue;
    const major = Number(m[2]);
    const minor = m[3] === undefined || m[3] === '*' ? 0 : Number(m[3]);
    const value = major < 3 ? 0 : major > 3 ? 99 : minor;
    best = best === undefined ? value : Math.max(best, value);
  }
  return best;
}

/** `requires-python` of the `[project]` table, or undefined. A few string operations, not a TOML parser. */
export function readRequiresPython(toml: string): string | undefined {
  let inProject = false;
  for (const line of toml.replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u)) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$/u.exec(line);
    if (header && !line.trimStart().startsWith('[[')) {
      inProject = header[1] === 'project';
      continue;
    }
    if (line.trimStart().startsWith('[[')) {
      inProject = false;
      continue;
    }
    if (!inProject) continue;
    const m = /^\s*(?:requires-python|"requires-python"|'requires-python')\s*=\s*(?:"([^"]*)"|'([^']*)')/u.exec(line);
    if (m) return m[1] ?? m[2];
  }
  return undefined;
}

const FRESH_MS = 1000;
interface FileEntry {
  mtimeMs: number;
  size: number;
  minor: number | undefined;
}
const fileCache = new Map<string, FileEntry>();
/** (cwd, directory) → nearest pyproject.toml at or above it (within the cwd), re-checked after FRESH_MS. */
const dirCache = new Map<string, { found: string | null; at: number }>();

/** Counters for tests and the bench: how many pyproject.toml files were read from disk. */
export const versionStats = { pyprojectReads: 0 };

export function clearPythonVersionCache(): void {
  fileCache.clear();
  dirCache.clear();
}

function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

function nearestPyproject(dir: string, cwd: string, now: number): string | null {
  const seen: string[] = [];
  let found: string | null = null;
  let current = dir;
  for (;;) {
    const cached = dirCache.get(`${cwd}\0${current}`);
    if (cached && now - cached.at < FRESH_MS) {
      found = cached.found;
      break;
    }
    seen.push(current);
    const candidate = join(current, 'pyproject.toml');
    let isFile = false;
    try {
      isFile = statSync(candidate, { throwIfNoEntry: false })?.isFile() ?? false;
    } catch (error) { // dependency input: a directory that cannot be searched (EACCES, ELOOP, ENOTDIR) has no pyproject.toml for us
      if (!isInputError(error)) throw error;
    }
    if (isFile) {
      found = candidate;
      break;
    }
    if (current === cwd) break;
    const parent = dirname(current);
    if (parent === current || !inside(parent, cwd)) break;
    current = parent;
  }
  for (const d of seen) dirCache.set(`${cwd}\0${d}`, { found, at: now });
  return found;
}

function pyprojectMinor(file: string): number | undefined {
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st || !st.isFile() || st.size > 1_000_000) return undefined;
    const hit = fileCache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.minor;
    versionStats.pyprojectReads++;
    const spec = readRequiresPython(readFileSync(file, 'utf8'));
    const minor = spec === undefined ? undefined : requiresPythonLowerBound(spec);
    fileCache.set(file, { mtimeMs: st.mtimeMs, size: st.size, minor });
    return minor;
  } catch (error) { // dependency input: a pyproject.toml that vanished or cannot be read gives no version
    if (!isInputError(error)) throw error;
    return undefined;
  }
}

export interface VersionContext {
  settings?: Record<string, unknown> | undefined;
  cwd?: string;
  filename?: string;
  languageOptions?: Record<string, unknown> | undefined;
}

export function pythonTargetVersion(ctx: VersionContext): PyTargetVersion {
  const s = ctx.settings?.['patch-order'];
  const fromSettings = s && typeof s === 'object' ? parseVersionSetting((s as Record<string, unknown>).pythonVersion) : undefined;
  if (fromSettings !== undefined) return { minor: fromSettings, source: 'settings' };
  const fromLanguage = parseVersionSetting(ctx.languageOptions?.pythonVersion);
  if (fromLanguage !== undefined) return { minor: fromLanguage, source: 'languageOptions' };
  const { cwd, filename } = ctx;
  if (cwd && filename && isAbsolute(filename) && isAbsolute(cwd) && inside(filename, cwd)) {
    const file = nearestPyproject(dirname(filename), cwd, Date.now());
    if (file) {
      const minor = pyprojectMinor(file);
      if (minor !== undefined) return { minor, source: 'pyproject', file };
    }
  }
  return { minor: PY_DEFAULT_MINOR, source: 'default' };
}
