import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

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

/** Cut `stmt` (with its line break) and paste it, on its own line, before `target`. */
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
    end += rest[0].length;
    let start = stmt.range[0];
    const lineStart = lineStartOf(text, start);
    if (/^[ \t]*$/.test(text.slice(lineStart, start))) start = lineStart;
    const targetLineStart = lineStartOf(text, target.range[0]);
    const indent = /^[ \t]*/.exec(text.slice(targetLineStart))![0];
    const eol = lineEnding(text);
    const moved = `${indent}${text.slice(stmt.range[0], stmt.range[1]).trim()}${comment}${eol}`;
    return [fixer.removeRange([start, end]), fixer.insertTextBeforeRange([targetLineStart, targetLineStart], moved)];
  };
}

/** Offset of the first character of the line holding `offset` (\n, \r\n and lone \r end lines in JS). */
export function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** The file's own line ending, so a moved line does not mix styles. */
export function lineEnding(text: string): string {
  const m = /\r\n|\r|\n/.exec(text);
  return m ? m[0] : '\n';
}
