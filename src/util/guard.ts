/**
 * Internal errors are never silent. The analysis runs inside a user's lint run, where an exception would abort
 * every file, so an internal error is caught here, counted, remembered for the file being linted (the rule
 * reports it once on that file), and, under `PATCH_ORDER_STRICT=1` (the test suite), rethrown so that a bug
 * fails the test that met it.
 *
 * Bad input in a dependency (a file that vanished, cannot be read, is binary or does not parse) is not an
 * internal error: those sites say so with `isInputError` or their own predicate, and stay silent.
 */
import { stats } from '../util/stats.js';

export function strictMode(): boolean {
  return process.env.PATCH_ORDER_STRICT === '1';
}

/** Errors met while analysing the file being linted, not yet reported (see `takeInternalErrors`). */
const pending: unknown[] = [];

/** Records an internal error: counted, kept for the current file, rethrown in strict mode. */
export function internalError(where: string, error: unknown): void {
  stats.internalErrors++;
  if (strictMode()) throw annotate(where, error);
  if (pending.length < 10) pending.push(annotate(where, error));
}

/**
 * Runs `fn`; an error it throws is bad input when `isInput(error)` says so (silent), otherwise an internal
 * error (`internalError`). Either way the caller gets `fallback`.
 */
export function guard<T>(where: string, fn: () => T, fallback: T, isInput: (error: unknown) => boolean = () => false): T {
  try {
    return fn();
  } catch (error) {
    if (isInput(error)) return fallback;
    internalError(where, error);
    return fallback;
  }
}

/** Bad input in a dependency that a front end met and names as such (a file that does not parse). */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * Bad input, not a bug: a Node system error (`ENOENT`, `EACCES`, `EISDIR`, `ELOOP`, …) from reading a
 * dependency, or an `InputError`.
 */
export function isInputError(error: unknown): boolean {
  if (error instanceof InputError) return true;
  return typeof (error as { code?: unknown } | null)?.code === 'string' && (error as { syscall?: unknown }).syscall !== undefined;
}

/** In a catch block: rethrows `error` unless it is bad input (then the caller falls back, silently). */
export function onlyInput(error: unknown): void {
  if (!isInputError(error)) throw error;
}

/** The internal errors recorded since the last call, and forget them (the rule reports them on its file). */
export function takeInternalErrors(): unknown[] {
  return pending.splice(0, pending.length);
}

/** The first line of an error, for a report: `TypeError: x is undefined (in graph walk)`. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

function annotate(where: string, error: unknown): unknown {
  if (error instanceof Error && !error.message.includes(`(in ${where})`)) error.message = `${error.message} (in ${where})`;
  return error;
}
