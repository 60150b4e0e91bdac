import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/util/create-rule.js';
import { readSettings } from '../src/util/settings.js';
import type { Node } from '../src/checks/no-swallowed-cancellation/js/ast.js';
import { analyzePromiseCall, analyzeTry, createFileContext, type Finding } from '../src/checks/no-swallowed-cancellation/js/analyze.js';
import type { CancellationOptions } from '../src/checks/no-swallowed-cancellation/js/config.js';
import { suggestionsFor } from '../src/checks/no-swallowed-cancellation/js/fixes.js';
import { findingData, jsCancellationMessages, type JsCancellationMessageId } from '../src/checks/no-swallowed-cancellation/js/messages.js';
import { isPythonContext } from '../src/lang/python/project.js';
import type { PyCancellationOptions } from '../src/checks/no-swallowed-cancellation/python/analyze.js';
import {
  pythonCancellationMessages,
  pythonCancellationVisitor,
  type PythonCancellationMessageId,
} from '../src/checks/no-swallowed-cancellation/python/visitor.js';

type MessageIds = JsCancellationMessageId | PythonCancellationMessageId;

const stringList = { type: 'array', items: { type: 'string' }, uniqueItems: true } as const;

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
      ...jsCancellationMessages,
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
      context.report({ loc: finding.loc, messageId: finding.kind, data: findingData(finding), suggest });
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
// src/checks/no-swallowed-cancellation/python/visitor.ts.
(rule.meta as unknown as { languages: string[] }).languages = ['js/js', 'patch-order/python'];

export default rule;
