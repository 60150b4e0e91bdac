import type { TSESTree } from '@typescript-eslint/utils';
import { InputError } from '../../util/guard.js';
import { stats } from '../../util/stats.js';

type Parse = (text: string, options: Record<string, unknown>) => TSESTree.Program;

/*
 * Dependency files are parsed here, not by ESLint: typescript-estree without tokens, comments or
 * type information (the cheapest ESTree it makes). Without TypeScript installed, espree parses
 * JavaScript and TypeScript dependencies are skipped.
 */
let tsParse: Parse | null = null;
let espreeParse: Parse | null = null;
try {
  tsParse = ((await import('@typescript-eslint/typescript-estree')) as { parse: Parse }).parse;
} catch (error) {
  notInstalled(error); // dependency input: typescript-eslint is optional (a Python-only or JS-only install)
}
if (!tsParse) espreeParse = ((await import('espree')) as unknown as { parse: Parse }).parse;

/** An optional package that is not installed; anything else failing at import is a bug. */
function notInstalled(error: unknown): void {
  const code = (error as { code?: string } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
}

export function parseDependency(path: string, text: string): TSESTree.Program {
  stats.filesParsed++;
  const jsx = !/\.[cm]?ts$/.test(path);
  // A syntax error in a dependency is bad input, not a bug: the walk skips that file.
  const asInput = (error: unknown) => new InputError(error instanceof Error ? error.message : String(error));
  if (tsParse) {
    try {
      return tsParse(text, { jsx, range: true, loc: true, comment: false, tokens: false, filePath: path });
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
