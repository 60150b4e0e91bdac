/**
 * The JavaScript / TypeScript analysis of the file being linted, over the shared project (src/lang/project.ts)
 * with the JS front end: its summary, the pre-scan early exit, walk facts, and what only JS has (module format,
 * preloads from package.json scripts, exported functions called at module time).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { PatcherEntry } from '../../catalog/types.js';
import type { ModuleSummary } from '../../graph/types.js';
import type { ModuleFacts } from '../../graph/walk.js';
import { guard } from '../../util/guard.js';
import { readSettings, type PatchOrderSettings } from '../../util/settings.js';
import type { LintedFile } from '../front-end.js';
import * as shared from '../project.js';
import { formatOf, type FormatInfo } from './format.js';
import { jsFrontEnd, type JsState } from './front-end.js';
import { hasModuleSyntax } from './parse.js';
import type { PatchCatalog } from './patches.js';
import { preloadsFor, type Preload } from './preloads.js';
import type { JsResolver } from './resolve.js';

export type { ModuleFacts } from '../../graph/walk.js';
export type { PatchOrderSettings };

export type JsProject = shared.Project<JsState> & { catalog: PatchCatalog; resolver: JsResolver };

const views = new WeakMap<shared.Project<JsState>, JsProject>();

/** The validated settings; throws on a bad value (each rule's create() has already asked). */
export function settingsOf(context: LintedFile): PatchOrderSettings {
  return readSettings(context);
}

/** The per-process project for this configuration (one per settings + catalog extension). */
export function projectFor(context: LintedFile, extraPatchers: readonly PatcherEntry[] = []): JsProject {
  const project = shared.projectFor(jsFrontEnd, context, extraPatchers);
  let view = views.get(project);
  if (!view) views.set(project, (view = Object.assign(Object.create(project) as shared.Project<JsState>, { catalog: project.state.catalog, resolver: project.state.resolver })));
  return view;
}

/** The summary of the file being linted, from ESLint's AST (shared by all rules for this AST). */
export function currentSummary(context: LintedFile, extraPatchers: readonly PatcherEntry[] = []): ModuleSummary {
  return shared.lintedSummary(projectFor(context, extraPatchers), context);
}

export function formatOfContext(context: LintedFile): FormatInfo {
  const project = projectFor(context);
  return formatOf(context.filename, project.root, hasModuleSyntax(context.sourceCode.ast as TSESTree.Program), project.settings.emitter);
}

/** The text pre-scan's early exit (see src/lang/project.ts). */
export function cannotReachPatch(context: LintedFile, extraPatchers: readonly PatcherEntry[] = []): boolean {
  return guard('pre-scan', () => shared.cannotReachPatch(projectFor(context, extraPatchers), context), false);
}

export function mayReachPatch(context: LintedFile, summary: ModuleSummary, extraPatchers: readonly PatcherEntry[] = []): boolean {
  return guard('pre-scan', () => shared.mayReachPatch(projectFor(context, extraPatchers), summary), true);
}

/** Transitive facts of a local file (what evaluating it loads, patches and starts). */
export function moduleFacts(context: LintedFile, filePath: string, extraPatchers: readonly PatcherEntry[] = []): ModuleFacts | null {
  return guard('graph walk', () => shared.moduleFacts(projectFor(context, extraPatchers), filePath), null);
}

/** The chain by which evaluating a local file loads another (a mocked file), or null. */
export function pathToFile(context: LintedFile, from: string, target: string, extraPatchers: readonly PatcherEntry[] = []) {
  return guard('graph walk', () => projectFor(context, extraPatchers).walker.pathToFile(from, target), null);
}

/** What an exported function of a local module does when called (from its cached summary). */
export function calledFunction(context: LintedFile, filePath: string, name: string, extraPatchers: readonly PatcherEntry[] = []) {
  return guard('called function', () => shared.dependencySummary(projectFor(context, extraPatchers), filePath)?.exportedFunctions?.[name] ?? null, null);
}

/** Preloads of the entry: package.json scripts and NODE_OPTIONS, and `settings.preloaded`. */
export function preloadsOf(context: LintedFile): Preload[] {
  const project = projectFor(context);
  return guard('preloads', () => preloadsFor(context.filename, project.root, project.settings.preloaded ?? []), []);
}

/** Drop every cache (tests; a long-lived host that knows files changed). */
export function clearAnalysisCaches(): void {
  shared.clearProjects();
}
