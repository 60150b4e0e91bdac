/**
 * A program is walked in its order and only until nothing ahead can activate a patch (GraphWalker.program): the
 * modules loaded after that are not parsed. Counted through the ESLint class (files parsed), never timed; each
 * project with the twin where a later activation still needs the rest of the program.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fixture } from '../../helpers/rule-tester.js';
import { lintProject } from '../../helpers/lint-project.js';
import { clearProjects } from '../../../src/lang/project.js';
import { resetStats, stats } from '../../../src/util/stats.js';

const rule = { 'patch-order/no-import-before-patch': 'error' as const };
const project = (name: string) => fixture('projects', name);
const brief = (p: { file: string; messageId?: string; line: number; column: number }) => `${p.file}:${p.line}:${p.column} ${p.messageId}`;

beforeEach(() => {
  clearProjects();
  resetStats();
});

describe('program walks stop after the last possible activation', () => {
  it('Sentry started with tracing first: app.ts, its routes and breadcrumbs.ts (which names @sentry/node, not init) are not parsed', async () => {
    const { problems } = await lintProject(project('program-stop-sentry'), rule, ['src/index.ts']);
    expect(problems).toEqual([]);
    expect(stats.filesParsed).toBe(1); // src/instrument.ts
  });

  it('errors-only Sentry first, tracing turned on after the app loaded: the walk goes on, and the app is reported', async () => {
    const { problems } = await lintProject(project('program-stop-sentry-bad'), rule, ['src/index.ts']);
    expect(problems.map(brief)).toEqual(['src/index.ts:2:1 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'express' is loaded by src/app.ts:1 before Sentry (@sentry/node) takes effect at src/tracing.ts:4 (reached from line 3). This line also loads 'pg' first.");
    expect(stats.filesParsed).toBe(5); // instrument, app, breadcrumbs, routes/users, tracing
  });

  it('dd-trace started for its whole list, then `use()` of a plugin outside it: an enable call may name any plugin, so the walk goes on to it and the load before it is reported', async () => {
    const { problems } = await lintProject(project('program-stop-dd-use'), rule, ['main.js']);
    expect(problems.map(brief)).toEqual(['main.js:3:13 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'my-orm' is loaded before Datadog APM (dd-trace) takes effect at plugins.js:3 (reached from line 4).");
    // The plugin turned on before the entry loads it: clean.
    expect((await lintProject(project('program-stop-dd-use-fixed'), rule, ['main.js'])).problems).toEqual([]);
  });

  it('a spy set inside a test: judged from the test file\'s own imports; no module of the app copies the spied function, none is parsed', async () => {
    const { problems } = await lintProject(project('program-stop-spy'), rule, ['src/models.test.js']);
    expect(problems).toEqual([]);
    expect(stats.filesParsed).toBe(0);
  });

  it('a spy on a package (node:fs) that no module of the app names with a require or loads as a native ES module: none is parsed', async () => {
    const { problems } = await lintProject(project('program-stop-spy'), rule, ['src/files.test.js']);
    expect(problems).toEqual([]);
    expect(stats.filesParsed).toBe(0);
  });

  it('a module that copies the spied function with a destructured require: read, and reported at the import that loads it', async () => {
    const { problems } = await lintProject(project('program-stop-spy-bad'), rule, ['src/models.test.js']);
    expect(problems.map(brief)).toEqual(['src/models.test.js:3:1 capturedBeforePatch']);
    expect(problems[0]!.message).toContain("'store' is copied out of './storage.js' at src/models.js:2 while this line runs");
  });
});
