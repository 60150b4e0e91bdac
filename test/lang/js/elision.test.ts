/**
 * Which imports TypeScript drops, as the JS front end models it, checked against the TypeScript compiler installed
 * here (transpileModule: per file, without types, as Babel, esbuild, swc and `isolatedModules` builds compile). An
 * import whose bindings are never used as values is dropped, also `import x = require('m')`; an activation module
 * imported that way never runs, and the summary says so (a patch event with `elided`, no load).
 *
 * `importsNotUsedAsValues` and `preserveValueImports` were removed in TypeScript 5.5 (TypeScript 6 reports TS5102
 * and elides anyway); with TypeScript 4.9, `importsNotUsedAsValues: "preserve"` (and `"error"`) emit every import
 * that is not `import type` as `require("m")`. A project that sets them builds with a compiler that honours them,
 * so the plugin keeps those imports (formatOf, below).
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { summarizeJs } from '../../../src/lang/js/summarize.js';
import { formatOf, type FormatInfo } from '../../../src/lang/js/format.js';
import { buildCatalog, elidedActivations, patchCallDetector, sideEffectPatches } from '../../../src/lang/js/patches.js';
import { fixture } from '../../helpers/rule-tester.js';

const resolver = { resolve: (s: string) => ({ type: 'package' as const, name: s }) };
const tsFormat = (verbatim: boolean): FormatInfo => ({
  format: 'cjs', order: 'textual', nativeEsm: false, isTypeScript: true, elideUnusedImports: !verbatim, verbatimModuleSyntax: verbatim, reason: 'test',
});

function summary(code: string, format: FormatInfo) {
  const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
  const catalog = buildCatalog();
  return summarizeJs(program, {
    filename: '/x/main.ts', format, resolver,
    detectors: [patchCallDetector(catalog, format)],
    onLoad: sideEffectPatches(catalog, format),
    onElided: elidedActivations(catalog, format),
  });
}

/** The modules tsc's CommonJS output requires, in order. */
function tscRequires(code: string, verbatim: boolean): string[] {
  const out = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, verbatimModuleSyntax: verbatim },
  }).outputText;
  return [...out.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
}

const SOURCES = [
  "import apm from 'elastic-apm-node/start';\nimport express from 'express';\nexport type Agent = typeof apm;\nexpress();\n",
  "import apm from 'elastic-apm-node/start';\napm.isStarted();\n",
  "import 'elastic-apm-node/start';\nimport type { Request } from 'express';\nexport const f = (r: Request) => r;\n",
  "import newrelic = require('newrelic');\nimport express = require('express');\nexpress();\n",
  "import tracer from 'dd-trace/init';\nimport { T } from 't';\nlet v: T;\nexport { v };\n",
  "import * as apm from 'elastic-apm-node/start';\nimport { type Express } from 'express';\nexport let app: Express;\n",
];

describe('TypeScript import elision matches tsc', () => {
  for (const verbatim of [false, true]) {
    for (const code of SOURCES) {
      it(`${verbatim ? 'verbatimModuleSyntax' : 'default'}: ${code.split('\n')[0]}`, () => {
        const loads = summary(code, tsFormat(verbatim)).events.flatMap((e) => (e.kind === 'load' ? [e.specifier] : []));
        expect(loads).toEqual(tscRequires(code, verbatim));
      });
    }
  }

  it('an activation module TypeScript drops is a patch event marked elided, with the unused bindings, and no load', () => {
    const events = summary(SOURCES[0]!, tsFormat(false)).events;
    expect(events.map((e) => e.kind)).toEqual(['patch', 'load']);
    expect(events[0]).toMatchObject({ kind: 'patch', patcherId: 'elastic-apm-node', elided: { module: 'elastic-apm-node/start', names: ['apm'] } });
    const equals = summary(SOURCES[3]!, tsFormat(false)).events;
    expect(equals[0]).toMatchObject({ kind: 'patch', patcherId: 'newrelic', elided: { module: 'newrelic', names: ['newrelic'] } });
  });

  it('an import written `import type` on purpose, or kept, is not reported as dropped', () => {
    const typeOnly = summary("import type apm from 'elastic-apm-node/start';\nexport type A = typeof apm;\n", tsFormat(false)).events;
    expect(typeOnly).toEqual([]);
    const kept = summary(SOURCES[0]!, tsFormat(true)).events;
    expect(kept.filter((e) => e.kind === 'patch' && e.elided)).toEqual([]);
  });

  it('tsconfig importsNotUsedAsValues preserve keeps every import; preserveValueImports makes an unused import neither a load nor a drop', () => {
    const preserve = formatOf(fixture('unit/ts-preserve/src/main.ts'), fixture('unit/ts-preserve'), true);
    expect(preserve).toMatchObject({ verbatimModuleSyntax: true, elideUnusedImports: false });
    const values = formatOf(fixture('unit/ts-preserve-values/src/main.ts'), fixture('unit/ts-preserve-values'), true);
    expect(values).toMatchObject({ verbatimModuleSyntax: false, elideUnusedImports: true, preserveValueImports: true });
    const events = summary(SOURCES[0]!, values).events;
    expect(events.map((e) => (e.kind === 'load' ? `load ${e.specifier}` : e.kind))).toEqual(['load express']);
  });
});
