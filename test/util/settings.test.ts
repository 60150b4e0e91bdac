/**
 * `settings['patch-order']` is validated once per configuration (src/util/settings.ts): a wrong type or an
 * unknown key fails the run with a message naming the key, what was expected and the docs anchor, instead
 * of silently turning the rules off. Unit cases give the exact message; end-to-end cases go through the
 * ESLint class (JS and the Python language) and the ESLint CLI (exit code 2).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { stats } from '../../src/util/stats.js';
import { jsProject } from '../../src/lang/js/project.js';
import { pythonProject } from '../../src/lang/python/project.js';

/** A linted file as the rules see it, for the projects that read the settings. */
const linted = (settings: unknown) => ({ cwd: process.cwd(), filename: 'x', settings, sourceCode: { text: '', ast: {} } });
const settingsOf = (context: { settings: unknown }) => jsProject(linted(context.settings)).settings;
const pySettingsOf = (context: { settings: unknown }) => pythonProject(linted(context.settings)).settings;
import { SETTINGS_SCHEMA, didYouMean, readSettings, validateSettings } from '../../src/util/settings.js';
import { fixture } from '../helpers/rule-tester.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = 'https://github.com/patch-order/eslint-plugin-patch-order#settings';
const msg = (where: string, text: string) => `patch-order: invalid settings['patch-order']${where}: ${text}. See ${DOCS}`;
const fails = (value: unknown): string => {
  try {
    validateSettings(value);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
};

describe('the schema', () => {
  it('has exactly the keys the README Settings table documents', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Settings\n'), readme.indexOf('\n## ', readme.indexOf('\n## Settings\n') + 1));
    const documented = [...section.matchAll(/^\| ((?:`\w+`(?:, )?)+) \|/gmu)].flatMap((m) => [...m[1]!.matchAll(/`(\w+)`/gu)].map((k) => k[1]));
    expect(documented.sort()).toEqual(Object.keys(SETTINGS_SCHEMA).sort());
  });
});

describe('validateSettings: valid values pass', () => {
  const valid: [string, unknown][] = [
    ['roots', []],
    ['roots', ['src', 'packages/api']],
    ['roots', ['/srv/app']],
    ['emitter', 'tsc'],
    ['emitter', 'babel'],
    ['emitter', 'esbuild'],
    ['emitter', 'swc'],
    ['preloaded', ['dd-trace/init', './instrument.js']],
    ['cacheFreshnessMs', 0],
    ['cacheFreshnessMs', 1000],
    ['maxDepth', 1],
    ['maxDepth', 500],
    ['maxModules', 20_000],
    ['pythonPath', ['.', 'src']],
    ['pythonVersion', '3.7'],
    ['pythonVersion', '3.8'],
    ['pythonVersion', '3.14'],
  ];
  it.each(valid)('%s: %j', (key, value) => {
    const settings = { [key]: value };
    expect(validateSettings(settings)).toBe(settings);
  });

  it('no settings, an empty object, unset (undefined) keys and a full object pass', () => {
    expect(validateSettings(undefined)).toEqual({});
    expect(validateSettings({})).toEqual({});
    expect(validateSettings({ roots: undefined, emitter: undefined })).toEqual({ roots: undefined, emitter: undefined });
    const full = {
      roots: ['.'],
      emitter: 'esbuild',
      preloaded: ['dd-trace/init'],
      cacheFreshnessMs: 0,
      maxDepth: 50,
      maxModules: 1000,
      pythonPath: ['src'],
      pythonVersion: '3.12',
    };
    expect(validateSettings(full)).toBe(full);
  });
});

describe('validateSettings: wrong values fail with the key, the expectation and the docs anchor', () => {
  const invalid: [unknown, string][] = [
    [{ roots: 'src' }, msg('.roots', 'expected an array of directory paths, got the string "src"')],
    [{ roots: ['src', 3] }, msg('.roots[1]', 'expected a directory path (a non-empty string), got the number 3')],
    [{ roots: [''] }, msg('.roots[0]', 'expected a directory path (a non-empty string), got an empty string')],
    [{ emitter: 'auto' }, msg('.emitter', 'expected one of "tsc", "babel", "esbuild", "swc", got the string "auto"')],
    [{ emitter: ['tsc'] }, msg('.emitter', 'expected one of "tsc", "babel", "esbuild", "swc", got an array')],
    [{ preloaded: 'dd-trace/init' }, msg('.preloaded', 'expected an array of package specifiers or file paths, got the string "dd-trace/init"')],
    [{ preloaded: [null] }, msg('.preloaded[0]', 'expected a package specifier or file path (a non-empty string), got null')],
    [{ cacheFreshnessMs: -1 }, msg('.cacheFreshnessMs', 'expected a non-negative integer (milliseconds), got the number -1')],
    [{ cacheFreshnessMs: '1000' }, msg('.cacheFreshnessMs', 'expected a non-negative integer (milliseconds), got the string "1000"')],
    [{ cacheFreshnessMs: 1.5 }, msg('.cacheFreshnessMs', 'expected a non-negative integer (milliseconds), got the number 1.5')],
    [{ maxDepth: 0 }, msg('.maxDepth', 'expected a positive integer, got the number 0')],
    [{ maxDepth: true }, msg('.maxDepth', 'expected a positive integer, got the boolean true')],
    [{ maxModules: Infinity }, msg('.maxModules', 'expected a positive integer, got the number Infinity')],
    [{ maxModules: '20000' }, msg('.maxModules', 'expected a positive integer, got the string "20000"')],
    [{ pythonPath: '.' }, msg('.pythonPath', 'expected an array of directory paths, got the string "."')],
    [{ pythonPath: { src: true } }, msg('.pythonPath', 'expected an array of directory paths, got an object')],
    [
      { pythonVersion: 3.7 },
      msg('.pythonVersion', 'expected a Python 3 version "major.minor" as a string, like "3.12", got the number 3.7 (write it as a string: the number 3.10 is 3.1)'),
    ],
    [{ pythonVersion: '3.12.1' }, msg('.pythonVersion', 'expected a Python 3 version "major.minor" as a string, like "3.12", got the string "3.12.1"')],
    [{ pythonVersion: '2.7' }, msg('.pythonVersion', 'expected a Python 3 version "major.minor" as a string, like "3.12", got the string "2.7"')],
    [{ pythonVersion: 'latest' }, msg('.pythonVersion', 'expected a Python 3 version "major.minor" as a string, like "3.12", got the string "latest"')],
  ];
  it.each(invalid)('%j', (value, expected) => {
    expect(fails(value)).toBe(expected);
  });

  it('settings["patch-order"] itself must be an object', () => {
    expect(fails('src')).toBe(msg('', 'expected an object, got the string "src"'));
    expect(fails([])).toBe(msg('', 'expected an object, got an empty array'));
    expect(fails(null)).toBe(msg('', 'expected an object, got null'));
  });

  it('an unknown key fails with a did-you-mean, or the list of known keys', () => {
    expect(fails({ emiter: 'tsc' })).toBe(msg('', 'unknown key "emiter" (did you mean "emitter"?)'));
    expect(fails({ root: ['src'] })).toBe(msg('', 'unknown key "root" (did you mean "roots"?)'));
    expect(fails({ python_path: ['src'] })).toBe(msg('', 'unknown key "python_path" (did you mean "pythonPath"?)'));
    expect(fails({ patchers: [] })).toBe(
      msg('', 'unknown key "patchers" (known keys: roots, emitter, preloaded, entries, cacheFreshnessMs, maxDepth, maxModules, pythonPath, pythonVersion)'),
    );
    expect([didYouMean('maxdepth'), didYouMean('cacheFreshness'), didYouMean('x'), didYouMean('version')]).toEqual([
      'maxDepth',
      'cacheFreshnessMs',
      undefined,
      undefined,
    ]);
  });

  it('several problems: one line each, the docs anchor once', () => {
    expect(fails({ emiter: 'tsc', roots: 'src', maxDepth: -1 })).toBe(
      [
        `patch-order: invalid settings['patch-order']: unknown key "emiter" (did you mean "emitter"?).`,
        `patch-order: invalid settings['patch-order'].roots: expected an array of directory paths, got the string "src".`,
        `patch-order: invalid settings['patch-order'].maxDepth: expected a positive integer, got the number -1. See ${DOCS}`,
      ].join('\n'),
    );
  });
});

describe('readSettings (and the JS and Python projects, which go through it)', () => {
  it('validates once per settings value and returns the typed settings', () => {
    const settings = { 'patch-order': { roots: ['src'], pythonVersion: '3.11' } };
    const before = stats.settingsValidations;
    expect(readSettings({ settings })).toBe(settings['patch-order']);
    expect(settingsOf({ settings })).toBe(settings['patch-order']);
    expect(pySettingsOf({ settings })).toBe(settings['patch-order']);
    expect(stats.settingsValidations - before).toBe(1);
    // An equal but distinct object (a language may hand each file its own settings): the same settings, not checked again.
    expect(readSettings({ settings: { 'patch-order': { roots: ['src'], pythonVersion: '3.11' } } })).toBe(settings['patch-order']);
    expect(stats.settingsValidations - before).toBe(1);
    // A different value is checked on its own.
    readSettings({ settings: { 'patch-order': { roots: ['lib'], pythonVersion: '3.11' } } });
    expect(stats.settingsValidations - before).toBe(2);
  });

  it('no settings and no patch-order key give {}', () => {
    expect(readSettings({})).toEqual({});
    expect(readSettings({ settings: undefined })).toEqual({});
    expect(readSettings({ settings: {} })).toEqual({});
    expect(readSettings({ settings: { react: { version: '18' } } })).toEqual({});
  });

  it('a bad object throws on every call, a fresh error each time, validated once', () => {
    const settings = { 'patch-order': { roots: 'src' } };
    const before = stats.settingsValidations;
    const expected = msg('.roots', 'expected an array of directory paths, got the string "src"');
    const errors: Error[] = [];
    for (let i = 0; i < 3; i++) {
      try {
        readSettings({ settings });
      } catch (error) {
        (error as Error).message = `Error while loading rule 'x': ${(error as Error).message}`; // what ESLint does
        errors.push(error as Error);
      }
    }
    expect(errors.map((e) => e.message)).toEqual([1, 2, 3].map(() => `Error while loading rule 'x': ${expected}`));
    expect(stats.settingsValidations - before).toBe(1);
    expect(() => settingsOf({ settings })).toThrow(expected);
    expect(() => pySettingsOf({ settings })).toThrow(expected);
  });
});

describe('through the ESLint class', () => {
  const cjsChain = fixture('projects', 'cjs-chain');
  const pyChain = fixture('py-local-chain-bad');
  const js = (settings: Record<string, unknown>) =>
    new ESLint({
      cwd: cjsChain,
      overrideConfigFile: true,
      overrideConfig: [plugin.configs.recommended as never, { settings: { 'patch-order': settings } }],
    });
  const py = (settings: Record<string, unknown>) =>
    new ESLint({
      cwd: pyChain,
      overrideConfigFile: true,
      overrideConfig: [plugin.configs.python as never, { settings: { 'patch-order': settings } }],
    });
  const rootsMessage = msg('.roots', 'expected an array of directory paths, got the string "src"');

  it('a JS file with roots: "src" rejects the run, naming the rule, the key and the expectation', async () => {
    const error = await js({ roots: 'src' }).lintFiles(['src/main.js']).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe(`Error while loading rule 'patch-order/no-import-before-patch': ${rootsMessage}\nOccurred while linting ${path.join(cjsChain, 'src', 'main.js')}`);
    await expect(js({ roots: 'src' }).lintText('const x = 1;\n', { filePath: path.join(cjsChain, 'x.js') })).rejects.toThrow(rootsMessage);
  });

  it('a Python file with roots: "src" rejects the run the same way', async () => {
    const error = await py({ roots: 'src' }).lintFiles(['main.py']).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe(`Error while loading rule 'patch-order/no-import-before-patch': ${rootsMessage}\nOccurred while linting ${path.join(pyChain, 'main.py')}`);
    await expect(py({ emiter: 'tsc' }).lintText('x = 1\n', { filePath: path.join(pyChain, 'x.py') })).rejects.toThrow(
      msg('', 'unknown key "emiter" (did you mean "emitter"?)'),
    );
  });

  it('valid settings still find the known problem, validated once for the whole run', async () => {
    const before = stats.settingsValidations;
    const results = await js({ emitter: 'tsc' }).lintFiles(['.']);
    expect(stats.settingsValidations - before).toBe(1);
    expect(results.length).toBe(4);
    const found = results.flatMap((r) => r.messages.map((m) => `${path.relative(cjsChain, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`));
    expect(found).toEqual(['src/main.js:1:23 patch-order/no-import-before-patch']);

    const pyBefore = stats.settingsValidations;
    const pyResults = await py({ pythonVersion: '3.12' }).lintFiles(['.']);
    expect(stats.settingsValidations - pyBefore).toBe(1);
    expect(pyResults.flatMap((r) => r.messages.map((m) => m.ruleId))).toContain('patch-order/no-import-before-patch');
  });
});

describe('through the ESLint CLI (built plugin)', () => {
  const DIST_INDEX = path.join(ROOT, 'dist', 'src', 'index.js');
  const ESLINT_BIN = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  let dir = '';

  beforeAll(() => {
    if (!existsSync(DIST_INDEX)) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
    dir = mkdtempSync(path.join(tmpdir(), 'patch-order-settings-'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'settings-fixture', private: true, type: 'module' }));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'server.cjs'), "'use strict';\nrequire('dd-trace').init();\nconst express = require('express');\nexpress().listen(3000);\n");
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = (settings: Record<string, unknown>) => {
    writeFileSync(
      path.join(dir, 'eslint.config.js'),
      `import plugin from ${JSON.stringify(pathToFileURL(DIST_INDEX).href)};
export default [plugin.configs.recommended, { settings: { 'patch-order': ${JSON.stringify(settings)} } }];
`,
    );
    return spawnSync(process.execPath, [ESLINT_BIN, 'src'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  };

  it('exit 2, and the output names the key, the expectation and the docs', () => {
    const r = run({ roots: 'src' });
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain(`: ${msg('.roots', 'expected an array of directory paths, got the string "src"')}\nOccurred while linting `);
  });

  it('exit 0 with the same project and valid settings', () => {
    const r = run({ roots: ['src'] });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
