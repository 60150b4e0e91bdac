import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import plugin from '../../../src/index.js';
import { rules } from '../../../src/rules.js';
import { createPythonRuleTester } from '../../helpers/rule-tester.js';
import { fixture } from '../../helpers/rule-tester.js';

const rule = rules['no-import-before-patch']!;
const tester = createPythonRuleTester({ 'no-import-before-patch': rule as never });

tester.run('no-import-before-patch (Python)', rule as never, {
  valid: [
    // Patch first.
    'from gevent import monkey\nmonkey.patch_all()\nimport threading\nfrom threading import Lock\n',
    // thread=False leaves threading alone: importing it first is the documented way to keep native threads.
    'from gevent import monkey\nmonkey.patch_all(thread=False)\nimport threading\nfrom threading import Lock\n',
    // `import logging` loads threading, and gevent repairs logging's locks: not the KeyError bug.
    'import logging\nfrom gevent import monkey\nmonkey.patch_all()\n',
    // A module imported first but used through its attributes gets the patched functions.
    'import time\nfrom gevent import monkey\nmonkey.patch_all()\ntime.sleep(1)\n',
    // Imports under TYPE_CHECKING never run.
    'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from threading import Lock\nfrom gevent import monkey\nmonkey.patch_all()\n',
    // An import inside a function that runs after the patch.
    'def main():\n    from threading import Lock\n    return Lock()\n\nfrom gevent import monkey\nmonkey.patch_all()\nmain()\n',
    // Docstring and __future__ stay first; the patch right after them is first.
    '"""App."""\nfrom __future__ import annotations\nfrom gevent import monkey\nmonkey.patch_all()\nimport socket\n',
    'import matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot as plt\n',
    'from opentelemetry.instrumentation.flask import FlaskInstrumentor\nFlaskInstrumentor().instrument()\nfrom flask import Flask\n',
    // An unrelated `patch_all` is not gevent's.
    'import threading\nfrom mylib import patch_all\npatch_all()\n',
    // The fixed shapes: the patch first, with its comment, below the shebang and encoding line.
    '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# gevent must patch first\nfrom gevent import monkey\nmonkey.patch_all()\n\nimport threading\nfrom threading import Lock\nfrom time import sleep\n',
    // Every offending line disabled by its own directive.
    '# eslint-disable-next-line\nimport threading\n# eslint-disable-next-line\nfrom threading import Lock\nfrom gevent import monkey\nmonkey.patch_all()\n',
  ],
  invalid: [
    {
      // The patch after a blank-line-separated import block: it lands as a paragraph of its own, and leaves
      // no doubled blank line where it was.
      code: 'import threading\nimport socket\n\nfrom gevent import monkey\nmonkey.patch_all()\n\napp = 1\n',
      output: 'from gevent import monkey\nmonkey.patch_all()\n\nimport threading\nimport socket\n\napp = 1\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 17 }],
    },
    {
      // The comment above the patch and the one after it on its line move with it.
      code: 'import threading\n\n# gevent must patch first\nfrom gevent import monkey\nmonkey.patch_all()  # noqa: E402\n',
      output: '# gevent must patch first\nfrom gevent import monkey\nmonkey.patch_all()  # noqa: E402\n\nimport threading\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 17 }],
    },
    {
      // At the end of a file without a final line break: the file still ends without one.
      code: 'import threading\nfrom gevent import monkey\nmonkey.patch_all()',
      output: 'from gevent import monkey\nmonkey.patch_all()\nimport threading',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 17 }],
    },
    {
      code: 'import threading\n\nfrom gevent import monkey\nmonkey.patch_all()',
      output: 'from gevent import monkey\nmonkey.patch_all()\n\nimport threading',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 17 }],
    },
    {
      // CRLF line endings are kept.
      code: 'import threading\r\n\r\nfrom gevent import monkey\r\nmonkey.patch_all()\r\n\r\napp = 1\r\n',
      output: 'from gevent import monkey\r\nmonkey.patch_all()\r\n\r\nimport threading\r\n\r\napp = 1\r\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 17 }],
    },
    {
      // The shebang and the encoding line stay first.
      code: '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport threading\n\nfrom gevent import monkey\nmonkey.patch_all()\n',
      output: '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nfrom gevent import monkey\nmonkey.patch_all()\n\nimport threading\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 3, column: 8, endLine: 3, endColumn: 17 }],
    },
    {
      // Below the docstring, above the comment that belongs to the first import.
      code: '"""Worker."""\n\n# stdlib\nimport threading\n\nfrom gevent import monkey\nmonkey.patch_all()\n',
      output: '"""Worker."""\n\nfrom gevent import monkey\nmonkey.patch_all()\n\n# stdlib\nimport threading\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 4, column: 8, endLine: 4, endColumn: 17 }],
    },
    {
      // The import of the patch module stays where it is when it comes first; the call moves up to it.
      code: 'from gevent import monkey\nimport threading\n\nmonkey.patch_all()\n\napp = 1\n',
      output: 'from gevent import monkey\nmonkey.patch_all()\nimport threading\n\napp = 1\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 2, column: 8, endLine: 2, endColumn: 17 }],
    },
    {
      // Each offending statement is its own report: a directive hides only the line it names.
      code: '# eslint-disable-next-line\nimport threading\nfrom threading import Lock\nfrom gevent import monkey\nmonkey.patch_all()\n',
      // The directive stays with the line it is about.
      output: 'from gevent import monkey\nmonkey.patch_all()\n# eslint-disable-next-line\nimport threading\nfrom threading import Lock\n',
      errors: [{ messageId: 'capturedBeforePatch', line: 3, column: 23, endLine: 3, endColumn: 27 }],
    },
    {
      code: 'import threading\nfrom threading import Lock\nfrom time import sleep\nfrom gevent import monkey\nmonkey.patch_all()\n',
      output: 'from gevent import monkey\nmonkey.patch_all()\nimport threading\nfrom threading import Lock\nfrom time import sleep\n',
      errors: [
        { messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 17 },
        { messageId: 'capturedBeforePatch', line: 2, column: 23, endLine: 2, endColumn: 27 },
        { messageId: 'capturedBeforePatch', line: 3, column: 18, endLine: 3, endColumn: 23 },
      ],
    },
    {
      // Seed 000: threading imported before patch_thread (KeyError at exit on old gevent).
      code: 'import threading\nimport gevent.monkey; gevent.monkey.patch_thread()\n',
      output: 'import gevent.monkey; gevent.monkey.patch_thread()\nimport threading\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 17 }],
    },
    {
      // Seed 002: a threading name copied before patch_all keeps the native lock.
      code: 'from threading import Lock\nfrom gevent import monkey\nmonkey.patch_all()\n',
      output: 'from gevent import monkey\nmonkey.patch_all()\nfrom threading import Lock\n',
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 23, endLine: 1, endColumn: 27 }],
    },
    {
      // The patch moves below the module docstring and __future__ imports, never above them.
      code: '"""Service."""\nfrom __future__ import annotations\nfrom socket import socket\nimport gevent.monkey\ngevent.monkey.patch_all()\n',
      output: '"""Service."""\nfrom __future__ import annotations\nimport gevent.monkey\ngevent.monkey.patch_all()\nfrom socket import socket\n',
      errors: [{ messageId: 'capturedBeforePatch', line: 3, column: 20, endLine: 3, endColumn: 26 }],
    },
    {
      // requests (through urllib3) copies ssl.SSLContext while it loads.
      code: 'import requests\nfrom gevent import monkey\nmonkey.patch_all()\n',
      output: 'from gevent import monkey\nmonkey.patch_all()\nimport requests\n',
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 16 }],
    },
    {
      // Not moved automatically: the call reads `opts`, bound between the target and the patch.
      code: 'from socket import create_connection\nopts = {"thread": False}\nfrom gevent import monkey\nmonkey.patch_all(**opts)\n',
      output: null,
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 20, endLine: 1, endColumn: 37 }],
    },
    {
      code: 'import matplotlib.pyplot as plt\nimport matplotlib\nmatplotlib.use("Agg")\n',
      output: 'import matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot as plt\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 32 }],
    },
    {
      code: 'import torch\nimport os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0"\n',
      output: 'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0"\nimport torch\n',
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 8, endLine: 1, endColumn: 13 }],
    },
    {
      code: 'from flask import Flask\nfrom opentelemetry.instrumentation.flask import FlaskInstrumentor\nFlaskInstrumentor().instrument()\napp = Flask(__name__)\n',
      output: 'from opentelemetry.instrumentation.flask import FlaskInstrumentor\nFlaskInstrumentor().instrument()\nfrom flask import Flask\napp = Flask(__name__)\n',
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 19, endLine: 1, endColumn: 24 }],
    },
  ],
});

async function lintPy(dir: string) {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [plugin.configs.python] });
  const results = await eslint.lintFiles(['**/*.py']);
  return results.flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId === 'patch-order/no-import-before-patch' || m.fatal)
      .map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line}:${m.column} ${m.messageId ?? m.message}`),
  );
}

describe('seed programs as fixture projects (ESLint class, configs.python)', () => {
  it('seed 000: `import threading` before patch_thread() is reported; the corrected program is clean', async () => {
    expect(await lintPy(fixture('py-seed-000-bad'))).toEqual(['test.py:2:8 loadedBeforePatch']);
    expect(await lintPy(fixture('py-seed-000-fixed'))).toEqual([]);
  });
  it('seed 001: threading loaded before patch_thread() in the threads demo; the corrected program is clean', async () => {
    expect(await lintPy(fixture('py-seed-001-bad'))).toEqual(['threads.py:4:8 loadedBeforePatch']);
    expect(await lintPy(fixture('py-seed-001-fixed'))).toEqual([]);
  });
  it('seed 002: Thread/Event taken from threading before patch_all(); the corrected program is clean', async () => {
    expect(await lintPy(fixture('py-seed-002-bad'))).toEqual(['app.py:2:8 loadedBeforePatch', 'app.py:3:23 capturedBeforePatch']);
    expect(await lintPy(fixture('py-seed-002-fixed'))).toEqual([]);
  });
  it('a package __init__ chain that imports threading, then the patch: reported at the import with the chain', async () => {
    // main.py: `import app` runs app/__init__.py, which imports app.config: `from time import sleep`.
    expect(await lintPy(fixture('py-local-chain-bad'))).toEqual(['main.py:1:8 capturedBeforePatch']);
    expect(await lintPy(fixture('py-local-chain-fixed'))).toEqual([]);
  });
});
