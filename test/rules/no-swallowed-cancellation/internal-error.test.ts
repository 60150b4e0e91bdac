/**
 * An internal error of no-swallowed-cancellation is never silent: in a user's run (PATCH_ORDER_STRICT unset)
 * it is one report on line 1 of the file, in the test suite (PATCH_ORDER_STRICT=1) the lint throws. The
 * seams: the rule's check (`checkCancellation`) made to throw for the whole file, and one handler's analysis
 * (JS `analyzeTry`) or one finding's message (Python `pythonFindingMessage`) made to throw once, which costs
 * only that handler's report.
 */
import { Linter } from 'eslint';
import { describe, expect, it, vi } from 'vitest';
import { restoreStrictAndMocksAfterEach } from '../../helpers/strict.js';
import rule from '../../../rules/no-swallowed-cancellation.js';
import * as check from '../../../src/checks/no-swallowed-cancellation/check.js';
import * as jsAnalysis from '../../../src/checks/no-swallowed-cancellation/js/analyze.js';
import * as pyMessages from '../../../src/checks/no-swallowed-cancellation/python/messages.js';
import { lintPython } from '../../helpers/rule-tester.js';

const RULE = 'patch-order/no-swallowed-cancellation';
const message = (where: string) =>
  `patch-order could not analyse this file: Error: analysis broke (in ${where}); please report it at https://github.com/patch-order/eslint-plugin-patch-order/issues`;

function lintJs(code: string): Linter.LintMessage[] {
  const config: Linter.Config[] = [
    { files: ['**/*.js'], plugins: { 'patch-order': { rules: { 'no-swallowed-cancellation': rule as never } } }, rules: { [RULE]: 'error' } },
  ];
  return new Linter({ configType: 'flat' }).verify(code, config, 'src/save.js');
}
const lintPy = (code: string) => lintPython(code, { 'no-swallowed-cancellation': rule as never });

const brief = (m: Linter.LintMessage) => ({ line: m.line, column: m.column, messageId: m.messageId, message: m.message });
const where = (m: Linter.LintMessage) => [m.line, m.column, m.messageId];

/** Two handlers that swallow an abort: reported at 4:5 and 11:5. */
const jsCode = `export async function save(data, signal) {
  try {
    await fetch('/save', { method: 'POST', body: data, signal });
  } catch (e) {
    console.error(e);
  }
}
export async function load(signal) {
  try {
    return await fetch('/load', { signal });
  } catch (e) {
    console.error(e);
  }
}
`;
/** Two handlers that swallow a CancelledError: reported at 7:12 and 14:12. */
const pyCode = `import asyncio


async def save(client):
    try:
        await client.save()
    except asyncio.CancelledError:
        pass


async def load(client):
    try:
        await client.load()
    except asyncio.CancelledError:
        pass
`;
const broke = () => {
  throw new Error('analysis broke');
};

describe('no-swallowed-cancellation internal errors', () => {
  restoreStrictAndMocksAfterEach();

  it('without a fault, the same files get their usual reports and no internalError', () => {
    process.env.PATCH_ORDER_STRICT = '0';
    expect(lintJs(jsCode).map(where)).toEqual([
      [4, 5, 'swallowedInCatch'],
      [11, 5, 'swallowedInCatch'],
    ]);
    expect(lintPy(pyCode).map(where)).toEqual([
      [7, 12, 'swallowedInExcept'],
      [14, 12, 'swallowedInExcept'],
    ]);
  });

  it("in a user's run, a check that throws is one report at 1:1 that names the error (JS and Python)", () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const spy = vi.spyOn(check, 'checkCancellation').mockImplementation(broke);
    expect(lintJs(jsCode).map(brief)).toEqual([{ line: 1, column: 1, messageId: 'internalError', message: message('no-swallowed-cancellation') }]);
    expect(lintPy(pyCode).map(brief)).toEqual([{ line: 1, column: 1, messageId: 'internalError', message: message('no-swallowed-cancellation') }]);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("in a user's run, a handler whose analysis throws costs only its own report, and the error is reported once (JS)", () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const spy = vi.spyOn(jsAnalysis, 'analyzeTry').mockImplementationOnce(broke);
    expect(lintJs(jsCode).map(brief)).toEqual([
      { line: 1, column: 1, messageId: 'internalError', message: message('no-swallowed-cancellation (JS)') },
      expect.objectContaining({ line: 11, column: 5, messageId: 'swallowedInCatch' }),
    ]);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("in a user's run, a finding whose message throws costs only that report, and the error is reported once (Python)", () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const spy = vi.spyOn(pyMessages, 'pythonFindingMessage').mockImplementationOnce(broke);
    expect(lintPy(pyCode).map(brief)).toEqual([
      { line: 1, column: 1, messageId: 'internalError', message: message('no-swallowed-cancellation (Python)') },
      expect.objectContaining({ line: 14, column: 12, messageId: 'swallowedInExcept' }),
    ]);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('a file with no handler never runs the JS analysis: no report', () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const spy = vi.spyOn(jsAnalysis, 'analyzeTry').mockImplementation(broke);
    expect(lintJs("export const load = (signal) => fetch('/load', { signal });\n")).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('under PATCH_ORDER_STRICT=1 the lint throws', () => {
    process.env.PATCH_ORDER_STRICT = '1';
    vi.spyOn(check, 'checkCancellation').mockImplementation(broke);
    expect(() => lintJs(jsCode)).toThrow(/analysis broke \(in no-swallowed-cancellation\)/u);
    expect(() => lintPy(pyCode)).toThrow(/analysis broke \(in no-swallowed-cancellation\)/u);
    vi.restoreAllMocks();
    vi.spyOn(jsAnalysis, 'analyzeTry').mockImplementationOnce(broke);
    expect(() => lintJs(jsCode)).toThrow(/analysis broke \(in no-swallowed-cancellation \(JS\)\)/u);
  });
});
