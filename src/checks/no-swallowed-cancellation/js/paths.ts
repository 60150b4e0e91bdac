/**
 * Every-path re-throw analysis of a handler (a `catch` body or a rejection callback), after
 * flake8-async's ASYNC103/104 model. Each path through the handler must end by re-throwing the caught
 * error (or the signal's reason), or run through a point where cancellation has been ruled out
 * (`signal.throwIfAborted()`, a throwing guard, or the "not a cancellation" branch of a test). Paths
 * that return, break, continue, fall off the end or throw a different error swallow.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { dottedName, enclosingFunction, localFunction, propName, strip, type FileContext, type FunctionNode, type Node } from './ast.js';
import { isSignalExpr } from './sources.js';

/**
 * What a path knows about the caught error: `cancel` when a test on the error (or a predicate) said it is
 * a cancellation, `aborted` when the code's own signal said so (`if (signal.aborted) …`), `notCancel`
 * when a test ruled a cancellation out.
 */
export type State = 'unknown' | 'cancel' | 'aborted' | 'notCancel';

export type ExitKind = 'fallthrough' | 'return' | 'return-value' | 'break' | 'continue' | 'throw-other';

export interface Exit {
  kind: ExitKind;
  /** The statement that leaves (or, for `fallthrough`, the handler body). */
  node: Node;
  /** The state on that path: `cancel` means the path was entered because it *is* a cancellation. */
  state: State;
}

interface Test {
  t: State;
  f: State;
}

const NEUTRAL: Test = { t: 'unknown', f: 'unknown' };
const POSITIVE: Test = { t: 'cancel', f: 'notCancel' };
/** `signal.aborted`: the code's own signal has fired. */
const ABORTED: Test = { t: 'aborted', f: 'notCancel' };
/** A test that only a non-cancellation passes (`e instanceof NotFoundError`, `e.status === 404`). */
const RULES_OUT: Test = { t: 'notCancel', f: 'unknown' };
const negate = (t: Test): Test => ({ t: t.f, f: t.t });
export const isCancelState = (s: State): boolean => s === 'cancel' || s === 'aborted';

/** A name, code or class that looks like a cancellation although the catalog does not list it. */
const CANCEL_LIKE = /abort|cancel/iu;
/** Properties holding an HTTP status: an abort has none, so a comparison with a number is false for it. */
const STATUS_PROPS = new Set(['status', 'statusCode']);

interface Frame {
  kind: 'loop' | 'switch' | 'label' | 'try';
  label: string | null;
  node: Node;
  breaks: Set<State>;
  continues: Set<State>;
  /** For `try` frames: states of throws caught by the nested handler. */
  thrown: Set<State>;
}

export interface HandlerInput {
  /** The handler body. */
  body: TSESTree.BlockStatement;
  /** Names bound to the caught error (the catch parameter / callback's first parameter). */
  errorNames: string[];
  /**
   * Falling off the end of the handler ends its function (a callback's body; a `catch` whose `try` is the function's
   * last statement): then, after the code's own `signal.aborted` test, it stops the work like `return;` does.
   */
  endsFunction?: boolean;
}

class Analyzer {
  readonly exits: Exit[] = [];
  private readonly frames: Frame[] = [];
  private readonly errors: Set<string>;
  private readonly testAliases = new Map<string, Test>();
  private readonly nameAliases = new Set<string>();
  private budget = 5000;

  constructor(
    private readonly ctx: FileContext,
    errorNames: string[],
    private readonly inGenerator = false,
  ) {
    this.errors = new Set(errorNames);
  }

  // ---- tests ---------------------------------------------------------------------------------

  private isError(node: Node): boolean {
    const n = strip(node);
    return n.type === 'Identifier' && this.errors.has(n.name);
  }

  /** `e.name`, `e?.code`, `(e as Error).name`, a `const { name } = e` alias. */
  private errorProperty(node: Node): 'name' | 'code' | null {
    const n = strip(node);
    if (n.type === 'Identifier' && this.nameAliases.has(n.name)) return 'name';
    if (n.type !== 'MemberExpression' || !this.isError(n.object)) return null;
    const p = propName(n);
    return p === 'name' || p === 'code' ? p : null;
  }

  /** `e.status`, `e.statusCode`, `e.response?.status`: an HTTP status, which no cancellation has. */
  private isStatus(node: Node): boolean {
    const n = strip(node);
    if (n.type !== 'MemberExpression') return false;
    const p = propName(n);
    if (p === null || !STATUS_PROPS.has(p)) return false;
    if (this.isError(n.object)) return true;
    const o = strip(n.object);
    return o.type === 'MemberExpression' && propName(o) === 'response' && this.isError(o.object);
  }

  /** A string literal compared with `e.name` / `e.code` that names something else (`'NotFoundError'`, `'ENOENT'`). */
  private isOtherLiteral(node: Node, kind: 'name' | 'code'): boolean {
    const n = strip(node);
    let value: unknown;
    if (n.type === 'Literal') value = n.value;
    else if (n.type === 'TemplateLiteral' && n.expressions.length === 0) value = n.quasis[0]!.value.cooked;
    else return false;
    return typeof value === 'string' && this.isCancelLiteral(n, kind) === false && !CANCEL_LIKE.test(value);
  }

  /** `e instanceof X`: a cancellation class, a class cancellations also belong to, or another class. */
  private classTest(right: Node): Test {
    const name = dottedName(right);
    const last = name?.split('.').pop();
    if (!last) return NEUTRAL;
    if (this.ctx.cfg.classes.has(last) || CANCEL_LIKE.test(last)) return POSITIVE;
    // `TimeoutError` classes (p-timeout, ky) may be a timeout the caller asked for: no conclusion either way.
    if (this.ctx.cfg.baseClasses.has(last) || /timeout/iu.test(last)) return NEUTRAL;
    return RULES_OUT;
  }

  private isCancelLiteral(node: Node, kind: 'name' | 'code'): boolean | null {
    const n = strip(node);
    let value: unknown;
    if (n.type === 'Literal') value = n.value;
    else if (n.type === 'TemplateLiteral' && n.expressions.length === 0) value = n.quasis[0]!.value.cooked;
    else return null;
    if (typeof value !== 'string') return false;
    return kind === 'name' ? this.ctx.cfg.names.has(value) : this.ctx.cfg.codes.has(value) || this.ctx.cfg.names.has(value);
  }

  private isSignalReason(node: Node): boolean {
    const n = strip(node);
    return n.type === 'MemberExpression' && propName(n) === 'reason' && isSignalExpr(this.ctx, n.object);
  }

  classify(node: Node, depth = 0): Test {
    if (depth > 12) return NEUTRAL;
    const n = strip(node);
    switch (n.type) {
      case 'UnaryExpression':
        if (n.operator === '!') return negate(this.classify(n.argument, depth + 1));
        return NEUTRAL;
      case 'LogicalExpression': {
        if (n.operator === '??') return NEUTRAL;
        const a = this.classify(n.left, depth + 1);
        const b = this.classify(n.right, depth + 1);
        // Lenient on purpose: a handler that tests for cancellation at all gets the benefit of the doubt.
        const pick = (x: State, y: State, prefer: State): State => (x === prefer || y === prefer ? prefer : x !== 'unknown' ? x : y);
        if (n.operator === '&&') return { t: pick(a.t, b.t, 'cancel'), f: pick(a.f, b.f, 'notCancel') };
        // `a || b` is true when either is: "not a cancellation" only when both sides say so.
        const t = a.t === 'notCancel' && b.t === 'notCancel' ? 'notCancel' : pick(a.t === 'notCancel' ? 'unknown' : a.t, b.t === 'notCancel' ? 'unknown' : b.t, 'cancel');
        return { t, f: pick(a.f, b.f, 'notCancel') };
      }
      case 'BinaryExpression': {
        if (n.operator === 'instanceof') return this.isError(n.left) ? this.classTest(n.right) : NEUTRAL;
        const eq = n.operator === '===' || n.operator === '==';
        const ne = n.operator === '!==' || n.operator === '!=';
        const relational = n.operator === '<' || n.operator === '<=' || n.operator === '>' || n.operator === '>=';
        if (!eq && !ne && !relational) return NEUTRAL;
        let test: Test = NEUTRAL;
        for (const [x, y] of [[n.left, n.right], [n.right, n.left]] as [Node, Node][]) {
          const yv = strip(y);
          // `e.status === 404`, `e.response?.status >= 500`: an abort has no status, so the comparison is false.
          if (this.isStatus(x) && yv.type === 'Literal' && typeof yv.value === 'number') return ne ? negate(RULES_OUT) : RULES_OUT;
          if (relational) continue;
          const prop = this.errorProperty(x);
          if (prop) {
            if (this.isCancelLiteral(y, prop)) test = POSITIVE;
            else if (test === NEUTRAL && this.isOtherLiteral(y, prop)) test = RULES_OUT;
          }
          if (this.isError(x) && this.isSignalReason(y)) test = POSITIVE;
        }
        return ne ? negate(test) : test;
      }
      case 'MemberExpression': {
        const p = propName(n);
        if (p === 'aborted' && isSignalExpr(this.ctx, n.object)) return ABORTED;
        if (p !== null && this.ctx.cfg.flags.has(p) && this.isError(n.object)) return POSITIVE;
        return NEUTRAL;
      }
      case 'Identifier': {
        return this.testAliases.get(n.name) ?? NEUTRAL;
      }
      case 'CallExpression':
        return this.classifyCall(n, depth);
      default:
        return NEUTRAL;
    }
  }

  private classifyCall(n: TSESTree.CallExpression, depth: number): Test {
    const callee = strip(n.callee);
    // ['AbortError', 'TimeoutError'].includes(e.name)
    if (callee.type === 'MemberExpression' && propName(callee) === 'includes' && n.arguments.length >= 1) {
      const arr = strip(callee.object);
      const prop = this.errorProperty(n.arguments[0] as Node);
      if (!prop || arr.type !== 'ArrayExpression') return NEUTRAL;
      const elements = arr.elements.filter((el): el is NonNullable<typeof el> => !!el);
      if (elements.some((el) => el.type !== 'SpreadElement' && this.isCancelLiteral(el, prop))) return POSITIVE;
      // ['ENOENT', 'EACCES'].includes(e.code): only other errors pass.
      if (elements.length > 0 && elements.every((el) => el.type !== 'SpreadElement' && this.isOtherLiteral(el, prop))) return RULES_OUT;
      return NEUTRAL;
    }
    const passesError = n.arguments.some((a) => this.isError(a as Node) || this.errorProperty(a as Node) !== null);
    if (!passesError) return NEUTRAL;
    const name = dottedName(callee);
    // A local helper: follow it one level and check that it really tests a name/code/flag.
    const fn = localFunction(this.ctx, callee);
    if (fn) {
      const index = n.arguments.findIndex((a) => this.isError(a as Node));
      return helperTest(this.ctx, fn, index < 0 ? 0 : index, depth) ? POSITIVE : NEUTRAL;
    }
    if (name === null) return NEUTRAL;
    if (this.ctx.cfg.predicates.has(name)) return POSITIVE;
    const last = name.split('.').pop()!;
    if (this.ctx.cfg.predicates.has(last)) return POSITIVE;
    // Imported helpers named like a cancellation test (`isAbortErr`, `isCanceledRequest`).
    if (/^(?:is|was)\w*(?:Abort|Cancel)/u.test(last)) return POSITIVE;
    return NEUTRAL;
  }

  // ---- throws --------------------------------------------------------------------------------

  /** Does throwing / rejecting with `arg` propagate the cancellation? */
  private propagates(arg: Node): boolean {
    const a = strip(arg);
    if (this.isError(a) || this.isSignalReason(a)) return true;
    if (a.type === 'LogicalExpression') return this.propagates(a.left) || this.propagates(a.right);
    if (a.type === 'ConditionalExpression') return this.propagates(a.consequent) && this.propagates(a.alternate);
    // `throw normalize(e)`: an unknown call that receives the error; not provably a different error.
    if (a.type === 'CallExpression') return a.arguments.some((x) => this.isError(x as Node));
    return false;
  }

  /** Statements that make the rest of the path "not a cancellation". */
  private isGuardCall(expr: Node): boolean {
    const e = strip(expr.type === 'AwaitExpression' ? expr.argument : expr);
    if (e.type !== 'CallExpression') return false;
    const callee = strip(e.callee);
    if (callee.type === 'MemberExpression' && propName(callee) === 'throwIfAborted') return true;
    const name = dottedName(callee);
    if (name === null) return false;
    const last = name.split('.').pop()!;
    const passesError = e.arguments.some((a) => this.isError(a as Node));
    if ((this.ctx.cfg.throwingGuards.has(name) || this.ctx.cfg.throwingGuards.has(last)) && passesError) return true;
    return handsOn(e, (a) => this.isError(a));
  }

  /** A test assertion about the caught error (`expect(e.name).toBe('AbortError')`, `assert.equal(e.name, …)`). */
  private isAssertion(expr: Node): boolean {
    let e = strip(expr.type === 'AwaitExpression' ? expr.argument : expr);
    let mentions = false;
    for (let depth = 0; depth < 8; depth++) {
      if (e.type === 'CallExpression') {
        if (e.arguments.some((a) => this.isError(a as Node) || this.errorProperty(a as Node) !== null)) mentions = true;
        e = strip(e.callee);
      } else if (e.type === 'MemberExpression') {
        e = strip(e.object);
      } else break;
    }
    return mentions && e.type === 'Identifier' && /^(?:expect|assert|should)$/u.test(e.name);
  }

  private isExit(expr: Node): boolean {
    const e = strip(expr);
    return e.type === 'CallExpression' && dottedName(e.callee) === 'process.exit';
  }

  // ---- statements ----------------------------------------------------------------------------

  private exit(kind: ExitKind, node: Node, states: Set<State>): void {
    for (const s of states) {
      if (s === 'notCancel') continue;
      // `if (signal.aborted) return;` / `break;`: the code saw its own signal fire and stops the work.
      // Not in a generator, where that `return` ends the stream as if it were complete.
      if (s === 'aborted' && (kind === 'return' || kind === 'break') && !this.inGenerator) continue;
      this.exits.push({ kind, node, state: s });
      return;
    }
  }

  private refine(states: Set<State>, to: State): Set<State> {
    const out = new Set<State>();
    for (const s of states) out.add(s === 'notCancel' ? 'notCancel' : to === 'unknown' ? s : to);
    return out;
  }

  walkList(stmts: readonly Node[], input: Set<State>): Set<State> {
    let states = input;
    for (const stmt of stmts) {
      if (states.size === 0) break;
      states = this.walkStmt(stmt, states);
    }
    return states;
  }

  private findFrame(kind: 'break' | 'continue', label: string | null): Frame | null {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (label !== null) {
        if (f.kind === 'label' && f.label === label) {
          if (kind === 'break') return f;
          // `continue label` targets the loop under the label.
          for (let j = i + 1; j < this.frames.length; j++) if (this.frames[j]!.kind === 'loop') return this.frames[j]!;
          return null;
        }
        continue;
      }
      if (f.kind === 'loop' || (kind === 'break' && f.kind === 'switch')) return f;
    }
    return null;
  }

  private throwTo(states: Set<State>): boolean {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (f.kind === 'try') {
        for (const s of states) f.thrown.add(s);
        return true;
      }
    }
    return false;
  }

  walkStmt(node: Node, input: Set<State>): Set<State> {
    if (this.budget-- <= 0) return new Set<State>(['notCancel']);
    switch (node.type) {
      case 'BlockStatement':
        return this.walkList(node.body, input);
      case 'ExpressionStatement': {
        const e = node.expression;
        if (this.isGuardCall(e) || this.isAssertion(e)) return new Set<State>(['notCancel']);
        if (this.isExit(e)) return new Set<State>();
        return input;
      }
      case 'VariableDeclaration': {
        for (const d of node.declarations) {
          if (!d.init) continue;
          if (d.id.type === 'Identifier') {
            const init = strip(d.init);
            if (this.isError(init) || (init.type === 'CallExpression' && this.isGuardCall(init))) this.errors.add(d.id.name);
            else if (this.errorProperty(init) === 'name') this.nameAliases.add(d.id.name);
            else {
              const t = this.classify(init);
              if (t !== NEUTRAL && (t.t !== 'unknown' || t.f !== 'unknown')) this.testAliases.set(d.id.name, t);
            }
          } else if (d.id.type === 'ObjectPattern' && this.isError(d.init)) {
            for (const p of d.id.properties) {
              if (p.type === 'Property' && p.value.type === 'Identifier' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'name') {
                this.nameAliases.add(p.value.name);
              }
            }
          }
        }
        return input;
      }
      case 'IfStatement': {
        const t = this.classify(node.test);
        const a = this.walkStmt(node.consequent, this.refine(input, t.t));
        const b = node.alternate ? this.walkStmt(node.alternate, this.refine(input, t.f)) : this.refine(input, t.f);
        return new Set([...a, ...b]);
      }
      case 'ReturnStatement': {
        const arg = node.argument ? strip(node.argument) : null;
        if (arg && arg.type === 'CallExpression' && dottedName(arg.callee) === 'Promise.reject' && arg.arguments[0] && this.propagates(arg.arguments[0] as Node)) {
          return new Set();
        }
        const isValue = !!arg && !(arg.type === 'Identifier' && arg.name === 'undefined') && !(arg.type === 'UnaryExpression' && arg.operator === 'void');
        this.exit(isValue ? 'return-value' : 'return', node, input);
        return new Set();
      }
      case 'ThrowStatement': {
        const ok = this.propagates(node.argument as Node);
        if (this.throwTo(ok ? input : this.refine(input, 'unknown'))) return new Set();
        if (!ok) this.exit('throw-other', node, input);
        return new Set();
      }
      case 'BreakStatement':
      case 'ContinueStatement': {
        const kind = node.type === 'BreakStatement' ? 'break' : 'continue';
        const frame = this.findFrame(kind, node.label?.name ?? null);
        if (!frame) this.exit(kind, node, input);
        else for (const s of input) (kind === 'break' ? frame.breaks : frame.continues).add(s);
        return new Set();
      }
      case 'LabeledStatement': {
        const frame = this.push('label', node, node.label.name);
        const out = this.walkStmt(node.body, input);
        this.frames.pop();
        return new Set([...out, ...frame.breaks]);
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const frame = this.push('loop', node, null);
        const body = this.walkStmt(node.body, input);
        this.frames.pop();
        const test = node.type === 'ForStatement' ? node.test : node.type === 'WhileStatement' || node.type === 'DoWhileStatement' ? node.test : undefined;
        const infinite = test === null || (test !== undefined && strip(test).type === 'Literal' && !!(strip(test) as TSESTree.Literal).value);
        if (infinite) return new Set(frame.breaks);
        const out = new Set<State>([...body, ...frame.continues, ...frame.breaks]);
        if (node.type !== 'DoWhileStatement') for (const s of input) out.add(s);
        return out;
      }
      case 'SwitchStatement':
        return this.walkSwitch(node, input);
      case 'TryStatement': {
        const frame = node.handler ? this.push('try', node, null) : null;
        const blockOut = this.walkStmt(node.block, input);
        if (frame) this.frames.pop();
        let out = blockOut;
        if (node.handler && frame) {
          const entry = new Set<State>([...input, ...frame.thrown]);
          const param = node.handler.param;
          const added = param && param.type === 'Identifier' && !this.errors.has(param.name) ? param.name : null;
          // A nested `catch (e2) { throw e2 }` re-throws what the inner block threw, which may be ours.
          if (added) this.errors.add(added);
          const handlerOut = this.walkStmt(node.handler.body, entry);
          if (added) this.errors.delete(added);
          out = new Set([...blockOut, ...handlerOut]);
        }
        if (node.finalizer) out = this.walkStmt(node.finalizer, out);
        return out;
      }
      default:
        return input;
    }
  }

  private walkSwitch(node: TSESTree.SwitchStatement, input: Set<State>): Set<State> {
    const frame = this.push('switch', node, null);
    const disc = strip(node.discriminant);
    const prop = this.errorProperty(disc);
    const isTrue = disc.type === 'Literal' && disc.value === true;
    let carried = new Set<State>();
    let hasDefault = false;
    for (const c of node.cases) {
      let entry: Set<State>;
      if (!c.test) {
        hasDefault = true;
        entry = prop ? this.refine(input, 'notCancel') : input;
      } else if (prop) {
        entry = this.refine(input, this.isCancelLiteral(c.test, prop) ? 'cancel' : 'notCancel');
      } else if (isTrue) {
        entry = this.refine(input, this.classify(c.test).t);
      } else entry = input;
      carried = this.walkList(c.consequent, new Set([...carried, ...entry]));
    }
    this.frames.pop();
    const out = new Set<State>([...carried, ...frame.breaks]);
    if (!hasDefault) for (const s of prop ? this.refine(input, 'notCancel') : input) out.add(s);
    return out;
  }

  private push(kind: Frame['kind'], node: Node, label: string | null): Frame {
    const frame: Frame = { kind, node, label, breaks: new Set(), continues: new Set(), thrown: new Set() };
    this.frames.push(frame);
    return frame;
  }
}

/**
 * Does the local helper `fn` test its `index`-th parameter for cancellation? It must return (or
 * throw on) a name/code/flag/class test of that parameter. Followed one level only.
 */
function helperTest(ctx: FileContext, fn: FunctionNode, index: number, depth: number): boolean {
  if (depth > 0) return false;
  const param = fn.params[index];
  if (!param || param.type !== 'Identifier') return false;
  const a = new Analyzer(ctx, [param.name]);
  const exprs: Node[] = [];
  if (fn.body.type !== 'BlockStatement') exprs.push(fn.body);
  else {
    for (const stmt of fn.body.body) {
      if (stmt.type === 'ReturnStatement' && stmt.argument) exprs.push(stmt.argument);
      if (stmt.type === 'IfStatement') exprs.push(stmt.test);
    }
  }
  return exprs.some((e) => {
    const t = a.classify(e, depth + 1);
    return t.t !== 'unknown' || t.f !== 'unknown';
  });
}

/** Analyzes a handler body; returns the swallowing exits in source order (empty = every path re-throws). */
export function swallowingExits(ctx: FileContext, input: HandlerInput): Exit[] {
  const generator = !!enclosingFunction(input.body)?.generator;
  const a = new Analyzer(ctx, input.errorNames, generator);
  const out = a.walkStmt(input.body, new Set<State>(['unknown']));
  const exits = [...a.exits];
  for (const s of out) {
    if (s === 'notCancel') continue;
    // `catch (e) { if (!signal.aborted) report(e); }` as the function's last statement: the aborted path ends it.
    if (s === 'aborted' && input.endsFunction && !generator) continue;
    exits.push({ kind: 'fallthrough', node: input.body, state: s });
    break;
  }
  return exits.sort((x, y) => exitPos(x) - exitPos(y));
}

function exitPos(e: Exit): number {
  return e.kind === 'fallthrough' ? e.node.range[1] : e.node.range[0];
}

/** For an expression-bodied callback: does the expression re-throw (never: an expression cannot throw) — it converts. */
export function expressionBodyExit(body: Node): Exit {
  return { kind: 'return-value', node: body, state: 'unknown' };
}

/** Is the test of a loop a `signal.aborted` check (`while (!signal.aborted)`)? */
export function loopChecksAbort(ctx: FileContext, test: Node | null | undefined): boolean {
  if (!test) return false;
  const a = new Analyzer(ctx, []);
  const t = a.classify(test);
  return t.t === 'notCancel' || t.f === 'notCancel';
}

/** Receivers whose `error(e)` hands the error on: a stream's controller, an observable's subscriber. */
const ERROR_SINKS = /(?:^|[a-z_$])(?:controller|Controller|ctrl|Ctrl|subscriber|Subscriber|observer|Observer|sink|Sink)$/u;

/**
 * Does `call` hand the caught error on to someone who settles with it, like `reject(e)`? `reject(e)`,
 * `next(e)`, `callback(e)`, `done(e)`, `fail(e)`; `x.reject(e)`, `res.fail(e)`; a stream controller's or a
 * subscriber's `controller.error(e)`; `emitter.emit('error', e)`; `stream.destroy(e)`.
 */
export function handsOn(call: TSESTree.CallExpression, isError: (n: Node) => boolean): boolean {
  const callee = strip(call.callee);
  const first = call.arguments[0];
  if (callee.type === 'Identifier') {
    return /^(?:reject|next|cb|callback|done|fail)$/u.test(callee.name) && !!first && isError(first as Node);
  }
  if (callee.type !== 'MemberExpression') return false;
  const method = propName(callee);
  if (method === null) return false;
  if (method === 'emit') {
    const [event, value] = call.arguments;
    const ev = event ? strip(event as Node) : null;
    return !!ev && ev.type === 'Literal' && ev.value === 'error' && !!value && isError(value as Node);
  }
  if (!first || !isError(first as Node)) return false;
  if (/^(?:reject|next|cb|callback|done|fail|destroy)$/u.test(method)) return true;
  if (method === 'error') {
    const receiver = dottedName(callee.object);
    const last = receiver?.split('.').pop();
    return !!last && ERROR_SINKS.test(last);
  }
  return false;
}
