import { describe, expect, it } from 'vitest';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { summarizeJs } from '../../../src/lang/js/summarize.js';
import type { FormatInfo } from '../../../src/lang/js/format.js';
import { formatOf } from '../../../src/lang/js/format.js';
import type { TimelineEvent } from '../../../src/graph/types.js';
import { buildCatalog, patchCallDetector, sideEffectPatches } from '../../../src/lang/js/patches.js';
import { fixture } from '../../helpers/rule-tester.js';

const resolver = { resolve: (s: string) => ({ type: 'package' as const, name: s }) };
const fmt = (over: Partial<FormatInfo>): FormatInfo => ({
  format: 'esm', order: 'hoisted', nativeEsm: false, isTypeScript: false, elideUnusedImports: false, verbatimModuleSyntax: false, reason: 'test', ...over,
});

function timeline(code: string, format: FormatInfo, file = '/x/main.ts'): string[] {
  const program = parse(code, { range: true, loc: true, jsx: false }) as TSESTree.Program;
  const catalog = buildCatalog();
  const summary = summarizeJs(program, {
    filename: file, format, resolver,
    detectors: [patchCallDetector(catalog, format)],
    onLoad: sideEffectPatches(catalog, format),
  });
  return summary.events.map(describe1);
}
function describe1(e: TimelineEvent): string {
  switch (e.kind) {
    case 'load': return `load ${e.specifier}${e.conditional ? ' (if)' : ''}`;
    case 'capture': return `capture ${e.specifier} ${e.names.join(',')}`;
    case 'patch': return `patch ${e.patcherId}`;
    default: return e.kind;
  }
}

describe('JS timeline', () => {
  it('ESM: static imports and export-from run before the body, in order', () => {
    expect(timeline("import a from 'a';\nfoo();\nimport 'b';\nexport * from 'c';\nrequire('d');\n", fmt({}))).toEqual([
      'load a', 'load b', 'load c', 'load d',
    ]);
  });

  it('CommonJS / textual: statements in source order', () => {
    expect(timeline("require('a');\nimport b from 'b';\nb();\nrequire('c');\n", fmt({ format: 'cjs', order: 'textual' }))).toEqual([
      'load a', 'load b', 'load c',
    ]);
  });

  it('TypeScript elision: import type, type-only specifiers and type-only uses are not loads', () => {
    const ts = fmt({ isTypeScript: true, elideUnusedImports: true });
    expect(
      timeline(
        "import type { A } from 'a';\nimport { type B } from 'b';\nimport { C } from 'c';\nimport { D } from 'd';\nimport 'e';\nlet x: C;\nnew D();\nexport type { F } from 'f';\n",
        ts,
      ),
    ).toEqual(['load d', 'load e']);
  });

  it('verbatimModuleSyntax keeps `import { type B }` as a side-effect import, drops `import type`', () => {
    const ts = fmt({ isTypeScript: true, verbatimModuleSyntax: true });
    expect(timeline("import type { A } from 'a';\nimport { type B } from 'b';\nimport { C } from 'c';\nlet x: C;\n", ts)).toEqual(['load b', 'load c']);
  });

  it('require in a function runs only when the function is called at module time', () => {
    const cjs = fmt({ format: 'cjs', order: 'textual' });
    expect(timeline("function a() { require('a'); }\nfunction b() { require('b'); }\nconst c = () => require('c');\nb();\nc();\n", cjs)).toEqual(['load b', 'load c']);
  });

  it('IIFEs, static class blocks and decorators run at module time; methods do not', () => {
    const cjs = fmt({ format: 'cjs', order: 'textual' });
    expect(
      timeline("(function () { require('a'); })();\nclass K { static { require('b'); } static f = require('c'); m() { require('d'); } }\n", cjs),
    ).toEqual(['load a', 'load b', 'load c']);
  });

  it('conditional requires are loads, marked conditional', () => {
    const cjs = fmt({ format: 'cjs', order: 'textual' });
    expect(timeline("if (x) require('a');\ntry { require('b'); } catch { require('c'); }\nconst d = x && require('d');\n", cjs)).toEqual([
      'load a (if)', 'load b (if)', 'load c (if)', 'load d (if)',
    ]);
  });

  it('await import() runs in place; a dynamic import not awaited runs after the top level', () => {
    expect(timeline("const a = await import('a');\nimport('b');\nrequire('c');\n", fmt({}))).toEqual(['load a', 'load c', 'load b']);
  });

  it('captures: destructured requires and member copies (named imports: test/lang/js/copies.test.ts)', () => {
    const cjs = fmt({ format: 'cjs', order: 'textual' });
    expect(timeline("const { request, get: g } = require('http');\nconst fetchIt = require('https').request;\n", cjs)).toEqual([
      'load http', 'capture http request,get', 'load https', 'capture https request',
    ]);
  });

  it('patch activations: call on require, on a default import, side-effect entry, two-step new', () => {
    const cjs = fmt({ format: 'cjs', order: 'textual' });
    expect(timeline("require('dd-trace').init();\n", cjs)).toEqual(['load dd-trace', 'patch dd-trace']);
    expect(timeline("import t from 'dd-trace';\nt.init({});\n", fmt({}))).toEqual(['load dd-trace', 'patch dd-trace']);
    expect(timeline("import 'elastic-apm-node/start';\n", fmt({}))).toEqual(['load elastic-apm-node/start', 'patch elastic-apm-node']);
    expect(timeline("const ai = require('applicationinsights');\nai.setup('k').start();\n", cjs)).toEqual(['load applicationinsights', 'patch applicationinsights']);
    expect(timeline("import { NodeSDK } from '@opentelemetry/sdk-node';\nconst sdk = new NodeSDK({});\nsdk.start();\n", fmt({}))).toEqual([
      'load @opentelemetry/sdk-node', 'patch @opentelemetry/sdk-node',
    ]);
  });

  it('reads of process.env at module time are env captures; writes are not', () => {
    const cjs = fmt({ format: 'cjs', order: 'textual' });
    expect(timeline("const a = process.env.A;\nprocess.env.B = '1';\nconst { C } = process.env;\nfunction f() { return process.env.D; }\n", cjs)).toEqual([
      'capture process.env A', 'capture process.env C',
    ]);
  });
});

describe('modules a test runner replaces for the whole file', () => {
  const mocked = (code: string) => {
    const program = parse(code, { range: true, loc: true, jsx: false }) as TSESTree.Program;
    return summarizeJs(program, { filename: '/x/a.test.ts', format: fmt({}), resolver, detectors: [] }).mockedModules ?? [];
  };

  it('top-level jest.mock / vi.mock with a literal name, with or without a factory', () => {
    expect(mocked("vi.mock('dd-trace', () => ({}));\njest.mock('@sentry/node');\nimport x from 'x';\n")).toEqual(['dd-trace', '@sentry/node']);
  });

  it("not inside a test callback, not a computed name, not another object's mock method", () => {
    expect(mocked("beforeEach(() => { vi.mock('dd-trace'); });\nvi.mock(name);\nsinon.mock('dd-trace');\nvi['mock']('x');\n")).toEqual([]);
  });
});

describe('module format', () => {
  const root = fixture();
  it('decides from extension, package.json type and tsconfig module', () => {
    expect(formatOf(fixture('unit/esm/a.js'), root, true)).toMatchObject({ format: 'esm', order: 'hoisted', nativeEsm: true });
    expect(formatOf(fixture('unit/cjs/a.js'), root, false)).toMatchObject({ format: 'cjs', order: 'textual' });
    expect(formatOf(fixture('unit/cjs/a.js'), root, true)).toMatchObject({ format: 'esm', order: 'hoisted', nativeEsm: false });
    expect(formatOf(fixture('unit/cjs/a.mjs'), root, true)).toMatchObject({ format: 'esm', nativeEsm: true });
    expect(formatOf(fixture('unit/esm/a.cjs'), root, false)).toMatchObject({ format: 'cjs', order: 'textual' });
    expect(formatOf(fixture('unit/ts-cjs/src/a.ts'), root, true)).toMatchObject({ format: 'cjs', order: 'textual', elideUnusedImports: true });
    expect(formatOf(fixture('unit/ts-cjs/src/a.ts'), root, true, 'esbuild')).toMatchObject({ format: 'cjs', order: 'hoisted' });
    expect(formatOf(fixture('unit/ts-esm/src/a.ts'), root, true)).toMatchObject({ format: 'esm', nativeEsm: true });
    expect(formatOf(fixture('unit/ts-esm/src/a.cts'), root, true)).toMatchObject({ format: 'cjs' });
    expect(formatOf(fixture('unit/ts-verbatim/src/a.ts'), root, true)).toMatchObject({ verbatimModuleSyntax: true, elideUnusedImports: false });
  });
});
