/**
 * Which Python texts the cancellation analysis can report on, from the text alone. Every report needs a
 * handler (or `suppress(...)`) that lets a cancellation or an interrupt in, and the class it catches is written
 * in the file: in the handler, in the import that binds its alias (`from asyncio import CancelledError as CE`),
 * or in the module-level tuple a handler names. The exceptions are a bare `except:`, `Exception` when the
 * target Python is older than 3.8 (asyncio's CancelledError was an Exception then), and a `finally` that
 * returns, which is only checked in an `async def`.
 *
 * Most modules hold none of these (Django: 12 of 859 files, against 302 that hold `except`; CPython `Lib/`: 285 of 1,790),
 * and the analysis walks every statement of the ones it reads: checking the text first keeps the rule's cost
 * to a regular expression for the others. Under PATCH_ORDER_STRICT the analysis still runs and must find
 * nothing on a text this rejects (check.ts), so every test case checks this list.
 */
import {
  pyBaseOnlyExceptions,
  pyCancelClasses,
  pyGreenletExitClasses,
  PY_CANCELLED_IS_BASE_EXCEPTION_SINCE,
} from '../../../catalog/python-cancellation.js';

const lastName = (qualified: string): string => qualified.slice(qualified.lastIndexOf('.') + 1);

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * The classes a report can hinge on, from the catalog (last names: an alias is imported by it). Not `suppress`
 * (its arguments are these classes) nor the greenlet `Timeout` (it only tells what a broad handler also swallows).
 */
export const CRITICAL_NAMES: readonly string[] = [
  ...new Set([
    'BaseException',
    ...pyBaseOnlyExceptions,
    ...pyCancelClasses.flatMap((c) => c.qualifiedNames.map(lastName)),
    ...pyGreenletExitClasses.map(lastName),
  ]),
];

/** A critical name as a word, or a bare `except:` (a `\` may continue the line before the colon). */
const CRITICAL = new RegExp(`\\b(?:${CRITICAL_NAMES.map(escape).join('|')})\\b|\\bexcept[ \\t\\\\\\r\\n]*:`, 'u');
const FINALLY = /\bfinally\b/u;
const ASYNC = /\basync\b/u;
const EXCEPTION = /\bException\b/u;

/** The option's classes as one expression, compiled once per list of names (the options object is new for each file). */
const optionExpressions = new Map<string, RegExp>();
function optionClasses(classes: readonly string[]): RegExp {
  const key = classes.join('\0');
  let re = optionExpressions.get(key);
  if (!re) optionExpressions.set(key, (re = new RegExp(`\\b(?:${classes.map((c) => escape(lastName(c))).join('|')})\\b`, 'u')));
  return re;
}

/**
 * False when no report is possible in `text`. `minor` is asked only when the answer depends on it (the target
 * version is read from project files); `extraClasses` are the rule's `pythonCancellationClasses` option.
 */
export function mayReport(text: string, extraClasses: readonly string[], minor: () => number): boolean {
  if (CRITICAL.test(text)) return true;
  if (FINALLY.test(text) && ASYNC.test(text)) return true;
  if (extraClasses.length && optionClasses(extraClasses).test(text)) return true;
  return EXCEPTION.test(text) && minor() < PY_CANCELLED_IS_BASE_EXCEPTION_SINCE;
}
