import type { TSESTree } from '@typescript-eslint/utils';
import type { ModuleSummary, Resolver, TimelineEvent, LoadKind, LoadEvent } from '../../graph/types.js';
import type { CallSite, Detector, ModuleBinding } from './detector-types.js';
import { valueUsedNames } from './type-only-imports.js';
import type { FormatInfo } from './format.js';
import { forEachChild, isConditional, isProcessEnv, locOf, moduleRoot, requireSpecifier, unwrap } from './ast-helpers.js';
import { modulePathOf } from './module-path.js';
import { internalError } from '../../util/guard.js';

type Node = TSESTree.Node;

export interface JsSummaryOptions {
  filename: string;
  format: FormatInfo;
  resolver: Resolver;
  detectors: readonly Detector[];
  /** Events a load itself causes (side-effect activations such as `import 'dd-trace/init'`). */
  onLoad?: (load: LoadEvent) => TimelineEvent[];
  /**
   * Events of an import TypeScript drops because its bindings (`names`) are never used as values: the load
   * does not happen (an agent's `import apm from 'elastic-apm-node/start'` starts nothing).
   */
  onElided?: (load: LoadEvent, names: string[]) => TimelineEvent[];
  /** Events of a write into `process.env` at module time (a project's own env loader). */
  onEnvWrite?: (write: EnvWrite) => TimelineEvent[];
  /**
   * Events that happen after the module's top level, found by a scan of the whole file with the
   * module's bindings (mocks registered inside test callbacks). Gets the events found so far.
   */
  afterTopLevel?: (program: TSESTree.Program, bindings: ReadonlyMap<string, ModuleBinding>, events: readonly TimelineEvent[]) => TimelineEvent[];
  /** How many levels of local functions called at module time are followed. */
  followDepth?: number;
}

/** `process.env[key] = value`, `process.env = {…}`: what is written, where, and how to read module paths there. */
export interface EnvWrite {
  node: TSESTree.AssignmentExpression;
  ancestors: Node[];
  modulePathOf: CallSite['modulePathOf'];
  valuesOf?: CallSite['valuesOf'];
}

/**
 * The evaluation timeline of a JS/TS module (DESIGN.md §3): with ESM hoisting, static imports and
 * `export … from` run first, in order, then the body; in CommonJS (and TypeScript emitted to CommonJS)
 * statements run in order. Imports TypeScript elides are not loads. Calls that run at module time —
 * top level, IIFEs, static class members, local functions called from there — go through the detectors.
 */
export function summarizeJs(program: TSESTree.Program, opts: JsSummaryOptions): ModuleSummary {
  const s = new Summarizer(program, opts);
  const events = s.run();
  if (opts.afterTopLevel) events.push(...opts.afterTopLevel(program, s.bindings, events));
  const exportedFunctions = s.exportedFunctionEvents();
  const mockedModules = hoistedMocks(program);
  return {
    path: opts.filename,
    language: 'js',
    format: opts.format.format,
    events,
    ...(Object.keys(exportedFunctions).length ? { exportedFunctions } : {}),
    ...(mockedModules.length ? { mockedModules } : {}),
  };
}

/** `jest.mock('x', …)` / `vi.mock('x', …)` statements at the top level: the modules replaced for the whole file. */
function hoistedMocks(program: TSESTree.Program): string[] {
  const out: string[] = [];
  for (const stmt of program.body) {
    if (stmt.type !== 'ExpressionStatement' || stmt.expression.type !== 'CallExpression') continue;
    const { callee, arguments: args } = stmt.expression;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'Identifier' || callee.property.type !== 'Identifier') continue;
    if (!['jest', 'vi'].includes(callee.object.name) || callee.property.name !== 'mock') continue;
    const first = args[0];
    if (first?.type === 'Literal' && typeof first.value === 'string') out.push(first.value);
  }
  return out;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

class Summarizer {
  readonly events: TimelineEvent[] = [];
  readonly deferred: TimelineEvent[] = [];
  readonly bindings = new Map<string, ModuleBinding>();
  /** Module-level `const x = <module path expression>` (e.g. `new NodeSDK()`), for two-step activations. */
  readonly localFunctions = new Map<string, Node>();
  /** Initializers of consts seen at module time, for two-step activations (`const sdk = new NodeSDK(); sdk.start()`). */
  readonly values = new Map<string, Node>();
  /** Module-time reassignments of plain names (`merged = { ...merged, ...parse(text) }`), with where they ran. */
  readonly reassigned = new Map<string, { node: TSESTree.AssignmentExpression; ancestors: Node[] }[]>();
  readonly followed = new Set<Node>();
  readonly elided = new Set<Node>();
  /** Elided only because no binding is used as a value (not written `import type`): the author expected a load. */
  readonly implicitlyElided = new Set<Node>();
  /**
   * The async functions being followed, innermost last. After the first `await` in one, the rest of its body
   * runs once the module's synchronous top level has finished: `suspendAt` is where its events start to be deferred.
   */
  readonly frames: { async: boolean; suspendAt: number | null }[] = [];
  /** Module-time reads of process.env and the nodes they read (a loader's own reads are dropped, below). */
  readonly envReads = new Map<TimelineEvent, Node>();
  /** Local names destructured from process.env (`const { NODE_ENV: env } = process.env`): the read and the variable. */
  readonly envNames = new Map<string, { event: TimelineEvent; key: string }>();
  /** Names used as values anywhere in the module (computed when first needed). */
  usedNames: Set<string> | undefined;

  constructor(
    readonly program: TSESTree.Program,
    readonly opts: JsSummaryOptions,
  ) {}

  run(): TimelineEvent[] {
    this.collectBindings();
    this.collectElided();
    const body = this.program.body;
    const hoisted = this.opts.format.order === 'hoisted';
    if (hoisted) {
      for (const stmt of body) if (isHoistedLoad(stmt)) this.statement(stmt, []);
      for (const stmt of body) if (!isHoistedLoad(stmt)) this.statement(stmt, []);
    } else {
      for (const stmt of body) this.statement(stmt, []);
    }
    return [...this.events, ...this.deferred];
  }

  /**
   * What each exported function does when called: its body walked as if called now (local calls
   * followed). Only functions whose bodies produce events are kept.
   */
  exportedFunctionEvents(): Record<string, TimelineEvent[]> {
    const out: Record<string, TimelineEvent[]> = {};
    for (const [name, fn] of this.exportedFunctions()) {
      const saved = [this.events.splice(0), this.deferred.splice(0)] as const;
      this.followed.clear();
      this.followed.add(fn);
      try {
        this.inFrame(fn, () => {
          const body = (fn as TSESTree.FunctionLike).body;
          if (body?.type === 'BlockStatement') for (const st of body.body) this.statement(st, [fn]);
          else if (body) this.walk(body as Node, [fn]);
        });
      } catch (error) {
        internalError(`JS summary of a function called at module time in ${this.opts.filename}`, error);
      }
      const events = [...this.events.splice(0), ...this.deferred.splice(0)];
      this.events.push(...saved[0]);
      this.deferred.push(...saved[1]);
      if (events.length) out[name] = events;
    }
    return out;
  }

  exportedFunctions(): Map<string, Node> {
    const out = new Map<string, Node>();
    const fnOf = (n: Node | null | undefined): Node | undefined => {
      if (!n) return undefined;
      if (FUNCTION_TYPES.has(n.type)) return n;
      if (n.type === 'Identifier') return this.localFunctions.get(n.name);
      return undefined;
    };
    for (const stmt of this.program.body) {
      if (stmt.type === 'ExportNamedDeclaration') {
        const d = stmt.declaration;
        if (d?.type === 'FunctionDeclaration' && d.id) out.set(d.id.name, d);
        if (d?.type === 'VariableDeclaration') {
          for (const decl of d.declarations) {
            const fn = fnOf(decl.init);
            if (decl.id.type === 'Identifier' && fn) out.set(decl.id.name, fn);
          }
        }
        if (!stmt.source) {
          for (const spec of stmt.specifiers) {
            const fn = spec.local.type === 'Identifier' ? this.localFunctions.get(spec.local.name) : undefined;
            const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
            if (fn) out.set(exported, fn);
          }
        }
      } else if (stmt.type === 'ExportDefaultDeclaration') {
        const fn = fnOf(stmt.declaration as Node);
        if (fn) out.set('default', fn);
      } else if (stmt.type === 'ExpressionStatement' && stmt.expression.type === 'AssignmentExpression') {
        // exports.f = …, module.exports.f = …, module.exports = f, module.exports = { f, g }
        const { left, right } = stmt.expression;
        const target = memberPath(left);
        if (target === 'module.exports') {
          const fn = fnOf(right);
          if (fn) out.set('default', fn);
          if (right.type === 'ObjectExpression') {
            for (const prop of right.properties) {
              if (prop.type === 'Property' && !prop.computed && prop.key.type === 'Identifier') {
                const f = fnOf(prop.value as Node);
                if (f) out.set(prop.key.name, f);
              }
            }
          }
        } else if (target?.startsWith('exports.') || target?.startsWith('module.exports.')) {
          const fn = fnOf(right);
          if (fn) out.set(target.slice(target.lastIndexOf('.') + 1), fn);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- bindings

  collectBindings(): void {
    for (const stmt of this.program.body) {
      if (stmt.type === 'ImportDeclaration') {
        if (stmt.importKind === 'type') continue;
        for (const spec of stmt.specifiers) {
          if (spec.type === 'ImportSpecifier' && spec.importKind === 'type') continue;
          const imported =
            spec.type === 'ImportDefaultSpecifier'
              ? 'default'
              : spec.type === 'ImportNamespaceSpecifier'
                ? '*'
                : spec.imported.type === 'Identifier'
                  ? spec.imported.name
                  : String(spec.imported.value);
          this.bindings.set(spec.local.name, { specifier: stmt.source.value, imported });
        }
      } else if (stmt.type === 'TSImportEqualsDeclaration' && stmt.importKind !== 'type') {
        const ref = stmt.moduleReference;
        if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal') {
          this.bindings.set(stmt.id.name, { specifier: String(ref.expression.value), imported: '*' });
        }
      } else if (stmt.type === 'VariableDeclaration') {
        for (const decl of stmt.declarations) this.bindDeclarator(decl);
      } else if (stmt.type === 'FunctionDeclaration' && stmt.id) {
        this.localFunctions.set(stmt.id.name, stmt);
      }
      if (stmt.type === 'VariableDeclaration') {
        for (const decl of stmt.declarations) {
          if (decl.id.type === 'Identifier' && decl.init && FUNCTION_TYPES.has(decl.init.type)) {
            this.localFunctions.set(decl.id.name, decl.init);
          }
        }
      }
      if ((stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration') && stmt.declaration) {
        const d = stmt.declaration;
        if (d.type === 'FunctionDeclaration' && d.id) this.localFunctions.set(d.id.name, d);
        if (d.type === 'VariableDeclaration') {
          for (const decl of d.declarations) {
            this.bindDeclarator(decl);
            if (decl.id.type === 'Identifier' && decl.init && FUNCTION_TYPES.has(decl.init.type)) {
              this.localFunctions.set(decl.id.name, decl.init);
            }
          }
        }
      }
    }
  }

  /** `const x = require('m')`, `const { a, b: c } = require('m')`, `const f = require('m').f`. */
  bindDeclarator(decl: TSESTree.VariableDeclarator): void {
    if (!decl.init) return;
    const source = moduleRoot(unwrap(decl.init));
    if (source) {
      if (decl.id.type === 'Identifier') this.bindings.set(decl.id.name, { specifier: source, imported: '*' });
      else if (decl.id.type === 'ObjectPattern') {
        for (const prop of decl.id.properties) {
          if (prop.type === 'Property' && !prop.computed && prop.key.type === 'Identifier') {
            const local = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
            if (local.type === 'Identifier') this.bindings.set(local.name, { specifier: source, imported: prop.key.name });
          }
        }
      }
      return;
    }
    const init = unwrap(decl.init);
    if (decl.id.type === 'Identifier' && init.type === 'MemberExpression' && !init.computed && init.property.type === 'Identifier') {
      const root = moduleRoot(unwrap(init.object));
      if (root) this.bindings.set(decl.id.name, { specifier: root, imported: init.property.name });
    }
  }

  collectElided(): void {
    const f = this.opts.format;
    const used = f.elideUnusedImports ? valueUsedNames(this.program) : null;
    for (const stmt of this.program.body) {
      if (stmt.type === 'ImportDeclaration') {
        if (stmt.importKind === 'type') {
          this.elided.add(stmt);
          continue;
        }
        if (stmt.specifiers.length === 0) continue; // side-effect import: always kept
        const valueSpecs = stmt.specifiers.filter((s) => !(s.type === 'ImportSpecifier' && s.importKind === 'type'));
        if (f.verbatimModuleSyntax) continue; // `import { type A } from 'a'` is emitted as `import {} from 'a'`
        if (valueSpecs.length === 0 && f.isTypeScript) {
          this.elided.add(stmt);
          continue;
        }
        if (used && !valueSpecs.some((s) => used.has(s.local.name))) {
          this.elided.add(stmt);
          if (!f.preserveValueImports) this.implicitlyElided.add(stmt);
        }
      } else if ((stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportAllDeclaration') && stmt.source) {
        if (stmt.exportKind === 'type') this.elided.add(stmt);
        else if (
          stmt.type === 'ExportNamedDeclaration' &&
          f.isTypeScript &&
          !f.verbatimModuleSyntax &&
          stmt.specifiers.length > 0 &&
          stmt.specifiers.every((s) => s.exportKind === 'type')
        ) {
          this.elided.add(stmt);
        }
      } else if (stmt.type === 'TSImportEqualsDeclaration') {
        if (stmt.importKind === 'type' || (used && !used.has(stmt.id.name))) this.elided.add(stmt);
        if (stmt.importKind !== 'type' && this.elided.has(stmt) && !f.preserveValueImports) this.implicitlyElided.add(stmt);
      }
    }
  }

  // ---------------------------------------------------------------- walking

  statement(stmt: Node, ancestors: Node[]): void {
    switch (stmt.type) {
      case 'ImportDeclaration': {
        if (this.elided.has(stmt)) {
          if (this.implicitlyElided.has(stmt)) this.elidedLoad(stmt.source.value, stmt, ancestors, stmt.specifiers.map((s) => s.local.name));
          return;
        }
        const kind: LoadKind = stmt.specifiers.length === 0 ? 'side-effect-import' : 'import';
        this.load(stmt.source.value, kind, stmt, ancestors);
        if (this.opts.format.nativeEsm) this.captureFromImport(stmt);
        return;
      }
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        if (stmt.source) {
          if (!this.elided.has(stmt)) this.load(stmt.source.value, 're-export', stmt, ancestors);
          return;
        }
        if (stmt.declaration) this.statement(stmt.declaration, [...ancestors, stmt]);
        return;
      case 'ExportDefaultDeclaration':
        this.statement(stmt.declaration as Node, [...ancestors, stmt]);
        return;
      case 'TSImportEqualsDeclaration': {
        const ref = stmt.moduleReference;
        if (this.elided.has(stmt)) {
          if (this.implicitlyElided.has(stmt) && ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal') {
            this.elidedLoad(String(ref.expression.value), stmt, ancestors, [stmt.id.name]);
          }
          return;
        }
        if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal') {
          this.load(String(ref.expression.value), 'require', stmt, ancestors);
        }
        return;
      }
      case 'FunctionDeclaration':
      case 'TSDeclareFunction':
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
        return;
      case 'ClassDeclaration':
        this.classAtModuleTime(stmt, ancestors);
        return;
      default:
        this.walk(stmt, ancestors);
    }
  }

  /** Decorators, `extends`, static blocks and static fields run when the class is defined. */
  classAtModuleTime(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, ancestors: Node[]): void {
    const inner = [...ancestors, cls];
    for (const d of cls.decorators ?? []) this.walk(d, inner);
    if (cls.superClass) this.walk(cls.superClass, inner);
    for (const member of cls.body.body) {
      for (const d of 'decorators' in member ? (member.decorators ?? []) : []) this.walk(d, inner);
      if (member.type === 'StaticBlock') for (const s of member.body) this.statement(s, [...inner, member]);
      else if (member.type === 'PropertyDefinition' && member.static && member.value) this.walk(member.value, [...inner, member]);
    }
  }

  walk(node: Node, ancestors: Node[]): void {
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return; // runs only when called; calls are followed in `call()`
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.classAtModuleTime(node, ancestors);
        return;
      case 'CallExpression':
      case 'NewExpression':
        this.call(node, ancestors);
        return;
      case 'ImportExpression':
        this.dynamicImport(node, ancestors);
        return;
      case 'MemberExpression':
        this.envRead(node, ancestors);
        break;
      case 'AwaitExpression': {
        // The awaited expression runs now; what follows it in an async function runs after the top level.
        const mark = this.deferred.length;
        this.walk(node.argument, [...ancestors, node]);
        if (this.frames.length === 0) {
          // Top-level await (ES modules): the module waits, so what the awaited call deferred happens here.
          this.events.push(...this.deferred.splice(mark));
        }
        this.suspend();
        return;
      }
      case 'ForOfStatement':
        if (node.await) {
          const inner = [...ancestors, node];
          this.walk(node.right, inner);
          this.suspend();
          this.walk(node.left, inner);
          this.walk(node.body, inner);
          return;
        }
        break;
      case 'AssignmentExpression':
        if (node.left.type === 'Identifier') {
          const list = this.reassigned.get(node.left.name) ?? [];
          list.push({ node, ancestors });
          this.reassigned.set(node.left.name, list);
        }
        if (this.opts.onEnvWrite && isEnvWriteTarget(node.left)) {
          const inner = [...ancestors, node];
          forEachChild(node, (child) => this.walk(child, inner), true);
          const write = { node, ancestors, modulePathOf: (n: Node) => modulePathOf(n, this.bindings, this.values), valuesOf: this.valuesOf };
          this.activations(this.opts.onEnvWrite(write), node, ancestors);
          return;
        }
        break;
      case 'VariableDeclarator':
        this.envDestructure(node);
        if (node.id.type === 'Identifier' && node.init && !FUNCTION_TYPES.has(node.init.type)) this.values.set(node.id.name, node.init);
        break;
    }
    const inner = [...ancestors, node];
    forEachChild(node, (child) => this.walk(child, inner), true);
  }

  call(node: TSESTree.CallExpression | TSESTree.NewExpression, ancestors: Node[]): void {
    const inner = [...ancestors, node];
    // Arguments and callee object run before the call itself.
    this.walk(node.callee, inner);
    for (const arg of node.arguments) this.walk(arg, inner);

    if (node.type === 'CallExpression') {
      const spec = requireSpecifier(node);
      if (spec !== null) {
        this.load(spec, 'require', node, ancestors);
        this.captureFromRequire(node, spec, ancestors);
      }
    }
    const site: CallSite = {
      node,
      ancestors,
      program: this.program,
      bindings: this.bindings,
      filename: this.opts.filename,
      format: this.opts.format.format,
      conditional: isConditional(ancestors),
      modulePathOf: (n) => modulePathOf(n, this.bindings, this.values),
      valuesOf: this.valuesOf,
    };
    for (const detect of this.opts.detectors) {
      try {
        this.activations(detect(site), node, ancestors);
      } catch (error) {
        internalError(`a JS detector at ${this.opts.filename}`, error); // that call contributes nothing
      }
    }
    this.importedCall(node, ancestors);
    // Follow IIFEs and local functions called at module time, one function at a time, bounded.
    const callee = unwrap(node.callee);
    let fn: Node | undefined;
    if (FUNCTION_TYPES.has(callee.type)) fn = callee;
    else if (callee.type === 'Identifier') fn = this.localFunctions.get(callee.name);
    if (fn && !this.followed.has(fn) && this.depthOf(ancestors) < (this.opts.followDepth ?? 3)) {
      this.followed.add(fn);
      const body = (fn as TSESTree.FunctionLike).body;
      this.inFrame(fn, () => {
        if (body && body.type === 'BlockStatement') for (const s of body.body) this.statement(s, [...inner, fn]);
        else if (body) this.walk(body as Node, [...inner, fn]);
      });
    }
  }

  /**
   * Run `walk` as the body of `fn`. For an async function, the events after its first `await` move to the
   * deferred part of the timeline: `bootstrap(); require('express')` loads express before the rest of
   * `bootstrap` resumes.
   */
  inFrame(fn: Node, walk: () => void): void {
    const frame = { async: !!(fn as TSESTree.FunctionLike).async, suspendAt: null as number | null };
    this.frames.push(frame);
    try {
      walk();
    } finally {
      this.frames.pop();
    }
    if (frame.suspendAt !== null) this.deferred.push(...this.events.splice(frame.suspendAt));
  }

  /** What a module-level name has held so far: its initializer, then each reassignment's value. */
  readonly valuesOf = (name: string): Node[] => {
    const init = this.values.get(name);
    const later = (this.reassigned.get(name) ?? []).map((r) => r.node.right);
    return init ? [init, ...later] : later;
  };

  /** An `await` (or `for await`) in the innermost followed function: if it is async, the rest of it waits. */
  suspend(): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame?.async && frame.suspendAt === null) frame.suspendAt = this.events.length;
  }

  /**
   * Events a detector or a hook found at `node`. When one is an env loader's activation, the reads of
   * process.env that only configure that loader are not reads before the load (see `loaderOwnReads`).
   */
  activations(found: readonly TimelineEvent[], node: Node, ancestors: Node[]): void {
    if (!found.length) return;
    if (found.some((e) => e.kind === 'patch' && e.targets.includes('process.env'))) this.dropLoaderOwnReads(node, ancestors);
    this.events.push(...found);
  }

  /**
   * An env loader's own reads of process.env are not reads before the load: its arguments
   * (`config({ path: f(process.env.NODE_ENV) })`), the guard it runs under
   * (`if (process.env.NODE_ENV !== 'production') require('dotenv').config()`), and, through them, the consts
   * and local functions they use (`const file = process.env.ENV_FILE ?? '.env'; config({ path: file })`).
   */
  dropLoaderOwnReads(node: Node, ancestors: Node[]): void {
    const scopes: Node[] = [];
    if (node.type === 'CallExpression' || node.type === 'NewExpression') scopes.push(...node.arguments);
    if (node.type === 'AssignmentExpression') scopes.push(node.right);
    scopes.push(...guardsOf(ancestors, node));
    const ranges: [number, number][] = [];
    const names = new Set<string>();
    const seen = new Set<Node>();
    const visit = (n: Node, depth: number): void => {
      if (seen.has(n) || depth > 4) return;
      seen.add(n);
      ranges.push(n.range);
      const scan = (m: Node): void => {
        if (m.type === 'Identifier') {
          names.add(m.name);
          const value = this.values.get(m.name);
          if (value) visit(value, depth + 1);
          // A name filled in by later assignments (`merged = { ...merged, ...parse(text) }` in a loop over the
          // candidate files): what was assigned, and the guards and loops that chose it, configure the loader too.
          for (const r of this.reassigned.get(m.name) ?? []) {
            if (r.node === node) continue;
            visit(r.node.right, depth + 1);
            for (const guard of guardsOf(r.ancestors, r.node)) visit(guard, depth + 1);
          }
          const fn = this.localFunctions.get(m.name);
          if (fn) visit(fn, depth + 1);
        }
        forEachChild(m, scan, true);
      };
      scan(n);
    };
    for (const scope of scopes) visit(scope, 0);
    const inside = (r: readonly [number, number]) => ranges.some(([a, b]) => a <= r[0] && r[1] <= b);
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      const read = this.envReads.get(e);
      if (read && inside(read.range)) this.events.splice(i, 1);
    }
    for (const name of names) {
      const destructured = this.envNames.get(name);
      const e = destructured?.event;
      if (e?.kind !== 'capture') continue;
      e.names = e.names.filter((n) => n !== destructured!.key);
      if (!e.names.length) {
        const at = this.events.indexOf(e);
        if (at >= 0) this.events.splice(at, 1);
      }
    }
  }

  /** `initTracing()` imported from '../../js/tracing': the callee's exported function runs now. */
  importedCall(node: TSESTree.CallExpression | TSESTree.NewExpression, ancestors: Node[]): void {
    if (node.type !== 'CallExpression') return;
    const path = modulePathOf(node.callee, this.bindings, new Map());
    if (!path || !/^[\w$]*$/.test(path.path)) return;
    const resolved = this.opts.resolver.resolve(path.specifier, this.opts.filename);
    if (resolved.type !== 'file') return;
    const top = topStatement(node, ancestors, this.program);
    this.events.push({
      kind: 'call',
      specifier: path.specifier,
      resolved,
      name: path.path === '' ? 'default' : path.path,
      loc: locOf(node),
      statementRange: top ? [top.range[0], top.range[1]] : undefined,
    });
  }

  depthOf(ancestors: Node[]): number {
    let d = 0;
    for (const a of ancestors) if (FUNCTION_TYPES.has(a.type)) d++;
    return d;
  }

  dynamicImport(node: TSESTree.ImportExpression, ancestors: Node[]): void {
    this.walk(node.source, [...ancestors, node]);
    const src = node.source;
    const spec = src.type === 'Literal' && typeof src.value === 'string' ? src.value : src.type === 'TemplateLiteral' && src.expressions.length === 0 ? src.quasis[0]!.value.cooked : null;
    if (spec == null) return;
    const parent = ancestors[ancestors.length - 1];
    const awaited = parent?.type === 'AwaitExpression';
    const event = this.loadEvent(spec, 'dynamic-import', node, ancestors);
    // Not awaited: the module evaluates after this module's synchronous top level has finished.
    const target = awaited && this.depthOf(ancestors) === 0 ? this.events : this.deferred;
    target.push(event);
    if (this.opts.onLoad) target.push(...this.opts.onLoad(event));
  }

  // ---------------------------------------------------------------- events

  loadEvent(specifier: string, loadKind: LoadKind, statement: Node, ancestors: Node[]): LoadEvent {
    const top = topStatement(statement, ancestors, this.program);
    return {
      kind: 'load',
      specifier,
      resolved: this.opts.resolver.resolve(specifier, this.opts.filename),
      loadKind,
      conditional: isConditional(ancestors),
      loc: locOf(statement),
      statementRange: top ? [top.range[0], top.range[1]] : undefined,
    };
  }

  load(specifier: string, loadKind: LoadKind, statement: Node, ancestors: Node[]): void {
    const event = this.loadEvent(specifier, loadKind, statement, ancestors);
    this.events.push(event);
    if (!this.opts.onLoad) return;
    const found = this.opts.onLoad(event);
    for (const e of found) {
      // Only a package's main module is both the start and the API (`newrelic`); an entry point such as
      // `elastic-apm-node/start` or `dd-trace/init` is a start however it is bound.
      if (e.kind === 'patch' && e.activation === 'side-effect' && !e.impliedBy && !SUBPATH.test(specifier) && this.isApiHandle(statement, ancestors)) {
        e.impliedBy = specifier;
      }
    }
    this.activations(found, statement, ancestors);
  }

  /**
   * `const nr = require('newrelic')` with `nr` used (`nr.noticeError(…)`), `import newrelic from 'newrelic'` used
   * as a value: the module is required for the agent's API. It starts the agent if nothing did, but the project
   * starts it elsewhere (a preload, the entry's first line): it is not judged as the place of the start.
   */
  isApiHandle(statement: Node, ancestors: readonly Node[]): boolean {
    const names: string[] = [];
    if (statement.type === 'ImportDeclaration') {
      for (const s of statement.specifiers) if (s.type !== 'ImportSpecifier' || s.importKind !== 'type') names.push(s.local.name);
    } else if (statement.type === 'TSImportEqualsDeclaration') {
      names.push(statement.id.name);
    } else {
      const parent = ancestors[ancestors.length - 1];
      if (parent?.type === 'VariableDeclarator' && parent.init === statement && parent.id.type === 'Identifier') names.push(parent.id.name);
    }
    if (!names.length) return false;
    if (statement.type === 'ImportDeclaration' || statement.type === 'TSImportEqualsDeclaration') {
      this.usedNames ??= valueUsedNames(this.program);
      return names.some((n) => this.usedNames!.has(n));
    }
    // A declared name: used when it is read anywhere besides its own declaration.
    let reads = 0;
    const visit = (n: Node, parent: Node | null, key: string | null): void => {
      if (n.type === 'Identifier') {
        const isKey = (parent?.type === 'MemberExpression' && key === 'property' && !parent.computed) || (parent?.type === 'Property' && key === 'key' && !parent.computed);
        if (n.name === names[0] && !isKey) reads++;
        return;
      }
      forEachChild(n, (c, k) => visit(c, n, k), true);
    };
    visit(this.program, null, null);
    return reads > 1;
  }

  /** An import TypeScript drops: no load, but an activation it was meant to be is worth knowing. */
  elidedLoad(specifier: string, statement: Node, ancestors: Node[], names: string[]): void {
    if (!this.opts.onElided) return;
    this.events.push(...this.opts.onElided(this.loadEvent(specifier, 'import', statement, ancestors), names));
  }

  capture(specifier: string, names: string[], at: Node): void {
    this.events.push({
      kind: 'capture',
      specifier,
      resolved: this.opts.resolver.resolve(specifier, this.opts.filename),
      names,
      loc: locOf(at),
    });
  }

  /**
   * A named import copies the value only where Node itself runs the file as an ES module: a named export of a
   * CommonJS module (node's `http` included) is a snapshot taken when that module finished loading. Compiled to
   * CommonJS (tsc, Babel, swc, esbuild), `import { Op } from 'sequelize'` becomes `const sequelize_1 =
   * require('sequelize')` and every use reads `sequelize_1.Op` again: not a copy.
   */
  captureFromImport(stmt: TSESTree.ImportDeclaration): void {
    const names = stmt.specifiers
      .filter((s): s is TSESTree.ImportSpecifier => s.type === 'ImportSpecifier' && s.importKind !== 'type')
      .map((s) => (s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value)));
    if (names.length) this.capture(stmt.source.value, names, stmt);
  }

  /** `const { request } = require('http')`, `const request = require('http').request`: the value is taken once. */
  captureFromRequire(call: TSESTree.CallExpression, spec: string, ancestors: Node[]): void {
    const parent = ancestors[ancestors.length - 1];
    if (parent?.type === 'VariableDeclarator' && parent.init === call && parent.id.type === 'ObjectPattern') {
      const names = parent.id.properties.flatMap((p) =>
        p.type === 'Property' && !p.computed && p.key.type === 'Identifier' ? [p.key.name] : [],
      );
      if (names.length) this.capture(spec, names, parent);
    } else if (parent?.type === 'MemberExpression' && parent.object === call && !parent.computed && parent.property.type === 'Identifier') {
      const grand = ancestors[ancestors.length - 2];
      if (grand?.type === 'VariableDeclarator' || grand?.type === 'AssignmentExpression') this.capture(spec, [parent.property.name], parent);
    }
  }

  /** `process.env.X` read while the module evaluates: env loaders must run first. */
  envRead(node: TSESTree.MemberExpression, ancestors: Node[]): void {
    if (!isProcessEnv(node.object)) return;
    const parent = ancestors[ancestors.length - 1];
    if (parent?.type === 'AssignmentExpression' && parent.left === node) return;
    const name = !node.computed && node.property.type === 'Identifier' ? node.property.name : node.property.type === 'Literal' ? String(node.property.value) : '*';
    const event: TimelineEvent = { kind: 'capture', specifier: 'process.env', resolved: { type: 'builtin', name: 'process.env' }, names: [name], loc: locOf(node) };
    this.envReads.set(event, node);
    this.events.push(event);
  }

  envDestructure(decl: TSESTree.VariableDeclarator): void {
    if (!decl.init || !isProcessEnv(unwrap(decl.init)) || decl.id.type !== 'ObjectPattern') return;
    const names = decl.id.properties.flatMap((p) => (p.type === 'Property' && p.key.type === 'Identifier' ? [p.key.name] : []));
    const event: TimelineEvent = { kind: 'capture', specifier: 'process.env', resolved: { type: 'builtin', name: 'process.env' }, names, loc: locOf(decl) };
    for (const p of decl.id.properties) {
      if (p.type === 'Property' && p.key.type === 'Identifier') {
        const local = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
        if (local.type === 'Identifier') this.envNames.set(local.name, { event, key: p.key.name });
      }
    }
    this.events.push(event);
  }
}

// ------------------------------------------------------------------ helpers

function memberPath(node: Node): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const base = memberPath(node.object);
    return base ? `${base}.${node.property.name}` : null;
  }
  return null;
}

/** No other statement comes before an import: ESM hoisting leaves the order as written. */
export function importsFirst(program: TSESTree.Program): boolean {
  let other = false;
  for (const stmt of program.body) {
    if (!isHoistedLoad(stmt)) other = true;
    else if (other) return false;
  }
  return true;
}

export function isHoistedLoad(stmt: Node): boolean {
  return (
    stmt.type === 'ImportDeclaration' ||
    ((stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportAllDeclaration') && stmt.source != null)
  );
}

/** A specifier with a path below its package (`dd-trace/init`, `@scope/pkg/start`). */
const SUBPATH = /^(?:@[^/]+\/)?[^/]+\/./u;

/** `process.env[key]`, `process.env.KEY` or `process.env` itself, as the target of an assignment. */
/** The tests and loop sources that decide whether `node` runs (an if's test, a `&&`'s left, a for-of's right). */
function guardsOf(ancestors: readonly Node[], node: Node): Node[] {
  const guards: Node[] = [];
  const path = [...ancestors, node];
  for (let i = 0; i < path.length - 1; i++) {
    const a = path[i]!;
    const child = path[i + 1]!;
    if ((a.type === 'IfStatement' || a.type === 'ConditionalExpression') && child !== a.test) guards.push(a.test);
    else if (a.type === 'LogicalExpression' && child === a.right) guards.push(a.left);
    else if ((a.type === 'ForOfStatement' || a.type === 'ForInStatement') && child === a.body) guards.push(a.right);
  }
  return guards;
}

function isEnvWriteTarget(node: Node): boolean {
  return isProcessEnv(node) || (node.type === 'MemberExpression' && isProcessEnv(node.object));
}


function topStatement(statement: Node, ancestors: readonly Node[], program: TSESTree.Program): Node | null {
  if (program.body.includes(statement as TSESTree.ProgramStatement)) return statement;
  for (const a of ancestors) if (program.body.includes(a as TSESTree.ProgramStatement)) return a;
  return null;
}

