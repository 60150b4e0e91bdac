/**
 * Which bindings are copies: a value taken once, that keeps what the module held at that moment. Only those can
 * miss a patch applied later; a read through the module object at each use sees it.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { summarizeJs } from '../../../src/lang/js/summarize.js';
import type { FormatInfo } from '../../../src/lang/js/format.js';

const resolver = { resolve: (s: string) => ({ type: 'package' as const, name: s }) };
const fmt = (over: Partial<FormatInfo>): FormatInfo => ({
  format: 'esm', order: 'hoisted', nativeEsm: false, isTypeScript: false, elideUnusedImports: false, verbatimModuleSyntax: false, reason: 'test', ...over,
});
const tscCjs = fmt({ format: 'cjs', order: 'textual', isTypeScript: true, elideUnusedImports: true });

function copies(code: string, format: FormatInfo): string[] {
  const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
  const summary = summarizeJs(program, { filename: '/x/main.ts', format, resolver, detectors: [] });
  return summary.events.flatMap((e) => (e.kind === 'capture' ? [`${e.specifier}: ${e.names.join(', ')}`] : []));
}

const sequelizeUser = "import { Op, QueryTypes } from 'sequelize';\nexport const where = { [Op.eq]: 1, type: QueryTypes.SELECT };\n";

describe('named imports compiled to CommonJS are read through the module object at each use', () => {
  it('tsc emits `sequelize_1.Op` at each use, no binding taken at import time', () => {
    // Observed on this machine (typescript 6.0.3, `--module commonjs --target es2020`):
    //   const sequelize_1 = require("sequelize");
    //   exports.where = { [sequelize_1.Op.eq]: 1, type: sequelize_1.QueryTypes.SELECT };
    // Babel (`_sequelize.Op`), swc (`_sequelize.Op`) and esbuild (`import_sequelize.Op`) emit the same live read.
    const out = ts.transpileModule(sequelizeUser, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
    expect(out).toContain('const sequelize_1 = require("sequelize");');
    expect(out).toContain('[sequelize_1.Op.eq]: 1, type: sequelize_1.QueryTypes.SELECT');
    expect(out).not.toMatch(/\b(?:const|let|var)\s*\{\s*Op\b/);
  });

  it('so TypeScript emitted to CommonJS, or compiled ESM syntax, makes no copy', () => {
    expect(copies(sequelizeUser, tscCjs)).toEqual([]);
    expect(copies("import { request } from 'http';\nrequest('x');\n", fmt({}))).toEqual([]);
    expect(copies("import { request } from 'http';\nrequest('x');\n", fmt({ format: 'cjs', order: 'hoisted' }))).toEqual([]);
  });

  it('a native ES module takes a snapshot of a CommonJS module named export: that is a copy', () => {
    expect(copies("import { request } from 'http';\nrequest('x');\n", fmt({ nativeEsm: true }))).toEqual(['http: request']);
    expect(copies("import http, * as ns from 'http';\nhttp.request('x');\n", fmt({ nativeEsm: true }))).toEqual([]);
  });

  it('destructuring a require or reading a member of it takes the value once, in any format', () => {
    expect(copies("const { request, get: g } = require('http');\nconst fetchIt = require('https').request;\n", fmt({ format: 'cjs', order: 'textual' }))).toEqual([
      'http: request, get',
      'https: request',
    ]);
    expect(copies("const { request } = require('http');\n", tscCjs)).toEqual(['http: request']);
    // Holding the module object is not a copy.
    expect(copies("const http = require('http');\nimport fs = require('fs');\nhttp.get('x');\n", tscCjs)).toEqual([]);
  });
});
