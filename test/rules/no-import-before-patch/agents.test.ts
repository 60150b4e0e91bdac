/**
 * What each agent really patches, and copies that are really copies: fixture projects linted through the ESLint
 * class, each positive with its corrected twin.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../../helpers/rule-tester.js';
import { lintProject } from '../../helpers/lint-project.js';

const rule = { 'patch-order/no-import-before-patch': 'error' as const };
const project = (name: string) => fixture('projects', name);
const brief = (p: { file: string; messageId?: string; line: number; column: number }) => `${p.file}:${p.line}:${p.column} ${p.messageId}`;

describe('copies that are copies', () => {
  it('TypeScript compiled to CommonJS: named imports are read through the module object, never copied', async () => {
    // `import { request } from 'http'` and `{ Op }` from sequelize, above Sentry.init: tsc emits `http_1.request`,
    // `sequelize_1.Op` at each use (test/lang/js/copies.test.ts), and loading http first is harmless.
    expect((await lintProject(project('copy-ts-cjs-named-import'), rule)).problems).toEqual([]);
  });

  it('CommonJS: `request` destructured from http before dd-trace starts is reported, here and through a local module', async () => {
    const { problems } = await lintProject(project('copy-require-destructure'), rule);
    expect(problems.map(brief)).toEqual(['src/main.js:2:7 capturedBeforePatch', 'src/main.js:3:25 capturedBeforePatch']);
    expect(problems[0]!.message).toContain("'request' is copied out of 'http' before Datadog APM (dd-trace) patches it at line 4.");
    // Through the local module: only the replaced export (`get`), not the constant table (`STATUS_CODES`).
    expect(problems[1]!.message).toContain("'get' is copied out of 'https' at src/client.js:2 while this line runs");
    expect(problems[1]!.message).not.toContain('STATUS_CODES');
  });

  it('CommonJS: the same copies made after dd-trace starts are clean', async () => {
    expect((await lintProject(project('copy-require-destructure-fixed'), rule)).problems).toEqual([]);
  });
});

describe('what each agent patches, in its configuration', () => {
  it('Sentry without tracesSampleRate: koa, ioredis and sequelize loaded first are clean', async () => {
    expect((await lintProject(project('agent-sentry-no-tracing'), rule)).problems).toEqual([]);
  });

  it('Sentry with tracesSampleRate: koa and ioredis loaded first are reported, sequelize (no integration) is not', async () => {
    const { problems } = await lintProject(project('agent-sentry-tracing'), rule);
    expect(problems.map(brief)).toEqual(['src/index.ts:1:1 loadedBeforePatch', 'src/index.ts:2:1 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'koa' is loaded before Sentry (@sentry/node) takes effect at line 6.");
    expect(problems[1]!.message).toContain("'ioredis' is loaded before Sentry (@sentry/node) takes effect at line 6.");
  });

  it('Sentry with tracesSampleRate started in its own module imported first is clean', async () => {
    expect((await lintProject(project('agent-sentry-tracing-fixed'), rule)).problems).toEqual([]);
  });

  it('dd-trace with `plugins: false` patches nothing but what `tracer.use()` turns on', async () => {
    expect((await lintProject(project('agent-dd-trace-plugins-off'), rule)).problems).toEqual([]);
  });

  it('dd-trace: `tracer.use(\'pg\')` after pg was loaded is reported; express (not turned on) is not', async () => {
    const { problems } = await lintProject(project('agent-dd-trace-use'), rule);
    expect(problems.map(brief)).toEqual(['server.js:3:18 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'pg' is loaded before Datadog APM (dd-trace) takes effect at line 5.");
  });

  it('dd-trace: `tracer.use(\'pg\')` before pg loads is clean', async () => {
    expect((await lintProject(project('agent-dd-trace-use-fixed'), rule)).problems).toEqual([]);
  });
});
