import type { PatcherEntry } from '../../../catalog/types.js';
import type { PyPatcherEntry } from '../../../catalog/python-patchers.js';
import type { PyNode } from '../../../lang/python/ast.js';
import { pyPackageCaptures, pythonProject } from '../../../lang/python/project.js';
import type { LintedFile } from '../../../lang/front-end.js';
import { cannotReachPatch, lintedSummary, mayReachPatch, moduleFacts } from '../../../lang/project.js';
import type { ImportOrderInputs, MovableProblem } from '../check.js';
import type { ResolvedModule } from '../../../graph/types.js';
import { basename, dirname } from 'node:path';
import { parentPackageLoads } from '../../../lang/python/front-end.js';
import { ordersBelow, subpackageInits } from './parents.js';
import { movePatchToTop } from './move-patch.js';

type PyContext = LintedFile;

/**
 * The check's inputs for a Python file, or null when nothing it imports can reach an activation. Python has no
 * preloads and no calls into other modules' functions; packages copy names out of others while they load
 * (urllib3 copies ssl.SSLContext). The fix moves a patch made in this file to the top (move-patch.ts).
 */
export function pythonInputs(context: PyContext, module: PyNode, patchers: readonly PatcherEntry[]): ImportOrderInputs | null {
  const extra = patchers.filter((p) => p.language === 'python') as PyPatcherEntry[];
  const project = pythonProject(context, extra);
  const isPackageInit = basename(context.filename) === '__init__.py';
  // A module that another project module imports runs in the order of the program that imports it: judged there.
  // A package's __init__.py runs before everything below it: judged against what the package below patches.
  if (!isPackageInit && project.index.isImported(context.filename)) return null;
  const below = isPackageInit ? subpackageInits(dirname(context.filename)).filter((f) => project.reach.reaches(f)) : [];
  if (!below.length && cannotReachPatch(project, context)) return null;
  const summary = lintedSummary(project, context);
  if (!below.length && !mayReachPatch(project, summary)) return null;
  const orders = isPackageInit ? ordersBelow(summary, below, (f) => parentPackageLoads(project.state, f)) : [];
  const common = {
    cwd: context.cwd,
    filename: context.filename,
    facts: (path: string) => moduleFacts(project, path),
    calledFunction: () => null,
    packageCaptures: pyPackageCaptures,
    packageLoads: (resolved: ResolvedModule) => project.frontEnd.packageLoads(project.state, resolved),
    preloaded: new Set<string>(),
    entry: (id: string) => project.state.byId.get(id),
    fixes: (problem: MovableProblem) => ({
      fix: problem.patch.chain.length === 0 ? movePatchToTop(module, context.sourceCode.text, problem.patch.event) : null,
      suggest: [],
    }),
  };
  return { ...common, summary, ...(orders.length ? { alsoOrders: orders } : {}) };
}
