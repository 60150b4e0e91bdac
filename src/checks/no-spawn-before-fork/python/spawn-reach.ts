import type { ReachView } from '../../../graph/pre-scan.js';
import { GraphWalker, type ModuleFacts } from '../../../graph/walk.js';
import { dependencySummary, walkBounds } from '../../../lang/project.js';
import type { PyProject } from '../../../lang/python/project.js';
import { guard } from '../../../util/guard.js';

/**
 * Whether evaluating a local module, or anything it imports, may start a spawn of the catalog: a text pre-scan, so
 * that the module facts (every module of the closure summarized) are asked only where a spawn can be. It goes over
 * the project's own scans (`LightScan.spawn`, from `mentionsSpawn`), so no file is read for it again. A function of
 * another module called at module time is in a module this one imports: the walk over imports covers it.
 */
export function mayStartSpawn(project: PyProject, path: string): boolean {
  const index = spawnIndexes(project).reach;
  return guard('pre-scan', () => index.reaches(path), true);
}

/**
 * The spawns evaluating a local module starts, in its closure: the module facts of a walker that neither summarizes
 * nor walks the modules that cannot start one (a Django project's hub module imports hundreds; one of them may spawn).
 */
export function spawnFacts(project: PyProject, path: string): ModuleFacts | null {
  if (!mayStartSpawn(project, path)) return null;
  const { walker } = spawnIndexes(project);
  return guard('graph walk', () => walker.facts(path), null);
}

function spawnIndexes(project: PyProject): { reach: ReachView; walker: GraphWalker } {
  let known = indexes.get(project);
  if (!known) {
    // A scan that does not tell (no `spawn`) may start one.
    const reach = project.reach.view((scan) => scan.spawn !== false);
    const walker = new GraphWalker({
      summary: (file) => dependencySummary(project, file),
      packageLoads: () => [],
      // Spawns only: no load or copy is kept.
      interesting: () => false,
      skip: (file) => !guard('pre-scan', () => reach.reaches(file), true),
      ...walkBounds(project.cache, project.settings),
    });
    indexes.set(project, (known = { reach, walker }));
  }
  return known;
}

const indexes = new WeakMap<PyProject, { reach: ReachView; walker: GraphWalker }>();
