import type { Loc } from '../../graph/types.js';
import { childByField, nodeText, type PyNode } from './ast.js';

/** A PyNode location as the graph's Loc (1-based lines, 0-based UTF-16 columns). */
export function locOf(node: PyNode): Loc {
  return {
    line: node.loc.start.line,
    column: node.loc.start.column,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column,
  };
}

/**
 * The value of a plain string literal (`"x"`, `'x'`, `r"x"`, implicit concatenation), or null for
 * f-strings, bytes, and anything that is not a literal.
 */
export function stringValue(node: PyNode | undefined, text: string): string | null {
  if (!node) return null;
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.children) {
      const v = stringValue(part, text);
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  if (node.type !== 'string') return null;
  let out = '';
  for (const child of node.children) {
    if (child.type === 'string_start') {
      if (/[fFbB]/.test(nodeText(child, text))) return null;
    } else if (child.type === 'string_content') {
      out += nodeText(child, text);
    } else if (child.type === 'interpolation') {
      return null;
    } else if (child.type !== 'string_end') {
      out += nodeText(child, text);
    }
  }
  return out;
}

/** `True` / `False` literals (and 1/0), or null for anything else. */
export function boolValue(node: PyNode | undefined, text: string): boolean | null {
  if (!node) return null;
  if (node.type === 'true') return true;
  if (node.type === 'false' || node.type === 'none') return false;
  if (node.type === 'integer') return nodeText(node, text) !== '0';
  return null;
}

/** Dotted text of a `dotted_name` (identifiers joined by '.', whatever the spacing). */
export function dottedText(node: PyNode, text: string): string {
  if (node.type === 'dotted_name') return node.children.map((c) => nodeText(c, text)).join('.');
  return nodeText(node, text);
}

/** `from <relative_import>`: the dots and the dotted name after them, e.g. `..a.b`. */
export function relativeText(node: PyNode, text: string): string {
  let out = '';
  for (const c of node.children) {
    if (c.type === 'import_prefix') out += nodeText(c, text).replace(/\s+/g, '');
    else if (c.type === 'dotted_name') out += dottedText(c, text);
  }
  return out;
}

/** Positional arguments and keyword arguments of a call; `splat` when `*a`/`**k` make them unknowable. */
export interface CallArgs {
  positional: PyNode[];
  keywords: Map<string, PyNode>;
  splat: boolean;
}

export function callArgs(call: PyNode, text: string): CallArgs {
  const args = childByField(call, 'arguments');
  const out: CallArgs = { positional: [], keywords: new Map(), splat: false };
  if (!args || args.type !== 'argument_list') return out;
  for (const a of args.children) {
    if (a.type === 'keyword_argument') {
      const name = childByField(a, 'name');
      const value = childByField(a, 'value');
      if (name && value) out.keywords.set(nodeText(name, text), value);
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
      out.splat = true;
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

/**
 * Free identifiers an expression reads (for the fix: may the statement move above others?). Skips
 * attribute names, keyword-argument names and names bound by lambdas/comprehensions inside it.
 */
export function freeIdentifiers(node: PyNode | undefined, text: string, out = new Set<string>(), bound = new Set<string>()): Set<string> {
  if (!node) return out;
  switch (node.type) {
    case 'identifier': {
      const name = nodeText(node, text);
      if (!bound.has(name)) out.add(name);
      return out;
    }
    case 'attribute':
      freeIdentifiers(childByField(node, 'object'), text, out, bound);
      return out;
    case 'keyword_argument':
      freeIdentifiers(childByField(node, 'value'), text, out, bound);
      return out;
    case 'lambda': {
      const inner = new Set(bound);
      const params = childByField(node, 'parameters');
      if (params) for (const p of collectIdentifiers(params, text)) inner.add(p);
      freeIdentifiers(childByField(node, 'body'), text, out, inner);
      return out;
    }
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
    case 'generator_expression': {
      const inner = new Set(bound);
      for (const c of node.children) {
        if (c.type === 'for_in_clause') {
          const left = childByField(c, 'left');
          if (left) for (const p of collectIdentifiers(left, text)) inner.add(p);
        }
      }
      for (const c of node.children) {
        if (c.type === 'for_in_clause') {
          for (const r of c.children) if (r.field !== 'left') freeIdentifiers(r, text, out, inner);
        } else freeIdentifiers(c, text, out, inner);
      }
      return out;
    }
    default:
      for (const c of node.children) freeIdentifiers(c, text, out, bound);
      return out;
  }
}

function collectIdentifiers(node: PyNode, text: string, out: string[] = []): string[] {
  if (node.type === 'identifier') out.push(nodeText(node, text));
  for (const c of node.children) collectIdentifiers(c, text, out);
  return out;
}

/**
 * Where a moved patch activation goes: the start of the first statement that is not the module
 * docstring or a `from __future__` import (shebang and encoding lines are comments, so they stay
 * above). For a module with nothing else, the end of the text.
 */
export function topInsertionOffset(module: PyNode, text: string): number {
  let first = true;
  for (const stmt of module.children) {
    const isDocstring =
      first && stmt.type === 'expression_statement' && stmt.children.length === 1 &&
      (stmt.children[0]!.type === 'string' || stmt.children[0]!.type === 'concatenated_string');
    first = false;
    if (isDocstring || stmt.type === 'future_import_statement') continue;
    return stmt.range[0];
  }
  return text.length;
}
