import type { TSESTree } from '@typescript-eslint/utils';
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
} catch {
  tsParse = null;
}
if (!tsParse) {
  try {
    espreeParse = ((await import('espree')) as unknown as { parse: Parse }).parse;
  } catch {
    espreeParse = null;
  }
}

export function parseDependency(path: string, text: string): TSESTree.Program {
  stats.filesParsed++;
  const jsx = !/\.[cm]?ts$/.test(path);
  if (tsParse) return tsParse(text, { jsx, range: true, loc: true, comment: false, tokens: false, filePath: path });
  if (espreeParse && /\.[cm]?jsx?$/.test(path)) {
    return espreeParse(text, { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true, ecmaFeatures: { jsx } });
  }
  throw new Error('no parser for this file (install typescript to analyse TypeScript dependencies)');
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
