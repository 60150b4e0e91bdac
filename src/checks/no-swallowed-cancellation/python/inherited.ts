/**
 * Greenlet code by inheritance: a class whose subclass lives in a module that imports gevent, eventlet or
 * greenlet runs its methods in greenlets, though its own module imports none of them (gunicorn's
 * `base_async.AsyncWorker.handle`, subclassed by the gevent and eventlet workers: a `max_requests` restart kills
 * the greenlet with GreenletExit, which `except BaseException` there swallows).
 *
 * The subclassing modules are the project files that load the linted one (the program index, from the text
 * pre-scan); each is scanned by text once per version (mtime and size): its greenlet imports and the last name
 * of every base class it writes. Over-approximates (a base named like ours from elsewhere); never reads outside
 * the project.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readText, statOrMissing, TtlCache } from '../../../util/fs-cache.js';
import { onlyInput } from '../../../util/guard.js';
import { pyGreenletModules } from '../../../catalog/python-cancellation.js';

interface ModuleScan {
  mtimeMs: number;
  size: number;
  greenlet: boolean;
  bases: Set<string>;
}

const GREENLET_IMPORT = new RegExp(`^[ \\t]*(?:import|from)[ \\t]+(?:${pyGreenletModules.join('|')})\\b`, 'mu');
const CLASS_BASES = /^[ \t]*class[ \t]+\w+[ \t]*\(([^)]*)\)/gmu;
const MAX_SCANNED = 2000;
const scans = new Map<string, ModuleScan>();

function scan(path: string): ModuleScan | null {
  const st = statOrMissing(path);
  if (!st?.isFile()) return null;
  const hit = scans.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit;
  const text = readText(path);
  if (text === null) return null;
  const bases = new Set<string>();
  for (const m of text.matchAll(CLASS_BASES)) {
    for (const b of m[1]!.split(',')) {
      const base = b.trim();
      if (/^[\w.]+$/u.test(base)) bases.add(base.split('.').pop()!);
    }
  }
  const out: ModuleScan = { mtimeMs: st.mtimeMs, size: st.size, greenlet: GREENLET_IMPORT.test(text), bases };
  if (scans.size >= MAX_SCANNED) scans.clear();
  scans.set(path, out);
  return out;
}

/** Does a greenlet module among `importers` (the files that load the class's module) subclass `className`? */
export function subclassedInGreenletCode(importers: readonly string[], className: string): boolean {
  return importers.some((path) => {
    const s = scan(path);
    return !!s && s.greenlet && s.bases.has(className);
  });
}

/** Files at a project's root that declare what it depends on. */
const DECLARATIONS = /^(?:pyproject\.toml|setup\.cfg|setup\.py|Pipfile|requirements[\w.-]*\.(?:txt|in))$/u;
const DECLARES_GREENLET = new RegExp(`(?:^|[^\\w.-])(?:${pyGreenletModules.join('|')})(?![\\w-])`, 'mu');
const declared = new TtlCache<boolean>(30_000);

/**
 * Whether the project declares gevent, eventlet or greenlet among its dependencies (pyproject.toml, setup.cfg,
 * setup.py, Pipfile, requirements files at its root or in a `requirements/` folder). Only then is greenlet code
 * by inheritance looked for: finding the subclassing modules needs the whole program index, which a project
 * without a greenlet library (the standard library, most applications) would build for nothing.
 */
export function projectDeclaresGreenlet(root: string): boolean {
  return declared.get(root, () => {
    const files: string[] = [];
    for (const dir of [root, join(root, 'requirements')]) {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch (error) {
        onlyInput(error); // dependency input: a folder that is not there declares nothing
        continue;
      }
      for (const name of names) if (DECLARATIONS.test(name) || (dir !== root && /\.(?:txt|in)$/u.test(name))) files.push(join(dir, name));
    }
    return files.some((f) => DECLARES_GREENLET.test(readText(f) ?? ''));
  });
}

export function clearInheritedCache(): void {
  scans.clear();
  declared.clear();
}
