/**
 * The JS / TS project of a linted file (src/lang/project.ts with the JS front end), and what only JS has: the
 * module format, preloads from package.json scripts and NODE_OPTIONS, and the exported functions of local
 * modules called at module time.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { PatcherEntry } from '../../catalog/types.js';
import type { TimelineEvent } from '../../graph/types.js';
import { isAbsolute, relative, sep } from 'node:path';
import { globToRegExp } from '../../util/globs.js';
import { guard } from '../../util/guard.js';
import type { LintedFile } from '../front-end.js';
import { dependencySummary, projectFor, type Project } from '../project.js';
import { formatOf, type FormatInfo } from './format.js';
import { jsFrontEnd, type JsState } from './front-end.js';
import { hasModuleSyntax } from './parse.js';
import { declaredStart } from './entries.js';
import { preloadsFor, type Preload } from './preloads.js';

export type JsProject = Project<JsState>;

/** The project of this file's configuration; `extra`: patchers added by the rule's options. */
export function jsProject(file: LintedFile, extra: readonly PatcherEntry[] = []): JsProject {
  return projectFor(jsFrontEnd, file, extra);
}

/** The linted file's module format and evaluation order (ESM hoisting, CommonJS, TypeScript emit). */
export function formatOfFile(project: JsProject, file: LintedFile): FormatInfo {
  return formatOf(file.filename, project.root, hasModuleSyntax(file.sourceCode.ast as TSESTree.Program), project.settings.emitter);
}

/** What an exported function of a local module does when called (from its cached summary). */
export function calledFunction(project: JsProject, filePath: string, name: string): TimelineEvent[] | null {
  return guard('called function', () => dependencySummary(project, filePath)?.exportedFunctions?.[name] ?? null, null);
}

/** Preloads of the entry: package.json scripts and NODE_OPTIONS, and `settings.preloaded`. */
export function preloadsOf(project: JsProject, file: LintedFile): Preload[] {
  return guard('preloads', () => preloadsFor(file.filename, project.root, project.settings.preloaded ?? []), []);
}

/**
 * Whether `file` starts a program: a start command of the project runs it (package.json main/bin/exports/scripts,
 * Dockerfile, Procfile, PM2, nest-cli), or no project file loads it. A file that something loads runs as part of
 * a program that starts elsewhere, and is judged there.
 */
export function isEntry(project: JsProject, file: LintedFile): boolean {
  return guard(
    'entries',
    () => {
      if (declaredStart(file.filename, project.root) !== null) return true;
      const listed = project.settings.entries;
      if (listed) return matchesAny(listed, file.cwd, file.filename);
      if (project.index.isImported(file.filename)) return false;
      // In an import cycle that a start command enters elsewhere, the program starts there, not here.
      return !project.index.cycleOf(file.filename).some((member) => declaredStart(member, project.root) !== null);
    },
    true,
  );
}

const globCache = new Map<string, RegExp>();
/** Whether `file` is one of `patterns` (paths or globs relative to `cwd`). */
function matchesAny(patterns: readonly string[], cwd: string, file: string): boolean {
  const rel = relative(cwd, file).split(sep).join('/');
  return patterns.some((p) => {
    let re = globCache.get(p);
    if (!re) globCache.set(p, (re = globToRegExp(isAbsolute(p) ? relative(cwd, p).split(sep).join('/') : p)));
    return re.test(rel);
  });
}
