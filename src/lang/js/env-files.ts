/**
 * The variables a project's env files set (`.env`, `.env.local`, `.env.production`, `.env.example`, … in the
 * file's directory and every directory above it within the root), read as dotenv reads them: `NAME=value` lines,
 * `export NAME=value` too. An env loader that runs too late matters only for variables those files set.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readText, TtlCache } from '../../util/fs-cache.js';
import { onlyInput } from '../../util/guard.js';
import { isInside } from '../../util/paths.js';

const perDir = new TtlCache<string[] | null>(1000);
const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:]/gm;

/** The variables set by env files from `file`'s directory up to `root`; null when there is no env file at all. */
export function envFileVariables(file: string, root: string): Set<string> | null {
  let found = false;
  const out = new Set<string>();
  for (let dir = dirname(file); isInside(dir, root); dir = dirname(dir)) {
    const names = perDir.get(dir, () => variablesIn(dir));
    if (names) {
      found = true;
      for (const n of names) out.add(n);
    }
    if (dir === root || dir === dirname(dir)) break;
  }
  return found ? out : null;
}

function variablesIn(dir: string): string[] | null {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    onlyInput(error); // dependency input: a directory that cannot be listed has no env files we can read
    return null;
  }
  const files = entries.filter((n) => n === '.env' || n.startsWith('.env.'));
  if (!files.length) return null;
  const names: string[] = [];
  for (const f of files) for (const m of (readText(join(dir, f)) ?? '').matchAll(ASSIGNMENT)) names.push(m[1]!);
  return names;
}
