import type { ForkEvent, Guard, SpawnEvent, TimelineEvent } from '../../../graph/types.js';
import { pyForkEntryFor, pySpawnEntryById, pySpawnEntryFor, pySpawnFork, type PyForkEntry } from '../../../catalog/python-spawn-fork.js';
import { childByField, nodeText, type PyNode } from '../ast.js';
import { callArgs, locOf, stringValue } from '../ast-helpers.js';
import type { PyCallSite } from '../summarize.js';

/*
 * The Python spawn/fork detector (a PyDetector plugged into the summarizer through
 * src/lang/python/detector-registry.ts). For every call that runs while a module is evaluated it emits:
 *
 * - `spawn` events for the catalog's thread / greenlet / scheduler starts, with a guard:
 *   `main-script` inside `if __name__ == "__main__":` (a multiprocessing `spawn` child re-imports the
 *   module as `__mp_main__` and skips it; a server never runs it), `after-fork-child` when the module
 *   registers `os.register_at_fork(after_in_child=… | before=…)` (it re-creates or stops its threads
 *   around a fork itself), `process-check` under an `if` that asks which multiprocessing process runs
 *   (`__name__` against `"__mp_main__"`, `current_process().name`, `parent_process()`: {@link processCheckKind});
 *   `periodic` for a thread whose target loops forever with a sleep or wait (a periodic job);
 * - `fork` events for os.fork & co. and multiprocessing, whose `forkId` carries the start method as
 *   `<id>@<method>` for multiprocessing (`fork`, `spawn`, `forkserver`, `default`, `unknown`).
 *   `reRunsSelf` is true for `spawn` / `forkserver` (the child re-imports the main module); `processes` is the
 *   literal pool size of `Pool(4)` / `ProcessPoolExecutor(max_workers=4)`.
 *
 * Per-module state (contexts bound to names, set_start_method) lives in a WeakMap keyed by the module
 * node, so the detector stays a plain function. Never throws (the summarizer also guards it).
 */

export type StartMethod = 'fork' | 'spawn' | 'forkserver' | 'default' | 'unknown';

interface ModuleState {
  /** Local names bound to `multiprocessing.get_context(<method>)`. */
  contexts: Map<string, StartMethod>;
  /** What `multiprocessing.set_start_method(…)` chose so far. */
  defaultMethod: StartMethod;
  /** The module registers at-fork hooks (computed once). */
  atFork: boolean | undefined;
  /** `t = threading.Thread(target=…)`: names of threads whose target runs a scheduler loop. */
  schedulerThreads: Set<string>;
  /** `t = threading.Thread(target=…)`: names of threads whose target loops forever (a periodic job). */
  loopThreads: Set<string>;
}

const states = new WeakMap<PyNode, ModuleState>();

function stateOf(site: PyCallSite): ModuleState {
  const module = site.ancestors[0] ?? site.node;
  let s = states.get(module);
  if (!s) states.set(module, (s = { contexts: new Map(), defaultMethod: 'default', atFork: undefined, schedulerThreads: new Set(), loopThreads: new Set() }));
  return s;
}

export function pySpawnForkDetector(site: PyCallSite): TimelineEvent[] {
  const fn = childByField(site.node, 'function');
  if (!fn) return [];
  const q = site.qualify(fn);
  if (!q) return [];
  const state = stateOf(site);

  if (pySpawnFork.getContext.includes(q)) {
    rememberContext(site, state);
    return [];
  }
  if (pySpawnFork.setStartMethod.includes(q)) {
    state.defaultMethod = methodArg(site.node, site.text, 'method');
    return [];
  }

  if (q === 'threading.Thread') {
    const name = assignedName(site);
    if (name) {
      if (runsSchedulerLoop(site.node, site)) state.schedulerThreads.add(name);
      else state.schedulerThreads.delete(name);
      if (loopsForever(site.node, site)) state.loopThreads.add(name);
      else state.loopThreads.delete(name);
    }
    return [];
  }

  let spawn = pySpawnEntryFor(q);
  if (spawn?.id === 'threading.Thread' && isSchedulerThreadStart(site, state)) spawn = pySpawnEntryById('schedule.runner') ?? spawn;
  if (spawn) {
    const event: SpawnEvent = {
      kind: 'spawn',
      spawnId: spawn.id,
      category: spawn.category,
      guard: spawnGuard(site, state),
      loc: locOf(site.node),
      ...(site.statement ? { statementRange: [...site.statement.range] as [number, number] } : {}),
      ...(spawn.id === 'threading.Thread' && isLoopThreadStart(site, state) ? { periodic: true } : {}),
    };
    return [event];
  }

  // `p = ctx.Process(target=f)`: remember the context's method for `p.start()`.
  if (q.endsWith('.Process') && pySpawnFork.getContext.some((gc) => q === `${gc}().Process`)) {
    const name = assignedName(site);
    const receiver = contextReceiver(site);
    if (name) state.contexts.set(name, receiver ? contextMethod(receiver, site, state) : 'unknown');
    return [];
  }

  const fork = forkOf(q, site, state);
  if (fork) {
    const { entry, method } = fork;
    const event: ForkEvent = {
      kind: 'fork',
      forkId: entry.how === 'context' ? `${entry.id}@${method}` : entry.id,
      reRunsSelf: method === 'spawn' || method === 'forkserver',
      guard: mainGuard(site),
      loc: locOf(site.node),
    };
    const processes = poolSize(entry, site);
    if (processes !== undefined) event.processes = processes;
    return [event];
  }
  return [];
}

/** The body of `Thread(target=f)`'s target: a local function's or a lambda's. */
function targetBody(ctor: PyNode, site: PyCallSite): PyNode | undefined {
  const target = callArgs(ctor, site.text).keywords.get('target');
  if (!target) return undefined;
  if (target.type === 'lambda') return childByField(target, 'body');
  if (target.type === 'identifier') {
    const b = site.lookup(nodeText(target, site.text));
    if (b?.kind === 'function') return childByField(b.node, 'body');
  }
  return undefined;
}

/** `Thread(target=f)` where `f` (a local function or a lambda) calls `schedule.run_pending()`. */
function runsSchedulerLoop(ctor: PyNode, site: PyCallSite): boolean {
  const body = targetBody(ctor, site);
  if (!body) return false;
  const text = nodeText(body, site.text);
  return pySpawnFork.schedulerLoopCalls.some((c) => new RegExp(`\\b${c}\\s*\\(`).test(text));
}

/**
 * `Thread(target=f)` where `f` loops forever and paces itself: a `while True:` / `while 1:` loop (at the top of its
 * body) whose body sleeps or waits (`time.sleep(…)`, `event.wait(…)`). A periodic job: a poller, a heartbeat, a flush.
 */
function loopsForever(ctor: PyNode, site: PyCallSite): boolean {
  const body = targetBody(ctor, site);
  if (!body) return false;
  return body.children.some((stmt) => {
    if (stmt.type !== 'while_statement') return false;
    const cond = childByField(stmt, 'condition');
    const loop = childByField(stmt, 'body');
    if (!cond || !loop || !(cond.type === 'true' || (cond.type === 'integer' && nodeText(cond, site.text) !== '0'))) return false;
    return /\b(?:sleep|wait)\s*\(/.test(nodeText(loop, site.text));
  });
}

/** `Thread(target=loop).start()` or `t.start()` for a `t` remembered as a thread that loops forever. */
function isLoopThreadStart(site: PyCallSite, state: ModuleState): boolean {
  const fn = childByField(site.node, 'function');
  const obj = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
  if (!obj) return false;
  if (obj.type === 'call') return loopsForever(obj, site);
  if (obj.type === 'identifier') return state.loopThreads.has(nodeText(obj, site.text));
  return false;
}

/** `Pool(4)` / `Pool(processes=4)` / `ProcessPoolExecutor(4)` / `ProcessPoolExecutor(max_workers=4)`: the literal size. */
function poolSize(entry: PyForkEntry, site: PyCallSite): number | undefined {
  const keyword = entry.id === 'multiprocessing.Pool' ? 'processes' : entry.id === 'concurrent.futures.ProcessPoolExecutor' ? 'max_workers' : null;
  if (!keyword) return undefined;
  const args = callArgs(site.node, site.text);
  const arg = args.keywords.get(keyword) ?? args.positional[0];
  if (arg?.type !== 'integer') return undefined;
  const n = Number(nodeText(arg, site.text).replace(/_/g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** `Thread(target=loop).start()` or `t.start()` for a `t` remembered as a scheduler thread. */
function isSchedulerThreadStart(site: PyCallSite, state: ModuleState): boolean {
  const fn = childByField(site.node, 'function');
  const obj = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
  if (!obj) return false;
  if (obj.type === 'call') return runsSchedulerLoop(obj, site);
  if (obj.type === 'identifier') return state.schedulerThreads.has(nodeText(obj, site.text));
  return false;
}

/** `ctx = multiprocessing.get_context("spawn")`: remember the name. */
function rememberContext(site: PyCallSite, state: ModuleState): void {
  const name = assignedName(site);
  if (name) state.contexts.set(name, methodArg(site.node, site.text, 'method'));
}

/** `name = <the call>`: the name (the summarizer does not list the assignment among the ancestors). */
function assignedName(site: PyCallSite): string | null {
  const parent = site.ancestors[site.ancestors.length - 1];
  const assignment = parent?.type === 'assignment' ? parent : parent?.type === 'expression_statement' ? parent.children[0] : undefined;
  if (assignment?.type !== 'assignment' || childByField(assignment, 'right') !== site.node) return null;
  const left = childByField(assignment, 'left');
  return left?.type === 'identifier' ? nodeText(left, site.text) : null;
}

/** The start method a get_context()/set_start_method() call names; `default` when called without one. */
export function methodArg(call: PyNode, text: string, keyword: string): StartMethod {
  const args = callArgs(call, text);
  const arg = args.keywords.get(keyword) ?? args.positional[0];
  if (!arg) return args.splat ? 'unknown' : 'default';
  if (arg.type === 'none') return 'default';
  const v = stringValue(arg, text);
  return v === 'fork' || v === 'spawn' || v === 'forkserver' ? v : 'unknown';
}

function forkOf(q: string, site: PyCallSite, state: ModuleState): { entry: PyForkEntry; method: StartMethod } | null {
  const direct = pyForkEntryFor(q);
  if (direct) {
    if (direct.how === 'fork') return { entry: direct, method: 'fork' };
    // ProcessPoolExecutor(mp_context=…), Pool(context=…)
    const args = callArgs(site.node, site.text);
    const ctxArg = args.keywords.get('mp_context') ?? args.keywords.get('context');
    const method = ctxArg ? contextMethod(ctxArg, site, state) : state.defaultMethod;
    return { entry: direct, method };
  }
  // ctx.Pool() / get_context("spawn").Process(…).start(): the context's method.
  for (const gc of pySpawnFork.getContext) {
    if (!q.startsWith(`${gc}().`)) continue;
    for (const mod of pySpawnFork.multiprocessingModules) {
      const entry = pyForkEntryFor(`${mod}.${q.slice(gc.length + 3)}`);
      if (!entry) continue;
      const receiver = contextReceiver(site);
      const method = receiver ? contextMethod(receiver, site, state) : 'unknown';
      return { entry, method };
    }
  }
  return null;
}

/** The expression that denotes the context in `ctx.Pool()` / `ctx.Process(…).start()`. */
function contextReceiver(site: PyCallSite): PyNode | null {
  let fn = childByField(site.node, 'function');
  // Walk down `X.Process(...).start` → `X.Process` → X
  for (let i = 0; i < 4 && fn; i++) {
    if (fn.type !== 'attribute') return null;
    const obj = childByField(fn, 'object');
    if (!obj) return null;
    if (obj.type === 'identifier') return obj;
    if (obj.type === 'call') {
      const inner = childByField(obj, 'function');
      const q = inner ? site.qualify(inner) : null;
      if (q && pySpawnFork.getContext.includes(q)) return obj;
      fn = inner;
      continue;
    }
    return null;
  }
  return null;
}

function contextMethod(node: PyNode, site: PyCallSite, state: ModuleState): StartMethod {
  if (node.type === 'identifier') return state.contexts.get(nodeText(node, site.text)) ?? 'unknown';
  if (node.type === 'call') {
    const fn = childByField(node, 'function');
    const q = fn ? site.qualify(fn) : null;
    if (q && pySpawnFork.getContext.includes(q)) return methodArg(node, site.text, 'method');
  }
  if (node.type === 'none') return state.defaultMethod;
  return 'unknown';
}

function spawnGuard(site: PyCallSite, state: ModuleState): Guard | null {
  const main = mainGuard(site);
  if (main) return main;
  const single = singleInstanceGuard(site);
  if (single) return single;
  const process = processGuard(site);
  if (process) return process;
  if (state.atFork === undefined) state.atFork = registersAtFork(site.ancestors[0], site.text);
  return state.atFork ? { role: 'after-fork-child', text: 'os.register_at_fork(after_in_child=…)' } : null;
}

/** Inside the body of `if __name__ == "__main__":` (through followed calls too). */
export function mainGuard(site: { ancestors: readonly PyNode[]; text: string }): Guard | null {
  const a = site.ancestors;
  for (let i = 0; i < a.length - 1; i++) {
    const n = a[i]!;
    if (n.type !== 'if_statement') continue;
    const next = a[i + 1]!;
    if (next.field !== 'consequence') continue;
    if (isMainCheck(childByField(n, 'condition'), site.text)) return { role: 'main-script', text: 'if __name__ == "__main__":' };
  }
  return null;
}

/**
 * What an `if` condition asks about the multiprocessing process that runs it (the guard's text is the condition):
 *
 * - `mp-name`: it compares `__name__` with `"__mp_main__"` (the name a spawn child, or a forkserver process,
 *   re-imports the main module under): the author wrote the re-import's behaviour on purpose;
 * - `child-only`: `current_process().name != "MainProcess"`, `parent_process() is not None`: meant for the children;
 * - `main-name`: `current_process().name == "MainProcess"`: false in a spawn child while it re-imports (spawn names
 *   the process before it imports the main module), true in the forkserver process of Python 3.13.8+ / 3.14, which
 *   imports the main module once under that name;
 * - `parent-none`: `parent_process() is None`: **still true** in a spawn child while it re-imports the main module
 *   (the parent is recorded only after the import), so it keeps nothing out of the children.
 */
export type ProcessCheckKind = 'mp-name' | 'child-only' | 'main-name' | 'parent-none';

export function processCheckKind(condition: string): ProcessCheckKind | null {
  if (/["']__mp_main__["']/.test(condition)) return 'mp-name';
  const name = /current_process\s*\(\s*\)\s*\.\s*name\s*(==|!=)\s*["']MainProcess["']|["']MainProcess["']\s*(==|!=)\s*\w[\w.]*current_process\s*\(\s*\)\s*\.\s*name/.exec(condition);
  if (name) return (name[1] ?? name[2]) === '==' ? 'main-name' : 'child-only';
  const parent = /parent_process\s*\(\s*\)\s+is\s+(not\s+)?None\b/.exec(condition);
  if (parent) return parent[1] ? 'child-only' : 'parent-none';
  return null;
}

/** Inside the body of an `if` (or `elif`) whose condition asks which multiprocessing process runs. */
function processGuard(site: { ancestors: readonly PyNode[]; text: string }): Guard | null {
  const a = site.ancestors;
  for (let i = 0; i < a.length - 1; i++) {
    const n = a[i]!;
    const next = a[i + 1]!;
    if ((n.type !== 'if_statement' && n.type !== 'elif_clause') || next.field !== 'consequence') continue;
    const cond = childByField(n, 'condition');
    const t = cond ? nodeText(cond, site.text) : '';
    if (/\bnot\b/.test(t.replace(/\bis\s+not\b|\bnot\s+in\b/g, ''))) continue;
    if (processCheckKind(t)) return { role: 'process-check', text: t };
  }
  return null;
}

/**
 * One process only: under `if os.environ.get("RUN_MAIN"):` / `if "runserver" in sys.argv:` (Django's development
 * server: never under gunicorn or uWSGI), under `if <…lock…>(…):`, or after a non-blocking `fcntl.flock(…, LOCK_NB)`
 * in the same `try` (its body or `else:`; a failed lock raises into the `except`).
 */
export function singleInstanceGuard(site: { ancestors: readonly PyNode[]; text: string; node: PyNode }): Guard | null {
  const a = site.ancestors;
  const { env, argv } = pySpawnFork.devServerMarkers;
  for (let i = 0; i < a.length - 1; i++) {
    const n = a[i]!;
    const next = a[i + 1]!;
    if (n.type === 'if_statement' && next.field === 'consequence') {
      const cond = childByField(n, 'condition');
      const t = cond ? nodeText(cond, site.text) : '';
      if (/\bnot\b|!=/.test(t)) continue;
      if (env.some((v) => new RegExp(`["']${v}["']`).test(t)) || argv.some((v) => new RegExp(`["']${v}["']\\s+in\\s+sys\\.argv`).test(t))) {
        return { role: 'single-instance', text: t };
      }
      if (/\w*lock\w*\s*\(|\.acquire\s*\(/i.test(t)) return { role: 'single-instance', text: t };
    }
    if (n.type === 'try_statement') {
      const body = childByField(n, 'body');
      const elseBody = n.children.find((c) => c.type === 'else_clause');
      const inElse = !!elseBody && childByField(elseBody, 'body') === next;
      if (body !== next && !inElse) continue;
      const t = body ? site.text.slice(body.range[0], inElse ? body.range[1] : site.node.range[0]) : '';
      const lock = pySpawnFork.lockCalls.map((c) => c.split('.').pop()!).find((c) => new RegExp(`\\b${c}\\s*\\(`).test(t));
      if (lock && /LOCK_NB/.test(t)) return { role: 'single-instance', text: `${lock}(…, LOCK_NB)` };
    }
  }
  return null;
}

export function isMainCheck(cond: PyNode | undefined, text: string): boolean {
  if (!cond) return false;
  if (cond.type === 'parenthesized_expression' && cond.children.length === 1) return isMainCheck(cond.children[0], text);
  if (cond.type !== 'comparison_operator' || cond.children.length !== 2) return false;
  const [a, b] = cond.children as [PyNode, PyNode];
  if (text.slice(a.range[1], b.range[0]).trim() !== '==') return false;
  const isName = (n: PyNode) => n.type === 'identifier' && nodeText(n, text) === '__name__';
  const isMain = (n: PyNode) => stringValue(n, text) === '__main__';
  return (isName(a) && isMain(b)) || (isMain(a) && isName(b));
}

/** Does the module call `os.register_at_fork(after_in_child=… | before=…)` anywhere? */
export function registersAtFork(module: PyNode | undefined, text: string): boolean {
  if (!module || !text.includes('register_at_fork')) return false;
  const names = new Set(pySpawnFork.atForkHooks.map((h) => h.call.split('.').pop()!));
  const keywords = new Set(pySpawnFork.atForkHooks.flatMap((h) => h.keywords));
  const stack: PyNode[] = [module];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'call') {
      const fn = childByField(n, 'function');
      const last = fn ? (fn.type === 'attribute' ? childByField(fn, 'attribute') : fn) : undefined;
      if (last && names.has(nodeText(last, text))) {
        const args = callArgs(n, text);
        // A named hook (a function or method that re-creates / stops the module's threads) makes the
        // module fork-aware; `after_in_child=lambda: t.start()` only starts one thing in the child.
        if ([...args.keywords].some(([k, v]) => keywords.has(k) && v.type !== 'lambda')) return true;
      }
    }
    for (const c of n.children) stack.push(c);
  }
  return false;
}
