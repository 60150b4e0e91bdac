import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type Node = TSESTree.Node;

const DECLARATIONS = new Set([
  'VariableDeclaration', 'FunctionDeclaration', 'ClassDeclaration', 'ImportDeclaration', 'ExportNamedDeclaration',
  'ExportDefaultDeclaration', 'ExportAllDeclaration', 'TSImportEqualsDeclaration', 'TSEnumDeclaration',
  'TSModuleDeclaration', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction',
]);

/**
 * Can this statement be wrapped in `if (…) { … }` without changing anything but when it runs?
 * Declarations cannot (their names would become block-scoped); statements that contain `avoid`
 * (the fork itself) are left alone.
 */
export function canWrap(stmt: Node, avoid: readonly Node[] = []): boolean {
  if (DECLARATIONS.has(stmt.type)) return false;
  if (stmt.type === 'EmptyStatement') return false;
  // `'use strict'` and other directives
  if (stmt.type === 'ExpressionStatement' && stmt.directive) return false;
  return !avoid.some((n) => n.range[0] >= stmt.range[0] && n.range[1] <= stmt.range[1]);
}

/** Wrap `stmt` in `if (guard) { … }`, keeping its own lines untouched (template literals stay intact). */
export function wrapInIf(
  sourceCode: Readonly<TSESLint.SourceCode>,
  stmt: Node,
  guard: string,
): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  const indent = ' '.repeat(stmt.loc.start.column);
  const text = sourceCode.getText(stmt);
  return (fixer) => fixer.replaceText(stmt, `if (${guard}) {\n${indent}  ${text}\n${indent}}`);
}

/** The statement that directly holds `node` (for wrapping a fork call). */
export function enclosingStatement(node: Node): Node | null {
  for (let n: Node | undefined = node; n; n = (n as { parent?: Node }).parent) {
    const p: Node | undefined = (n as { parent?: Node }).parent;
    if (!p) return null;
    if (p.type === 'Program' || p.type === 'BlockStatement' || p.type === 'StaticBlock') return n;
    if (p.type === 'SwitchCase' && p.consequent.includes(n as TSESTree.Statement)) return n;
    if (p.type === 'IfStatement' && (p.consequent === n || p.alternate === n)) return null;
    if (p.type.endsWith('Function') || p.type === 'ArrowFunctionExpression' || p.type === 'FunctionExpression') return null;
  }
  return null;
}
