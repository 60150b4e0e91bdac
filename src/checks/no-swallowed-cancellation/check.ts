/**
 * The entry of `patch-order/no-swallowed-cancellation` for either language: the findings of the file being
 * linted. JS/TS files are analysed from the handlers the rule's listeners collected; Python files from their
 * module.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { languageOf } from '../../lang/language-of.js';
import type { Finding } from '../report.js';
import { checkJsCancellation, type JsHandlerNode } from './js/check.js';
import type { CancellationOptions } from './js/config.js';
import type { JsCancellationMessageId } from './js/messages.js';
import type { PyCancellationOptions } from './python/analyze.js';
import { checkPythonCancellation, type PyCancellationContext } from './python/check.js';
import type { PythonCancellationMessageId } from './python/messages.js';

export { isPromiseHandlerCall, type JsHandlerNode } from './js/check.js';

export type CancellationMessageId = JsCancellationMessageId | PythonCancellationMessageId;

/**
 * `fix`: `"suggest"` (default) offers every repair as a suggestion; `"autofix"` also applies, under
 * `--fix`, the one repair that only re-raises the cancellation first (JS: `if (…) throw e;` as the
 * handler's first statement; Python: `except asyncio.CancelledError: raise` before a broad handler).
 */
export type CancellationFixMode = 'suggest' | 'autofix';

/** The rule's options: the JS/TS ones and the Python ones share one object. */
export type CancellationRuleOptions = CancellationOptions & PyCancellationOptions & { fix?: CancellationFixMode };

/** The Python suggestion the automatic fix applies: `except <cancellation>: raise` before the broad handler. */
const PY_AUTOFIX_SUGGESTION = 'suggestReraiseFirst';

/** What the check reads from ESLint's rule context; typescript-eslint types its source code as ESTree's. */
export type CancellationContext = PyCancellationContext & { sourceCode: TSESLint.SourceCode };

export function checkCancellation(
  context: CancellationContext,
  options: CancellationRuleOptions,
  handlers: readonly JsHandlerNode[],
): Finding<CancellationMessageId>[] {
  const autofix = options.fix === 'autofix';
  if (languageOf(context) === 'python') {
    const findings = checkPythonCancellation(context, options);
    return autofix ? withPythonAutofix(findings) : findings;
  }
  return checkJsCancellation(context.sourceCode, options, handlers, autofix);
}

/**
 * Under `fix: "autofix"`, a Python finding whose suggestions include the re-raise-first one gets it as
 * its fix. Several findings on one handler (one per escaping statement) would insert the same text at the
 * same place: only the first of them carries it.
 */
function withPythonAutofix(findings: Finding<CancellationMessageId>[]): Finding<CancellationMessageId>[] {
  const seen = new Set<string>();
  return findings.map((f) => {
    const s = f.suggest?.find((x) => x.messageId === PY_AUTOFIX_SUGGESTION);
    if (!s) return f;
    // The same edit twice: record what the fix would do with a fixer that only describes its edits.
    const describe = (range: [number, number], text: string) => ({ range, text });
    const key = JSON.stringify(s.fix({ replaceTextRange: describe, insertTextBeforeRange: (r: [number, number], t: string) => describe([r[0], r[0]], t) }));
    if (seen.has(key)) return f;
    seen.add(key);
    return { ...f, fix: s.fix };
  });
}
