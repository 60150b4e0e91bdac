import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { PatcherEntry } from '../../../catalog/types.js';
import { isAbsolute } from 'node:path';
import { calledFunction, formatOfFile, isEntry, jsProject, preloadsOf, type JsProject } from '../../../lang/js/project.js';
import { formatOf } from '../../../lang/js/format.js';
import { packageNameOf } from '../../../lang/js/resolve.js';
import { envFileVariables } from '../../../lang/js/env-files.js';
import { cannotReachPatch, dependencySummary, lintedSummary, mayReachPatch, moduleFacts, pathToFile, programFacts, programWalk } from '../../../lang/project.js';
import type { ImportOrderInputs } from '../check.js';
import { copyIn } from './copies.js';
import { elidedImportFix } from './elided-fix.js';
import { jsFixes } from './fixes.js';
import { mockedPatchers, preloadedPatchers } from './preloaded-patchers.js';

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
  const project = jsProject(context, jsPatchers(patchers));
  if (cannotReachPatch(project, context)) return null;
  // A file that another project file loads runs in the order of the program that loads it: judged there. Asked
  // before the summary: in an application most files are loaded by others, and cost nothing more.
  if (!isEntry(project, context)) return null;
  const summary = lintedSummary(project, context);
  if (!mayReachPatch(project, summary)) return null;
  const catalog = project.state.catalog;
  return {
    cwd: context.cwd,
    filename: context.filename,
    summary,
    facts: (path) => moduleFacts(project, path),
    program: (entry, loads, active) => programWalk(project, entry, loads, active),
    calledFunction: (path, name) => calledFunction(project, path, name),
    pathToFile: (from, target) => pathToFile(project, from, target),
    packageLoads: (resolved) => project.frontEnd.packageLoads(project.state, resolved),
    envFilesSet: (names) => {
      const set = envFileVariables(context.filename, project.root);
      return set === null || names.some((n) => set.has(n));
    },
    copyIn: (from, module, names) =>
      copyIn((path) => dependencySummary(project, path), from, module, names, project.settings.maxModules, (module) => copiersOf(project, module)),
    preloaded: new Set([
      ...preloadedPatchers(preloadsOf(project, context), catalog, (file) => programFacts(project, file), (file) => dependencySummary(project, file)),
      ...mockedPatchers(summary, catalog),
    ]),
    entry: (id) => catalog.byId.get(id),
    esmFormat: () => formatOfFile(project, context).reason,
    elidedFixes: (problem) => elidedImportFix(context.sourceCode, program, problem),
    fixes: (problem, entry) => jsFixes(context.sourceCode, program, () => formatOfFile(project, context).order === 'textual', problem, entry),
  };
}

/**
 * The project files that may copy names out of the project file `module`: those the program index says load it,
 * less those that cannot copy (a copy is a named import in a native ES module, or a destructured require: a
 * compiled file with no require call takes none). Null when that is unknown: `module` is a package, or the index
 * is incomplete.
 */
function copiersOf(project: JsProject, module: string): readonly string[] | null {
  // Kept like the program index it comes from: a new importer is seen within 30 s.
  let known = copiers.get(project);
  if (!known) copiers.set(project, (known = new Map()));
  const now = Date.now();
  const hit = known.get(module);
  if (hit && now - hit.at < COPIERS_LIFETIME_MS) return hit.files;
  const files = findCopiers(project, module);
  known.set(module, { files, at: now });
  return files;
}

const copiers = new WeakMap<JsProject, Map<string, { files: readonly string[] | null; at: number }>>();
const COPIERS_LIFETIME_MS = 30_000;

function findCopiers(project: JsProject, module: string): string[] | null {
  const canCopy = (file: string) => project.reach.scan(file)?.requireCall !== false || formatOf(file, project.root, true, project.settings.emitter).nativeEsm;
  if (isAbsolute(module)) return project.index.knownImportersOf(module)?.filter(canCopy) ?? null;
  // A package or built-in module: the files whose scan names it.
  const name = packageNameOf(module.replace(/^node:/, '')).name;
  const files = project.index.files();
  if (!files) return null;
  const loaders: string[] = [];
  for (const file of files) {
    const packages = project.reach.scan(file)?.packages;
    if (!packages) return null; // a scan that does not list packages: unknown
    if (packages.includes(name) && canCopy(file)) loaders.push(file);
  }
  return loaders;
}
