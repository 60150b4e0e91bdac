/**
 * What an exception class expression means to the cancellation checks: the kind of a handler's element
 * (`except asyncio.CancelledError`, `except BaseException`, …), and `isinstance` narrowing, that is whether
 * the exception under analysis (a task cancellation, KeyboardInterrupt, GreenletExit, …) is an instance of
 * a class expression.
 */
import { childByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import {
  pyCancelClasses,
  pyGreenletExitClasses,
  pyGreenletTimeoutClasses,
  PY_CANCELLED_IS_BASE_EXCEPTION_SINCE,
  type PyCancelLibrary,
} from '../../../catalog/python-cancellation.js';
import { qualify, unboundOr, type PyBindings } from './imports.js';

export type PyElementKind =
  | { kind: 'base' }
  | { kind: 'exception' }
  | { kind: 'cancel'; library: PyCancelLibrary | null; name: string }
  | { kind: 'generator-exit' }
  | { kind: 'keyboard-interrupt' }
  | { kind: 'system-exit' }
  | { kind: 'greenlet-exit' }
  | { kind: 'greenlet-timeout' };

export const LIB_NAMES: Record<PyCancelLibrary, string> = {
  asyncio: 'asyncio.CancelledError',
  trio: 'trio.Cancelled',
  anyio: "anyio's cancellation exception (get_cancelled_exc_class())",
};

/** The kind of a class expression of an `except` (or of `isinstance`), or null for any other class. */
export function classifyElement(n: PyNode, text: string, b: PyBindings, extraClasses: readonly string[]): PyElementKind | null {
  if (n.type === 'call') {
    const args = childByField(n, 'arguments');
    if (args && args.children.length > 0) return null;
    const fn = childByField(n, 'function');
    if (!fn) return null;
    const qs = qualify(fn, text, b);
    for (const c of pyCancelClasses) {
      if (c.call && qs.some((q) => c.qualifiedNames.includes(q))) return { kind: 'cancel', library: c.library, name: LIB_NAMES[c.library] };
    }
    return null;
  }
  const qs = qualify(n, text, b);
  if (qs.length === 0) return null;
  const raw = nodeText(n, text).replace(/\s+/gu, '');
  for (const q of qs) {
    if (q === 'BaseException' || q === 'builtins.BaseException') return { kind: 'base' };
    if (q === 'Exception' || q === 'builtins.Exception') return { kind: 'exception' };
    if (q === 'GeneratorExit' || q === 'builtins.GeneratorExit') return { kind: 'generator-exit' };
    if (q === 'KeyboardInterrupt' || q === 'builtins.KeyboardInterrupt') return { kind: 'keyboard-interrupt' };
    if (q === 'SystemExit' || q === 'builtins.SystemExit') return { kind: 'system-exit' };
    for (const c of pyCancelClasses) {
      if (!c.call && c.qualifiedNames.includes(q)) return { kind: 'cancel', library: c.library, name: LIB_NAMES[c.library] };
    }
    if (pyGreenletExitClasses.includes(q)) return { kind: 'greenlet-exit' };
    if (pyGreenletTimeoutClasses.includes(q)) return { kind: 'greenlet-timeout' };
  }
  // flake8-async also accepts the unqualified spellings when nothing else binds them.
  if (raw === 'CancelledError' && unboundOr(b, 'CancelledError', 'asyncio.CancelledError')) return { kind: 'cancel', library: 'asyncio', name: LIB_NAMES.asyncio };
  if (raw === 'exceptions.CancelledError' && unboundOr(b, 'exceptions', 'asyncio.exceptions')) return { kind: 'cancel', library: 'asyncio', name: LIB_NAMES.asyncio };
  for (const extra of extraClasses) {
    const plain = !extra.includes('.');
    if (qs.includes(extra) || raw === extra || (plain && qs.some((q) => q.split('.').pop() === extra))) return { kind: 'cancel', library: null, name: extra };
  }
  return null;
}

/**
 * The exception a path analysis follows. `base-only`: some exception that is not an `Exception` (what a
 * followed helper in another module may be given), for which only `BaseException` and `Exception` decide.
 */
export type PyFlavor = 'cancel' | 'keyboard-interrupt' | 'system-exit' | 'generator-exit' | 'greenlet-exit' | 'greenlet-timeout' | 'base-only';

/** A class whose name says it may be a cancellation / interrupt (a subclass we cannot see). */
const MAYBE_BASE_ONLY = /cancel|interrupt|exit$|kill/iu;

export interface InstanceContext {
  text: string;
  bindings: PyBindings;
  extraClasses: readonly string[];
  minor: number;
  /** Classes defined in the module, by name: their bases (to see `class Stop(asyncio.CancelledError)`). */
  localClasses?: ReadonlyMap<string, PyNode[]>;
}

/** Whether an exception of `flavor` is an instance of the class expression `type`. */
function instanceOfOne(type: PyNode, flavor: PyFlavor, ctx: InstanceContext, depth = 0): boolean | undefined {
  const k = classifyElement(type, ctx.text, ctx.bindings, ctx.extraClasses);
  if (k) {
    if (k.kind === 'base') return true;
    if (k.kind === 'exception') return flavor === 'cancel' && ctx.minor < PY_CANCELLED_IS_BASE_EXCEPTION_SINCE ? undefined : false;
    if (flavor === 'base-only') return undefined;
    if (k.kind === 'cancel') return flavor === 'cancel';
    return k.kind === flavor;
  }
  // Any other class: an `Exception` subclass, unless it is defined here on a BaseException-only base or
  // its name says it might be one.
  if (type.type === 'identifier' && depth < 8) {
    const bases = ctx.localClasses?.get(nodeText(type, ctx.text));
    if (bases) {
      // A subclass of a class the exception is an instance of may or may not be its class.
      return bases.every((b) => instanceOfOne(b, flavor, ctx, depth + 1) === false) ? false : undefined;
    }
  }
  if (type.type !== 'identifier' && type.type !== 'attribute') return undefined;
  const last = nodeText(type, ctx.text).split('.').pop()!.trim();
  return MAYBE_BASE_ONLY.test(last) ? undefined : false;
}

/**
 * `isinstance(exc, (A, B, …))` for every flavor the exception under analysis may be: true when it holds for
 * all, false when for none, undefined otherwise (per flavor, one class of the tuple is enough).
 */
export function instanceOfFlavors(types: readonly PyNode[], flavors: readonly PyFlavor[], ctx: InstanceContext): boolean | undefined {
  if (flavors.length === 0 || types.length === 0) return undefined;
  const verdicts = flavors.map((f) => {
    const each = types.map((t) => instanceOfOne(t, f, ctx));
    if (each.some((v) => v === true)) return true;
    return each.every((v) => v === false) ? false : undefined;
  });
  if (verdicts.every((v) => v === true)) return true;
  if (verdicts.every((v) => v === false)) return false;
  return undefined;
}
