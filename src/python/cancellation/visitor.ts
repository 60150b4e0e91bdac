/**
 * The Python side of `patch-order/no-swallowed-cancellation`: a visitor for the `patch-order/python`
 * language. The rule file calls `pythonCancellationVisitor(context, options)` when the linted file is Python
 * and spreads `pythonCancellationMessages` into its `meta.messages`.
 */
import type { PyNode } from '../ast.js';
import { analyzeCancellation, type PyCancellationOptions, type PyFinding } from './analyze.js';
import { pythonSuggestions } from './fixes.js';
import type { PyExit } from './paths.js';
import { pythonTargetVersion } from './version.js';

/** Message ids the Python side uses besides the shared `swallowedInCatch`, `swallowedInLoop`, `finallyReturn`, `suggestGuard`. */
export const pythonCancellationMessages = {
  awaitCancelledTask:
    'After `{{task}}.cancel()`, this handler around `await {{task}}` also catches a cancellation of the task that is awaiting ({{source}}): cancelling the caller is swallowed here and it keeps running. Wait for `{{task}}` to finish first, or re-raise when the current task is being cancelled.',
  suppressedCancellation:
    '`suppress({{type}})` swallows {{source}}: the cancelled work carries on after the `with` block. Catch it with `except` and re-raise cancellation, or suppress only `Exception` subclasses.',
  generatorExitSwallowed:
    'This handler swallows `GeneratorExit` and the generator can yield again ({{path}}): `close()` then fails with "RuntimeError: generator ignored GeneratorExit". Re-raise it, or return.',
  interruptSwallowed:
    'This handler swallows `{{type}}` and {{path}}: Ctrl+C / `sys.exit()` no longer stop the {{what}}. Re-raise it, or leave the loop.',
  suggestReraise: 'Re-raise the caught exception: add a bare `raise` at the end of the handler.',
  suggestNarrowToException:
    'Catch `Exception` instead: cancellation, KeyboardInterrupt, SystemExit and GeneratorExit then propagate.',
  suggestWaitFirst:
    'Insert `{{statement}}` before it: `{{task}}` has then finished, so only its own cancellation can arrive in the handler.',
  suggestCancellingGuard:
    'Re-raise when this task is itself being cancelled: insert `{{statement}}` (Python 3.11+).',
} as const;

export type PythonCancellationMessageId =
  | keyof typeof pythonCancellationMessages
  | 'swallowedInCatch'
  | 'swallowedInLoop'
  | 'finallyReturn'
  | 'suggestGuard';

export function describePyExit(exit: PyExit): string {
  const line = exit.kind === 'fallthrough' ? exit.node.loc.end.line : exit.node.loc.start.line;
  switch (exit.kind) {
    case 'fallthrough':
      return `reaches the end of the handler (line ${line})`;
    case 'return':
      return `returns at line ${line}`;
    case 'break':
      return `breaks out of the loop at line ${line}`;
    case 'continue':
      return `continues the loop at line ${line}`;
    case 'raise-other':
      return `raises a different exception at line ${line}`;
    case 'yield':
      return `yields at line ${line}`;
  }
}

/** Only what the visitor needs from ESLint's rule context (works with both ESLint's and typescript-eslint's types). */
export interface PyCancellationContext {
  sourceCode: { text: string; ast: unknown; languageOptions?: Record<string, unknown> };
  languageOptions?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  cwd?: string;
  filename?: string;
  report(descriptor: {
    loc: { start: { line: number; column: number }; end: { line: number; column: number } };
    messageId: PythonCancellationMessageId;
    data?: Record<string, string>;
    suggest?: { messageId: PythonCancellationMessageId; data?: Record<string, string>; fix: (fixer: PyFixer) => unknown }[];
  }): void;
}

interface PyFixer {
  replaceTextRange(range: [number, number], text: string): unknown;
}

/** Cheap test: a file without these words has nothing to report. */
const MENTIONS = /\bexcept\b|\bfinally\b|\bsuppress\b/u;

function report(context: PyCancellationContext, f: PyFinding, text: string, bindings: Parameters<typeof pythonSuggestions>[2], minor: number): void {
  let suggest: ReturnType<typeof pythonSuggestions> = [];
  try {
    suggest = pythonSuggestions(f, text, bindings, minor);
  } catch {
    suggest = [];
  }
  const suggestions = suggest.map((s) => ({
    messageId: s.messageId as PythonCancellationMessageId,
    ...(s.data ? { data: s.data } : {}),
    fix: (fixer: PyFixer) => fixer.replaceTextRange(s.edit.range, s.edit.text),
  }));
  const locOf = (n: { loc: PyNode['loc'] }) => ({ start: { ...n.loc.start }, end: { ...n.loc.end } });
  if (f.kind === 'finally') {
    context.report({ loc: locOf(f.statement), messageId: 'finallyReturn', data: { statement: f.word, source: f.source } });
    return;
  }
  if (f.kind === 'suppress') {
    context.report({
      loc: locOf(f.target),
      messageId: 'suppressedCancellation',
      data: { type: text.slice(f.target.range[0], f.target.range[1]), source: f.source },
      suggest: suggestions,
    });
    return;
  }
  const path = describePyExit(f.exit);
  if (f.mode === 'cancel') {
    if (f.awaitedCancelledTask) {
      context.report({ loc: locOf(f.target), messageId: 'awaitCancelledTask', data: { task: f.awaitedCancelledTask, source: f.source }, suggest: suggestions });
      return;
    }
    const loopy = f.inLoop && (f.exit.kind === 'fallthrough' || f.exit.kind === 'continue');
    context.report({ loc: locOf(f.target), messageId: loopy ? 'swallowedInLoop' : 'swallowedInCatch', data: { source: f.source, path }, suggest: suggestions });
    return;
  }
  if (f.mode === 'generator-exit') {
    context.report({ loc: locOf(f.target), messageId: 'generatorExitSwallowed', data: { path }, suggest: suggestions });
    return;
  }
  context.report({
    loc: locOf(f.target),
    messageId: 'interruptSwallowed',
    data: { type: f.source, path, what: f.inLoop ? 'loop' : 'generator' },
    suggest: suggestions,
  });
}

/** The visitor for Python files. Never throws: analysis errors skip the file. */
export function pythonCancellationVisitor(context: PyCancellationContext, options: PyCancellationOptions = {}): Record<string, (node: PyNode) => void> {
  return {
    module(node: PyNode) {
      const text = context.sourceCode.text;
      if (!MENTIONS.test(text)) return;
      let findings: PyFinding[];
      let bindings;
      let minor: number;
      try {
        minor = pythonTargetVersion({
          settings: context.settings,
          cwd: context.cwd,
          filename: context.filename,
          languageOptions: context.sourceCode.languageOptions ?? context.languageOptions,
        }).minor;
        const result = analyzeCancellation({ ast: node, text, minor, options });
        findings = result.findings;
        bindings = result.bindings;
      } catch {
        return;
      }
      for (const f of findings) {
        try {
          report(context, f, text, bindings, minor);
        } catch {
          // a malformed finding must not stop the others
        }
      }
    },
  };
}
