import type { ModuleFacts } from '../../../graph/walk.js';
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
): Set<string> {
  const ids = new Set<string>();
  for (const p of preloads) {
    if (p.local) {
      for (const patch of facts(p.specifier)?.patches ?? []) ids.add(patch.event.patcherId);
      continue;
    }
    const spec = p.specifier.replace(/\.(?:js|cjs|mjs)$/, '');
    for (const entry of catalog.entries) {
      const names = [...(entry.preloads ?? []), ...entry.activations.flatMap((a) => (a.kind === 'side-effect' ? [a.module] : []))];
      if (names.some((n) => n === p.specifier || n.replace(/\.(?:js|cjs|mjs)$/, '') === spec)) ids.add(entry.id);
    }
  }
  return ids;
}
