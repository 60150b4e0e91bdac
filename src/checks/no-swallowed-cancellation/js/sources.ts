/**
 * When can a cancellation reach a handler? A `try` block (or the receiver of `.catch` / `.then`) is
 * *critical* when its protected code can be cancelled: a signal flows into a call there, a known
 * abortable API receives options from the caller, a configured abortable callee is called, a local
 * function that does one of these is called (one level), or — in `strict` mode — anything is awaited
 * by an async function that receives a signal.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { AbortableCallee, CancellationFamily } from '../../../catalog/js-cancellation.js';
import {
  dottedName,
  enclosingFunction,
  findVar,
  initOf,
  isParameter,
  keyName,
  localFunction,
  propName,
  resolveCallee,
  strip,
  walk,
  within,
  type FileContext,
  type FunctionNode,
  type Node,
} from './ast.js';

export interface Source {
  /** Where the cancellation can enter (a call). */
  node: Node;
  kind: 'signal' | 'throwIfAborted' | 'callee' | 'local' | 'strict';
  family: CancellationFamily;
  /** The signal expression, when one is visible (`signal`, `controller.signal`, `AbortSignal.timeout(1)`). */
  signal: Node | null;
  /** Human-readable, a clause that follows "because": "`signal` is passed to `fetch()` at line 3". */
  text: string;
  /** `kind: 'callee'` from the caller's options: the function and the index of its parameter forwarded. */
  forwarded?: { fn: FunctionNode; index: number };
  /** `kind: 'local'`: the function followed and its own sources (for the owner exemption). */
  local?: { fn: FunctionNode; sources: Source[] };
}

const SIGNAL_SUFFIX = /^[a-z_$][\w$]*Signal$/u;

function calleeLabel(node: TSESTree.CallExpression | TSESTree.NewExpression): string {
  const name = dottedName(node.callee);
  if (name !== null && name.length <= 40) return node.type === 'NewExpression' ? `new ${name}()` : `${name}()`;
  return 'a call';
}

function short(ctx: FileContext, node: Node): string {
  const text = ctx.sourceCode.getText(node).replace(/\s+/gu, ' ');
  return text.length <= 40 ? text : `${text.slice(0, 37)}...`;
}

/** Is `node` an AbortSignal (by name, by `x.signal`, by `AbortSignal.*()`, or by type)? */
export function isSignalExpr(ctx: FileContext, node: Node, depth = 0): boolean {
  const n = strip(node);
  if (depth > 3) return false;
  switch (n.type) {
    case 'Identifier':
      if (ctx.cfg.signalNames.has(n.name) || SIGNAL_SUFFIX.test(n.name)) return !holdsProcessSignal(ctx, n) && !notAnAbortSignal(ctx, n);
      return ctx.isTypedSignal(n);
    case 'MemberExpression': {
      const name = propName(n);
      if (name !== null && (name === 'signal' || ctx.cfg.signalNames.has(name) || SIGNAL_SUFFIX.test(name))) return true;
      return ctx.isTypedSignal(n);
    }
    case 'CallExpression': {
      const callee = strip(n.callee);
      if (callee.type === 'MemberExpression' && strip(callee.object).type === 'Identifier') {
        const obj = strip(callee.object) as TSESTree.Identifier;
        if (obj.name === 'AbortSignal') return true;
      }
      return false;
    }
    case 'LogicalExpression':
      return isSignalExpr(ctx, n.left, depth + 1) || isSignalExpr(ctx, n.right, depth + 1);
    case 'ConditionalExpression':
      return isSignalExpr(ctx, n.consequent, depth + 1) || isSignalExpr(ctx, n.alternate, depth + 1);
    default:
      return false;
  }
}

/** `const signal = 'SIGTERM'`, or an argument of `.kill(…)`: a process signal, not an AbortSignal. */
function holdsProcessSignal(ctx: FileContext, id: TSESTree.Identifier): boolean {
  const parent = id.parent;
  if (parent && parent.type === 'CallExpression' && parent.arguments.includes(id)) {
    const callee = strip(parent.callee);
    if (callee.type === 'MemberExpression' && propName(callee) === 'kill') return true;
  }
  const init = initOf(findVar(ctx.sourceCode, id, id.name));
  if (!init) return false;
  const v = strip(init);
  return v.type === 'Literal' || v.type === 'TemplateLiteral';
}

/** Methods an `AbortSignal` does not have: an EventEmitter's, a reactive signal's (`.value`, `.subscribe`). */
const NOT_SIGNAL_METHODS = new Set(['on', 'once', 'off', 'emit', 'addListener', 'removeListener', 'removeAllListeners', 'listenerCount', 'value', 'subscribe', 'set', 'peek']);

/**
 * A signal-named variable that is not an `AbortSignal`: created with `new` (`new EventEmitter()`; an
 * `AbortSignal` is never constructed), annotated with another type (`signal: EventEmitter`,
 * `signal: NodeJS.Signals`), or used as an emitter or a reactive value (`signal.emit(…)`, `signal.value`).
 */
function notAnAbortSignal(ctx: FileContext, id: TSESTree.Identifier): boolean {
  const v = findVar(ctx.sourceCode, id, id.name);
  if (!v || v.defs.length === 0) return false;
  const key = v.defs[0]!.name as Node;
  const cached = ctx.memo.get(key);
  if (typeof cached === 'boolean') return cached;
  let result = false;
  const init = initOf(v);
  if (init && strip(init).type === 'NewExpression') result = true;
  for (const def of v.defs) {
    const name = def.name as TSESTree.Identifier;
    const annotation = name.typeAnnotation?.typeAnnotation;
    if (annotation && annotation.type !== 'TSAnyKeyword' && annotation.type !== 'TSUnknownKeyword' && !/Signal\b/u.test(ctx.sourceCode.getText(annotation))) result = true;
  }
  for (const ref of v.references) {
    const parent = ref.identifier.parent;
    if (parent && parent.type === 'MemberExpression' && parent.object === ref.identifier) {
      const p = propName(parent);
      if (p !== null && NOT_SIGNAL_METHODS.has(p)) result = true;
    }
  }
  ctx.memo.set(key, result);
  return result;
}

/** The signal carried by an argument: the argument itself, or a `signal` / `cancelToken` option. */
function signalInArgument(ctx: FileContext, arg: Node, depth = 0): { signal: Node | null } | null {
  const a = strip(arg);
  if (isSignalExpr(ctx, a)) return { signal: a };
  if (a.type === 'ObjectExpression' && depth < 2) {
    for (const p of a.properties) {
      if (p.type !== 'Property') continue;
      const k = keyName(p);
      const value = strip(p.value as Node);
      if (k !== null && ctx.cfg.signalKeys.has(k)) {
        if (value.type === 'Identifier' && value.name === 'undefined') continue;
        if (value.type === 'Literal' && value.value === null) continue;
        return { signal: k === 'signal' ? value : null };
      }
      if (value.type === 'ObjectExpression') {
        const inner = signalInArgument(ctx, value, depth + 1);
        if (inner) return inner;
      }
    }
  }
  return null;
}

function matchCallee(entry: AbortableCallee, resolved: { module: string; path: string }): boolean {
  if (entry.module !== resolved.module) return false;
  const path = resolved.path.startsWith('default.') ? resolved.path.slice('default.'.length) : resolved.path;
  if (entry.path === '*') return true;
  if (entry.path === 'default') return resolved.path === 'default' || resolved.path === '';
  if (entry.path === 'default.*') return path !== '' && path !== 'default' && !path.includes('.');
  return entry.path === path || entry.path === resolved.path;
}

const globalCallees = new WeakMap<object, Set<string>>();

function rootName(node: Node): string | null {
  let n = strip(node);
  while (n.type === 'MemberExpression') n = strip(n.object);
  return n.type === 'Identifier' ? n.name : null;
}

export function abortableEntry(ctx: FileContext, call: TSESTree.CallExpression | TSESTree.NewExpression): AbortableCallee | null {
  // Cheap pre-check before scope lookups: the callee must start at an import or a catalog global.
  const root = rootName(call.callee);
  if (root === null) return null;
  let globals = globalCallees.get(ctx.cfg);
  if (!globals) {
    globals = new Set(ctx.cfg.callees.filter((c) => c.module === '<global>').map((c) => c.path.split('.')[0]!));
    globals.add('globalThis').add('window').add('self');
    globalCallees.set(ctx.cfg, globals);
  }
  if (!ctx.bindings.has(root) && !globals.has(root)) return null;
  const resolved = resolveCallee(ctx, call.callee);
  if (!resolved) return null;
  for (const entry of ctx.cfg.callees) if (matchCallee(entry, resolved)) return entry;
  return null;
}

/**
 * Options handed in by the caller: a parameter, or an object literal spreading one. Returns the function
 * and the index of that parameter (`index: -1` when it cannot be told), or null.
 */
function callerOptions(ctx: FileContext, arg: Node): { fn: FunctionNode | null; index: number } | null {
  const a = strip(arg);
  if (a.type === 'Identifier') {
    const v = findVar(ctx.sourceCode, a, a.name);
    if (!isParameter(v)) return null;
    const def = v!.defs[0]!;
    const fn = def.node as Node;
    if (!isFunctionNode(fn)) return { fn: null, index: -1 };
    return { fn, index: fn.params.findIndex((p) => within(def.name as Node, p)) };
  }
  if (a.type === 'ObjectExpression') {
    for (const p of a.properties) {
      if (p.type !== 'SpreadElement') continue;
      const found = callerOptions(ctx, p.argument);
      if (found) return found;
    }
  }
  return null;
}

function isFunctionNode(n: Node): n is FunctionNode {
  return n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration';
}

/**
 * Can the argument a caller gives for a forwarded options parameter carry a signal? Not when it is left
 * out, `undefined` / `null`, or an object literal without a signal key and without a spread.
 */
function argumentMayCarrySignal(ctx: FileContext, arg: Node | undefined): boolean {
  if (!arg) return false;
  const a = strip(arg);
  if ((a.type === 'Identifier' && a.name === 'undefined') || (a.type === 'Literal' && a.value === null)) return false;
  if (a.type === 'ObjectExpression') {
    return a.properties.some((p) => {
      if (p.type === 'SpreadElement' || p.computed) return true;
      const k = keyName(p);
      const value = strip(p.value as Node);
      // Nested options (`{ fetchOptions: { signal } }`) are looked into; `{ headers: {…} }` carries none.
      return k === null || ctx.cfg.signalKeys.has(k) || (value.type === 'ObjectExpression' && argumentMayCarrySignal(ctx, value));
    });
  }
  return true;
}

function nestedTryWithoutRethrow(ctx: FileContext, node: TSESTree.TryStatement): boolean {
  if (!node.handler) return false;
  let throws = false;
  walk(node.handler.body, ctx.sourceCode, (n) => {
    if (n.type === 'ThrowStatement') throws = true;
    else if (n.type === 'CallExpression') {
      const name = dottedName(n.callee);
      if (name !== null && (ctx.cfg.throwingGuards.has(name) || name.endsWith('.throwIfAborted'))) throws = true;
    }
    return !throws;
  });
  return !throws;
}

export interface CollectOptions {
  /** Follow calls of local functions one level. */
  followLocals: boolean;
}

/**
 * Cancellation sources inside `root` (the protected code). Callbacks passed as call arguments are
 * entered (`Promise.all(urls.map((u) => fetch(u, { signal })))`); other nested functions are not.
 */
export function collectSources(ctx: FileContext, root: Node, opts: CollectOptions): Source[] {
  const out: Source[] = [];
  walk(
    root,
    ctx.sourceCode,
    (node) => {
      if (node.type === 'TryStatement' && node !== root && nestedTryWithoutRethrow(ctx, node)) {
        // A nested catch that never throws keeps cancellations from this level (it is reported itself).
        if (node.finalizer) out.push(...collectSources(ctx, node.finalizer, opts));
        return false;
      }
      if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) {
        const src = derivedSource(ctx, node, node.type === 'AwaitExpression' ? node.argument : node.right, root);
        if (src) out.push(src);
        return true;
      }
      if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return true;
      const call = node;
      const entry = abortableEntry(ctx, call);
      const family: CancellationFamily = entry?.family ?? 'abort';
      // signal.throwIfAborted() inside the protected code throws the reason into the handler.
      if (call.type === 'CallExpression') {
        const callee = strip(call.callee);
        if (callee.type === 'MemberExpression' && propName(callee) === 'throwIfAborted' && isSignalExpr(ctx, callee.object)) {
          out.push({ node: call, kind: 'throwIfAborted', family: 'abort', signal: strip(callee.object), text: `\`${short(ctx, callee)}()\` is called at line ${call.loc.start.line}` });
          return true;
        }
      }
      for (let i = 0; i < call.arguments.length; i++) {
        // A request body (axios' `post(url, data, config)`) is data, whatever keys it has.
        if (entry?.bodyArgs?.includes(i)) continue;
        const arg = call.arguments[i]!;
        const found = signalInArgument(ctx, arg);
        if (found) {
          const what = found.signal ? `\`${short(ctx, found.signal)}\`` : 'a cancel token';
          out.push({ node: call, kind: 'signal', family, signal: found.signal, text: `${what} is passed to \`${calleeLabel(call)}\` at line ${call.loc.start.line}` });
          return true;
        }
      }
      if (entry) {
        let forwarded: { fn: FunctionNode | null; index: number } | null = null;
        for (const i of entry.optionArgs) {
          const arg = call.arguments[i];
          forwarded = arg === undefined ? null : callerOptions(ctx, arg);
          if (forwarded) break;
        }
        if (forwarded) {
          out.push({
            node: call,
            kind: 'callee',
            family,
            signal: null,
            text: `\`${calleeLabel(call)}\` at line ${call.loc.start.line} receives the caller's options, which can carry a signal`,
            ...(forwarded.fn && forwarded.index >= 0 ? { forwarded: { fn: forwarded.fn, index: forwarded.index } } : {}),
          });
          return true;
        }
      }
      const name = dottedName(call.callee);
      if (name !== null && ctx.cfg.calleeTexts.has(name)) {
        out.push({ node: call, kind: 'callee', family, signal: null, text: `\`${name}()\` at line ${call.loc.start.line} can be cancelled` });
        return true;
      }
      if (entry?.alwaysCancellable) {
        out.push({ node: call, kind: 'callee', family, signal: null, text: `\`${calleeLabel(call)}\` at line ${call.loc.start.line} can be cancelled` });
        return true;
      }
      if (opts.followLocals && call.type === 'CallExpression') {
        const fn = localFunction(ctx, call.callee);
        if (fn && !within(call, fn)) {
          // A callee that only forwards its own options parameter cannot be cancelled when this call gives it none.
          const inner = localSources(ctx, fn).filter((src) => !src.forwarded || src.forwarded.fn !== fn || argumentMayCarrySignal(ctx, call.arguments[src.forwarded.index]));
          if (inner.length > 0) {
            const label = calleeLabel(call);
            out.push({
              node: call,
              kind: 'local',
              family: inner[0]!.family,
              signal: null,
              text: `\`${label}\` at line ${call.loc.start.line} can be cancelled (${inner[0]!.text})`,
              local: { fn, sources: inner },
            });
            return true;
          }
        }
      }
      return true;
    },
    (fn) => isCallbackArgument(fn),
  );
  return out;
}

/** The variable a value is read from: `res` in `res.body`, `res.json()`, `reader.read()`. */
function baseIdentifier(node: Node): TSESTree.Identifier | null {
  let n = strip(node);
  for (let i = 0; i < 8; i++) {
    if (n.type === 'MemberExpression') n = strip(n.object);
    else if (n.type === 'CallExpression') n = strip(n.callee);
    else break;
  }
  return n.type === 'Identifier' ? n : null;
}

/**
 * An `await` / `for await` in the protected code that reads a value produced, before it, by a call that
 * received a signal: `const res = await fetch(url, { signal })` and then `await res.json()` or
 * `for await (const chunk of res.body)`; `const events = on(emitter, 'data', { signal })` and then
 * `for await (const e of events)`. The abort rejects the body read or ends the iteration with the
 * cancellation. Followed through two local consts (`const reader = res.body.getReader()`).
 */
function derivedSource(ctx: FileContext, at: Node, operand: Node, root: Node): Source | null {
  let id = baseIdentifier(operand);
  for (let depth = 0; id && depth < 3; depth++) {
    const init = initOf(findVar(ctx.sourceCode, id, id.name));
    if (!init || within(init, root)) return null;
    const value = strip(init.type === 'AwaitExpression' ? init.argument : init);
    const found = collectSources(ctx, value, { followLocals: false }).find((src) => src.kind === 'signal' && src.family === 'abort');
    if (found) {
      const origin = found.node.type === 'CallExpression' || found.node.type === 'NewExpression' ? `\`${calleeLabel(found.node)}\`` : 'a call';
      return {
        node: at,
        kind: 'signal',
        family: found.family,
        signal: found.signal,
        text: `\`${id.name}\` comes from ${origin} at line ${found.node.loc.start.line}, which receives ${found.signal ? `\`${short(ctx, found.signal)}\`` : 'a signal'}, and is read at line ${at.loc.start.line}`,
      };
    }
    id = baseIdentifier(value);
  }
  return null;
}

function localSources(ctx: FileContext, fn: FunctionNode): Source[] {
  const cached = ctx.memo.get(fn) as Source[] | undefined;
  if (cached) return cached;
  ctx.memo.set(fn, []);
  const found = collectSources(ctx, fn.body, { followLocals: false });
  ctx.memo.set(fn, found);
  return found;
}

function isCallbackArgument(fn: FunctionNode): boolean {
  const p = fn.parent;
  return !!p && (p.type === 'CallExpression' || p.type === 'NewExpression') && (p.arguments as Node[]).includes(fn);
}

/** Does `root` await (outside nested functions)? A synchronous try block is never critical. */
export function hasAwait(ctx: FileContext, root: Node): boolean {
  let found = false;
  walk(root, ctx.sourceCode, (n) => {
    if (n.type === 'AwaitExpression' || (n.type === 'ForOfStatement' && n.await)) found = true;
    return !found;
  });
  return found;
}

/** Strict mode: the function receives a signal (a signal parameter, `{ signal }`, or `options.signal`). */
export function receivesSignal(ctx: FileContext, fn: FunctionNode): Node | null {
  for (const param of fn.params) {
    const p = param.type === 'AssignmentPattern' ? param.left : param.type === 'TSParameterProperty' ? param.parameter : param;
    if (p.type === 'Identifier' && isSignalExpr(ctx, p)) return p;
    if (p.type === 'ObjectPattern') {
      for (const prop of p.properties) {
        if (prop.type === 'Property' && keyName(prop) === 'signal') return prop;
      }
    }
  }
  let found: Node | null = null;
  walk(fn.body, ctx.sourceCode, (n) => {
    if (found) return false;
    if (n.type === 'MemberExpression' && propName(n) === 'signal') {
      const obj = strip(n.object);
      if (obj.type === 'Identifier' && isParameter(findVar(ctx.sourceCode, obj, obj.name))) found = n;
    }
    return true;
  });
  return found;
}

export function strictSources(ctx: FileContext, root: Node, fn: FunctionNode | null): Source[] {
  if (!ctx.cfg.strict || !fn || !fn.async) return [];
  const sig = receivesSignal(ctx, fn);
  if (!sig) return [];
  const out: Source[] = [];
  walk(root, ctx.sourceCode, (n) => {
    if (out.length > 0) return false;
    if (n.type === 'AwaitExpression') {
      out.push({ node: n, kind: 'strict', family: 'abort', signal: null, text: `the function receives a signal and awaits at line ${n.loc.start.line} (strict)` });
    }
    return true;
  });
  return out;
}

/** Sources for a `try` block: requires an await in the block. */
export function trySources(ctx: FileContext, block: TSESTree.BlockStatement): Source[] {
  if (!hasAwait(ctx, block)) return [];
  const found = collectSources(ctx, block, { followLocals: true });
  if (found.length > 0) return found;
  return strictSources(ctx, block, enclosingFunction(block));
}

/** Sources for the receiver of `.catch()` / `.then(_, onRejected)`: the chain, or a local const promise. */
export function chainSources(ctx: FileContext, receiver: Node): Source[] {
  const r = strip(receiver);
  if (r.type === 'Identifier') {
    const init = initOf(findVar(ctx.sourceCode, r, r.name));
    if (init && enclosingFunction(init) === enclosingFunction(r)) return collectSources(ctx, init, { followLocals: true });
    return [];
  }
  return collectSources(ctx, r, { followLocals: true });
}

