/**
 * The Python analysis of the file being linted, over the shared project (src/lang/project.ts) with the Python
 * front end: its summary (as `__main__`), the pre-scan early exit, walk facts, and the names packages copy out
 * of other modules while they load.
 */
import type { PyPatcherEntry } from '../../catalog/python-patchers.js';
import type { ModuleSummary, ResolvedModule } from '../../graph/types.js';
import type { ModuleFacts } from '../../graph/walk.js';
import { guard } from '../../util/guard.js';
import { readSettings, type PatchOrderSettings } from '../../util/settings.js';
import type { LintedFile } from '../front-end.js';
import { languageOf } from '../language-of.js';
import * as shared from '../project.js';
import { pythonFrontEnd, type PyState } from './front-end.js';
import { knownPythonCaptures } from './resolve.js';

/** `settings['patch-order']` keys the Python side reads (schema and validation: src/util/settings.ts). */
export type PySettings = Pick<PatchOrderSettings, 'roots' | 'pythonPath' | 'pythonVersion' | 'cacheFreshnessMs' | 'maxDepth' | 'maxModules'>;

export type PyProject = shared.Project<PyState> & PyState;

const views = new WeakMap<shared.Project<PyState>, PyProject>();

/** The validated settings; throws on a bad value (each rule's create() has already asked). */
export function pySettingsOf(context: Pick<LintedFile, 'settings'>): PySettings {
  return readSettings(context);
}

export function isPythonContext(context: Pick<LintedFile, 'sourceCode'>): boolean {
  return languageOf(context) === 'python';
}

export function pyProjectFor(context: LintedFile, extra: readonly PyPatcherEntry[] = []): PyProject {
  const project = shared.projectFor(pythonFrontEnd, context, extra);
  let view = views.get(project);
  if (!view) views.set(project, (view = Object.assign(Object.create(project) as shared.Project<PyState>, project.state)));
  return view;
}

/** The linted file's summary, from ESLint's AST (the entry script: `__main__` blocks run). */
export function pyCurrentSummary(context: LintedFile, extra: readonly PyPatcherEntry[] = []): ModuleSummary {
  return shared.lintedSummary(pyProjectFor(context, extra), context);
}

export function pyModuleFacts(context: LintedFile, path: string, extra: readonly PyPatcherEntry[] = []): ModuleFacts | null {
  return guard('graph walk', () => shared.moduleFacts(pyProjectFor(context, extra), path), null);
}

/** Text-only early exit for no-import-before-patch (src/lang/project.ts). */
export function pyCannotReachPatch(context: LintedFile, extra: readonly PyPatcherEntry[] = []): boolean {
  return guard('pre-scan', () => shared.cannotReachPatch(pyProjectFor(context, extra), context), false);
}

export function pyMayReachPatch(context: LintedFile, summary: ModuleSummary, extra: readonly PyPatcherEntry[] = []): boolean {
  return guard('pre-scan', () => shared.mayReachPatch(pyProjectFor(context, extra), summary), true);
}

/** Names packages copy out of other modules when they load (urllib3 copies ssl.SSLContext). */
export function pyPackageCaptures(resolved: ResolvedModule): Record<string, string[]> {
  if (resolved.type !== 'builtin' && resolved.type !== 'package') return {};
  return knownPythonCaptures(resolved.name);
}

export function clearPythonCaches(): void {
  shared.clearProjects();
}
