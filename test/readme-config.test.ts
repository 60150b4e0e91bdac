/**
 * The README's Configure block, copied whole into a fresh project, as a user would: the packed tarball installed
 * from the npm registry next to `@eslint/js`, typescript-eslint and ESLint 10 or 9. It must find the CommonJS
 * dd-trace bug and the gevent bug, and exit 1 (findings), never 2 (a broken configuration).
 *
 * This is the one test that reaches the npm registry (CI has it): what it checks is exactly what a user installs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** What the user copies: the block right after `<!-- readme-config -->`. */
export const configBlock = /<!-- readme-config -->\n```js\n([\s\S]*?)```/.exec(README)?.[1];

/** Exact versions, so the test does not move when the registry does. */
const SETUPS = [
  { eslint: '10.16.0', eslintJs: '10.0.1' },
  { eslint: '9.39.5', eslintJs: '9.39.5' },
];
const TOOLS = ['typescript-eslint@8.74.0', 'typescript@6.0.3'];

const SERVER_JS = `'use strict';
const express = require('express');
require('dd-trace').init();

express().listen(3000);
`;
const WORKER_PY = `import requests
from gevent import monkey

monkey.patch_all()

requests.get("https://example.com")
`;
const CLEAN_TS = `import tracer from 'dd-trace';
tracer.init();

export const started = true;
`;

interface EslintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[];
}

let work = '';
let tarball = '';

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'patch-order-readme-'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_ignore_scripts: 'true' },
  });
  tarball = path.join(work, out.trim().split('\n').pop()!);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('README Configure block', () => {
  it('is in the README, is a whole eslint.config.mjs and hides no findings', () => {
    expect(configBlock).toBeDefined();
    expect(configBlock).toMatch(/^import /);
    expect(configBlock).toContain('export default');
    expect(configBlock).not.toMatch(/preloaded|settings/);
  });

  for (const setup of SETUPS) {
    it(`in a fresh project with ESLint ${setup.eslint}, @eslint/js and typescript-eslint: finds both bugs, exit 1`, () => {
      const dir = path.join(work, `eslint-${setup.eslint}`);
      execFileSync('mkdir', ['-p', dir]);
      // What `npm init -y` writes with npm 11.
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fresh', version: '1.0.0', type: 'commonjs', private: true }, null, 2));
      const install = spawnSync(
        'npm',
        ['install', '--no-audit', '--no-fund', '--save-dev', `eslint@${setup.eslint}`, `@eslint/js@${setup.eslintJs}`, ...TOOLS, tarball],
        { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_ignore_scripts: '' } },
      );
      expect(install.status, install.stderr).toBe(0);
      expect(`${install.stdout}\n${install.stderr}`, 'the plugin must install without running or asking for install scripts').not.toMatch(
        /install-scripts|node-gyp|gyp info/,
      );

      writeFileSync(path.join(dir, 'eslint.config.mjs'), configBlock!);
      writeFileSync(path.join(dir, 'server.js'), SERVER_JS);
      writeFileSync(path.join(dir, 'worker.py'), WORKER_PY);
      writeFileSync(path.join(dir, 'clean.ts'), CLEAN_TS);

      const run = spawnSync(process.execPath, [path.join(dir, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.', '--format', 'json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(1);
      const results = JSON.parse(run.stdout) as EslintResult[];
      const ours = (name: string) =>
        results.find((r) => path.basename(r.filePath) === name)!.messages.filter((m) => m.ruleId?.startsWith('patch-order/') || m.fatal);
      expect(results.flatMap((r) => r.messages).filter((m) => m.fatal)).toEqual([]);
      expect(ours('server.js').map((m) => [m.ruleId, m.line])).toEqual([['patch-order/no-import-before-patch', 2]]);
      expect(ours('worker.py').map((m) => [m.ruleId, m.line])).toEqual([['patch-order/no-import-before-patch', 1]]);
      expect(ours('clean.ts')).toEqual([]);
    });
  }
});
