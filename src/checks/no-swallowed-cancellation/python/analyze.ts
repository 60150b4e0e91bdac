/**
 * `no-swallowed-cancellation` on Python: finds handlers (and `contextlib.suppress(...)`, and
 * `finally: return`) that swallow a cancellation. Reads the linted file's AST, and follows helpers one level
 * (helpers.ts: same module, and project modules through a lookup the caller gives).
 *
 * Which handlers are "critical" (reference/cancellation.md §1, seed 004):
 * - bare `except:`, `except BaseException` (ASYNC103's critical set), anywhere. In a coroutine whose `try`
 *   body has a checkpoint (`await`, `async for`, `async with`, a call of a local `async def`) they catch the
 *   task's cancellation; elsewhere only KeyboardInterrupt / SystemExit (and GeneratorExit in a generator,
 *   GreenletExit / gevent.Timeout in greenlet code) can arrive — none in a function that only runs as a
 *   thread or executor target;
 * - `asyncio.CancelledError` (any spelling the imports give it, also bare `CancelledError`),
 *   `trio.Cancelled`, `anyio.get_cancelled_exc_class()` (called in the `except`), configured classes —
 *   when the `try` body contains a checkpoint: without one, only a stored result (`task.result()`) can
 *   raise them, which is not a cancellation of the running code;
 * - `except Exception` when the target Python is below 3.8 (CancelledError was an Exception then), in an
 *   `async def` whose `try` body has a checkpoint;
 * - tuples and `except*` forms of all these (`except* Exception` never matches CancelledError);
 * - `GeneratorExit` in a generator when a `yield` can follow; `KeyboardInterrupt` / `SystemExit` /
 *   `GreenletExit` when the handler lets a loop (or a generator) go on.
 * A broad handler after an earlier `except <Cancelled>` / `except BaseException` / bare `except` of the same
 * `try` is not critical (the earlier one saw the cancellation first); an explicit cancellation handler is
 * checked unless an earlier one caught the same library's class (mixed-library code has one of each).
 *
 * Reports (ASYNC103/104): one per statement that leaves the handler without re-raising (`return`,
 * `break`, `continue`, `yield`, `raise Other()`), on that statement, and one on the handler when a path
 * reaches its end.
 */
import { childByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import {
  pyExceptionGroupClasses,
  pyExitProtocolMethods,
  pyGreenletTimeoutClasses,
  pyHandOffMethods,
  pyOutcomeHolders,
  pyShieldedCheckpoints,
  pyShieldingLibraries,
  pyShieldingScopes,
  pySuppressors,
  pyTestCaseRaisingMethods,
  pyUncancelMethod,
  pyResultMethods,
  pySpawnCalls,
  pyWaitCalls,
  pyWaiterCancellationClasses,
  PY_CANCELLED_IS_BASE_EXCEPTION_SINCE,
} from '../../../catalog/python-cancellation.js';
import { classifyElement, instanceOfFlavors, LIB_NAMES, type InstanceContext, type PyElementKind, type PyFlavor } from './classes.js';
import { HelperFollower, type ImportedLookup } from './helpers.js';
import { addImport, emptyBindings, qualify, STATEMENT_CONTAINERS, type OwnModule, type PyBindings } from './imports.js';
import { findIn, handlerAlias, HandlerPaths, isCall, isMethodCall, type PathContext, type PyExit } from './paths.js';
import { threadOnlyFunctions } from './threads.js';

export type { PyElementKind } from './classes.js';

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
  /** Functions of project modules, for following helpers across modules (optional). */
  imported?: ImportedLookup;
  /** The linted module's dotted name (known when the file has relative imports and lies in a package). */
  own?: OwnModule;
  /** Is a class of this module (by name) subclassed in a project module that imports gevent / eventlet / greenlet? */
  greenletSubclass?: (className: string) => boolean;
}

export interface FnInfo {
  node: PyNode | null; // null = module
  isAsync: boolean;
  isGenerator: boolean;
  /** The class whose method this is (for `self.f()` helpers, TestCase methods). */
  owner?: PyNode;
}

/**
 * A function's `FnInfo`, with `isGenerator` computed only when a check asks (most functions are never asked). A
 * class rather than an object literal with a getter: with that literal, every analysed tree stayed alive until a full
 * collection (Django, every file analysed: peak RSS 333 MiB against 197 with this class; docs/design.md).
 */
class FunctionFacts implements FnInfo {
  #generator: boolean | undefined;
  readonly owner?: PyNode;

  constructor(
    readonly node: PyNode,
    readonly isAsync: boolean,
    private readonly body: PyNode | undefined,
    owner: PyNode | undefined,
  ) {
    if (owner) this.owner = owner;
  }

  get isGenerator(): boolean {
    return (this.#generator ??= !!this.body && !!findIn(this.body, (c) => c.type === 'yield'));
  }
}

/** Where to report: the critical type expression, or the `except` keyword of a bare handler. */
export type ReportTarget = PyNode | { range: [number, number]; loc: PyNode['loc'] };

/** What a broad handler can receive in its function, for the message (see `broadSource`). */
export interface PySource {
  /** The words of the message: 'asyncio.CancelledError', 'KeyboardInterrupt and SystemExit', … */
  source: string;
  /** A task cancellation (a coroutine's `try` with a checkpoint), not interrupts. */
  task: boolean;
  /** The source includes GreenletExit (greenlet code). */
  greenlet: boolean;
  /** The exceptions the path analysis follows (for `isinstance` narrowing). */
  flavors: PyFlavor[];
}

export type PyFinding =
  | {
      kind: 'handler';
      /** 'handler': reported on the `except` (a path reaches its end, or the trap); 'statement': on a statement that leaves it. */
      at: 'handler' | 'statement';
      /** Where the report goes: the critical type expression / bare `except`, or the escaping statement. */
      target: ReportTarget;
      /** The critical type expression of the handler (or its bare `except` keyword), for fixes and messages. */
      typeTarget: ReportTarget;
      handler: PyNode;
      tryNode: PyNode;
      /** The exit this report is about; `exits`: every exit of the handler. */
      exit: PyExit;
      exits: PyExit[];
      /** 'cancel': ASYNC103 model; 'generator-exit' / 'interrupt' / 'greenlet': the narrower checks. */
      mode: 'cancel' | 'generator-exit' | 'interrupt' | 'greenlet';
      /** What the handler catches that matters, for messages: 'asyncio.CancelledError', 'KeyboardInterrupt', … */
      source: string;
      /** The swallowed exception is a task cancellation (not an interrupt). */
      task: boolean;
      /** The swallowed exceptions include GreenletExit. */
      greenlet: boolean;
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
      task: boolean;
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

/** What earlier handlers of the same `try` caught (and re-raised or not: they saw it first). */
interface Covered {
  /** Cancellation classes, by library (or configured name). */
  cancel: Set<string>;
  base: boolean;
  ge: boolean;
  ki: boolean;
  se: boolean;
  greenletExit: boolean;
  greenletTimeout: boolean;
}

/** Methods that put the caught exception in a collection (re-raised later from it). */
const COLLECTING_METHODS = ['append', 'appendleft', 'add', 'insert'];
const SCOPE_TYPES = new Set(['function_definition', 'class_definition', 'lambda']);
const LOOP_TYPES = new Set(['for_statement', 'while_statement']);

function startsWithKeyword(node: PyNode, text: string, keyword: string): boolean {
  return new RegExp(`^${keyword}\\b`, 'u').test(text.slice(node.range[0], node.range[0] + keyword.length + 1));
}

/** A checkpoint by syntax: `await`, `async for`, `async with`, an async comprehension. */
export function isCheckpoint(n: PyNode, text: string): boolean {
  if (n.type === 'await') return true;
  if (n.type === 'for_statement' || n.type === 'with_statement' || n.type === 'for_in_clause') return startsWithKeyword(n, text, 'async');
  return false;
}

function unwrap(n: PyNode): PyNode {
  while (n.type === 'parenthesized_expression' && n.children.length === 1) n = n.children[0]!;
  return n;
}

/** The type expressions of an except clause, flattened (tuples), and its `as` name. */
export function handlerTypes(handler: PyNode, text: string): { bare: boolean; elements: PyNode[]; alias: string | null } {
  const values = handler.children.filter((c) => c.field === 'value');
  if (values.length === 0) return { bare: true, elements: [], alias: null };
  const elements: PyNode[] = [];
  const push = (n: PyNode) => {
    n = unwrap(n);
    if (n.type === 'tuple') n.children.forEach(push);
    else elements.push(n);
  };
  for (const v of values) {
    if (v.type === 'as_pattern') {
      const expr = v.children.find((c) => c.type !== 'as_pattern_target');
      if (expr) push(expr);
    } else push(v);
  }
  return { bare: false, elements, alias: handlerAlias(handler, text) };
}

export function isStarHandler(handler: PyNode, text: string): boolean {
  return /^except\s*\*/u.test(text.slice(handler.range[0], handler.range[0] + 12));
}

/** The key under which an explicit cancellation class counts as caught (per library: mixed-library code). */
function cancelKey(k: Extract<PyElementKind, { kind: 'cancel' }>): string {
  return k.library ?? k.name;
}

function joinNames(names: string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
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
  /** Classes defined in the module, by name, with their bases (for `isinstance` narrowing). */
  private readonly localClasses = new Map<string, PyNode[]>();
  /** Names of the module's `async def`s (functions and methods): calling one in a `try` is a checkpoint. */
  private readonly asyncDefs = new Set<string>();
  /** `try` / `with` statements met during the walk, checked once every import is known. */
  private readonly jobs: { node: PyNode; fn: FnInfo; ancestors: PyNode[] }[] = [];
  private threads: Set<PyNode> | undefined;
  private helpers: HelperFollower | undefined;

  constructor(private readonly input: AnalysisInput) {
    this.text = input.text;
    this.minor = input.minor;
    this.extraClasses = input.options?.pythonCancellationClasses ?? [];
    this.bindings = emptyBindings(input.own);
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
    return classifyElement(n, this.text, this.bindings, this.extraClasses);
  }

  private get instance(): InstanceContext {
    return { text: this.text, bindings: this.bindings, extraClasses: this.extraClasses, minor: this.minor, localClasses: this.localClasses };
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
      if (isAsync) this.asyncDefs.add(nodeText(childByField(node, 'name') ?? node, this.text));
      const parent = this.fn.node;
      // A method's class; a function nested in a method sees the method's `self` (a closure).
      const owner = parent?.type === 'class_definition' ? parent : this.fn.owner;
      const info = new FunctionFacts(node, isAsync, body, owner);
      this.fnStack.push(info);
      const saved = this.ancestors.splice(0);
      this.visitChildren(node, depth);
      this.ancestors.push(...saved);
      this.fnStack.pop();
      return;
    }
    if (node.type === 'lambda') return;
    if (node.type === 'class_definition') {
      const name = childByField(node, 'name');
      if (name) this.localClasses.set(nodeText(name, this.text), (childByField(node, 'superclasses')?.children ?? []).filter((c) => c.type !== 'keyword_argument'));
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

  /**
   * A checkpoint in these statements where a cancellation of the task can be delivered: syntax (`await`,
   * …) or a call of one of the module's `async def`s; not inside a `with` that shields its body
   * (`trio.CancelScope(shield=True)`), nor an await of `cancel_shielded_checkpoint()`.
   */
  private hasCheckpoint(nodes: PyNode[]): boolean {
    const text = this.text;
    const stack = [...nodes];
    while (stack.length) {
      const c = stack.pop()!;
      if (c.type === 'await') {
        const v = c.children[0] ? unwrap(c.children[0]) : undefined;
        if (!(v && isCall(v, { text, bindings: this.bindings }, pyShieldedCheckpoints))) return true;
      } else if (isCheckpoint(c, text)) return true;
      else if (c.type === 'call' && this.callsLocalAsync(c)) return true;
      if (c.type === 'with_statement' && this.shields(c)) {
        // Only the context expressions run outside the shield.
        const clause = c.children.find((x) => x.type === 'with_clause');
        if (clause) stack.push(clause);
        continue;
      }
      for (const child of c.children) if (!SCOPE_TYPES.has(child.type) && child.type !== 'decorated_definition') stack.push(child);
    }
    return false;
  }

  private callsLocalAsync(c: PyNode): boolean {
    if (this.asyncDefs.size === 0) return false;
    const text = this.text;
    const f = childByField(c, 'function');
    if (f?.type === 'identifier') return this.asyncDefs.has(nodeText(f, text));
    const obj = f?.type === 'attribute' ? childByField(f, 'object') : undefined;
    const attr = f?.type === 'attribute' ? childByField(f, 'attribute') : undefined;
    return obj?.type === 'identifier' && ['self', 'cls'].includes(nodeText(obj, text)) && !!attr && this.asyncDefs.has(nodeText(attr, text));
  }

  /** `with trio.CancelScope(shield=True):`, `with anyio.move_on_after(5, shield=True):` */
  private shields(withNode: PyNode): boolean {
    const text = this.text;
    const clause = withNode.children.find((x) => x.type === 'with_clause');
    return (clause?.children ?? []).some((item) => {
      let value = childByField(item, 'value');
      if (value?.type === 'as_pattern') value = value.children[0];
      if (value?.type !== 'call') return false;
      const fn = childByField(value, 'function');
      const qs = fn ? qualify(fn, text, this.bindings) : [];
      const named = qs.some((q) => pyShieldingLibraries.includes(q.split('.')[0]!) && pyShieldingScopes.includes(q.split('.').pop()!));
      const shield = (childByField(value, 'arguments')?.children ?? []).some(
        (a) => a.type === 'keyword_argument' && nodeText(childByField(a, 'name') ?? a, text) === 'shield' && childByField(a, 'value')?.type === 'true',
      );
      return named && shield;
    });
  }

  /** The function only runs as a thread or executor target (no interrupt, no cancellation reaches it). */
  private threadOnly(fn: FnInfo): boolean {
    const def = fn.node;
    if (fn.isAsync || def?.type !== 'function_definition') return false;
    this.threads ??= threadOnlyFunctions(this.input.ast, this.text, this.bindings);
    return this.threads.has(def);
  }

  /** The function creates its own gevent / eventlet `Timeout` (the one it catches may be its own). */
  private ownsTimeout(fn: FnInfo): boolean {
    const scope = fn.node ?? this.input.ast;
    return !!findIn(scope, (c) => isCall(c, { text: this.text, bindings: this.bindings }, pyGreenletTimeoutClasses));
  }

  /**
   * What a broad handler (bare, `BaseException`, `suppress(BaseException)`) can swallow in `fn`, minus what
   * earlier handlers of the same `try` caught; null when nothing that matters can arrive. `guarded`: the
   * statements the handler guards (the `try` / `with` body): GeneratorExit is raised at a paused `yield`, so
   * it arrives only when one is among them.
   */
  private broadSource(fn: FnInfo, checkpoint: boolean, covered?: Covered, guarded?: PyNode): PySource | null {
    if (fn.isAsync && checkpoint) {
      let source = 'a task cancellation';
      // anyio's own backend modules run on the library they import (its asyncio backend sees
      // asyncio.CancelledError); anywhere else anyio code may run on either backend.
      const order = this.bindings.own?.name.split('.')[0] === 'anyio' ? (['trio', 'asyncio', 'anyio'] as const) : (['anyio', 'trio', 'asyncio'] as const);
      for (const lib of order) {
        if (this.bindings.libraries.has(lib)) {
          source = LIB_NAMES[lib];
          break;
        }
      }
      return { source, task: true, greenlet: false, flavors: ['cancel'] };
    }
    const names: string[] = [];
    const flavors: PyFlavor[] = [];
    const greenlet = !fn.isAsync && (this.bindings.greenlet || this.inheritedGreenlet(fn));
    if (greenlet && !covered?.greenletExit) {
      names.push('GreenletExit');
      flavors.push('greenlet-exit');
    }
    if (greenlet && !covered?.greenletTimeout && ['gevent', 'eventlet'].some((m) => [...this.bindings.names.values()].some((qs) => [...qs].some((q) => q.split('.')[0] === m))) && !this.ownsTimeout(fn)) {
      names.push(this.bindingsMention('gevent') ? 'gevent.Timeout' : 'eventlet.Timeout');
      flavors.push('greenlet-timeout');
    }
    if ((!covered?.ki || !covered?.se) && !this.threadOnly(fn)) {
      if (!covered?.ki) {
        names.push('KeyboardInterrupt');
        flavors.push('keyboard-interrupt');
      }
      if (!covered?.se) {
        names.push('SystemExit');
        flavors.push('system-exit');
      }
    }
    if (fn.isGenerator && !covered?.ge && (!guarded || findIn(guarded, (c) => c.type === 'yield'))) {
      names.push('GeneratorExit');
      flavors.push('generator-exit');
    }
    if (names.length === 0) return null;
    return { source: joinNames(names), task: false, greenlet: flavors.includes('greenlet-exit'), flavors };
  }

  /** A method of a class that a greenlet module of the project subclasses (gunicorn's AsyncWorker). */
  private inheritedGreenlet(fn: FnInfo): boolean {
    const cls = fn.owner;
    const name = cls ? childByField(cls, 'name') : undefined;
    return !!name && !!this.input.greenletSubclass?.(nodeText(name, this.text));
  }

  private bindingsMention(module: string): boolean {
    for (const qs of this.bindings.names.values()) for (const q of qs) if (q.split('.')[0] === module) return true;
    return false;
  }

  private checkTry(tryNode: PyNode): void {
    const fn = this.fn;
    const body = childByField(tryNode, 'body') ?? tryNode.children.find((c) => c.type === 'block');
    let checkpoint: boolean | undefined;
    const bodyCheckpoint = () => (checkpoint ??= body ? this.hasCheckpoint([body]) : false);
    const covered: Covered = { cancel: new Set(), base: false, ge: false, ki: false, se: false, greenletExit: false, greenletTimeout: false };
    const inLoop = this.inLoop();
    for (const handler of tryNode.children) {
      if (handler.type === 'except_clause') this.checkHandler(tryNode, handler, body, bodyCheckpoint, covered, fn, inLoop);
    }
    const fin = tryNode.children.find((c) => c.type === 'finally_clause');
    if (fin && fn.isAsync) {
      const others = tryNode.children.filter((c) => c !== fin);
      if (this.hasCheckpoint(others)) this.checkFinally(fin, fn);
    }
  }

  private checkHandler(
    tryNode: PyNode,
    handler: PyNode,
    body: PyNode | undefined,
    bodyCheckpoint: () => boolean,
    covered: Covered,
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
    const was: Covered = { ...covered, cancel: new Set(covered.cancel) };
    // What this handler covers for later handlers of the same try.
    const hasBase = bare || kinds.some((x) => x.k?.kind === 'base');
    if (hasBase) covered.base = covered.ge = covered.ki = covered.se = covered.greenletExit = covered.greenletTimeout = true;
    for (const x of kinds) {
      const k = x.k;
      if (k?.kind === 'cancel') covered.cancel.add(cancelKey(k));
      if (k?.kind === 'generator-exit') covered.ge = true;
      if (k?.kind === 'keyboard-interrupt') covered.ki = true;
      if (k?.kind === 'system-exit') covered.se = true;
      if (k?.kind === 'greenlet-exit') covered.greenletExit = true;
      if (k?.kind === 'greenlet-timeout') covered.greenletTimeout = true;
    }
    if (!block || was.base) return;
    // In `__del__` nothing can propagate: CPython prints "Exception ignored in …" and goes on (checked on
    // 3.11 with a KeyboardInterrupt), so re-raising there changes nothing.
    if (!fn.isAsync && fn.node?.type === 'function_definition' && nodeText(childByField(fn.node, 'name') ?? fn.node, text) === '__del__') return;
    // Deliberate suppression: asyncio's docs ask for Task.uncancel().
    if (findIn(block, (c) => isMethodCall(c, text, pyUncancelMethod))) return;

    const onlyLogs = this.onlyLogs(block);
    /** What every finding of this handler says about where it is. */
    const place = { kind: 'handler' as const, handler, tryNode, inLoop, fn, isStar, onlyLogs };
    const typeTargetOf = (n: PyNode | undefined): ReportTarget =>
      n ?? { range: [handler.range[0], handler.range[0] + 6], loc: { start: handler.loc.start, end: { line: handler.loc.start.line, column: handler.loc.start.column + 6 } } };

    // 1. Cancellation (ASYNC103/104 model).
    let typeTarget: ReportTarget | undefined;
    let broad: 'bare' | 'base' | 'exception' | null = null;
    let src: PySource | null = null;
    let explicitOnly = false;
    const anyCancelCovered = was.cancel.size > 0;
    const checkpoint = fn.isAsync && bodyCheckpoint();
    if (hasBase) {
      if (!anyCancelCovered) {
        broad = bare ? 'bare' : 'base';
        typeTarget = typeTargetOf(bare ? undefined : kinds.find((x) => x.k?.kind === 'base')!.node);
        src = this.broadSource(fn, checkpoint, was, body);
      }
    } else {
      const cancelEl = kinds.find((x) => x.k?.kind === 'cancel' && !was.cancel.has(cancelKey(x.k)));
      const excEl =
        !isStar && !anyCancelCovered && this.minor < PY_CANCELLED_IS_BASE_EXCEPTION_SINCE && checkpoint ? kinds.find((x) => x.k?.kind === 'exception') : undefined;
      if (cancelEl && bodyCheckpoint()) {
        typeTarget = cancelEl.node;
        src = { source: (cancelEl.k as { name: string }).name, task: true, greenlet: false, flavors: ['cancel'] };
        explicitOnly = true;
      } else if (excEl) {
        broad = 'exception';
        typeTarget = excEl.node;
        src = { source: `${LIB_NAMES.asyncio} (an Exception before Python 3.8)`, task: true, greenlet: false, flavors: ['cancel'] };
      }
    }
    if (typeTarget && src) {
      const paths = new HandlerPaths(this.pathContext(fn, alias, src.flavors, !src.task, tryNode));
      paths.analyseHandler(block);
      if (paths.exits.length > 0 && !paths.guarded && this.deferredReraise(block, tryNode, alias)) {
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
        const exits = dedupe(paths.exits).sort((a, b) => order(a) - order(b));
        const common = {
          ...place,
          typeTarget,
          exits,
          mode: src.greenlet && !src.task ? ('greenlet' as const) : ('cancel' as const),
          source: src.source,
          task: src.task,
          greenlet: src.greenlet,
          broad,
        };
        if (task) {
          // The seed-004 trap: one report on the handler, whatever its paths.
          this.findings.push({ ...common, at: 'handler', target: typeTarget, exit: exits[0]!, awaitedCancelledTask: task });
          return;
        }
        for (const e of exits) {
          if (e.kind === 'fallthrough') this.findings.push({ ...common, at: 'handler', target: typeTarget, exit: e, awaitedCancelledTask: null });
          else this.findings.push({ ...common, at: 'statement', target: e.node, exit: e, awaitedCancelledTask: null });
        }
        return;
      }
      // Re-raised on every path: GeneratorExit / interrupts are re-raised too when the handler is broad.
      if (broad === 'bare' || broad === 'base') return;
    }
    if (hasBase) return;

    // 2. GeneratorExit in a generator; KeyboardInterrupt / SystemExit / GreenletExit in loops and generators.
    // Asked only for a handler it can change (the module's thread walk is the costly part of this check).
    let threadOnly: boolean | undefined;
    const notThreadOnly = () => !(threadOnly ??= this.threadOnly(fn));
    const special: { node: PyNode; kind: 'generator-exit' | 'keyboard-interrupt' | 'system-exit' | 'greenlet-exit' }[] = [];
    for (const x of kinds) {
      const goesOn = inLoop || fn.isGenerator;
      if (x.k?.kind === 'generator-exit' && !was.ge && fn.isGenerator) special.push({ node: x.node, kind: 'generator-exit' });
      if (x.k?.kind === 'keyboard-interrupt' && !was.ki && goesOn && notThreadOnly()) special.push({ node: x.node, kind: 'keyboard-interrupt' });
      if (x.k?.kind === 'system-exit' && !was.se && goesOn && notThreadOnly()) special.push({ node: x.node, kind: 'system-exit' });
      if (x.k?.kind === 'greenlet-exit' && !was.greenletExit && goesOn && !fn.isAsync) special.push({ node: x.node, kind: 'greenlet-exit' });
    }
    if (special.length === 0) return;
    for (const s of special) {
      const paths = new HandlerPaths(this.pathContext(fn, alias, [s.kind], true, tryNode));
      paths.analyseHandler(block);
      const continuing = paths.exits.filter((e) => e.kind === 'fallthrough' || e.kind === 'continue' || e.kind === 'break');
      let exits: PyExit[] = paths.exits.filter((e) => e.kind === 'yield');
      if (s.kind === 'generator-exit') {
        if (this.yieldAfter(tryNode)) exits.push(...continuing);
      } else {
        const loopGoesOn = continuing.filter((e) => e.kind !== 'break');
        // An interactive loop that reports Ctrl+C and goes back to its prompt (a REPL) is the normal use of
        // `except KeyboardInterrupt` in a loop: only a silent one (`pass` / `continue`) is reported.
        const silent = block.children.every((c) => c.type === 'pass_statement' || c.type === 'continue_statement');
        if (inLoop && (s.kind !== 'keyboard-interrupt' || silent)) exits.push(...loopGoesOn);
        else if (fn.isGenerator && this.yieldAfter(tryNode)) exits.push(...continuing);
      }
      if (exits.length === 0) continue;
      exits = exits.sort((a, b) => order(a) - order(b));
      this.findings.push({
        ...place,
        at: 'handler',
        target: s.node,
        typeTarget: s.node,
        exit: exits[0]!,
        exits,
        mode: s.kind === 'generator-exit' ? 'generator-exit' : s.kind === 'greenlet-exit' ? 'greenlet' : 'interrupt',
        source: nodeText(s.node, text),
        task: false,
        greenlet: s.kind === 'greenlet-exit',
        broad: null,
        awaitedCancelledTask: null,
      });
      return;
    }
  }

  /** The path analysis of a handler of `tryNode` in `fn` that follows `flavors`. */
  private pathContext(fn: FnInfo, caught: string | null, flavors: readonly PyFlavor[], interruptRaisesEnd: boolean, tryNode: PyNode): PathContext {
    const text = this.text;
    const instance = this.instance;
    const taskEnds = fn.isAsync && this.endsFunction(tryNode) ? { resultReceivers: this.resultReceivers(fn), cancel: flavors.includes('cancel') } : undefined;
    return {
      text,
      bindings: this.bindings,
      caught,
      interruptRaisesEnd,
      returnHandsOff: true,
      ...this.protocolContext(fn),
      ...(taskEnds ? { taskEnds } : {}),
      spawnRaises: (call, holds) =>
        (isCall(call, { text, bindings: this.bindings }, pySpawnCalls) || pySpawnCalls.some((m) => m.startsWith('.') && isMethodCall(call, text, m.slice(1)))) &&
        this.follower().spawnedRaises(call, fn.node?.type === 'function_definition' ? fn.node : null, holds, flavors),
      instanceOf: (types) => instanceOfFlavors(types, flavors, instance),
      catchesIt: (h) => {
        const { bare, elements } = handlerTypes(h, text);
        return bare || instanceOfFlavors(elements, flavors, instance) !== false;
      },
      isCancellationClass: (t) => flavors.includes('cancel') && (this.classify(unwrap(t))?.kind === 'cancel' || qualify(unwrap(t), text, this.bindings).some((q) => pyWaiterCancellationClasses.includes(q))),
      neverReturns: (call, holds, awaited) => this.neverReturns(call, fn, holds, awaited, flavors),
    };
  }

  /** A call in a handler that never returns: `self.fail()` in a TestCase, a followed helper that always raises. */
  private neverReturns(call: PyNode, fn: FnInfo, holds: (n: PyNode) => boolean, awaited: boolean, flavors: readonly PyFlavor[]): boolean {
    const text = this.text;
    const owner = fn.owner;
    if (owner && pyTestCaseRaisingMethods.some((m) => isMethodCall(call, text, m))) {
      const obj = childByField(childByField(call, 'function')!, 'object');
      const bases = childByField(owner, 'superclasses')?.children ?? [];
      if (obj && nodeText(obj, text) === 'self' && bases.some((b) => /TestCase$/u.test(nodeText(b, text)))) return true;
    }
    return this.follower().neverReturns(call, owner, holds, awaited, flavors);
  }

  private follower(): HelperFollower {
    return (this.helpers ??= new HelperFollower(this.input.ast, {
      text: this.text,
      bindings: this.bindings,
      instance: this.instance,
      ...(this.input.imported ? { imported: this.input.imported } : {}),
    }));
  }

  /**
   * Nothing of the function runs after `node` completes normally: it is the last statement of every block up
   * to the function's body, outside any loop, and not the body of a `try` that has an `else`. (A `finally` or a
   * `with` exit still runs: clean-up.)
   */
  private endsFunction(node: PyNode): boolean {
    let child = node;
    for (let i = this.ancestors.length - 1; i >= 0; i--) {
      const a = this.ancestors[i]!;
      if (a.type === 'function_definition') return true;
      if (LOOP_TYPES.has(a.type) || a.type === 'class_definition') return false;
      if (a.type === 'block' && a.children[a.children.length - 1] !== child) return false;
      if (a.type === 'try_statement' && child.type === 'block' && a.children.some((c) => c.type === 'else_clause')) return false;
      child = a;
    }
    return false;
  }

  /** `fut` of `fut.set_result(x)` in the function (not in nested functions): who receives its result. */
  private resultReceivers(fn: FnInfo): Set<string> {
    const out = new Set<string>();
    if (!fn.node) return out;
    const text = this.text;
    findIn(fn.node, (c) => {
      if (c.type === 'call' && pyResultMethods.some((m) => isMethodCall(c, text, m))) {
        const receiver = childByField(childByField(c, 'function')!, 'object');
        if (receiver) out.add(nodeText(receiver, text).replace(/\s+/gu, ''));
      }
      return false;
    });
    return out;
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
   * `Condition.wait` and `TaskGroup.__aexit__` do; a plain function may also hand the stored exception on
   * later (`fut.set_exception(exc)`, `outcome.Error(exc)`). A name stored on the object (`self._exc = e`)
   * counts when any method of the class raises or hands it on, and so does an attribute a method of the class
   * stores it in (`self._add_exc(exc)` appending to `self._pending_excs`). Returning what holds it (`return
   * errs[0]`, `return BaseExceptionGroup("", errs)`) hands it to the caller. Falling through is then not a swallow.
   */
  private deferredReraise(block: PyNode, tryNode: PyNode, caught: string | null): boolean {
    const text = this.text;
    const names = new Set<string>();
    findIn(block, (c) => {
      if (c.type === 'assignment') {
        const left = childByField(c, 'left');
        if (left?.type === 'identifier') names.add(nodeText(left, text));
        else if (left?.type === 'attribute') names.add(nodeText(left, text).replace(/\s+/gu, ''));
      }
      // `errors.append(exc)`: collected, then `raise errors[0]` / `raise BaseExceptionGroup("", errors)`.
      if (caught !== null && c.type === 'call' && COLLECTING_METHODS.some((m) => isMethodCall(c, text, m))) {
        const receiver = childByField(childByField(c, 'function')!, 'object');
        const args = childByField(c, 'arguments')?.children ?? [];
        if (receiver && args.some((a) => a.type === 'identifier' && nodeText(a, text) === caught)) names.add(nodeText(receiver, text).replace(/\s+/gu, ''));
      }
      // `self._add_exc(exc)`, a method of the class that appends it to `self._pending_excs` (or assigns it).
      if (caught !== null && c.type === 'call') {
        const holds = (a: PyNode) => a.type === 'identifier' && nodeText(a, text) === caught;
        for (const attr of this.follower().storedAttributes(c, this.fn.owner, holds, COLLECTING_METHODS)) names.add(attr);
      }
      return false;
    });
    if (names.size === 0) return false;
    const fnNode = this.fn.node;
    const handOff = !this.fn.isAsync && fnNode?.type === 'function_definition';
    const isName = (c: PyNode) => (c.type === 'identifier' || c.type === 'attribute') && names.has(nodeText(c, text).replace(/\s+/gu, ''));
    const mentions = (n: PyNode) => !!findIn(n, isName);
    const handsOn = (c: PyNode) => {
      if (!handOff || c.type !== 'call') return false;
      if (!pyHandOffMethods.some((m) => isMethodCall(c, text, m)) && !isCall(c, { text, bindings: this.bindings }, pyOutcomeHolders)) return false;
      return (childByField(c, 'arguments')?.children ?? []).some((a) => isName(unwrap(a)));
    };
    // What holds the stored exception: the name, an element of it (`errs[0]`), a group of it
    // (`BaseExceptionGroup("", errs)`), and names assigned one of these later (`group = BaseExceptionGroup(…)`).
    const carries = (n: PyNode | undefined): boolean => {
      if (!n) return false;
      n = unwrap(n);
      if (isName(n)) return true;
      if (n.type === 'subscript') return carries(childByField(n, 'value'));
      if (n.type === 'call' && isCall(n, { text, bindings: this.bindings }, pyExceptionGroupClasses))
        return (childByField(n, 'arguments')?.children ?? []).some((a) => carries(a) || ((a.type === 'list' || a.type === 'tuple') && a.children.some(carries)));
      return false;
    };
    const inLoop = this.inLoop();
    const raisesLater = (scope: PyNode, after: number, inMethods = false) =>
      !!findIn(scope, (c) => {
        if (c.range[0] < after) return false;
        if (c.type === 'raise_statement' && c.children.some((v) => v.field !== 'cause' && mentions(v))) return true;
        // `return errs[0]` / `return group`: returned to the caller, which raises it (a nursery's exit); not
        // after a loop, whose next rounds already ran in the cancelled task.
        if (c.type === 'return_statement' && !inLoop && carries(c.children[0])) return true;
        if (c.type === 'assignment' && childByField(c, 'left')?.type === 'identifier' && carries(childByField(c, 'right'))) names.add(nodeText(childByField(c, 'left')!, text));
        if (handsOn(c)) return true;
        if (c.type === 'if_statement') {
          const cond = childByField(c, 'condition');
          const cons = childByField(c, 'consequence');
          return !!cond && !!cons && mentions(cond) && cons.children.some((st) => st.type === 'raise_statement');
        }
        return false;
      }, !inMethods);
    // `nonlocal exc; exc = e` in a nested function (a thread target, a loop callback): the function that
    // owns the name re-raises it after the nested one ran (`if exc is not None: raise exc`).
    const inner = this.fn.node;
    if (inner?.type === 'function_definition') {
      const declared = findIn(inner, (c) => c.type === 'nonlocal_statement' && c.children.some((id) => id.type === 'identifier' && names.has(nodeText(id, text))));
      const owner = declared ? this.enclosingFunctionOf(inner) : undefined;
      if (owner && raisesLater(owner, inner.range[1])) return true;
    }
    // `self._exc = e`: another method of the class raises or hands it on.
    const cls = this.fn.owner;
    if (cls && [...names].some((n) => n.startsWith('self.')) && raisesLater(cls, 0, true)) return true;
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
    const source = this.broadSource(fn, true)!.source;
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
        const checkpoint = this.hasCheckpoint([body]);
        let source: string | null = null;
        let isTask = false;
        let task: string | null = null;
        if (k.kind === 'base') {
          const src = this.broadSource(fn, checkpoint, undefined, body);
          if (src) ({ source, task: isTask } = src);
        } else if (k.kind === 'cancel' && checkpoint) {
          source = k.name;
          isTask = true;
          if (fn.isAsync) {
            task = this.awaitedCancelledTask(body, withNode.range[0]);
            if (task && this.waitedBefore(task, withNode.range[0])) continue;
          }
        } else if (k.kind === 'exception' && this.minor < PY_CANCELLED_IS_BASE_EXCEPTION_SINCE && fn.isAsync && checkpoint) {
          source = `${LIB_NAMES.asyncio} (an Exception before Python 3.8)`;
          isTask = true;
        } else if (k.kind === 'generator-exit' && fn.isGenerator && findIn(body, (c) => c.type === 'yield')) source = 'GeneratorExit';
        if (!source) continue;
        this.findings.push({ kind: 'suppress', target: unwrap(arg), callee: value, withNode, source, task: isTask, fn, awaitedCancelledTask: task });
        break;
      }
    }
  }
}

/** One exit per statement (a statement can be met twice: a `finally` probed, then walked). */
function dedupe(exits: PyExit[]): PyExit[] {
  const seen = new Set<string>();
  return exits.filter((e) => {
    const key = `${e.kind}:${e.node.range[0]}:${e.node.range[1]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Report the most telling exit first: an explicit swallow before falling off the end. */
function order(e: PyExit): number {
  return e.kind === 'fallthrough' ? Number.MAX_SAFE_INTEGER : e.node.range[0];
}

export function analyzeCancellation(input: AnalysisInput): AnalysisResult {
  return new CancellationAnalysis(input).run();
}
