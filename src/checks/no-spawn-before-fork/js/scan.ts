import type { TSESTree } from '@typescript-eslint/utils';
import type { Guard } from '../../../graph/types.js';
import type { ModuleBinding, ModulePath } from '../../../lang/js/detector-types.js';
import { modulePathOf } from '../../../lang/js/module-path.js';
import { moduleRoot, unwrap } from '../../../lang/js/ast-helpers.js';
import { classifyCall, type ForkMatch, type RedirectMatch } from '../../../lang/js/events/spawn-fork-classify.js';
import { GuardAnalyzer, join, meet, type Role } from '../../../lang/js/events/spawn-fork-guards.js';
import { guard } from '../../../util/guard.js';

type Node = TSESTree.Node;
type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);
const ITERATORS = new Set(['forEach', 'map', 'flatMap', 'times', 'from', 'fill']);

export interface CallRecord {
  node: CallLike;
  /** Syntactic ancestors, Program excluded, outermost first. */
  ancestors: Node[];
}

export interface ForkPoint {
  node: CallLike;
  match: ForkMatch;
  guard: Guard | null;
  /** Inside a loop or an iteration callback: several children. */
  repeated: boolean;
}

export interface RedirectPoint {
  node: CallLike;
  match: RedirectMatch;
}

/**
 * The file being linted, seen whole (ESLint's AST): every call, not only those at module time, so
 * that `os.cpus().forEach(() => cluster.fork())` and forks in event handlers count as fork points.
 */
export class FileScan {
  readonly bindings = new Map<string, ModuleBinding>();
  readonly values = new Map<string, Node>();
  readonly calls: CallRecord[] = [];
  readonly callsByName = new Map<string, CallRecord[]>();
  readonly forks: ForkPoint[] = [];
  readonly redirects: RedirectPoint[] = [];
  readonly guards: GuardAnalyzer;

  constructor(
    readonly program: TSESTree.Program,
    readonly filename: string,
    readonly visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
    instanceVars: readonly string[] = [],
  ) {
    this.collectTop();
    this.guards = new GuardAnalyzer({
      modulePathOf: (n) => this.modulePathOf(n),
      program,
      instanceVars,
      resolveIdentifier: (id) => this.values.get(id.name) ?? null,
    });
    this.walk(program, []);
    const classify = { modulePathOf: (n: Node) => this.modulePathOf(n), filename, resolveIdentifier: (id: TSESTree.Identifier) => this.values.get(id.name) ?? null };
    for (const c of this.calls) {
      const m = guard('no-spawn-before-fork: classify call', () => classifyCall(c.node, classify), null);
      if (m?.type === 'fork') {
        this.forks.push({ node: c.node, match: m, guard: this.guardOf(c.node, c.ancestors), repeated: isRepeated(c.ancestors) });
      } else if (m?.type === 'redirect') {
        this.redirects.push({ node: c.node, match: m });
      }
    }
  }

  modulePathOf(node: Node): ModulePath | null {
    return modulePathOf(node, this.bindings, this.values);
  }

  collectTop(): void {
    for (const raw of this.program.body) {
      const stmt = (raw.type === 'ExportNamedDeclaration' && raw.declaration ? raw.declaration : raw) as Node;
      if (stmt.type === 'ImportDeclaration') {
        if (stmt.importKind === 'type') continue;
        for (const s of stmt.specifiers) {
          const imported =
            s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          this.bindings.set(s.local.name, { specifier: stmt.source.value, imported });
        }
      } else if (stmt.type === 'VariableDeclaration') {
        for (const d of stmt.declarations) {
          if (!d.init) continue;
          const init = unwrap(d.init);
          const source = moduleRoot(init);
          if (source) {
            if (d.id.type === 'Identifier') this.bindings.set(d.id.name, { specifier: source, imported: '*' });
            else if (d.id.type === 'ObjectPattern') {
              for (const p of d.id.properties) {
                if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier') continue;
                const local = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
                if (local.type === 'Identifier') this.bindings.set(local.name, { specifier: source, imported: p.key.name });
              }
            }
            continue;
          }
          if (d.id.type === 'Identifier' && init.type === 'MemberExpression' && !init.computed && init.property.type === 'Identifier') {
            const root = moduleRoot(unwrap(init.object));
            if (root) {
              this.bindings.set(d.id.name, { specifier: root, imported: init.property.name });
              continue;
            }
          }
          if (stmt.kind === 'const' && d.id.type === 'Identifier' && !FUNCTIONS.has(init.type)) this.values.set(d.id.name, d.init);
        }
      }
    }
  }

  walk(node: Node, ancestors: Node[]): void {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const rec = { node, ancestors };
      this.calls.push(rec);
      const callee = unwrap(node.callee as Node);
      if (callee.type === 'Identifier') {
        let list = this.callsByName.get(callee.name);
        if (!list) this.callsByName.set(callee.name, (list = []));
        list.push(rec);
      }
    }
    const inner = node.type === 'Program' ? [] : [...ancestors, node];
    for (const key of this.visitorKeys[node.type] ?? []) {
      const v = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c === 'object' && typeof (c as Node).type === 'string') this.walk(c as Node, inner);
      } else if (v && typeof v === 'object' && typeof (v as Node).type === 'string') {
        this.walk(v as Node, inner);
      }
    }
  }

  /** Syntactic ancestors of a node (ESLint's AST has parents), Program excluded. */
  ancestorsOf(node: Node): Node[] {
    const out: Node[] = [];
    for (let p = (node as { parent?: Node }).parent; p && p.type !== 'Program'; p = (p as { parent?: Node }).parent) out.unshift(p);
    return out;
  }

  /**
   * The guard a node runs under, following the enclosing local function to the places that call it
   * (`if (cluster.isPrimary) startPrimary(); else startWorker();`): the guard of the function body,
   * met with what all of its call sites have in common.
   */
  guardOf(node: Node, ancestors: Node[], depth = 0): Guard | null {
    let k = -1;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      if (FUNCTIONS.has(ancestors[i]!.type)) {
        k = i;
        break;
      }
    }
    if (k < 0) return this.guards.guardOf(node, ancestors);
    const fn = ancestors[k] as TSESTree.FunctionLike;
    const inner = this.guards.guardOf(node, ancestors.slice(k), { topLevel: false });
    if (depth > 3) return inner;
    const sites = this.callSitesOf(fn, ancestors.slice(0, k));
    if (!sites.length) return inner;
    let outer: Role | null | undefined;
    const texts: string[] = [];
    for (const s of sites) {
      const g = this.guardOf(s.node, s.ancestors, depth + 1);
      outer = outer === undefined ? (g?.role ?? null) : join(outer, g?.role ?? null);
      if (g?.text) texts.push(g.text);
    }
    const role = meet(inner?.role ?? null, outer ?? null);
    return role ? { role, text: [...new Set([...texts, inner?.text].filter(Boolean))].join(' && ') } : null;
  }

  callSitesOf(fn: TSESTree.FunctionLike, fnAncestors: Node[]): CallRecord[] {
    const parent = fnAncestors[fnAncestors.length - 1];
    // IIFE
    if (parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && unwrap(parent.callee as Node) === fn) {
      return [{ node: parent, ancestors: fnAncestors.slice(0, -1) }];
    }
    // A callback (`cpus().forEach(() => …)`, `cluster.on('exit', () => …)`) runs only where it is passed.
    if (parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      return [{ node: parent, ancestors: fnAncestors.slice(0, -1) }];
    }
    let name: string | null = null;
    if (fn.type === 'FunctionDeclaration' && fn.id) name = fn.id.name;
    else if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') name = parent.id.name;
    if (!name) return [];
    return (this.callsByName.get(name) ?? []).filter((c) => !c.ancestors.includes(fn as Node));
  }

  /**
   * Does code at this position run while the module evaluates? Top level, IIFEs, iteration callbacks
   * (`forEach`) and local functions that are called somewhere (approximation: any call site).
   */
  isModuleTime(ancestors: readonly Node[], depth = 0): boolean {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i]!;
      if (!FUNCTIONS.has(a.type)) continue;
      const p = ancestors[i - 1];
      if (p && (p.type === 'CallExpression' || p.type === 'NewExpression')) {
        if (unwrap(p.callee as Node) === a) continue; // IIFE
        const c = p.callee;
        if (p.arguments.includes(a as TSESTree.CallExpressionArgument) && c.type === 'MemberExpression' && c.property.type === 'Identifier' && ITERATORS.has(c.property.name)) continue;
        return false;
      }
      if (depth > 3) return false;
      const sites = this.callSitesOf(a as TSESTree.FunctionLike, ancestors.slice(0, i) as Node[]);
      return sites.some((s) => this.isModuleTime(s.ancestors, depth + 1));
    }
    return true;
  }

  /** Forks whose children evaluate this file again. */
  selfForks(): ForkPoint[] {
    const redirected = this.redirects.some((r) => !r.match.execIsSelf);
    return this.forks.filter((f) => f.match.reRunsSelf && !(redirected && f.match.entry.id === 'cluster.fork'));
  }

  /** Local name bound to a module's namespace/default (`cluster` for `import cluster from 'node:cluster'`). */
  namespaceOf(module: string): string | null {
    for (const [local, b] of this.bindings) {
      if ((b.specifier === module || b.specifier === `node:${module}`) && (b.imported === '*' || b.imported === 'default')) return local;
    }
    return null;
  }

  /** Local name bound to a named export (`isMainThread` for `const { isMainThread } = require('worker_threads')`). */
  namedOf(module: string, name: string): string | null {
    for (const [local, b] of this.bindings) {
      if ((b.specifier === module || b.specifier === `node:${module}`) && b.imported === name) return local;
    }
    return null;
  }
}

function isRepeated(ancestors: readonly Node[]): boolean {
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i]!;
    if (LOOPS.has(a.type)) return true;
    if (FUNCTIONS.has(a.type)) {
      const p = ancestors[i - 1];
      if (p?.type === 'CallExpression' && p.arguments.includes(a as TSESTree.CallExpressionArgument)) {
        const c = p.callee;
        if (c.type === 'MemberExpression' && c.property.type === 'Identifier' && ITERATORS.has(c.property.name)) return true;
      }
    }
  }
  return false;
}
