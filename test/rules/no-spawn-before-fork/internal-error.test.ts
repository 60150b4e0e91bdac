/**
 * An internal error of the analysis is never silent: in a user's run (PATCH_ORDER_STRICT unset) it is one
 * report on line 1 of the file, in the test suite (PATCH_ORDER_STRICT=1) the lint throws. The seam: the
 * per-language check the rule runs (`spawnForkChecks`) made to throw, for a JS and a Python file.
 */
import { Linter } from 'eslint';
import { describe, expect, it, vi } from 'vitest';
import { restoreStrictAndMocksAfterEach } from '../../helpers/strict.js';
import rule from '../../../rules/no-spawn-before-fork.js';
import { spawnForkChecks } from '../../../src/checks/no-spawn-before-fork/check.js';
import { lintPython } from '../../helpers/rule-tester.js';
import { fixture } from '../../helpers/rule-tester.js';

const RULE = 'patch-order/no-spawn-before-fork';
const cjs = fixture('unit/cjs/main.js');
const MESSAGE =
  'patch-order could not analyse this file: Error: analysis broke (in no-spawn-before-fork); please report it at https://github.com/patch-order/eslint-plugin-patch-order/issues';

function lintJs(code: string): Linter.LintMessage[] {
  const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { 'patch-order': { rules: { 'no-spawn-before-fork': rule as never } } }, rules: { [RULE]: 'error' } }];
  return new Linter({ configType: 'flat' }).verify(code, config, cjs);
}
const lintPy = (code: string) => lintPython(code, { 'no-spawn-before-fork': rule as never });

const brief = (m: Linter.LintMessage) => ({ line: m.line, column: m.column, messageId: m.messageId, message: m.message });
const jsCode = "const cluster = require('node:cluster');\nconst cron = require('node-cron');\ncron.schedule('0 * * * *', () => {});\nif (cluster.isPrimary) cluster.fork();\n";
const pyCode = 'import os\nimport threading\nthreading.Thread(target=print).start()\nos.fork()\n';

describe('no-spawn-before-fork internal errors', () => {
  restoreStrictAndMocksAfterEach();
  const breakCheck = (language: 'js' | 'python') =>
    vi.spyOn(spawnForkChecks, language).mockImplementation(() => {
      throw new Error('analysis broke');
    });

  it('without the fault, the same files get their usual reports (the seam is the analysis)', () => {
    expect(lintJs(jsCode).map((m) => [m.line, m.column, m.messageId])).toEqual([[3, 1, 'runsInEveryProcess']]);
    expect(lintPy(pyCode).map((m) => [m.line, m.column, m.messageId])).toEqual([[3, 1, 'startedBeforeFork']]);
  });

  it("in a user's run, one report at 1:1 names the error (JS)", () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const spy = breakCheck('js');
    expect(lintJs(jsCode).map(brief)).toEqual([{ line: 1, column: 1, messageId: 'internalError', message: MESSAGE }]);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("in a user's run, one report at 1:1 names the error (Python)", () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const spy = breakCheck('python');
    expect(lintPy(pyCode).map(brief)).toEqual([{ line: 1, column: 1, messageId: 'internalError', message: MESSAGE }]);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('each language runs only its own check', () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const py = breakCheck('python');
    expect(lintJs(jsCode).map((m) => m.messageId)).toEqual(['runsInEveryProcess']);
    expect(py).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    const js = breakCheck('js');
    expect(lintPy(pyCode).map((m) => m.messageId)).toEqual(['startedBeforeFork']);
    expect(js).not.toHaveBeenCalled();
  });

  it('under PATCH_ORDER_STRICT=1 the lint throws', () => {
    process.env.PATCH_ORDER_STRICT = '1';
    breakCheck('js');
    breakCheck('python');
    expect(() => lintJs(jsCode)).toThrow(/analysis broke \(in no-spawn-before-fork\)/);
    expect(() => lintPy(pyCode)).toThrow(/analysis broke \(in no-spawn-before-fork\)/);
  });
});
