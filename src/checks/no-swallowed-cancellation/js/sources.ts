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
      if (ctx.cfg.signalNames.has(n.name) || SIGNAL_SUFFIX.test(n.name)) return !holdsProcessSignal(ctx, n);
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

/** Options handed in by the caller: a parameter, or an object literal spreading one. */
function callerOptions(ctx: FileContext, arg: Node): boolean {
  const a = strip(arg);
  if (a.type === 'Identifier') return isParameter(findVar(ctx.sourceCode, a, a.name));
  if (a.type === 'ObjectExpression') {
    return a.properties.some((p) => p.type === 'SpreadElement' && callerOptions(ctx, p.argument));
  }
  return false;
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
      for (const arg of call.arguments) {
        const found = signalInArgument(ctx, arg);
        if (found) {
          const what = found.signal ? `\`${short(ctx, found.signal)}\`` : 'a cancel token';
          out.push({ node: call, kind: 'signal', family, signal: found.signal, text: `${what} is passed to \`${calleeLabel(call)}\` at line ${call.loc.start.line}` });
          return true;
        }
      }
      if (entry) {
        const forwarded = entry.optionArgs.some((i) => call.arguments[i] !== undefined && callerOptions(ctx, call.arguments[i]!));
        if (forwarded) {
          out.push({ node: call, kind: 'callee', family, signal: null, text: `\`${calleeLabel(call)}\` at line ${call.loc.start.line} receives the caller's options, which can carry a signal` });
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
          const inner = localSources(ctx, fn);
          if (inner.length > 0) {
            const label = calleeLabel(call);
            out.push({ node: call, kind: 'local', family: inner[0]!.family, signal: null, text: `\`${label}\` at line ${call.loc.start.line} can be cancelled (${inner[0]!.text})` });
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

