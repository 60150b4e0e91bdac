/**
 * A package's __init__.py runs before every module below it, so what it loads is loaded before any patch made
 * further down the package: `designate/__init__.py` imports oslo.log before `designate/cmd/__init__.py` calls
 * `eventlet.monkey_patch()`, and every `designate-*` command runs in that order. No statement of the command's
 * module does the load, so it is reported here, once, on the __init__.py's own line.
 *
 * The orders checked: this __init__.py followed by each subpackage below it (its parents in between), and by each
 * module a start command runs (a console script).
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LoadEvent, ModuleSummary } from '../../../graph/types.js';
import { statOrMissing } from '../../../util/fs-cache.js';
import { onlyInput } from '../../../util/guard.js';
import { isInside } from '../../../util/paths.js';

/** Subpackages below `dir` (their __init__.py), breadth-first, bounded. */
export function subpackageInits(dir: string, limit = 500): string[] {
  const out: string[] = [];
  const queue = [dir];
  for (let i = 0; i < queue.length && out.length < limit; i++) {
    let names: { name: string; isDirectory(): boolean }[];
    try {
      names = readdirSync(queue[i]!, { withFileTypes: true });
    } catch (error) {
      onlyInput(error); // dependency input: a directory that cannot be listed has no subpackages we can read
      continue;
    }
    for (const e of names) {
      if (!e.isDirectory() || e.name.startsWith('.') || e.name === '__pycache__') continue;
      const sub = join(queue[i]!, e.name);
      const init = join(sub, '__init__.py');
      if (statOrMissing(init)?.isFile()) {
        out.push(init);
        queue.push(sub);
      }
    }
  }
  return out;
}

/**
 * The orders in which this __init__.py runs before something that may patch: the linted summary followed by the
 * packages between it and `below` (each a `py-parent` load), for every `below` in `targets`.
 */
export function ordersBelow(summary: ModuleSummary, targets: readonly string[], resolve: (file: string) => LoadEvent[]): ModuleSummary[] {
  const here = dirname(summary.path);
  const out: ModuleSummary[] = [];
  for (const target of targets) {
    if (target === summary.path || !isInside(target, here)) continue;
    // Parents of `target` strictly below this package, outermost first, then the target itself.
    const chain = resolve(target).filter((l) => l.resolved.type === 'file' && isInside(l.resolved.path, here) && l.resolved.path !== summary.path);
    const loc = { line: 1, column: 0, endLine: 1, endColumn: 0 };
    const self: LoadEvent = { kind: 'load', specifier: basename(target), resolved: { type: 'file', path: target }, loadKind: 'py-parent', conditional: false, loc };
    out.push({ ...summary, events: [...summary.events, ...chain, self] });
  }
  return out;
}
