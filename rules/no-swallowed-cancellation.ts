import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/util/create-rule.js';
import { readSettings } from '../src/util/settings.js';
import { languageOf, onFileEnd } from '../src/lang/language-of.js';
import { INTERNAL_ERROR_MESSAGES, reportFindings } from '../src/checks/report.js';
import {
  checkCancellation,
  isPromiseHandlerCall,
  type CancellationMessageId,
  type CancellationRuleOptions,
  type JsHandlerNode,
} from '../src/checks/no-swallowed-cancellation/check.js';
import { jsCancellationMessages } from '../src/checks/no-swallowed-cancellation/js/messages.js';
import { pythonCancellationMessages } from '../src/checks/no-swallowed-cancellation/python/messages.js';

type MessageIds = CancellationMessageId | keyof typeof INTERNAL_ERROR_MESSAGES;

const stringList = { type: 'array', items: { type: 'string' }, uniqueItems: true } as const;

const rule = createRule<[CancellationRuleOptions], MessageIds>({
  name: 'no-swallowed-cancellation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catch handlers that swallow a cancellation (AbortError, CanceledError, asyncio.CancelledError, trio.Cancelled) instead of re-raising it',
      recommended: true,
    },
    hasSuggestions: true,
    // Only with the option `fix: "autofix"`; by default every repair is a suggestion (docs: "Fix safety").
    fixable: 'code',
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
          fix: { type: 'string', enum: ['suggest', 'autofix'] },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      ...jsCancellationMessages,
      ...pythonCancellationMessages,
      ...INTERNAL_ERROR_MESSAGES,
    },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    readSettings(context); // throws on bad settings['patch-order']: fails the run, outside any try
    // JS/TS: the handlers met on the way, analysed at the end of the file (Python files have none).
    const handlers: JsHandlerNode[] = [];
    const end = onFileEnd(() => reportFindings(context, 'no-swallowed-cancellation', () => checkCancellation(context, options, handlers)));
    // A Python file has no such nodes: listening for them only makes ESLint walk every node of its tree.
    if (languageOf(context) === 'python') return end;
    return {
      TryStatement(node: TSESTree.TryStatement) {
        handlers.push(node);
      },
      CallExpression(node: TSESTree.CallExpression) {
        if (isPromiseHandlerCall(node)) handlers.push(node);
      },
      ...end,
    };
  },
});

// ESLint 10 reads `meta.languages`; typescript-eslint's types do not know it yet.
(rule.meta as unknown as { languages: string[] }).languages = ['js/js', 'patch-order/python'];

export default rule;
