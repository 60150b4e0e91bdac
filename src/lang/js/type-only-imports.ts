import type { TSESTree } from '@typescript-eslint/utils';
import { valueKeys } from './ast-helpers.js';

type Node = TSESTree.Node;

/** Nodes that hold only types: nothing below them is a value use. */
const TYPE_ONLY = new Set([
  'TSTypeAnnotation', 'TSTypeReference', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration',
  'TSTypeParameterDeclaration', 'TSTypeParameterInstantiation', 'TSDeclareFunction', 'TSTypeQuery',
  'TSIndexSignature', 'TSImportType', 'TSAbstractMethodDefinition', 'TSAbstractPropertyDefinition',
]);

/**
 * Which of the names the module's imports bind are referenced as values anywhere in it (TypeScript keeps an import
 * only when one of its bindings is). Conservative: shadowing is ignored, so a shadowed name counts as used and the
 * import is kept (a load too many, never a load missed). The walk stops once every imported name is known used.
 */
export function valueUsedNames(program: TSESTree.Program): Set<string> {
  const used = new Set<string>();
  const wanted = new Set<string>();
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration') for (const s of stmt.specifiers) wanted.add(s.local.name);
    else if (stmt.type === 'TSImportEqualsDeclaration') wanted.add(stmt.id.name);
  }
  let left = wanted.size;
  const use = (name: string) => {
    if (!used.has(name)) {
      used.add(name);
      if (wanted.has(name)) left--;
    }
  };
  const visit = (node: Node, parent: Node | null, key: string | null): void => {
    if (left === 0) return;
    if (TYPE_ONLY.has(node.type)) return;
    if (node.type === 'ImportDeclaration') return;
    // `import x = require('m')` declares `x`; only an entity reference (`import x = NS.y`) reads a value.
    if (node.type === 'TSImportEqualsDeclaration') {
      if (node.moduleReference.type !== 'TSExternalModuleReference') visit(node.moduleReference, node, 'moduleReference');
      return;
    }
    if ((node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.exportKind === 'type') return;
    if ('declare' in node && node.declare === true) return;
    if (node.type === 'Identifier' || node.type === 'JSXIdentifier') {
      if (isValuePosition(node, parent, key)) use(node.name);
      return;
    }
    if (node.type === 'ExportSpecifier' && node.exportKind !== 'type' && node.local.type === 'Identifier') {
      use(node.local.name);
      return;
    }
    // The children by hand, not through forEachChild: a callback made for every node of every module was the largest
    // allocation of the summarizer.
    const record = node as unknown as Record<string, unknown>;
    for (const k of valueKeys(node.type)) {
      const value = record[k];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child === 'object' && 'type' in child) visit(child as Node, node, k);
      } else if (value && typeof value === 'object' && 'type' in value) {
        visit(value as Node, node, k);
      }
    }
  };
  if (left > 0) visit(program, null, null);
  return used;
}

function isValuePosition(node: TSESTree.Identifier | TSESTree.JSXIdentifier, parent: Node | null, key: string | null): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return key === 'object' || parent.computed;
    case 'Property':
      return key === 'value' || (key === 'key' && parent.computed);
    case 'MethodDefinition':
    case 'PropertyDefinition':
    case 'TSPropertySignature':
      return key !== 'key' || parent.computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'JSXAttribute':
      return false;
    case 'JSXMemberExpression':
      return key === 'object';
    case 'JSXOpeningElement':
    case 'JSXClosingElement':
      // <div> is an intrinsic element; <Foo> refers to a value.
      return node.type === 'JSXIdentifier' && /^[A-Z_$]/.test(node.name);
    case 'TSQualifiedName':
      return false;
    case 'TSEnumMember':
      return key !== 'id';
    default:
      return true;
  }
}
