import type { JSONSchema, TSESLint, TSESTree } from '@typescript-eslint/utils';

type JSONSchema4 = JSONSchema.JSONSchema4;
import { createRule } from '../src/util/create-rule.js';
import { readSettings } from '../src/util/settings.js';
import { calledFunction, cannotReachPatch, currentSummary, mayReachPatch, moduleFacts, pathToFile, preloadsOf, projectFor, formatOfContext } from '../src/lang/js/project.js';
import { findPatchOrderProblems, type Finding, type PatchRef } from '../src/checks/no-import-before-patch/loaded-before.js';
import type { Loc } from '../src/graph/types.js';
import { preloadedPatchers } from '../src/checks/no-import-before-patch/js/preloaded-patchers.js';
import { describeCapture, describeEnvRead, describeLoad, importOrderMessages, symptomFor, type ImportOrderMessageId } from '../src/checks/describe.js';
import { moveStatementBefore, canMoveAbove, declarationReadBefore } from '../src/checks/no-import-before-patch/js/move-statement.js';
import type { PatcherEntry } from '../src/catalog/types.js';
import type { PyPatcherEntry } from '../src/catalog/python-patchers.js';
import { isPythonContext, pyCannotReachPatch, pyCurrentSummary, pyMayReachPatch, pyModuleFacts, pyPackageCaptures, pyProjectFor } from '../src/lang/python/project.js';
import { movePatchToTop } from '../src/checks/no-import-before-patch/python/move-patch.js';
import type { PyNode } from '../src/lang/python/ast.js';

type MessageIds = ImportOrderMessageId;

type Options = [{ patchers?: PatcherEntry[] }];

const patcherSchema: JSONSchema4 = {
  type: 'object',
  required: ['id', 'activations', 'targets'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    family: { type: 'string' },
    language: { type: 'string', enum: ['js', 'python'] },
    activations: { type: 'array', items: { type: 'object' } },
    targets: { type: 'array', items: { type: 'string' } },
    captureOnly: { type: 'boolean' },
    loadTargets: { type: 'array', items: { type: 'string' } },
    directLoadTargets: { type: 'array', items: { type: 'string' } },
    patchedNames: { type: 'object' },
    esmNeedsPreload: { type: 'boolean' },
    preloads: { type: 'array', items: { type: 'string' } },
    esmStart: { type: 'string' },
    symptom: { type: 'string' },
    source: { type: 'string' },
  },
  additionalProperties: false,
};

export default createRule<Options, MessageIds>({
  name: 'no-import-before-patch',
  meta: {
    type: 'problem',
    // ESLint 10 reads meta.languages; typescript-eslint's meta type does not know it yet.
    ...({ languages: ['js/js', 'patch-order/python'] } as object),
    docs: {
      description:
        'Disallow loading a module, or copying a function out of it, before the instrumentation, polyfill, env loader or mock that must patch it is active',
      recommended: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: { patchers: { type: 'array', items: patcherSchema } },
        additionalProperties: false,
      },
    ],
    messages: importOrderMessages,
  },
  defaultOptions: [{}],
  create(context, [options]) {
    readSettings(context); // throws on bad settings['patch-order']: fails the run, outside any try
    if (isPythonContext(context as never)) return pythonVisitor(context, options.patchers ?? []);
    const extra = (options.patchers ?? []).filter((p) => (p.language ?? 'js') === 'js').map(
      (p): PatcherEntry => ({ ...p, language: p.language ?? 'js', family: p.family ?? 'instrument-first', title: p.title ?? p.id, symptom: p.symptom ?? 'it is not patched' }),
    );
    return {
      'Program:exit'(program: TSESTree.Program) {
        let findings: Finding[];
        try {
          if (cannotReachPatch(context, extra)) return;
          const summary = currentSummary(context, extra);
          if (!mayReachPatch(context, summary, extra)) return;
          const project = projectFor(context, extra);
          const preloaded = preloadedPatchers(preloadsOf(context), project.catalog, (file) => moduleFacts(context, file, extra));
          findings = findPatchOrderProblems(summary, {
            facts: (path) => moduleFacts(context, path, extra),
            calledFunction: (path, name) => calledFunction(context, path, name, extra),
            pathToFile: (from, target) => pathToFile(context, from, target, extra),
            preloaded,
          });
        } catch {
          return; // never take the user's lint run down
        }
        for (const finding of findings) report(context, program, finding, extra);
      },
    };
  },
});

type Ctx = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** Python files: the same analysis over the Python front end's timeline. */
function pythonVisitor(context: Ctx, patchers: readonly PatcherEntry[]): TSESLint.RuleListener {
  const extra = patchers.filter((p) => p.language === 'python') as PyPatcherEntry[];
  return {
    'module:exit'(module: unknown) {
      let findings: Finding[];
      const ctx = context as unknown as Parameters<typeof pyCurrentSummary>[0];
      try {
        if (pyCannotReachPatch(ctx, extra)) return;
        const summary = pyCurrentSummary(ctx, extra);
        if (!pyMayReachPatch(ctx, summary, extra)) return;
        findings = findPatchOrderProblems(summary, {
          facts: (path) => pyModuleFacts(ctx, path, extra),
          calledFunction: () => null,
          packageCaptures: pyPackageCaptures,
          preloaded: new Set(),
        });
      } catch {
        return;
      }
      const project = pyProjectFor(ctx, extra);
      for (const finding of findings) {
        const entry = project.byId.get(finding.patch.event.patcherId);
        const fix =
          finding.kind !== 'esm-preload' && finding.patch.chain.length === 0
            ? movePatchToTop(module as PyNode, context.sourceCode.text, finding.patch.event)
            : null;
        reportFinding(context, finding, entry, fix as TSESLint.ReportFixFunction | null);
      }
    },
  } as TSESLint.RuleListener;
}

function report(context: Ctx, program: TSESTree.Program, finding: Finding, extra: PatcherEntry[]): void {
  const project = projectFor(context, extra);
  const entry = project.catalog.byId.get(finding.patch.event.patcherId);
  const movable = (finding.kind === 'load' || finding.kind === 'capture') && finding.patch.event.activation !== 'mock';
  const fix = movable ? autoFix(context, program, finding.patch, finding.at.loc) : null;
  const suggest = movable && !fix ? suggestions(context, program, finding.patch, finding.at.loc, entry) : [];
  reportFinding(context, finding, entry, fix, suggest);
}

function reportFinding(
  context: Ctx,
  finding: Finding,
  entry: PatcherEntry | undefined,
  fix: TSESLint.ReportFixFunction | null,
  suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [],
): void {
  const patcher = entry?.title ?? finding.patch.event.patcherId;
  if (finding.kind === 'esm-preload') {
    const preload = entry?.esmStart ?? `--import ${entry?.preloads?.[0] ?? '<init file>'}`;
    context.report({
      loc: toLoc(finding.patch.event.loc),
      messageId: 'esmNeedsPreload',
      data: { patcher, preload, format: formatOfContext(context).reason },
    });
    return;
  }
  const input = { cwd: context.cwd, filename: context.filename, patcher, patch: finding.patch };
  const described =
    finding.kind === 'capture'
      ? describeCapture(input, { ...finding, by: finding.capture.by, symptom: symptomFor(entry, finding.module) })
      : finding.kind === 'env'
        ? describeEnvRead(input, finding)
        : describeLoad(input, {
            module: displayModule(finding.module, context.cwd),
            chain: finding.chain,
            also: finding.also.map((m) => displayModule(m, context.cwd)),
            symptom: symptomFor(entry, finding.module),
            mock: finding.patch.event.activation === 'mock',
          });
  context.report({ loc: toLoc(finding.at.loc), ...described, ...(finding.kind === 'env' ? {} : { fix, suggest }) });
}

/**
 * Automatic only in two shapes the docs defend (Fix safety):
 * - a side-effect patch import (`import 'dd-trace/init'`) moved above the first import it must precede;
 * - a CommonJS activation statement (`require('dd-trace').init()`, or the declaration
 *   `const tracer = require('dd-trace').init({…})`) moved above the first `require` it must precede, when
 *   nothing it reads is declared in between and nothing reads the name it declares before it.
 */
function autoFix(context: Ctx, program: TSESTree.Program, patch: PatchRef, at: Loc): TSESLint.ReportFixFunction | null {
  if (patch.chain.length !== 0 || !patch.event.statementRange) return null;
  const patchStmt = program.body.find((s) => s.range[0] === patch.event.statementRange![0] && s.range[1] === patch.event.statementRange![1]);
  const offending = statementAt(program, at);
  if (!patchStmt || !offending || offending.range[0] >= patchStmt.range[0]) return null;
  if (patch.event.activation === 'side-effect') {
    if (patchStmt.type !== 'ImportDeclaration' || patchStmt.specifiers.length !== 0) {
      if (!(patchStmt.type === 'ExpressionStatement' && patchStmt.expression.type === 'CallExpression')) return null;
    }
  } else if (patch.event.activation === 'call') {
    if (formatOfContext(context).order !== 'textual') return null;
    if (patchStmt.type !== 'ExpressionStatement' && declarationReadBefore(context.sourceCode, patchStmt)?.length !== 0) return null;
    if (!canMoveAbove(program, offending, patchStmt, patch.event.dependsOn ?? [])) return null;
  } else {
    return null;
  }
  return moveStatementBefore(context.sourceCode, patchStmt, offending);
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
  context: Ctx,
  program: TSESTree.Program,
  patch: PatchRef,
  at: Loc,
  entry: PatcherEntry | undefined,
): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  if (patch.chain.length !== 0 || !patch.event.statementRange || patch.event.activation !== 'call') return [];
  const patchStmt = program.body.find((s) => s.range[0] === patch.event.statementRange![0] && s.range[1] === patch.event.statementRange![1]);
  const offending = statementAt(program, at);
  if (!patchStmt || !offending) return [];
  const patcher = entry?.title ?? patch.event.patcherId;
  if (formatOfContext(context).order === 'textual') {
    const readers = declarationReadBefore(context.sourceCode, patchStmt);
    if (!readers?.length || offending.range[0] >= patchStmt.range[0] || !canMoveAbove(program, offending, patchStmt, patch.event.dependsOn ?? [])) return [];
    return [
      {
        messageId: 'moveActivationUp',
        data: { line: String(offending.loc.start.line), name: readers.join('`, `') },
        fix: moveStatementBefore(context.sourceCode, patchStmt, offending),
      },
    ];
  }
  if (patchStmt.type !== 'ExpressionStatement') return [];
  const sideEffect = entry?.activations.find((a) => a.kind === 'side-effect');
  const call = patchStmt.expression;
  if (!sideEffect || sideEffect.kind !== 'side-effect' || call.type !== 'CallExpression' || call.arguments.length !== 0) return [];
  const first = program.body.find((s) => s.type === 'ImportDeclaration') ?? offending;
  const text = context.sourceCode.text;
  const lineStart = text.lastIndexOf('\n', patchStmt.range[0] - 1) + 1;
  const eol = /\r?\n|$/.exec(text.slice(patchStmt.range[1]))!;
  const removeEnd = patchStmt.range[1] + eol.index + eol[0].length;
  const wholeLine = /^[ \t]*$/.test(text.slice(lineStart, patchStmt.range[0])) && eol.index === 0;
  return [
    {
      messageId: 'useSideEffectEntry',
      data: { patcher, entry: sideEffect.module },
      fix: (fixer) => [
        fixer.insertTextBefore(first, `import '${sideEffect.module}';\n`),
        fixer.removeRange(wholeLine ? [lineStart, removeEnd] : patchStmt.range),
      ],
    },
  ];
}

function statementAt(program: TSESTree.Program, at: Loc): TSESTree.ProgramStatement | null {
  const after = (a: TSESTree.Position, line: number, column: number) => a.line < line || (a.line === line && a.column <= column);
  return program.body.find((s) => after(s.loc.start, at.line, at.column) && after({ line: at.endLine, column: at.endColumn }, s.loc.end.line, s.loc.end.column)) ?? null;
}

function displayModule(module: string, cwd: string): string {
  return module.startsWith('/') ? (module.startsWith(`${cwd}/`) ? module.slice(cwd.length + 1) : module) : module;
}

function toLoc(loc: { line: number; column: number; endLine: number; endColumn: number }): TSESTree.SourceLocation {
  return { start: { line: loc.line, column: loc.column }, end: { line: loc.endLine, column: loc.endColumn } };
}
