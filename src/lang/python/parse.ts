/**
 * Python parsing: web-tree-sitter + tree-sitter-python's own `.wasm`, converted to plain `PyNode`s.
 *
 * - The WASM runtime and the grammar load once, with a top-level `await` (ESLint imports configs with
 *   `import()`, so this finishes before any `parse()`); `parsePython` itself is synchronous.
 * - The grammar is `tree-sitter-python`'s `.wasm`, shipped in the package as dist/grammar/ (copied there by
 *   scripts/build-assets.mjs; tree-sitter-python itself is a devDependency, see there) and found relative to
 *   this module. Run from the TypeScript sources (the tests), it is the devDependency's file.
 * - Every tree and cursor is freed before `parsePython` returns; no tree-sitter object escapes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Node as TSNode, type Tree } from 'web-tree-sitter';
import type { PyNode, PyPosition } from './ast.js';
import { PY_NAMED_LEAVES, PY_TYPES_WITH_FIELDS } from './visitor-keys.js';
import { lineIndexOf, positionIn } from '../../util/lines.js';

export type PyParseError = { message: string; line: number; column: number };
export type PyParseResult =
  | { ok: true; ast: PyNode; comments: PyNode[] }
  | { ok: false; errors: PyParseError[] };

type WasmModule = Parameters<typeof Language.loadSync>[0];
// `WebAssembly` is a global in Node; the project's `lib` setting does not declare it.
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => WasmModule } };

/** dist/src/lang/python/parse.js → dist/grammar/; src/lang/python/parse.ts → the repository's node_modules. */
const GRAMMAR_WASM = fileURLToPath(
  import.meta.url.endsWith('.ts')
    ? new URL('../../../node_modules/tree-sitter-python/tree-sitter-python.wasm', import.meta.url)
    : new URL('../../../grammar/tree-sitter-python.wasm', import.meta.url),
);
if (!existsSync(GRAMMAR_WASM)) {
  throw new Error(
    `eslint-plugin-patch-order: the Python grammar is missing (${GRAMMAR_WASM}); ` +
      'reinstall the package, or run `npm run build` in its repository',
  );
}

await Parser.init();
const PYTHON: Language = Language.loadSync(new wasm.Module(readFileSync(GRAMMAR_WASM)));
const parser = new Parser();
parser.setLanguage(PYTHON);

/** Type name by type id for named types; `null` for anonymous tokens (never converted). */
const NAMED_TYPE: (string | null)[] = [];
for (let id = 0; id < PYTHON.nodeTypeCount; id++) {
  NAMED_TYPE[id] = PYTHON.nodeTypeIsNamed(id) ? PYTHON.nodeTypeForId(id) : null;
}
/** Types whose children may have a field name, and types with no named descendants (see visitor-keys.ts). */
const HAS_FIELDS = new Set(PY_TYPES_WITH_FIELDS);
const LEAF = new Set(PY_NAMED_LEAVES);
/** Field name by field id (0 = no field). */
const FIELD: (string | null)[] = [];
for (let id = 0; id <= PYTHON.fieldCount; id++) FIELD[id] = id === 0 ? null : PYTHON.fieldNameForId(id);

/** Every named node type the loaded grammar can produce (for visitor keys beyond node-types.json). */
export const GRAMMAR_NAMED_TYPES: readonly string[] = [
  ...new Set(NAMED_TYPE.filter((t): t is string => t !== null && t !== 'ERROR')),
];

/** Offsets where each line starts, lines broken at `\r\n`, `\r` or `\n` (universal newlines). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * Parses Python source. Synchronous and never throws: a syntax error (any ERROR or MISSING node) gives
 * `ok: false` with one error at a 1-based line and 1-based column (ESLint's display values).
 */
export function parsePython(input: string): PyParseResult {
  const text = typeof input === 'string' ? input : String(input);
  // tree-sitter only breaks lines at \n; a lone \r becomes \n (same length, so offsets are unchanged).
  const toParse = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  let tree: Tree | null = null;
  try {
    tree = parser.parse(toParse);
    if (!tree) return fail('The Python parser returned no tree', 1, 1);
    const starts = lineStarts(text);
    if (tree.rootNode.hasError) {
      const error = describeFirstError(tree.rootNode, text, starts);
      return { ok: false, errors: [error] };
    }
    return convert(tree, text, starts);
  } catch (err) {
    // dependency input: a parser failure is reported as the file's parse error (visible on a linted file)
    parser.reset();
    return fail(`The Python parser failed: ${err instanceof Error ? err.message : String(err)}`, 1, 1);
  } finally {
    tree?.delete();
  }
}

function fail(message: string, line: number, column: number): PyParseResult {
  return { ok: false, errors: [{ message, line, column }] };
}

/*
 * Nodes, locations and positions are class instances, not object literals. V8 moves the objects of an allocation
 * site to the old generation once a young-generation collection finds most of them alive, which happens when one
 * falls while a tree is being linted; object literals are such sites, and then every later tree stayed until a full
 * collection (taiga-back, all rules: peak RSS 204-258 MiB over 8 runs, 199-209 with these classes, parse-only 190).
 */
class ParsedNode implements PyNode {
  constructor(
    public type: string,
    public field: string | null,
    public range: [number, number],
    public loc: { start: PyPosition; end: PyPosition },
    public children: PyNode[],
  ) {}
}

class Location {
  constructor(
    public start: PyPosition,
    public end: PyPosition,
  ) {}
}

class Position implements PyPosition {
  constructor(
    public line: number,
    public column: number,
  ) {}
}

function positionAt(starts: readonly number[], offset: number): Position {
  const index = lineIndexOf(starts, offset);
  return new Position(index + 1, offset - starts[index]!);
}

/** TreeCursor walk: named nodes only, comments set aside, loc computed in JS. */
function convert(tree: Tree, text: string, starts: number[]): PyParseResult {
  const cursor = tree.walk();
  try {
    const comments: PyNode[] = [];
    const make = (type: string, field: string | null, start: number, end: number): PyNode =>
      new ParsedNode(type, field, [start, end], new Location(positionAt(starts, start), positionAt(starts, end)), []);
    const root = make(NAMED_TYPE[cursor.nodeTypeId] ?? 'module', null, cursor.startIndex, cursor.endIndex);
    // The node that named descendants attach to, one entry per cursor depth below the root.
    const attach: PyNode[] = [root];
    if (!cursor.gotoFirstChild()) return { ok: true, ast: root, comments };
    for (;;) {
      const parent = attach[attach.length - 1]!;
      const type = NAMED_TYPE[cursor.nodeTypeId];
      let target = parent;
      if (type === 'comment') {
        // The grammar's comment token runs up to \n, so before a CRLF it would include the \r.
        let end = cursor.endIndex;
        while (end > 0 && text.charCodeAt(end - 1) === 13) end--;
        comments.push(make(type, null, cursor.startIndex, end));
      } else if (type != null && type !== 'line_continuation') {
        // Each getter is a WASM call: ask for the field only where the parent type has fields.
        const field = HAS_FIELDS.has(parent.type) ? (FIELD[cursor.currentFieldId] ?? null) : null;
        const node = make(type, field, cursor.startIndex, cursor.endIndex);
        parent.children.push(node);
        if (!LEAF.has(type)) target = node;
      }
      // Comments, `\` line continuations, anonymous tokens and named leaves hold no named nodes:
      // descend only into the others.
      if (target !== parent && cursor.gotoFirstChild()) {
        attach.push(target);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (attach.length === 1 || !cursor.gotoParent()) return { ok: true, ast: root, comments };
        attach.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

// ---------------------------------------------------------------------------------------------------
// Syntax error messages. tree-sitter recovers with ERROR nodes (tokens it skipped, often wrapping a
// whole statement) and zero-width MISSING nodes. ESLint shows one fatal "Parsing error", so we look for
// the first error in document order and guess the position CPython would report.

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
/** Tokens that introduce a construct and need something after them: the error is what follows. */
const LEADING = new Set([
  'class', 'def', 'import', 'from', 'lambda', 'if', 'elif', 'while', 'for', 'with', 'as', 'in', 'is',
  'not', 'and', 'or', 'return', 'raise', 'del', 'global', 'nonlocal', 'assert', 'async', 'await',
  'yield', 'except', 'match', 'case', 'type', '@', '*', '**', ':=', '->',
]);
/** Keywords that open a compound statement header ending in `:`. */
const COMPOUND = new Set(['if', 'elif', 'else', 'while', 'for', 'with', 'def', 'class', 'try', 'except', 'finally', 'match', 'case']);
/** Tokens after which a line cannot end. */
const NEEDS_OPERAND = new Set([
  ...LEADING, '=', '+', '-', '/', '//', '%', '|', '&', '^', '~', '<<', '>>', '<', '>', '<=', '>=', '==', '!=',
  '.', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '|=', '&=', '^=', '<<=', '>>=', '@=',
]);

interface Tok {
  type: string;
  start: number;
  end: number;
  named: boolean;
}

function describeFirstError(root: TSNode, text: string, starts: number[]): PyParseError {
  const at = (offset: number, message: string): PyParseError => {
    const p = positionIn(starts, Math.max(0, Math.min(offset, text.length)));
    return { message, line: p.line, column: p.column + 1 };
  };
  const first = findFirstError(root);
  if (!first) return fallbackError(root, text, at);
  if (first.isMissing) return at(first.startIndex, `Missing ${first.type}`);

  // Loose tokens: leaves directly inside the ERROR (or inside nested ERRORs), not part of a valid subtree.
  const toks: Tok[] = [];
  const collect = (n: TSNode) => {
    for (const c of n.children) {
      if (!c) continue;
      if (c.isError) collect(c);
      else if (!c.isNamed || c.type === 'string_start' || c.type === 'string_end') {
        toks.push({ type: c.type, start: c.startIndex, end: c.endIndex, named: c.isNamed });
      }
    }
  };
  collect(first);
  const children = first.children.filter((c): c is TSNode => c !== null);

  // f-string replacement field left open: f"{a"
  for (let i = 0; i < toks.length; i++) {
    if (toks[i]!.type === 'string_start' && toks[i + 1]?.type === '{') {
      const closed = toks.slice(i + 2).some((t) => t.type === '}');
      if (!closed) {
        const last = toks[toks.length - 1]!;
        return at(last.type === '{' ? last.end : last.start, "f-string: expecting '}'");
      }
    }
  }
  // Brackets.
  const stack: Tok[] = [];
  for (const t of toks) {
    if (OPENERS[t.type]) stack.push(t);
    else if (CLOSERS[t.type]) {
      const open = stack[stack.length - 1];
      if (!open) return at(t.start, `unmatched '${t.type}'`);
      if (open.type !== CLOSERS[t.type]) {
        return at(t.start, `closing parenthesis '${t.type}' does not match opening parenthesis '${open.type}'`);
      }
      stack.pop();
    }
  }
  if (stack.length) {
    const open = stack[stack.length - 1]!;
    return at(open.start, `'${open.type}' was never closed`);
  }
  // Unterminated string: a string_start with nothing after it.
  const lastTok = toks[toks.length - 1];
  if (lastTok?.type === 'string_start' && toks.filter((t) => t.type === 'string_end').length === 0) {
    return at(lastTok.start, 'unterminated string literal');
  }
  // The ERROR ends the line on a token that needs an operand (`import`, `x = 1 +`): the line ended early.
  const lastChild = children[children.length - 1];
  if (lastTok && lastChild && lastChild.endIndex === lastTok.end && NEEDS_OPERAND.has(lastTok.type)) {
    const next = nextTokenOffset(text, first.endIndex);
    if (isLineEnd(text, next)) return at(next, next >= text.length ? 'unexpected end of file' : 'invalid syntax (unexpected end of line)');
  }
  const firstTok = toks[0];
  // A compound statement header that runs into the next line: `if x⏎    pass`, `def f()⏎    pass`.
  if (firstTok && COMPOUND.has(firstTok.type) && firstTok.start === first.startIndex) {
    const headerRow = first.startPosition.row;
    const onHeader = children.filter((c) => c.endPosition.row === headerRow && c.startPosition.row === headerRow);
    if (first.endPosition.row > headerRow && !onHeader.some((c) => c.type === ':')) {
      return at(onHeader[onHeader.length - 1]!.endIndex, "expected ':'");
    }
  }
  if (firstTok) {
    // A construct that starts with a keyword and fails right after it: `class = 1`, `[a for a in b if]`.
    if (LEADING.has(firstTok.type) && firstTok.start === first.startIndex) {
      const second = toks[1];
      if (second) return at(second.start, unexpected(text, second.start, second.end));
      const next = nextTokenOffset(text, first.endIndex);
      return at(next, isLineEnd(text, next) ? 'invalid syntax (unexpected end of line)' : unexpected(text, next, next + 1));
    }
    return at(firstTok.start, unexpected(text, firstTok.start, firstTok.end));
  }
  // Only valid subtrees in the ERROR (`a b c`): the second one is where it went wrong.
  const second = children[1];
  if (second) return at(second.startIndex, unexpected(text, second.startIndex, second.endIndex));
  return at(first.startIndex, 'invalid syntax');
}

function unexpected(text: string, start: number, end: number): string {
  const tok = text.slice(start, Math.min(end, start + 20)).split(/[\r\n]/)[0] ?? '';
  return tok ? `invalid syntax (unexpected '${tok}')` : 'invalid syntax';
}

/** First ERROR or MISSING node in document order (pre-order, children before later siblings). */
function findFirstError(root: TSNode): TSNode | null {
  // Iterative pre-order (deeply nested code must not overflow the stack); only descends into hasError.
  const stack: TSNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.isMissing || node.isError) return node;
    if (!node.hasError) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return null;
}

/** `hasError` without a visible ERROR/MISSING node (e.g. a missing hidden newline in `return return`). */
function fallbackError(root: TSNode, text: string, at: (offset: number, message: string) => PyParseError): PyParseError {
  let node = root;
  for (;;) {
    const next = node.children.find((c) => c?.hasError);
    if (!next) break;
    node = next;
  }
  const kids = node.children.filter((c): c is TSNode => c !== null && c.isNamed);
  for (let i = 1; i < kids.length; i++) {
    const prev = kids[i - 1]!;
    const cur = kids[i]!;
    if (prev.endPosition.row === cur.startPosition.row && !text.slice(prev.endIndex, cur.startIndex).includes(';')) {
      return at(cur.startIndex, unexpected(text, cur.startIndex, cur.endIndex));
    }
  }
  return at(node.startIndex, 'invalid syntax');
}

/** Offset of the next non-blank character on the same line (or the line end / end of text). */
function nextTokenOffset(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
  return i;
}

function isLineEnd(text: string, offset: number): boolean {
  return offset >= text.length || text[offset] === '\n' || text[offset] === '\r' || text[offset] === '#';
}
