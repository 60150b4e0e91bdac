import type { TSESTree } from '@typescript-eslint/utils';
import { InputError } from '../../util/guard.js';
import { stats } from '../../util/stats.js';
import { positionIn } from '../../util/lines.js';

type Parse = (text: string, options: Record<string, unknown>) => TSESTree.Program;
type OxcParseSync = (
  filename: string,
  text: string,
  options: Record<string, unknown>,
) => { program: TSESTree.Program; errors: readonly { message: string }[] };

/*
 * Dependency files are parsed here, not by ESLint, and most of them are parsed again when ESLint lints them:
 * the parse is the plugin's largest cost on an application. oxc-parser (an optional dependency, native) makes
 * the same TS-ESTree several times faster than typescript-estree; without it, or when it reports any error,
 * typescript-estree parses as before (no tokens, comments or type information). Without TypeScript either,
 * espree parses JavaScript and TypeScript dependencies are skipped. test/lang/js/parse-equivalence.test.ts
 * checks that both parsers give the same summaries.
 */
let oxcParse: OxcParseSync | null = null;
let tsParse: Parse | null = null;
let espreeParse: Parse | null = null;
if (process.env.PATCH_ORDER_DEPENDENCY_PARSER !== 'typescript-estree') {
  try {
    oxcParse = ((await import('oxc-parser')) as unknown as { parseSync: OxcParseSync }).parseSync;
  } catch (error) {
    notInstalled(error); // dependency input: oxc-parser is optional (its native binding may not exist for a platform)
  }
}
try {
  tsParse = ((await import('@typescript-eslint/typescript-estree')) as { parse: Parse }).parse;
} catch (error) {
  notInstalled(error); // dependency input: typescript-eslint is optional (a Python-only or JS-only install)
}
if (!tsParse) espreeParse = ((await import('espree')) as unknown as { parse: Parse }).parse;

/** An optional package that is not installed; anything else failing at import is a bug. */
function notInstalled(error: unknown): void {
  const code = (error as { code?: string } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND' && !/Cannot find native binding/i.test(String((error as Error)?.message))) throw error;
}

/** Which parser reads dependency files in this process (for the bench and the tests). */
export function dependencyParser(): 'oxc-parser' | 'typescript-estree' | 'espree' | 'none' {
  return oxcParse ? 'oxc-parser' : tsParse ? 'typescript-estree' : espreeParse ? 'espree' : 'none';
}

/** oxc's TS-ESTree, with the `loc` it leaves out, or null when it reports an error (then typescript-estree decides). */
export function parseWithOxc(path: string, text: string): TSESTree.Program | null {
  if (!oxcParse) return null;
  const lang = /\.[cm]?ts$/.test(path) ? 'ts' : /\.tsx$/.test(path) ? 'tsx' : 'jsx';
  const result = oxcParse(path, text, { lang, sourceType: 'module', astType: 'ts', range: true, preserveParens: false });
  if (result.errors.length) return null;
  return withLoc(result.program, text);
}

export function parseWithTypeScriptEstree(path: string, text: string): TSESTree.Program | null {
  if (!tsParse) return null;
  return tsParse(text, { jsx: !/\.[cm]?ts$/.test(path), range: true, loc: true, comment: false, tokens: false, filePath: path });
}

/** Adds ESTree `loc` (1-based lines, 0-based UTF-16 columns) to every node, from its `range`. */
function withLoc(program: TSESTree.Program, text: string): TSESTree.Program {
  // JS line terminators: \n, \r\n, a lone \r, U+2028 and U+2029 (what ESLint and Node count as lines).
  const lineStarts = [0];
  for (const m of text.matchAll(/\r\n?|[\n\u2028\u2029]/g)) lineStarts.push(m.index + m[0].length);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object') visit(item);
      return;
    }
    const node = value as Record<string, unknown>;
    if (typeof node.type !== 'string' || !Array.isArray(node.range)) return;
    const [start, end] = node.range as [number, number];
    node.loc = { start: positionIn(lineStarts, start), end: positionIn(lineStarts, end) };
    for (const key in node) {
      if (key === 'loc' || key === 'range' || key === 'parent') continue;
      const child = node[key];
      if (child && typeof child === 'object') visit(child);
    }
  };
  visit(program);
  return program;
}

export function parseDependency(path: string, text: string): TSESTree.Program {
  stats.filesParsed++;
  const jsx = !/\.[cm]?ts$/.test(path);
  // A syntax error in a dependency is bad input, not a bug: the walk skips that file.
  const asInput = (error: unknown) => new InputError(error instanceof Error ? error.message : String(error));
  const fast = parseWithOxc(path, text);
  if (fast) return fast;
  if (tsParse) {
    try {
      return parseWithTypeScriptEstree(path, text)!;
    } catch (error) {
      throw asInput(error);
    }
  }
  if (espreeParse && /\.[cm]?jsx?$/.test(path)) {
    try {
      return espreeParse(text, { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true, ecmaFeatures: { jsx } });
    } catch (error) {
      throw asInput(error);
    }
  }
  throw new InputError('no parser for this file (install typescript to analyse TypeScript dependencies)');
}

export function hasModuleSyntax(program: TSESTree.Program): boolean {
  return program.body.some(
    (s) =>
      s.type === 'ImportDeclaration' ||
      s.type === 'ExportNamedDeclaration' ||
      s.type === 'ExportDefaultDeclaration' ||
      s.type === 'ExportAllDeclaration',
  );
}
