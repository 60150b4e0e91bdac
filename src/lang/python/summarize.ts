import type { LoadKind, ModuleSummary, PatchEvent, ResolvedModule, Resolver, TimelineEvent } from '../../graph/types.js';
import { pythonPatchers, type PyPatcherEntry } from '../../catalog/python-patchers.js';
import { childByField, childrenByField, nodeText, type PyNode } from './ast.js';
import { boolValue, callArgs, dottedText, freeIdentifiers, locOf, relativeText, stringValue } from './ast-helpers.js';
import stdlibTable from './stdlib-imports.json' with { type: 'json' };
import { pythonPackageLoads } from './third-party-imports.js';
import { PYTHON_STARTUP_MODULES } from './resolve.js';
import { internalError } from '../../util/guard.js';

/*
 * The evaluation timeline of a Python module (DESIGN.md §3): statements in order; `import a.b.c`
 * runs a/__init__, a/b/__init__, then c; `if TYPE_CHECKING:` / `if False:` never run (their `else`
 * always does); `if __name__ == "__main__":` runs only for the entry script; try/except, if, loops
 * and conditional expressions make what they contain conditional; imports inside local functions
 * count when the module-level code calls the function (followed up to `maxCallDepth` levels);
 * `importlib.import_module("lit")` / `__import__("lit")` load; class bodies run.
 *
 * Patch activations come from the catalog (src/catalog/python-patchers.ts) through a detector
 * list: the catalog detector is built in, spawn/fork detectors can be plugged in (`detectors`).
 * Never throws: an unexpected shape is skipped.
 */

/** What a name is bound to in a scope. */
export type PyBinding =
  /** `import a.b` binds `a` → module `a`; `import a.b as x` → module `a.b`; `m = importlib.import_module('m')`. */
  | { kind: 'module'; module: string }
  /** `from m import n [as k]`: attribute `n` of module `m` (or submodule `m.n`). */
  | { kind: 'from'; module: string; name: string }
  /** `x = <expr>` whose value has a qualified name: `inst = FlaskInstrumentor()`. */
  | { kind: 'value'; qual: string }
  /** A local function (`def f(): …`), followed when called at module time. */
  | { kind: 'function'; node: PyNode }
  /** Anything else (shadows outer bindings). */
  | { kind: 'other' };

/** A call that runs while the module is evaluated, handed to detectors. */
export interface PyCallSite {
  node: PyNode;
  /** From the module node down to (not including) `node`; through followed function bodies. */
  ancestors: readonly PyNode[];
  /** Looks a name up through the scopes active at the call. */
  lookup(name: string): PyBinding | undefined;
  /** Qualified name of an expression through the import bindings: `gevent.monkey.patch_all`,
   * `opentelemetry.instrumentation.flask.FlaskInstrumentor().instrument`; null when unknown. */
  qualify(node: PyNode): string | null;
  text: string;
  filename: string;
  conditional: boolean;
  /** The module-level statement that holds the call, when the call is directly at module level. */
  statement: PyNode | null;
}

export type PyDetector = (site: PyCallSite) => TimelineEvent[];

export interface PySummaryOptions {
  resolver: Resolver;
  /** The linted file is the entry script (`if __name__ == "__main__":` runs). Default true. */
  isEntry?: boolean;
  /**
   * The `__name__` the module runs under when it is neither `__main__` nor an ordinary import: `"__mp_main__"` for a
   * multiprocessing spawn child (or forkserver process) that re-imports the main module. Overrides `isEntry` for
   * `__name__` comparisons.
   */
  runName?: '__mp_main__';
  /** Patcher catalog (default: the built-in Python catalog; rule options may extend it). */
  patchers?: readonly PyPatcherEntry[];
  /** Extra detectors (spawn/fork …), run after the catalog detector for every call. */
  detectors?: readonly PyDetector[];
  /** How deep local functions called at module time are followed. Default 3. */
  maxCallDepth?: number;
  /**
   * A module-level function the program calls once the module has run (a console script `pkg.cli:main`, a server's
   * app factory `app:create_app()`): its body is followed after the module's last statement.
   */
  thenCall?: string;
}

const STDLIB_MODULES = (stdlibTable as unknown as { modules: Record<string, string[]> }).modules;

class Scope {
  readonly names = new Map<string, PyBinding>();
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): PyBinding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
}

interface Ctx {
  scope: Scope;
  conditional: boolean;
  depth: number;
  /** The module-level statement being evaluated (for statementRange), null inside functions. */
  topStatement: PyNode | null;
}

const SKIP_TYPES = new Set(['lambda', 'generator_expression', 'function_definition', 'class_definition', 'decorated_definition']);

export function summarizePython(ast: PyNode, text: string, filename: string, opts: PySummaryOptions): ModuleSummary {
  const s = new Summarizer(text, filename, opts);
  try {
    s.run(ast);
  } catch (error) {
    internalError(`Python summary of ${filename}`, error); // keep what was collected
  }
  return { path: filename, language: 'python', events: s.events };
}

class Summarizer {
  readonly events: TimelineEvent[] = [];
  readonly ancestors: PyNode[] = [];
  readonly isEntry: boolean;
  readonly patchers: readonly PyPatcherEntry[];
  readonly detectors: PyDetector[];
  readonly maxDepth: number;
  readonly following = new Set<PyNode>();
  /** Dotted names that are known submodules although not local (catalog and table keys). */
  readonly knownSubmodules: ReadonlySet<string>;
  readonly sideEffectModules: ReadonlyMap<string, PyPatcherEntry[]>;

  constructor(
    readonly text: string,
    readonly filename: string,
    readonly opts: PySummaryOptions,
  ) {
    this.isEntry = opts.isEntry ?? true;
    this.patchers = opts.patchers ?? pythonPatchers;
    this.detectors = [(site) => this.catalogDetector(site), ...(opts.detectors ?? [])];
    this.maxDepth = opts.maxCallDepth ?? 3;
    const index = catalogIndex(this.patchers);
    this.knownSubmodules = index.knownSubmodules;
    this.sideEffectModules = index.sideEffectModules;
  }

  run(ast: PyNode): void {
    const ctx: Ctx = { scope: new Scope(null), conditional: false, depth: 0, topStatement: null };
    this.ancestors.push(ast);
    this.block(ast.children, ctx, true);
    const then = this.opts.thenCall ? ctx.scope.lookup(this.opts.thenCall) : undefined;
    if (then?.kind === 'function') this.followBody(then.node, ctx);
    this.ancestors.pop();
  }

  // ---- statements ------------------------------------------------------------------------------

  block(stmts: PyNode[], ctx: Ctx, topLevel = false): void {
    for (const stmt of stmts) {
      try {
        this.statement(stmt, topLevel ? { ...ctx, topStatement: stmt } : ctx);
      } catch (error) {
        internalError(`Python summary of ${this.filename}:${stmt.loc.start.line}`, error); // the next statements still count
      }
    }
  }

  statement(node: PyNode, ctx: Ctx): void {
    this.ancestors.push(node);
    try {
      this.statementInner(node, ctx);
    } finally {
      this.ancestors.pop();
    }
  }

  statementInner(node: PyNode, ctx: Ctx): void {
    switch (node.type) {
      case 'import_statement':
        return this.importStatement(node, ctx);
      case 'import_from_statement':
        return this.importFrom(node, ctx);
      case 'future_import_statement':
        return;
      case 'expression_statement':
        for (const c of node.children) this.expressionOrAssignment(c, ctx);
        return;
      case 'if_statement':
        return this.ifStatement(node, ctx);
      case 'try_statement':
        return this.tryStatement(node, ctx);
      case 'with_statement': {
        for (const c of node.children) {
          if (c.type === 'with_clause') for (const item of c.children) this.expr(childByField(item, 'value'), ctx);
        }
        const body = childByField(node, 'body');
        if (body) this.statementsOf(body, ctx);
        return;
      }
      case 'for_statement':
      case 'while_statement': {
        // The iterable / condition runs; the body and the `else:` may not (conditional).
        this.expr(childByField(node, node.type === 'for_statement' ? 'right' : 'condition'), ctx);
        const inner = { ...ctx, conditional: true };
        const body = childByField(node, 'body');
        if (body) this.statementsOf(body, inner);
        const alt = childByField(node, 'alternative');
        if (alt) this.statementsOf(childByField(alt, 'body') ?? alt, inner);
        return;
      }
      case 'match_statement': {
        this.expr(childByField(node, 'subject'), ctx);
        const inner = { ...ctx, conditional: true };
        for (const b of childrenByField(node, 'body')) {
          for (const clause of b.children) {
            const cons = childByField(clause, 'consequence');
            if (cons) this.statementsOf(cons, inner);
          }
        }
        return;
      }
      case 'function_definition':
        return this.functionDef(node, [], ctx);
      case 'decorated_definition': {
        const decorators = node.children.filter((c) => c.type === 'decorator');
        for (const d of decorators) for (const e of d.children) this.expr(e, ctx);
        const def = childByField(node, 'definition');
        if (def?.type === 'function_definition') return this.functionDef(def, decorators, ctx);
        if (def?.type === 'class_definition') return this.classDef(def, ctx);
        return;
      }
      case 'class_definition':
        return this.classDef(node, ctx);
      case 'global_statement':
      case 'nonlocal_statement':
      case 'pass_statement':
      case 'comment':
        return;
      default:
        // return/raise/assert/del/print…: evaluate contained expressions (calls may run)
        for (const c of node.children) this.expr(c, ctx);
    }
  }

  statementsOf(block: PyNode, ctx: Ctx): void {
    this.ancestors.push(block);
    try {
      this.block(block.type === 'block' ? block.children : [block], ctx);
    } finally {
      this.ancestors.pop();
    }
  }

  functionDef(node: PyNode, _decorators: PyNode[], ctx: Ctx): void {
    const name = childByField(node, 'name');
    // default values are evaluated at definition time
    const params = childByField(node, 'parameters');
    if (params) {
      for (const p of params.children) {
        const v = childByField(p, 'value');
        if (v) this.expr(v, ctx);
      }
    }
    if (name) ctx.scope.names.set(nodeText(name, this.text), { kind: 'function', node });
  }

  classDef(node: PyNode, ctx: Ctx): void {
    const sup = childByField(node, 'superclasses');
    if (sup) for (const c of sup.children) this.expr(c, ctx);
    const body = childByField(node, 'body');
    // The class body runs now, in its own namespace (names do not leak into methods or the module).
    if (body) this.statementsOf(body, { ...ctx, scope: new Scope(ctx.scope), topStatement: null });
    const name = childByField(node, 'name');
    if (name) ctx.scope.names.set(nodeText(name, this.text), { kind: 'other' });
  }

  ifStatement(node: PyNode, ctx: Ctx): void {
    const branches: { cond: PyNode | undefined; body: PyNode | undefined }[] = [
      { cond: childByField(node, 'condition'), body: childByField(node, 'consequence') },
    ];
    let elseBody: PyNode | undefined;
    for (const alt of childrenByField(node, 'alternative')) {
      if (alt.type === 'elif_clause') branches.push({ cond: childByField(alt, 'condition'), body: childByField(alt, 'consequence') });
      else if (alt.type === 'else_clause') elseBody = childByField(alt, 'body');
    }
    // `decided`: an earlier branch is statically always taken; `maybe`: some earlier branch may be taken
    let maybe = false;
    for (const { cond, body } of branches) {
      const v = this.staticCondition(cond);
      if (v === false) continue; // never runs (TYPE_CHECKING, False, __name__ check in a dependency)
      this.expr(cond, { ...ctx, conditional: ctx.conditional || maybe });
      if (!body) continue;
      if (v === true) {
        this.statementsOf(body, { ...ctx, conditional: ctx.conditional || maybe });
        return; // later branches never run
      }
      this.statementsOf(body, { ...ctx, conditional: true });
      maybe = true;
    }
    if (elseBody) this.statementsOf(elseBody, { ...ctx, conditional: ctx.conditional || maybe });
  }

  /** true / false when the condition is known when the module runs; null otherwise. */
  staticCondition(cond: PyNode | undefined): boolean | null {
    if (!cond) return null;
    if (cond.type === 'parenthesized_expression' && cond.children.length === 1) return this.staticCondition(cond.children[0]);
    if (cond.type === 'not_operator') {
      const v = this.staticCondition(childByField(cond, 'argument'));
      return v === null ? null : !v;
    }
    if (cond.type === 'true') return true;
    if (cond.type === 'false' || cond.type === 'none') return false;
    if (cond.type === 'integer') return nodeText(cond, this.text) !== '0';
    if (cond.type === 'identifier' && nodeText(cond, this.text) === 'TYPE_CHECKING') return false;
    if (cond.type === 'attribute') {
      const attr = childByField(cond, 'attribute');
      if (attr && nodeText(attr, this.text) === 'TYPE_CHECKING') return false;
    }
    if (cond.type === 'comparison_operator' && cond.children.length === 2) {
      const [a, b] = cond.children as [PyNode, PyNode];
      const between = this.text.slice(a.range[1], b.range[0]).trim();
      const isName = (n: PyNode) => n.type === 'identifier' && nodeText(n, this.text) === '__name__';
      // The names a module runs under that the code can compare with: `__main__` (the script), `__mp_main__` (a
      // multiprocessing child re-importing the main module); an ordinary import has its dotted name (neither).
      const runName = this.opts.runName ?? (this.isEntry ? '__main__' : null);
      const special = (n: PyNode) => {
        const v = stringValue(n, this.text);
        return v === '__main__' || v === '__mp_main__' ? v : null;
      };
      const lit = isName(a) ? special(b) : isName(b) ? special(a) : null;
      if (lit) {
        if (between === '==') return runName === lit;
        if (between === '!=') return runName !== lit;
      }
      // `__name__ in {"__main__", "__mp_main__"}` (a tuple, list or set of those literals)
      if (isName(a) && (between === 'in' || /^not\s+in$/.test(between)) && ['tuple', 'list', 'set'].includes(b.type)) {
        const items = b.children.map(special);
        if (items.length && items.every((v) => v !== null)) {
          const inside = runName !== null && items.includes(runName);
          return between === 'in' ? inside : !inside;
        }
      }
    }
    return null;
  }

  tryStatement(node: PyNode, ctx: Ctx): void {
    const inner = { ...ctx, conditional: true };
    const body = childByField(node, 'body');
    if (body) this.statementsOf(body, inner);
    for (const c of node.children) {
      if (c.type === 'except_clause' || c.type === 'except_group_clause') {
        for (const b of c.children) if (b.type === 'block') this.statementsOf(b, inner);
      } else if (c.type === 'else_clause') {
        const b = childByField(c, 'body');
        if (b) this.statementsOf(b, inner);
      } else if (c.type === 'finally_clause') {
        for (const b of c.children) if (b.type === 'block') this.statementsOf(b, ctx);
      }
    }
  }

  // ---- imports ---------------------------------------------------------------------------------

  resolve(specifier: string): ResolvedModule {
    try {
      return this.opts.resolver.resolve(specifier, this.filename);
    } catch (error) {
      internalError(`resolving '${specifier}'`, error);
      return { type: 'unresolved', name: specifier };
    }
  }

  load(specifier: string, kind: LoadKind, at: PyNode, ctx: Ctx): ResolvedModule {
    const resolved = this.resolve(specifier);
    // Modules already in sys.modules when user code starts (os, sys, time, _thread …, measured for
    // CPython 3.11) run nothing when imported: no load event. Names copied from them still capture.
    if (resolved.type === 'builtin' && PYTHON_STARTUP_MODULES.has(resolved.name)) return resolved;
    this.events.push({
      kind: 'load',
      specifier,
      resolved,
      loadKind: kind,
      conditional: ctx.conditional,
      loc: locOf(at),
      ...(ctx.topStatement ? { statementRange: [...ctx.topStatement.range] as [number, number] } : {}),
    });
    this.sideEffect(specifier, resolved, at, ctx);
    return resolved;
  }

  /** `import ddtrace.auto`: loading the module activates a patcher. */
  sideEffect(specifier: string, resolved: ResolvedModule, at: PyNode, ctx: Ctx): void {
    const name = resolved.type === 'file' ? resolved.name ?? specifier : resolved.name;
    const entries = this.sideEffectModules.get(name);
    if (!entries) return;
    for (const entry of entries) {
      this.events.push(this.patchEvent(entry, 'side-effect', entry.targets, at, ctx, [], undefined));
    }
  }

  /** Loads `a`, `a.b`, `a.b.c` for the dotted name (each package's __init__ runs first). */
  loadChain(dotted: string, kind: LoadKind, at: PyNode, ctx: Ctx): ResolvedModule {
    const parts = dotted.split('.');
    let last: ResolvedModule = { type: 'unresolved', name: dotted };
    for (let i = 1; i <= parts.length; i++) last = this.load(parts.slice(0, i).join('.'), kind, at, ctx);
    return last;
  }

  importStatement(node: PyNode, ctx: Ctx): void {
    for (const item of childrenByField(node, 'name')) {
      if (item.type === 'dotted_name') {
        const dotted = dottedText(item, this.text);
        this.loadChain(dotted, 'py-import', item, ctx);
        ctx.scope.names.set(dotted.split('.')[0]!, { kind: 'module', module: dotted.split('.')[0]! });
      } else if (item.type === 'aliased_import') {
        const name = childByField(item, 'name');
        const alias = childByField(item, 'alias');
        if (!name) continue;
        const dotted = dottedText(name, this.text);
        this.loadChain(dotted, 'py-import', item, ctx);
        if (alias) ctx.scope.names.set(nodeText(alias, this.text), { kind: 'module', module: dotted });
      }
    }
  }

  importFrom(node: PyNode, ctx: Ctx): void {
    const moduleNode = childByField(node, 'module_name');
    if (!moduleNode) return;
    const relative = moduleNode.type === 'relative_import';
    const base = relative ? relativeText(moduleNode, this.text) : dottedText(moduleNode, this.text);
    if (base === '__future__') return;
    let resolved: ResolvedModule;
    if (relative) {
      const dots = /^\.+/.exec(base)![0];
      const rest = base.slice(dots.length);
      // The dots-only package is an ancestor of this module: already imported. Its subpackages load.
      resolved = this.resolve(dots);
      if (rest) {
        const parts = rest.split('.');
        for (let i = 1; i <= parts.length; i++) resolved = this.load(dots + parts.slice(0, i).join('.'), 'py-from-import', moduleNode, ctx);
      }
    } else {
      resolved = this.loadChain(base, 'py-from-import', moduleNode, ctx);
    }
    const baseName = this.moduleName(base, resolved);
    const sep = relative && base.endsWith('.') ? '' : '.';
    const captured: { name: string; at: PyNode }[] = [];
    let wildcard: PyNode | undefined;
    for (const item of node.children) {
      if (item.type === 'wildcard_import') wildcard = item;
      if (item.field !== 'name') continue;
      const nameNode = item.type === 'aliased_import' ? childByField(item, 'name') : item;
      const alias = item.type === 'aliased_import' ? childByField(item, 'alias') : undefined;
      if (!nameNode) continue;
      const name = dottedText(nameNode, this.text);
      const local = alias ? nodeText(alias, this.text) : name;
      const sub = this.submodule(base + sep + name, baseName ? `${baseName}.${name}` : null, resolved);
      if (sub) {
        this.load(base + sep + name, 'py-from-import', item, ctx);
        ctx.scope.names.set(local, { kind: 'module', module: baseName ? `${baseName}.${name}` : name });
      } else {
        captured.push({ name, at: item });
        ctx.scope.names.set(local, baseName ? { kind: 'from', module: baseName, name } : { kind: 'other' });
      }
    }
    if (captured.length) {
      const first = captured[0]!.at;
      const last = captured[captured.length - 1]!.at;
      this.events.push({
        kind: 'capture',
        specifier: base,
        resolved,
        names: captured.map((c) => c.name),
        loc: { ...locOf(first), endLine: last.loc.end.line, endColumn: last.loc.end.column },
      });
    }
    if (wildcard) {
      this.events.push({ kind: 'capture', specifier: base, resolved, names: ['*'], loc: locOf(wildcard) });
    }
  }

  /** The dotted module name for a resolved import (relative imports get their absolute name). */
  moduleName(specifier: string, resolved: ResolvedModule): string | null {
    if (resolved.type === 'file') return resolved.name ?? (specifier.startsWith('.') ? null : specifier);
    if (resolved.type === 'unresolved') return specifier.startsWith('.') ? null : specifier;
    return resolved.name;
  }

  /** Is `from base import name` a submodule import? Local: the file/dir exists; else: known names. */
  submodule(specifier: string, absolute: string | null, baseResolved: ResolvedModule): boolean {
    if (baseResolved.type === 'file') {
      const r = this.resolve(specifier);
      return r.type === 'file';
    }
    return absolute !== null && this.knownSubmodules.has(absolute);
  }

  // ---- expressions -----------------------------------------------------------------------------

  expressionOrAssignment(node: PyNode, ctx: Ctx): void {
    if (node.type === 'assignment' || node.type === 'augmented_assignment') return this.assignment(node, ctx);
    this.expr(node, ctx);
  }

  assignment(node: PyNode, ctx: Ctx): void {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    if (right?.type === 'assignment') this.assignment(right, ctx);
    else this.expr(right, ctx);
    if (!left) return;
    if (left.type === 'subscript') {
      this.expr(childByField(left, 'value'), ctx);
      this.expr(childByField(left, 'subscript'), ctx);
      if (node.type === 'assignment') this.envAssignment(node, left, right, ctx);
      return;
    }
    if (left.type === 'attribute') {
      this.expr(childByField(left, 'object'), ctx);
      return;
    }
    if (left.type === 'identifier' && node.type === 'assignment') {
      const name = nodeText(left, this.text);
      const valueNode = right?.type === 'assignment' ? undefined : right;
      ctx.scope.names.set(name, this.bindingOfValue(valueNode, ctx));
      // `sleep = time.sleep`: copies a module attribute like `from time import sleep`
      if (valueNode?.type === 'attribute') this.attributeCapture(valueNode, ctx);
      return;
    }
    // tuple targets etc.: the names no longer mean what they did
    for (const id of collectTargets(left, this.text)) ctx.scope.names.set(id, { kind: 'other' });
  }

  bindingOfValue(value: PyNode | undefined, ctx: Ctx): PyBinding {
    if (!value) return { kind: 'other' };
    if (value.type === 'call') {
      const lit = this.importlibTarget(value, ctx);
      if (lit) return { kind: 'module', module: lit };
    }
    if (value.type === 'identifier') {
      const b = ctx.scope.lookup(nodeText(value, this.text));
      if (b) return b;
    }
    const q = this.qualify(value, ctx);
    return q ? { kind: 'value', qual: q } : { kind: 'other' };
  }

  attributeCapture(value: PyNode, ctx: Ctx): void {
    const obj = childByField(value, 'object');
    const attr = childByField(value, 'attribute');
    if (!obj || !attr) return;
    const module = this.moduleOf(obj, ctx);
    if (!module) return;
    this.events.push({
      kind: 'capture',
      specifier: module,
      resolved: this.resolve(module),
      names: [nodeText(attr, this.text)],
      loc: locOf(value),
    });
  }

  /** The module an expression denotes (a module binding or a dotted attribute path of one). */
  moduleOf(node: PyNode, ctx: Ctx): string | null {
    if (node.type === 'identifier') {
      const b = ctx.scope.lookup(nodeText(node, this.text));
      return b?.kind === 'module' ? b.module : null;
    }
    return null;
  }

  /** Qualified name through import bindings; `X()` appends `()`. */
  qualify(node: PyNode, ctx: Ctx): string | null {
    switch (node.type) {
      case 'identifier': {
        const name = nodeText(node, this.text);
        const b = ctx.scope.lookup(name);
        if (!b) return name === '__import__' ? 'builtins.__import__' : null;
        if (b.kind === 'module') return b.module;
        if (b.kind === 'from') return `${b.module}.${b.name}`;
        if (b.kind === 'value') return b.qual;
        return null;
      }
      case 'attribute': {
        const obj = childByField(node, 'object');
        const attr = childByField(node, 'attribute');
        if (!obj || !attr) return null;
        const q = this.qualify(obj, ctx);
        return q === null ? null : `${q}.${nodeText(attr, this.text)}`;
      }
      case 'call': {
        const fn = childByField(node, 'function');
        const q = fn ? this.qualify(fn, ctx) : null;
        return q === null ? null : `${q}()`;
      }
      case 'parenthesized_expression':
        return node.children.length === 1 ? this.qualify(node.children[0]!, ctx) : null;
      default:
        return null;
    }
  }

  /** Evaluate an expression: calls in evaluation order (arguments before the call). */
  expr(node: PyNode | undefined, ctx: Ctx): void {
    if (!node || SKIP_TYPES.has(node.type)) return;
    this.ancestors.push(node);
    try {
      switch (node.type) {
        case 'call': {
          for (const c of node.children) this.expr(c, ctx);
          this.call(node, ctx);
          return;
        }
        case 'conditional_expression': {
          // `a if c else b`: c runs, then one of a / b
          const [a, c, b] = node.children;
          this.expr(c, ctx);
          this.expr(a, { ...ctx, conditional: true });
          this.expr(b, { ...ctx, conditional: true });
          return;
        }
        case 'boolean_operator': {
          this.expr(childByField(node, 'left'), ctx);
          this.expr(childByField(node, 'right'), { ...ctx, conditional: true });
          return;
        }
        case 'list_comprehension':
        case 'set_comprehension':
        case 'dictionary_comprehension':
          for (const c of node.children) this.expr(c, { ...ctx, conditional: true });
          return;
        case 'assignment':
        case 'augmented_assignment':
          this.assignment(node, ctx);
          return;
        case 'named_expression':
          this.expr(childByField(node, 'value'), ctx);
          return;
        default:
          for (const c of node.children) this.expr(c, ctx);
      }
    } finally {
      this.ancestors.pop();
    }
  }

  call(node: PyNode, ctx: Ctx): void {
    const importlib = this.importlibTarget(node, ctx);
    if (importlib) this.loadChain(importlib, 'py-importlib', node, ctx);
    const site: PyCallSite = {
      node,
      ancestors: [...this.ancestors.slice(0, -1)],
      lookup: (name) => ctx.scope.lookup(name),
      qualify: (n) => this.qualify(n, ctx),
      text: this.text,
      filename: this.filename,
      conditional: ctx.conditional,
      statement: ctx.topStatement,
    };
    for (const detector of this.detectors) {
      try {
        this.events.push(...detector(site));
      } catch (error) {
        internalError(`a Python detector at ${this.filename}`, error); // the other detectors still run
      }
    }
    this.follow(node, ctx);
  }

  /** `importlib.import_module("a.b")` / `__import__("a.b")` with a literal: the module it loads. */
  importlibTarget(node: PyNode, ctx: Ctx): string | null {
    const fn = childByField(node, 'function');
    if (!fn) return null;
    const q = this.qualify(fn, ctx);
    if (q !== 'importlib.import_module' && q !== 'builtins.__import__') return null;
    const args = callArgs(node, this.text);
    const name = stringValue(args.positional[0], this.text);
    if (!name) return null;
    if (!name.startsWith('.')) return /^[A-Za-z_][\w.]*$/.test(name) ? name : null;
    if (q !== 'importlib.import_module') return null;
    const pkg = stringValue(args.keywords.get('package') ?? args.positional[1], this.text);
    if (!pkg) return null;
    const dots = /^\.+/.exec(name)![0].length;
    const parts = pkg.split('.');
    if (dots - 1 >= parts.length) return null;
    const rest = name.slice(dots);
    return [...parts.slice(0, parts.length - (dots - 1)), ...(rest ? [rest] : [])].join('.');
  }

  /** A local function called at module time: its body runs now (imports inside it count). */
  follow(node: PyNode, ctx: Ctx): void {
    const fn = childByField(node, 'function');
    if (!fn || fn.type !== 'identifier') return;
    const b = ctx.scope.lookup(nodeText(fn, this.text));
    if (b?.kind === 'function') this.followBody(b.node, ctx);
  }

  /** The body of a local function, run now (bounded by maxDepth; a function already being followed is not entered again). */
  followBody(fnNode: PyNode, ctx: Ctx): void {
    if (ctx.depth >= this.maxDepth || this.following.has(fnNode)) return;
    const body = childByField(fnNode, 'body');
    if (!body) return;
    this.following.add(fnNode);
    this.ancestors.push(fnNode);
    try {
      // Names bound in the function are local to it; module bindings stay visible.
      const scope = new Scope(rootScope(ctx.scope));
      this.statementsOf(body, { scope, conditional: ctx.conditional, depth: ctx.depth + 1, topStatement: null });
    } finally {
      this.ancestors.pop();
      this.following.delete(fnNode);
    }
  }

  // ---- patches ---------------------------------------------------------------------------------

  catalogDetector(site: PyCallSite): TimelineEvent[] {
    const fn = childByField(site.node, 'function');
    if (!fn) return [];
    const q = site.qualify(fn);
    if (!q) return [];
    const out: TimelineEvent[] = [];
    const ctx: Ctx = { scope: new Scope(null), conditional: site.conditional, depth: 0, topStatement: site.statement };
    for (const entry of this.patchers) {
      for (const a of entry.activations) {
        if (a.kind !== 'call' || `${a.module}.${a.call}` !== q) continue;
        const args = callArgs(site.node, this.text);
        if (entry.envVars) {
          const keys = this.envKeys(a.call, args);
          if (!keys.some((k) => entry.envVars!.includes(k))) continue;
        }
        const targets = this.narrow(entry, a.kwargTargets, args);
        let names: string[] | undefined;
        if (entry.namesFromFirstArg) {
          const first = stringValue(args.positional[0], this.text);
          if (first === null) continue;
          names = [first];
        }
        const deps = [...freeIdentifiers(childByField(site.node, 'arguments'), this.text)];
        out.push(this.patchEvent(entry, 'call', targets, site.node, ctx, deps, names));
        break;
      }
    }
    return out;
  }

  /** Environment variable names a call sets: `environ.setdefault("X", …)`, `putenv("X", …)`, `environ.update(X=…)`. */
  envKeys(call: string, args: ReturnType<typeof callArgs>): string[] {
    if (call === 'environ.update') {
      const keys = [...args.keywords.keys()];
      const dict = args.positional[0];
      if (dict?.type === 'dictionary') {
        for (const pair of dict.children) {
          const k = stringValue(childByField(pair, 'key'), this.text);
          if (k !== null) keys.push(k);
        }
      }
      return keys;
    }
    const k = stringValue(args.positional[0], this.text);
    return k === null ? [] : [k];
  }

  /** `os.environ["X"] = v` / `environ["X"] = v`. */
  envAssignment(node: PyNode, left: PyNode, right: PyNode | undefined, ctx: Ctx): void {
    const value = childByField(left, 'value');
    const key = stringValue(childByField(left, 'subscript'), this.text);
    if (!value || key === null) return;
    const q = this.qualify(value, ctx);
    if (!q) return;
    for (const entry of this.patchers) {
      if (!entry.envVars?.includes(key)) continue;
      const a = entry.activations.find((x) => x.kind === 'call' && `${x.module}.${x.call}` === `${q}.__setitem__`);
      if (!a) continue;
      const deps = [...freeIdentifiers(right, this.text)];
      this.events.push(this.patchEvent(entry, 'call', entry.targets, node, ctx, deps, undefined));
    }
  }

  /** Targets after keyword arguments: gevent `thread=False` removes threading; eventlet `socket=True` selects. */
  narrow(entry: PyPatcherEntry, kwargTargets: Record<string, string[]> | undefined, args: ReturnType<typeof callArgs>): string[] {
    if (!kwargTargets || args.splat) return [...entry.targets];
    const flags = new Map<string, boolean | null>();
    for (const [k, v] of args.keywords) if (k in kwargTargets || k === 'all') flags.set(k, boolValue(v, this.text));
    const off = new Set(entry.kwargDefaultsOff ?? []);
    let on: Set<string>;
    if (entry.kwargMode === 'true-selects') {
      const allFlag = flags.get('all');
      const anyTrue = [...flags].some(([k, v]) => k !== 'all' && v === true);
      const unknown = [...flags.values()].some((v) => v === null);
      const defaultOn = allFlag === undefined || allFlag === null ? !anyTrue : allFlag;
      on = new Set();
      for (const k of Object.keys(kwargTargets)) {
        const v = flags.get(k);
        const enabled = v === true || v === null || (v === undefined && defaultOn && !off.has(k)) || (unknown && !off.has(k));
        if (enabled) on.add(k);
      }
    } else {
      on = new Set(Object.keys(kwargTargets).filter((k) => !off.has(k) || flags.get(k) === true || flags.get(k) === null));
      for (const [k, v] of flags) if (v === false) on.delete(k);
    }
    const removed = new Set<string>();
    const kept = new Set<string>();
    for (const [k, ts] of Object.entries(kwargTargets)) for (const t of ts) (on.has(k) ? kept : removed).add(t);
    // targets not governed by any flag stay; flags switched on may add targets beyond the defaults
    return [...new Set([...entry.targets.filter((t) => kept.has(t) || !removed.has(t)), ...kept])];
  }

  patchEvent(
    entry: PyPatcherEntry,
    activation: PatchEvent['activation'],
    targets: string[],
    at: PyNode,
    ctx: Ctx,
    dependsOn: string[],
    names: string[] | undefined,
  ): PatchEvent {
    const effective = entry.useOrderOnly ? [] : targets;
    let captureNames = names;
    if (!captureNames && entry.captureOnly && entry.patchedNames) {
      captureNames = [...new Set(effective.flatMap((t) => entry.patchedNames![t] ?? []))];
    }
    return {
      kind: 'patch',
      patcherId: entry.id,
      targets: effective,
      activation,
      loc: locOf(at),
      ...(ctx.topStatement ? { statementRange: [...ctx.topStatement.range] as [number, number] } : {}),
      dependsOn,
      ...(captureNames ? { names: captureNames } : {}),
      ...(entry.captureOnly ? { captureOnly: true } : {}),
    };
  }
}

interface CatalogIndex {
  knownSubmodules: Set<string>;
  sideEffectModules: Map<string, PyPatcherEntry[]>;
}
const INDEXES = new WeakMap<readonly PyPatcherEntry[], CatalogIndex>();

/** Per catalog (memoized by identity): known dotted submodules and side-effect activations. */
function catalogIndex(patchers: readonly PyPatcherEntry[]): CatalogIndex {
  const hit = INDEXES.get(patchers);
  if (hit) return hit;
  const index: CatalogIndex = { knownSubmodules: new Set(), sideEffectModules: new Map() };
  for (const k of Object.keys(STDLIB_MODULES)) if (k.includes('.')) index.knownSubmodules.add(k);
  for (const k of Object.keys(pythonPackageLoads)) if (k.includes('.')) index.knownSubmodules.add(k);
  for (const e of patchers) {
    for (const t of e.targets) if (t.includes('.')) index.knownSubmodules.add(t);
    for (const a of e.activations) {
      if (a.kind === 'call' && a.module.includes('.')) index.knownSubmodules.add(a.module);
      if (a.kind === 'side-effect') {
        if (a.module.includes('.')) index.knownSubmodules.add(a.module);
        const list = index.sideEffectModules.get(a.module) ?? [];
        list.push(e);
        index.sideEffectModules.set(a.module, list);
      }
    }
  }
  INDEXES.set(patchers, index);
  return index;
}

function rootScope(scope: Scope): Scope {
  let s = scope;
  while (s.parent) s = s.parent;
  return s;
}

function collectTargets(node: PyNode, text: string, out: string[] = []): string[] {
  if (node.type === 'identifier') out.push(nodeText(node, text));
  else if (node.type !== 'attribute' && node.type !== 'subscript') for (const c of node.children) collectTargets(c, text, out);
  return out;
}
