import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFileHeader, lineEnding, lineStartOf, moveLineBlocks } from '../../../util/lines.js';

/** Names declared by a top-level statement (`const a = …`, `function f`, `import x`, `class C`). */
function declaredNames(stmt: TSESTree.ProgramStatement): string[] {
  const names: string[] = [];
  const fromPattern = (p: TSESTree.Node | null | undefined): void => {
    if (!p) return;
    if (p.type === 'Identifier') names.push(p.name);
    else if (p.type === 'ObjectPattern') for (const prop of p.properties) fromPattern(prop.type === 'Property' ? prop.value : prop.argument);
    else if (p.type === 'ArrayPattern') for (const e of p.elements) fromPattern(e);
    else if (p.type === 'AssignmentPattern') fromPattern(p.left);
    else if (p.type === 'RestElement') fromPattern(p.argument);
  };
  const decl = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? stmt.declaration : stmt;
  if (decl.type === 'VariableDeclaration') for (const d of decl.declarations) fromPattern(d.id);
  else if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) names.push(decl.id.name);
  else if (decl.type === 'ImportDeclaration') for (const s of decl.specifiers) names.push(s.local.name);
  else if (decl.type === 'TSImportEqualsDeclaration') names.push(decl.id.name);
  return names;
}

/**
 * Moving `stmt` above `target` keeps its meaning when no statement from `target` up to `stmt`
 * declares a name it reads (function declarations are hoisted, so they never block).
 */
export function canMoveAbove(program: TSESTree.Program, target: TSESTree.ProgramStatement, stmt: TSESTree.ProgramStatement, reads: readonly string[]): boolean {
  const between = program.body.filter((s) => s.range[0] >= target.range[0] && s.range[0] < stmt.range[0]);
  const blocked = new Set(between.filter((s) => s.type !== 'FunctionDeclaration').flatMap(declaredNames));
  return !reads.some((n) => blocked.has(n));
}

/**
 * Cut `stmt` and paste it before `target`. When the statement has its lines to itself, the comment lines
 * directly above it (no blank line between) and a comment after it on its last line move with it, and
 * blank lines are kept tidy (see moveLineBlocks). It lands above the comment lines attached to `target`,
 * unless those open the file and hold a directive or a header (a shebang, `// @ts-check`, a licence stay first).
 */
export function moveStatementBefore(
  sourceCode: Readonly<TSESLint.SourceCode>,
  stmt: TSESTree.Node,
  target: TSESTree.Node,
): TSESLint.ReportFixFunction {
  const text = sourceCode.text;
  return (fixer) => {
    let end = stmt.range[1];
    // A comment on the same line belongs to the statement: it moves along, with the line break.
    const trailing = /^[ \t]*(\/\/[^\r\n]*|\/\*[^\r\n]*?\*\/[ \t]*)?/.exec(text.slice(end))!;
    const comment = trailing[1] ? ` ${trailing[1].trim()}` : '';
    end += trailing[0].length;
    const rest = /^(?:\r\n|\r|\n)?/.exec(text.slice(end))!;
    const ownsLastLine = rest[0].length > 0 || end === text.length;
    end += rest[0].length;
    let start = stmt.range[0];
    const lineStart = lineStartOf(text, start);
    const ownsFirstLine = /^[ \t]*$/.test(text.slice(lineStart, start));
    if (ownsFirstLine) start = lineStart;
    const targetLineStart = lineStartOf(text, target.range[0]);
    if (ownsFirstLine && ownsLastLine) {
      const blockStart = attachedCommentsStart(sourceCode, stmt, true) ?? lineStart;
      const landing = attachedCommentsStart(sourceCode, target, false) ?? targetLineStart;
      const move = moveLineBlocks(text, [[blockStart, end]], landing);
      return [...move.removals.map((r) => fixer.removeRange(r)), fixer.insertTextBeforeRange([move.insertAt, move.insertAt], move.insertion)];
    }
    const indent = /^[ \t]*/.exec(text.slice(targetLineStart))![0];
    const eol = lineEnding(text);
    const moved = `${indent}${text.slice(stmt.range[0], stmt.range[1]).trim()}${comment}${eol}`;
    return [fixer.removeRange([start, end]), fixer.insertTextBeforeRange([targetLineStart, targetLineStart], moved)];
  };
}

/**
 * Start of the line of the first comment in the run of comment lines directly above `node` (each comment on
 * lines of its own, no blank line in the run or before the node), or null when there is none. With
 * `evenAtTop` false, a run with no code before it that holds a directive or a header does not count.
 */
function attachedCommentsStart(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, evenAtTop: boolean): number | null {
  const text = sourceCode.text;
  const comments = sourceCode.getCommentsBefore(node);
  let boundary = lineStartOf(text, node.range[0]);
  if (!/^[ \t]*$/.test(text.slice(boundary, node.range[0]))) return null;
  let found: number | null = null;
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i]!;
    if ((c.type as string) === 'Shebang' || text.startsWith('#!', c.range[0])) break;
    const cStart = lineStartOf(text, c.range[0]);
    const between = text.slice(c.range[1], boundary);
    if (!/^[ \t]*(?:\r\n|\r|\n)$/.test(between)) break; // a blank line, or code after the comment on its line
    if (!/^[ \t]*$/.test(text.slice(cStart, c.range[0]))) break; // code before the comment on its line
    found = cStart;
    boundary = cStart;
  }
  if (found === null) return null;
  const atTop = sourceCode.getTokenBefore(node, { includeComments: false }) === null;
  if (!evenAtTop && atTop && isFileHeader(text.slice(found, lineStartOf(text, node.range[0])))) return null;
  return found;
}

/**
 * `const tracer = require('dd-trace').init({…})` as a statement that can move: one declarator, whose
 * initializer holds the activation. Returns the names it declares that are referenced before it (a
 * reader above its new place would see a different value), or null when it is not such a declaration or
 * a name it declares is declared twice.
 */
export function declarationReadBefore(sourceCode: Readonly<TSESLint.SourceCode>, stmt: TSESTree.ProgramStatement): string[] | null {
  if (stmt.type !== 'VariableDeclaration' || stmt.declarations.length !== 1 || !stmt.declarations[0]!.init) return null;
  const readers: string[] = [];
  for (const variable of sourceCode.getDeclaredVariables(stmt.declarations[0]!)) {
    if (variable.defs.length !== 1) return null;
    if (variable.references.some((r) => r.identifier.range[0] < stmt.range[0])) readers.push(variable.name);
  }
  return readers;
}
