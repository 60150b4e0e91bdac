import type { ModuleFacts } from '../../../graph/walk.js';
import type { ModuleSummary } from '../../../graph/types.js';
import { packageNameOf } from '../../../lang/js/resolve.js';
import type { PatchCatalog } from '../../../lang/js/patches.js';
import type { Preload } from '../../../lang/js/preloads.js';

/**
 * Patcher ids that are active before the entry runs: preloaded packages matched against the catalog
 * (`-r dd-trace/init`, `--import @sentry/node/preload`, `-r newrelic`), and local preload files
 * (`--import ./instrument.mjs`) through the patches their evaluation activates.
 */
export function preloadedPatchers(
  preloads: readonly Preload[],
  catalog: PatchCatalog,
  facts: (file: string) => ModuleFacts | null,
  summary: (file: string) => ModuleSummary | null = () => null,
): Set<string> {
  const ids = new Set<string>();
  for (const p of preloads) {
    if (p.local) {
      for (const patch of facts(p.specifier)?.patches ?? []) ids.add(patch.event.patcherId);
      for (const id of mockedPatchers(summary(p.specifier), catalog)) ids.add(id);
      continue;
    }
    for (const id of preloadIds(catalog).get(withoutJsExtension(p.specifier)) ?? []) ids.add(id);
  }
  return ids;
}

const withoutJsExtension = (specifier: string) => specifier.replace(/\.(?:js|cjs|mjs)$/, '');

/**
 * Per catalog, the patchers a preloaded module activates, by the module's name without a JS extension: its own
 * preload modules (`dd-trace/init`) and side-effect activations (`newrelic`). Asked for every linted file.
 */
function preloadIds(catalog: PatchCatalog): ReadonlyMap<string, readonly string[]> {
  let byName = preloadIdsOf.get(catalog);
  if (!byName) {
    const map = new Map<string, string[]>();
    for (const entry of catalog.entries) {
      for (const name of [...(entry.preloads ?? []), ...entry.activations.flatMap((a) => (a.kind === 'side-effect' ? [a.module] : []))]) {
        const key = withoutJsExtension(name);
        const list = map.get(key) ?? [];
        if (!list.includes(entry.id)) list.push(entry.id);
        map.set(key, list);
      }
    }
    preloadIdsOf.set(catalog, (byName = map));
  }
  return byName;
}
const preloadIdsOf = new WeakMap<PatchCatalog, ReadonlyMap<string, readonly string[]>>();

/**
 * Patchers whose package the test runner replaces with a mock for the whole test file (`vi.mock('dd-trace')` in the
 * file or in a setup file): the agent never patches anything there, so nothing can load too early for it. They count
 * as active from the start (nothing to report, nothing to wait for).
 */
export function mockedPatchers(summary: ModuleSummary | null, catalog: PatchCatalog): string[] {
  const mocked = new Set((summary?.mockedModules ?? []).map((m) => packageNameOf(m.replace(/^node:/, '')).name));
  if (!mocked.size) return [];
  const out: string[] = [];
  for (const entry of catalog.entries) {
    const modules = entry.activations.flatMap((a) => (a.kind === 'mock' ? [] : [packageNameOf(a.module).name]));
    if (modules.length && modules.every((m) => mocked.has(m))) out.push(entry.id);
  }
  return out;
}
