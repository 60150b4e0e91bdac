/**
 * Which front end serves the file ESLint is linting: the plugin's Python language hands rules a tree whose root
 * is tree-sitter's `module`; every other language here is ESTree (`Program`).
 */
export type LanguageId = 'js' | 'python';

export function languageOf(context: { sourceCode: { ast: unknown } }): LanguageId {
  return (context.sourceCode.ast as { type?: string }).type === 'module' ? 'python' : 'js';
}

/** The listener for "the whole file has been traversed", whichever the language (`Program:exit`, `module:exit`). */
export function onFileEnd(fn: (root: never) => void): Record<string, (root: never) => void> {
  return { 'Program:exit': fn, 'module:exit': fn };
}
