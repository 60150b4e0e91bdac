import type { TSESTree } from '@typescript-eslint/utils';
import type { ModuleBinding, ModulePath } from './detector-types.js';
import { requireSpecifier, unwrap } from './ast-helpers.js';

type Node = TSESTree.Node;

function join(base: string, member: string): string {
  return base === '' ? member : `${base}.${member}`;
}

/**
 * The module path of an expression (see CallSite.modulePathOf). `values` maps module-level const
 * names to their initializers so two-step activations (`const sdk = new NodeSDK(); sdk.start()`)
 * resolve; depth-bounded against self-referencing initializers.
 */
export function modulePathOf(
  node: Node,
  bindings: ReadonlyMap<string, ModuleBinding>,
  values: ReadonlyMap<string, Node>,
  depth = 0,
): ModulePath | null {
  if (depth > 8) return null;
  const n = unwrap(node);
  switch (n.type) {
    case 'Identifier': {
      const b = bindings.get(n.name);
      if (b) return { specifier: b.specifier, path: b.imported === '*' || b.imported === 'default' ? '' : b.imported };
      const v = values.get(n.name);
      return v ? modulePathOf(v, bindings, values, depth + 1) : null;
    }
    case 'MemberExpression': {
      if (n.computed && !(n.property.type === 'Literal' && typeof n.property.value === 'string')) return null;
      const name = n.property.type === 'Identifier' ? n.property.name : String((n.property as TSESTree.Literal).value);
      const base = modulePathOf(n.object, bindings, values, depth + 1);
      return base ? { specifier: base.specifier, path: join(base.path, name) } : null;
    }
    case 'CallExpression': {
      const spec = requireSpecifier(n);
      if (spec !== null) return { specifier: spec, path: '' };
      const callee = modulePathOf(n.callee, bindings, values, depth + 1);
      return callee ? { specifier: callee.specifier, path: `${callee.path}()` } : null;
    }
    case 'NewExpression': {
      const callee = modulePathOf(n.callee, bindings, values, depth + 1);
      return callee ? { specifier: callee.specifier, path: `new ${callee.path}()` } : null;
    }
    case 'ImportExpression':
      return n.source.type === 'Literal' && typeof n.source.value === 'string' ? { specifier: n.source.value, path: '' } : null;
    default:
      return null;
  }
}
