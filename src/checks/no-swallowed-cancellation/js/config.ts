import { jsCancellation, type AbortableCallee } from '../../../catalog/js-cancellation.js';

/** Options of `patch-order/no-swallowed-cancellation` (all optional; merged with the catalog). */
export interface CancellationOptions {
  /** Extra `error.name` values that mean cancellation (`'MyAbortError'`). */
  cancellationNames?: string[];
  /** Extra `error.code` values that mean cancellation. */
  cancellationCodes?: string[];
  /** Extra predicates `f(error)` returning true for a cancellation (`'isAbortLike'`, `'http.isCancel'`). */
  guardFunctions?: string[];
  /** Extra calls `f(error)` that throw when the error is a cancellation (`'rethrowAbort'`). */
  throwingGuards?: string[];
  /** Extra identifiers that hold an `AbortSignal` (`'stop'`). */
  signalNames?: string[];
  /**
   * Extra callees whose awaited result can be cancelled even without a visible signal: a global or
   * local name (`'request'`, `'api.get'`), or `module#export` (`'@acme/http#get'`, `'@acme/http#default.*'`).
   */
  abortableCallees?: string[];
  /** Also treat every awaited call in an async function that receives a signal as cancellable. */
  strict?: boolean;
}

export interface CancellationConfig {
  names: Set<string>;
  codes: Set<string>;
  flags: Set<string>;
  classes: Set<string>;
  baseClasses: Set<string>;
  predicates: Set<string>;
  throwingGuards: Set<string>;
  signalNames: Set<string>;
  signalKeys: Set<string>;
  callees: AbortableCallee[];
  /** Callee texts from options without a module (`request`, `api.get`). */
  calleeTexts: Set<string>;
  generatorRuntimes: Set<string>;
  strict: boolean;
}

export function buildConfig(options: CancellationOptions = {}): CancellationConfig {
  const c = jsCancellation;
  const callees = [...c.abortableCallees];
  const calleeTexts = new Set<string>();
  for (const text of options.abortableCallees ?? []) {
    const hash = text.indexOf('#');
    if (hash > 0) {
      callees.push({
        module: text.slice(0, hash).replace(/^node:/u, ''),
        path: text.slice(hash + 1) || 'default',
        family: 'abort',
        optionArgs: [],
        alwaysCancellable: true,
        source: 'rule option abortableCallees',
      });
    } else calleeTexts.add(text);
  }
  return {
    names: new Set([...c.names, ...(options.cancellationNames ?? [])]),
    codes: new Set([...c.codes, ...(options.cancellationCodes ?? [])]),
    flags: new Set(c.flags),
    classes: new Set([...c.classes, ...(options.cancellationNames ?? [])]),
    baseClasses: new Set(c.baseClasses),
    predicates: new Set([...c.predicates, ...(options.guardFunctions ?? [])]),
    throwingGuards: new Set([...c.throwingGuards, ...(options.throwingGuards ?? [])]),
    signalNames: new Set([...c.signalNames, ...(options.signalNames ?? [])]),
    signalKeys: new Set(c.signalKeys),
    callees,
    calleeTexts,
    generatorRuntimes: new Set(c.generatorRuntimes),
    strict: options.strict ?? false,
  };
}
