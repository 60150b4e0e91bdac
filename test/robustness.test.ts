/**
 * Robustness: odd inputs lint without a crash and with the behaviour docs/robustness.md states.
 *
 * Every case lints through the ESLint class with every registered rule on (configs.recommended for
 * JS/TS, configs.python for .py), as a user's CLI run does. Big and odd files (5 MB, 200-deep chains,
 * symlink loops, FIFOs, binary, BOM/CRLF/CR, invalid UTF-8) are generated into a temp dir per test;
 * small committed fixtures are under fixtures/robustness/.
 *
 * The plugin's file-system calls are recorded (node:fs is wrapped for the plugin's modules only; ESLint
 * itself is not affected), so "never reads outside the roots" is checked against what was actually read.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import plugin from '../src/index.js';
import { resetStats, stats } from '../src/util/stats.js';
import { clearFsCaches } from '../src/util/fs-cache.js';

const fsLog = vi.hoisted(() => ({ calls: [] as { fn: string; path: string }[], denyRead: [] as string[] }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const watched = ['readFileSync', 'statSync', 'lstatSync', 'existsSync', 'readdirSync', 'realpathSync', 'openSync', 'readlinkSync', 'accessSync'] as const;
  const wrapped: Record<string, unknown> = {};
  for (const fn of watched) {
    const original = real[fn] as (...args: unknown[]) => unknown;
    const wrapper = (...args: unknown[]) => {
      const p = String(args[0]);
      fsLog.calls.push({ fn, path: p });
      if (fn === 'readFileSync' && fsLog.denyRead.some((d) => p.endsWith(d))) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES', errno: -13, syscall: 'open', path: p });
      }
      return original(...args);
    };
    if (fn === 'realpathSync') Object.assign(wrapper, { native: real.realpathSync.native });
    wrapped[fn] = wrapper;
  }
  return { ...real, ...wrapped, default: { ...real, ...wrapped } };
});

const repo = fileURLToPath(new URL('..', import.meta.url));
const fixtures = path.join(repo, 'fixtures', 'robustness');

interface Problem {
  file: string;
  ruleId: string | null;
  line: number;
  column: number;
  message: string;
  fatal?: boolean;
}

/** Lint with all the plugin's rules on, as configured by a user (recommended + python configs). */
async function lint(cwd: string, files: string[], settings: Record<string, unknown> = {}): Promise<Problem[]> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser as never } },
      plugin.configs.recommended as never,
      plugin.configs.python as never,
      { settings: { 'patch-order': settings } },
    ],
  });
  const results = await eslint.lintFiles(files);
  return results
    .flatMap((r) =>
      r.messages.map((m) => ({
        file: path.relative(cwd, r.filePath),
        ruleId: m.ruleId,
        line: m.line,
        column: m.column,
        message: m.message,
        ...(m.fatal ? { fatal: true } : {}),
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

const brief = (p: Problem) => `${p.file}:${p.line}:${p.column} ${p.ruleId ?? (p.fatal ? 'fatal' : 'null')}`;
const RULE = 'patch-order/no-import-before-patch';

let dir: string;
function write(rel: string, content: string | Buffer): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}
const readsOf = (fn: string, suffix: string) => fsLog.calls.filter((c) => c.fn === fn && c.path.endsWith(suffix)).length;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'patch-order-robust-'));
  fsLog.calls.length = 0;
  fsLog.denyRead.length = 0;
  resetStats();
  clearFsCaches();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const JS_ENTRY = "require('./dep');\nrequire('dd-trace').init();\n";
const PY_ENTRY = 'import dep\nfrom gevent import monkey\nmonkey.patch_all()\n';
// Documented behaviours (docs/robustness.md) of Python dependencies CPython itself would refuse.
// Invalid UTF-8: decoded with U+FFFD and analysed: right for files with a PEP 263 coding cookie (latin-1 …), which
// CPython runs; for an undeclared invalid file CPython raises SyntaxError instead (not checked).
const PY_INVALID_UTF8_DEP = ['main.py:1:8 patch-order/no-import-before-patch'];
// tree-sitter recovers from errors, but a module with a syntax error never runs: it contributes nothing.
const PY_SYNTAX_ERROR_DEP: string[] = [];

describe('the fs recorder sees the plugin reading (else the outside-roots checks would prove nothing)', () => {
  it('records the reads of a dependency the plugin summarizes', async () => {
    write('main.js', JS_ENTRY);
    write('dep.js', "require('express');\n");
    const problems = await lint(dir, ['main.js']);
    expect(problems.map(brief)).toEqual([`main.js:1:1 ${RULE}`]);
    expect(readsOf('readFileSync', `${path.sep}dep.js`)).toBeGreaterThan(0);
  });
});

const MB5 = 5 * 1024 * 1024;
/** `lines` of filler until the text is at least `bytes` long. */
function padded(head: string, bytes: number, line: string): string {
  return head + line.repeat(Math.ceil(bytes / line.length));
}

describe('5 MB generated files', () => {
  it('JS: a 5 MB dependency is not read (no events from it); the same module small is followed', async () => {
    write('main.js', JS_ENTRY);
    write('dep.js', padded("require('express');\n", MB5, '// generated padding line of a bundle\n'));
    expect(await lint(dir, ['main.js'])).toEqual([]);
    expect(readsOf('readFileSync', `${path.sep}dep.js`)).toBe(0);
    write('dep.js', padded("require('express');\n", 1000, '// generated padding line of a bundle\n'));
    clearFsCaches();
    const twin = await lint(dir, ['main.js'], { cacheFreshnessMs: 0 });
    expect(twin.map(brief)).toEqual([`main.js:1:1 ${RULE}`]);
  });

  it('Python: a 5 MB dependency is not read; the same module small is followed', async () => {
    write('main.py', PY_ENTRY);
    write('dep.py', padded('import threading\n', MB5, '# generated padding line of a table\n'));
    expect(await lint(dir, ['main.py'])).toEqual([]);
    expect(readsOf('readFileSync', `${path.sep}dep.py`)).toBe(0);
    write('dep.py', padded('import threading\n', 1000, '# generated padding line of a table\n'));
    const twin = await lint(dir, ['main.py'], { cacheFreshnessMs: 0 });
    expect(twin.map(brief)).toEqual([`main.py:1:8 ${RULE}`]);
  });

  it('a large file being linted itself (250 KB here: ESLint alone needs ~30 s for 5 MB) is analysed without a crash', async () => {
    write('big.js', padded("require('express');\nrequire('dd-trace').init();\n", 250_000, 'exports.v = [1, 2, 3].map((x) => x * 2);\n'));
    write('big.py', padded('import threading\nfrom gevent import monkey\nmonkey.patch_all()\n', 250_000, 'VALUES = [1, 2, 3]\n'));
    const problems = await lint(dir, ['big.js', 'big.py']);
    expect(problems.map(brief)).toEqual([`big.js:1:1 ${RULE}`, `big.py:1:8 ${RULE}`]);
  });
});

describe('200-deep import chains', () => {
  it('JS: the load at the end of a 200-module chain is found, with the whole chain named', async () => {
    write('main.js', "require('./m0');\nrequire('dd-trace').init();\n");
    for (let i = 0; i < 200; i++) write(`m${i}.js`, i === 199 ? "require('express');\n" : `require('./m${i + 1}');\n`);
    const [problem, ...rest] = await lint(dir, ['main.js']);
    expect(rest).toEqual([]);
    expect(brief(problem!)).toBe(`main.js:1:1 ${RULE}`);
    const chain = Array.from({ length: 200 }, (_, i) => `m${i}.js:1`).join(' → ');
    expect(problem!.message).toContain(`'express' is loaded by m199.js:1 before Datadog APM (dd-trace) takes effect at line 2. Chain: this line → ${chain} → 'express'.`);
  });

  it('JS: a walk cut by maxDepth reports nothing it did not see (bounded, no guess)', async () => {
    write('main.js', "require('./m0');\nrequire('dd-trace').init();\n");
    for (let i = 0; i < 200; i++) write(`m${i}.js`, i === 199 ? "require('express');\n" : `require('./m${i + 1}');\n`);
    expect(await lint(dir, ['main.js'], { maxDepth: 50 })).toEqual([]);
  });

  it('Python: threading imported at the end of a 200-module chain is found', async () => {
    write('main.py', 'import p0\nfrom gevent import monkey\nmonkey.patch_all()\n');
    for (let i = 0; i < 200; i++) write(`p${i}.py`, i === 199 ? 'import threading\n' : `import p${i + 1}\n`);
    const [problem, ...rest] = await lint(dir, ['main.py']);
    expect(rest).toEqual([]);
    expect(brief(problem!)).toBe(`main.py:1:8 ${RULE}`);
    expect(problem!.message).toContain(`'threading' is loaded by p199.py:1 before gevent monkey.patch_all() takes effect at line 3. Chain: this line → p0.py:1 → p1.py:1 → `);
    expect(problem!.message).toContain("p198.py:1 → p199.py:1 → 'threading'.");
  });
});

describe('import cycles', () => {
  it('Python: a cycle and a self-import terminate; the module on the stack is not re-entered (committed fixture)', async () => {
    const cwd = path.join(fixtures, 'py-cycles');
    const problems = await lint(cwd, ['.']);
    expect(problems.map(brief)).toEqual([`main.py:1:8 ${RULE}`]);
    expect(problems[0]!.message).toContain("'threading' is loaded by b.py:2 before gevent monkey.patch_all() takes effect at line 3. Chain: this line → a.py:1 → b.py:2 → 'threading'.");
  });

  it('JS: a self-require and a three-module cycle terminate and still find the load', async () => {
    write('main.js', "require('./a');\nrequire('dd-trace').init();\n");
    write('a.js', "require('./a');\nrequire('./b');\n");
    write('b.js', "require('./c');\n");
    write('c.js', "require('./a');\nrequire('express');\n");
    const problems = await lint(dir, ['main.js']);
    expect(problems.map(brief)).toEqual([`main.js:1:1 ${RULE}`]);
    expect(problems[0]!.message).toContain("'express' is loaded by c.js:2 before Datadog APM (dd-trace) takes effect at line 2. Chain: this line → a.js:2 → b.js:1 → c.js:2 → 'express'.");
  });
});

describe('symlink loops', () => {
  it('JS: a directory symlink loop and a file symlink loop neither hang nor crash', async () => {
    symlinkSync('.', path.join(dir, 'loop'));
    symlinkSync('y.js', path.join(dir, 'x.js'));
    symlinkSync('x.js', path.join(dir, 'y.js'));
    write('main.js', "require('./x');\nrequire('./loop/loop/loop/loop/dep');\nrequire('dd-trace').init();\n");
    write('dep.js', "require('express');\n");
    // x.js cannot be opened (ELOOP): skipped. loop/loop/loop/loop/dep.js is dep.js, as Node would load it.
    const problems = await lint(dir, ['main.js']);
    expect(problems.map(brief)).toEqual([`main.js:2:1 ${RULE}`]);
  });

  it('Python: a package symlinked into itself and a file symlink loop neither hang nor crash', async () => {
    write('pkg/__init__.py', '');
    write('pkg/mod.py', 'import threading\n');
    symlinkSync('.', path.join(dir, 'pkg', 'loop'));
    symlinkSync('dep2.py', path.join(dir, 'dep.py'));
    symlinkSync('dep.py', path.join(dir, 'dep2.py'));
    write('main.py', 'import dep\nimport pkg.loop.loop.loop.mod\nfrom gevent import monkey\nmonkey.patch_all()\n');
    const problems = await lint(dir, ['main.py']);
    expect(problems.map(brief)).toEqual([`main.py:2:8 ${RULE}`]);
  });
});

describe('unreadable files', () => {
  it('JS and Python: a dependency that cannot be read (EACCES) is skipped and counted; readable, it is followed', async () => {
    write('main.js', JS_ENTRY);
    write('dep.js', "require('express');\n");
    write('main.py', PY_ENTRY);
    write('dep.py', 'import threading\n');
    // Tests run as root here, where chmod 000 does not stop a read: the read is denied at the fs call.
    fsLog.denyRead.push(`${path.sep}dep.js`, `${path.sep}dep.py`);
    expect(await lint(dir, ['main.js', 'main.py'], { cacheFreshnessMs: 0 })).toEqual([]);
    expect(stats.filesSkipped).toBeGreaterThanOrEqual(2);
    fsLog.denyRead.length = 0;
    // A failed read is retried after the freshness window even when the file did not change (a chmod
    // changes neither mtime nor size): readable again, it is read and followed.
    const twin = await lint(dir, ['main.js', 'main.py'], { cacheFreshnessMs: 0 });
    expect(twin.map(brief)).toEqual([`main.js:1:1 ${RULE}`, `main.py:1:8 ${RULE}`]);
    expect(twin[0]!.message).toContain('is loaded by dep.js:1 before');
    expect(twin[1]!.message).toContain('is loaded by dep.py:1 before');
  });

  it('a FIFO named like a module is never opened (a read would block the lint run)', async () => {
    write('main.js', JS_ENTRY);
    write('main.py', PY_ENTRY);
    execFileSync('mkfifo', [path.join(dir, 'dep.js'), path.join(dir, 'dep.py')]);
    const problems = await lint(dir, ['main.js', 'main.py']);
    expect(problems).toEqual([]);
    expect(fsLog.calls.filter((c) => (c.fn === 'readFileSync' || c.fn === 'openSync') && /dep\.(js|py)$/.test(c.path))).toEqual([]);
  });
});

describe('binary files named .js / .py', () => {
  const binary = (text: string) => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 0]), Buffer.from(text), Buffer.alloc(64, 0)]);

  it('as a dependency: skipped (no events, counted), even when it contains a matching string', async () => {
    write('main.js', JS_ENTRY);
    write('dep.js', binary("require('express');\n"));
    write('main.py', PY_ENTRY);
    write('dep.py', binary('import threading\n'));
    expect(await lint(dir, ['main.js', 'main.py'])).toEqual([]);
    expect(stats.filesSkipped).toBeGreaterThanOrEqual(2);
  });

  it('linted itself: a parsing error from ESLint / the Python language, never a rule crash', async () => {
    write('data.js', binary("require('express');\nrequire('dd-trace').init();\n"));
    write('data.py', binary('import threading\n'));
    const problems = await lint(dir, ['data.js', 'data.py']);
    expect(problems.every((p) => p.ruleId === null && p.fatal === true && p.message.startsWith('Parsing error'))).toBe(true);
    expect(problems.map((p) => p.file)).toEqual(['data.js', 'data.py']);
  });
});

describe('BOM, CRLF and lone-CR line ends', () => {
  it('JS entry with BOM + CRLF: reported at the right place; the fix keeps BOM and CRLF and re-lints clean', async () => {
    write('main.js', "\uFEFFrequire('./dep');\r\nrequire('dd-trace').init();\r\n");
    write('dep.js', "\uFEFF// dep\r\nrequire('express');\r\n");
    const problems = await lint(dir, ['main.js']);
    expect(problems.map(brief)).toEqual([`main.js:1:1 ${RULE}`]);
    expect(problems[0]!.message).toContain('is loaded by dep.js:2 before');
    const fixed = await fixOutput(dir, 'main.js');
    expect(fixed).toBe("\uFEFFrequire('dd-trace').init();\r\nrequire('./dep');\r\n");
    write('main.js', fixed!);
    expect(await lint(dir, ['main.js'])).toEqual([]);
  });

  it('JS with lone CR line ends (a line terminator for JS too): lines counted as Node counts them', async () => {
    write('main.js', "require('./dep');\rrequire('dd-trace').init();\r");
    write('dep.js', "const x = 1;\rrequire('express');\r");
    const problems = await lint(dir, ['main.js']);
    expect(problems.map(brief)).toEqual([`main.js:1:1 ${RULE}`]);
    expect(problems[0]!.message).toContain("'express' is loaded by dep.js:2 before Datadog APM (dd-trace) takes effect at line 2.");
    const fixed = await fixOutput(dir, 'main.js');
    // The moved statement keeps the file's own line ending.
    expect(fixed).toBe("require('dd-trace').init();\rrequire('./dep');\r");
    write('main.js', fixed!);
    expect(await lint(dir, ['main.js'])).toEqual([]);
  });

  it('Python with BOM + CRLF (CPython accepts both): reported at the right place; the fix keeps them', async () => {
    write('main.py', '\uFEFFimport dep\r\nfrom gevent import monkey\r\nmonkey.patch_all()\r\n');
    write('dep.py', '\uFEFF# dep\r\nimport threading\r\n');
    const problems = await lint(dir, ['main.py']);
    expect(problems.map(brief)).toEqual([`main.py:1:8 ${RULE}`]);
    expect(problems[0]!.message).toContain("'threading' is loaded by dep.py:2 before gevent monkey.patch_all() takes effect at line 3.");
    const fixed = await fixOutput(dir, 'main.py');
    expect(fixed).toBe('\uFEFFfrom gevent import monkey\r\nmonkey.patch_all()\r\nimport dep\r\n');
    write('main.py', fixed!);
    expect(await lint(dir, ['main.py'])).toEqual([]);
  });

  it('Python with lone CR line ends (a newline for CPython, which runs such files)', async () => {
    write('main.py', 'import dep\rfrom gevent import monkey\rmonkey.patch_all()\r');
    write('dep.py', 'import os\rimport threading\r');
    const problems = await lint(dir, ['main.py']);
    expect(problems.map(brief)).toEqual([`main.py:1:8 ${RULE}`]);
    expect(problems[0]!.message).toContain("'threading' is loaded by dep.py:2 before gevent monkey.patch_all() takes effect at line 3.");
    // The move-to-top fix keeps the file's lone-CR line ends.
    const fixed = await fixOutput(dir, 'main.py');
    expect(fixed).toBe('from gevent import monkey\rmonkey.patch_all()\rimport dep\r');
    write('main.py', fixed!);
    expect(await lint(dir, ['main.py'])).toEqual([]);
  });

  it('precision twin: the patch first, with CRLF / CR, is clean', async () => {
    write('main.py', 'from gevent import monkey\r\nmonkey.patch_all()\r\nimport dep\r\n');
    write('dep.py', 'import os\rimport threading\r');
    write('main.js', "require('dd-trace').init();\rrequire('./dep');\r");
    write('dep.js', "require('express');\r\n");
    expect(await lint(dir, ['main.py', 'main.js'])).toEqual([]);
  });
});

describe('invalid UTF-8', () => {
  it('JS: decoded with U+FFFD as Node does (Node runs the module), so the load after it is found', async () => {
    write('main.js', JS_ENTRY);
    write('dep.js', Buffer.concat([Buffer.from('const s = "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('";\nrequire(\'express\');\n')]));
    const problems = await lint(dir, ['main.js']);
    expect(problems.map(brief)).toEqual([`main.js:1:1 ${RULE}`]);
    expect(problems[0]!.message).toContain('is loaded by dep.js:2 before');
  });

  it('JS and Python entries with invalid bytes lint without a crash', async () => {
    write('main.js', Buffer.concat([Buffer.from('// '), Buffer.from([0xff, 0x0a]), Buffer.from(JS_ENTRY)]));
    write('dep.js', "require('express');\n");
    write('main.py', Buffer.concat([Buffer.from('# '), Buffer.from([0xff, 0x0a]), Buffer.from(PY_ENTRY)]));
    write('dep.py', 'import threading\n');
    const problems = await lint(dir, ['main.js', 'main.py']);
    expect(problems.map(brief)).toEqual([`main.js:2:1 ${RULE}`, `main.py:2:8 ${RULE}`]);
  });

  it('Python dependency with invalid UTF-8 (CPython refuses to import it): documented behaviour', async () => {
    write('main.py', PY_ENTRY);
    write('dep.py', Buffer.concat([Buffer.from('X = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\nimport threading\n')]));
    const problems = await lint(dir, ['main.py']);
    expect(problems.map(brief)).toEqual(PY_INVALID_UTF8_DEP);
    // With a coding cookie the same bytes are valid Python (CPython runs it): reported, rightly.
    write('dep.py', Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nX = "'), Buffer.from([0xe9]), Buffer.from('"\nimport threading\n')]));
    const declared = await lint(dir, ['main.py'], { cacheFreshnessMs: 0 });
    expect(declared.map(brief)).toEqual([`main.py:1:8 ${RULE}`]);
    expect(declared[0]!.message).toContain('is loaded by dep.py:3 before');
  });
});

describe('syntax errors in dependencies', () => {
  it('JS / TS: a dependency that does not parse contributes nothing (Node would throw at the require)', async () => {
    write('main.js', "require('./dep');\nrequire('./typed');\nrequire('dd-trace').init();\n");
    write('dep.js', "const x = ;\nrequire('express');\n");
    write('typed.ts', "import pg from 'pg';\nconst y: = 1;\n");
    expect(await lint(dir, ['main.js'])).toEqual([]);
    expect(stats.filesSkipped).toBeGreaterThanOrEqual(1);
    // Twin: the same modules, valid.
    write('dep.js', "const x = 1;\nrequire('express');\n");
    write('typed.ts', "import pg from 'pg';\nconst y: number = 1;\nexport { pg, y };\n");
    const twin = await lint(dir, ['main.js'], { cacheFreshnessMs: 0 });
    expect(twin.map(brief)).toEqual([`main.js:1:1 ${RULE}`, `main.js:2:1 ${RULE}`]);
  });

  it('Python: a dependency with a syntax error (CPython raises SyntaxError at the import): documented behaviour', async () => {
    write('main.py', PY_ENTRY);
    write('dep.py', 'def broken(:\n    pass\nimport threading\n');
    const problems = await lint(dir, ['main.py']);
    expect(problems.map(brief)).toEqual(PY_SYNTAX_ERROR_DEP);
  });

  it('an entry that does not parse gets the parser\'s error only, from every language', async () => {
    write('main.js', "require('express');\nconst = 1;\nrequire('dd-trace').init();\n");
    write('main.ts', "import express from 'express';\nlet x: = 1;\nimport 'dd-trace/init';\n");
    write('main.py', 'import threading\ndef broken(:\n    pass\nfrom gevent import monkey\nmonkey.patch_all()\n');
    const problems = await lint(dir, ['main.js', 'main.ts', 'main.py']);
    expect(problems.map((p) => `${p.file} ${p.fatal ? 'fatal' : p.ruleId}`)).toEqual(['main.js fatal', 'main.py fatal', 'main.ts fatal']);
  });
});

describe('never reads outside the configured roots', () => {
  const base = path.join(fixtures, 'outside-roots');
  const project = path.join(base, 'project');
  const outsideCalls = () => fsLog.calls.filter((c) => c.path.startsWith(`${base}${path.sep}outside`));

  it("JS: require('../../outside') from the project: nothing outside is read or even stat'ed, nothing reported", async () => {
    const problems = await lint(project, ['src/main.js']);
    expect(problems).toEqual([]);
    expect(outsideCalls()).toEqual([]);
    expect(fsLog.calls.length).toBeGreaterThan(0); // the recorder saw the plugin working
  });

  it('Python: import outside_mod (only in the directory above the project) is not looked for there', async () => {
    const problems = await lint(project, ['app/main.py']);
    expect(problems).toEqual([]);
    expect(outsideCalls()).toEqual([]);
  });

  it('roots: ["src"] narrows it further: a module in the project but outside src/ is not read', async () => {
    write('src/main.js', "require('../lib/dep');\nrequire('dd-trace').init();\n");
    write('lib/dep.js', "require('express');\n");
    expect(await lint(dir, ['src/main.js'], { roots: ['src'] })).toEqual([]);
    expect(fsLog.calls.filter((c) => c.path.includes(`${path.sep}lib${path.sep}`) && c.fn === 'readFileSync')).toEqual([]);
  });

  // Roots are checked on the real path: a symlink inside the project that points outside it is not read.
  it('a symlink inside the project that points outside it is not followed out of the roots', async () => {
    const root = path.join(dir, 'project');
    write('outside.js', "require('express');\n");
    write('project/src/main.js', "require('./link');\nrequire('dd-trace').init();\n");
    symlinkSync(path.join('..', '..', 'outside.js'), path.join(root, 'src', 'link.js'));
    const problems = await lint(root, ['src/main.js']);
    expect(fsLog.calls.filter((c) => c.fn === 'readFileSync' && /link\.js$|outside\.js$/.test(c.path))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('twin: with the parent directory as the root, the same files are read and the problem is reported', async () => {
    const problems = await lint(base, ['project/src/main.js', 'project/app/main.py'], { pythonPath: ['.'] });
    expect(problems.map(brief)).toEqual([`project/app/main.py:1:8 ${RULE}`, `project/src/main.js:1:1 ${RULE}`]);
    expect(fsLog.calls.some((c) => c.fn === 'readFileSync' && c.path === path.join(base, 'outside.js'))).toBe(true);
  });
});

/** `--fix` output of one file (null when nothing was fixed). */
async function fixOutput(cwd: string, file: string): Promise<string | null> {
  const eslint = new ESLint({
    cwd,
    fix: true,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser as never } },
      plugin.configs.recommended as never,
      plugin.configs.python as never,
      { settings: { 'patch-order': { cacheFreshnessMs: 0 } } },
    ],
  });
  const [result] = await eslint.lintFiles([file]);
  return result?.output ?? null;
}
