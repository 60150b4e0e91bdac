import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { PatcherEntry } from '../../../catalog/types.js';
import { calledFunction, cannotReachPatch, currentSummary, formatOfContext, mayReachPatch, moduleFacts, pathToFile, preloadsOf, projectFor } from '../../../lang/js/project.js';
import type { ImportOrderInputs } from '../check.js';
import { jsFixes } from './fixes.js';
import { preloadedPatchers } from './preloaded-patchers.js';

type JsContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The rule's own patchers for JS files, with what an entry may leave out filled in. */
function jsPatchers(patchers: readonly PatcherEntry[]): PatcherEntry[] {
  return patchers
    .filter((p) => (p.language ?? 'js') === 'js')
    .map((p): PatcherEntry => ({ ...p, language: p.language ?? 'js', family: p.family ?? 'instrument-first', title: p.title ?? p.id, symptom: p.symptom ?? 'it is not patched' }));
}

/**
 * The check's inputs for a JS/TS file, or null when nothing it loads can reach an activation: the facts of the
 * modules it loads, the bodies of the local functions it calls, the patchers preloaded by the start command
 * (package.json scripts), and the fixes of js/fixes.ts.
 */
export function jsInputs(context: JsContext, program: TSESTree.Program, patchers: readonly PatcherEntry[]): ImportOrderInputs | null {
  const extra = jsPatchers(patchers);
  if (cannotReachPatch(context, extra)) return null;
  const summary = currentSummary(context, extra);
  if (!mayReachPatch(context, summary, extra)) return null;
  const project = projectFor(context, extra);
  return {
    cwd: context.cwd,
    filename: context.filename,
    summary,
    facts: (path) => moduleFacts(context, path, extra),
    calledFunction: (path, name) => calledFunction(context, path, name, extra),
    pathToFile: (from, target) => pathToFile(context, from, target, extra),
    preloaded: preloadedPatchers(preloadsOf(context), project.catalog, (file) => moduleFacts(context, file, extra)),
    entry: (id) => project.catalog.byId.get(id),
    esmFormat: () => formatOfContext(context).reason,
    fixes: (problem, entry) => jsFixes(context.sourceCode, program, () => formatOfContext(context).order === 'textual', problem, entry),
  };
}
