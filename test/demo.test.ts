import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// `npm run demo` lints fixtures/examples with the config a user writes (fixtures/examples/eslint.config.js,
// which imports the built plugin). This pins what it shows: every rule, JS/TS and Python, cross-file chains.
it('the demo examples report exactly the intended findings, and their corrected twins nothing', async () => {
  const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/examples');
  const eslint = new ESLint({ cwd: examples, overrideConfigFile: path.join(examples, 'eslint.config.js') });
  const results = await eslint.lintFiles(['.']);
  const found = results
    .flatMap((r) => r.messages.map((m) => `${path.relative(examples, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'}`))
    .sort();
  expect(found).toEqual([
    'js-cancellation/bad/src/feed.js:7:6 patch-order/no-swallowed-cancellation',
    'js-cancellation/bad/src/retry.js:14:7 patch-order/no-swallowed-cancellation',
    'js-instrument/src/main.ts:2:1 patch-order/no-import-before-patch',
    'js-spawn-fork/bad/src/server.js:3:1 patch-order/no-spawn-before-fork',
    'py-asyncio/poller.py:13:16 patch-order/no-swallowed-cancellation',
    'py-asyncio/poller.py:22:12 patch-order/no-swallowed-cancellation',
    'py-gevent/main.py:2:6 patch-order/no-import-before-patch',
    'py-gunicorn/app.py:17:1 patch-order/no-spawn-before-fork',
  ]);
});
