/**
 * Findings of `no-swallowed-cancellation` for one handler. The rule file maps them to reports.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { collectBindings, enclosingFunction, isFunction, propName, strip, walk, type FileContext, type FunctionNode, type Node } from './ast.js';
import { downlevelAsyncGeneratorHelpers, downlevelAsyncHelpers, downlevelAwaitMarkers } from '../../../catalog/js-cancellation.js';
import { buildConfig, type CancellationConfig, type CancellationOptions } from './config.js';
import { isOwner } from './owner.js';
import { loopChecksAbort, swallowingExits, type Exit } from './paths.js';
import { chainSources, trySources, type Source } from './sources.js';

export type FindingKind =
  | 'swallowedInCatch'
  | 'swallowedInLoop'
  | 'swallowedInCallback'
  | 'convertedToValue'
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
    | { type: 'callback'; call: TSESTree.CallExpression; callback: Node; sources: Source[] }
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
  const owner = isOwner(ctx, node, sources);
  if (owner) return findings;
  if (node.handler) {
    const clause = node.handler;
    const param = clause.param;
    const errorNames = param && param.type === 'Identifier' ? [param.name] : [];
    let exits = swallowingExits(ctx, { body: clause.body, errorNames });
    const loop = enclosingLoop(node);
    if (loop && loopChecksAbort(ctx, loopTest(loop))) {
      // `while (!signal.aborted) { try { … } catch { log } }`: the loop itself stops on abort.
      exits = exits.filter((e) => e.kind !== 'fallthrough' && e.kind !== 'continue');
    }
    const exit = exits[0];
    if (exit) {
      let kind: FindingKind = 'swallowedInCatch';
      if (exit.kind === 'return-value') kind = 'convertedToValue';
      else if (loop && (exit.kind === 'fallthrough' || exit.kind === 'continue')) kind = 'swallowedInLoop';
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

/** `.catch(cb)` and `.then(ok, cb)`. */
export function analyzePromiseCall(ctx: FileContext, call: TSESTree.CallExpression): Finding[] {
  const callee = strip(call.callee);
  if (callee.type !== 'MemberExpression') return [];
  const name = propName(callee);
  let cb: Node | undefined;
  if (name === 'catch' && call.arguments.length === 1) cb = call.arguments[0] as Node;
  else if (name === 'then' && call.arguments.length === 2) cb = call.arguments[1] as Node;
  if (!cb || !ctx.mayCancel) return [];
  if (discarded(call)) return [];
  const sources = chainSources(ctx, callee.object);
  if (sources.length === 0) return [];
  if (isOwner(ctx, call, sources)) return [];
  const c = strip(cb);
  let exit: Exit | null = null;
  if (c.type === 'ArrowFunctionExpression' || c.type === 'FunctionExpression') {
    const p = c.params[0];
    const errorNames = p && p.type === 'Identifier' ? [p.name] : [];
    if (c.body.type === 'BlockStatement') exit = swallowingExits(ctx, { body: c.body, errorNames })[0] ?? null;
    else {
      const body = strip(c.body);
      const isUndefined = (body.type === 'Identifier' && body.name === 'undefined') || (body.type === 'UnaryExpression' && body.operator === 'void');
      // An expression body "returns" its value; `Promise.reject(e)` propagates.
      const rejects =
        body.type === 'CallExpression' &&
        ((body.callee.type === 'MemberExpression' && propName(body.callee) === 'reject' && body.arguments[0]?.type === 'Identifier' && errorNames.includes(body.arguments[0].name)) ||
          (body.callee.type === 'Identifier' && /^(?:reject|next|callback|cb|done)$/u.test(body.callee.name) && body.arguments[0]?.type === 'Identifier' && errorNames.includes(body.arguments[0].name)));
      if (!rejects) exit = { kind: isUndefined || body.type === 'CallExpression' ? 'return' : 'return-value', node: c.body, state: 'unknown' };
    }
  } else if (c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.object.name === 'console') {
    exit = { kind: 'return', node: c, state: 'unknown' };
  } else {
    return [];
  }
  if (!exit) return [];
  const kind: FindingKind = exit.kind === 'return-value' ? 'convertedToValue' : 'swallowedInCallback';
  return [
    {
      kind,
      loc: c.type === 'MemberExpression' ? c.loc : (callee.property as Node).loc,
      source: sources[0]!,
      exit,
      handler: { type: 'callback', call, callback: c, sources },
    },
  ];
}

