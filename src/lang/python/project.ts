/**
 * The Python project of a linted file (src/lang/project.ts with the Python front end), and what only Python has:
 * the names packages copy out of other modules while they load.
 */
import type { PyPatcherEntry } from '../../catalog/python-patchers.js';
import type { ResolvedModule } from '../../graph/types.js';
import type { LintedFile } from '../front-end.js';
import { projectFor, type Project } from '../project.js';
import { pythonFrontEnd, type PyState } from './front-end.js';
import { knownPythonCaptures } from './resolve.js';

export type PyProject = Project<PyState>;

/** The project of this file's configuration; `extra`: patchers added by the rule's options. */
export function pythonProject(file: LintedFile, extra: readonly PyPatcherEntry[] = []): PyProject {
  return projectFor(pythonFrontEnd, file, extra);
}

/** Names packages copy out of other modules when they load (urllib3 copies ssl.SSLContext). */
export function pyPackageCaptures(resolved: ResolvedModule): Record<string, string[]> {
  if (resolved.type !== 'builtin' && resolved.type !== 'package') return {};
  return knownPythonCaptures(resolved.name);
}
