/**
 * no-swallowed-cancellation on Python, end to end: seed 004 as a fixture project (bad and corrected), the
 * target-version sources (settings, language option, pyproject.toml, default), and the CPython runtime
 * facts the rule encodes (run with python3 when it is 3.11+, skipped otherwise).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ESLint, Linter } from 'eslint';
import { beforeEach, describe, expect, it } from 'vitest';
import realRule from '../../../rules/no-swallowed-cancellation.js';
import {
  clearPythonVersionCache,
  parseVersionSetting,
  pythonTargetVersion,
  readRequiresPython,
  requiresPythonLowerBound,
  versionStats,
} from '../../../src/checks/no-swallowed-cancellation/python/version.js';
import { pythonTestPlugin } from '../../helpers/rule-tester.js';

const pyRule = realRule as never;

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const RULE_ID = 'patch-order/no-swallowed-cancellation';


async function lintDir(dir: string, settings: Record<string, unknown> = {}) {
  const cwd = join(FIXTURES, dir);
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.py'],
        plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': pyRule }) as never },
        language: 'patch-order/python',
        settings: { 'patch-order': settings },
        rules: { [RULE_ID]: 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(['**/*.py']);
  return results
    .flatMap((r) => r.messages.map((m) => `${r.filePath.slice(cwd.length + 1)}:${m.line}:${m.column} ${m.messageId ?? m.message}`))
    .sort();
}

beforeEach(() => clearPythonVersionCache());

describe('seed 004 fixture projects', () => {
  it('the seed reports what the post describes (requires-python >=3.7)', async () => {
    expect(await lintDir('py-seed-004-bad')).toEqual([
      // the sync bare `except:` swallows KeyboardInterrupt / SystemExit
      'seed004/handlers.py:12:5 swallowedInExcept',
      // on 3.7 `except Exception` catches asyncio.CancelledError
      'seed004/handlers.py:20:12 swallowedInExcept',
      // t1.cancel(); await t1; except CancelledError: pass
      'seed004/shutdown.py:14:12 awaitCancelledTask',
    ]);
  });
  it('the same project on 3.8+ only keeps the problems that are real there', async () => {
    expect(await lintDir('py-seed-004-bad', { pythonVersion: '3.8' })).toEqual([
      'seed004/handlers.py:12:5 swallowedInExcept',
      'seed004/shutdown.py:14:12 awaitCancelledTask',
    ]);
  });
  it('the corrected project is clean', async () => {
    expect(await lintDir('py-seed-004-fixed')).toEqual([]);
  });
});

describe('target Python version', () => {
  const versions = join(FIXTURES, 'py-cancellation-versions');
  it('reads requires-python of the nearest pyproject.toml, within the cwd only', async () => {
    expect(await lintDir('py-cancellation-versions')).toEqual([
      'legacy/app.py:8:16 swallowedInExceptLoop',
      'legacy/inner/app.py:8:16 swallowedInExceptLoop',
    ]);
    // The pyproject.toml above the cwd is not read: default 3.8.
    const inner = join(versions, 'legacy', 'inner');
    expect(pythonTargetVersion({ cwd: inner, filename: join(inner, 'app.py') })).toEqual({ minor: 8, source: 'default' });
    expect(pythonTargetVersion({ cwd: versions, filename: join(inner, 'app.py') })).toEqual({
      minor: 6,
      source: 'pyproject',
      file: join(versions, 'legacy', 'pyproject.toml'),
    });
    expect(pythonTargetVersion({ cwd: versions, filename: join(versions, 'modern', 'app.py') })).toMatchObject({ minor: 10, source: 'pyproject' });
    // A file outside the cwd gets the default.
    expect(pythonTargetVersion({ cwd: join(versions, 'modern'), filename: join(versions, 'legacy', 'app.py') })).toEqual({ minor: 8, source: 'default' });
  });
  it('caches pyproject.toml reads (validated by mtime and size)', () => {
    const file = join(versions, 'legacy', 'app.py');
    const before = versionStats.pyprojectReads;
    for (let i = 0; i < 50; i++) pythonTargetVersion({ cwd: versions, filename: file });
    expect(versionStats.pyprojectReads - before).toBe(1);
  });
  it('sees an edited pyproject.toml (editor sessions)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'py-version-'));
    try {
      const toml = join(dir, 'pyproject.toml');
      writeFileSync(toml, '[project]\nrequires-python = ">=3.7"\n');
      const ctx = { cwd: dir, filename: join(dir, 'app.py') };
      expect(pythonTargetVersion(ctx).minor).toBe(7);
      writeFileSync(toml, '[project]\nrequires-python = ">=3.11"\n');
      expect(pythonTargetVersion(ctx).minor).toBe(11);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('settings win over the language option, which wins over pyproject.toml', () => {
    const file = join(versions, 'legacy', 'app.py');
    expect(pythonTargetVersion({ cwd: versions, filename: file, settings: { 'patch-order': { pythonVersion: '3.12' } }, languageOptions: { pythonVersion: '3.7' } })).toEqual({ minor: 12, source: 'settings' });
    expect(pythonTargetVersion({ cwd: versions, filename: file, settings: { 'patch-order': { pythonVersion: 3.7 } } })).toEqual({ minor: 7, source: 'settings' });
    expect(pythonTargetVersion({ cwd: versions, filename: file, languageOptions: { pythonVersion: '3.11' } })).toEqual({ minor: 11, source: 'languageOptions' });
    expect(pythonTargetVersion({ cwd: versions, filename: file, settings: { 'patch-order': { pythonVersion: 'latest' } } })).toMatchObject({ source: 'pyproject', minor: 6 });
  });
  it('the language option reaches the rule', () => {
    const code = readFileSync(join(versions, 'modern', 'app.py'), 'utf8');
    const lint = (languageOptions: Record<string, unknown>) =>
      new Linter({ configType: 'flat' }).verify(
        code,
        [{ files: ['**/*.py'], plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': pyRule }) }, language: 'patch-order/python', languageOptions, rules: { [RULE_ID]: 'error' } } as Linter.Config],
        'app.py',
      );
    expect(lint({ pythonVersion: '3.7' }).map((m) => m.messageId)).toEqual(['swallowedInExceptLoop']);
    expect(lint({ pythonVersion: '3.8' })).toEqual([]);
    expect(lint({})).toEqual([]);
  });
  it('parses requires-python specifiers to their lower bound', () => {
    expect(requiresPythonLowerBound('>=3.7')).toBe(7);
    expect(requiresPythonLowerBound('>=3.7,<4')).toBe(7);
    expect(requiresPythonLowerBound('>3.7')).toBe(7);
    expect(requiresPythonLowerBound('~=3.9')).toBe(9);
    expect(requiresPythonLowerBound('~=3.6.2')).toBe(6);
    expect(requiresPythonLowerBound('==3.10.*')).toBe(10);
    expect(requiresPythonLowerBound('>=2.7, !=3.0.*, !=3.1.*')).toBe(0);
    expect(requiresPythonLowerBound('>=3.6, >=3.9')).toBe(9);
    expect(requiresPythonLowerBound('<3.12')).toBeUndefined();
    expect(requiresPythonLowerBound('!=3.9.*')).toBeUndefined();
    expect(requiresPythonLowerBound('^3.8')).toBeUndefined();
    expect(parseVersionSetting('3.7')).toBe(7);
    expect(parseVersionSetting('3.12.1')).toBe(12);
    expect(parseVersionSetting('2.7')).toBe(0);
    expect(parseVersionSetting('three')).toBeUndefined();
  });
  it('reads requires-python from [project] only', () => {
    expect(readRequiresPython('[project]\nname = "x"\nrequires-python = ">=3.9"\n')).toBe('>=3.9');
    expect(readRequiresPython('\uFEFF[project]\r\nrequires-python=\'>=3.8\'\r\n')).toBe('>=3.8');
    expect(readRequiresPython('[tool.poetry]\nrequires-python = ">=3.6"\n[project]\nname = "x"\n')).toBeUndefined();
    expect(readRequiresPython('[project.urls]\nrequires-python = ">=3.6"\n')).toBeUndefined();
    expect(readRequiresPython('')).toBeUndefined();
  });
});

describe('CPython runtime facts (python3 >= 3.11)', () => {
  const py = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });
  const available = py.status === 0 && py.stdout.trim() === 'True';
  const facts = join(FIXTURES, 'py-cancellation-runtime', 'facts.py');
  it.skipIf(!available)('the swallows the rule reports really swallow, the fixes really propagate', () => {
    const run = spawnSync('python3', [facts], { encoding: 'utf8', timeout: 20_000 });
    const out = Object.fromEntries(run.stdout.trim().split('\n').map((l) => l.split(' ') as [string, string]));
    expect(out).toEqual({
      cancelled_is_exception: 'False',
      genexit_return: 'ok',
      genexit_yield_again: 'RuntimeError',
      trap: 'swallowed',
      wait_first: 'propagated',
      cancelling_guard: 'propagated',
      star_exception: 'propagated',
      star_base: 'swallowed',
      finally_return: 'swallowed',
      suppressed: 'swallowed',
      has_cancelling: 'True',
    });
  });
  it('the rule reports exactly the lines marked "# reports:" in the facts script', () => {
    const code = readFileSync(facts, 'utf8');
    const expected = code
      .split('\n')
      .flatMap((line, i) => {
        const m = /# reports: (\w+)/u.exec(line);
        return m ? [`${i + 1} ${m[1]}`] : [];
      });
    const messages = new Linter({ configType: 'flat' }).verify(
      code,
      [{ files: ['**/*.py'], plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': pyRule }) }, language: 'patch-order/python', languageOptions: { pythonVersion: '3.11' }, rules: { [RULE_ID]: 'error' } } as Linter.Config],
      'facts.py',
    );
    expect(messages.map((m) => `${m.line} ${m.messageId}`)).toEqual(expected);
    expect(expected.length).toBe(5);
  });
});

describe('no internal error on broken input (the suite is strict: one would throw)', () => {
  it('lints every prefix and every one-line deletion of the facts script without a rule error', () => {
    const code = readFileSync(join(FIXTURES, 'py-cancellation-runtime', 'facts.py'), 'utf8');
    const lines = code.split('\n');
    const config = [{ files: ['**/*.py'], plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': pyRule }) }, language: 'patch-order/python', rules: { [RULE_ID]: 'error' } } as Linter.Config];
    const linter = new Linter({ configType: 'flat' });
    let linted = 0;
    for (let i = 0; i < lines.length; i++) {
      for (const variant of [lines.slice(0, i).join('\n'), [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n')]) {
        const messages = linter.verify(variant, config, 'facts.py');
        // Parse errors are reported as fatal messages; anything thrown by the rule would escape verify().
        expect(messages.filter((m) => !m.fatal && m.ruleId !== RULE_ID && !/Unused eslint-disable/u.test(m.message))).toEqual([]);
        linted++;
      }
    }
    expect(linted).toBe(lines.length * 2);
  });
});
