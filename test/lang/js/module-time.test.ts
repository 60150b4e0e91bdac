/**
 * What runs at module time inside functions (async functions followed from the top level) and a project's own env
 * loader, as summary events: the timeline the rule reads.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { summarizeJs } from '../../../src/lang/js/summarize.js';
import type { FormatInfo } from '../../../src/lang/js/format.js';
import type { TimelineEvent } from '../../../src/graph/types.js';
import { buildCatalog, envLoaderDetector, envWritePatches, patchCallDetector, sideEffectPatches } from '../../../src/lang/js/patches.js';

const resolver = { resolve: (s: string) => ({ type: 'package' as const, name: s }) };
const cjs: FormatInfo = { format: 'cjs', order: 'textual', nativeEsm: false, isTypeScript: false, elideUnusedImports: false, verbatimModuleSyntax: false, reason: 'test' };
const esm: FormatInfo = { ...cjs, format: 'esm', order: 'hoisted' };

function timeline(code: string, format = cjs): string[] {
  const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
  const catalog = buildCatalog();
  const summary = summarizeJs(program, {
    filename: '/x/main.js', format, resolver,
    detectors: [patchCallDetector(catalog, format), envLoaderDetector(catalog, format)],
    onLoad: sideEffectPatches(catalog, format),
    onEnvWrite: envWritePatches(catalog, format),
  });
  return summary.events.map(describe1);
}
function describe1(e: TimelineEvent): string {
  if (e.kind === 'load') return `load ${e.specifier}`;
  if (e.kind === 'capture') return `capture ${e.specifier} ${e.names.join(',')}`;
  if (e.kind === 'patch') return `patch ${e.patcherId}${e.impliedBy ? ` (by ${e.impliedBy})` : ''}`;
  return e.kind;
}

describe('async functions called at module time', () => {
  it('run in place up to their first await; the rest runs after the top level', () => {
    expect(timeline("async function main() {\n  require('a');\n  await x;\n  require('b');\n}\nmain();\nrequire('c');\n")).toEqual(['load a', 'load c', 'load b']);
  });

  it('an awaited call suspends its caller too; a `for await` suspends at the loop', () => {
    const code = "async function inner() {\n  await x;\n  require('b');\n}\nasync function outer() {\n  await inner();\n  require('c');\n}\nasync function loop() {\n  for await (const y of z) require('e');\n}\nouter();\nloop();\nrequire('d');\n";
    expect(timeline(code)).toEqual(['load d', 'load b', 'load c', 'load e']);
  });

  it('a top-level await of the call keeps what follows its awaits in place (ES modules)', () => {
    expect(timeline("async function main() {\n  await x;\n  require('b');\n}\nawait main();\nrequire('c');\n", esm)).toEqual(['load b', 'load c']);
  });

  it('a function that is not async runs entirely in place', () => {
    expect(timeline("function main() {\n  require('a');\n  require('b');\n}\nmain();\nrequire('c');\n")).toEqual(['load a', 'load b', 'load c']);
  });
});

describe("a project's own env loader", () => {
  it('Object.assign(process.env, dotenv.parse(…)) activates dotenv', () => {
    expect(timeline("const dotenv = require('dotenv');\nObject.assign(process.env, dotenv.parse(text));\n")).toEqual(['load dotenv', 'patch dotenv']);
  });

  it('a loop writing a parsed object into process.env activates dotenv; the reads of its own guard are dropped', () => {
    const code = "const { parse } = require('dotenv');\nconst parsed = parse(text);\nfor (const k in parsed) {\n  if (process.env[k] === undefined) process.env[k] = parsed[k];\n}\n";
    expect(timeline(code)).toEqual(['load dotenv', 'capture dotenv parse', 'patch dotenv']);
  });

  it('`process.env = { ...fromFile, ...merged, ...process.env }` with names that held parse() results activates dotenv; the reads that chose the files are dropped', () => {
    const code = [
      "const dotenv = require('dotenv');",
      'const fromFile = exists ? dotenv.parse(text) : {};',
      'let merged = {};',
      "for (const name of ['production', 'test']) {",
      '  const picked = process.env.NODE_ENV === name;',
      '  if (picked) merged = { ...merged, ...dotenv.parse(read(name)) };',
      '}',
      'const port = process.env.PORT;',
      'process.env = { ...fromFile, ...merged, ...process.env };',
      '',
    ].join('\n');
    expect(timeline(code)).toEqual(['load dotenv', 'capture process.env PORT', 'patch dotenv']);
  });

  it('`process.env = { ...defaults, ...process.env }` with plain objects is not a loader', () => {
    expect(timeline("let defaults = { PORT: '3000' };\ndefaults = { ...defaults, TZ: 'UTC' };\nprocess.env = { ...defaults, ...process.env };\n")).toEqual([]);
  });

  it('writing something else into process.env is not a loader', () => {
    expect(timeline("const parsed = JSON.parse(text);\nObject.assign(process.env, parsed);\nprocess.env.TZ = 'UTC';\n")).toEqual([]);
  });

  it("the loader's arguments and guard read process.env for it; other reads stay", () => {
    const code = "const port = process.env.PORT;\nif (process.env.CI !== 'true') require('dotenv').config({ path: `.env.${process.env.NODE_ENV}` });\n";
    expect(timeline(code)).toEqual(['capture process.env PORT', 'load dotenv', 'patch dotenv']);
  });
});

describe('packages that load an activation module themselves', () => {
  it('@nestjs/core loads @nestjs/common, which loads reflect-metadata', () => {
    expect(timeline("require('@nestjs/core');\nrequire('reflect-metadata');\n")).toEqual([
      'load @nestjs/core', 'patch reflect-metadata (by @nestjs/core)', 'load reflect-metadata', 'patch reflect-metadata',
    ]);
  });
});
