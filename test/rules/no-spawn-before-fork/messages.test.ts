/**
 * The text of every `no-spawn-before-fork` message, as a user reads it: the fixture projects and a set of
 * inline cases (one per message the fixtures do not show) are linted through the `ESLint` class, and the
 * reports are snapshotted to __snapshots__/messages.txt (update with `vitest -u`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rule from '../../../rules/no-spawn-before-fork.js';
import { docOutputs, dumpMessages, FIXTURES, firstSentence, withPrintedOutputs, writeCases, type MessageDump } from '../../helpers/message-snapshot.js';

const RULE = 'no-spawn-before-fork';
const DOC = path.join(FIXTURES, '..', 'docs', 'rules', `${RULE}.md`);

/** Inline cases, one project each (a directory under a temp dir). */
const CASES: Record<string, Record<string, string>> = {
  'js-cluster-module-scope': {
    'server.js': `const cluster = require('node:cluster');
const os = require('node:os');
const cron = require('node-cron');

cron.schedule('0 * * * *', () => sendHourlyReport());

if (cluster.isPrimary) {
  for (const _ of os.cpus()) cluster.fork();
} else {
  require('./server');
}
`,
  },
  'js-cluster-worker-branch': {
    'server.js': `const cluster = require('node:cluster');
const cron = require('node-cron');

if (cluster.isPrimary) {
  cluster.fork();
  cluster.fork();
} else {
  cron.schedule('0 * * * *', () => sendHourlyReport());
}
`,
  },
  'js-cluster-primary-connects': {
    'server.js': `const cluster = require('node:cluster');
const mongoose = require('mongoose');

mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) {
  cluster.fork();
  cluster.fork();
}
`,
  },
  'js-cluster-fork-everywhere': {
    'server.js': `const cluster = require('node:cluster');

cluster.fork();
`,
  },
  'js-worker-self': {
    'pool.js': `const { Worker } = require('node:worker_threads');

new Worker(__filename);
`,
  },
  'js-fork-self': {
    'main.js': `const { fork } = require('node:child_process');

fork(__filename, ['child']);
`,
  },
  'js-pm2': {
    'ecosystem.config.js': `module.exports = {
  apps: [{ name: 'api', script: './server.js', exec_mode: 'cluster', instances: 'max' }],
};
`,
    'server.js': `const schedule = require('node-schedule');

schedule.scheduleJob('0 3 * * *', () => purgeOldUploads());
`,
  },
  'js-across-files': {
    'src/jobs.js': `const cron = require('node-cron');

cron.schedule('*/5 * * * *', () => syncInventory());
`,
    'src/main.js': `const cluster = require('node:cluster');
require('./jobs');

if (cluster.isPrimary) {
  cluster.fork();
  cluster.fork();
}
`,
  },
  'py-os-fork': {
    'forker.py': `import os
import threading

threading.Thread(target=poll_queue, daemon=True).start()
pid = os.fork()
`,
  },
  'py-pool-fork': {
    'batch.py': `import threading
from multiprocessing import Pool

if __name__ == "__main__":
    threading.Thread(target=listen, daemon=True).start()
    with Pool(4) as pool:
        pool.map(work, range(100))
`,
  },
  'py-spawn-helper-thread': {
    'service.py': `import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

threading.Thread(target=watch_config, daemon=True).start()
executor = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
`,
  },
  'py-gevent-fork': {
    'spawner.py': `import os
import gevent

gevent.spawn(heartbeat)
os.fork()
`,
  },
};

let dump: MessageDump;
let cleanup = () => {};

beforeAll(async () => {
  const fixtures = readdirSync(FIXTURES)
    .filter((d) => /^(?:py-|js-spawn-|examples$)/u.test(d))
    .sort()
    .map((d) => ({ label: d, dir: path.join(FIXTURES, d) }));
  const inline = writeCases(CASES);
  cleanup = inline.cleanup;
  dump = await dumpMessages(RULE, [...fixtures, ...inline.projects]);
});

afterAll(() => cleanup());

describe(`${RULE} messages`, () => {
  it('match the snapshot', async () => {
    await expect(dump.lines.join('\n') + '\n').toMatchFileSnapshot('__snapshots__/messages.txt');
  });

  it('show every message id of the rule at least once (internalError: no-spawn-before-fork.internal-error.test.ts)', () => {
    const shown = new Set(dump.reports.flatMap((r) => [r.messageId, ...r.suggestions.map((s) => s.messageId)]));
    const missing = Object.keys(rule.meta.messages).filter((id) => id !== 'internalError' && !shown.has(id));
    expect(missing).toEqual([]);
  });

  it('start with a short first sentence (≤ 160 characters) that says what is wrong', () => {
    const long = dump.reports.flatMap((r) => [r.message, ...r.suggestions.map((s) => s.desc)]).filter((m) => firstSentence(m).length > 160);
    expect(long).toEqual([]);
  });

  it('leave no placeholder unfilled', () => {
    const unfilled = dump.reports.flatMap((r) => [r.message, ...r.suggestions.map((s) => s.desc)]).filter((m) => /\{\{|\}\}|\s{2}|\s[.,:]/u.test(m));
    expect(unfilled).toEqual([]);
  });

  it('the rule page shows exactly what the plugin prints (UPDATE_DOCS=1 rewrites its output blocks)', () => {
    const text = readFileSync(DOC, 'utf8');
    const outputs = docOutputs(RULE, text);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, withPrintedOutputs(text, outputs));
    expect(outputs.length).toBeGreaterThanOrEqual(4);
    for (const o of outputs) {
      expect(o.printed, `the example above docs/rules/${RULE}.md:${o.line} reports nothing`).not.toBe('');
      expect(o.shown, `docs/rules/${RULE}.md:${o.line}`).toBe(o.printed);
    }
  });
});
