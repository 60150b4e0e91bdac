import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../../rules/no-spawn-before-fork.js';
import { createTsRuleTester, fixture } from '../../helpers/rule-tester.js';

// Cross-file facts come from dependency summaries, which run the registered detectors. Register ours
// here so these tests do not depend on the integrator's registry (src/lang/js/detector-registry.ts).

type Options = [{ ignore?: string[]; perProcess?: string[]; once?: string[]; pm2?: boolean }];
type MessageIds =
  | 'runsInEveryProcess'
  | 'runsInEveryWorker'
  | 'runsInPrimary'
  | 'runsInEveryPm2Instance'
  | 'spawnsItselfRecursively'
  | 'forkInEveryWorker'
  | 'wrapInGuard';

const ruleTester = createTsRuleTester();
const cjs = fixture('unit/cjs/main.js');
const esm = fixture('unit/esm/main.js');
const tsEsm = fixture('unit/ts-esm/src/main.ts');
const clusterMain = fixture('js-spawn-cluster/src/main.js');
const esmMain = fixture('js-spawn-esm/src/main.js');
const pm2Server = fixture('js-spawn-pm2/server.js');
const pm2Single = fixture('js-spawn-pm2/single.js');
const pm2Custom = fixture('js-spawn-pm2/custom.js');
const pm2Json = fixture('js-spawn-pm2/json/worker.js');

const CLUSTER = "const cluster = require('node:cluster');\n";
const CRON = "const cron = require('node-cron');\n";
const FORK4 = 'for (let i = 0; i < 4; i++) cluster.fork();\n';

const valid: ValidTestCase<Options>[] = [
  // Spawn inside the primary branch.
  { filename: cjs, code: `${CLUSTER}${CRON}if (cluster.isPrimary) {\n  cron.schedule('0 * * * *', () => {});\n  ${FORK4}}\n` },
  // isMaster (deprecated alias), negated isWorker, else of isWorker.
  { filename: cjs, code: `${CLUSTER}if (cluster.isMaster) { setInterval(() => {}, 1000); ${FORK4}}\n` },
  { filename: cjs, code: `${CLUSTER}if (!cluster.isWorker) { setInterval(() => {}, 1000); ${FORK4}}\n` },
  { filename: cjs, code: `${CLUSTER}if (cluster.isWorker) { require('node:http').createServer().listen(80); } else { setInterval(() => {}, 1000); ${FORK4}}\n` },
  // Negated guard's else branch is the primary.
  { filename: cjs, code: `${CLUSTER}if (!cluster.isPrimary) { require('node:http').createServer().listen(80); } else { setInterval(() => {}, 1000); cluster.fork(); }\n` },
  // Ternary dispatch on the role, function dispatch, switch.
  { filename: cjs, code: `${CLUSTER}${CRON}const job = cluster.isPrimary ? cron.schedule('0 * * * *', () => {}) : null;\nif (cluster.isPrimary) ${FORK4}` },
  { filename: cjs, code: `${CLUSTER}function primary() {\n  setInterval(() => {}, 1000);\n  ${FORK4}}\nfunction worker() {}\nif (cluster.isPrimary) primary(); else worker();\n` },
  { filename: cjs, code: `${CLUSTER}switch (true) {\n  case cluster.isPrimary:\n    setInterval(() => {}, 1000);\n    cluster.fork();\n    break;\n}\n` },
  // `&&` guard, destructured flag, early return in CommonJS.
  { filename: cjs, code: `${CLUSTER}cluster.isPrimary && setInterval(() => {}, 1000);\nif (cluster.isPrimary) cluster.fork();\n` },
  { filename: cjs, code: "const { isPrimary, fork } = require('cluster');\nif (isPrimary) { setInterval(() => {}, 1000); fork(); }\n" },
  { filename: cjs, code: `${CLUSTER}if (cluster.isWorker) return;\n${FORK4}setInterval(() => {}, 1000);\n` },
  // Early return inside the function being followed.
  { filename: cjs, code: `${CLUSTER}function main() {\n  if (!cluster.isPrimary) return;\n  setInterval(() => {}, 1000);\n  ${FORK4}}\nmain();\n` },
  // NODE_UNIQUE_ID and a process.send check.
  { filename: cjs, code: `${CLUSTER}if (!process.env.NODE_UNIQUE_ID) { setInterval(() => {}, 1000); cluster.fork(); }\n` },
  { filename: cjs, code: "const { fork } = require('child_process');\nif (typeof process.send !== 'function') { setInterval(() => {}, 1000); fork(__filename); }\n" },
  // A per-process resource in the worker branch is what each worker should own.
  { filename: cjs, code: `${CLUSTER}const mongoose = require('mongoose');\nif (cluster.isPrimary) { ${FORK4}} else { mongoose.connect('mongodb://db/app'); }\n` },
  // A heartbeat interval written in the worker branch is meant per worker.
  { filename: cjs, code: `${CLUSTER}if (cluster.isPrimary) { ${FORK4}} else {\n  setInterval(() => process.send('alive'), 1000);\n}\n` },
  // new Worker(__filename) inside isMainThread, spawn in the main thread.
  { filename: cjs, code: "const { Worker, isMainThread } = require('node:worker_threads');\nif (isMainThread) {\n  setInterval(() => {}, 1000);\n  new Worker(__filename);\n}\n" },
  { filename: esm, code: "import { Worker, isMainThread, parentPort } from 'node:worker_threads';\nif (isMainThread) new Worker(new URL(import.meta.url));\nelse parentPort.on('message', () => {});\n" },
  // argv role check with an early return (Node's own tests use this).
  { filename: cjs, code: "const { fork } = require('node:child_process');\nif (process.argv[2] === 'child') {\n  process.on('message', () => {});\n  return;\n}\nsetInterval(() => {}, 1000);\nfork(__filename, ['child']);\n" },
  { filename: cjs, code: "const { fork } = require('node:child_process');\nif (process.argv.includes('--child')) return;\nsetInterval(() => {}, 1000);\nfork(__filename, ['--child']);\n" },
  // setupPrimary({ exec }): workers run another file; this module is not re-run.
  { filename: cjs, code: `${CLUSTER}cluster.setupPrimary({ exec: __dirname + '/worker.js' });\n${FORK4}setInterval(() => {}, 1000);\n` },
  { filename: cjs, code: `${CLUSTER}cluster.setupMaster({ exec: require('path').join(__dirname, 'worker.js') });\ncluster.fork();\nsetInterval(() => {}, 1000);\n` },
  // Worker in its own file: this file is not re-run.
  { filename: esm, code: "import { Worker } from 'node:worker_threads';\nconst w = new Worker(new URL('./worker.js', import.meta.url));\nsetInterval(() => w.postMessage('tick'), 1000);\n" },
  { filename: cjs, code: "const { fork } = require('child_process');\nconst child = fork(require('path').join(__dirname, 'child.js'));\nsetInterval(() => child.send('tick'), 1000);\n" },
  // A plain interval in a program that never forks.
  { filename: cjs, code: "setInterval(() => {}, 1000);\n" },
  { filename: cjs, code: `${CRON}cron.schedule('0 * * * *', () => {});\n` },
  // A spawn that does not run at module time (request handler, exported function).
  { filename: cjs, code: `${CLUSTER}${FORK4.replace('for', 'if (cluster.isPrimary) for')}module.exports = () => setInterval(() => {}, 1000);\n` },
  // require.main === module is not a role guard — but this file never forks, so nothing to report.
  { filename: cjs, code: "if (require.main === module) setInterval(() => {}, 1000);\n" },
  // new CronJob without start=true does not run until started.
  { filename: cjs, code: `${CLUSTER}const { CronJob } = require('cron');\nconst job = new CronJob('0 * * * *', () => {});\nif (cluster.isPrimary) { job.start(); ${FORK4}}\n` },
  // Cross-file: modules with guarded spawns, or loaded only in the right branch.
  { filename: clusterMain, code: `${CLUSTER}if (cluster.isPrimary) {\n  require('./guarded-jobs');\n  require('./jobs');\n  ${FORK4}} else {\n  require('./db');\n  require('./helpers');\n}\n` },
  // A cluster worker branch dispatched through a local function.
  { filename: clusterMain, code: `${CLUSTER}function startWorker() {\n  require('./db');\n}\nif (cluster.isPrimary) { ${FORK4}} else startWorker();\n` },
  // PM2: the instance guard, a custom instance_var, a single instance, a config that does not name the file.
  { filename: pm2Server, code: "if (process.env.NODE_APP_INSTANCE === '0') setInterval(() => {}, 1000);\n" },
  { filename: pm2Server, code: "if ((process.env.NODE_APP_INSTANCE ?? '0') === '0') {\n  require('node-cron').schedule('0 * * * *', () => {});\n}\n" },
  { filename: pm2Server, code: "if (Number(process.env.pm_id) === 0) setInterval(() => {}, 1000);\n" },
  { filename: pm2Custom, code: "if (process.env.INSTANCE_ID === '0') setInterval(() => {}, 1000);\n" },
  { filename: pm2Single, code: "require('./jobs');\nsetInterval(() => {}, 1000);\n" },
  { filename: fixture('js-spawn-pm2/other.js'), code: "setInterval(() => {}, 1000);\n" },
  { filename: pm2Server, options: [{ pm2: false }], code: "setInterval(() => {}, 1000);\n" },
  // A broken ecosystem file is skipped, not a crash.
  { filename: fixture('js-spawn-pm2-broken/server.js'), code: "setInterval(() => {}, 1000);\n" },
  // Odd input: nothing to analyse.
  { filename: cjs, code: '' },
  { filename: cjs, code: "fork();\nnew Worker();\nrequire('cluster').fork;\n" },
  // Options: ignore a spawn id, or declare it per-process.
  { filename: cjs, options: [{ ignore: ['setInterval'] }], code: `${CLUSTER}setInterval(() => {}, 1000);\nif (cluster.isPrimary) cluster.fork();\n` },
  { filename: pm2Server, options: [{ perProcess: ['setInterval'] }], code: "setInterval(() => {}, 1000);\n" },
  // Something else called `fork` / `schedule`.
  { filename: cjs, code: "const git = require('./git');\ngit.fork();\nsetInterval(() => {}, 1000);\n" },
  { filename: cjs, code: `${CLUSTER}const agenda = require('./agenda');\nagenda.schedule('x');\nif (cluster.isPrimary) cluster.fork();\n` },
  // TypeScript, ESM: guarded.
  { filename: tsEsm, code: "import cluster from 'node:cluster';\nimport cron from 'node-cron';\nif (cluster.isPrimary) {\n  cron.schedule('0 * * * *', (): void => {});\n  cluster.fork();\n}\n" },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // The seed shape: a cron job at module scope of a cluster entry fires once per CPU, plus once.
    filename: cjs,
    code: `${CLUSTER}${CRON}cron.schedule('0 * * * *', () => {});\nif (cluster.isPrimary) {\n  ${FORK4}}\n`,
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 3, column: 1, endLine: 3, endColumn: 37,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: `${CLUSTER}${CRON}if (cluster.isPrimary) {\n  cron.schedule('0 * * * *', () => {});\n}\nif (cluster.isPrimary) {\n  ${FORK4}}\n` }],
      },
    ],
  },
  {
    // Code after the if/else that forks still runs in every process.
    filename: cjs,
    code: `${CLUSTER}if (cluster.isPrimary) {\n  ${FORK4}} else {\n  require('node:http').createServer().listen(80);\n}\nsetInterval(() => {}, 60000);\n`,
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 7, column: 1, endLine: 7, endColumn: 29,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: `${CLUSTER}if (cluster.isPrimary) {\n  ${FORK4}} else {\n  require('node:http').createServer().listen(80);\n}\nif (cluster.isPrimary) {\n  setInterval(() => {}, 60000);\n}\n` }],
      },
    ],
  },
  {
    // require.main === module is true in every cluster worker too.
    filename: cjs,
    code: `${CLUSTER}if (require.main === module) setInterval(() => {}, 1000);\nif (cluster.isPrimary) cluster.fork();\n`,
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 2, column: 30, endLine: 2, endColumn: 57,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: `${CLUSTER}if (cluster.isPrimary) {\n  if (require.main === module) setInterval(() => {}, 1000);\n}\nif (cluster.isPrimary) cluster.fork();\n` }],
      },
    ],
  },
  {
    // Forks in a forEach callback count; a declaration cannot be wrapped, so no suggestion.
    filename: cjs,
    code: `${CLUSTER}const os = require('node:os');\nconst timer = setInterval(() => {}, 1000);\nif (cluster.isPrimary) os.cpus().forEach(() => cluster.fork());\n`,
    errors: [{ messageId: 'runsInEveryProcess', line: 3, column: 15, endLine: 3, endColumn: 42, suggestions: [] }],
  },
  {
    // ESM: cluster imported by default; node-schedule.
    filename: esm,
    code: "import cluster from 'node:cluster';\nimport schedule from 'node-schedule';\nschedule.scheduleJob('0 3 * * *', () => {});\nif (cluster.isPrimary) cluster.fork();\n",
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 3, column: 1, endLine: 3, endColumn: 44,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: "import cluster from 'node:cluster';\nimport schedule from 'node-schedule';\nif (cluster.isPrimary) {\n  schedule.scheduleJob('0 3 * * *', () => {});\n}\nif (cluster.isPrimary) cluster.fork();\n" }],
      },
    ],
  },
  {
    // A once-only job in the worker branch runs once per worker.
    filename: cjs,
    code: `${CLUSTER}${CRON}if (cluster.isWorker) {\n  cron.schedule('0 * * * *', () => {});\n} else {\n  ${FORK4}}\n`,
    errors: [{ messageId: 'runsInEveryWorker', line: 4, column: 3, endLine: 4, endColumn: 39, suggestions: [] }],
  },
  {
    // …unless the project says its intervals must run once.
    filename: cjs,
    options: [{ once: ['setInterval'] }],
    code: `${CLUSTER}if (cluster.isPrimary) { ${FORK4}} else {\n  setInterval(() => pollQueue(), 1000);\n}\n`,
    errors: [{ messageId: 'runsInEveryWorker', line: 4, column: 3, endLine: 4, endColumn: 39, suggestions: [] }],
  },
  {
    // A connection opened in the primary, which only forks.
    filename: cjs,
    code: `${CLUSTER}const mongoose = require('mongoose');\nmongoose.connect('mongodb://db/app');\nif (cluster.isPrimary) { ${FORK4}}\n`,
    errors: [
      {
        messageId: 'runsInPrimary', line: 3, column: 1, endLine: 3, endColumn: 37,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isWorker' }, output: `${CLUSTER}const mongoose = require('mongoose');\nif (cluster.isWorker) {\n  mongoose.connect('mongodb://db/app');\n}\nif (cluster.isPrimary) { ${FORK4}}\n` }],
      },
    ],
  },
  {
    // new Worker(__filename) without a guard: every thread starts another one.
    filename: cjs,
    code: "const { Worker, isMainThread } = require('node:worker_threads');\nnew Worker(__filename);\n",
    errors: [
      {
        messageId: 'spawnsItselfRecursively', line: 2, column: 1, endLine: 2, endColumn: 23,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'isMainThread' }, output: "const { Worker, isMainThread } = require('node:worker_threads');\nif (isMainThread) {\n  new Worker(__filename);\n}\n" }],
      },
    ],
  },
  {
    // ESM self-spawn through fileURLToPath(import.meta.url); the spawn after it runs in every thread.
    filename: esm,
    code: "import { Worker, isMainThread } from 'node:worker_threads';\nimport { fileURLToPath } from 'node:url';\nif (isMainThread) new Worker(fileURLToPath(import.meta.url));\nsetInterval(() => {}, 1000);\n",
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 4, column: 1, endLine: 4, endColumn: 28,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'isMainThread' }, output: "import { Worker, isMainThread } from 'node:worker_threads';\nimport { fileURLToPath } from 'node:url';\nif (isMainThread) new Worker(fileURLToPath(import.meta.url));\nif (isMainThread) {\n  setInterval(() => {}, 1000);\n}\n" }],
      },
    ],
  },
  {
    // fork(__filename) without a guard: a fork bomb. The argv role comes from the fork's arguments.
    filename: cjs,
    code: "const { fork } = require('node:child_process');\nfork(__filename, ['child']);\n",
    errors: [
      {
        messageId: 'spawnsItselfRecursively', line: 2, column: 1, endLine: 2, endColumn: 28,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: "process.argv[2] !== 'child'" }, output: "const { fork } = require('node:child_process');\nif (process.argv[2] !== 'child') {\n  fork(__filename, ['child']);\n}\n" }],
      },
    ],
  },
  {
    // process.argv[1] is this file in the child too.
    filename: cjs,
    code: "const cp = require('child_process');\nconst child = cp.fork(process.argv[1]);\n",
    errors: [{ messageId: 'spawnsItselfRecursively', line: 2, column: 15, endLine: 2, endColumn: 39, suggestions: [] }],
  },
  {
    // cluster.fork() outside the primary branch: in workers cluster.fork is not a function.
    filename: cjs,
    code: `${CLUSTER}cluster.fork();\n`,
    errors: [
      {
        messageId: 'forkInEveryWorker', line: 2, column: 1, endLine: 2, endColumn: 15,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: `${CLUSTER}if (cluster.isPrimary) {\n  cluster.fork();\n}\n` }],
      },
    ],
  },
  {
    // throng forks this file: module scope runs in the master and every worker.
    filename: cjs,
    code: "const throng = require('throng');\nconst { CronJob } = require('cron');\nnew CronJob('0 * * * *', () => {}, null, true);\nthrong({ worker: () => {}, count: 4 });\n",
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 3, column: 1, endLine: 3, endColumn: 47,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: "require('node:cluster').isPrimary" }, output: "const throng = require('throng');\nconst { CronJob } = require('cron');\nif (require('node:cluster').isPrimary) {\n  new CronJob('0 * * * *', () => {}, null, true);\n}\nthrong({ worker: () => {}, count: 4 });\n" }],
      },
    ],
  },
  {
    // Cross-file: imported modules' module-level spawns run in every process; reported at the import.
    filename: clusterMain,
    code: `${CLUSTER}require('./jobs');\nrequire('./db');\nif (cluster.isPrimary) {\n  ${FORK4}} else {\n  require('./worker-only');\n}\n`,
    errors: [
      { messageId: 'runsInEveryProcess', line: 2, column: 1, endLine: 2, endColumn: 18 },
      { messageId: 'runsInPrimary', line: 3, column: 1, endLine: 3, endColumn: 16 },
      { messageId: 'runsInEveryWorker', line: 7, column: 3, endLine: 7, endColumn: 27 },
    ],
  },
  {
    // Cross-file through two hops, ESM (hoisted imports run in every process before or after the fork).
    filename: esmMain,
    code: "import cluster from 'node:cluster';\nif (cluster.isPrimary) cluster.fork(), cluster.fork();\nimport './ticker.js';\nimport './pubsub.js';\n",
    errors: [
      { messageId: 'runsInEveryProcess', line: 3, column: 1, endLine: 3, endColumn: 22 },
      { messageId: 'runsInPrimary', line: 4, column: 1, endLine: 4, endColumn: 22 },
    ],
  },
  {
    // An import cycle that comes back to the entry: walked once, reported once.
    filename: clusterMain,
    code: `${CLUSTER}require('./cycle-a');\nif (cluster.isPrimary) { ${FORK4}}\n`,
    errors: [{ messageId: 'runsInEveryProcess', line: 2, column: 1, endLine: 2, endColumn: 21 }],
  },
  {
    // PM2 cluster mode from ecosystem.config.js.
    filename: pm2Server,
    code: "setInterval(() => {}, 1000);\n",
    errors: [
      {
        messageId: 'runsInEveryPm2Instance', line: 1, column: 1, endLine: 1, endColumn: 28,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: "(process.env.NODE_APP_INSTANCE ?? '0') === '0'" }, output: "if ((process.env.NODE_APP_INSTANCE ?? '0') === '0') {\n  setInterval(() => {}, 1000);\n}\n" }],
      },
    ],
  },
  {
    // PM2: a module imported by the script.
    filename: pm2Server,
    code: "require('./jobs');\n",
    errors: [{ messageId: 'runsInEveryPm2Instance', line: 1, column: 1, endLine: 1, endColumn: 18 }],
  },
  {
    // PM2: the instance_var of the config names the guard.
    filename: pm2Custom,
    code: "setInterval(() => {}, 1000);\n",
    errors: [
      {
        messageId: 'runsInEveryPm2Instance', line: 1, column: 1, endLine: 1, endColumn: 28,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: "(process.env.INSTANCE_ID ?? '0') === '0'" }, output: "if ((process.env.INSTANCE_ID ?? '0') === '0') {\n  setInterval(() => {}, 1000);\n}\n" }],
      },
    ],
  },
  {
    // pm2.json with instances: 2 (fork mode).
    filename: pm2Json,
    code: "const cron = require('node-cron');\ncron.schedule('0 * * * *', () => {});\n",
    errors: [
      {
        messageId: 'runsInEveryPm2Instance', line: 2, column: 1, endLine: 2, endColumn: 37,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: "(process.env.NODE_APP_INSTANCE ?? '0') === '0'" }, output: "const cron = require('node-cron');\nif ((process.env.NODE_APP_INSTANCE ?? '0') === '0') {\n  cron.schedule('0 * * * *', () => {});\n}\n" }],
      },
    ],
  },
  {
    // Option: a spawn id declared once-only.
    filename: cjs,
    options: [{ once: ['mongoose.connect'] }],
    code: `${CLUSTER}require('mongoose').connect('mongodb://db/app');\nif (cluster.isPrimary) cluster.fork();\n`,
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 2, column: 1, endLine: 2, endColumn: 48,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: `${CLUSTER}if (cluster.isPrimary) {\n  require('mongoose').connect('mongodb://db/app');\n}\nif (cluster.isPrimary) cluster.fork();\n` }],
      },
    ],
  },
  {
    // TypeScript ESM entry.
    filename: tsEsm,
    code: "import cluster from 'node:cluster';\nimport { Cron } from 'croner';\nnew Cron('0 * * * *', (): void => {});\nif (cluster.isPrimary) cluster.fork();\n",
    errors: [
      {
        messageId: 'runsInEveryProcess', line: 3, column: 1, endLine: 3, endColumn: 38,
        suggestions: [{ messageId: 'wrapInGuard', data: { guard: 'cluster.isPrimary' }, output: "import cluster from 'node:cluster';\nimport { Cron } from 'croner';\nif (cluster.isPrimary) {\n  new Cron('0 * * * *', (): void => {});\n}\nif (cluster.isPrimary) cluster.fork();\n" }],
      },
    ],
  },
];

ruleTester.run('no-spawn-before-fork', rule, { valid, invalid });

describe('no-spawn-before-fork: suggestion outputs', () => {
  const linter = new Linter({ cwd: process.cwd() });
  const config = (options: unknown[]): Linter.Config[] => [
    {
      files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
      languageOptions: { parser: tseslint.parser as Linter.Parser },
      plugins: { p: { rules: { r: rule as never } } },
      rules: { 'p/r': ['error', ...options] },
    },
  ];
  const withSuggestions = invalid.flatMap((c) =>
    c.errors.flatMap((e) => (e.suggestions ?? []).map((s) => ({ c, e, s }))),
  );
  it('has suggestion cases to check', () => {
    expect(withSuggestions.length).toBeGreaterThanOrEqual(12);
  });
  for (const [i, { c, e, s }] of withSuggestions.entries()) {
    it(`#${i} (${e.messageId}) parses and is not reported again`, () => {
      const out = linter.verify(s.output, config((c.options as unknown[] | undefined) ?? []), c.filename!);
      expect(out.filter((m) => m.fatal)).toEqual([]);
      expect(out.filter((m) => m.messageId === e.messageId)).toEqual([]);
    });
  }
  it('correct code produces no messages of any kind (twins)', () => {
    for (const v of valid) {
      const out = linter.verify(v.code, config((v.options as unknown[] | undefined) ?? []), v.filename!);
      expect(out, v.code).toEqual([]);
    }
  });
  it('valid cases at least match invalid ones (precision first)', () => {
    expect(valid.length).toBeGreaterThanOrEqual(invalid.length);
  });
});
