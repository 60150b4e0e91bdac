/**
 * A package's __init__.py runs before every module below it, so what it loads is loaded before any patch made
 * further down the package: `designate/__init__.py` imports oslo.log before `designate/cmd/__init__.py` calls
 * `eventlet.monkey_patch()`, and every `designate-*` command runs in that order. No statement of the command's
 * module does the load, so it is reported here, once, on the __init__.py's own line.
 *
 * The orders checked: this __init__.py followed by each program's module below it (a console script, a server's app,
 * `python -m`; its preloads before the package, a worker's patch after the module) and by each subpackage below it,
 * with the packages in between.
 */
import { basename, dirname, join } from 'node:path';
import type { LoadEvent, ModuleSummary, PatchEvent } from '../../../graph/types.js';
import { statOrMissing } from '../../../util/fs-cache.js';
import { isInside } from '../../../util/paths.js';
import type { DirListings } from '../../../util/dir-listings.js';

/**
 * Subpackages below `dir` (their __init__.py), breadth-first, bounded; with `named`, also the files of those names in
 * them. Directories are read through `listings` (each __init__.py of a package walks the tree below it again).
 */
export function subpackageInits(dir: string, listings: DirListings, limit = 500, named?: ReadonlySet<string>, found?: string[]): string[] {
  const out: string[] = [];
  const queue = [dir];
  for (let i = 0; i < queue.length && out.length < limit; i++) {
    // A directory that cannot be listed has no subpackages we can read.
    const entries = listings.get(queue[i]!);
    if (!entries) continue;
    for (const [name, kind] of entries) {
      if (named && found && kind === 'file' && named.has(name) && found.length < limit) found.push(join(queue[i]!, name));
      if (kind !== 'dir' || name.startsWith('.') || name === '__pycache__') continue;
      const sub = join(queue[i]!, name);
      if (isFile(listings, sub, '__init__.py')) {
        out.push(join(sub, '__init__.py'));
        queue.push(sub);
      }
    }
  }
  return out;
}

/** Whether `dir/name` is a file (a symbolic link: its target decides). */
function isFile(listings: DirListings, dir: string, name: string): boolean {
  const kind = listings.get(dir)?.get(name);
  return kind === 'file' || (kind === 'link' && !!statOrMissing(join(dir, name))?.isFile());
}

/** A module that runs after the linted __init__.py: a subpackage's __init__.py, or a program's module below the package. */
export interface BelowTarget {
  file: string;
  /** The program that runs it, for messages (absent for a subpackage). */
  entry?: string;
  /** Patches active before the package runs (the program's preloads). */
  before?: readonly PatchEvent[];
  /** Patches made after the module ran (a server's worker patch after the fork). */
  after?: readonly PatchEvent[];
}

/**
 * The orders in which this __init__.py runs before something that may patch: the linted summary followed by the
 * packages between it and each target (each a `py-parent` load), then the target, for every target below it.
 */
export function ordersBelow(summary: ModuleSummary, targets: readonly BelowTarget[], resolve: (file: string) => LoadEvent[]): ModuleSummary[] {
  const here = dirname(summary.path);
  const out: ModuleSummary[] = [];
  for (const target of targets) {
    if (target.file === summary.path || !isInside(target.file, here)) continue;
    const entry = target.entry ? { entry: target.entry } : {};
    // Parents of the target strictly below this package, outermost first, then the target itself.
    const chain = resolve(target.file)
      .filter((l) => l.resolved.type === 'file' && isInside(l.resolved.path, here) && l.resolved.path !== summary.path)
      .map((l) => ({ ...l, ...entry }));
    const loc = { line: 1, column: 0, endLine: 1, endColumn: 0 };
    const self: LoadEvent = { kind: 'load', specifier: basename(target.file), resolved: { type: 'file', path: target.file }, loadKind: 'py-parent', conditional: false, loc, ...entry };
    out.push({ ...summary, events: [...(target.before ?? []), ...summary.events, ...chain, self, ...(target.after ?? [])] });
  }
  return out;
}
