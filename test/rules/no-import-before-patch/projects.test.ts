import { describe, expect, it } from 'vitest';
import { fixture } from '../../helpers/rule-tester.js';
import { lintProject } from '../../helpers/lint-project.js';

const rule = { 'patch-order/no-import-before-patch': 'error' as const };
const project = (name: string) => fixture('projects', name);
const brief = (p: { file: string; messageId?: string; line: number; column: number }) => `${p.file}:${p.line}:${p.column} ${p.messageId}`;

describe('no-import-before-patch on fixture projects (ESLint class)', () => {
  it('CommonJS: a target loaded through a chain of local modules, reported at the import with the chain', async () => {
    const { problems } = await lintProject(project('cjs-chain'), rule);
    expect(problems.map(brief)).toEqual(['src/main.js:1:23 loadedBeforePatch']);
    expect(problems[0]!.message).toBe(
      "'express' is loaded by src/app.js:1 before Datadog APM (dd-trace) takes effect at src/tracing.js:1 (reached from line 2). This line also loads 'pg' first. Symptom: it is never instrumented: no spans or errors from it, and no warning at start-up. Activate Datadog APM (dd-trace) first.",
    );
  });

  it('CommonJS: the corrected project is clean', async () => {
    expect((await lintProject(project('cjs-chain-fixed'), rule)).problems).toEqual([]);
  });

  it('TypeScript bundled as ESM: the import written above init() loads first; type-only imports do not', async () => {
    const { problems } = await lintProject(project('ts-esm-hoisted'), rule);
    expect(problems.map(brief)).toEqual(['src/main.ts:3:1 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'express' is loaded by src/server.ts:1 before Sentry (@sentry/node) takes effect at line 5.");
  });

  it('TypeScript bundled as ESM: init moved into its own module imported first is clean', async () => {
    expect((await lintProject(project('ts-esm-hoisted-fixed'), rule)).problems).toEqual([]);
  });

  it('native ESM: a static import next to an in-process SDK start is reported at the import', async () => {
    const { problems } = await lintProject(project('esm-native'), rule);
    expect(problems.map(brief)).toEqual(['main.js:2:1 esmImportBeforeStart']);
    expect(problems[0]!.message).toContain('node --experimental-loader=@opentelemetry/instrumentation/hook.mjs --import <init file> <app>');
  });

  it('native ESM started with --import ./instrument.js (package.json scripts) is clean', async () => {
    expect((await lintProject(project('esm-native-preloaded'), rule)).problems).toEqual([]);
  });

  it('TypeScript emitted by tsc as CommonJS keeps textual order; type-only imports are not loads', async () => {
    expect((await lintProject(project('ts-cjs'), rule)).problems).toEqual([]);
  });

  it('TypeScript emitted by Babel hoists: the same project reports the import below init()', async () => {
    const { problems } = await lintProject(project('ts-cjs'), rule, ['.'], { emitter: 'babel' });
    expect(problems.map(brief)).toEqual(['src/main.ts:5:1 loadedBeforePatch']);
  });

  it('monorepo: resolves tsconfig paths into another package and names the chain', async () => {
    const { problems } = await lintProject(project('monorepo-paths'), rule);
    expect(problems.map(brief)).toEqual(['apps/api/src/main.ts:1:1 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("Chain: this line → packages/db/src/index.ts:1 → packages/db/src/users.ts:1 → 'pg'.");
  });

  it('cycles: the module on the stack is not re-entered, and nothing hangs', async () => {
    const { problems } = await lintProject(project('cycles'), rule);
    expect(problems.map(brief)).toEqual(['a.js:1:11 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'redis' is loaded by b.js:2 before");
  });

  it('missing files, unknown packages, syntax errors and binary files in dependencies are skipped', async () => {
    const { problems } = await lintProject(project('broken'), rule, ['main.js']);
    expect(problems).toEqual([]);
  });

  it('env loader after a module that reads process.env while loading', async () => {
    const { problems } = await lintProject(project('dotenv-chain'), rule);
    expect(problems.map(brief)).toEqual(['main.js:1:1 envReadBeforeLoad']);
    expect(problems[0]!.message).toContain('process.env is read (PORT, DATABASE_URL) at config.js:1 while this line runs, before dotenv fills it at line 2.');
  });

  it('an init function exported by a local module and called at the top level counts where it is called', async () => {
    const { problems } = await lintProject(fixture('examples', 'js-instrument'), rule);
    expect(problems.map(brief)).toEqual(['src/main.ts:2:1 loadedBeforePatch']);
    expect(problems[0]!.message).toContain("'express' is loaded by src/app.ts:1 before Datadog APM (dd-trace) takes effect at src/tracing.ts:4 (reached from line 5).");
  });

  it('jest ESM mock registered after a static import that loads the mocked module', async () => {
    const { problems } = await lintProject(project('jest-esm-mock'), rule);
    expect(problems.map(brief)).toEqual(['user.test.js:2:1 mockAfterImport']);
    expect(problems[0]!.message).toContain("'db.js' is imported by user.js:1 before Jest ESM module mock mocks it at line 4.");
  });
});
