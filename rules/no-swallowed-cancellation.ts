import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/util/create-rule.js';
import { readSettings } from '../src/util/settings.js';
import type { Node } from '../src/js/cancellation/ast.js';
import { analyzePromiseCall, analyzeTry, createFileContext, type Finding } from '../src/js/cancellation/analyze.js';
import type { CancellationOptions } from '../src/js/cancellation/config.js';
import { suggestionsFor } from '../src/js/cancellation/fixes.js';
import type { Exit } from '../src/js/cancellation/paths.js';
import { isPythonContext } from '../src/python/analyze.js';
import type { PyCancellationOptions } from '../src/python/cancellation/analyze.js';
import {
  pythonCancellationMessages,
  pythonCancellationVisitor,
  type PythonCancellationMessageId,
} from '../src/python/cancellation/visitor.js';

type MessageIds =
  | 'swallowedInCatch'
  | 'swallowedInLoop'
  | 'swallowedInCallback'
  | 'convertedToValue'
  | 'finallyReturn'
  | 'finallyYield'
  | 'suggestThrowIfAborted'
  | 'suggestGuard'
  | PythonCancellationMessageId;

const stringList = { type: 'array', items: { type: 'string' }, uniqueItems: true } as const;

function describeExit(exit: Exit | null): string {
  if (!exit) return 'a path';
  const line = exit.kind === 'fallthrough' ? exit.node.loc.end.line : exit.node.loc.start.line;
  const when = exit.state === 'cancel' ? ' when it is a cancellation' : '';
  switch (exit.kind) {
    case 'fallthrough':
      return `reaches the end of the handler (line ${line})${when}`;
    case 'return':
      return `returns at line ${line}${when}`;
    case 'return-value':
      return `returns a value at line ${line}${when}`;
    case 'break':
      return `breaks out at line ${line}${when}`;
    case 'continue':
      return `continues the loop at line ${line}${when}`;
    case 'throw-other':
      return `throws a different error at line ${line}${when}`;
  }
}

function statementWord(node: Node | undefined): string {
  if (!node) return 'return';
  if (node.type === 'BreakStatement') return 'break';
  if (node.type === 'ContinueStatement') return 'continue';
  return 'return';
}

const rule = createRule<[CancellationOptions], MessageIds>({
  name: 'no-swallowed-cancellation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catch handlers that swallow a cancellation (AbortError, CanceledError, asyncio.CancelledError, trio.Cancelled) instead of re-raising it',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          cancellationNames: stringList,
          cancellationCodes: stringList,
          guardFunctions: stringList,
          throwingGuards: stringList,
          signalNames: stringList,
          abortableCallees: stringList,
          strict: { type: 'boolean' },
          pythonCancellationClasses: stringList,
        },
        additionalProperties: false,
      },
    ],
    messages: {
      swallowedInCatch:
        'This catch can receive a cancellation ({{source}}) but {{path}} without re-throwing it, so the cancelled work is treated as an ordinary failure. Re-throw cancellations on every path.',
      swallowedInLoop:
        'This catch inside a loop can receive a cancellation ({{source}}) but {{path}} without re-throwing it: after an abort the loop keeps working (retrying or polling) instead of stopping. Re-throw cancellations before the loop continues.',
      swallowedInCallback:
        'This rejection handler can receive a cancellation ({{source}}) but {{path}} without re-throwing it, so the aborted promise settles as if nothing went wrong. Re-throw cancellations in the callback.',
      convertedToValue:
        'This handler can receive a cancellation ({{source}}) but {{path}}: the aborted operation becomes a normal result. Re-throw cancellations before returning a fallback value.',
      finallyReturn:
        'This `{{statement}}` in `finally` discards a pending cancellation ({{source}}): the abort is replaced by a normal completion. Move it out of `finally`.',
      finallyYield:
        'This `yield` in `finally` keeps the generator alive after `.return()` (a consumer\'s `break` or a cancellation): `return()` gets this value instead of finishing. Clean up without a plain `yield` in `finally`.',
      suggestThrowIfAborted: 'Insert `{{statement}}` as the first statement of the handler.',
      suggestGuard: 'Re-throw cancellations first: insert `{{statement}}`.',
      ...pythonCancellationMessages,
    },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    readSettings(context); // throws on bad settings['patch-order']: fails the run, outside any try
    if (isPythonContext(context as never)) return pythonCancellationVisitor(context as never, options as PyCancellationOptions) as never;
    const sourceCode = context.sourceCode;
    let typeCheck: ((node: Node) => boolean) | null = null;
    try {
      const services = sourceCode.parserServices as
        | { program?: { getTypeChecker(): { getTypeAtLocation(n: unknown): { symbol?: { name?: string }; types?: { symbol?: { name?: string } }[] } } } | null; esTreeNodeToTSNodeMap?: { get(n: unknown): unknown } }
        | undefined;
      const program = services?.program;
      const map = services?.esTreeNodeToTSNodeMap;
      if (program && map) {
        const checker = program.getTypeChecker();
        typeCheck = (node) => {
          try {
            const type = checker.getTypeAtLocation(map.get(node));
            if (type.symbol?.name === 'AbortSignal') return true;
            return !!type.types?.some((t) => t.symbol?.name === 'AbortSignal');
          } catch {
            return false;
          }
        };
      }
    } catch {
      typeCheck = null;
    }
    let ctx: ReturnType<typeof createFileContext> | null = null;
    const fileContext = () => (ctx ??= createFileContext(sourceCode, options, typeCheck));

    const report = (finding: Finding): void => {
      const c = fileContext();
      let suggest: ReturnType<typeof suggestionsFor> = [];
      try {
        suggest = suggestionsFor(c, finding);
      } catch {
        suggest = [];
      }
      const data =
        finding.kind === 'finallyReturn'
          ? { statement: statementWord(finding.statement), source: finding.source?.text ?? '' }
          : { source: finding.source?.text ?? '', path: describeExit(finding.exit) };
      context.report({ loc: finding.loc, messageId: finding.kind, data, suggest });
    };

    return {
      TryStatement(node: TSESTree.TryStatement) {
        let findings: Finding[] = [];
        try {
          findings = analyzeTry(fileContext(), node);
        } catch {
          return;
        }
        findings.forEach(report);
      },
      CallExpression(node: TSESTree.CallExpression) {
        if (node.callee.type !== 'MemberExpression') return;
        const p = node.callee.property;
        if (p.type !== 'Identifier' || (p.name !== 'catch' && p.name !== 'then')) return;
        let findings: Finding[] = [];
        try {
          findings = analyzePromiseCall(fileContext(), node);
        } catch {
          return;
        }
        findings.forEach(report);
      },
    };
  },
});

// ESLint 10 reads `meta.languages`; typescript-eslint's types do not know it yet. Python files go to
// src/python/cancellation/visitor.ts.
(rule.meta as unknown as { languages: string[] }).languages = ['js/js', 'patch-order/python'];

export default rule;
