/**
 * Helpers a handler hands the caught exception to, followed one level (`_convert_socket_error(exc)`,
 * `self._handle_error(exc)`): a call ends the handler's path when the function never returns — annotated
 * `NoReturn` / `Never`, or raising on every path of its body, given the caught exception in the parameter
 * the call passes it to (`isinstance` narrowing applies there too: `if isinstance(exc, OSError): return`
 * is not a path a cancellation takes).
 *
 * Also: the attributes a method of the handler's class stores the exception in (`self._add_exc(exc)` appending
 * to `self._pending_excs`, for a later raise), and a spawned task's function that raises the exception it is
 * given (`nursery.start_soon(kill, exc)`).
 *
 * Followed: functions of the same module (`f(exc)`, `Cls.f(exc)`), methods of the handler's own class
 * (`self.f(exc)`, `cls.f(exc)`), and functions of project modules imported by name
 * (`from .errors import f`, `from . import errors` + `errors.f(exc)`), through a lookup the caller provides.
 * Inside a followed helper only `NoReturn` functions of its own module, process exits and raising calls
 * are known; nothing is followed further. Summaries are cached per analysis (this file) and, for imported
 * modules, per file validated by mtime and size, holding booleans, never trees.
 */
import { childByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import { parsePython } from '../../../lang/python/parse.js';
import { pyNoReturnAnnotations } from '../../../catalog/python-cancellation.js';
import { readText, statOrMissing } from '../../../util/fs-cache.js';
import { instanceOfFlavors, type InstanceContext, type PyFlavor } from './classes.js';
import { collectBindings, type PyBindings } from './imports.js';
import { findIn, HandlerPaths, isMethodCall } from './paths.js';

/** A function definition and how a call maps its arguments onto its parameters. */
interface Callee {
  def: PyNode;
  /** The call does not pass the first parameter (`self.m(x)`, `cls.m(x)`). */
  skipFirst: boolean;
}

/** What a followed function of another module is known to do (no tree kept). */
export interface ImportedFunction {
  isAsync: boolean;
  /** Never returns, whatever it is given (`NoReturn`, or raising on every path). */
  always: boolean;
  /** Positional parameter names (for mapping a call's arguments). */
  params: string[];
  /** Parameters that, when given the exception, make every path raise. */
  raisingParams: string[];
}

/** Finds a function of a project module: `(module specifier as written, function name)`. */
export type ImportedLookup = (specifier: string, name: string) => ImportedFunction | undefined;

function isAsyncDef(def: PyNode, text: string): boolean {
  return /^async\b/u.test(text.slice(def.range[0], def.range[0] + 6));
}

function definitionOf(st: PyNode): { def: PyNode; decorators: PyNode[] } | undefined {
  if (st.type === 'function_definition') return { def: st, decorators: [] };
  if (st.type !== 'decorated_definition') return undefined;
  const def = childByField(st, 'definition');
  if (def?.type !== 'function_definition') return undefined;
  return { def, decorators: st.children.filter((c) => c.type === 'decorator') };
}

function nameOf(def: PyNode, text: string): string {
  const name = childByField(def, 'name');
  return name ? nodeText(name, text) : '';
}

/** Positional parameter names, in order (`self` included). */
export function positionalParams(def: PyNode, text: string): string[] {
  const out: string[] = [];
  for (const p of childByField(def, 'parameters')?.children ?? []) {
    if (p.type === 'list_splat_pattern' || p.type === 'keyword_separator' || p.type === 'dictionary_splat_pattern') break;
    if (p.type === 'positional_separator') continue;
    const id = p.type === 'identifier' ? p : (childByField(p, 'name') ?? p.children.find((c) => c.type === 'identifier'));
    if (id) out.push(nodeText(id, text));
  }
  return out;
}

function isNoReturn(def: PyNode, text: string): boolean {
  const ret = childByField(def, 'return_type');
  if (!ret) return false;
  const last = nodeText(ret, text).replace(/["'\s]/gu, '').split('.').pop() ?? '';
  return pyNoReturnAnnotations.includes(last);
}

/** The parameter a call passes the exception to (`null`: none; a bare `raise` there still re-raises it). */
function receivingParam(call: PyNode, params: string[], skipFirst: boolean, holds: (n: PyNode) => boolean, text: string): string | null | undefined {
  const args = childByField(call, 'arguments')?.children ?? [];
  let position = skipFirst ? 1 : 0;
  for (const a of args) {
    if (a.type === 'keyword_argument') {
      const name = childByField(a, 'name');
      const value = childByField(a, 'value');
      if (name && value && holds(value)) return nodeText(name, text);
      continue;
    }
    if (a.type === 'list_splat' || a.type === 'dictionary_splat') return undefined; // cannot map the rest
    if (holds(a)) return params[position] ?? undefined;
    position++;
  }
  return null;
}

/**
 * Does the body of `def` raise on every path when `param` holds the exception (`null`: not passed)?
 * `noReturn` tells which calls inside never return (one level: no further following).
 */
function bodyRaises(
  def: PyNode,
  text: string,
  bindings: PyBindings,
  param: string | null,
  instance: InstanceContext,
  flavors: readonly PyFlavor[],
  noReturn: (call: PyNode) => boolean,
): boolean {
  const body = childByField(def, 'body');
  if (!body || findIn(body, (c) => c.type === 'yield')) return false; // a generator returns before running
  const paths = new HandlerPaths({
    text,
    bindings,
    caught: param,
    interruptRaisesEnd: false,
    instanceOf: (types) => instanceOfFlavors(types, flavors, instance),
    neverReturns: (call) => noReturn(call),
  });
  paths.analyseHandler(body);
  return paths.exits.every((e) => e.kind === 'raise-other');
}

/** Functions and methods of one module, by name (a name defined twice is not followed). */
class ModuleDefs {
  readonly functions = new Map<string, PyNode | null>();
  readonly classes = new Map<string, PyNode | null>();
  private readonly methods = new Map<PyNode, Map<string, { def: PyNode; kind: 'static' | 'class' | 'instance' } | null>>();

  constructor(
    module: PyNode,
    private readonly text: string,
  ) {
    for (const st of module.children) {
      const d = definitionOf(st);
      if (d) {
        const name = nameOf(d.def, text);
        this.functions.set(name, this.functions.has(name) ? null : d.def);
        continue;
      }
      const cls = st.type === 'decorated_definition' ? childByField(st, 'definition') : st;
      if (cls?.type === 'class_definition') {
        const name = nameOf(cls, text);
        this.classes.set(name, this.classes.has(name) ? null : cls);
      }
    }
  }

  /**
   * A method of `cls` or, when it has none of that name, of its base classes defined in this module (in
   * the order Python's MRO starts with: depth first, left to right; a few levels at most).
   */
  method(cls: PyNode, name: string, depth = 0): { def: PyNode; kind: 'static' | 'class' | 'instance' } | null | undefined {
    const own = this.ownMethod(cls, name);
    if (own !== undefined || depth >= 4) return own;
    for (const base of childByField(cls, 'superclasses')?.children ?? []) {
      const id = base.type === 'subscript' ? childByField(base, 'value') : base; // `Mixin[T]`
      if (id?.type !== 'identifier') continue;
      const baseCls = this.classes.get(nodeText(id, this.text));
      if (!baseCls || baseCls === cls) continue;
      const found = this.method(baseCls, name, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private ownMethod(cls: PyNode, name: string): { def: PyNode; kind: 'static' | 'class' | 'instance' } | null | undefined {
    let table = this.methods.get(cls);
    if (!table) {
      table = new Map();
      for (const st of childByField(cls, 'body')?.children ?? []) {
        const d = definitionOf(st);
        if (!d) continue;
        const decorators = d.decorators.map((x) => nodeText(x, this.text).replace(/^@\s*/u, ''));
        const kind = decorators.includes('staticmethod') ? 'static' : decorators.includes('classmethod') ? 'class' : 'instance';
        const n = nameOf(d.def, this.text);
        table.set(n, table.has(n) ? null : { def: d.def, kind });
      }
      this.methods.set(cls, table);
    }
    return table.get(name);
  }

  /** `NoReturn` functions of this module (what a followed helper knows about the calls it makes). */
  noReturnCall(call: PyNode): boolean {
    const fn = childByField(call, 'function');
    if (fn?.type !== 'identifier') return false;
    const def = this.functions.get(nodeText(fn, this.text));
    return !!def && isNoReturn(def, this.text);
  }
}

/** The imports of a module that can name a project function: local name → (module specifier, name or null for a module). */
function importedNames(module: PyNode, text: string): Map<string, { specifier: string; name: string | null }> {
  const out = new Map<string, { specifier: string; name: string | null }>();
  for (const st of module.children) {
    if (st.type === 'import_from_statement') {
      const mod = childByField(st, 'module_name');
      if (!mod) continue;
      const specifier = nodeText(mod, text).replace(/\s+/gu, '');
      for (const c of st.children) {
        if (c === mod) continue;
        const name = c.type === 'aliased_import' ? childByField(c, 'name') : c.type === 'dotted_name' ? c : undefined;
        const local = c.type === 'aliased_import' ? childByField(c, 'alias') : c;
        if (name && local) out.set(nodeText(local, text), { specifier, name: nodeText(name, text) });
      }
    } else if (st.type === 'import_statement') {
      for (const c of st.children) {
        if (c.type !== 'aliased_import') continue;
        const name = childByField(c, 'name');
        const alias = childByField(c, 'alias');
        if (name && alias) out.set(nodeText(alias, text), { specifier: nodeText(name, text).replace(/\s+/gu, ''), name: null });
      }
    }
  }
  return out;
}

/** `from X import mod` then `mod.f()`: the module `X.mod` (relative specifiers keep their dots). */
function submodule(specifier: string, name: string): string {
  return /\.$/u.test(specifier) ? `${specifier}${name}` : `${specifier}.${name}`;
}

export interface FollowContext {
  text: string;
  bindings: PyBindings;
  instance: InstanceContext;
  imported?: ImportedLookup;
}

/** The helper calls of one file, with their summaries cached for the analysis. */
export class HelperFollower {
  private readonly defs: ModuleDefs;
  private imports: Map<string, { specifier: string; name: string | null }> | undefined;
  private readonly cache = new Map<PyNode, Map<string, boolean>>();

  constructor(
    private readonly module: PyNode,
    private readonly ctx: FollowContext,
  ) {
    this.defs = new ModuleDefs(module, ctx.text);
  }

  /**
   * Does this call never return? `owner`: the class whose method holds the handler (for `self.f()`);
   * `holds`: which argument expressions hold the exception; `awaited`: the call is awaited.
   */
  neverReturns(call: PyNode, owner: PyNode | undefined, holds: (n: PyNode) => boolean, awaited: boolean, flavors: readonly PyFlavor[]): boolean {
    const text = this.ctx.text;
    const local = this.localCallee(call, owner);
    if (local) {
      if (isAsyncDef(local.def, text) && !awaited) return false;
      if (isNoReturn(local.def, text)) return true;
      const param = receivingParam(call, positionalParams(local.def, text), local.skipFirst, holds, text);
      if (param === undefined) return false;
      const key = `${param ?? ''}\0${flavors.join(',')}`;
      let table = this.cache.get(local.def);
      if (!table) this.cache.set(local.def, (table = new Map()));
      let known = table.get(key);
      if (known === undefined) {
        known = bodyRaises(local.def, text, this.ctx.bindings, param, this.ctx.instance, flavors, (c) => this.defs.noReturnCall(c));
        table.set(key, known);
      }
      return known;
    }
    const imported = this.importedCallee(call);
    if (!imported) return false;
    if (imported.isAsync && !awaited) return false;
    if (imported.always) return true;
    const param = receivingParam(call, imported.params, false, holds, text);
    return typeof param === 'string' && imported.raisingParams.includes(param);
  }

  /**
   * `self._add_exc(exc)`: the attributes of `self` (`self._pending_excs`) that a method of the handler's class
   * stores the exception in, by appending it (`collecting`: `append`, `add`, …) or assigning it. One level: the
   * method's own body, not what it calls.
   */
  storedAttributes(call: PyNode, owner: PyNode | undefined, holds: (n: PyNode) => boolean, collecting: readonly string[]): string[] {
    const text = this.ctx.text;
    const fn = childByField(call, 'function');
    const object = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    if (!owner || object?.type !== 'identifier' || nodeText(object, text) !== 'self') return [];
    const local = this.localCallee(call, owner);
    if (!local || isAsyncDef(local.def, text) || !local.skipFirst) return [];
    const params = positionalParams(local.def, text);
    const param = receivingParam(call, params, true, holds, text);
    const body = childByField(local.def, 'body');
    if (typeof param !== 'string' || params[0] !== 'self' || !body) return [];
    const isParam = (n: PyNode | undefined) => n?.type === 'identifier' && nodeText(n, text) === param;
    const onSelf = (n: PyNode | undefined) => n?.type === 'attribute' && childByField(n, 'object')?.type === 'identifier' && nodeText(childByField(n, 'object')!, text) === 'self';
    const out: string[] = [];
    findIn(body, (c) => {
      if (c.type === 'assignment' && onSelf(childByField(c, 'left')) && isParam(childByField(c, 'right'))) out.push(nodeText(childByField(c, 'left')!, text).replace(/\s+/gu, ''));
      if (c.type === 'call' && collecting.some((m) => isMethodCall(c, text, m))) {
        const receiver = childByField(childByField(c, 'function')!, 'object');
        if (onSelf(receiver) && (childByField(c, 'arguments')?.children ?? []).some((a) => isParam(a))) out.push(nodeText(receiver!, text).replace(/\s+/gu, ''));
      }
      return false;
    });
    return out;
  }

  /**
   * `nursery.start_soon(kill, exc)` with `async def kill(exc): raise exc` (a function of the handler's function,
   * or of the module): does the spawned function, given the exception in the argument the call passes it to,
   * raise on every path (or never return: `-> NoReturn`)? `scope`: the function holding the handler.
   */
  spawnedRaises(call: PyNode, scope: PyNode | null, holds: (n: PyNode) => boolean, flavors: readonly PyFlavor[]): boolean {
    const text = this.ctx.text;
    const positional = (childByField(call, 'arguments')?.children ?? []).filter((a) => a.type !== 'keyword_argument');
    const target = positional[0];
    if (target?.type !== 'identifier') return false;
    const name = nodeText(target, text);
    let def: PyNode | undefined;
    if (scope) {
      const found: PyNode[] = [];
      findIn(
        scope,
        (c) => {
          if (c !== scope && c.type === 'function_definition' && nameOf(c, text) === name) found.push(c);
          return false;
        },
        false,
      );
      if (found.length > 1) return false;
      def = found[0];
    }
    if (!def) {
      if (this.ctx.bindings.names.has(name)) return false;
      def = this.defs.functions.get(name) ?? undefined;
    }
    if (!def) return false;
    const rest = positional.slice(1);
    if (rest.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return false;
    const index = rest.findIndex((a) => holds(a));
    const param = index < 0 ? null : positionalParams(def, text)[index];
    if (param === undefined) return false;
    if (isNoReturn(def, text)) return true;
    return bodyRaises(def, text, this.ctx.bindings, param, this.ctx.instance, flavors, (c) => this.defs.noReturnCall(c));
  }

  private localCallee(call: PyNode, owner: PyNode | undefined): Callee | undefined {
    const text = this.ctx.text;
    const fn = childByField(call, 'function');
    if (!fn) return undefined;
    if (fn.type === 'identifier') {
      const name = nodeText(fn, text);
      if (this.ctx.bindings.names.has(name)) return undefined; // imported: not this module's
      const def = this.defs.functions.get(name);
      return def ? { def, skipFirst: false } : undefined;
    }
    if (fn.type !== 'attribute') return undefined;
    const object = childByField(fn, 'object');
    const attribute = childByField(fn, 'attribute');
    if (!object || !attribute || object.type !== 'identifier') return undefined;
    const receiver = nodeText(object, text);
    const cls = receiver === 'self' || receiver === 'cls' ? owner : (this.defs.classes.get(receiver) ?? undefined);
    if (!cls) return undefined;
    const m = this.defs.method(cls, nodeText(attribute, text));
    if (!m) return undefined;
    // `self.f(x)` / `cls.f(x)` pass the receiver first, except to a staticmethod; `Cls.f(x)` only to a classmethod.
    const viaInstance = receiver === 'self' || receiver === 'cls';
    return { def: m.def, skipFirst: m.kind === 'class' || (viaInstance && m.kind === 'instance') };
  }

  private importedCallee(call: PyNode): ImportedFunction | undefined {
    if (!this.ctx.imported) return undefined;
    const text = this.ctx.text;
    const fn = childByField(call, 'function');
    if (!fn) return undefined;
    this.imports ??= importedNames(this.module, text);
    if (fn.type === 'identifier') {
      const entry = this.imports.get(nodeText(fn, text));
      return entry?.name ? this.ctx.imported(entry.specifier, entry.name) : undefined;
    }
    if (fn.type !== 'attribute') return undefined;
    const object = childByField(fn, 'object');
    const attribute = childByField(fn, 'attribute');
    if (object?.type !== 'identifier' || !attribute) return undefined;
    const entry = this.imports.get(nodeText(object, text));
    if (!entry) return undefined;
    const specifier = entry.name ? submodule(entry.specifier, entry.name) : entry.specifier;
    return this.ctx.imported(specifier, nodeText(attribute, text));
  }
}

/** Largest imported module read to follow a helper. */
const MAX_HELPER_MODULE_BYTES = 512 * 1024;
/** Cached module summaries, validated by mtime and size (cleared when it grows past the bound). */
const moduleCache = new Map<string, { mtimeMs: number; size: number; functions: Map<string, ImportedFunction> | null }>();
const MAX_CACHED_MODULES = 2000;

export const helperStats = { moduleReads: 0 };

export function clearHelperCache(): void {
  moduleCache.clear();
}

/**
 * The top-level functions of a project module, summarised for following (null when it cannot be read or
 * parsed: dependency input, skipped silently). `minor`: target Python (for `except Exception` below 3.8).
 */
export function importedModuleFunctions(path: string, minor: number, extraClasses: readonly string[]): Map<string, ImportedFunction> | null {
  const st = statOrMissing(path);
  if (!st?.isFile()) return null;
  const hit = moduleCache.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.functions;
  const functions = st.size > MAX_HELPER_MODULE_BYTES ? null : summariseModule(readText(path), minor, extraClasses);
  helperStats.moduleReads++;
  if (moduleCache.size >= MAX_CACHED_MODULES) moduleCache.clear();
  moduleCache.set(path, { mtimeMs: st.mtimeMs, size: st.size, functions });
  return functions;
}

function summariseModule(text: string | null, minor: number, extraClasses: readonly string[]): Map<string, ImportedFunction> | null {
  if (text === null) return null;
  const parsed = parsePython(text);
  if (!parsed.ok) return null;
  const module = parsed.ast;
  const bindings = collectBindings(module, text);
  const defs = new ModuleDefs(module, text);
  const instance: InstanceContext = { text, bindings, extraClasses, minor };
  const flavors: PyFlavor[] = ['base-only'];
  const out = new Map<string, ImportedFunction>();
  for (const [name, def] of defs.functions) {
    if (!def) continue;
    const params = positionalParams(def, text);
    const noReturn = (c: PyNode) => defs.noReturnCall(c);
    const always = isNoReturn(def, text) || bodyRaises(def, text, bindings, null, instance, flavors, noReturn);
    const raisingParams = always ? [] : params.filter((p) => bodyRaises(def, text, bindings, p, instance, flavors, noReturn));
    out.set(name, { isAsync: isAsyncDef(def, text), always, params, raisingParams });
  }
  return out;
}
