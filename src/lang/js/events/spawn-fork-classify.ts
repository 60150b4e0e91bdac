import type { TSESTree } from '@typescript-eslint/utils';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import type { ModulePath } from '../detector-types.js';
import {
  jsSpawnFork,
  normalizeSpecifier,
  type CallPattern,
  type ExecRedirectEntry,
  type ForkEntry,
  type SpawnForkCatalog,
} from '../../../catalog/js-spawn-fork.js';

type Node = TSESTree.Node;
type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

export interface SpawnMatch {
  type: 'spawn';
  id: string;
  title: string;
  category: 'once' | 'per-process';
}
export interface ForkMatch {
  type: 'fork';
  entry: ForkEntry;
  /** The child runs this very file (cluster libraries: always, unless an exec redirect says otherwise). */
  reRunsSelf: boolean;
}
export interface RedirectMatch {
  type: 'redirect';
  entry: ExecRedirectEntry;
  /** `exec` names this same file (then forks still re-run it). */
  execIsSelf: boolean;
}
export type Match = SpawnMatch | ForkMatch | RedirectMatch;

export interface ClassifyContext {
  modulePathOf(node: Node): ModulePath | null;
  filename: string;
  /** Initializer of a const an identifier refers to (for `const self = __filename`). */
  resolveIdentifier?(id: TSESTree.Identifier): Node | null;
  catalog?: SpawnForkCatalog;
}

function unwrap(node: Node): Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ChainExpression') {
    n = n.expression as Node;
  }
  return n;
}

function matches(p: CallPattern, node: CallLike, mp: ModulePath | null): boolean {
  if (!mp) return false;
  if ((p.kind === 'new') !== (node.type === 'NewExpression')) return false;
  if (p.path !== mp.path || !p.modules.includes(normalizeSpecifier(mp.specifier))) return false;
  if (p.minArgs !== undefined && node.arguments.length < p.minArgs) return false;
  if (p.argTrue !== undefined) {
    const a = node.arguments[p.argTrue];
    if (!a || a.type !== 'Literal' || a.value !== true) return false;
  }
  if (p.objectKeyTrue) {
    const a = node.arguments[p.objectKeyTrue.arg];
    if (!a || a.type !== 'ObjectExpression') return false;
    const ok = a.properties.some(
      (prop) =>
        prop.type === 'Property' &&
        !prop.computed &&
        ((prop.key.type === 'Identifier' && prop.key.name === p.objectKeyTrue!.key) || (prop.key.type === 'Literal' && prop.key.value === p.objectKeyTrue!.key)) &&
        prop.value.type === 'Literal' &&
        prop.value.value === true,
    );
    if (!ok) return false;
  }
  return true;
}

/** What a call or `new` is in spawn/fork terms, or null. Never throws on odd input (callers also guard). */
export function classifyCall(node: CallLike, ctx: ClassifyContext): Match | null {
  const catalog = ctx.catalog ?? jsSpawnFork;
  const callee = unwrap(node.callee as Node);
  const mp = ctx.modulePathOf(callee);
  if (mp) {
    for (const f of catalog.forks) {
      if (!matches(f, node, mp)) continue;
      if (f.how === 'cluster') return { type: 'fork', entry: f, reRunsSelf: true };
      const target = node.arguments[0];
      if (target && target.type !== 'SpreadElement' && isSelfPath(target, ctx, 0) && !isEvalWorker(node)) {
        return { type: 'fork', entry: f, reRunsSelf: true };
      }
      // fork('./other.js') / new Worker('./worker.js'): a spawn of another file (matched below).
    }
    for (const r of catalog.execRedirects) {
      if (!matches(r, node, mp)) continue;
      const exec = execOption(node.arguments[0], r.execKey);
      if (!exec) return null; // setupPrimary({ silent: true }): forks still run this file
      return { type: 'redirect', entry: r, execIsSelf: isSelfPath(exec, ctx, 0) };
    }
    for (const s of catalog.spawns) {
      if (matches(s, node, mp)) return { type: 'spawn', id: s.id, title: s.title, category: s.category };
    }
    return null;
  }
  if (node.type === 'CallExpression') {
    let name: string | null = null;
    if (callee.type === 'Identifier') name = callee.name;
    else if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      const obj = unwrap(callee.object);
      if (obj.type === 'Identifier' && (obj.name === 'globalThis' || obj.name === 'global' || obj.name === 'window')) name = callee.property.name;
    }
    if (name) {
      const g = catalog.globalSpawns.find((e) => e.name === name);
      if (g) return { type: 'spawn', id: g.id, title: g.title, category: g.category };
    }
  }
  return null;
}

function execOption(arg: Node | undefined, key: string): Node | null {
  if (!arg || arg.type !== 'ObjectExpression') return null;
  for (const p of arg.properties) {
    if (p.type === 'Property' && !p.computed && ((p.key.type === 'Identifier' && p.key.name === key) || (p.key.type === 'Literal' && p.key.value === key))) {
      return p.value as Node;
    }
  }
  return null;
}

/** `new Worker(code, { eval: true })` runs a string, not a file. */
function isEvalWorker(node: CallLike): boolean {
  const opts = node.arguments[1];
  const e = opts ? execOption(opts as Node, 'eval') : null;
  return !!e && e.type === 'Literal' && e.value === true;
}

function isImportMeta(node: Node, prop: string): boolean {
  const n = unwrap(node);
  return (
    n.type === 'MemberExpression' &&
    !n.computed &&
    n.object.type === 'MetaProperty' &&
    n.object.meta.name === 'import' &&
    n.property.type === 'Identifier' &&
    n.property.name === prop
  );
}

function isProcessArgv1(node: Node): boolean {
  const n = unwrap(node);
  return (
    n.type === 'MemberExpression' &&
    n.computed &&
    n.property.type === 'Literal' &&
    n.property.value === 1 &&
    n.object.type === 'MemberExpression' &&
    !n.object.computed &&
    n.object.object.type === 'Identifier' &&
    n.object.object.name === 'process' &&
    n.object.property.type === 'Identifier' &&
    n.object.property.name === 'argv'
  );
}

function isDirnameExpr(node: Node): boolean {
  const n = unwrap(node);
  return (n.type === 'Identifier' && n.name === '__dirname') || isImportMeta(n, 'dirname');
}

function stringOf(node: Node): string | null {
  const n = unwrap(node);
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? null;
  return null;
}

/** Does `rel`, relative to this file's directory, name this file (with or without its extension)? */
function namesSelf(rel: string, filename: string): boolean {
  const target = resolvePath(dirname(filename), rel);
  if (target === filename) return true;
  const stem = filename.replace(/\.[^./\\]+$/, '');
  return target === stem && basename(rel) !== '';
}

/**
 * Is `node` a path or URL of the file being evaluated? `__filename`, `process.argv[1]` (for the
 * entry: what cluster workers and `node file` run), `import.meta.filename`, `import.meta.url`,
 * `new URL(import.meta.url)`, `fileURLToPath(import.meta.url)`, `path.resolve(__filename)`,
 * `path.join(__dirname, '<this file>')`, `new URL('../../../js/spawn-fork/<this file>', import.meta.url)`, and consts
 * holding one of those.
 */
export function isSelfPath(node: Node, ctx: ClassifyContext, depth: number): boolean {
  if (depth > 4) return false;
  const n = unwrap(node);
  if (n.type === 'Identifier') {
    if (n.name === '__filename') return true;
    const init = ctx.resolveIdentifier?.(n);
    return !!init && isSelfPath(init, ctx, depth + 1);
  }
  if (isProcessArgv1(n) || isImportMeta(n, 'filename') || isImportMeta(n, 'url')) return true;
  if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'URL') {
    const [first, second] = n.arguments;
    if (!first) return false;
    if (!second) return isSelfPath(first as Node, ctx, depth + 1);
    const rel = stringOf(first as Node);
    return rel !== null && isImportMeta(second as Node, 'url') && namesSelf(rel, ctx.filename);
  }
  if (n.type === 'CallExpression') {
    const mp = ctx.modulePathOf(n.callee as Node);
    const spec = mp ? normalizeSpecifier(mp.specifier) : null;
    const args = n.arguments as Node[];
    if (spec === 'url' && mp!.path === 'fileURLToPath' && args[0]) return isSelfPath(args[0], ctx, depth + 1);
    if (spec === 'path' && (mp!.path === 'resolve' || mp!.path === 'join' || mp!.path === 'normalize')) {
      if (args.length === 1) return isSelfPath(args[0]!, ctx, depth + 1);
      if (args.length === 2 && isDirnameExpr(args[0]!)) {
        const rel = stringOf(args[1]!);
        return rel !== null && namesSelf(rel.startsWith('.') ? rel : `./${rel}`, ctx.filename);
      }
    }
    return false;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+' && isDirnameExpr(n.left as Node)) {
    const rel = stringOf(n.right as Node);
    return rel !== null && namesSelf(`.${rel.startsWith('/') ? '' : '/'}${rel}`, ctx.filename);
  }
  return false;
}
