import type { PatcherEntry } from '../../../catalog/types.js';
import type { PyPatcherEntry } from '../../../catalog/python-patchers.js';
import type { PyNode } from '../../../lang/python/ast.js';
import { pyPackageCaptures, pythonProject } from '../../../lang/python/project.js';
import type { LintedFile } from '../../../lang/front-end.js';
import { cannotReachPatch, lintedSummary, mayReachPatch, moduleFacts } from '../../../lang/project.js';
import type { ImportOrderInputs } from '../check.js';
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
  if (cannotReachPatch(project, context)) return null;
  const summary = lintedSummary(project, context);
  if (!mayReachPatch(project, summary)) return null;
  return {
    cwd: context.cwd,
    filename: context.filename,
    summary,
    facts: (path) => moduleFacts(project, path),
    calledFunction: () => null,
    packageCaptures: pyPackageCaptures,
    preloaded: new Set(),
    entry: (id) => project.state.byId.get(id),
    fixes: (problem) => ({
      fix: problem.patch.chain.length === 0 ? movePatchToTop(module, context.sourceCode.text, problem.patch.event) : null,
      suggest: [],
    }),
  };
}
