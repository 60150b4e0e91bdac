/**
 * Plain Python syntax nodes, converted from tree-sitter-python's concrete syntax tree.
 *
 * Conventions (ESLint's, with `lineStart: 1`, `columnStart: 0`):
 * - `range` holds UTF-16 code-unit offsets into the ORIGINAL source text (the text ESLint gives the
 *   language, BOM already removed); `text.slice(...range)` is the node's source.
 * - `loc.start.line` is 1-based, `loc.start.column` 0-based in UTF-16 units. Lines break at `\r\n`, `\r`
 *   and `\n` (Python's universal newlines).
 * - Only NAMED tree-sitter nodes become `PyNode`s. Anonymous tokens (keywords such as `async`, the `*` of
 *   `except*`, operators, brackets) are not nodes: read them from the source text.
 * - `comment` nodes are kept out of `children`; they are collected separately (`sourceCode.comments`).
 *   Backslash line continuations (`line_continuation`, also an "extra" token) are dropped.
 * - The objects are plain data: no parent pointers, no tree-sitter handles (use `sourceCode.getParent`).
 */

export interface PyPosition {
  /** 1-based line. */
  line: number;
  /** 0-based column in UTF-16 code units. */
  column: number;
}

export interface PyNode {
  /** tree-sitter named node type: 'module', 'import_statement', 'call', 'identifier', … */
  type: string;
  /** The field name under its parent ('function', 'arguments', 'name', 'body', …), or null. */
  field: string | null;
  /** UTF-16 offsets into the original text. */
  range: [number, number];
  loc: { start: PyPosition; end: PyPosition };
  /** Named children only, in source order (no comments). */
  children: PyNode[];
}

/** The source text of a node. */
export function nodeText(node: PyNode, text: string): string {
  return text.slice(node.range[0], node.range[1]);
}

/** The first named child stored under `field`. */
export function childByField(node: PyNode, field: string): PyNode | undefined {
  for (const child of node.children) if (child.field === field) return child;
  return undefined;
}

/** Every named child stored under `field`, in source order. */
export function childrenByField(node: PyNode, field: string): PyNode[] {
  return node.children.filter((child) => child.field === field);
}
