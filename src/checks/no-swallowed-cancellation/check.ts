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

/** The rule's options: the JS/TS ones and the Python ones share one object. */
export type CancellationRuleOptions = CancellationOptions & PyCancellationOptions;

/** What the check reads from ESLint's rule context; typescript-eslint types its source code as ESTree's. */
export type CancellationContext = PyCancellationContext & { sourceCode: TSESLint.SourceCode };

export function checkCancellation(
  context: CancellationContext,
  options: CancellationRuleOptions,
  handlers: readonly JsHandlerNode[],
): Finding<CancellationMessageId>[] {
  if (languageOf(context) === 'python') return checkPythonCancellation(context, options);
  return checkJsCancellation(context.sourceCode, options, handlers);
}
