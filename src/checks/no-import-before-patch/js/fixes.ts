import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Loc } from '../../../graph/types.js';
import type { FixOffer, MovableProblem } from '../check.js';
import type { PatchRef } from '../loaded-before.js';
import type { CatalogEntry, ImportOrderMessageId } from '../messages.js';
import type { Suggestion } from '../../report.js';
import { canMoveAbove, declarationReadBefore, moveStatementBefore } from './move-statement.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * The fix of a load or a copy made before an activation in this file: automatic where the rule's page
 * (Fix safety) defends it, else a suggestion. A mock is never moved. `textual` says whether the file's
 * statements run in source order (CommonJS), asked only when an activation call would move.
 */
export function jsFixes(sourceCode: SourceCode, program: TSESTree.Program, textual: () => boolean, problem: MovableProblem, entry: CatalogEntry | undefined): FixOffer {
  if (problem.patch.event.activation === 'mock') return { fix: null, suggest: [] };
  const fix = autoFix(sourceCode, program, textual, problem.patch, problem.at.loc);
  return { fix, suggest: fix ? [] : suggestions(sourceCode, program, textual, problem.patch, problem.at.loc, entry) };
}

/**
 * Automatic only in two shapes the docs defend (Fix safety):
 * - a side-effect patch import (`import 'dd-trace/init'`) moved above the first import it must precede;
 * - a CommonJS activation statement (`require('dd-trace').init()`, or the declaration
 *   `const tracer = require('dd-trace').init({…})`) moved above the first `require` it must precede, when
 *   nothing it reads is declared in between and nothing reads the name it declares before it.
 */
function autoFix(sourceCode: SourceCode, program: TSESTree.Program, textual: () => boolean, patch: PatchRef, at: Loc): TSESLint.ReportFixFunction | null {
  const statements = movingStatements(program, patch, at);
  if (!statements) return null;
  const { patchStmt, offending } = statements;
  if (offending.range[0] >= patchStmt.range[0]) return null;
  if (patch.event.activation === 'side-effect') {
    if (patchStmt.type !== 'ImportDeclaration' || patchStmt.specifiers.length !== 0) {
      if (!(patchStmt.type === 'ExpressionStatement' && patchStmt.expression.type === 'CallExpression')) return null;
    }
  } else if (patch.event.activation === 'call') {
    if (!textual()) return null;
    if (patchStmt.type !== 'ExpressionStatement' && declarationReadBefore(sourceCode, patchStmt)?.length !== 0) return null;
    if (!canMoveAbove(program, offending, patchStmt, patch.event.dependsOn ?? [])) return null;
  } else {
    return null;
  }
  return moveStatementBefore(sourceCode, patchStmt, offending);
}

/**
 * A suggestion where rewriting needs a person's review:
 * - an in-file `init()` under hoisting (compiled ESM) is replaced with the agent's side-effect entry
 *   (`import 'dd-trace/init'`) as the first import, when the call passes no options to lose (the entry
 *   reads its configuration from the environment);
 * - in CommonJS, `const tracer = require('dd-trace').init()` whose name is read above it (in a function
 *   declared earlier, say) is moved like the automatic fix would: whether those reads run before or after
 *   the activation is for a person to check.
 * A CommonJS activation that reads names declared after the offending require gets no suggestion:
 * moving it would read them before they exist.
 */
function suggestions(
  sourceCode: SourceCode,
  program: TSESTree.Program,
  textual: () => boolean,
  patch: PatchRef,
  at: Loc,
  entry: CatalogEntry | undefined,
): Suggestion<ImportOrderMessageId>[] {
  if (patch.event.activation !== 'call') return [];
  const statements = movingStatements(program, patch, at);
  if (!statements) return [];
  const { patchStmt, offending } = statements;
  const patcher = entry?.title ?? patch.event.patcherId;
  if (textual()) {
    const readers = declarationReadBefore(sourceCode, patchStmt);
    if (!readers?.length || offending.range[0] >= patchStmt.range[0] || !canMoveAbove(program, offending, patchStmt, patch.event.dependsOn ?? [])) return [];
    return [
      {
        messageId: 'moveActivationUp',
        data: { line: String(offending.loc.start.line), name: readers.join('`, `') },
        fix: moveStatementBefore(sourceCode, patchStmt, offending),
      },
    ];
  }
  if (patchStmt.type !== 'ExpressionStatement') return [];
  const sideEffect = entry?.activations.find((a) => a.kind === 'side-effect');
  const call = patchStmt.expression;
  if (!sideEffect || sideEffect.kind !== 'side-effect' || call.type !== 'CallExpression' || call.arguments.length !== 0) return [];
  const first = program.body.find((s) => s.type === 'ImportDeclaration') ?? offending;
  const text = sourceCode.text;
  const lineStart = text.lastIndexOf('\n', patchStmt.range[0] - 1) + 1;
  const eol = /\r?\n|$/.exec(text.slice(patchStmt.range[1]))!;
  const removeEnd = patchStmt.range[1] + eol.index + eol[0].length;
  const wholeLine = /^[ \t]*$/.test(text.slice(lineStart, patchStmt.range[0])) && eol.index === 0;
  return [
    {
      messageId: 'useSideEffectEntry',
      data: { patcher, entry: sideEffect.module },
      fix: (fixer: TSESLint.RuleFixer) => [
        fixer.insertTextBefore(first, `import '${sideEffect.module}';\n`),
        fixer.removeRange(wholeLine ? [lineStart, removeEnd] : patchStmt.range),
      ],
    },
  ];
}

/**
 * The top-level statement of an activation made in this file, and the statement in which the load or copy
 * at `at` happens; null when the activation is reached through other modules or either is not top-level.
 */
function movingStatements(program: TSESTree.Program, patch: PatchRef, at: Loc): { patchStmt: TSESTree.ProgramStatement; offending: TSESTree.ProgramStatement } | null {
  const range = patch.event.statementRange;
  if (patch.chain.length !== 0 || !range) return null;
  const patchStmt = program.body.find((s) => s.range[0] === range[0] && s.range[1] === range[1]);
  const offending = statementAt(program, at);
  return patchStmt && offending ? { patchStmt, offending } : null;
}

function statementAt(program: TSESTree.Program, at: Loc): TSESTree.ProgramStatement | null {
  const after = (a: TSESTree.Position, line: number, column: number) => a.line < line || (a.line === line && a.column <= column);
  return program.body.find((s) => after(s.loc.start, at.line, at.column) && after({ line: at.endLine, column: at.endColumn }, s.loc.end.line, s.loc.end.column)) ?? null;
}
