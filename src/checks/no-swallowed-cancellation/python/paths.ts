/**
 * Path analysis of an exception handler's body, after flake8-async's ASYNC103/104 model: does every path
 * re-raise the caught exception, and which exits do not?
 *
 * - `raise` and `raise <caught name>` (with or without `from`) re-raise; any other `raise` is an exit of
 *   kind `raise-other` (ASYNC104); `return` is an exit; `break` / `continue` that leave the handler (their
 *   loop is outside it) are exits; `yield` in the handler is an exit (the generator is suspended with the
 *   cancellation swallowed); reaching the end is `fallthrough` (ASYNC103).
 * - `if` needs every branch (and an `else`) to re-raise; `match` needs every case plus an irrefutable one;
 *   a loop counts as raising only if it is `while <truthy literal>` (left only by `break`) or iterates a
 *   non-empty literal; a nested `try` raises if its `finally` raises, or if its body (or `else`) and every
 *   handler do.
 * - Process exits (`sys.exit()`, `os._exit()`) end the path.
 * - `if <…>.cancelling(): raise` (3.11+) re-raises exactly the cancellation that must propagate: the
 *   handler is accepted from there on (reference §1.5).
 */
import { childByField, childrenByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import { pyCancellingMethod, pyExitCalls, pyExitProtocolMethods, pyHandOffMethods } from '../../../catalog/python-cancellation.js';
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
  /** The handler is in `__exit__` / `__aexit__`: its parameters (the exception in flight). */
  exitProtocolParams?: string[];
}

interface Flow {
  /** Can complete normally (fall through to the next statement). */
  normal: boolean;
  /** Reaches a `break` / `continue` of a loop that is inside the handler. */
  brk: boolean;
  cont: boolean;
}

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

function isNonEmptyLiteral(n: PyNode | undefined): boolean {
  if (!n) return false;
  return (n.type === 'list' || n.type === 'tuple' || n.type === 'set') && n.children.some((c) => c.type !== 'list_splat');
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

  constructor(private readonly ctx: PathContext) {}

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
    const { text, caught } = this.ctx;
    const value = raise.children.find((c) => c.field !== 'cause');
    if (!value) return true; // bare `raise`
    if (value.type === 'identifier' && caught !== null && nodeText(value, text) === caught) return true;
    if (this.ctx.interruptRaisesEnd) {
      const target = value.type === 'call' ? childByField(value, 'function') : value;
      if (target && qualify(target, text, this.ctx.bindings).some((q) => /^(?:builtins\.)?(?:SystemExit|KeyboardInterrupt)$/u.test(q))) return true;
    }
    return false;
  }

  /** `x.set_exception(<caught>)`, `q.put(<caught>)`, … in a plain function: the exception is delivered. */
  private isHandOff(call: PyNode): boolean {
    const { text, caught } = this.ctx;
    if (!this.ctx.handOff || caught === null || call.type !== 'call') return false;
    if (!pyHandOffMethods.some((m) => isMethodCall(call, text, m))) return false;
    const args = childByField(call, 'arguments');
    return !!args?.children.some((a) => {
      const v = a.type === 'keyword_argument' ? childByField(a, 'value') : a;
      return !!v && v.type === 'identifier' && nodeText(v, text) === caught;
    });
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

  /** `return`, `return None`, `return False`. */
  private returnsFalsy(s: PyNode): boolean {
    const value = s.children[0];
    return !value || value.type === 'none' || value.type === 'false';
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
        if (call && isCall(call, this.ctx, pyExitCalls.flatMap((n) => [n, `builtins.${n}`]))) return STOP;
        if (call && this.isHandOff(call)) return STOP;
        return NORMAL;
      }
      case 'if_statement': {
        const condition = childByField(s, 'condition');
        const consequence = childByField(s, 'consequence');
        if (condition) this.yields(condition);
        if (condition && findIn(condition, (c) => isMethodCall(c, text, pyCancellingMethod))) {
          const probe = new HandlerPaths(this.ctx);
          const f = probe.seq(blockStatements(consequence), depth);
          if (!f.normal && !f.brk && !f.cont && probe.exits.every((e) => e.kind === 'yield')) {
            this.guarded = true;
            return STOP;
          }
        }
        if (condition && childrenByField(s, 'alternative').length === 0 && this.protocolGuard(condition)) {
          const probe = new HandlerPaths(this.ctx);
          const f = probe.seq(blockStatements(consequence), depth);
          if (!f.normal && !f.brk && !f.cont && probe.exits.length === 0) {
            if (condition.type === 'not_operator') return STOP; // `if not self.__exit__(...): raise`
            this.inFlight = true; // `if exc is not value: raise`: the rest handles the exception in flight
            return NORMAL;
          }
        }
        const branches: Flow[] = [this.seq(blockStatements(consequence), depth)];
        let hasElse = false;
        for (const alt of childrenByField(s, 'alternative')) {
          if (alt.type === 'elif_clause') {
            const c = childByField(alt, 'condition');
            if (c) this.yields(c);
            branches.push(this.seq(blockStatements(childByField(alt, 'consequence')), depth));
          } else if (alt.type === 'else_clause') {
            hasElse = true;
            branches.push(this.seq(blockStatements(bodyOf(alt)), depth));
          }
        }
        return {
          normal: !hasElse || branches.some((b) => b.normal),
          brk: branches.some((b) => b.brk),
          cont: branches.some((b) => b.cont),
        };
      }
      case 'while_statement':
      case 'for_statement': {
        const infinite =
          s.type === 'while_statement'
            ? isTruthyLiteral(childByField(s, 'condition'), text)
            : isNonEmptyLiteral(childByField(s, 'right'));
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
          const probe = new HandlerPaths(this.ctx);
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
        const handlers = s.children
          .filter((c) => c.type === 'except_clause')
          .map((h) => this.seq(blockStatements(h.children.find((c) => c.type === 'block')), depth));
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
