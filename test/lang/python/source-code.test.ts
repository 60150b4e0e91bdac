import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint, Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { childByField, nodeText, type PyNode } from '../../../src/lang/python/ast.js';
import { pythonLanguage } from '../../../src/lang/python/language.js';
import type { PyRuleDefinition } from '../../../src/lang/python/rule-types.js';
import { PythonSourceCode } from '../../../src/lang/python/source-code.js';
import { createPythonRuleTester, fixPython, lintPython, pythonTestPlugin } from '../../helpers/rule-tester.js';

// ---------------------------------------------------------------------------------------------------
// Tiny test rules, written like the plugin's shared rules (meta.languages covers JS and Python).

/** Reports `os.fork()`; fix: `os.register_at_fork_safe()`; suggestion: `os.getpid()`. */
const noFork = {
  meta: {
    type: 'problem',
    fixable: 'code',
    hasSuggestions: true,
    schema: [],
    languages: ['js/js', 'patch-order/python'],
    messages: { noFork: 'os.fork() in a test', useGetpid: 'Call os.getpid() instead' },
  },
  create(context) {
    const text = context.sourceCode.text;
    return {
      call(node: PyNode) {
        const fn = childByField(node, 'function');
        if (!fn || nodeText(fn, text) !== 'os.fork') return;
        context.report({
          node,
          messageId: 'noFork',
          fix: (fixer) => fixer.replaceText(node, 'os.register_at_fork_safe()'),
          suggest: [{ messageId: 'useGetpid', fix: (fixer) => fixer.replaceTextRange(fn.range, 'os.getpid') }],
        });
      },
    };
  },
} satisfies PyRuleDefinition<{ RuleOptions: []; MessageIds: 'noFork' | 'useGetpid' }>;

/** Selector rule: the identifier that is the `function` of a call, and `:expression` statements' values. */
const selectors = {
  meta: {
    type: 'suggestion',
    schema: [],
    languages: ['patch-order/python'],
    messages: { callee: 'callee {{name}}', expr: 'expression {{type}}', exit: 'left {{type}}', sib: 'sibling import' },
  },
  create(context) {
    const text = context.sourceCode.text;
    return {
      'call > identifier[field="function"]'(node: PyNode) {
        context.report({ node, messageId: 'callee', data: { name: nodeText(node, text) } });
      },
      'expression_statement > :expression'(node: PyNode) {
        context.report({ node, messageId: 'expr', data: { type: node.type } });
      },
      'function_definition:exit'(node: PyNode) {
        context.report({ node, messageId: 'exit', data: { type: node.type } });
      },
      'import_statement + import_statement'(node: PyNode) {
        context.report({ node, messageId: 'sib' });
      },
    };
  },
} satisfies PyRuleDefinition<{ RuleOptions: []; MessageIds: 'callee' | 'expr' | 'exit' | 'sib' }>;

/** Inserts `import gevent.monkey; gevent.monkey.patch_all()` before the first import when missing. */
const patchFirst = {
  meta: {
    type: 'problem',
    fixable: 'code',
    schema: [],
    languages: ['patch-order/python'],
    messages: { patchFirst: 'patch first' },
  },
  create(context) {
    const sc = context.sourceCode;
    return {
      module(node: PyNode) {
        if (sc.text.includes('patch_all()')) return;
        const first = node.children.find((c) => c.type === 'import_statement');
        if (!first) return;
        context.report({
          node: first,
          messageId: 'patchFirst',
          fix: (fixer) => fixer.insertTextBefore(first, 'from gevent import monkey; monkey.patch_all()\n'),
        });
      },
    };
  },
} satisfies PyRuleDefinition<{ RuleOptions: []; MessageIds: 'patchFirst' }>;

const rules = { 'no-fork': noFork, selectors, 'patch-first': patchFirst };
const onlyNoFork = { 'no-fork': noFork };

const brief = (ms: Linter.LintMessage[]) =>
  ms.map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity} ${m.ruleId ?? 'null'} ${m.message}`);

// ---------------------------------------------------------------------------------------------------

describe('RuleTester with patch-order/python', () => {
  const ruleTester = createPythonRuleTester();
  ruleTester.run('no-fork', noFork, {
    valid: [
      'import os\nos.getpid()\n',
      'fork()\n',
      'os.forkpty()\n',
      "s = 'os.fork()'  # os.fork()\n",
      'def f():\n    return os\n',
    ],
    invalid: [
      {
        code: 'import os\nos.fork()\n',
        output: 'import os\nos.register_at_fork_safe()\n',
        errors: [
          {
            messageId: 'noFork',
            line: 2,
            column: 1,
            endLine: 2,
            endColumn: 10,
            suggestions: [{ messageId: 'useGetpid', output: 'import os\nos.getpid()\n' }],
          },
        ],
      },
      {
        // UTF-16 columns: 'é😀' is 3 units.
        code: 'x = "é😀"; pid = os.fork()\r\n',
        output: 'x = "é😀"; pid = os.register_at_fork_safe()\r\n',
        errors: [
          {
            messageId: 'noFork',
            line: 1,
            column: 18,
            endLine: 1,
            endColumn: 27,
            suggestions: [{ messageId: 'useGetpid', output: 'x = "é😀"; pid = os.getpid()\r\n' }],
          },
        ],
      },
      {
        // lone CR line endings
        code: 'import os\rif True:\r    os.fork()\r',
        output: 'import os\rif True:\r    os.register_at_fork_safe()\r',
        errors: [
          {
            messageId: 'noFork',
            line: 3,
            column: 5,
            endLine: 3,
            endColumn: 14,
            suggestions: [{ messageId: 'useGetpid', output: 'import os\rif True:\r    os.getpid()\r' }],
          },
        ],
      },
    ],
  });

  ruleTester.run('patch-first', patchFirst, {
    valid: ['from gevent import monkey; monkey.patch_all()\nimport threading\n', 'x = 1\n'],
    invalid: [
      {
        code: '# app\nimport threading\nimport os\n',
        output: '# app\nfrom gevent import monkey; monkey.patch_all()\nimport threading\nimport os\n',
        errors: [{ messageId: 'patchFirst', line: 2, column: 1, endLine: 2, endColumn: 17 }],
      },
    ],
  });

  it('every fix and suggestion output parses and re-lints clean for the same problem', () => {
    const outputs: [string, typeof rules[keyof typeof rules]][] = [
      ['import os\nos.register_at_fork_safe()\n', noFork],
      ['import os\nos.getpid()\n', noFork],
      ['x = "é😀"; pid = os.register_at_fork_safe()\r\n', noFork],
      ['x = "é😀"; pid = os.getpid()\r\n', noFork],
      ['import os\rif True:\r    os.register_at_fork_safe()\r', noFork],
      ['import os\rif True:\r    os.getpid()\r', noFork],
      ['# app\nfrom gevent import monkey; monkey.patch_all()\nimport threading\nimport os\n', patchFirst],
    ];
    for (const [code, rule] of outputs) expect(lintPython(code, { rule })).toEqual([]);
  });
});

describe('Linter#verify with patch-order/python', () => {
  it('selectors: child with field attribute, :expression class, :exit, adjacent sibling', () => {
    const code = 'import os\nimport sys\nprint(x)\nos.fork()\ndef f():\n    g()\n';
    expect(brief(lintPython(code, { selectors }))).toEqual([
      '2:1-2:11 2 patch-order/selectors sibling import',
      '3:1-3:9 2 patch-order/selectors expression call',
      '3:1-3:6 2 patch-order/selectors callee print',
      '4:1-4:10 2 patch-order/selectors expression call',
      '5:1-6:8 2 patch-order/selectors left function_definition',
      '6:5-6:8 2 patch-order/selectors expression call',
      '6:5-6:6 2 patch-order/selectors callee g',
    ]);
  });

  it('a syntax error is one fatal "Parsing error" with line and column; no rule runs', () => {
    const messages = lintPython('import os\nos.fork(\n', onlyNoFork);
    expect(messages).toEqual([
      { ruleId: null, fatal: true, severity: 2, message: "Parsing error: '(' was never closed", line: 2, column: 8 },
    ]);
    expect(lintPython('def g(:\n    pass\n', onlyNoFork)).toMatchObject([
      { fatal: true, message: 'Parsing error: Missing )', line: 1, column: 7 },
    ]);
  });

  it('BOM: positions ignore it, fixes keep it', () => {
    const code = '\uFEFFimport os\nos.fork()\n';
    expect(brief(lintPython(code, onlyNoFork))).toEqual(['2:1-2:10 2 patch-order/no-fork os.fork() in a test']);
    const fixed = fixPython(code, onlyNoFork);
    expect(fixed.output).toBe('\uFEFFimport os\nos.register_at_fork_safe()\n');
    expect(fixed.messages).toEqual([]);
  });

  it('multipass fixes re-parse through the language', () => {
    const fixed = fixPython('import threading\nos.fork()\n', { 'no-fork': noFork, 'patch-first': patchFirst });
    expect(fixed.fixed).toBe(true);
    expect(fixed.output).toBe('from gevent import monkey; monkey.patch_all()\nimport threading\nos.register_at_fork_safe()\n');
    expect(fixed.messages).toEqual([]);
  });

  it('deeply nested generated code (a 20k-term sum is a 20k-deep tree) lints without stack overflow', () => {
    // ESLint's traverser keeps the ancestry with Array#unshift, so very deep trees cost O(depth²) there
    // (as they do for JS); only the no-fork rule runs here to keep the test fast.
    const code = `x = ${Array(20_000).fill('1').join(' + ')}\nos.fork()\n`;
    expect(brief(lintPython(code, { 'no-fork': noFork }))).toEqual(['2:1-2:10 2 patch-order/no-fork os.fork() in a test']);
    const broken = lintPython(`x = ${Array(20_000).fill('1').join(' + ')} +\n`, { 'no-fork': noFork });
    expect(broken).toMatchObject([{ fatal: true, line: 1, column: 80_004, message: 'Parsing error: invalid syntax (unexpected end of line)' }]);
  });

  it('a rule without patch-order/python in meta.languages is a config error', () => {
    const jsOnly = { ...noFork, meta: { ...noFork.meta, languages: ['js/js'] } };
    expect(() => lintPython('x = 1\n', { 'js-only': jsOnly })).toThrow(/do not support the language/);
  });

  it('languageOptions.pythonVersion reaches the SourceCode; bad values are rejected', () => {
    let seen: unknown;
    const probe = {
      meta: { type: 'problem', schema: [], languages: ['patch-order/python'], messages: {} },
      create(context) {
        seen = context.sourceCode.languageOptions.pythonVersion;
        return {};
      },
    } satisfies PyRuleDefinition;
    lintPython('x = 1\n', { probe }, 'a.py', { languageOptions: { pythonVersion: '3.12' } });
    expect(seen).toBe('3.12');
    expect(() => lintPython('x = 1\n', { probe }, 'a.py', { languageOptions: { pythonVersion: '2.7' } })).toThrow(
      /pythonVersion/,
    );
  });
});

describe('directives in Python comments', () => {
  const lint = (code: string, options = {}) => brief(lintPython(code, onlyNoFork, 'file.py', options));

  it('# eslint-disable-next-line <rule> (with a justification)', () => {
    const code = [
      'import os',
      '# eslint-disable-next-line patch-order/no-fork -- the child execs at once',
      'os.fork()',
      'os.fork()',
      '',
    ].join('\n');
    expect(lint(code)).toEqual(['4:1-4:10 2 patch-order/no-fork os.fork() in a test']);
  });

  it('# eslint-disable-line, also at the end of a CRLF line', () => {
    const code = 'os.fork()  # eslint-disable-line patch-order/no-fork\r\nos.fork()\r\n';
    expect(lint(code)).toEqual(['2:1-2:10 2 patch-order/no-fork os.fork() in a test']);
    expect(lint('os.fork()  #eslint-disable-line\nos.fork()\n')).toEqual(['2:1-2:10 2 patch-order/no-fork os.fork() in a test']);
  });

  it('# eslint-disable / # eslint-enable blocks, for one rule and for all', () => {
    const code = [
      'os.fork()',
      '# eslint-disable patch-order/no-fork',
      'os.fork()',
      'if x:',
      '    os.fork()',
      '# eslint-enable patch-order/no-fork',
      'os.fork()',
      '# eslint-disable',
      'os.fork()',
      '',
    ].join('\n');
    expect(lint(code)).toEqual([
      '1:1-1:10 2 patch-order/no-fork os.fork() in a test',
      '7:1-7:10 2 patch-order/no-fork os.fork() in a test',
    ]);
  });

  it('a directive for another rule, or in a string, does not disable', () => {
    const code = [
      '# eslint-disable-next-line patch-order/other-rule',
      'os.fork()',
      's = "# eslint-disable-line patch-order/no-fork"; os.fork()',
      '',
    ].join('\n');
    const messages = lint(code);
    expect(messages).toContain('2:1-2:10 2 patch-order/no-fork os.fork() in a test');
    expect(messages).toContain('3:50-3:59 2 patch-order/no-fork os.fork() in a test');
    expect(messages).toContain("1:1-1:50 2 patch-order/other-rule Definition for rule 'patch-order/other-rule' was not found.");
    expect(messages).toHaveLength(3);
  });

  it('unused disable directives are reported (and removable) when asked', () => {
    const code = 'x = 1  # eslint-disable-line patch-order/no-fork\n';
    const messages = lintPython(code, onlyNoFork, 'file.py', { linterOptions: { reportUnusedDisableDirectives: 'error' } });
    expect(brief(messages)).toEqual([
      "1:8-undefined:undefined 2 null Unused eslint-disable directive (no problems were reported from 'patch-order/no-fork').",
    ]);
    expect(messages[0]!.fix).toEqual({ range: [7, 48], text: ' ' });
    const fixed = fixPython(code, onlyNoFork, 'file.py', { linterOptions: { reportUnusedDisableDirectives: 'error' } });
    expect(fixed.output).toBe('x = 1   \n');
    expect(fixed.messages).toEqual([]);
  });

  it('# eslint <rule>: <config> inline configuration', () => {
    expect(lint('# eslint patch-order/no-fork: off\nos.fork()\n')).toEqual([]);
    expect(lint('# eslint patch-order/no-fork: "warn"\nos.fork()\n')).toEqual(['2:1-2:10 1 patch-order/no-fork os.fork() in a test']);
    expect(lint('# eslint patch-order/no-fork: ["error"]\nos.fork()\n')).toEqual(['2:1-2:10 2 patch-order/no-fork os.fork() in a test']);
    const bad = lintPython('# eslint patch-order/no-fork: [error\nos.fork()\n', onlyNoFork);
    expect(bad[0]).toMatchObject({ ruleId: null, fatal: true, line: 1, column: 1 });
    expect(bad[0]!.message).toMatch(/Failed to parse JSON/);
  });

  it('noInlineConfig: directives are ignored with a warning', () => {
    const messages = lint('os.fork()  # eslint-disable-line patch-order/no-fork\n', { linterOptions: { noInlineConfig: true } });
    expect(messages).toEqual([
      '1:1-1:10 2 patch-order/no-fork os.fork() in a test',
      "1:12-1:53 1 null '# eslint-disable-line patch-order/no-fork' has no effect because you have 'noInlineConfig' setting in your config.",
    ]);
  });
});

describe('PythonSourceCode', () => {
  const make = (text: string) => {
    const file = { path: 'a.py', physicalPath: 'a.py', bom: false, body: text };
    const parsed = pythonLanguage.parse(file, { languageOptions: {} });
    if (!parsed.ok) throw new Error('parse failed');
    return pythonLanguage.createSourceCode(file, parsed, { languageOptions: {} });
  };

  it('text, lines with universal newlines, comments, getText, loc/index conversion', () => {
    const sc = make('import os  # one\r\nif x:\r    os.fork()  # two\n');
    expect(sc).toBeInstanceOf(PythonSourceCode);
    expect(sc.lines).toEqual(['import os  # one', 'if x:', '    os.fork()  # two', '']);
    expect(sc.comments.map((c) => sc.getText(c))).toEqual(['# one', '# two']);
    expect(sc.comments.every((c) => c.type === 'comment')).toBe(true);
    // 'import os  # one\r\n' is 18 units, 'if x:\r' 6: line 3 starts at 24.
    expect(sc.getLocFromIndex(24)).toEqual({ line: 3, column: 0 });
    expect(sc.getLocFromIndex(23)).toEqual({ line: 2, column: 5 });
    expect(sc.getIndexFromLoc({ line: 3, column: 4 })).toBe(28);
    const call = [...walk(sc.ast)].find((n) => n.type === 'call')!;
    expect(sc.getText(call)).toBe('os.fork()');
    expect(sc.getText(call, 4, 0)).toBe('    os.fork()');
    expect(sc.getRange(call)).toEqual([28, 37]);
    expect(sc.getLoc(call)).toEqual({ start: { line: 3, column: 4 }, end: { line: 3, column: 13 } });
  });

  it('getParent / getAncestors work before and after traverse()', () => {
    const sc = make('if x:\n    os.fork()  # c\n');
    const call = [...walk(sc.ast)].find((n) => n.type === 'call')!;
    expect(sc.getAncestors(call).map((n) => n.type)).toEqual(['module', 'if_statement', 'block', 'expression_statement']);
    expect(sc.getParent(sc.ast)).toBeUndefined();
    expect(sc.getParent(sc.comments[0]!)?.type).toBe('block');
    [...sc.traverse()];
    expect(sc.getParent(call)?.type).toBe('expression_statement');
  });

  it('traverse(): enter/exit steps in document order, the same on every call, comments not visited', () => {
    const sc = make('f(x)  # c\n');
    const steps = [...sc.traverse()] as { kind: number; target: PyNode; phase: number; args: unknown[] }[];
    expect(steps.map((s) => `${s.phase === 1 ? '>' : '<'}${s.target.type}`)).toEqual([
      '>module', '>expression_statement', '>call', '>identifier', '<identifier', '>argument_list', '>identifier',
      '<identifier', '<argument_list', '<call', '<expression_statement', '<module',
    ]);
    expect(steps.every((s) => s.kind === 1)).toBe(true);
    expect(steps[2]!.args).toEqual([steps[2]!.target, steps[1]!.target]);
    expect([...sc.traverse()].length).toBe(steps.length);
  });

  it('getInlineConfigNodes / getDisableDirectives / applyInlineConfig', () => {
    const sc = make(
      ['# eslint-disable-next-line a/b -- why', '# eslint a/b: off', '# plain comment about eslint', 'x = 1  # eslint-enable', ''].join('\n'),
    );
    expect(sc.getInlineConfigNodes().map((n) => sc.getText(n))).toEqual([
      '# eslint-disable-next-line a/b -- why',
      '# eslint a/b: off',
      '# eslint-enable',
    ]);
    const { directives, problems } = sc.getDisableDirectives();
    expect(problems).toEqual([]);
    expect(directives.map((d) => [d.type, d.value, d.justification])).toEqual([
      ['disable-next-line', 'a/b', 'why'],
      ['enable', '', ''],
    ]);
    expect(sc.applyInlineConfig()).toEqual({
      configs: [{ config: { rules: { 'a/b': 'off' } }, loc: { start: { line: 2, column: 0 }, end: { line: 2, column: 17 } } }],
      problems: [],
    });
  });
});

describe('ESLint class end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'patch-order-python-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lints .py files with a flat config (files: **/*.py) next to JS, and fixes', async () => {
    writeFileSync(join(dir, 'app.py'), 'import os\nos.fork()  # eslint-disable-line patch-order/no-fork\nos.fork()\n');
    writeFileSync(join(dir, 'bad.py'), 'def g(:\n');
    writeFileSync(join(dir, 'lib.js'), 'export const x = 1;\n');
    const plugin = pythonTestPlugin(onlyNoFork);
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.py'], plugins: { 'patch-order': plugin }, language: 'patch-order/python', rules: { 'patch-order/no-fork': 'error' } },
      ],
    });
    const results = await eslint.lintFiles(['.']);
    const byFile = Object.fromEntries(results.map((r) => [r.filePath.slice(dir.length + 1), brief(r.messages)]));
    expect(byFile).toEqual({
      'app.py': ['3:1-3:10 2 patch-order/no-fork os.fork() in a test'],
      'bad.py': ['1:7-undefined:undefined 2 null Parsing error: Missing )'],
      'lib.js': [],
    });
    const text = await eslint.lintText('os.fork()\n', { filePath: join(dir, 'other.py') });
    expect(brief(text[0]!.messages)).toEqual(['1:1-1:10 2 patch-order/no-fork os.fork() in a test']);

    const fixer = new ESLint({
      cwd: dir,
      fix: true,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.py'], plugins: { 'patch-order': plugin }, language: 'patch-order/python', rules: { 'patch-order/no-fork': 'error' } },
      ],
    });
    const [fixed] = await fixer.lintFiles(['app.py']);
    expect(fixed!.output).toBe('import os\nos.fork()  # eslint-disable-line patch-order/no-fork\nos.register_at_fork_safe()\n');
    expect(fixed!.messages).toEqual([]);
  });
});

describe('PythonSourceCode: trees are dropped once ESLint has walked them', () => {
  /** A rule that keeps each file's source code, and in one file lints another file from inside its listener. */
  function keeping(nested?: string) {
    const kept: PythonSourceCode[] = [];
    const rule = {
      meta: { type: 'problem', schema: [], languages: ['patch-order/python'], messages: { seen: 'seen {{n}}' } },
      create(context) {
        kept.push(context.sourceCode as unknown as PythonSourceCode);
        return {
          'module:exit'(node: PyNode) {
            if (nested && context.sourceCode.text.startsWith('# outer')) lintPython(nested, { keep: rule });
            // The walked tree is still this file's tree after a nested lint.
            if (context.sourceCode.ast !== node) context.report({ node, messageId: 'seen', data: { n: 'another tree' } });
          },
        };
      },
    } satisfies PyRuleDefinition<{ RuleOptions: []; MessageIds: 'seen' }>;
    return { kept, rule };
  }

  it("the previous file's tree is dropped when the next file is parsed; read again, it is parsed again, equal", () => {
    const { kept, rule } = keeping();
    const linter = new Linter({ configType: 'flat' });
    const config = [{ files: ['**/*.py'], plugins: { 'patch-order': pythonTestPlugin({ keep: rule }) }, language: 'patch-order/python', rules: { 'patch-order/keep': 'error' } }] as never;
    linter.verify('import os\nos.fork()\n', config, 'a.py');
    const first = JSON.parse(JSON.stringify(kept[0]!.ast));
    const before = PythonSourceCode.reparses;
    linter.verify('x = 1\n', config, 'b.py');
    expect(PythonSourceCode.reparses).toBe(before);
    expect(kept[0]!.ast).toEqual(first);
    expect(PythonSourceCode.reparses).toBe(before + 1);
    expect(kept[0]!.ast).toBe(kept[0]!.ast);
    expect(PythonSourceCode.reparses).toBe(before + 1);
  });

  it('a file whose walk is not over keeps its tree while a rule lints another file', () => {
    const { kept, rule } = keeping('y = 2\n');
    const before = PythonSourceCode.reparses;
    expect(lintPython('# outer\nimport os\n', { keep: rule })).toEqual([]);
    expect(kept).toHaveLength(2);
    expect(PythonSourceCode.reparses).toBe(before);
  });

  it('a lint run through the ESLint class never reads a dropped tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'py-release-'));
    try {
      for (let i = 0; i < 5; i++) writeFileSync(join(dir, `m${i}.py`), `import os\nos.fork()\nx${i} = ${i}\n`);
      const eslint = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [{ files: ['**/*.py'], plugins: { 'patch-order': pythonTestPlugin({ 'no-fork': noFork }) }, language: 'patch-order/python', rules: { 'patch-order/no-fork': 'error' } }],
      });
      const before = PythonSourceCode.reparses;
      const results = await eslint.lintFiles(['.']);
      expect(results.map((r) => r.messages.length)).toEqual([1, 1, 1, 1, 1]);
      expect(PythonSourceCode.reparses).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function* walk(node: PyNode): Generator<PyNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}

describe('the parsed tree is made of class instances', () => {
  // Object literals are allocation sites V8 may move to the old generation for good once a collection falls while a
  // tree is being linted; every later tree then stays until a full collection (src/lang/python/parse.ts). No timing
  // or memory test can pin that, so the shape of what the parser makes is pinned instead.
  it('nodes, their locations and positions are not plain objects', async () => {
    const { parsePython } = await import('../../../src/lang/python/parse.js');
    const parsed = parsePython('import os\n\ndef f(x):\n    return x  # why\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const nodes: PyNode[] = [parsed.ast];
    for (let i = 0; i < nodes.length; i++) nodes.push(...nodes[i]!.children);
    for (const n of [...nodes, ...parsed.comments]) {
      expect(Object.getPrototypeOf(n)).not.toBe(Object.prototype);
      expect(Object.getPrototypeOf(n.loc)).not.toBe(Object.prototype);
      expect(Object.getPrototypeOf(n.loc.start)).not.toBe(Object.prototype);
      expect(Object.getPrototypeOf(n.loc.end)).not.toBe(Object.prototype);
    }
    // Still plain data to everything that reads it.
    expect(JSON.parse(JSON.stringify(parsed.ast.children[0]))).toMatchObject({ type: 'import_statement', range: [0, 9], loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 9 } } });
  });
});
