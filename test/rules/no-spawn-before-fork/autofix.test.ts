/**
 * The opt-in automatic fix of no-spawn-before-fork (`fix: "autofix"`, docs "Fix safety"): under `--fix` a
 * module-level spawn statement is wrapped in the role check the file already branches on (JS). Anything else
 * (no such branch in the file, a declaration, a self-fork, the default `"suggest"`) is not fixed. Each fixed
 * output parses and is linted clean.
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../../rules/no-spawn-before-fork.js';
import { createTsRuleTester, fixture } from '../../helpers/rule-tester.js';

type Options = [{ fix?: 'suggest' | 'autofix' }];
type MessageIds = 'runsInEveryProcess' | 'spawnsItselfRecursively' | 'wrapInGuard';

const cjs = fixture('unit/cjs/main.js');
const esm = fixture('unit/esm/main.js');
const AUTOFIX: Options = [{ fix: 'autofix' }];
const CLUSTER = "const cluster = require('node:cluster');\n";
const CRON = "const cron = require('node-cron');\n";
const SPLIT = "if (cluster.isPrimary) {\n  for (let i = 0; i < 4; i++) cluster.fork();\n} else {\n  require('node:http').createServer().listen(80);\n}\n";

const invalid: (InvalidTestCase<MessageIds, Options> & { name: string })[] = [
  {
    name: 'a cron job beside the file\'s own primary/worker split: wrapped in that check',
    filename: cjs,
    options: AUTOFIX,
    code: `${CLUSTER}${CRON}cron.schedule('0 * * * *', () => {});\n${SPLIT}`,
    output: `${CLUSTER}${CRON}if (cluster.isPrimary) {\n  cron.schedule('0 * * * *', () => {});\n}\n${SPLIT}`,
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 3, column: 1, endLine: 3, endColumn: 37,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: `${CLUSTER}${CRON}if (cluster.isPrimary) {\n  cron.schedule('0 * * * *', () => {});\n}\n${SPLIT}` }],
      },
    ],
  },
  {
    name: 'ESM, a one-line primary branch, the spawn after it',
    filename: esm,
    options: AUTOFIX,
    code: "import cluster from 'node:cluster';\nimport schedule from 'node-schedule';\nif (cluster.isPrimary) cluster.fork();\nschedule.scheduleJob('0 3 * * *', () => {});\n",
    output: "import cluster from 'node:cluster';\nimport schedule from 'node-schedule';\nif (cluster.isPrimary) cluster.fork();\nif (cluster.isPrimary) {\n  schedule.scheduleJob('0 3 * * *', () => {});\n}\n",
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 4, column: 1, endLine: 4, endColumn: 44,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: "import cluster from 'node:cluster';\nimport schedule from 'node-schedule';\nif (cluster.isPrimary) cluster.fork();\nif (cluster.isPrimary) {\n  schedule.scheduleJob('0 3 * * *', () => {});\n}\n" }],
      },
    ],
  },
  {
    name: 'the file never branches on the check: suggestion only',
    filename: esm,
    options: AUTOFIX,
    code: "import { Worker, isMainThread } from 'node:worker_threads';\nimport { fileURLToPath } from 'node:url';\nisMainThread && new Worker(fileURLToPath(import.meta.url));\nsetInterval(() => {}, 1000);\n",
    output: null,
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 4, column: 1, endLine: 4, endColumn: 28,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'isMainThread' }, output: "import { Worker, isMainThread } from 'node:worker_threads';\nimport { fileURLToPath } from 'node:url';\nisMainThread && new Worker(fileURLToPath(import.meta.url));\nif (isMainThread) {\n  setInterval(() => {}, 1000);\n}\n" }],
      },
    ],
  },
  {
    name: 'a self-fork is not a spawn: suggestion only',
    filename: cjs,
    options: AUTOFIX,
    code: "const { fork } = require('node:child_process');\nfork(__filename, ['child']);\n",
    output: null,
    errors: [
      {
        messageId: 'spawnsItselfRecursively', line: 2, column: 1, endLine: 2, endColumn: 28,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: "process.argv[2] !== 'child'" }, output: "const { fork } = require('node:child_process');\nif (process.argv[2] !== 'child') {\n  fork(__filename, ['child']);\n}\n" }],
      },
    ],
  },
  {
    name: 'a declaration cannot be wrapped: neither fix nor suggestion',
    filename: cjs,
    options: AUTOFIX,
    code: `${CLUSTER}const timer = setInterval(() => {}, 1000);\n${SPLIT}`,
    output: null,
    errors: [{ messageId: 'runsInEveryProcess', line: 2, column: 15, endLine: 2, endColumn: 42, suggestions: [] }],
  },
  {
    name: 'default ("suggest"): not fixed',
    filename: cjs,
    code: `${CLUSTER}${CRON}cron.schedule('0 * * * *', () => {});\n${SPLIT}`,
    output: null,
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 3, column: 1, endLine: 3, endColumn: 37,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: `${CLUSTER}${CRON}if (cluster.isPrimary) {\n  cron.schedule('0 * * * *', () => {});\n}\n${SPLIT}` }],
      },
    ],
  },
];

createTsRuleTester().run('no-spawn-before-fork fix option', rule, { valid: [], invalid });

describe('every automatic fix output parses and is linted clean', () => {
  const linter = new Linter({ configType: 'flat' });
  const fixed = invalid.filter((c) => typeof c.output === 'string');
  it('some cases are fixed', () => expect(fixed.length).toBe(2));
  for (const c of fixed) {
    it(c.name, () => {
      const messages = linter.verify(
        c.output as string,
        [
          {
            files: ['**/*.js'],
            languageOptions: { parser: tseslint.parser as Linter.Parser },
            plugins: { 'patch-order': { rules: { 'no-spawn-before-fork': rule as never } } },
            rules: { 'patch-order/no-spawn-before-fork': ['error', { fix: 'autofix' }] },
          },
        ],
        c.filename!,
      );
      expect(messages.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
    });
  }
  it('the schema rejects another value', () => {
    expect(() =>
      linter.verify('x', [{ plugins: { 'patch-order': { rules: { 'no-spawn-before-fork': rule as never } } }, rules: { 'patch-order/no-spawn-before-fork': ['error', { fix: 'always' }] } }], cjs),
    ).toThrow(/"always" should be equal to one of the allowed values/u);
  });
});
