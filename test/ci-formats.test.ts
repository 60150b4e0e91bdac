/**
 * The CI contract documented in docs/ci.md, checked with the real ESLint CLI and the built plugin:
 * exit 0 when clean, 1 when there are errors (or more warnings than --max-warnings), 2 when the
 * configuration is broken; the SARIF formatter writes valid SARIF 2.1.0 with a result per problem.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST_INDEX = path.join(ROOT, 'dist', 'src', 'index.js');
const ESLINT_BIN = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

let dir = '';
/** The rule the fixture breaks: ours when registered, else a core rule (the exit-code contract is ESLint's). */
let rule = 'no-debugger';

const BAD_CJS = `'use strict';
const express = require('express');
require('dd-trace').init();
express().listen(3000);
`;
const GOOD_CJS = `'use strict';
require('dd-trace').init();
const express = require('express');
express().listen(3000);
`;

function config(severity: 'error' | 'warn', extraRules = ''): string {
  return `import plugin from ${JSON.stringify(pathToFileURL(DIST_INDEX).href)};
export default [
  {
    files: ['**/*.{js,cjs,mjs}'],
    plugins: { 'patch-order': plugin },
    rules: { ${JSON.stringify(rule)}: ${JSON.stringify(severity)}${extraRules} },
  },
];
`;
}

function eslint(args: string[], configText: string): { status: number | null; stdout: string; stderr: string } {
  writeFileSync(path.join(dir, 'eslint.config.js'), configText);
  const r = spawnSync(process.execPath, [ESLINT_BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  if (!existsSync(DIST_INDEX)) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  const plugin = (await import(pathToFileURL(DIST_INDEX).href)) as { default: { rules: Record<string, unknown> } };
  if ('no-import-before-patch' in plugin.default.rules) rule = 'patch-order/no-import-before-patch';
  dir = mkdtempSync(path.join(tmpdir(), 'patch-order-ci-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'ci-fixture', private: true, type: 'module' }));
  mkdirSync(path.join(dir, 'bad'));
  mkdirSync(path.join(dir, 'good'));
  const core = rule === 'no-debugger';
  writeFileSync(path.join(dir, 'bad', 'server.cjs'), core ? 'debugger;\n' : BAD_CJS);
  writeFileSync(path.join(dir, 'good', 'server.cjs'), core ? 'const x = 1;\nexport { x };\n' : GOOD_CJS);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ESLint CLI exit codes with the plugin', () => {
  it('0 when clean', () => {
    const r = eslint(['good'], config('error'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('1 when a rule reports an error', () => {
    const r = eslint(['bad'], config('error'));
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(rule);
  });

  it('0 with warnings only, 1 with --max-warnings 0', () => {
    expect(eslint(['bad'], config('warn')).status).toBe(0);
    const strict = eslint(['bad', '--max-warnings', '0'], config('warn'));
    expect(strict.status).toBe(1);
    expect(strict.stdout + strict.stderr).toMatch(/too many warnings/i);
  });

  it('1 (not 2) when a linted file does not parse', () => {
    mkdirSync(path.join(dir, 'syntax'), { recursive: true });
    writeFileSync(path.join(dir, 'syntax', 'broken.cjs'), 'const = ;\n');
    const r = eslint(['syntax'], config('error'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Parsing error/);
  });

  it('2 when the configuration is broken (unknown rule)', () => {
    const r = eslint(['good'], config('error', `, 'patch-order/no-such-rule': 'error'`));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-such-rule/);
  });

  it('2 when the config file itself throws', () => {
    const r = eslint(['good'], `throw new Error('broken config');\n`);
    expect(r.status).toBe(2);
  });
});

describe('SARIF output', () => {
  it('is valid SARIF 2.1.0 JSON with one result per problem, rule metadata and locations', () => {
    const out = path.join(dir, 'eslint.sarif');
    const r = eslint(['bad', 'good', '--format', '@microsoft/eslint-formatter-sarif', '--output-file', out], config('error'));
    expect(r.status, r.stderr).toBe(1);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules?: { id: string; helpUri?: string }[] } };
        results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0]!;
    expect(run.tool.driver.name).toBe('ESLint');
    expect(run.results.length).toBeGreaterThanOrEqual(1);
    for (const result of run.results) {
      expect(result.ruleId).toBe(rule);
      expect(result.level).toBe('error');
      expect(result.message.text.length).toBeGreaterThan(0);
      const loc = result.locations[0]!.physicalLocation;
      expect(loc.artifactLocation.uri).toMatch(/bad\/server\.cjs$/);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    }
    if (rule.startsWith('patch-order/')) {
      const meta = run.tool.driver.rules?.find((x) => x.id === rule);
      expect(meta?.helpUri).toMatch(/docs\/rules\/no-import-before-patch\.md$/);
    }
  });
});
