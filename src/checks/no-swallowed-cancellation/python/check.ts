/**
 * The Python half of `patch-order/no-swallowed-cancellation`: the findings of one file of the
 * `patch-order/python` language, with their suggestions. The rule reports them through `reportFindings`.
 */
import { basename, isAbsolute } from 'node:path';
import { PY_DEFAULT_MINOR } from '../../../catalog/python-cancellation.js';
import type { PyNode } from '../../../lang/python/ast.js';
import { guard, internalError, strictMode } from '../../../util/guard.js';
import { stats } from '../../../util/stats.js';
import type { Finding, Suggestion } from '../../report.js';
import { pythonProject, type PyProject } from '../../../lang/python/project.js';
import { analyzeCancellation, type PyCancellationOptions, type PyFinding } from './analyze.js';
import { importedModuleFunctions, type ImportedLookup } from './helpers.js';
import { projectDeclaresGreenlet, subclassedInGreenletCode } from './inherited.js';
import { pythonSuggestions } from './fixes.js';
import type { OwnModule, PyBindings } from './imports.js';
import { pythonFindingMessage, type PythonCancellationMessageId } from './messages.js';
import { pythonTargetVersion } from './version.js';
import { mayReport } from './mentions.js';

const WHERE = 'no-swallowed-cancellation (Python)';

/** What the check reads from ESLint's rule context (works with both ESLint's and typescript-eslint's types). */
export interface PyCancellationContext {
  sourceCode: { text: string; ast: unknown; languageOptions?: object };
  languageOptions?: object;
  settings?: Record<string, unknown>;
  cwd?: string;
  filename?: string;
}

interface PyFixer {
  replaceTextRange(range: [number, number], text: string): unknown;
}

export function checkPythonCancellation(context: PyCancellationContext, options: PyCancellationOptions = {}): Finding<PythonCancellationMessageId>[] {
  const text = context.sourceCode.text;
  let minor: number | undefined;
  const targetMinor = () =>
    (minor ??= guard(
      WHERE,
      () =>
        pythonTargetVersion({
          settings: context.settings,
          cwd: context.cwd,
          filename: context.filename,
          languageOptions: (context.sourceCode.languageOptions ?? context.languageOptions) as Record<string, unknown> | undefined,
        }).minor,
      PY_DEFAULT_MINOR,
    ));
  const extraClasses = options.pythonCancellationClasses ?? [];
  const needed = mayReport(text, extraClasses, targetMinor);
  // Strict mode (the tests) analyses the rejected texts too, and any finding there is a bug of mentions.ts.
  if (!needed && !strictMode()) return [];
  if (needed) stats.handlerAnalyses++;
  const target = targetMinor();
  const lazy = lazyProject(context);
  const imported = importedLookup(context, lazy, target, extraClasses);
  const own = RELATIVE_IMPORT.test(text) ? guard(WHERE, () => ownModule(context, lazy), undefined) : undefined;
  const { findings, bindings } = analyzeCancellation({
    ast: context.sourceCode.ast as PyNode,
    text,
    minor: target,
    options,
    ...(imported ? { imported } : {}),
    ...(own ? { own } : {}),
    ...(lazy && context.filename && isAbsolute(context.filename) ? { greenletSubclass: greenletSubclassLookup(lazy, context.filename) } : {}),
  });
  if (!needed) {
    const first = findings[0];
    if (first) internalError(WHERE, new Error(`mayReport (mentions.ts) rejected a text the analysis reports at line ${(first.kind === 'finally' ? first.statement : first.target).loc.start.line}`));
    return [];
  }
  const out: Finding<PythonCancellationMessageId>[] = [];
  for (const f of findings) {
    // A finding that cannot be turned into a report does not stop the others.
    const finding = guard(WHERE, () => toFinding(f, text, bindings, target), null);
    if (finding) out.push(finding);
  }
  return out;
}

/** A relative import (`from . import x`, `from ..m import y`): only then the module's own name matters. */
const RELATIVE_IMPORT = /^[ \t]*from[ \t]+\./mu;

/** The linted file's project, created on first use (most files never need it). */
function lazyProject(context: PyCancellationContext): (() => PyProject) | undefined {
  const { cwd, filename } = context;
  if (!cwd || !filename) return undefined;
  let project: PyProject | undefined;
  return () => (project ??= pythonProject({ cwd, filename, settings: context.settings, sourceCode: context.sourceCode }));
}

/** The linted module's dotted name (`trio._core._run`), from the directories around it (`__init__.py` files). */
function ownModule(context: PyCancellationContext, project: (() => PyProject) | undefined): OwnModule | undefined {
  const filename = context.filename;
  if (!project || !filename || !isAbsolute(filename)) return undefined;
  const name = project().state.resolver.moduleNameOf(filename);
  return name ? { name, isPackage: basename(filename) === '__init__.py' } : undefined;
}

/** Is a class of this module subclassed in a project module that imports gevent / eventlet / greenlet? */
function greenletSubclassLookup(lazy: () => PyProject, filename: string): (className: string) => boolean {
  let importers: string[] | undefined;
  return (className) =>
    guard(
      WHERE,
      () => {
        const project = lazy();
        return projectDeclaresGreenlet(project.root) && subclassedInGreenletCode((importers ??= project.index.importersOf(filename)), className);
      },
      false,
    );
}

/**
 * Functions of the project's own modules, for following a helper a handler calls (`from .errors import
 * reraise`): resolved like imports (never outside the project's roots), read and summarised once per file.
 */
function importedLookup(context: PyCancellationContext, lazy: (() => PyProject) | undefined, minor: number, extraClasses: readonly string[]): ImportedLookup | undefined {
  const filename = context.filename;
  if (!lazy || !filename) return undefined;
  return (specifier, name) =>
    guard(
      WHERE,
      () => {
        const project = lazy();
        const resolved = project.state.resolver.resolve(specifier, filename);
        if (resolved.type !== 'file' || !resolved.path.endsWith('.py') || !project.readable(resolved.path)) return undefined;
        return importedModuleFunctions(resolved.path, minor, extraClasses)?.get(name);
      },
      undefined,
    );
}

function toFinding(f: PyFinding, text: string, bindings: PyBindings, minor: number): Finding<PythonCancellationMessageId> {
  const loc = f.kind === 'finally' ? f.statement.loc : f.target.loc;
  const { messageId, data } = pythonFindingMessage(f, text);
  // `finally` findings have no suggestion: the right repair depends on intent.
  const suggest = f.kind === 'finally' ? [] : guard(WHERE, () => pythonSuggestions(f, text, bindings, minor), []);
  return {
    loc: { start: { ...loc.start }, end: { ...loc.end } },
    messageId,
    data,
    suggest: suggest.map(
      (s): Suggestion<PythonCancellationMessageId> => ({
        messageId: s.messageId as PythonCancellationMessageId,
        ...(s.data ? { data: s.data } : {}),
        fix: (fixer: PyFixer) => fixer.replaceTextRange(s.edit.range, s.edit.text),
      }),
    ),
  };
}
