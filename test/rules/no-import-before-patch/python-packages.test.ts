/**
 * Third-party packages load modules of their own (issue 13 item 2): with the generated table
 * (src/lang/python/package-loads.json, measured from Debian's python3-oslo.log, python3-trio …), a package
 * imported before the patch is reported for what it loads. Fixture pair: fixtures/py-third-party-bad (an
 * OpenStack-style service importing oslo.log before eventlet, a locust-style entry importing trio before gevent)
 * and fixtures/py-third-party-fixed (the same files, patch first).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import plugin from '../../../src/index.js';
import { rules } from '../../../src/rules.js';
import { createPythonRuleTester, fixture } from '../../helpers/rule-tester.js';

function eslintFor(dir: string, fix = false) {
  return new ESLint({
    cwd: dir,
    fix,
    overrideConfigFile: true,
    overrideConfig: [{ ...plugin.configs.python, rules: { 'patch-order/no-import-before-patch': 'error' } }],
  });
}

async function lint(dir: string) {
  const results = await eslintFor(dir).lintFiles(['.']);
  return results.flatMap((r) =>
    r.messages.map((m) => ({ at: `${path.relative(dir, r.filePath)}:${m.line}:${m.column}:${m.endLine}:${m.endColumn}`, message: m.message })),
  );
}

describe('no-import-before-patch: what third-party packages load (generated table)', () => {
  it('oslo_log.log before eventlet.monkey_patch() and trio before gevent patch_all(): reported where imported', async () => {
    const problems = await lint(fixture('py-third-party-bad'));
    expect(problems.map((p) => p.at)).toEqual(['locustfile.py:2:8:2:12', 'service.py:2:22:2:36']);
    // gevent tolerates most early loads, not ssl: trio loads it (measured from python3-trio 0.22.0)
    expect(problems[0]!.message).toMatch(/^'ssl' is loaded before gevent monkey\.patch_all\(\) takes effect at line 5\. Symptom: gevent warns/u);
    // oslo_log.log loads select, selectors, socket, ssl, threading … (measured from python3-oslo.log 5.0.1)
    expect(problems[1]!.message).toMatch(
      /^'select' is loaded before eventlet\.monkey_patch\(\) takes effect at line 5\. This line also loads 'selectors', 'socket' and 3 more names first\./u,
    );
  });

  it('the fix moves the patch first; the fixed files are exactly the corrected twins, which report nothing', async () => {
    const bad = fixture('py-third-party-bad');
    const results = await eslintFor(bad, true).lintFiles(['.']);
    const outputs = Object.fromEntries(results.map((r) => [path.relative(bad, r.filePath), r.output]));
    expect(outputs['service.py']).toBe(
      '"""An OpenStack-style service: oslo.log\'s log module is imported before eventlet patches."""\n' +
        'import eventlet\neventlet.monkey_patch()\nfrom oslo_log import log as logging\n\nLOG = logging.getLogger(__name__)\n',
    );
    expect(outputs['locustfile.py']).toBe(
      '"""A locust-style entry: trio is imported before gevent patches."""\n' +
        'from gevent import monkey\nmonkey.patch_all()\nimport trio\n\n\nasync def main():\n    await trio.sleep(0)\n',
    );
    // re-running the rule on the fix output reports nothing
    for (const [file, output] of Object.entries(outputs)) {
      const again = await eslintFor(bad).lintText(output!, { filePath: path.join(bad, file) });
      expect(again[0]!.messages, file).toEqual([]);
    }
    // the corrected twins: patch first, then the same imports
    expect(await lint(fixture('py-third-party-fixed'))).toEqual([]);
    expect(readFileSync(fixture('py-third-party-fixed', 'service.py'), 'utf8')).toContain('eventlet.monkey_patch()\n\nfrom oslo_log import log');
  });
});

const rule = rules['no-import-before-patch']!;
const tester = createPythonRuleTester({ 'no-import-before-patch': rule as never });

tester.run('no-import-before-patch (Python, third-party packages)', rule as never, {
  valid: [
    // Measured: oslo_log/__init__.py imports nothing that eventlet patches (oslo_log 5.0.1); the loads are in
    // oslo_log.log, which this program does not import before the patch.
    'import oslo_log\nimport eventlet\neventlet.monkey_patch()\n',
    // Patch first.
    'import eventlet\neventlet.monkey_patch()\nfrom oslo_log import log as logging\nimport oslo_messaging\n',
    'from gevent import monkey\nmonkey.patch_all()\nimport trio\n',
    // gevent tolerates threading loaded by a package (it re-keys the main thread); celery loads nothing that
    // matters until a submodule is imported.
    'import celery\nfrom gevent import monkey\nmonkey.patch_all()\n',
  ],
  invalid: [
    {
      // `from oslo_log import log` imports the submodule oslo_log.log (a key of the generated table).
      code: 'from oslo_log import log\nimport eventlet\neventlet.monkey_patch()\n',
      output: 'import eventlet\neventlet.monkey_patch()\nfrom oslo_log import log\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 22, endLine: 1, endColumn: 25 }],
    },
    {
      // oslo_messaging loads oslo_config, oslo_log … threading, socket and ssl, and (through requests → urllib3)
      // copies ssl.SSLContext: the copy is what is reported.
      code: 'import oslo_messaging as messaging\nimport eventlet\neventlet.monkey_patch()\n',
      output: 'import eventlet\neventlet.monkey_patch()\nimport oslo_messaging as messaging\n',
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 35 }],
    },
    {
      code: 'import trio\nfrom gevent import monkey\nmonkey.patch_all()\n',
      output: 'from gevent import monkey\nmonkey.patch_all()\nimport trio\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 12 }],
    },
  ],
});
