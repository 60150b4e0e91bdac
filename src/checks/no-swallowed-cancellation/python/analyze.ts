/**
 * `no-swallowed-cancellation` on Python: finds handlers (and `contextlib.suppress(...)`, and
 * `finally: return`) that swallow a cancellation. Intraprocedural; reads only the linted file's AST.
 *
 * Which handlers are "critical" (reference/cancellation.md §1, seed 004):
 * - bare `except:`, `except BaseException` (ASYNC103's critical set), anywhere;
 * - `asyncio.CancelledError` (any spelling the imports give it, also bare `CancelledError`),
 *   `trio.Cancelled`, `anyio.get_cancelled_exc_class()` (called in the `except`), configured classes —
 *   when the `try` body contains a checkpoint (`await`, `async for`, `async with`): without one, only a
 *   stored result (`task.result()`) can raise them, which is not a cancellation of the running code;
 * - `except Exception` when the target Python is below 3.8 (CancelledError was an Exception then), in an
 *   `async def` whose `try` body has a checkpoint;
 * - tuples and `except*` forms of all these (`except* Exception` never matches CancelledError);
 * - `GeneratorExit` in a generator when a `yield` can follow; `KeyboardInterrupt` / `SystemExit` when the
 *   handler lets a loop (or a generator) go on.
 * A handler after an earlier `except <Cancelled>` / `except BaseException` / bare `except` of the same
 * `try` is not critical (the earlier one saw the cancellation first).
 */
import { childByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import {
  pyCancelClasses,
  pyExitProtocolMethods,
  pySuppressors,
  pyUncancelMethod,
  pyWaitCalls,
  PY_CANCELLED_IS_BASE_EXCEPTION_SINCE,
  type PyCancelLibrary,
} from '../../../catalog/python-cancellation.js';
import { addImport, emptyBindings, qualify, STATEMENT_CONTAINERS, unboundOr, type PyBindings } from './imports.js';
import { findIn, HandlerPaths, isCall, isMethodCall, type PyExit } from './paths.js';

export type PyElementKind =
  | { kind: 'base' }
  | { kind: 'exception' }
  | { kind: 'cancel'; library: PyCancelLibrary | null; name: string }
  | { kind: 'generator-exit' }
  | { kind: 'keyboard-interrupt' }
  | { kind: 'system-exit' };

export interface PyCancellationOptions {
  /** Extra exception classes that mean cancellation (qualified `pkg.mod.Cls` or a plain class name). */
  pythonCancellationClasses?: string[];
}

export interface AnalysisInput {
  ast: PyNode;
  text: string;
  /** Lowest supported minor version of Python 3. */
  minor: number;
  options?: PyCancellationOptions;
}

interface FnInfo {
  node: PyNode | null; // null = module
  isAsync: boolean;
  isGenerator: boolean;
}

/** Where to report: the critical type expression, or the `except` keyword of a bare handler. */
export type ReportTarget = PyNode | { range: [number, number]; loc: PyNode['loc'] };

export type PyFinding =
  | {
      kind: 'handler';
      target: ReportTarget;
      handler: PyNode;
      tryNode: PyNode;
      exit: PyExit;
      exits: PyExit[];
      /** 'cancel': ASYNC103 model; 'generator-exit' / 'interrupt': the narrower checks. */
      mode: 'cancel' | 'generator-exit' | 'interrupt';
      /** What the handler catches that matters, for messages: 'asyncio.CancelledError', 'KeyboardInterrupt', … */
      source: string;
      /** The handler contains bare `except:` / `BaseException` / `Exception` (<3.8), i.e. it is broad. */
      broad: 'bare' | 'base' | 'exception' | null;
      /** The try is inside a loop of the same function. */
      inLoop: boolean;
      fn: FnInfo;
      isStar: boolean;
      /** seed 004: `task.cancel()` earlier, `await task` in the try body. */
      awaitedCancelledTask: string | null;
      /** Every statement of the handler only logs / passes. */
      onlyLogs: boolean;
    }
  | {
      kind: 'suppress';
      target: PyNode;
      callee: PyNode;
      withNode: PyNode;
      source: string;
      fn: FnInfo;
      awaitedCancelledTask: string | null;
    }
  | {
      kind: 'finally';
      statement: PyNode;
      word: 'return' | 'break' | 'continue';
      source: string;
      fn: FnInfo;
    };

export interface AnalysisResult {
  findings: PyFinding[];
  bindings: PyBindings;
}

const SCOPE_TYPES = new Set(['function_definition', 'class_definition', 'lambda']);
const LOOP_TYPES = new Set(['for_statement', 'while_statement']);
const LIB_NAMES: Record<PyCancelLibrary, string> = {
  asyncio: 'asyncio.CancelledError',
  trio: 'trio.Cancelled',
  anyio: "anyio's cancellation exception (get_cancelled_exc_class())",
};

function startsWithKeyword(node: PyNode, text: string, keyword: string): boolean {
  return new RegExp(`^${keyword}\\b`, 'u').test(text.slice(node.range[0], node.range[0] + keyword.length + 1));
}

export function isCheckpoint(n: PyNode, text: string): boolean {
  if (n.type === 'await') return true;
  if (n.type === 'for_statement' || n.type === 'with_statement' || n.type === 'for_in_clause') return startsWithKeyword(n, text, 'async');
  return false;
}

function hasCheckpoint(nodes: PyNode[], text: string): boolean {
  return nodes.some((n) => !!findIn(n, (c) => isCheckpoint(c, text)));
}

function unwrap(n: PyNode): PyNode {
  while (n.type === 'parenthesized_expression' && n.children.length === 1) n = n.children[0]!;
  return n;
}

/** The type expressions of an except clause, flattened (tuples), and its `as` name. */
export function handlerTypes(handler: PyNode, text: string): { bare: boolean; elements: PyNode[]; alias: string | null } {
  const values = handler.children.filter((c) => c.field === 'value');
  if (values.length === 0) return { bare: true, elements: [], alias: null };
  let alias: string | null = null;
  const elements: PyNode[] = [];
  const push = (n: PyNode) => {
    n = unwrap(n);
    if (n.type === 'tuple') n.children.forEach(push);
    else elements.push(n);
  };
  for (const v of values) {
    if (v.type === 'as_pattern') {
      const target = v.children.find((c) => c.type === 'as_pattern_target');
      const id = target?.children.find((c) => c.type === 'identifier');
      if (id) alias = nodeText(id, text);
      const expr = v.children.find((c) => c.type !== 'as_pattern_target');
      if (expr) push(expr);
    } else push(v);
  }
  return { bare: false, elements, alias };
}

export function isStarHandler(handler: PyNode, text: string): boolean {
  return /^except\s*\*/u.test(text.slice(handler.range[0], handler.range[0] + 12));
}

export class CancellationAnalysis {
  readonly bindings: PyBindings;
  readonly findings: PyFinding[] = [];
  private readonly text: string;
  private readonly minor: number;
  private readonly extraClasses: string[];
  private fnStack: FnInfo[] = [];
  /** Ancestors of the node being visited (statements and clauses), innermost last. */
  private ancestors: PyNode[] = [];
  /** Module-level names bound once to a tuple of classes (`_reraised = (ExitNow, KeyboardInterrupt)`). */
  private readonly tupleAliases = new Map<string, PyNode[]>();
  /** `try` / `with` statements met during the walk, checked once every import is known. */
  private readonly jobs: { node: PyNode; fn: FnInfo; ancestors: PyNode[] }[] = [];

  constructor(private readonly input: AnalysisInput) {
    this.text = input.text;
    this.minor = input.minor;
    this.extraClasses = input.options?.pythonCancellationClasses ?? [];
    this.bindings = emptyBindings();
  }

  run(): AnalysisResult {
    // One statement walk collects the imports and the candidates; the checks run after it, because a
    // handler's meaning can depend on an import written further down the file.
    this.fnStack.push({ node: null, isAsync: false, isGenerator: false });
    this.collectTupleAliases();
    this.visit(this.input.ast, 0);
    for (const job of this.jobs) {
      this.fnStack = [job.fn];
      this.ancestors = job.ancestors;
      if (job.node.type === 'try_statement') this.checkTry(job.node);
      else this.checkWith(job.node);
    }
    return { findings: this.findings, bindings: this.bindings };
  }

  classify(n: PyNode): PyElementKind | null {
    const text = this.text;
    const b = this.bindings;
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
    }
    // flake8-async also accepts the unqualified spellings when nothing else binds them.
    if (raw === 'CancelledError' && unboundOr(b, 'CancelledError', 'asyncio.CancelledError'))
      return { kind: 'cancel', library: 'asyncio', name: LIB_NAMES.asyncio };
    if (raw === 'exceptions.CancelledError' && unboundOr(b, 'exceptions', 'asyncio.exceptions'))
      return { kind: 'cancel', library: 'asyncio', name: LIB_NAMES.asyncio };
    for (const extra of this.extraClasses) {
      const plain = !extra.includes('.');
      if (qs.includes(extra) || raw === extra || (plain && qs.some((q) => q.split('.').pop() === extra)))
        return { kind: 'cancel', library: null, name: extra };
    }
    return null;
  }

  /**
   * `except _reraised_exceptions: raise` with `_reraised_exceptions = (ExitNow, KeyboardInterrupt, SystemExit)`
   * at module level (asyncore): the handler names those classes. Only names assigned exactly once at module
   * level to a tuple of names / attributes are expanded.
   */
  private collectTupleAliases(): void {
    const text = this.text;
    const seen = new Map<string, number>();
    for (const st of this.input.ast.children) {
      if (st.type !== 'expression_statement' || st.children.length !== 1) continue;
      const a = st.children[0]!;
      if (a.type !== 'assignment' && a.type !== 'augmented_assignment') continue;
      const left = childByField(a, 'left');
      if (left?.type !== 'identifier') continue;
      const name = nodeText(left, text);
      seen.set(name, (seen.get(name) ?? 0) + 1);
      const right = childByField(a, 'right');
      const value = right ? unwrap(right) : undefined;
      if (a.type === 'assignment' && value && (value.type === 'tuple' || value.type === 'expression_list')) {
        const items = value.children.map(unwrap);
        if (items.length > 0 && items.every((c) => c.type === 'identifier' || c.type === 'attribute')) this.tupleAliases.set(name, items);
      }
    }
    for (const [name, n] of seen) if (n !== 1) this.tupleAliases.delete(name);
  }

  private get fn(): FnInfo {
    return this.fnStack[this.fnStack.length - 1]!;
  }

  private visit(node: PyNode, depth: number): void {
    if (depth > 400) return; // pathological nesting: give up on this subtree rather than overflow
    if (node.type === 'function_definition') {
      const body = childByField(node, 'body');
      const isAsync = startsWithKeyword(node, this.text, 'async');
      let generator: boolean | undefined;
      // Computed only when a check needs it (most functions never do).
      const info: FnInfo = {
        node,
        isAsync,
        get isGenerator() {
          return (generator ??= !!body && !!findIn(body, (c) => c.type === 'yield'));
        },
      };
      this.fnStack.push(info);
      const saved = this.ancestors.splice(0);
      this.visitChildren(node, depth);
      this.ancestors.push(...saved);
      this.fnStack.pop();
      return;
    }
    if (node.type === 'lambda') return;
    if (node.type === 'class_definition') {
      // A class body is not a loop body of the enclosing function.
      const saved = this.ancestors.splice(0);
      this.fnStack.push({ node, isAsync: false, isGenerator: false });
      this.visitChildren(node, depth);
      this.fnStack.pop();
      this.ancestors.push(...saved);
      return;
    }
    if (node.type === 'import_statement' || node.type === 'import_from_statement') {
      addImport(node, this.text, this.bindings);
      return;
    }
    if (node.type === 'try_statement' || node.type === 'with_statement') this.jobs.push({ node, fn: this.fn, ancestors: [...this.ancestors] });
    this.visitChildren(node, depth);
  }

  private visitChildren(node: PyNode, depth: number): void {
    this.ancestors.push(node);
    for (const child of node.children) {
      // Only statements and their clauses can hold a try / with / def; expressions are skipped.
      if (STATEMENT_CONTAINERS.has(child.type)) this.visit(child, depth + 1);
    }
    this.ancestors.pop();
  }

  private inLoop(): boolean {
    return this.ancestors.some((a) => LOOP_TYPES.has(a.type));
  }

  /** Can a `yield` run after `node` completes (later statements, or the next iteration of a loop)? */
  private yieldAfter(node: PyNode): boolean {
    let child = node;
    for (let i = this.ancestors.length - 1; i >= 0; i--) {
      const a = this.ancestors[i]!;
      if (a.type === 'block') {
        const idx = a.children.indexOf(child);
        if (a.children.slice(idx + 1).some((s) => !!findIn(s, (c) => c.type === 'yield'))) return true;
      }
      if (LOOP_TYPES.has(a.type) && findIn(a, (c) => c.type === 'yield')) return true;
      child = a;
    }
    return false;
  }

  /** seed 004: an awaited name `t` of the try body whose `t.cancel()` ran earlier in the function. */
  private awaitedCancelledTask(body: PyNode, start: number): string | null {
    const text = this.text;
    const awaited: string[] = [];
    findIn(body, (c) => {
      if (c.type === 'await' && c.children.length === 1) {
        const v = unwrap(c.children[0]!);
        if (v.type === 'identifier' || v.type === 'attribute') awaited.push(nodeText(v, text).replace(/\s+/gu, ''));
      }
      return false;
    });
    if (awaited.length === 0) return null;
    const scope = this.fn.node ?? this.input.ast;
    for (const name of awaited) {
      const cancelled = findIn(scope, (c) => {
        if (c.range[1] > start || !isMethodCall(c, text, 'cancel')) return false;
        const obj = childByField(childByField(c, 'function')!, 'object');
        return !!obj && nodeText(obj, text).replace(/\s+/gu, '') === name;
      });
      if (cancelled) return name;
    }
    return null;
  }

  /**
   * `await asyncio.wait([t])` (or `{t}`, `(t,)`, or `asyncio.wait(ts)` inside `for t in ts`) before the
   * try: awaiting `t` then cannot suspend, so the handler only sees `t`'s own cancellation (seed 004's fix).
   */
  private waitedBefore(task: string, start: number): boolean {
    const text = this.text;
    const scope = this.fn.node ?? this.input.ast;
    const loopSources = new Set<string>();
    for (const a of this.ancestors) {
      if (a.type !== 'for_statement') continue;
      const left = childByField(a, 'left');
      const right = childByField(a, 'right');
      if (left && right && nodeText(left, text).trim() === task) loopSources.add(nodeText(right, text).replace(/\s+/gu, ''));
    }
    return !!findIn(scope, (c) => {
      if (c.range[1] > start || !isCall(c, { text, bindings: this.bindings }, pyWaitCalls)) return false;
      const first = childByField(c, 'arguments')?.children[0];
      if (!first) return false;
      const arg = unwrap(first);
      if (arg.type === 'list' || arg.type === 'set' || arg.type === 'tuple')
        return arg.children.some((e) => nodeText(e, text).replace(/\s+/gu, '') === task);
      return loopSources.has(nodeText(arg, text).replace(/\s+/gu, ''));
    });
  }

  private onlyLogs(block: PyNode | undefined): boolean {
    if (!block) return false;
    const text = this.text;
    return block.children.every((s) => {
      if (s.type === 'pass_statement') return true;
      if (s.type !== 'expression_statement' || s.children.length !== 1) return false;
      const e = s.children[0]!;
      if (e.type === 'string') return true;
      if (e.type !== 'call') return false;
      const fn = childByField(e, 'function');
      if (!fn) return false;
      const last = fn.type === 'attribute' ? childByField(fn, 'attribute') : fn;
      return !!last && /^(?:debug|info|warning|warn|error|exception|critical|log|print|print_exc|print_exception)$/u.test(nodeText(last, text));
    });
  }

  private checkTry(tryNode: PyNode): void {
    const text = this.text;
    const fn = this.fn;
    const body = childByField(tryNode, 'body') ?? tryNode.children.find((c) => c.type === 'block');
    let checkpoint: boolean | undefined;
    const bodyCheckpoint = () => (checkpoint ??= body ? hasCheckpoint([body], text) : false);
    const covered = { cancel: false, ge: false, ki: false, se: false };
    const inLoop = this.inLoop();
    for (const handler of tryNode.children) {
      if (handler.type === 'except_clause') this.checkHandler(tryNode, handler, body, bodyCheckpoint, covered, fn, inLoop);
    }
    const fin = tryNode.children.find((c) => c.type === 'finally_clause');
    if (fin && fn.isAsync) {
      const others = tryNode.children.filter((c) => c !== fin);
      if (hasCheckpoint(others, text)) this.checkFinally(fin, fn);
    }
  }

  /** What a broad handler can receive, for the message: minus what earlier handlers of the same try re-raise. */
  private sourceFor(fn: FnInfo, covered?: { ki: boolean; se: boolean; ge: boolean }): string {
    if (fn.isAsync) {
      for (const lib of ['anyio', 'trio', 'asyncio'] as const) if (this.bindings.libraries.has(lib)) return LIB_NAMES[lib];
      return 'a task cancellation';
    }
    const names: string[] = [];
    if (!covered?.ki) names.push('KeyboardInterrupt');
    if (!covered?.se) names.push('SystemExit');
    if (fn.isGenerator && !covered?.ge) names.push('GeneratorExit');
    if (names.length === 0) return 'KeyboardInterrupt and SystemExit';
    return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  }

  private checkHandler(
    tryNode: PyNode,
    handler: PyNode,
    body: PyNode | undefined,
    bodyCheckpoint: () => boolean,
    covered: { cancel: boolean; ge: boolean; ki: boolean; se: boolean },
    fn: FnInfo,
    inLoop: boolean,
  ): void {
    const text = this.text;
    const { bare, elements: written, alias } = handlerTypes(handler, text);
    // A module-level tuple alias is expanded only when it names no critical class itself (it then only
    // covers interrupts for later handlers, or is checked like `except KeyboardInterrupt`); reports point at
    // the name written in the handler.
    const origin = new Map<PyNode, PyNode>();
    const elements = written.flatMap((e) => {
      const items = e.type === 'identifier' ? this.tupleAliases.get(nodeText(e, text)) : undefined;
      if (!items || items.some((i) => ['base', 'exception', 'cancel'].includes(this.classify(i)?.kind ?? ''))) return [e];
      for (const i of items) origin.set(i, e);
      return items;
    });
    const isStar = isStarHandler(handler, text);
    const block = handler.children.find((c) => c.type === 'block');
    const kinds = elements.map((e) => ({ node: origin.get(e) ?? e, k: this.classify(e) }));
    const wasCovered = { ...covered };
    // What this handler covers for later handlers of the same try.
    const hasBase = bare || kinds.some((x) => x.k?.kind === 'base');
    if (hasBase) covered.cancel = covered.ge = covered.ki = covered.se = true;
    if (kinds.some((x) => x.k?.kind === 'cancel')) covered.cancel = true;
    if (kinds.some((x) => x.k?.kind === 'generator-exit')) covered.ge = true;
    if (kinds.some((x) => x.k?.kind === 'keyboard-interrupt')) covered.ki = true;
    if (kinds.some((x) => x.k?.kind === 'system-exit')) covered.se = true;
    if (!block) return;
    // In `__del__` nothing can propagate: CPython prints "Exception ignored in …" and goes on (checked on
    // 3.11 with a KeyboardInterrupt), so re-raising there changes nothing.
    if (!fn.isAsync && fn.node?.type === 'function_definition' && nodeText(childByField(fn.node, 'name') ?? fn.node, text) === '__del__') return;
    // Deliberate suppression: asyncio's docs ask for Task.uncancel().
    if (findIn(block, (c) => isMethodCall(c, text, pyUncancelMethod))) return;

    const base: Omit<Extract<PyFinding, { kind: 'handler' }>, 'target' | 'exit' | 'exits' | 'mode' | 'source' | 'broad' | 'awaitedCancelledTask'> & { kind: 'handler' } = {
      kind: 'handler',
      handler,
      tryNode,
      inLoop,
      fn,
      isStar,
      onlyLogs: this.onlyLogs(block),
    };

    // 1. Cancellation (ASYNC103/104 model). In a plain sync function, a broad handler after
    // `except (SystemExit, KeyboardInterrupt): raise` can no longer swallow an interrupt or a cancellation.
    const syncInterruptsHandled = !fn.isAsync && !fn.isGenerator && wasCovered.ki && wasCovered.se;
    if (!wasCovered.cancel && !syncInterruptsHandled) {
      let target: ReportTarget | undefined;
      let broad: 'bare' | 'base' | 'exception' | null = null;
      let source = '';
      let explicitOnly = false;
      if (bare) {
        broad = 'bare';
        target = { range: [handler.range[0], handler.range[0] + 6], loc: { start: handler.loc.start, end: { line: handler.loc.start.line, column: handler.loc.start.column + 6 } } };
        source = this.sourceFor(fn, wasCovered);
      } else {
        const baseEl = kinds.find((x) => x.k?.kind === 'base');
        const cancelEl = kinds.find((x) => x.k?.kind === 'cancel');
        const excEl =
          !isStar && this.minor < PY_CANCELLED_IS_BASE_EXCEPTION_SINCE && fn.isAsync && bodyCheckpoint()
            ? kinds.find((x) => x.k?.kind === 'exception')
            : undefined;
        if (baseEl) {
          broad = 'base';
          target = baseEl.node;
          source = this.sourceFor(fn, wasCovered);
        } else if (cancelEl && bodyCheckpoint()) {
          target = cancelEl.node;
          source = (cancelEl.k as { name: string }).name;
          explicitOnly = true;
        } else if (excEl) {
          broad = 'exception';
          target = excEl.node;
          source = `${LIB_NAMES.asyncio} (an Exception before Python 3.8)`;
        }
      }
      if (target) {
        const paths = new HandlerPaths({ text, bindings: this.bindings, caught: alias, interruptRaisesEnd: false, ...this.protocolContext(fn) });
        paths.analyseHandler(block);
        if (paths.exits.length > 0 && !paths.guarded && this.deferredReraise(block, tryNode)) {
          const rest = paths.exits.filter((e) => e.kind !== 'fallthrough');
          paths.exits.length = 0;
          paths.exits.push(...rest);
        }
        if (paths.exits.length > 0 && !paths.guarded) {
          let task: string | null = null;
          if (explicitOnly && fn.isAsync && body) {
            task = this.awaitedCancelledTask(body, tryNode.range[0]);
            if (task && this.waitedBefore(task, tryNode.range[0])) return;
          }
          const exits = [...paths.exits].sort((a, b) => order(a) - order(b));
          this.findings.push({ ...base, target, exit: exits[0]!, exits, mode: 'cancel', source, broad, awaitedCancelledTask: task });
          return;
        }
        // Re-raised on every path: GeneratorExit / interrupts are re-raised too when the handler is broad.
        if (broad === 'bare' || broad === 'base') return;
      }
    }

    // 2. GeneratorExit in a generator, KeyboardInterrupt / SystemExit in loops and generators.
    const special: { node: PyNode; kind: 'generator-exit' | 'keyboard-interrupt' | 'system-exit' }[] = [];
    for (const x of kinds) {
      if (x.k?.kind === 'generator-exit' && !wasCovered.ge && fn.isGenerator) special.push({ node: x.node, kind: 'generator-exit' });
      if (x.k?.kind === 'keyboard-interrupt' && !wasCovered.ki && (inLoop || fn.isGenerator)) special.push({ node: x.node, kind: 'keyboard-interrupt' });
      if (x.k?.kind === 'system-exit' && !wasCovered.se && (inLoop || fn.isGenerator)) special.push({ node: x.node, kind: 'system-exit' });
    }
    if (special.length === 0) return;
    const paths = new HandlerPaths({ text, bindings: this.bindings, caught: alias, interruptRaisesEnd: true, ...this.protocolContext(fn) });
    paths.analyseHandler(block);
    const continuing = paths.exits.filter((e) => e.kind === 'fallthrough' || e.kind === 'continue' || e.kind === 'break');
    for (const s of special) {
      let exits: PyExit[] = paths.exits.filter((e) => e.kind === 'yield');
      if (s.kind === 'generator-exit') {
        if (this.yieldAfter(tryNode)) exits.push(...continuing);
      } else {
        const loopGoesOn = continuing.filter((e) => e.kind !== 'break');
        // An interactive loop that reports Ctrl+C and goes back to its prompt (a REPL) is the normal use of
        // `except KeyboardInterrupt` in a loop: only a silent one (`pass` / `continue`) is reported.
        const silent = block.children.every((c) => c.type === 'pass_statement' || c.type === 'continue_statement');
        if (inLoop && (s.kind === 'system-exit' || silent)) exits.push(...loopGoesOn);
        else if (fn.isGenerator && this.yieldAfter(tryNode)) exits.push(...continuing);
      }
      if (exits.length === 0) continue;
      exits = exits.sort((a, b) => order(a) - order(b));
      this.findings.push({
        ...base,
        target: s.node,
        exit: exits[0]!,
        exits,
        mode: s.kind === 'generator-exit' ? 'generator-exit' : 'interrupt',
        source: nodeText(s.node, text),
        broad: null,
        awaitedCancelledTask: null,
      });
      return;
    }
  }

  /**
   * What the path analysis needs to know about the handler's function: hand-off (`set_exception(exc)`)
   * ends a path only in a plain function; `__exit__` / `__aexit__` parameters hold the exception in flight.
   */
  private protocolContext(fn: FnInfo): { handOff: boolean; exitProtocolParams?: string[] } {
    const out: { handOff: boolean; exitProtocolParams?: string[] } = { handOff: !fn.isAsync && fn.node?.type === 'function_definition' };
    const def = fn.node;
    if (!def || def.type !== 'function_definition') return out;
    const name = childByField(def, 'name');
    if (!name || !pyExitProtocolMethods.includes(nodeText(name, this.text))) return out;
    const params: string[] = [];
    for (const p of childByField(def, 'parameters')?.children ?? []) {
      const id = p.type === 'identifier' ? p : p.children.find((c) => c.type === 'identifier');
      if (id) params.push(nodeText(id, this.text));
    }
    out.exitProtocolParams = params;
    return out;
  }

  /**
   * Deferred re-raise: the handler records the cancellation in a name (`cancelled = True`, `exc = e`) and
   * the function raises later under that name (`if cancelled: raise …`, `raise exc`), as asyncio's own
   * `Condition.wait` and `TaskGroup.__aexit__` do. Falling through is then not a swallow.
   */
  private deferredReraise(block: PyNode, tryNode: PyNode): boolean {
    const text = this.text;
    const names = new Set<string>();
    findIn(block, (c) => {
      if (c.type === 'assignment') {
        const left = childByField(c, 'left');
        if (left?.type === 'identifier') names.add(nodeText(left, text));
        else if (left?.type === 'attribute') names.add(nodeText(left, text).replace(/\s+/gu, ''));
      }
      return false;
    });
    if (names.size === 0) return false;
    const mentions = (n: PyNode) => !!findIn(n, (c) => (c.type === 'identifier' || c.type === 'attribute') && names.has(nodeText(c, text).replace(/\s+/gu, '')));
    const raisesLater = (scope: PyNode, after: number) =>
      !!findIn(scope, (c) => {
        if (c.range[0] < after) return false;
        if (c.type === 'raise_statement' && c.children.some((v) => v.field !== 'cause' && mentions(v))) return true;
        if (c.type === 'if_statement') {
          const cond = childByField(c, 'condition');
          const cons = childByField(c, 'consequence');
          return !!cond && !!cons && mentions(cond) && cons.children.some((st) => st.type === 'raise_statement');
        }
        return false;
      });
    // `nonlocal exc; exc = e` in a nested function (a thread target, a loop callback): the function that
    // owns the name re-raises it after the nested one ran (`if exc is not None: raise exc`).
    const inner = this.fn.node;
    if (inner?.type === 'function_definition') {
      const declared = findIn(inner, (c) => c.type === 'nonlocal_statement' && c.children.some((id) => id.type === 'identifier' && names.has(nodeText(id, text))));
      const owner = declared ? this.enclosingFunctionOf(inner) : undefined;
      if (owner && raisesLater(owner, inner.range[1])) return true;
    }
    return raisesLater(this.fn.node ?? this.input.ast, tryNode.range[1]);
  }

  /** The innermost function that contains `fn` (for `nonlocal` names), if any. */
  private enclosingFunctionOf(fn: PyNode): PyNode | undefined {
    let best: PyNode | undefined;
    findIn(
      this.input.ast,
      (c) => {
        if (c !== fn && c.type === 'function_definition' && c.range[0] <= fn.range[0] && c.range[1] >= fn.range[1]) best = c;
        return false;
      },
      false,
    );
    return best;
  }

  private checkFinally(fin: PyNode, fn: FnInfo): void {
    const source = this.sourceFor(fn);
    const stack: { n: PyNode; loops: number }[] = [{ n: fin, loops: 0 }];
    while (stack.length) {
      const { n, loops } = stack.pop()!;
      if (n.type === 'return_statement') this.findings.push({ kind: 'finally', statement: n, word: 'return', source, fn });
      else if (n.type === 'break_statement' && loops === 0) this.findings.push({ kind: 'finally', statement: n, word: 'break', source, fn });
      else if (n.type === 'continue_statement' && loops === 0) this.findings.push({ kind: 'finally', statement: n, word: 'continue', source, fn });
      for (const c of n.children) {
        if (SCOPE_TYPES.has(c.type) || c.type === 'decorated_definition') continue;
        stack.push({ n: c, loops: loops + (LOOP_TYPES.has(c.type) ? 1 : 0) });
      }
    }
  }

  private checkWith(withNode: PyNode): void {
    const text = this.text;
    const fn = this.fn;
    const clause = withNode.children.find((c) => c.type === 'with_clause');
    const body = childByField(withNode, 'body');
    if (!clause || !body) return;
    for (const item of clause.children) {
      if (item.type !== 'with_item') continue;
      let value = childByField(item, 'value');
      if (value?.type === 'as_pattern') value = value.children[0];
      if (!value || value.type !== 'call') continue;
      if (!isCall(value, { text, bindings: this.bindings }, pySuppressors)) continue;
      const args = childByField(value, 'arguments');
      for (const arg of args?.children ?? []) {
        const k = this.classify(unwrap(arg));
        if (!k) continue;
        const checkpoint = hasCheckpoint([body], text);
        let source: string | null = null;
        let task: string | null = null;
        if (k.kind === 'base') source = this.sourceFor(fn);
        else if (k.kind === 'cancel' && checkpoint) {
          source = k.name;
          if (fn.isAsync) {
            task = this.awaitedCancelledTask(body, withNode.range[0]);
            if (task && this.waitedBefore(task, withNode.range[0])) continue;
          }
        } else if (k.kind === 'exception' && this.minor < PY_CANCELLED_IS_BASE_EXCEPTION_SINCE && fn.isAsync && checkpoint)
          source = `${LIB_NAMES.asyncio} (an Exception before Python 3.8)`;
        else if (k.kind === 'generator-exit' && fn.isGenerator && findIn(body, (c) => c.type === 'yield')) source = 'GeneratorExit';
        if (!source) continue;
        this.findings.push({ kind: 'suppress', target: unwrap(arg), callee: value, withNode, source, fn, awaitedCancelledTask: task });
        break;
      }
    }
  }
}

/** Report the most telling exit first: an explicit swallow before falling off the end. */
function order(e: PyExit): number {
  return e.kind === 'fallthrough' ? Number.MAX_SAFE_INTEGER : e.node.range[0];
}

export function analyzeCancellation(input: AnalysisInput): AnalysisResult {
  return new CancellationAnalysis(input).run();
}
