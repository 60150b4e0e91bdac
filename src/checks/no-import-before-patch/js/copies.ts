import type { CaptureEvent, ChainStep, ModuleSummary } from '../../../graph/types.js';
import { moduleKeys } from '../../../graph/walk.js';

/**
 * The first copy of one of `names` out of `module` that evaluating the local file `from` makes, with the chain
 * to it (`import { readFile } from 'fs'` in the code under test, before `jest.spyOn(fs, 'readFile')`). Walk
 * facts keep copies of patch targets only; a stub's target is known only at the stub, so this looks for it
 * breadth-first over the summaries (bounded), asked only for stubs of single exports.
 */
export function copyIn(
  summaryOf: (path: string) => ModuleSummary | null,
  from: string,
  module: string,
  names: readonly string[],
  maxModules = 2000,
  copiers?: (module: string) => readonly string[] | null,
): { capture: CaptureEvent; chain: ChainStep[] } | null {
  // Only a file that loads the module can copy out of it: when none of those does, nothing reachable from `from`
  // does either, and the walk below (which reads everything `from` loads) is not needed.
  const candidates = copiers?.(module);
  if (candidates && !candidates.some((file) => copiesIn(summaryOf(file), module, names))) return null;
  const seen = new Set<string>([from]);
  const queue: { path: string; chain: ChainStep[] }[] = [{ path: from, chain: [] }];
  for (let i = 0; i < queue.length && i < maxModules; i++) {
    const { path, chain } = queue[i]!;
    for (const e of summaryOf(path)?.events ?? []) {
      if (e.kind === 'capture' && moduleKeys(e.resolved).includes(module)) {
        const copied = e.names.filter((n) => names.includes(n));
        if (copied.length) return { capture: { ...e, names: copied }, chain: [...chain, { file: path, loc: e.loc, specifier: e.specifier }] };
      } else if (e.kind === 'load' && e.resolved.type === 'file' && !seen.has(e.resolved.path)) {
        seen.add(e.resolved.path);
        queue.push({ path: e.resolved.path, chain: [...chain, { file: path, loc: e.loc, specifier: e.specifier }] });
      }
    }
  }
  return null;
}

/** Whether the module's own timeline copies one of `names` out of `module`. */
function copiesIn(summary: ModuleSummary | null, module: string, names: readonly string[]): boolean {
  return (summary?.events ?? []).some((e) => e.kind === 'capture' && moduleKeys(e.resolved).includes(module) && e.names.some((n) => names.includes(n)));
}
