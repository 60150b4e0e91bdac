import type { TSESTree } from '@typescript-eslint/utils';
import { forEachChild } from './ast-helpers.js';

type Node = TSESTree.Node;

/** Nodes that hold only types: nothing below them is a value use. */
const TYPE_ONLY = new Set([
  'TSTypeAnnotation', 'TSTypeReference', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration',
  'TSTypeParameterDeclaration', 'TSTypeParameterInstantiation', 'TSDeclareFunction', 'TSTypeQuery',
  'TSIndexSignature', 'TSImportType', 'TSAbstractMethodDefinition', 'TSAbstractPropertyDefinition',
]);

/**
 * Names referenced as values anywhere in the module (TypeScript keeps an import only when one of its
 * bindings is). Conservative: shadowing is ignored, so a shadowed name counts as used and the import
 * is kept (a load too many, never a load missed).
 */
export function valueUsedNames(program: TSESTree.Program): Set<string> {
  const used = new Set<string>();
  const visit = (node: Node, parent: Node | null, key: string | null): void => {
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
      if (isValuePosition(node, parent, key)) used.add(node.name);
      return;
    }
    if (node.type === 'ExportSpecifier' && node.exportKind !== 'type' && node.local.type === 'Identifier') {
      used.add(node.local.name);
      return;
    }
    forEachChild(node, (child, k) => visit(child, node, k), true);
  };
  visit(program, null, null);
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
