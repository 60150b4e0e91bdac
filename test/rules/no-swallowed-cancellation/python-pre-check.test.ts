/**
 * The text pre-check of the Python cancellation analysis (src/checks/no-swallowed-cancellation/python/mentions.ts):
 * which files are analysed at all, counted with `stats.handlerAnalyses`. That nothing it rejects is ever reported
 * is checked on every test case of the rule (strict mode analyses the rejected texts too).
 */
import { Linter } from 'eslint';
import { beforeEach, describe, expect, it } from 'vitest';
import realRule from '../../../rules/no-swallowed-cancellation.js';
import { mayReport, CRITICAL_NAMES } from '../../../src/checks/no-swallowed-cancellation/python/mentions.js';
import { resetStats, stats } from '../../../src/util/stats.js';
import { pythonTestPlugin } from '../../helpers/rule-tester.js';

function lint(code: string, languageOptions: Record<string, unknown> = {}, options: unknown[] = []): Linter.LintMessage[] {
  const config = {
    files: ['**/*.py'],
    plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': realRule as never }) },
    language: 'patch-order/python',
    languageOptions,
    rules: { 'patch-order/no-swallowed-cancellation': ['error', ...options] },
  } as Linter.Config;
  return new Linter({ configType: 'flat' }).verify(code, [config], 'file.py');
}

const ORDINARY = `import json


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
    finally:
        print("done")
`;

const BROAD_37 = `import asyncio


async def poll(conn):
    try:
        await conn.ping()
    except Exception:
        pass
`;

beforeEach(() => resetStats());

describe('which Python files the cancellation analysis reads', () => {
  it('a module whose handlers catch ordinary exceptions is not analysed (a synchronous finally included)', () => {
    expect(lint(ORDINARY)).toEqual([]);
    expect(stats.handlerAnalyses).toBe(0);
  });

  it('`except Exception` is analysed only for a target before 3.8, where it catches asyncio.CancelledError', () => {
    expect(lint(BROAD_37, { pythonVersion: '3.8' })).toEqual([]);
    expect(stats.handlerAnalyses).toBe(0);
    const messages = lint(BROAD_37, { pythonVersion: '3.7' });
    expect(messages.map((m) => [m.messageId, m.line, m.column])).toEqual([['swallowedInExcept', 7, 12]]);
    expect(stats.handlerAnalyses).toBe(1);
  });

  it('a finally is analysed in a module with an async def, where a return there swallows the cancellation', () => {
    const code = ORDINARY.replace('def load', 'async def load');
    lint(code);
    expect(stats.handlerAnalyses).toBe(1);
  });

  it('each catalogued class, a bare except, and an option class make a module analysed', () => {
    for (const name of CRITICAL_NAMES) expect(mayReport(`try:\n    f()\nexcept ${name}:\n    pass\n`, [], () => 12), name).toBe(true);
    expect(mayReport('try:\n    f()\nexcept \\\n:\n    pass\n', [], () => 12)).toBe(true);
    expect(mayReport('try:\n    f()\nexcept Stop:\n    pass\n', ['worker.Stop'], () => 12)).toBe(true);
    // A name inside a longer word is not the class: `MyBaseExceptionHandler`, `NoSystemExitHere`.
    expect(mayReport('class MyBaseExceptionHandler:\n    NoSystemExitHere = 1\n', [], () => 12)).toBe(false);
  });

  it('the target version is read only when the answer depends on it', () => {
    let asked = 0;
    const minor = () => (asked++, 7);
    expect(mayReport('try:\n    f()\nexcept BaseException:\n    raise\n', [], minor)).toBe(true);
    expect(mayReport('x = 1\n', [], minor)).toBe(false);
    expect(asked).toBe(0);
    expect(mayReport('try:\n    f()\nexcept Exception:\n    pass\n', [], minor)).toBe(true);
    expect(asked).toBe(1);
  });
});
