import type { TSESTree } from '@typescript-eslint/utils';
import type { Loc } from '../../graph/types.js';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

type Node = TSESTree.Node;

const CONDITIONAL_PARENTS = new Set([
  'IfStatement', 'ConditionalExpression', 'LogicalExpression', 'SwitchCase', 'TryStatement', 'CatchClause',
  'WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement',
]);

export function isNode(v: unknown): v is Node {
  return !!v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string';
}

export function unwrap(node: Node): Node {
  let n = node;
  while (
    n.type === 'TSAsExpression' ||
    n.type === 'TSNonNullExpression' ||
    n.type === 'TSSatisfiesExpression' ||
    n.type === 'TSTypeAssertion' ||
    n.type === 'ChainExpression' ||
    n.type === 'AwaitExpression'
  ) {
    n = (n.type === 'AwaitExpression' ? n.argument : n.expression) as Node;
  }
  return n;
}

/** `require('m')` → 'm'; anything else → null. */
export function requireSpecifier(node: TSESTree.CallExpression): string | null {
  if (node.callee.type !== 'Identifier' || node.callee.name !== 'require' || node.arguments.length !== 1) return null;
  const arg = node.arguments[0]!;
  if (arg.type === 'Literal' && typeof arg.value === 'string') return arg.value;
  if (arg.type === 'TemplateLiteral' && arg.expressions.length === 0) return arg.quasis[0]!.value.cooked ?? null;
  return null;
}

/** The module an expression evaluates to the root of: `require('m')`, `await import('m')`. */
export function moduleRoot(node: Node): string | null {
  if (node.type === 'CallExpression') return requireSpecifier(node);
  if (node.type === 'ImportExpression' && node.source.type === 'Literal' && typeof node.source.value === 'string') {
    return node.source.value;
  }
  return null;
}

export function isConditional(ancestors: readonly Node[]): boolean {
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i]!;
    if (!CONDITIONAL_PARENTS.has(a.type)) continue;
    const child = ancestors[i + 1];
    // The test of an `if` / the left of `&&` always runs.
    if (a.type === 'IfStatement' && child === a.test) continue;
    if (a.type === 'ConditionalExpression' && child === a.test) continue;
    if (a.type === 'LogicalExpression' && child === a.left) continue;
    if (a.type === 'SwitchCase' && child === a.test) continue;
    return true;
  }
  return false;
}

export function locOf(node: Node): Loc {
  return { line: node.loc.start.line, column: node.loc.start.column, endLine: node.loc.end.line, endColumn: node.loc.end.column };
}

const TYPE_KEYS = new Set(['typeAnnotation', 'typeArguments', 'typeParameters', 'returnType', 'superTypeArguments', 'implements']);

/**
 * Child nodes by typescript-eslint's visitor keys (much cheaper than Object.keys on every node), with
 * the key each child sits under. `values` skips keys that hold only types.
 */
/** The visitor keys of a node type, without those that hold only types (cached per type). */
export function valueKeys(type: string): readonly string[] {
  let keys = VALUE_KEYS.get(type);
  if (!keys) {
    keys = ((visitorKeys as Record<string, readonly string[] | undefined>)[type] ?? []).filter((k) => !TYPE_KEYS.has(k));
    VALUE_KEYS.set(type, keys);
  }
  return keys;
}
const VALUE_KEYS = new Map<string, readonly string[]>();

export function forEachChild(node: Node, fn: (child: Node, key: string) => void, valuesOnly = false): void {
  const keys = valuesOnly ? valueKeys(node.type) : (visitorKeys as Record<string, readonly string[] | undefined>)[node.type];
  if (!keys) return;
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child === 'object' && 'type' in child) fn(child as Node, key);
    } else if (value && typeof value === 'object' && 'type' in value) {
      fn(value as Node, key);
    }
  }
}

/** `process.env` (through parentheses and TypeScript's non-null and type assertions). */
export function isProcessEnv(node: Node): boolean {
  const n = unwrap(node);
  return (
    n.type === 'MemberExpression' &&
    !n.computed &&
    n.object.type === 'Identifier' &&
    n.object.name === 'process' &&
    n.property.type === 'Identifier' &&
    n.property.name === 'env'
  );
}
