/**
 * Real-world shapes the rule once got wrong (issue 12), each as a fixture pair linted through the ESLint class:
 * the bug (`shape-*-bad`) and its corrected twin, written so that a rule reading the text naively would flag it.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../../helpers/rule-tester.js';
import { lintProject } from '../../helpers/lint-project.js';

const rule = { 'patch-order/no-import-before-patch': 'error' as const };
const lint = async (name: string) => (await lintProject(fixture('projects', name), rule)).problems;
const brief = (p: { file: string; messageId?: string; line: number; column: number }) => `${p.file}:${p.line}:${p.column} ${p.messageId}`;

describe('no-import-before-patch: shapes of real applications', () => {
  it('@nestjs/common loads reflect-metadata itself: without Nest, tsyringe before the polyfill is reported', async () => {
    const problems = await lint('shape-nest-reflect-bad');
    expect(problems.map(brief)).toEqual(['src/main.ts:1:1 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'tsyringe' is loaded before reflect-metadata polyfill takes effect at line 2.");
  });

  it('@nestjs/common loads reflect-metadata itself: Nest first, then an explicit import, is clean', async () => {
    expect(await lint('shape-nest-reflect')).toEqual([]);
  });

  it("a project's own env loader (Object.assign(process.env, dotenv.parse(…))) after a module that reads the env", async () => {
    const problems = await lint('shape-env-parse-bad');
    expect(problems.map(brief)).toEqual(['src/main.js:1:20 envReadBeforeLoad']);
    expect(problems[0]!.message).toContain('process.env is read (PORT, DATABASE_URL) at src/config.js:1 while this line runs, before dotenv fills it at src/load-env.js:5 (reached from line 2).');
  });

  it('the own loader first (a loop over dotenv.parse(), with its own reads of process.env) is clean', async () => {
    expect(await lint('shape-env-parse')).toEqual([]);
  });

  it("an own loader that merges parsed files into `process.env = {…}`: a read before it is reported", async () => {
    const problems = await lint('shape-env-own-merge-bad');
    expect(problems.map(brief)).toEqual(['src/job.js:1:12 envReadBeforeLoad']);
    expect(problems[0]!.message).toContain('process.env.DATABASE_URL is read at src/db.js:1 while this line runs, before dotenv fills it at src/environment.js:18 (reached from line 2).');
  });

  it("the merge loader's own NODE_ENV reads (choosing the files) are not reads before the load: clean", async () => {
    expect(await lint('shape-env-own-merge')).toEqual([]);
  });

  it('a read before the guarded loader is reported; the reads in its guard and arguments are not', async () => {
    const problems = await lint('shape-env-guard-bad');
    expect(problems.map(brief)).toEqual(['src/main.js:3:21 envReadBeforeLoad']);
    expect(problems[0]!.message).toContain('process.env.PORT is read before dotenv fills it at line 5.');
  });

  it('reads of process.env in the guard and the path of `dotenv.config()` configure the loader: clean', async () => {
    expect(await lint('shape-env-guard')).toEqual([]);
  });

  it('TypeScript drops `import apm from "elastic-apm-node/start"` when apm is only a type: the agent never starts', async () => {
    const problems = await lint('shape-elided-import-bad');
    expect(problems.map(brief)).toEqual(['src/main.ts:1:1 activationElided']);
    expect(problems[0]!.message).toContain(
      "TypeScript drops this import of 'elastic-apm-node/start', because 'apm' is never used as a value, so Elastic APM Node.js agent never starts.",
    );
  });

  it('a side-effect import (kept by every compiler) is clean', async () => {
    expect(await lint('shape-elided-import')).toEqual([]);
  });

  it('with verbatimModuleSyntax the same import is kept, and starts the agent: clean', async () => {
    expect(await lint('shape-elided-import-verbatim')).toEqual([]);
  });

  it('sdk.start() inside an async bootstrap() called at module time, after the framework was imported', async () => {
    const problems = await lint('shape-async-bootstrap-bad');
    expect(problems.map(brief)).toEqual(['src/main.ts:1:1 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'@nestjs/core' is loaded before OpenTelemetry NodeSDK takes effect at line 8.");
  });

  it('the framework imported with await import() after the start, inside bootstrap(), is clean', async () => {
    expect(await lint('shape-async-bootstrap')).toEqual([]);
  });

  it('native ESM: a static import of the application next to the in-process start is reported at the import', async () => {
    const problems = await lint('shape-esm-init-bad');
    expect(problems.map(brief)).toEqual(['src/main.js:2:1 esmImportBeforeStart']);
    expect(problems[0]!.message).toContain(
      "'fastify' is imported statically by src/app.js:1, so it is loaded before Sentry (@sentry/node) starts in-process at src/instrument.js:3 (reached from line 1).",
    );
    expect(problems[0]!.message).toContain('`node --import <init file> <app>`');
  });

  it('native ESM: the deferred entry point (static import of the init, then await import() of the app) is clean', async () => {
    expect(await lint('shape-esm-init')).toEqual([]);
  });

  it('jest.unstable_mockModule after a static import of the mocked package', async () => {
    const problems = await lint('shape-jest-mock-module-bad');
    expect(problems.map(brief)).toEqual(['src/weather.test.js:2:1 mockAfterImport']);
  });

  it('jest.unstable_mockModule, then await import() of the mocked package and the code under test, is clean', async () => {
    expect(await lint('shape-jest-mock-module')).toEqual([]);
  });

  it('the code under test copied readFileSync out of fs before vi.spyOn replaced it', async () => {
    const problems = await lint('shape-spy-copy-bad');
    expect(problems.map(brief)).toEqual(['src/settings.test.js:3:1 capturedBeforePatch']);
    expect(problems[0]!.message).toContain("'readFileSync' is copied out of 'node:fs' at src/settings.js:1 while this line runs, before Jest / Vitest spies on module exports patches it at line 6.");
  });

  it('reading fs.readFileSync at call time (and copying a function that is not spied on) is clean', async () => {
    expect(await lint('shape-spy-copy')).toEqual([]);
  });

  it("require('newrelic') written as the start, after express, is reported", async () => {
    const problems = await lint('shape-newrelic-api-bad');
    expect(problems.map(brief)).toEqual(['src/main.js:1:17 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'express' is loaded before New Relic Node.js agent takes effect at line 2.");
  });

  it("`const newrelic = require('newrelic')` kept for the agent's API in a service is not where the agent starts", async () => {
    expect(await lint('shape-newrelic-api')).toEqual([]);
  });

  it('module-alias registered after a require that uses an alias from package.json _moduleAliases', async () => {
    const problems = await lint('shape-module-alias-bad');
    expect(problems.map(brief)).toEqual(['src/main.js:2:19 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'@lib/users' is loaded before module-alias takes effect at line 3.");
  });

  it('a package before the registration is not an alias; the aliased require after it is clean', async () => {
    expect(await lint('shape-module-alias')).toEqual([]);
  });
});
