/**
 * The Python side of `patch-order/no-swallowed-cancellation`: a visitor for the `patch-order/python`
 * language. The rule file calls `pythonCancellationVisitor(context, options)` when the linted file is Python
 * and spreads `pythonCancellationMessages` (src/checks/no-swallowed-cancellation/python/messages.ts) into its `meta.messages`.
 */
import type { PyNode } from '../../../lang/python/ast.js';
import { analyzeCancellation, type PyCancellationOptions, type PyFinding } from './analyze.js';
import { pythonSuggestions } from './fixes.js';
import { pythonFindingMessage, type PythonCancellationMessageId } from './messages.js';
import { pythonTargetVersion } from './version.js';

export { pythonCancellationMessages, type PythonCancellationMessageId } from './messages.js';

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
  const loc = f.kind === 'finally' ? f.statement.loc : f.target.loc;
  const { messageId, data } = pythonFindingMessage(f, text);
  // `finally` findings have no suggestion: the right repair depends on intent.
  context.report({ loc: { start: { ...loc.start }, end: { ...loc.end } }, messageId, data, ...(f.kind === 'finally' ? {} : { suggest: suggestions }) });
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
