/**
 * Findings of `no-swallowed-cancellation` for one handler. The rule file maps them to reports.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { collectBindings, dottedName, enclosingFunction, endsItsFunction, findVar, isFunction, localFunction, propName, strip, walk, type FileContext, type FunctionNode, type Node } from './ast.js';
import { downlevelAsyncGeneratorHelpers, downlevelAsyncHelpers, downlevelAwaitMarkers } from '../../../catalog/js-cancellation.js';
import { buildConfig, type CancellationConfig, type CancellationOptions } from './config.js';
import { isOwner } from './owner.js';
import { handsOn, loopChecksAbort, swallowingExits, type Exit } from './paths.js';
import { chainSources, trySources, type Source } from './sources.js';

export type FindingKind =
  | 'swallowedInCatch'
  | 'swallowedInLoop'
  | 'swallowedInCallback'
  | 'convertedToValue'
  | 'retriedInCallback'
  | 'endsStreamQuietly'
  | 'fanOutPartialResult'
  | 'finallyReturn'
  | 'finallyYield';

export interface Finding {
  kind: FindingKind;
  /** Where to report. */
  loc: TSESTree.SourceLocation;
  source: Source | null;
  exit: Exit | null;
  /** For catch/callback findings: the handler, for fixes. */
  handler:
    | { type: 'catch'; clause: TSESTree.CatchClause; sources: Source[] }
    | {
        type: 'callback';
        call: TSESTree.CallExpression;
        callback: Node;
        sources: Source[];
        /** For a chain whose result is discarded: what its handler does that is not fire-and-forget. */
        discarded: 'retry' | 'resolve' | null;
      }
    | null;
  /** For finally findings: the statement. */
  statement?: Node;
}

export function createFileContext(
  sourceCode: TSESLint.SourceCode,
  options: CancellationOptions | undefined,
  typeCheck: ((node: Node) => boolean) | null,
): FileContext {
  const { bindings, modules } = collectBindings(sourceCode.ast);
  const { cfg, re } = configFor(options);
  return {
    sourceCode,
    cfg,
    bindings,
    modules,
    isTypedSignal: typeCheck ?? (() => false),
    memo: new Map(),
    mayCancel: typeCheck !== null || mentionsCancellation(sourceCode.text, re),
  };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const configCache = new Map<string, { cfg: CancellationConfig; re: RegExp }>();

function configFor(options: CancellationOptions | undefined): { cfg: CancellationConfig; re: RegExp } {
  const key = JSON.stringify(options ?? {});
  let hit = configCache.get(key);
  if (!hit) {
    const cfg = buildConfig(options);
    const words = new Set<string>(['signal', 'Signal', 'cancelToken', 'fetch']);
    for (const n of cfg.signalNames) words.add(n);
    for (const t of cfg.calleeTexts) words.add(t.split('.')[0]!);
    const modules = new Set<string>();
    for (const c of cfg.callees) if (c.module !== '<global>') modules.add(c.module);
    const re = new RegExp(`${[...words].map(escape).join('|')}|['"\`](?:node:)?(?:${[...modules].map(escape).join('|')})['"\`/]`, 'u');
    hit = { cfg, re };
    if (configCache.size > 50) configCache.clear();
    configCache.set(key, hit);
  }
  return hit;
}

/** A cheap text pre-filter: could anything in this file deliver a cancellation? */
function mentionsCancellation(text: string, re: RegExp): boolean {
  return re.test(text);
}

/** The loop that directly encloses `node` in the same function, if any. */
function enclosingLoop(node: Node): Node | null {
  for (let p = node.parent; p; p = p.parent) {
    if (isFunction(p)) return null;
    if (p.type === 'WhileStatement' || p.type === 'DoWhileStatement' || p.type === 'ForStatement' || p.type === 'ForOfStatement' || p.type === 'ForInStatement') {
      return p;
    }
  }
  return null;
}

function loopTest(loop: Node): Node | null {
  if (loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement') return loop.test;
  if (loop.type === 'ForStatement') return loop.test;
  return null;
}

function catchHeaderLoc(sourceCode: TSESLint.SourceCode, clause: TSESTree.CatchClause): TSESTree.SourceLocation {
  const start = clause.loc.start;
  if (clause.param) {
    const close = sourceCode.getTokenAfter(clause.param, (t) => t.value === ')');
    if (close) return { start, end: close.loc.end };
  }
  const first = sourceCode.getFirstToken(clause);
  return { start, end: first ? first.loc.end : clause.body.loc.start };
}

export function analyzeTry(ctx: FileContext, node: TSESTree.TryStatement): Finding[] {
  const findings: Finding[] = [];
  const sources = ctx.mayCancel ? trySources(ctx, node.block) : [];
  if (sources.length === 0) {
    findings.push(...finallyYield(ctx, node));
    return findings;
  }
  const owner = isOwner(ctx, node, sources, node.block);
  if (owner) return findings;
  if (node.handler) {
    const clause = node.handler;
    const param = clause.param;
    const errorNames = param && param.type === 'Identifier' ? [param.name] : [];
    const loop = enclosingLoop(node);
    let exits = swallowingExits(ctx, { body: clause.body, errorNames, endsFunction: endsItsFunction(node) });
    if (loop && loopChecksAbort(ctx, loopTest(loop))) {
      // `while (!signal.aborted) { try { … } catch { log } }`: the loop itself stops on abort.
      exits = exits.filter((e) => e.kind !== 'fallthrough' && e.kind !== 'continue');
    }
    const exit = exits[0];
    if (exit) {
      const kind = findingKind(ctx, node, exit, loop && (exit.kind === 'fallthrough' || exit.kind === 'continue') ? 'swallowedInLoop' : 'swallowedInCatch');
      findings.push({
        kind,
        loc: catchHeaderLoc(ctx.sourceCode, clause),
        source: sources[0]!,
        exit,
        handler: { type: 'catch', clause, sources },
      });
    }
  }
  if (node.finalizer) {
    const stmt = finallyJump(ctx, node.finalizer);
    if (stmt) {
      findings.push({ kind: 'finallyReturn', loc: stmt.loc, source: sources[0]!, exit: null, handler: null, statement: stmt });
    }
  }
  findings.push(...finallyYield(ctx, node));
  return findings;
}

/** The first `return` / `break` / `continue` that leaves the `finally` block. */
function finallyJump(ctx: FileContext, finalizer: TSESTree.BlockStatement): Node | null {
  let found: Node | null = null;
  walk(finalizer, ctx.sourceCode, (n) => {
    if (found) return false;
    if (n.type === 'ReturnStatement') found = n;
    else if (n.type === 'BreakStatement' || n.type === 'ContinueStatement') {
      if (jumpLeaves(n, finalizer)) found = n;
    }
    return !found;
  });
  return found;
}

function jumpLeaves(n: TSESTree.BreakStatement | TSESTree.ContinueStatement, block: Node): boolean {
  for (let p: Node | undefined = n.parent; p && p !== block; p = p.parent) {
    if (n.label) {
      if (p.type === 'LabeledStatement' && p.label.name === n.label.name) return false;
    } else if (
      p.type === 'WhileStatement' || p.type === 'DoWhileStatement' || p.type === 'ForStatement' ||
      p.type === 'ForOfStatement' || p.type === 'ForInStatement' || (n.type === 'BreakStatement' && p.type === 'SwitchStatement')
    ) {
      return false;
    }
  }
  return true;
}

/**
 * The last name of a callee: `f`, `a.b.f`, `(0, a.f)` (Babel / TypeScript CommonJS interop calls), and
 * for Babel's runtime import `(0, _asyncToGenerator2.default)` the binding's name without its counter.
 */
function calleeLastName(callee: Node): string | null {
  let c = strip(callee);
  if (c.type === 'SequenceExpression' && c.expressions.length > 0) c = strip(c.expressions[c.expressions.length - 1] as Node);
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberExpression') {
    const name = propName(c);
    const object = strip(c.object);
    if (name === 'default' && object.type === 'Identifier') return object.name.replace(/\d+$/u, '');
    return name;
  }
  return null;
}

/**
 * How a generator function is driven when a compiler's helper receives it: `'async'` for a downlevel
 * async function (`__awaiter(this, void 0, void 0, function* () {…})`, `_asyncToGenerator(function* …)`):
 * every `yield` is an `await`; `'async-generator'` for a downlevel async generator (`__asyncGenerator`):
 * `yield __await(x)` is an `await`, other yields are real; `null` for an ordinary generator.
 */
function downlevelDriver(fn: FunctionNode): 'async' | 'async-generator' | null {
  let p: Node | undefined = fn.parent;
  // TypeScript casts around the argument are looked through (parentheses leave no node).
  while (p && (p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression')) p = p.parent;
  if (!p || (p.type !== 'CallExpression' && p.type !== 'NewExpression')) return null;
  if (!p.arguments.some((a) => strip(a as Node) === fn)) return null;
  const name = calleeLastName(p.callee as Node);
  if (name === null) return null;
  if (downlevelAsyncHelpers.includes(name)) return 'async';
  if (downlevelAsyncGeneratorHelpers.includes(name)) return 'async-generator';
  return null;
}

/** `yield __await(x)` / `yield new __await(x)` / `yield _awaitAsyncGenerator(x)`: an await in a downlevel async generator. */
function isAwaitMarkerYield(y: TSESTree.YieldExpression): boolean {
  if (y.delegate || !y.argument) return false;
  const arg = strip(y.argument as Node);
  if (arg.type !== 'CallExpression' && arg.type !== 'NewExpression') return false;
  const name = calleeLastName(arg.callee as Node);
  return name !== null && downlevelAwaitMarkers.includes(name);
}

/** `yield` (not `yield*`) in the `finally` of a try that can pause at a `yield` inside a generator. */
function finallyYield(ctx: FileContext, node: TSESTree.TryStatement): Finding[] {
  if (!node.finalizer) return [];
  const fn = enclosingFunction(node);
  if (!fn || !fn.generator) return [];
  for (const m of ctx.modules) if (ctx.cfg.generatorRuntimes.has(m)) return [];
  // Compiled `async` code: the generator's yields are awaits and nothing calls `.return()` on it.
  const driver = downlevelDriver(fn);
  if (driver === 'async') return [];
  const realYield = (n: TSESTree.YieldExpression) => driver !== 'async-generator' || !isAwaitMarkerYield(n);
  let pauses = false;
  const pauseRoots: Node[] = [node.block, ...(node.handler ? [node.handler.body] : [])];
  for (const r of pauseRoots) {
    walk(r, ctx.sourceCode, (n) => {
      if (n.type === 'YieldExpression' && realYield(n)) pauses = true;
      return !pauses;
    });
  }
  if (!pauses) return [];
  let found: TSESTree.YieldExpression | null = null;
  let sagaIdiom = false;
  walk(node.finalizer, ctx.sourceCode, (n) => {
    if (n.type === 'YieldExpression') {
      const arg = n.argument ? strip(n.argument) : null;
      if (arg && arg.type === 'CallExpression' && arg.callee.type === 'Identifier' && arg.callee.name === 'cancelled') sagaIdiom = true;
      if (!n.delegate && !found && realYield(n)) found = n;
    }
    return true;
  });
  if (!found || sagaIdiom) return [];
  const y = found as TSESTree.YieldExpression;
  return [{ kind: 'finallyYield', loc: y.loc, source: null, exit: null, handler: null, statement: y }];
}

/**
 * A `.catch()` / `.then(_, cb)` whose result is discarded (`p.catch(log);`, `void p.catch(…)`) is
 * fire-and-forget: nothing continues after it, and re-throwing there would only turn the
 * cancellation into an unhandled rejection. Not reported.
 */
function discarded(call: TSESTree.CallExpression): boolean {
  let p: Node | undefined = call.parent;
  while (p && (p.type === 'ChainExpression' || p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression')) p = p.parent;
  if (!p) return false;
  return p.type === 'ExpressionStatement' || (p.type === 'UnaryExpression' && p.operator === 'void');
}

/** The name a function is called by: `function f() {}`, `const f = () => {}`. */
function functionName(fn: FunctionNode): string | null {
  if (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') {
    if (fn.id) return fn.id.name;
  }
  const p = fn.parent;
  return p && p.type === 'VariableDeclarator' && p.id.type === 'Identifier' ? p.id.name : null;
}

/**
 * What a rejection handler `cb` of `call` starts or settles besides its own promise: `'retry'` when it
 * calls the function it is in again (directly or from a timer: `() => setTimeout(() => connect(url), 1000)`),
 * `'resolve'` when it calls `resolve` of an enclosing `new Promise((resolve) => …)` executor (the outer
 * promise resolves as if the work succeeded). A discarded `.then(ok, cb)` / `.catch(cb)` that does either
 * is not fire-and-forget.
 */
function handlerEffect(ctx: FileContext, call: TSESTree.CallExpression, cb: Node): 'retry' | 'resolve' | null {
  const retry = new Set<string>();
  const resolve = new Set<string>();
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    const p = fn.parent;
    const first = fn.params[0];
    if (p && p.type === 'NewExpression' && p.callee.type === 'Identifier' && p.callee.name === 'Promise' && first && first.type === 'Identifier') {
      resolve.add(first.name);
    }
    const own = functionName(fn);
    if (own) retry.add(own);
  }
  if (retry.size === 0 && resolve.size === 0) return null;
  const c = strip(cb);
  if (c.type === 'Identifier') return resolve.has(c.name) ? 'resolve' : null;
  let found: 'retry' | 'resolve' | null = null;
  walk(
    c,
    ctx.sourceCode,
    (n) => {
      if (n.type === 'CallExpression' && n.callee.type === 'Identifier') {
        if (retry.has(n.callee.name)) found = 'retry';
        else if (resolve.has(n.callee.name)) found = 'resolve';
      }
      return found !== 'retry';
    },
    () => true,
  );
  return found;
}

/** `noop`, `_.noop`, `lodash.noop`: a callback that ignores its argument. */
function isNoop(node: Node): boolean {
  const name = dottedName(node);
  return name !== null && name.split('.').pop() === 'noop';
}

/**
 * Is `node` (a handler) the body of one item of a fan-out: inside a callback of `items.map(…)` whose
 * result goes to `Promise.all` / `Promise.allSettled` (directly or through a local const)?
 */
function inFanOut(ctx: FileContext, node: Node): boolean {
  const fn = enclosingFunction(node);
  const map = fn?.parent;
  if (!fn || !map || map.type !== 'CallExpression' || !(map.arguments as Node[]).includes(fn)) return false;
  const callee = strip(map.callee);
  if (callee.type !== 'MemberExpression' || (propName(callee) !== 'map' && propName(callee) !== 'flatMap')) return false;
  const isAll = (c: Node | undefined): boolean => {
    if (!c || c.type !== 'CallExpression') return false;
    const name = dottedName(c.callee);
    return name === 'Promise.all' || name === 'Promise.allSettled';
  };
  let p: Node | undefined = map.parent;
  while (p && (p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression')) p = p.parent;
  if (isAll(p)) return true;
  // const tasks = items.map(…); await Promise.all(tasks);
  if (p && p.type === 'VariableDeclarator' && p.id.type === 'Identifier') {
    const v = findVar(ctx.sourceCode, p.id, p.id.name);
    return !!v && v.references.some((r) => isAll(r.identifier.parent));
  }
  return false;
}

/** Is `node` directly in an `async function*` (or a downlevel async generator)? */
function inAsyncGenerator(node: Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn || !fn.generator) return false;
  return fn.async || downlevelDriver(fn) === 'async-generator';
}

/**
 * The kind of a catch or callback finding: a stream that ends quietly, one item of a fan-out, or the
 * general kinds by the path that swallows.
 */
function findingKind(ctx: FileContext, handler: Node, exit: Exit, fallback: FindingKind): FindingKind {
  const returns = exit.kind === 'return' || exit.kind === 'return-value';
  if (returns && inAsyncGenerator(handler)) return 'endsStreamQuietly';
  if ((returns || exit.kind === 'fallthrough') && inFanOut(ctx, handler)) return 'fanOutPartialResult';
  return exit.kind === 'return-value' ? 'convertedToValue' : fallback;
}

/** `.catch(cb)` and `.then(ok, cb)`. */
export function analyzePromiseCall(ctx: FileContext, call: TSESTree.CallExpression): Finding[] {
  const callee = strip(call.callee);
  if (callee.type !== 'MemberExpression') return [];
  const name = propName(callee);
  let cb: Node | undefined;
  if (name === 'catch' && call.arguments.length === 1) cb = call.arguments[0] as Node;
  else if (name === 'then' && call.arguments.length === 2) cb = call.arguments[1] as Node;
  if (!cb || !ctx.mayCancel) return [];
  const isDiscarded = discarded(call);
  const effect = handlerEffect(ctx, call, cb);
  if (isDiscarded && !effect) return [];
  const sources = chainSources(ctx, callee.object);
  if (sources.length === 0) return [];
  if (isOwner(ctx, call, sources, callee.object)) return [];
  const c = strip(cb);
  // A local function passed by name (`.then(ok, onError)`) is analysed like an inline callback.
  const fn = c.type === 'ArrowFunctionExpression' || c.type === 'FunctionExpression' ? c : c.type === 'Identifier' || c.type === 'MemberExpression' ? localFunction(ctx, c) : null;
  let exit: Exit | null = null;
  if (fn) {
    const p = fn.params[0];
    const errorNames = p && p.type === 'Identifier' ? [p.name] : [];
    if (fn.body.type === 'BlockStatement') exit = swallowingExits(ctx, { body: fn.body, errorNames, endsFunction: true })[0] ?? null;
    else {
      const body = strip(fn.body);
      const isUndefined = (body.type === 'Identifier' && body.name === 'undefined') || (body.type === 'UnaryExpression' && body.operator === 'void');
      // An expression body "returns" its value; `Promise.reject(e)`, `reject(e)`, `controller.error(e)` hand it on.
      const isError = (a: Node): boolean => {
        const x = strip(a);
        return x.type === 'Identifier' && errorNames.includes(x.name);
      };
      const rejects = body.type === 'CallExpression' && handsOn(body, isError);
      if (!rejects) exit = { kind: isUndefined || body.type === 'CallExpression' ? 'return' : 'return-value', node: fn.body, state: 'unknown' };
    }
  } else if ((c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.object.name === 'console') || isNoop(c)) {
    exit = { kind: 'return', node: c, state: 'unknown' };
  } else {
    return [];
  }
  if (!exit) return [];
  return [
    {
      kind: effect === 'retry' ? 'retriedInCallback' : findingKind(ctx, call, exit, 'swallowedInCallback'),
      loc: c === fn ? (callee.property as Node).loc : c.loc,
      source: sources[0]!,
      exit,
      handler: { type: 'callback', call, callback: c, sources, discarded: isDiscarded ? effect : null },
    },
  ];
}
