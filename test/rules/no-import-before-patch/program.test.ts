/**
 * The program, not the file: a file is judged as the start of a program only when a start command runs it or no
 * project file loads it; a file that something loads is judged in the order of the program that loads it. Start
 * commands and their preloads come from package.json, Dockerfiles, Procfiles, PM2 files and dotenv-cli.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../../helpers/rule-tester.js';
import { lintProject, type Problem } from '../../helpers/lint-project.js';

const rule = { 'patch-order/no-import-before-patch': 'error' } as const;
const project = (name: string) => fixture('projects', name);
const brief = (p: Problem) => `${p.file}:${p.line}:${p.column} ${p.messageId}`;

describe('no-import-before-patch judges programs from their entries', () => {
  it('a module loaded after the entry started the agent is clean, though read alone it loads koa before Sentry', async () => {
    expect((await lintProject(project('entry-later'), rule)).problems).toEqual([]);
  });

  it('the entry that loads that module before the agent is reported, once, at its own require, naming the chain', async () => {
    const { problems } = await lintProject(project('entry-later-bad'), rule);
    expect(problems.map(brief)).toEqual(['src/index.js:2:15 loadedBeforePatch']);
    expect(problems[0]!.message).toMatch(/^'(koa|http)' is loaded by src\/server\.js:3 before Sentry \(@sentry\/node\) takes effect at src\/logger\.js:4/);
  });

  it('Dockerfile CMD with --require dd-trace/init (build/main.js mapped to src/main.ts through tsconfig outDir/rootDir): clean', async () => {
    expect((await lintProject(project('entry-dockerfile'), rule)).problems).toEqual([]);
  });

  it('the same without the preload: the in-file init after express is reported', async () => {
    expect((await lintProject(project('entry-dockerfile-bad'), rule, ['.'], { emitter: 'tsc' })).problems.map(brief)).toEqual([
      'src/main.ts:1:1 loadedBeforePatch',
    ]);
  });

  it('Procfile web: NODE_OPTIONS="--require newrelic": clean; without it: reported', async () => {
    expect((await lintProject(project('entry-procfile'), rule)).problems).toEqual([]);
    expect((await lintProject(project('entry-procfile-bad'), rule)).problems.map(brief)).toEqual(['server.js:2:17 loadedBeforePatch']);
  });

  it('PM2 node_args: -r elastic-apm-node/start: clean; without it: reported', async () => {
    expect((await lintProject(project('entry-pm2'), rule)).problems).toEqual([]);
    expect((await lintProject(project('entry-pm2-bad'), rule)).problems.map(brief)).toEqual(['app.js:2:17 loadedBeforePatch']);
  });

  it('dotenv-cli in the start script loads the env before the program: clean; plain node: reported', async () => {
    expect((await lintProject(project('entry-dotenv-cli'), rule)).problems).toEqual([]);
    expect((await lintProject(project('entry-dotenv-cli-bad'), rule)).problems.map(brief)).toEqual(['index.js:2:16 envReadBeforeLoad']);
  });

  it('files that only load each other (a cycle nothing else loads) are each a possible start', async () => {
    expect((await lintProject(project('cycles'), rule)).problems.map(brief)).toEqual(['a.js:1:11 loadedBeforePatch']);
  });

  it('a module loaded by a computed path looks like a start; settings.entries says which files start programs', async () => {
    expect((await lintProject(project('entry-setting'), rule)).problems.map(brief)).toEqual(['src/routes/users.js:2:16 loadedBeforePatch']);
    expect((await lintProject(project('entry-setting'), rule, ['.'], { entries: ['src/index.js'] })).problems).toEqual([]);
    expect((await lintProject(project('entry-setting'), rule, ['.'], { entries: ['src/**/*.js'] })).problems.map(brief)).toEqual([
      'src/routes/users.js:2:16 loadedBeforePatch',
    ]);
  });

  it('a file in an import cycle with the declared entry is not a start of its own (it runs after the entry began)', async () => {
    expect((await lintProject(project('entry-cycle'), rule)).problems).toEqual([]);
    // Without a declared entry the cycle's members are each a possible start (the 'cycles' case above).
  });

  it('an env read before the loader matters only for variables the env files set', async () => {
    expect((await lintProject(project('env-file-set'), rule)).problems.map(brief)).toEqual(['index.js:2:16 envReadBeforeLoad']);
    expect((await lintProject(project('env-file-unset'), rule)).problems).toEqual([]);
  });

  it('vitest.config.ts read without running it: a project\'s setupFiles run before the test files its include matches', async () => {
    expect((await lintProject(project('test-runner-vitest'), rule)).problems).toEqual([]);
    // The same setup scoped to the other project's tests: the server test reads the env before its own load.
    expect((await lintProject(project('test-runner-vitest-bad'), rule)).problems.map(brief)).toEqual(['server/config.test.js:2:16 envReadBeforeLoad']);
  });

  it('an agent the setup file mocks for every test (vi.mock) patches nothing there: the test loading express first is clean', async () => {
    expect((await lintProject(project('test-runner-mocked-agent'), rule)).problems).toEqual([]);
    // The setup mocks another module: the real dd-trace starts after express in the test.
    expect((await lintProject(project('test-runner-mocked-agent-bad'), rule)).problems.map(brief)).toEqual(['test/app.test.js:2:13 loadedBeforePatch']);
  });

  it("a test runner's setup file (.mocharc.json file) runs before test files only", async () => {
    expect((await lintProject(project('test-runner-setup'), rule)).problems.map(brief)).toEqual(['src/index.js:2:16 envReadBeforeLoad']);
    expect((await lintProject(project('test-runner-nosetup'), rule)).problems.map(brief)).toEqual([
      'src/index.js:2:16 envReadBeforeLoad',
      'test/config.test.js:2:16 envReadBeforeLoad',
    ]);
  });
});
