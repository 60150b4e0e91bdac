import type { TSESTree } from '@typescript-eslint/utils';
import type { ForkEvent, SpawnEvent, TimelineEvent } from '../../../graph/types.js';
import type { CallSite, Detector } from '../detector-types.js';
import { locOf } from '../ast-helpers.js';
import { classifyCall } from './spawn-fork-classify.js';
import { GuardAnalyzer } from './spawn-fork-guards.js';

/**
 * Spawns (timers, schedulers, connections, consumers, workers) and fork points (cluster.fork,
 * fork(self), new Worker(self), cluster wrappers) that run while a module is evaluated, each with the
 * role guard it runs under. Registered with the JS summarizer (src/lang/js/detector-registry.ts).
 */
export const spawnForkDetector: Detector = (site: CallSite): TimelineEvent[] => {
  const match = classifyCall(site.node, { modulePathOf: site.modulePathOf, filename: site.filename });
  if (!match || match.type === 'redirect') return [];
  const program = (site as CallSite & { program?: TSESTree.Program }).program ?? null;
  const guard = new GuardAnalyzer({ modulePathOf: site.modulePathOf, program }).guardOf(site.node, site.ancestors);
  const top = site.ancestors[0] ?? site.node;
  if (match.type === 'spawn') {
    const event: SpawnEvent = {
      kind: 'spawn',
      spawnId: match.id,
      category: match.category,
      guard,
      loc: locOf(site.node),
      statementRange: [top.range[0], top.range[1]],
    };
    return [event];
  }
  const event: ForkEvent = { kind: 'fork', forkId: match.entry.id, reRunsSelf: match.reRunsSelf, guard, loc: locOf(site.node) };
  return [event];
};
