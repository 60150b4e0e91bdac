/** The demo project (fixtures/examples/js-spawn-fork): the bad twin reports across files, the fixed twin is clean. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/no-spawn-before-fork.js';
import { fixture } from '../../helpers/rule-tester.js';


async function lint(dir: string): Promise<{ file: string; line: number; column: number; messageId?: string; message: string }[]> {
  const cwd = fixture('examples/js-spawn-fork', dir);
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.js'], plugins: { 'patch-order': { rules: { 'no-spawn-before-fork': rule as never } } }, rules: { 'patch-order/no-spawn-before-fork': 'error' } }],
  });
  const results = await eslint.lintFiles(['src']);
  return results.flatMap((r) => r.messages.map((m) => ({ file: r.filePath.slice(cwd.length + 1), line: m.line, column: m.column, messageId: m.messageId, message: m.message })));
}

describe('fixtures/examples/js-spawn-fork', () => {
  it('bad: the cron job two imports away is reported at the entry import, with the chain', async () => {
    const found = await lint('bad');
    expect(found.map((f) => [f.file, f.line, f.column, f.messageId])).toEqual([['src/server.js', 3, 1, 'runsInEveryProcess']]);
    expect(found[0]!.message).toBe(
      'cron.schedule() at src/jobs/nightly-digest.js:5 (and 1 more), loaded here, runs in the primary and again in every worker process: cluster.fork() (line 6) re-runs this file in each worker process. This file loads it (through src/server.js:3 → src/app.js:3). Start it in the primary only: `if (cluster.isPrimary) { … }` around it instead of at module scope of src/jobs/nightly-digest.js, or load that file only there.',
    );
  });
  it('fixed: scheduled in the primary, the app (and its Redis subscriber) loaded by workers only', async () => {
    expect(await lint('fixed')).toEqual([]);
  });
});
