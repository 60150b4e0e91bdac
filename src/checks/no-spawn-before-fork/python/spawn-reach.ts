import { pySpawnFork } from '../../../catalog/python-spawn-fork.js';
import { ReachIndex } from '../../../graph/pre-scan.js';
import { GraphWalker, type ModuleFacts } from '../../../graph/walk.js';
import { dependencySummary, walkBounds } from '../../../lang/project.js';
import type { PyProject } from '../../../lang/python/project.js';
import { guard } from '../../../util/guard.js';

/**
 * Whether evaluating a local module, or anything it imports, may start a spawn of the catalog: a text pre-scan, so
 * that the module facts (every module of the closure summarized) are asked only where a spawn can be. A spawn event
 * is a call whose name, qualified through the file's own imports, is one of the catalog's (`threading.Thread().start`):
 * each name before the call appears in the text as a word (`threading` in the import, `Thread` in it or in the
 * access), so a text without all of them cannot start that spawn. A function of another module called at module time
 * is in a module this one imports: the walk over imports covers it.
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

function spawnIndexes(project: PyProject): { reach: ReachIndex; walker: GraphWalker } {
  let known = indexes.get(project);
  if (!known) {
    const scan = project.state.preScan;
    const reach = new ReachIndex((file, text) => ({ deps: scan(file, text).deps, hit: mentionsSpawn(text) }), project.readable, project.cache.options.freshnessMs);
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

const indexes = new WeakMap<PyProject, { reach: ReachIndex; walker: GraphWalker }>();

/** Per catalog call, the words its text must hold: the qualified name up to the first call (`threading`, `Thread`). */
const CALL_WORDS: readonly (readonly string[])[] = pySpawnFork.spawns.flatMap((s) => s.calls.map((call) => call.split('()')[0]!.split('.')));
/** Each word with the expression that finds it whole (catalog names are identifiers: nothing to escape). */
const WORDS = [...new Set(CALL_WORDS.flat())].map((word) => ({ word, whole: new RegExp(`(?<!\\w)${word}(?!\\w)`) }));

/** Whether a text holds every word of some catalog spawn call (the over-approximation `mayStartSpawn` walks with). */
export function mentionsSpawn(text: string): boolean {
  const present = new Set<string>();
  for (const { word, whole } of WORDS) if (text.includes(word) && whole.test(text)) present.add(word);
  return CALL_WORDS.some((words) => words.every((w) => present.has(w)));
}
