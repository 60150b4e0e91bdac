import type { JSONSchema, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/util/create-rule.js';
import { readSettings } from '../src/util/settings.js';
import { languageOf, onFileEnd } from '../src/lang/language-of.js';
import type { PatcherEntry } from '../src/catalog/types.js';
import type { PyNode } from '../src/lang/python/ast.js';
import { INTERNAL_ERROR_MESSAGES, reportFindings } from '../src/checks/report.js';
import { checkImportOrder } from '../src/checks/no-import-before-patch/check.js';
import { jsInputs } from '../src/checks/no-import-before-patch/js/inputs.js';
import { pythonInputs } from '../src/checks/no-import-before-patch/python/inputs.js';
import { importOrderMessages, type ImportOrderMessageId } from '../src/checks/no-import-before-patch/messages.js';

type MessageIds = ImportOrderMessageId | keyof typeof INTERNAL_ERROR_MESSAGES;

type Options = [{ patchers?: PatcherEntry[] }];

const patcherSchema: JSONSchema.JSONSchema4 = {
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
    targetsWhen: { type: 'array', items: { type: 'object' } },
    enableCalls: { type: 'object' },
    replacedExports: { type: 'object' },
    copyOnlyTargets: { type: 'array', items: { type: 'string' } },
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
    messages: { ...importOrderMessages, ...INTERNAL_ERROR_MESSAGES },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    readSettings(context); // throws on bad settings['patch-order']: fails the run, outside any try
    const patchers = options.patchers ?? [];
    return onFileEnd((root: unknown) =>
      reportFindings(context, 'no-import-before-patch', () =>
        checkImportOrder(
          languageOf(context) === 'python'
            ? pythonInputs(context as never, root as PyNode, patchers)
            : jsInputs(context, root as TSESTree.Program, patchers),
        ),
      ),
    );
  },
});
