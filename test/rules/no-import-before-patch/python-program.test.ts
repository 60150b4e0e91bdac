/**
 * Python runs every parent package's __init__.py, outermost first, before the first line of a module below it.
 * A module of a package whose own __init__ patches runs patched; a load in an outer __init__.py happens before a
 * patch made further down the package, in every program that imports a module there, and is reported once, on
 * the __init__.py's own line.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import plugin from '../../../src/index.js';
import { fixture, lintPython } from '../../helpers/rule-tester.js';

async function lint(dir: string) {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ ...plugin.configs.python, rules: { 'patch-order/no-import-before-patch': 'error' } }],
  });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((r) => r.messages.map((m) => ({ at: `${r.filePath.slice(dir.length + 1)}:${m.line}:${m.column}`, message: m.message })));
}

describe('no-import-before-patch: parent packages run first', () => {
  it('an outer __init__.py that imports threading before proj/cmd/__init__.py patches: reported once, there', async () => {
    const problems = await lint(fixture('py-parent-order-bad'));
    expect(problems.map((p) => p.at)).toEqual(['proj/__init__.py:1:8']);
    expect(problems[0]!.message).toMatch(/^'threading' is loaded before eventlet\.monkey_patch\(\) takes effect at proj\/(cmd|tests)\/__init__\.py:3/);
  });

  it('the corrected package (the import moved into the function that needs it) is clean; so are the tests below a patching __init__', async () => {
    expect(await lint(fixture('py-parent-order-fixed'))).toEqual([]);
  });

  it("a package imported by the patched file itself counts what it loads (redis loads socket): reported; imported after the patch: clean", async () => {
    const rule = { 'no-import-before-patch': plugin.rules['no-import-before-patch'] as never };
    const bad = lintPython('import redis\nimport eventlet\n\neventlet.monkey_patch()\n', rule, 'app.py');
    expect(bad.map((m) => `${m.line}:${m.column}`)).toEqual(['1:8']);
    expect(bad[0]!.message).toMatch(/^'select' is loaded before eventlet\.monkey_patch\(\) takes effect at line 4\. This line also loads 'selectors', 'socket'/);
    expect(lintPython('import eventlet\n\neventlet.monkey_patch()\nimport redis\n', rule, 'app.py')).toEqual([]);
  });
});
