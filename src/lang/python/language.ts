/**
 * `patch-order/python`: an ESLint language for Python files (register it as `languages.python` of the
 * plugin whose `meta.namespace` is `patch-order`, then `language: 'patch-order/python'` with
 * `files: ['**\/*.py']`).
 */
import type { File, Language, OkParseResult, ParseResult } from '@eslint/core';
import type { PyNode } from './ast.js';
import { GRAMMAR_NAMED_TYPES, parsePython } from './parse.js';
import { PythonSourceCode, type PyLanguageOptions } from './source-code.js';
import { PY_SELECTOR_CLASSES, visitorKeys as generatedVisitorKeys } from './visitor-keys.js';

export type { PyLanguageOptions } from './source-code.js';

/** Visitor keys for every named type the grammar can produce (node-types.json plus aliases, if any). */
const visitorKeys: Record<string, string[]> = { ...generatedVisitorKeys };
for (const type of GRAMMAR_NAMED_TYPES) visitorKeys[type] ??= ['children'];

/** `:expression` and, as the grammar spells the supertypes, `:_simple_statement` / `:_compound_statement`. */
const selectorClasses = new Map<string, ReadonlySet<string>>();
for (const [name, types] of Object.entries(PY_SELECTOR_CLASSES)) {
  const set = new Set(types);
  selectorClasses.set(name, set);
  selectorClasses.set(`_${name}`, set);
}
const publicClassNames = Object.keys(PY_SELECTOR_CLASSES).join(', ');

/** "3.8" … "3.14" style: major 3, minor 0–99. */
const PYTHON_VERSION = /^3\.(?:0|[1-9]\d?)$/u;
const LANGUAGE_OPTION_KEYS = new Set(['pythonVersion']);

export type PyParseOk = OkParseResult<PyNode> & { comments: PyNode[] };

export interface PythonLanguage
  extends Language<{ LangOptions: PyLanguageOptions; Code: PythonSourceCode; RootNode: PyNode; Node: PyNode }> {
  parse(file: File, context: { languageOptions: PyLanguageOptions }): ParseResult<PyNode>;
}

function bodyText(file: File): string {
  return typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
}

/** Source codes made and not yet released: normally the one being linted (a rule may lint another file inside). */
let made: WeakRef<PythonSourceCode>[] = [];

export const pythonLanguage: PythonLanguage = {
  fileType: 'text',
  lineStart: 1,
  columnStart: 0,
  nodeTypeKey: 'type',
  visitorKeys,
  defaultLanguageOptions: {},

  validateLanguageOptions(languageOptions: PyLanguageOptions): void {
    if (languageOptions === null || typeof languageOptions !== 'object' || Array.isArray(languageOptions)) {
      throw new TypeError('Expected languageOptions to be an object.');
    }
    for (const key of Object.keys(languageOptions)) {
      if (!LANGUAGE_OPTION_KEYS.has(key)) {
        throw new TypeError(`Unexpected key "${key}" found in languageOptions of patch-order/python (known: pythonVersion).`);
      }
    }
    const { pythonVersion } = languageOptions;
    if (pythonVersion !== undefined && (typeof pythonVersion !== 'string' || !PYTHON_VERSION.test(pythonVersion))) {
      throw new TypeError(
        `Key "pythonVersion": expected a Python 3 version like "3.12" (major.minor), got ${JSON.stringify(pythonVersion)}.`,
      );
    }
  },

  /** `:expression`, `:primary_expression`, `:pattern`, `:parameter`, `:statement`, `:simple_statement`, `:compound_statement`. */
  matchesSelectorClass(className: string, node: PyNode): boolean {
    const types = selectorClasses.get(className);
    if (!types) throw new Error(`Unknown selector class ":${className}" for patch-order/python (known: ${publicClassNames}).`);
    return types.has(node.type);
  },

  /** ESLint has already removed a BOM from `file.body` (and remembers it in `file.bom`). */
  parse(file: File): ParseResult<PyNode> {
    return parsePython(bodyText(file));
  },

  /** Also drops the trees of the files ESLint has finished walking (PythonSourceCode.release). */
  createSourceCode(file: File, input: OkParseResult<PyNode>, context: { languageOptions: PyLanguageOptions }): PythonSourceCode {
    made = made.filter((ref) => {
      const sourceCode = ref.deref();
      return sourceCode !== undefined && !sourceCode.release();
    });
    const sourceCode = new PythonSourceCode({
      text: bodyText(file),
      ast: input.ast,
      comments: (input as PyParseOk).comments ?? [],
      visitorKeys,
      languageOptions: context.languageOptions,
    });
    made.push(new WeakRef(sourceCode));
    return sourceCode;
  },
};
