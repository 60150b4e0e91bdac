import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { OrderProblem } from '../loaded-before.js';
import type { FixOffer } from '../check.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * The suggestion for an activation import the compiler drops (`import apm from 'elastic-apm-node/start'`, `apm`
 * never used as a value): a side-effect import of the same module, which every compiler keeps. When the bindings
 * are still used as types, the import stays for them and the side-effect import goes above it; otherwise it is
 * replaced. A suggestion, never `--fix`: it makes the agent start, which changes what the program does.
 */
export function elidedImportFix(sourceCode: SourceCode, program: TSESTree.Program, problem: Extract<OrderProblem, { kind: 'elided' }>): FixOffer {
  const { loc, elided } = problem.patch.event;
  const statement = program.body.find(
    (s): s is TSESTree.ImportDeclaration | TSESTree.TSImportEqualsDeclaration =>
      (s.type === 'ImportDeclaration' || s.type === 'TSImportEqualsDeclaration') && s.loc.start.line === loc.line && s.loc.start.column === loc.column,
  );
  if (!statement || !elided) return { fix: null, suggest: [] };
  const source = statement.type === 'ImportDeclaration' ? statement.source : statement.moduleReference.type === 'TSExternalModuleReference' ? statement.moduleReference.expression : null;
  if (!source || source.type !== 'Literal') return { fix: null, suggest: [] };
  const sideEffect = `import ${source.raw};`;
  const stillUsed = sourceCode.getDeclaredVariables(statement).some((v) => v.references.length > 0);
  return {
    fix: null,
    suggest: [
      {
        messageId: 'useSideEffectImport',
        data: { module: elided.module },
        fix: (fixer: TSESLint.RuleFixer) => (stillUsed ? fixer.insertTextBefore(statement, `${sideEffect}\n`) : fixer.replaceText(statement, sideEffect)),
      },
    ],
  };
}
