/**
 * Functions of a module that only ever run as the body of a worker thread or an executor job: named as
 * the target of `threading.Thread(target=f)`, `executor.submit(f)`, `loop.run_in_executor(None, f)`,
 * `asyncio.to_thread(f)`, … (catalog `pyThreadTargetCalls`) and mentioned nowhere else in the module, or
 * the `run` method of a `threading.Thread` subclass defined in the module; and, one call away, a function or
 * method that only such a function calls (directly: `self._handle_job()` in the target `_work`). CPython
 * delivers KeyboardInterrupt to the main thread only, and no task cancellation reaches a thread, so a broad
 * handler there swallows no interrupt. Matched by name (`f`, `self._run`): a name also used in any other way
 * is not thread-only.
 */
import { childByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import { pyThreadClasses, pyThreadTargetCalls } from '../../../catalog/python-cancellation.js';
import { qualify, type PyBindings } from './imports.js';

/** The name a target expression refers to (`f`, `self.f` → `f`), or undefined. */
function targetName(n: PyNode | undefined, text: string): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier') return nodeText(n, text);
  if (n.type === 'attribute') {
    const obj = childByField(n, 'object');
    const attr = childByField(n, 'attribute');
    if (obj?.type === 'identifier' && attr && ['self', 'cls'].includes(nodeText(obj, text))) return nodeText(attr, text);
  }
  return undefined;
}

/** The argument of a call that is the thread's function, if the call starts one. */
function threadTargetArg(call: PyNode, text: string, b: PyBindings): PyNode | undefined {
  const fn = childByField(call, 'function');
  if (!fn) return undefined;
  const qs = qualify(fn, text, b);
  const method = fn.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
  const methodName = method ? `.${nodeText(method, text)}` : undefined;
  const entry = pyThreadTargetCalls.find((c) => (c.callee.startsWith('.') ? c.callee === methodName : qs.includes(c.callee)));
  if (!entry) return undefined;
  const args = childByField(call, 'arguments')?.children ?? [];
  if (typeof entry.arg === 'string') {
    const kw = args.find((a) => a.type === 'keyword_argument' && nodeText(childByField(a, 'name') ?? a, text) === entry.arg);
    return kw ? childByField(kw, 'value') : undefined;
  }
  return args.filter((a) => a.type !== 'keyword_argument')[entry.arg];
}

const lastPart = (name: string) => name.slice(name.lastIndexOf('.') + 1);
const THREAD_WORDS = new RegExp(
  `\\b(?:${[...new Set([...pyThreadTargetCalls.map((c) => lastPart(c.callee)), ...pyThreadClasses.map(lastPart)])].join('|')})\\b`,
);

interface Counts {
  targets: Map<string, number>;
  mentions: Map<string, number>;
}

function bump(m: Map<string, number>, name: string): void {
  m.set(name, (m.get(name) ?? 0) + 1);
}

/**
 * The function definitions of the module that only run as a thread or executor target. A function
 * nested in another is judged by the uses of its name inside that function; any other function (and a
 * method, named `self.f`) by the uses in the whole module.
 */
export function threadOnlyFunctions(module: PyNode, text: string, b: PyBindings): Set<PyNode> {
  // Every way of starting a thread names its API (the last part of `threading.Thread`, `.submit`): a module whose
  // text mentions none starts no thread, and its walk is skipped.
  if (!THREAD_WORDS.test(text)) return new Set();
  const counts = new Map<PyNode, Counts>();
  const scopeOf = new Map<PyNode, PyNode>();
  const out = new Set<PyNode>();
  const fresh = (): Counts => ({ targets: new Map(), mentions: new Map() });
  counts.set(module, fresh());
  // Depth-first with the chain of open scopes (the module, then enclosing functions; a class resets the
  // chain to the module for its methods).
  // Every use of a name: where it is (the innermost function), in which scopes, and whether it is called there.
  const uses: { name: string; fn: PyNode | null; scopes: PyNode[]; node: PyNode }[] = [];
  const called = new Set<PyNode>();
  const stack: { n: PyNode; scopes: PyNode[]; fn: PyNode | null }[] = [{ n: module, scopes: [module], fn: null }];
  while (stack.length) {
    const { n, scopes, fn } = stack.pop()!;
    let inner = scopes;
    let innerFn = fn;
    if (n.type === 'function_definition') {
      scopeOf.set(n, scopes[scopes.length - 1]!);
      counts.set(n, fresh());
      inner = [...scopes, n];
      innerFn = n;
    } else if (n.type === 'lambda') {
      innerFn = n;
    } else if (n.type === 'class_definition') {
      const bases = childByField(n, 'superclasses')?.children ?? [];
      if (bases.some((x) => (x.type === 'identifier' || x.type === 'attribute') && qualify(x, text, b).some((q) => pyThreadClasses.includes(q)))) {
        for (const st of childByField(n, 'body')?.children ?? []) {
          const def = st.type === 'decorated_definition' ? childByField(st, 'definition') : st;
          // `Thread.start()` runs it in the new thread (calling `.run()` directly is not how threads are used).
          if (def?.type === 'function_definition' && nodeText(childByField(def, 'name') ?? def, text) === 'run') out.add(def);
        }
      }
      inner = [scopes[0]!, n];
      counts.set(n, fresh());
    } else if (n.type === 'call') {
      const name = targetName(threadTargetArg(n, text, b), text);
      if (name) for (const sc of scopes) bump(counts.get(sc)!.targets, name);
      const callee = childByField(n, 'function');
      if (callee?.type === 'identifier') called.add(callee);
      else if (callee?.type === 'attribute' && targetName(callee, text)) {
        const attr = childByField(callee, 'attribute');
        if (attr) called.add(attr);
      }
    }
    // Every use of a name, except where it is defined (`def f`).
    if (n.type === 'identifier' && n.field !== 'name') {
      const name = nodeText(n, text);
      for (const sc of scopes) bump(counts.get(sc)!.mentions, name);
      uses.push({ name, fn, scopes, node: n });
    }
    for (const c of n.children) stack.push({ n: c, scopes: inner, fn: innerFn });
  }
  for (const [def, scope] of scopeOf) {
    // A method is named `self.f` anywhere in the module; a function nested in a function only there.
    const judge = scope.type === 'class_definition' ? module : scope;
    const c = counts.get(judge)!;
    const name = nodeText(childByField(def, 'name') ?? def, text);
    const t = c.targets.get(name) ?? 0;
    if (t > 0 && (c.mentions.get(name) ?? 0) === t) out.add(def);
  }
  // One call away: a function (or method) whose every use is a direct call made by a thread-only function
  // (`Thread(target=self._work)`, and `_work` calls `self._handle_job()`) runs in that thread too.
  const byName = new Map<string, typeof uses>();
  for (const u of uses) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  const helpers: PyNode[] = [];
  for (const [def, scope] of scopeOf) {
    if (out.has(def)) continue;
    const judge = scope.type === 'class_definition' ? module : scope;
    const inJudge = (byName.get(nodeText(childByField(def, 'name') ?? def, text)) ?? []).filter((u) => u.scopes.includes(judge));
    if (inJudge.length > 0 && inJudge.every((u) => called.has(u.node) && u.fn !== null && u.fn !== def && out.has(u.fn))) helpers.push(def);
  }
  for (const def of helpers) out.add(def);
  return out;
}
