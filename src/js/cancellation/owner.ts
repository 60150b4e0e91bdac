/**
 * Owner exemption. A function *owns* a cancellation when it creates the signal and decides when it
 * fires: then catching that cancellation there (e.g. turning its own timeout into a fallback value) is
 * a design decision, not a swallowed "stop" from someone else.
 *
 * Exact criterion (documented in docs/rules/no-swallowed-cancellation.md, "Owner exemption"): every
 * source in the protected code is a visible signal, and each signal is
 *   - `c.signal` (directly, or through a local const) where `c` is a local `new AbortController()`
 *     of the same function whose `c.abort(...)` the same function calls (typically in `setTimeout`), or
 *   - `AbortSignal.timeout(ms)` created in the same function (directly or through a local const);
 * and the function mentions no other signal (no signal parameter, no `options.signal`, no other
 * signal-named variable), so no caller's abort can reach the handler.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { dottedName, findVar, initOf, propName, strip, walk, within, type FileContext, type FunctionNode, type Node } from './ast.js';
import { isSignalExpr, type Source } from './sources.js';

function isNewController(node: Node | null): boolean {
  if (!node) return false;
  const n = strip(node);
  return n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'AbortController';
}

function isTimeoutSignal(node: Node): boolean {
  const n = strip(node);
  return n.type === 'CallExpression' && dottedName(n.callee) === 'AbortSignal.timeout';
}

type Owned = { kind: 'controller'; name: string; variable: unknown } | { kind: 'timeout' };

/** What owned signal `expr` is, if any. */
function ownedSignal(ctx: FileContext, scope: Node, expr: Node, depth = 0): Owned | null {
  const n = strip(expr);
  if (depth > 2) return null;
  if (isTimeoutSignal(n)) return within(n, scope) ? { kind: 'timeout' } : null;
  if (n.type === 'MemberExpression' && propName(n) === 'signal') {
    const obj = strip(n.object);
    if (obj.type !== 'Identifier') return null;
    const v = findVar(ctx.sourceCode, obj, obj.name);
    const init = initOf(v);
    if (!v || !isNewController(init) || !within(init!, scope)) return null;
    return { kind: 'controller', name: obj.name, variable: v };
  }
  if (n.type === 'Identifier') {
    const v = findVar(ctx.sourceCode, n, n.name);
    const init = initOf(v);
    if (!init || !within(init, scope)) return null;
    return ownedSignal(ctx, scope, init, depth + 1);
  }
  return null;
}

export function isOwner(ctx: FileContext, fn: FunctionNode | TSESTree.Program | null, sources: readonly Source[]): boolean {
  if (!fn || sources.length === 0) return false;
  const scope: Node = fn;
  const controllers = new Map<unknown, string>();
  const ownedExprs = new Set<Node>();
  for (const s of sources) {
    if ((s.kind !== 'signal' && s.kind !== 'throwIfAborted') || !s.signal) return false;
    const owned = ownedSignal(ctx, scope, s.signal);
    if (!owned) return false;
    if (owned.kind === 'controller') controllers.set(owned.variable, owned.name);
  }
  // Each controller must be aborted by this function itself.
  const aborted = new Set<unknown>();
  let foreignSignal = false;
  walk(
    fn.type === 'Program' ? fn : fn.body,
    ctx.sourceCode,
    (n) => {
      if (n.type === 'CallExpression') {
        const callee = strip(n.callee);
        if (callee.type === 'MemberExpression' && propName(callee) === 'abort' && strip(callee.object).type === 'Identifier') {
          const id = strip(callee.object) as TSESTree.Identifier;
          const v = findVar(ctx.sourceCode, id, id.name);
          if (v && controllers.has(v)) aborted.add(v);
        }
      }
      // Any other signal mentioned in the function can carry a caller's abort.
      if ((n.type === 'Identifier' || n.type === 'MemberExpression') && !ownedExprs.has(n)) {
        const parent = n.parent;
        const isDeclId = parent && parent.type === 'VariableDeclarator' && parent.id === n;
        const isPropKey = parent && parent.type === 'Property' && parent.key === n && !parent.shorthand;
        const isMemberProp = parent && parent.type === 'MemberExpression' && parent.property === n && !parent.computed;
        if (!isDeclId && !isPropKey && !isMemberProp && isSignalExpr(ctx, n) && !ownedSignal(ctx, scope, n)) {
          foreignSignal = true;
          return false;
        }
        if (n.type === 'MemberExpression') return true;
      }
      return !foreignSignal;
    },
    () => true,
  );
  if (foreignSignal) return false;
  for (const v of controllers.keys()) if (!aborted.has(v)) return false;
  // Parameters named like signals count as foreign even when unused in the protected code.
  if (fn.type !== 'Program') {
    for (const p of fn.params) {
      const id = p.type === 'AssignmentPattern' ? p.left : p;
      if (id.type === 'Identifier' && isSignalExpr(ctx, id)) return false;
    }
  }
  return true;
}
