/**
 * Owner exemption. A function *owns* a cancellation when it creates the signal and decides when it
 * fires: then catching that cancellation there (e.g. turning its own timeout into a fallback value,
 * or ignoring the abort of an effect's own request in its cleanup) is a design decision, not a
 * swallowed "stop" from someone else.
 *
 * Exact criterion (documented in docs/rules/no-swallowed-cancellation.md, "Owner exemption"): every
 * source of the protected code is a visible signal, and each signal is
 *   - `c.signal` (directly, or through a local const) where `c` is `const c = new AbortController()`
 *     declared in the function containing the handler or in a function enclosing it, and that
 *     declaring function itself calls `c.abort(…)` somewhere (a `setTimeout` callback, an effect's
 *     cleanup function, …);
 *   - `this.c.signal` where the same class assigns `this.c = new AbortController()` (or declares the
 *     field with that initializer) and calls `this.c.abort(…)` in one of its members;
 *   - `AbortSignal.timeout(ms)` created in the function containing the handler (directly or through a
 *     local const);
 * and the declaring functions mention no other signal (no signal parameter, no `options.signal`, no
 * other signal-named variable), so no caller's abort can reach the handler.
 *
 * "In the function containing the handler or enclosing it" also admits a signal created inside the
 * protected code itself: in a callback passed there (`Promise.all(urls.map(async (u) => { const c = … }))`),
 * and in a local function the protected code calls (a callee's own `AbortSignal.timeout(ms)`, or its own
 * controller aborted by its own `setTimeout`): such a callee's sources are judged with the callee as the
 * protected code.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, findVar, initOf, keyName, propName, strip, walk, within, type FileContext, type FunctionNode, type Node } from './ast.js';
import { isSignalExpr, type Source } from './sources.js';

type Scope = FunctionNode | TSESTree.Program;

function isNewController(node: Node | null | undefined): boolean {
  if (!node) return false;
  const n = strip(node);
  return n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'AbortController';
}

function isTimeoutSignal(node: Node): boolean {
  const n = strip(node);
  if (n.type !== 'CallExpression') return false;
  const c = strip(n.callee);
  return c.type === 'MemberExpression' && strip(c.object).type === 'Identifier' && (strip(c.object) as TSESTree.Identifier).name === 'AbortSignal' && propName(c) === 'timeout';
}

function scopeOf(node: Node): Scope {
  const fn = enclosingFunction(node);
  if (fn) return fn;
  let p: Node = node;
  while (p.parent) p = p.parent;
  return p as TSESTree.Program;
}

type Owned =
  | { kind: 'controller'; variable: unknown; scope: Scope }
  | { kind: 'class'; field: string; body: TSESTree.ClassBody }
  | { kind: 'timeout'; scope: Scope };

function classBodyOf(node: Node): TSESTree.ClassBody | null {
  // `this` of the nearest non-arrow function, which must be a class member (or a field initializer).
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'FunctionExpression' || p.type === 'FunctionDeclaration') {
      const member = p.parent;
      return member && member.type === 'MethodDefinition' && member.parent.type === 'ClassBody' ? member.parent : null;
    }
    if (p.type === 'PropertyDefinition') return p.parent.type === 'ClassBody' ? p.parent : null;
  }
  return null;
}

/** What owned signal `expr` is, if any; `handler` is where the cancellation would be caught. */
function ownedSignal(ctx: FileContext, handler: Node, expr: Node, depth = 0): Owned | null {
  const n = strip(expr);
  if (depth > 2) return null;
  if (isTimeoutSignal(n)) return { kind: 'timeout', scope: scopeOf(n) };
  if (n.type === 'MemberExpression' && propName(n) === 'signal') {
    const obj = strip(n.object);
    if (obj.type === 'Identifier') {
      const v = findVar(ctx.sourceCode, obj, obj.name);
      const init = initOf(v);
      if (!v || !init || !isNewController(init)) return null;
      return { kind: 'controller', variable: v, scope: scopeOf(init) };
    }
    if (obj.type === 'MemberExpression' && strip(obj.object).type === 'ThisExpression') {
      const field = propName(obj);
      const body = classBodyOf(obj);
      return field !== null && body ? { kind: 'class', field, body } : null;
    }
    return null;
  }
  if (n.type === 'Identifier') {
    const v = findVar(ctx.sourceCode, n, n.name);
    const init = initOf(v);
    if (!init) return null;
    return ownedSignal(ctx, handler, init, depth + 1);
  }
  return null;
}

function isThisField(node: Node, field: string): boolean {
  const n = strip(node);
  return n.type === 'MemberExpression' && strip(n.object).type === 'ThisExpression' && propName(n) === field;
}

/** Does the class create `this.field = new AbortController()` and call `this.field.abort()`? */
function classOwns(ctx: FileContext, body: TSESTree.ClassBody, field: string): boolean {
  let creates = false;
  let aborts = false;
  for (const el of body.body) {
    if (el.type === 'PropertyDefinition' && !el.static && keyName(el) === field && isNewController(el.value)) creates = true;
  }
  walk(
    body,
    ctx.sourceCode,
    (n) => {
      if (n.type === 'AssignmentExpression' && isThisField(n.left, field) && isNewController(n.right)) creates = true;
      if (n.type === 'CallExpression') {
        const c = strip(n.callee);
        if (c.type === 'MemberExpression' && propName(c) === 'abort' && isThisField(c.object, field)) aborts = true;
      }
      return !(creates && aborts);
    },
    () => true,
  );
  return creates && aborts;
}

/** Does `scope` call `v.abort(…)` (anywhere, including nested callbacks)? Any foreign signal mentioned? */
function scanScope(ctx: FileContext, scope: Scope, handler: Node, controllers: Set<unknown>): { aborted: Set<unknown>; foreign: boolean } {
  const aborted = new Set<unknown>();
  let foreign = false;
  walk(
    scope.type === 'Program' ? scope : scope.body,
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
      if (n.type === 'Identifier' || n.type === 'MemberExpression') {
        const parent = n.parent;
        const isDeclId = parent && parent.type === 'VariableDeclarator' && parent.id === n;
        const isPropKey = parent && parent.type === 'Property' && parent.key === n && !parent.shorthand;
        const isMemberProp = parent && parent.type === 'MemberExpression' && parent.property === n && !parent.computed;
        if (!isDeclId && !isPropKey && !isMemberProp && isSignalExpr(ctx, n) && !ownedSignal(ctx, handler, n)) {
          foreign = true;
          return false;
        }
      }
      return !foreign;
    },
    () => true,
  );
  if (scope.type !== 'Program') {
    for (const p of scope.params) {
      const id = p.type === 'AssignmentPattern' ? p.left : p;
      if (id.type === 'Identifier' && isSignalExpr(ctx, id)) foreign = true;
    }
  }
  return { aborted, foreign };
}

/**
 * Is every source owned? `handler` is where the cancellation is caught; `region` is the protected code
 * (the `try` block, the promise chain, or a followed callee's function): a signal created by a function
 * that encloses the handler, or inside the region, is the handler's own code's.
 */
export function isOwner(ctx: FileContext, handler: Node, sources: readonly Source[], region?: Node, depth = 0): boolean {
  if (sources.length === 0) return false;
  const controllersByScope = new Map<Scope, Set<unknown>>();
  const scopes = new Set<Scope>();
  for (const s of sources) {
    if (s.kind === 'local' && s.local && depth < 2) {
      // The callee's own cancellation: owned when every source of the callee is owned in the callee.
      if (!isOwner(ctx, s.local.fn.body, s.local.sources, s.local.fn, depth + 1)) return false;
      continue;
    }
    if ((s.kind !== 'signal' && s.kind !== 'throwIfAborted') || !s.signal) return false;
    const owned = ownedSignal(ctx, handler, s.signal);
    if (!owned) return false;
    if (owned.kind === 'class') {
      if (!classOwns(ctx, owned.body, owned.field)) return false;
      continue;
    }
    if (!within(handler, owned.scope) && !(region && within(owned.scope, region))) return false;
    // A module-level `AbortSignal.timeout()` fires for every later user: owned only by module-level code.
    if (owned.kind === 'timeout' && owned.scope.type === 'Program' && scopeOf(handler) !== owned.scope) return false;
    scopes.add(owned.scope);
    if (owned.kind === 'controller') {
      let set = controllersByScope.get(owned.scope);
      if (!set) controllersByScope.set(owned.scope, (set = new Set()));
      set.add(owned.variable);
    }
  }
  for (const scope of scopes) {
    const controllers = controllersByScope.get(scope) ?? new Set<unknown>();
    const { aborted, foreign } = scanScope(ctx, scope, handler, controllers);
    if (foreign) return false;
    for (const v of controllers) if (!aborted.has(v)) return false;
  }
  return true;
}
