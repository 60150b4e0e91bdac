/**
 * Path analysis of an exception handler's body, after flake8-async's ASYNC103/104 model: does every path
 * re-raise the caught exception, and which exits do not?
 *
 * - `raise` and `raise <caught name>` (with or without `from`) re-raise, and so do the re-raises in another
 *   form: `raise <name bound by a nested critical handler>`, `raise BaseExceptionGroup("", [exc])`,
 *   `raise <cancellation class>(…) from exc`; any other `raise` is an exit of kind `raise-other`
 *   (ASYNC104); `return` is an exit; `break` / `continue` that leave the handler (their loop is outside
 *   it) are exits; `yield` in the handler is an exit (the generator is suspended with the cancellation
 *   swallowed); reaching the end is `fallthrough` (ASYNC103).
 * - `if` needs every branch (and an `else`) to re-raise, except the branches `isinstance` rules out for
 *   the exception under analysis (`if isinstance(exc, OSError): return` is not taken by a cancellation,
 *   `if not isinstance(exc, Exception): raise` always is); `match` needs every case plus an irrefutable
 *   one; a loop counts as raising only if it is `while <truthy literal>` (left only by `break`) or its body
 *   runs at least once (a non-empty literal, starred or not, `range()` of literals that is not empty); a
 *   nested `try` raises if its `finally` raises, or if its body (or `else`) and every handler do.
 * - Process exits (`sys.exit()`, `os._exit()`), calls that always raise (`pytest.fail()`, a followed
 *   helper that raises on every path, a `NoReturn` function) and hand-offs end the path (in a plain
 *   function; in a coroutine only when its task ends with the handler, to the receiver of its result).
 * - `if <…>.cancelling(): raise` (3.11+) re-raises exactly the cancellation that must propagate: the
 *   handler is accepted from there on (reference §1.5).
 */
import { childByField, childrenByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import {
  pyCancellingMethod,
  pyExceptionGroupClasses,
  pyExitCalls,
  pyExitProtocolMethods,
  pyFutureCancelMethods,
  pyHandOffMethods,
  pyOutcomeHolders,
  pyRaisingCalls,
} from '../../../catalog/python-cancellation.js';
import { qualify, type PyBindings } from './imports.js';

export type PyExitKind = 'fallthrough' | 'return' | 'break' | 'continue' | 'raise-other' | 'yield';

export interface PyExit {
  kind: PyExitKind;
  node: PyNode;
}

export interface PathContext {
  text: string;
  bindings: PyBindings;
  /** The `as` name of the handler, if any. */
  caught: string | null;
  /** `raise SystemExit` / `raise KeyboardInterrupt(...)` also end the path (interrupt handlers). */
  interruptRaisesEnd: boolean;
  /** The handler is in a plain (not async) function: handing the caught object off ends the path. */
  handOff?: boolean;
  /**
   * The handler is in a coroutine and nothing of the function runs after its `try` (the task ends with it):
   * the receivers of the function's result (`fut` of `fut.set_result(x)`), which a cancellation is handed to
   * by `fut.cancel()`, `fut.set_running_or_notify_cancel()` or `fut.set_exception(exc)`; spawning a task that
   * raises the exception also ends the path there.
   */
  taskEnds?: { resultReceivers: ReadonlySet<string>; cancel: boolean };
  /** `nursery.start_soon(kill, exc)` where `kill` raises the exception it is given. */
  spawnRaises?: (call: PyNode, holds: (n: PyNode) => boolean) => boolean;
  /** The handler is in `__exit__` / `__aexit__`: its parameters (the exception in flight). */
  exitProtocolParams?: string[];
  /**
   * `isinstance` narrowing: is the exception under analysis an instance of one of these class expressions?
   * true, false, or undefined when it cannot be told.
   */
  instanceOf?: (types: PyNode[]) => boolean | undefined;
  /** Does a nested handler catch the exception under analysis (bare, BaseException, its class)? Its `as` name then holds it. */
  catchesIt?: (handler: PyNode) => boolean;
  /** Is this raised class expression (or call) a cancellation class: `raise CancelledError(...) from exc`? */
  isCancellationClass?: (type: PyNode) => boolean;
  /**
   * Does this call never return (a followed helper that raises on every path, a `NoReturn` function)?
   * `holds`: which argument expressions hold the exception; `awaited`: the call is awaited.
   */
  neverReturns?: (call: PyNode, holds: (n: PyNode) => boolean, awaited: boolean) => boolean;
  /** Returning the caught object (`return exc`, `return (None, exc)`) hands it to the caller. */
  returnHandsOff?: boolean;
}

interface Flow {
  /** Can complete normally (fall through to the next statement). */
  normal: boolean;
  /** Reaches a `break` / `continue` of a loop that is inside the handler. */
  brk: boolean;
  cont: boolean;
}

const EXIT_CALLS: readonly string[] = pyExitCalls.flatMap((n) => [n, `builtins.${n}`]);

const SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'decorated_definition']);

/** First node in `root` (not inside nested scopes) that satisfies `pred`; iterative. */
export function findIn(root: PyNode, pred: (n: PyNode) => boolean, skipScopes = true): PyNode | undefined {
  const stack: PyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (pred(n)) return n;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      if (skipScopes && SCOPES.has(c.type)) continue;
      stack.push(c);
    }
  }
  return undefined;
}

export function isCall(n: PyNode, ctx: { text: string; bindings: PyBindings }, names: readonly string[]): boolean {
  if (n.type !== 'call') return false;
  const fn = childByField(n, 'function');
  if (!fn) return false;
  return qualify(fn, ctx.text, ctx.bindings).some((q) => names.includes(q));
}

export function isMethodCall(n: PyNode, text: string, method: string): boolean {
  if (n.type !== 'call') return false;
  const fn = childByField(n, 'function');
  if (!fn || fn.type !== 'attribute') return false;
  const attr = childByField(fn, 'attribute');
  return !!attr && nodeText(attr, text) === method;
}

function isTruthyLiteral(n: PyNode | undefined, text: string): boolean {
  if (!n) return false;
  if (n.type === 'true') return true;
  if (n.type === 'integer') return !/^0+$|^0[xob]0+$/iu.test(nodeText(n, text).replace(/_/gu, ''));
  if (n.type === 'string') return nodeText(n, text).replace(/^[a-zA-Z]*/u, '').length > 2 && !/^(['"])\1$|^('''|""")\2$/u.test(nodeText(n, text).replace(/^[a-zA-Z]*/u, ''));
  if (n.type === 'parenthesized_expression' && n.children.length === 1) return isTruthyLiteral(n.children[0], text);
  return false;
}

/** The integer value of a literal (`3`, `-1`, `0x10`, `1_000`), or undefined. */
function integerValue(n: PyNode, text: string): bigint | undefined {
  if (n.type === 'parenthesized_expression' && n.children.length === 1) return integerValue(n.children[0]!, text);
  if (n.type === 'unary_operator' && n.children.length === 1) {
    const v = integerValue(n.children[0]!, text);
    const op = text.slice(n.range[0], n.children[0]!.range[0]).trim();
    if (v === undefined) return undefined;
    return op === '-' ? -v : op === '+' ? v : op === '~' ? -v - 1n : undefined;
  }
  if (n.type !== 'integer') return undefined;
  const raw = nodeText(n, text).replace(/_/gu, '');
  if (!/^(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|\d+)$/u.test(raw)) return undefined;
  if (/^0\d/u.test(raw)) return /^0+$/u.test(raw) ? 0n : undefined;
  return BigInt(raw.replace(/^0[oO]/u, '0o'));
}

/** `range(<literals>)` with at least one value. */
function rangeRunsOnce(n: PyNode, text: string): boolean {
  const fn = childByField(n, 'function');
  if (fn?.type !== 'identifier' || nodeText(fn, text) !== 'range') return false;
  const args = childByField(n, 'arguments')?.children ?? [];
  const values = args.map((a) => integerValue(a, text));
  if (values.length < 1 || values.length > 3 || values.some((v) => v === undefined)) return false;
  const [start, stop, step] = values.length === 1 ? [0n, values[0]!, 1n] : [values[0]!, values[1]!, values[2] ?? 1n];
  if (step === 0n) return false; // ValueError: no iteration at all
  return step > 0n ? start < stop : start > stop;
}

/**
 * The loop body runs at least once (flake8-async's rule): a non-empty literal list / tuple / set / dict,
 * counting a starred element only when it unpacks a non-empty literal itself, a non-empty string, or
 * `range()` of integer literals that is not empty.
 */
function runsOnce(n: PyNode | undefined, text: string): boolean {
  if (!n) return false;
  if (n.type === 'parenthesized_expression' && n.children.length === 1) return runsOnce(n.children[0], text);
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'set' || n.type === 'expression_list')
    return n.children.some((c) => (c.type === 'list_splat' ? runsOnce(c.children[0], text) : true));
  if (n.type === 'dictionary') return n.children.some((c) => (c.type === 'dictionary_splat' ? runsOnce(c.children[0], text) : c.type === 'pair'));
  if (n.type === 'string') return n.children.some((c) => c.type === 'string_content' || c.type === 'escape_sequence');
  if (n.type === 'concatenated_string') return n.children.some((c) => runsOnce(c, text));
  if (n.type === 'call') return rangeRunsOnce(n, text);
  return false;
}

/** The `as` name of an except clause, if any. */
export function handlerAlias(handler: PyNode, text: string): string | null {
  for (const v of handler.children) {
    if (v.field !== 'value' || v.type !== 'as_pattern') continue;
    const target = v.children.find((c) => c.type === 'as_pattern_target');
    const id = target?.children.find((c) => c.type === 'identifier');
    if (id) return nodeText(id, text);
  }
  return null;
}

function blockStatements(block: PyNode | undefined): PyNode[] {
  return block ? block.children : [];
}

function bodyOf(n: PyNode): PyNode | undefined {
  return childByField(n, 'body') ?? n.children.find((c) => c.type === 'block');
}

export class HandlerPaths {
  readonly exits: PyExit[] = [];
  /** A `.cancelling()` guard was found on some path. */
  guarded = false;
  /** `if <caught> is not <__exit__ parameter>: raise` was passed: the caught object is the one in flight. */
  private inFlight = false;
  /** Names that hold the exception under analysis: the handler's `as` name, and those of nested critical handlers. */
  private readonly holders = new Set<string>();

  constructor(private readonly ctx: PathContext) {
    if (ctx.caught !== null) this.holders.add(ctx.caught);
  }

  /** A probe for a sub-block: same context, same names. */
  private probe(): HandlerPaths {
    const p = new HandlerPaths(this.ctx);
    p.holders.clear();
    for (const h of this.holders) p.holders.add(h);
    p.inFlight = this.inFlight;
    return p;
  }

  /** Does this expression hold the exception under analysis (`exc`, `exc.with_traceback(tb)`, which returns `exc`)? */
  private holds(n: PyNode | undefined): boolean {
    if (!n) return false;
    if (n.type === 'call' && isMethodCall(n, this.ctx.text, 'with_traceback')) return this.holds(childByField(childByField(n, 'function')!, 'object'));
    return n.type === 'identifier' && this.holders.has(nodeText(n, this.ctx.text));
  }

  /** Analyse a handler body; returns true when it can fall through. */
  analyseHandler(block: PyNode): boolean {
    const flow = this.seq(blockStatements(block), 0);
    if (flow.normal) {
      const stmts = blockStatements(block);
      this.exits.push({ kind: 'fallthrough', node: stmts[stmts.length - 1] ?? block });
    }
    return flow.normal;
  }

  private seq(stmts: PyNode[], depth: number): Flow {
    const out: Flow = { normal: true, brk: false, cont: false };
    for (const s of stmts) {
      const f = this.stmt(s, depth);
      out.brk ||= f.brk;
      out.cont ||= f.cont;
      if (!f.normal) {
        out.normal = false;
        return out;
      }
    }
    return out;
  }

  private isReraise(raise: PyNode): boolean {
    const { text, bindings } = this.ctx;
    const value = raise.children.find((c) => c.field !== 'cause');
    if (!value) return true; // bare `raise`
    if (this.holds(value)) return true;
    const target = value.type === 'call' ? childByField(value, 'function') : value;
    if (!target) return false;
    // `raise CancelledError("…") from exc`: a cancellation again.
    if (this.ctx.isCancellationClass?.(value) || this.ctx.isCancellationClass?.(target)) return true;
    // `raise BaseExceptionGroup("", [exc])`: the same exception, in a group.
    if (value.type === 'call' && isCall(value, this.ctx, pyExceptionGroupClasses)) {
      const args = childByField(value, 'arguments')?.children ?? [];
      if (args.some((a) => (a.type === 'list' || a.type === 'tuple') && a.children.some((e) => this.holds(e)))) return true;
    }
    if (this.ctx.interruptRaisesEnd) {
      if (qualify(target, text, bindings).some((q) => /^(?:builtins\.)?(?:SystemExit|KeyboardInterrupt)$/u.test(q))) return true;
    }
    return false;
  }

  /** A call that does not return: a process exit, a raising call, a followed helper that always raises. */
  private stops(call: PyNode | undefined): boolean {
    if (!call) return false;
    const awaited = call.type === 'await' && call.children.length === 1;
    if (awaited) call = call.children[0]!;
    if (call.type !== 'call') return false;
    if (isCall(call, this.ctx, EXIT_CALLS) || isCall(call, this.ctx, pyRaisingCalls)) return true;
    return !!this.ctx.neverReturns?.(call, (n) => this.holds(n), awaited);
  }

  /** `return exc`, `return (None, exc)`, `return outcome.Error(exc)`: the caught object goes to the caller. */
  private returnsCaught(value: PyNode | undefined): boolean {
    if (!value) return false;
    if (value.type === 'parenthesized_expression' && value.children.length === 1) return this.returnsCaught(value.children[0]);
    if (value.type === 'call' && isCall(value, this.ctx, pyOutcomeHolders)) return (childByField(value, 'arguments')?.children ?? []).some((a) => this.holds(a));
    if (!this.ctx.returnHandsOff) return false;
    if (this.holds(value)) return true;
    return (value.type === 'tuple' || value.type === 'expression_list') && value.children.some((c) => this.holds(c));
  }

  /**
   * What `isinstance` says about the exception under analysis: true when the condition holds for it,
   * false when it cannot, undefined when it depends. `not`, `and`, `or` combine (three-valued).
   */
  private truth(cond: PyNode | undefined): boolean | undefined {
    const { text } = this.ctx;
    if (!cond || !this.ctx.instanceOf) return undefined;
    if (cond.type === 'parenthesized_expression' && cond.children.length === 1) return this.truth(cond.children[0]);
    if (cond.type === 'not_operator') {
      const v = this.truth(childByField(cond, 'argument'));
      return v === undefined ? undefined : !v;
    }
    if (cond.type === 'boolean_operator') {
      const left = childByField(cond, 'left');
      const right = childByField(cond, 'right');
      if (!left || !right) return undefined;
      const op = text.slice(left.range[1], right.range[0]).trim();
      const a = this.truth(left);
      const b = this.truth(right);
      if (op === 'and') return a === false || b === false ? false : a === true && b === true ? true : undefined;
      if (op === 'or') return a === true || b === true ? true : a === false && b === false ? false : undefined;
      return undefined;
    }
    if (cond.type !== 'call') return undefined;
    const fn = childByField(cond, 'function');
    if (fn?.type !== 'identifier' || nodeText(fn, text) !== 'isinstance') return undefined;
    const args = childByField(cond, 'arguments')?.children ?? [];
    if (args.length !== 2 || !this.holds(args[0])) return undefined;
    const types: PyNode[] = [];
    const flat = (n: PyNode) => {
      while (n.type === 'parenthesized_expression' && n.children.length === 1) n = n.children[0]!;
      if (n.type === 'tuple') n.children.forEach(flat);
      else types.push(n);
    };
    flat(args[1]!);
    if (types.some((t) => t.type === 'list_splat')) return undefined;
    return this.ctx.instanceOf(types);
  }

  /**
   * `x.set_exception(<caught>)`, `q.put(<caught>)`, … in a plain function: the exception is delivered. In a
   * coroutine whose task ends with the handler: the function's result receiver is told (`fut.cancel()`,
   * `fut.set_exception(exc)`). In both: a spawned task that raises it (`nursery.start_soon(kill, exc)`).
   */
  private isHandOff(call: PyNode): boolean {
    const { text } = this.ctx;
    if (call.type !== 'call') return false;
    const passesIt = () => (childByField(call, 'arguments')?.children ?? []).some((a) => this.holds(a.type === 'keyword_argument' ? childByField(a, 'value') : a));
    const ends = this.ctx.taskEnds;
    if ((this.ctx.handOff || ends) && this.ctx.spawnRaises?.(call, (n) => this.holds(n))) return true;
    if (this.ctx.handOff) return pyHandOffMethods.some((m) => isMethodCall(call, text, m)) && passesIt();
    if (!ends) return false;
    const fn = childByField(call, 'function');
    const receiver = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    if (!receiver || !ends.resultReceivers.has(nodeText(receiver, text).replace(/\s+/gu, ''))) return false;
    if (ends.cancel && pyFutureCancelMethods.some((m) => isMethodCall(call, text, m))) return true;
    return isMethodCall(call, text, 'set_exception') && passesIt();
  }

  /**
   * The context-manager protocol (catalog `pyExitProtocolMethods`): `not <x>.__exit__(…)` /
   * `not await <x>.__aexit__(…)`, or, inside `__exit__` / `__aexit__`, `<caught> is not <parameter>`.
   */
  private protocolGuard(condition: PyNode): boolean {
    const { text, caught } = this.ctx;
    if (condition.type === 'not_operator') {
      let arg = childByField(condition, 'argument');
      if (arg?.type === 'await' && arg.children.length === 1) arg = arg.children[0];
      return !!arg && pyExitProtocolMethods.some((m) => isMethodCall(arg!, text, m));
    }
    const params = this.ctx.exitProtocolParams;
    if (condition.type !== 'comparison_operator' || !params || caught === null || condition.children.length !== 2) return false;
    const [left, right] = condition.children as [PyNode, PyNode];
    const op = text.slice(left.range[1], right.range[0]).replace(/\s+/gu, ' ').trim();
    return op === 'is not' && left.type === 'identifier' && nodeText(left, text) === caught && right.type === 'identifier' && params.includes(nodeText(right, text));
  }

  /** `<x>.__exit__(…)` / `await <x>.__aexit__(…)` passed the caught exception. */
  private exitProtocolCall(condition: PyNode): boolean {
    let call: PyNode | undefined = condition;
    if (call.type === 'await' && call.children.length === 1) call = call.children[0];
    if (!call || !pyExitProtocolMethods.some((m) => isMethodCall(call!, this.ctx.text, m))) return false;
    return (childByField(call, 'arguments')?.children ?? []).some((a) => this.holds(a));
  }

  /** `return`, `return None`, `return False`. */
  private returnsFalsy(s: PyNode): boolean {
    const value = s.children[0];
    return !value || value.type === 'none' || value.type === 'false';
  }

  /**
   * A handler of a `try` inside the handler: the name a critical one binds (`except BaseException as f`)
   * holds the exception under analysis, so `raise f` re-raises it; a non-critical one that rebinds a
   * holder name (`except ValueError as e`) makes `raise e` raise something else.
   */
  private nestedHandler(h: PyNode, depth: number): Flow {
    const alias = handlerAlias(h, this.ctx.text);
    const block = h.children.find((c) => c.type === 'block');
    if (!alias) return this.seq(blockStatements(block), depth);
    const had = this.holders.has(alias);
    const critical = !!this.ctx.catchesIt?.(h);
    if (critical) this.holders.add(alias);
    else this.holders.delete(alias);
    try {
      return this.seq(blockStatements(block), depth);
    } finally {
      if (had) this.holders.add(alias);
      else this.holders.delete(alias);
    }
  }

  private yields(n: PyNode): void {
    const y = findIn(n, (c) => c.type === 'yield');
    if (y) this.exits.push({ kind: 'yield', node: y });
  }

  private stmt(s: PyNode, depth: number): Flow {
    const { text } = this.ctx;
    const NORMAL: Flow = { normal: true, brk: false, cont: false };
    const STOP: Flow = { normal: false, brk: false, cont: false };
    switch (s.type) {
      case 'raise_statement':
        if (!this.isReraise(s)) this.exits.push({ kind: 'raise-other', node: s });
        return STOP;
      case 'return_statement':
        this.yields(s);
        if (this.inFlight && this.returnsFalsy(s)) return STOP; // `__exit__` returning False re-raises it
        if (this.returnsCaught(s.children[0]) || this.stops(s.children[0])) return STOP;
        this.exits.push({ kind: 'return', node: s });
        return STOP;
      case 'break_statement':
        if (depth > 0) return { normal: false, brk: true, cont: false };
        this.exits.push({ kind: 'break', node: s });
        return STOP;
      case 'continue_statement':
        if (depth > 0) return { normal: false, brk: false, cont: true };
        this.exits.push({ kind: 'continue', node: s });
        return STOP;
      case 'expression_statement': {
        this.yields(s);
        const call = s.children.length === 1 ? s.children[0]! : undefined;
        if (this.stops(call)) return STOP;
        if (call && this.isHandOff(call)) return STOP;
        // `results.append(outcome.Error(exc))`: the exception goes on in an outcome holder.
        if (call && findIn(call, (c) => c.type === 'call' && isCall(c, this.ctx, pyOutcomeHolders) && (childByField(c, 'arguments')?.children ?? []).some((a) => this.holds(a))))
          return STOP;
        return NORMAL;
      }
      case 'if_statement': {
        const condition = childByField(s, 'condition');
        const consequence = childByField(s, 'consequence');
        if (condition) this.yields(condition);
        if (condition && findIn(condition, (c) => isMethodCall(c, text, pyCancellingMethod))) {
          const probe = this.probe();
          const f = probe.seq(blockStatements(consequence), depth);
          if (!f.normal && !f.brk && !f.cont && probe.exits.every((e) => e.kind === 'yield')) {
            this.guarded = true;
            return STOP;
          }
        }
        // `if scope.__exit__(type(e), e, e.__traceback__): return True`: the context manager's `__exit__`
        // decided the exception was its own (a cancel scope's own cancellation) and swallowed it, as a
        // `with` statement would; the rest of the handler is the path of everything else.
        if (condition && childrenByField(s, 'alternative').length === 0 && this.exitProtocolCall(condition)) {
          const probe = this.probe();
          const f = probe.seq(blockStatements(consequence), depth);
          if (!f.normal && !f.brk && !f.cont && probe.exits.every((e) => e.kind === 'return')) return NORMAL;
        }
        if (condition && childrenByField(s, 'alternative').length === 0 && this.protocolGuard(condition)) {
          const probe = this.probe();
          const f = probe.seq(blockStatements(consequence), depth);
          if (!f.normal && !f.brk && !f.cont && probe.exits.length === 0) {
            if (condition.type === 'not_operator') return STOP; // `if not self.__exit__(...): raise`
            this.inFlight = true; // `if exc is not value: raise`: the rest handles the exception in flight
            return NORMAL;
          }
        }
        // The branches in order; `isinstance` narrowing skips the ones the exception cannot take and
        // stops at one it always takes.
        const arms: { cond: PyNode | undefined; body: PyNode | undefined }[] = [{ cond: condition, body: consequence }];
        let elseBody: PyNode | undefined;
        let hasElse = false;
        for (const alt of childrenByField(s, 'alternative')) {
          if (alt.type === 'elif_clause') arms.push({ cond: childByField(alt, 'condition'), body: childByField(alt, 'consequence') });
          else if (alt.type === 'else_clause') {
            hasElse = true;
            elseBody = bodyOf(alt);
          }
        }
        const branches: Flow[] = [];
        let certain = false;
        for (const [i, arm] of arms.entries()) {
          if (i > 0 && arm.cond) this.yields(arm.cond);
          const verdict = this.truth(arm.cond);
          if (verdict === false) continue;
          branches.push(this.seq(blockStatements(arm.body), depth));
          if (verdict === true) {
            certain = true;
            break;
          }
        }
        if (!certain && hasElse) branches.push(this.seq(blockStatements(elseBody), depth));
        return {
          normal: (!certain && !hasElse) || branches.some((b) => b.normal),
          brk: branches.some((b) => b.brk),
          cont: branches.some((b) => b.cont),
        };
      }
      case 'while_statement':
      case 'for_statement': {
        const infinite =
          s.type === 'while_statement'
            ? isTruthyLiteral(childByField(s, 'condition'), text)
            : runsOnce(childByField(s, 'right'), text);
        const body = this.seq(blockStatements(bodyOf(s)), depth + 1);
        const elseClause = childByField(s, 'alternative') ?? s.children.find((c) => c.type === 'else_clause');
        let normal: boolean;
        if (s.type === 'while_statement' && infinite) normal = body.brk;
        else if (infinite) normal = body.brk || body.normal || body.cont;
        else normal = true;
        if (elseClause) {
          const e = this.seq(blockStatements(bodyOf(elseClause)), depth);
          // The else runs when the loop ends without `break`.
          const endsWithoutBreak = s.type === 'while_statement' && infinite ? false : infinite ? body.normal || body.cont : true;
          normal = body.brk || (endsWithoutBreak && e.normal);
          return { normal, brk: e.brk, cont: e.cont };
        }
        return { normal, brk: false, cont: false };
      }
      case 'try_statement': {
        const fin = s.children.find((c) => c.type === 'finally_clause');
        if (fin) {
          const probe = this.probe();
          const f = probe.seq(blockStatements(fin.children.find((c) => c.type === 'block')), depth);
          if (!f.normal && !f.brk && !f.cont) {
            this.exits.push(...probe.exits);
            this.guarded ||= probe.guarded;
            return STOP;
          }
        }
        const body = this.seq(blockStatements(bodyOf(s)), depth);
        const elseClause = s.children.find((c) => c.type === 'else_clause');
        const afterBody = elseClause && body.normal ? this.seq(blockStatements(bodyOf(elseClause)), depth) : body;
        const handlers = s.children.filter((c) => c.type === 'except_clause').map((h) => this.nestedHandler(h, depth));
        const parts = [body, afterBody, ...handlers];
        let tail: Flow = NORMAL;
        if (fin) tail = this.seq(blockStatements(fin.children.find((c) => c.type === 'block')), depth);
        const normal = (afterBody.normal || handlers.some((h) => h.normal)) && tail.normal;
        return { normal, brk: parts.some((p) => p.brk) || tail.brk, cont: parts.some((p) => p.cont) || tail.cont };
      }
      case 'with_statement':
        return this.seq(blockStatements(bodyOf(s)), depth);
      case 'match_statement': {
        const block = childByField(s, 'body') ?? s.children.find((c) => c.type === 'block');
        const cases = (block?.children ?? []).filter((c) => c.type === 'case_clause');
        const flows = cases.map((c) => this.seq(blockStatements(childByField(c, 'consequence')), depth));
        const irrefutable = cases.some((c) => {
          if (childByField(c, 'guard')) return false;
          const pats = c.children.filter((p) => p.type === 'case_pattern');
          if (pats.length !== 1) return false;
          const p = pats[0]!;
          const t = nodeText(p, text).trim();
          return t === '_' || (p.children.length === 1 && p.children[0]!.type === 'dotted_name' && /^[A-Za-z_]\w*$/u.test(t) && !t.includes('.'));
        });
        return {
          normal: !irrefutable || flows.some((f) => f.normal),
          brk: flows.some((f) => f.brk),
          cont: flows.some((f) => f.cont),
        };
      }
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        return NORMAL;
      default:
        this.yields(s);
        return NORMAL;
    }
  }
}
