// Work counted, not timed: configurations that differ only in `emitter` share one pre-scan and one program index,
// and a bare specifier is resolved once per package, not once per folder that imports it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../src/index.js';
import { clearProjects } from '../../src/lang/project.js';
import { clearFsCaches } from '../../src/util/fs-cache.js';
import { resetStats, stats } from '../../src/util/stats.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  clearProjects();
  clearFsCaches();
  resetStats();
});

/**
 * A monorepo: apps/api (built by swc) whose entry loads `folders` modules, each in its own folder and each importing
 * the same two packages and the shared library; libs/util (built by tsc), which loads dotenv.
 */
function monorepo(folders: number): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-shared-')));
  made.push(dir);
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'mono', private: true }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', baseUrl: '.', paths: { '@libs/*': ['libs/*'] } } }),
    // It names a patcher, so the libs group asks the program index too (who loads it?).
    'libs/util/index.ts': `import 'dotenv/config';\nexport const now = () => Date.now();\n`,
    'apps/api/src/tracing.ts': `import tracer from 'dd-trace';\ntracer.init();\nexport default tracer;\n`,
  };
  const main = [`import './tracing';`];
  for (let i = 0; i < folders; i++) {
    files[`apps/api/src/f${i}/mod.ts`] = `import express from 'express';\nimport { Pool } from 'pg';\nimport { now } from '@libs/util';\nexport const app${i} = [express, Pool, now];\n`;
    main.push(`import { app${i} } from './f${i}/mod';`);
  }
  files['apps/api/src/main.ts'] = `${main.join('\n')}\nconsole.log(${Array.from({ length: folders }, (_, i) => `app${i}`).join(', ')});\n`;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function lint(dir: string) {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as never } },
      { files: ['**/*.ts'], plugins: { 'patch-order': plugin as never }, rules: { 'patch-order/no-import-before-patch': 'error' } },
      { files: ['apps/**/*.ts'], settings: { 'patch-order': { emitter: 'swc' } } },
      { files: ['libs/**/*.ts'], settings: { 'patch-order': { emitter: 'tsc' } } },
    ],
  });
  const results = await eslint.lintFiles(['apps', 'libs']);
  return results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line}:${m.column} ${m.message}`));
}

describe('shared pre-scans and resolutions', () => {
  it('two emitter groups: one program index for both', async () => {
    expect(await lint(monorepo(3))).toEqual([]);
    expect(stats.programIndexBuilds).toBe(1);
  });

  it('a library file both groups walk, with its imports first (alike under every emitter), is parsed once', async () => {
    const dir = monorepo(3);
    // A program of the libs group (tsc) that loads the library file the apps group (swc) walks too.
    writeFileSync(join(dir, 'libs/util/cli.ts'), `import { now } from './index';\nconsole.log(now());\n`);
    expect(await lint(dir)).toEqual([]);
    // apps/api/src/tracing.ts, apps/api/src/f0/mod.ts and libs/util/index.ts (dotenv, the last activator): the walk of
    // apps/api/src/main.ts stops there; libs/util/cli.ts reuses the library file's summary.
    expect(stats.filesParsed).toBe(3);
  });

  it('a statement before an import: swc hoists the import and tsc does not, so each group summarizes the file itself', async () => {
    const dir = monorepo(3);
    writeFileSync(join(dir, 'libs/util/index.ts'), `export const started = Date.now();\nimport 'dotenv/config';\nexport const now = () => Date.now();\n`);
    writeFileSync(join(dir, 'libs/util/cli.ts'), `import { now } from './index';\nconsole.log(now());\n`);
    expect(await lint(dir)).toEqual([]);
    expect(stats.filesParsed).toBe(4);
  });

  it('bare specifiers are resolved once per package: 6 folders cost 3 more resolutions than 3 folders (their relative imports), not 12 more', async () => {
    await lint(monorepo(3));
    const three = stats.resolutions;
    clearProjects();
    clearFsCaches();
    resetStats();
    await lint(monorepo(6));
    // The entry's './fN/mod' imports are relative: one resolution each. 'express', 'pg' and '@libs/util' are resolved
    // once for the whole package, whichever folder imports them.
    expect(stats.resolutions - three).toBe(3);
  });
});
