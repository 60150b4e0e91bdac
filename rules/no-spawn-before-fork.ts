import { createRule } from '../src/util/create-rule.js';
import { readSettings } from '../src/util/settings.js';
import { languageOf, onFileEnd } from '../src/lang/language-of.js';
import { INTERNAL_ERROR_MESSAGES, reportFindings } from '../src/checks/report.js';
import { spawnForkChecks, spawnForkMessages, type SpawnForkMessageId, type SpawnForkOptions } from '../src/checks/no-spawn-before-fork/check.js';

type MessageIds = SpawnForkMessageId | keyof typeof INTERNAL_ERROR_MESSAGES;

const RULE = 'no-spawn-before-fork';

const rule = createRule<[SpawnForkOptions], MessageIds>({
  name: RULE,
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow starting threads, timers, schedulers, connections or workers before a fork or in module code that every forked process re-runs (cluster, fork(self), new Worker(self), PM2 cluster mode; os.fork, multiprocessing, gunicorn preload, uWSGI)',
      recommended: true,
    },
    hasSuggestions: true,
    // Only with the option `fix: "autofix"`; by default every repair is a suggestion (docs: "Fix safety").
    fixable: 'code',
    schema: [
      {
        type: 'object',
        properties: {
          ignore: { type: 'array', items: { type: 'string' }, description: 'Spawn ids never reported (e.g. "setInterval").' },
          perProcess: { type: 'array', items: { type: 'string' }, description: 'Spawn ids meant to run once per process.' },
          once: { type: 'array', items: { type: 'string' }, description: 'Spawn ids that must run in one process only.' },
          pm2: { type: 'boolean', description: 'Read PM2 ecosystem files (default true).' },
          fix: { type: 'string', enum: ['suggest', 'autofix'], description: 'Apply the wrap in a role check the file already uses under --fix ("autofix"), or only suggest it (default).' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      ...spawnForkMessages,
      ...INTERNAL_ERROR_MESSAGES,
    },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    readSettings(context); // throws on bad settings['patch-order']: fails the run, outside any try
    const language = languageOf(context);
    return onFileEnd(() => reportFindings(context, RULE, () => spawnForkChecks[language](context as never, options)));
  },
});

// ESLint 10 reads `meta.languages`; typescript-eslint's types do not know it yet. Python files are checked by
// src/checks/no-spawn-before-fork/python/check.ts.
(rule.meta as unknown as { languages: string[] }).languages = ['js/js', 'patch-order/python'];

export default rule;
