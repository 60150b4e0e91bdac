/**
 * Functions of a module that only ever run as the body of a worker thread or an executor job: named as
 * the target of `threading.Thread(target=f)`, `executor.submit(f)`, `loop.run_in_executor(None, f)`,
 * `asyncio.to_thread(f)`, … (catalog `pyThreadTargetCalls`) and mentioned nowhere else in the module, or
 * the `run` method of a `threading.Thread` subclass. CPython delivers KeyboardInterrupt to the main thread
 * only, and no task cancellation reaches a thread, so a broad handler there swallows no interrupt.
 * Matched by name (`f`, `self._run`): a name also used in any other way is not thread-only.
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

export interface ThreadOnly {
  /** Functions / methods named only as a thread or executor target. */
  names: Set<string>;
  /** `run` methods of `threading.Thread` subclasses. */
  defs: Set<PyNode>;
}

/** The functions of the module that only run as a thread or executor target. */
export function threadOnlyFunctions(module: PyNode, text: string, b: PyBindings): ThreadOnly {
  const targets = new Map<string, number>();
  const mentions = new Map<string, number>();
  const runMethods = new Set<PyNode>();
  const stack: PyNode[] = [module];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'call') {
      const name = targetName(threadTargetArg(n, text, b), text);
      if (name) targets.set(name, (targets.get(name) ?? 0) + 1);
    } else if (n.type === 'class_definition') {
      const bases = childByField(n, 'superclasses')?.children ?? [];
      if (bases.some((x) => (x.type === 'identifier' || x.type === 'attribute') && qualify(x, text, b).some((q) => pyThreadClasses.includes(q)))) runMethods.add(n);
    }
    // Every use of a name, except where it is defined (`def f`).
    if (n.type === 'identifier' && n.field !== 'name') mentions.set(nodeText(n, text), (mentions.get(nodeText(n, text)) ?? 0) + 1);
    for (const c of n.children) stack.push(c);
  }
  const out: ThreadOnly = { names: new Set(), defs: new Set() };
  for (const [name, count] of targets) if ((mentions.get(name) ?? 0) === count) out.names.add(name);
  for (const cls of runMethods) {
    for (const st of childByField(cls, 'body')?.children ?? []) {
      const def = st.type === 'decorated_definition' ? childByField(st, 'definition') : st;
      if (def?.type === 'function_definition' && nodeText(childByField(def, 'name') ?? def, text) === 'run' && (mentions.get('run') ?? 0) === 0) out.defs.add(def);
    }
  }
  return out;
}
