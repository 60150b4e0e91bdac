import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { CancellationConfig } from './config.js';

export type Node = TSESTree.Node;
export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** A module-scope binding: `import x from 'm'`, `const { a } = require('m')`. */
export interface Binding {
  module: string;
  /** `default`, `*` (namespace or whole `require`), or an export name. */
  imported: string;
}

/** Everything the analysis needs from ESLint for one file. */
export interface FileContext {
  sourceCode: TSESLint.SourceCode;
  cfg: CancellationConfig;
  bindings: Map<string, Binding>;
  /** Modules imported by the file (normalized, no `node:`). */
  modules: Set<string>;
  /** True when `node` has the type `AbortSignal` (type information only; false without it). */
  isTypedSignal(node: Node): boolean;
  /** Memo for local functions followed one level. */
  memo: Map<Node, unknown>;
  /**
   * False when the file's text mentions nothing that can deliver a cancellation (no signal, no
   * abortable module or callee): then only generator `finally` checks run. Always true with types.
   */
  mayCancel: boolean;
}

export function isFunction(node: Node): node is FunctionNode {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration';
}

/** Strips TS casts, non-null assertions and optional-chain wrappers. */
export function strip(node: Node): Node {
  let n = node;
  for (;;) {
    if (
      n.type === 'TSAsExpression' ||
      n.type === 'TSNonNullExpression' ||
      n.type === 'TSSatisfiesExpression' ||
      n.type === 'TSTypeAssertion' ||
      n.type === 'ChainExpression'
    ) {
      n = n.expression as Node;
    } else return n;
  }
}

export function propName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return null;
}

export function keyName(node: TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | null {
  if (!node.computed && node.key.type === 'Identifier') return node.key.name;
  if (node.key.type === 'Literal' && typeof node.key.value === 'string') return node.key.value;
  return null;
}

/** `a.b.c` for identifier/member chains (also `this.x`), else null. */
export function dottedName(node: Node): string | null {
  const n = strip(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'ThisExpression') return 'this';
  if (n.type === 'MemberExpression') {
    const name = propName(n);
    const base = dottedName(n.object);
    return name !== null && base !== null ? `${base}.${name}` : null;
  }
  return null;
}

const FALLBACK_SKIP = new Set(['parent', 'loc', 'range', 'tokens', 'comments', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments']);

/** Child nodes in source order (visitor keys of the parser, or a generic walk). */
export function children(node: Node, sourceCode: TSESLint.SourceCode): Node[] {
  const keys = (sourceCode.visitorKeys as Record<string, readonly string[] | undefined>)[node.type];
  const out: Node[] = [];
  const list = keys ?? Object.keys(node).filter((k) => !FALLBACK_SKIP.has(k));
  for (const key of list) {
    if (key === 'parent' || key === 'typeAnnotation' || key === 'returnType' || key === 'typeParameters' || key === 'typeArguments') continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const v of value) if (isNodeLike(v)) out.push(v);
    } else if (isNodeLike(value)) out.push(value);
  }
  return out;
}

function isNodeLike(v: unknown): v is Node {
  return !!v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string';
}

/**
 * Visits `root` and its descendants; `visit` returns false to skip a node's children. Functions are
 * entered only when `enterFunction` says so. Bounded: at most 20k nodes.
 */
export function walk(
  root: Node,
  sourceCode: TSESLint.SourceCode,
  visit: (node: Node) => boolean | void,
  enterFunction: (fn: FunctionNode) => boolean = () => false,
): void {
  const stack: Node[] = [root];
  let budget = 20000;
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop()!;
    if (node !== root && isFunction(node) && !enterFunction(node)) continue;
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      if (node !== root) continue;
    }
    if (visit(node) === false) continue;
    const kids = children(node, sourceCode);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** The nearest enclosing function of `node` (not `node` itself), or null at module level. */
export function enclosingFunction(node: Node): FunctionNode | null {
  for (let p = node.parent; p; p = p.parent) if (isFunction(p)) return p;
  return null;
}

/**
 * Whether nothing of its function runs after `stmt` completes normally, a `finally` aside: it is the last statement of
 * the body, possibly through blocks, `if` branches, labels and the parts of an enclosing `try`. Falling off it then
 * returns from the function.
 */
export function endsItsFunction(stmt: Node): boolean {
  let node = stmt;
  for (let p = node.parent; p; node = p, p = p.parent) {
    if (isFunction(p)) return node === p.body;
    if (p.type === 'BlockStatement') {
      if (p.body[p.body.length - 1] !== node) return false;
    } else if (p.type === 'IfStatement') {
      if (node === p.test) return false;
    } else if (p.type === 'TryStatement') {
      if (node === p.finalizer) return false;
    } else if (p.type !== 'LabeledStatement' && p.type !== 'CatchClause') return false;
  }
  return false;
}

export function within(inner: Node, outer: Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** The innermost declaration of `name` visible at `at`, walking out through the enclosing scopes. */
export function findVar(sourceCode: TSESLint.SourceCode, at: Node, name: string): TSESLint.Scope.Variable | null {
  for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at); scope; scope = scope.upper) {
    const variable = scope.set.get(name);
    if (variable) return variable;
  }
  return null;
}

/** The initializer of a `const`/`let` declared variable (single declarator), if any. */
export function initOf(variable: TSESLint.Scope.Variable | null): Node | null {
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable') return null;
  const decl = def.node as TSESTree.VariableDeclarator;
  if (decl.id.type !== 'Identifier') return null;
  return decl.init ?? null;
}

/** True when `variable` is a parameter (or destructured from one) of some function. */
export function isParameter(variable: TSESLint.Scope.Variable | null): boolean {
  return !!variable && variable.defs.length > 0 && variable.defs.every((d) => d.type === 'Parameter');
}

/** Resolves a callee to a local function: `helper()`, `this.method()` in a class. One level. */
export function localFunction(ctx: FileContext, callee: Node): FunctionNode | null {
  const c = strip(callee);
  if (c.type === 'Identifier') {
    const v = findVar(ctx.sourceCode, c, c.name);
    if (!v || v.defs.length !== 1) return null;
    const def = v.defs[0]!;
    if (def.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') return def.node;
    const init = initOf(v);
    if (init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression')) return init;
    return null;
  }
  if (c.type === 'MemberExpression' && c.object.type === 'ThisExpression') {
    const name = propName(c);
    if (name === null) return null;
    // `this` of the nearest non-arrow function, which must be a class member.
    let p: Node | undefined = c.parent;
    while (p && !(p.type === 'FunctionExpression' || p.type === 'FunctionDeclaration')) p = p.parent;
    const member = p?.parent;
    const body = member?.parent;
    if (!body || body.type !== 'ClassBody') return null;
    for (const el of body.body) {
      if ((el.type === 'MethodDefinition' || el.type === 'PropertyDefinition') && keyName(el) === name && !el.static) {
        const value = el.value;
        if (value && (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression')) return value;
      }
    }
  }
  return null;
}

export function collectBindings(program: TSESTree.Program): { bindings: Map<string, Binding>; modules: Set<string> } {
  const bindings = new Map<string, Binding>();
  const modules = new Set<string>();
  const norm = (s: string): string => s.replace(/^node:/u, '');
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration' && typeof stmt.source.value === 'string') {
      const module = norm(stmt.source.value);
      modules.add(module);
      for (const s of stmt.specifiers) {
        if (s.type === 'ImportDefaultSpecifier') bindings.set(s.local.name, { module, imported: 'default' });
        else if (s.type === 'ImportNamespaceSpecifier') bindings.set(s.local.name, { module, imported: '*' });
        else {
          const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          bindings.set(s.local.name, { module, imported });
        }
      }
    } else if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) {
        const init = d.init ? strip(d.init) : null;
        if (!init) continue;
        let module: string | null = null;
        let path = '';
        if (init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require') {
          const a = init.arguments[0];
          if (a && a.type === 'Literal' && typeof a.value === 'string') module = norm(a.value);
        } else if (init.type === 'MemberExpression' && init.object.type === 'CallExpression') {
          const call = init.object;
          const a = call.arguments[0];
          if (call.callee.type === 'Identifier' && call.callee.name === 'require' && a && a.type === 'Literal' && typeof a.value === 'string') {
            module = norm(a.value);
            path = propName(init) ?? '';
          }
        }
        if (module === null) continue;
        modules.add(module);
        if (d.id.type === 'Identifier') bindings.set(d.id.name, { module, imported: path || '*' });
        else if (d.id.type === 'ObjectPattern') {
          for (const p of d.id.properties) {
            if (p.type !== 'Property' || p.value.type !== 'Identifier') continue;
            const k = keyName(p);
            if (k !== null) bindings.set(p.value.name, { module, imported: path ? `${path}.${k}` : k });
          }
        }
      }
    } else if (stmt.type === 'ExpressionStatement') {
      const e = stmt.expression;
      if (e.type === 'CallExpression' && e.callee.type === 'Identifier' && e.callee.name === 'require') {
        const a = e.arguments[0];
        if (a && a.type === 'Literal' && typeof a.value === 'string') modules.add(norm(a.value));
      }
    }
  }
  return { bindings, modules };
}

/** Where a callee comes from: `{ module: 'axios', path: 'default.get' }`, `{ module: '<global>', path: 'fetch' }`. */
export function resolveCallee(ctx: FileContext, callee: Node): { module: string; path: string } | null {
  const c = strip(callee);
  if (c.type === 'Identifier') {
    const b = ctx.bindings.get(c.name);
    const v = findVar(ctx.sourceCode, c, c.name);
    if (b) {
      // Shadowed by a local declaration?
      if (v && v.defs.length > 0 && v.scope.type !== 'module' && v.scope.type !== 'global') return null;
      return { module: b.module, path: b.imported === '*' ? '' : b.imported };
    }
    if (!v || v.defs.length === 0) return { module: '<global>', path: c.name };
    return null;
  }
  if (c.type === 'MemberExpression') {
    const name = propName(c);
    if (name === null) return null;
    const obj = strip(c.object);
    if (obj.type === 'Identifier' && (obj.name === 'globalThis' || obj.name === 'window' || obj.name === 'self')) {
      return { module: '<global>', path: name };
    }
    const base = resolveCallee(ctx, obj);
    if (!base) return null;
    return { module: base.module, path: base.path ? `${base.path}.${name}` : name };
  }
  return null;
}

export function lineOf(node: Node): number {
  return node.loc.start.line;
}
