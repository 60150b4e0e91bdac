/**
 * An internal error of the analysis is never silent: in a user's run (PATCH_ORDER_STRICT unset) it is one
 * report on line 1 of the file, in the test suite (PATCH_ORDER_STRICT=1) the lint throws. The seam: the
 * language-neutral core (`findPatchOrderProblems`) made to throw, for a JS and a Python file.
 */
import { Linter } from 'eslint';
import { describe, expect, it, vi } from 'vitest';
import { restoreStrictAndMocksAfterEach } from '../../helpers/strict.js';
import rule from '../../../rules/no-import-before-patch.js';
import * as core from '../../../src/checks/no-import-before-patch/loaded-before.js';
import { lintPython } from '../../helpers/rule-tester.js';
import { fixture } from '../../helpers/rule-tester.js';

const RULE = 'patch-order/no-import-before-patch';
const cjs = fixture('unit/cjs/main.js');
const MESSAGE =
  'patch-order could not analyse this file: Error: analysis broke (in no-import-before-patch); please report it at https://github.com/patch-order/eslint-plugin-patch-order/issues';

function lintJs(code: string): Linter.LintMessage[] {
  const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { 'patch-order': { rules: { 'no-import-before-patch': rule as never } } }, rules: { [RULE]: 'error' } }];
  return new Linter({ configType: 'flat' }).verify(code, config, cjs);
}
const lintPy = (code: string) => lintPython(code, { 'no-import-before-patch': rule as never });

const brief = (m: Linter.LintMessage) => ({ line: m.line, column: m.column, messageId: m.messageId, message: m.message });
const jsCode = "const express = require('express');\nrequire('dd-trace').init();\n";
const pyCode = 'import threading\nfrom gevent import monkey\nmonkey.patch_all()\n';

describe('no-import-before-patch internal errors', () => {
  restoreStrictAndMocksAfterEach();
  const breakAnalysis = () =>
    vi.spyOn(core, 'findPatchOrderProblems').mockImplementation(() => {
      throw new Error('analysis broke');
    });

  it('without the fault, the same files get their usual reports (the seam is the analysis)', () => {
    expect(lintJs(jsCode).map((m) => [m.line, m.column, m.messageId])).toEqual([[1, 17, 'loadedBeforePatch']]);
    expect(lintPy(pyCode).map((m) => [m.line, m.column, m.messageId])).toEqual([[1, 8, 'loadedBeforePatch']]);
  });

  it("in a user's run, one report at 1:1 names the error (JS)", () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const spy = breakAnalysis();
    expect(lintJs(jsCode).map(brief)).toEqual([{ line: 1, column: 1, messageId: 'internalError', message: MESSAGE }]);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("in a user's run, one report at 1:1 names the error (Python)", () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const spy = breakAnalysis();
    expect(lintPy(pyCode).map(brief)).toEqual([{ line: 1, column: 1, messageId: 'internalError', message: MESSAGE }]);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('a file that cannot reach an activation never runs the analysis: no report', () => {
    process.env.PATCH_ORDER_STRICT = '0';
    const spy = breakAnalysis();
    expect(lintJs("const express = require('express');\nmodule.exports = express;\n")).toEqual([]);
    expect(lintPy('import json\nprint(json.dumps({}))\n')).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('under PATCH_ORDER_STRICT=1 the lint throws', () => {
    process.env.PATCH_ORDER_STRICT = '1';
    breakAnalysis();
    expect(() => lintJs(jsCode)).toThrow(/analysis broke \(in no-import-before-patch\)/);
    expect(() => lintPy(pyCode)).toThrow(/analysis broke \(in no-import-before-patch\)/);
  });
});
