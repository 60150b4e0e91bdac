/**
 * The one way a rule turns a check's findings into ESLint reports, for both languages. Checks return
 * findings (message id, data, location, fix, suggestions) and never call `context.report` themselves.
 *
 * Internal errors are never silent (DESIGN §5): an exception thrown by the check, or one recorded by `guard()`
 * while it ran, becomes a single report on line 1 of the file (the rule's own severity), and under
 * `PATCH_ORDER_STRICT=1` is rethrown instead so the test that met it fails.
 */
import { describeError, internalError, takeInternalErrors } from '../util/guard.js';
import type { SourceLoc } from '../util/loc.js';

/** ESLint's fixer, as both ESLint and typescript-eslint type it; fixes are built by the checks. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FixFunction = (fixer: any) => unknown;

export interface Suggestion<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  fix: FixFunction;
}

export interface Finding<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  loc: SourceLoc;
  fix?: FixFunction | null;
  suggest?: Suggestion<M>[];
}

/** The message every rule carries for its own internal errors. */
export const INTERNAL_ERROR_MESSAGES = {
  internalError:
    'patch-order could not analyse this file: {{error}}; please report it at https://github.com/patch-order/eslint-plugin-patch-order/issues',
} as const;

interface Reporter {
  report(descriptor: {
    messageId: string;
    data?: Record<string, string | number>;
    loc: SourceLoc;
    fix?: FixFunction | null;
    suggest?: Suggestion[];
  }): void;
}

/**
 * Runs `check` and reports what it found. `where` names the check in error messages. Findings are reported
 * even when a guarded internal error was met on the way (what was found is still true).
 */
export function reportFindings<M extends string>(context: unknown, where: string, check: () => Iterable<Finding<M>>): void {
  const reporter = context as Reporter;
  takeInternalErrors(); // anything left over belongs to an earlier file, already reported or strict-thrown
  let findings: Finding<M>[] = [];
  try {
    findings = [...check()];
  } catch (error) {
    internalError(where, error); // rethrows under PATCH_ORDER_STRICT=1
  }
  for (const f of findings) {
    reporter.report({
      messageId: f.messageId,
      data: f.data,
      loc: f.loc,
      ...(f.fix ? { fix: f.fix } : {}),
      ...(f.suggest?.length ? { suggest: f.suggest } : {}),
    });
  }
  const errors = takeInternalErrors();
  if (errors.length) {
    reporter.report({
      messageId: 'internalError',
      data: { error: describeError(errors[0]) },
      loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } },
    });
  }
}
