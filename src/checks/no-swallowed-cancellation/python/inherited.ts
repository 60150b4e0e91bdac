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
import { readText, statOrMissing } from '../../../util/fs-cache.js';
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

export function clearInheritedCache(): void {
  scans.clear();
}
