/**
 * The one RuleTester helper, for both languages; like the whole suite it runs with PATCH_ORDER_STRICT=1
 * (vitest.config.ts), so an internal error fails the case that met it instead of passing as "no report".
 *
 * - `createTsRuleTester()`: typescript-eslint's RuleTester (JS/TS files, JSX on, no type information).
 * - `createPythonRuleTester()`: ESLint's `RuleTester` (typescript-eslint's is ESTree-only), configured with the
 *   plugin's Python language.
 * - `lintPython(code, rules, filename?)` / `fixPython(...)`: `Linter#verify` / `verifyAndFix` on `**\/*.py`.
 * - `fixture(...)`, `repoRoot`: paths of the fixture projects.
 */
import { RuleTester as TsRuleTester } from '@typescript-eslint/rule-tester';
import { Linter, RuleTester, type ESLint, type Rule } from 'eslint';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { pythonLanguage } from '../../src/lang/python/language.js';

TsRuleTester.afterAll = afterAll;
TsRuleTester.describe = describe;
TsRuleTester.it = it;
TsRuleTester.itOnly = it.only;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (...parts: string[]): string => path.join(repoRoot, 'fixtures', ...parts);

/** RuleTester for JS/TS rules: typescript-eslint's parser, JSX on, no type information. */
export function createTsRuleTester(): TsRuleTester {
  return new TsRuleTester({
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
  });
}

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Rules typed with PyRuleDefinition, or shared JS/Python rules, are accepted as they are.
export type AnyRule = Rule.RuleModule | { meta?: any; create: (context: any) => any };
export type RuleMap = Record<string, AnyRule>;

export const PY_FILES = ['**/*.py'];

/** A plugin object shaped like the real one: meta.namespace 'patch-order', `languages.python`. */
export function pythonTestPlugin(rules: RuleMap = {}): ESLint.Plugin {
  return {
    meta: { name: 'eslint-plugin-patch-order', namespace: 'patch-order' },
    languages: { python: pythonLanguage },
    rules: rules as ESLint.Plugin['rules'],
  } as ESLint.Plugin;
}

/** RuleTester for `patch-order/python`; `rules` are extra rules available to the code under test. */
export function createPythonRuleTester(rules: RuleMap = {}, languageOptions: Record<string, unknown> = {}): RuleTester {
  return new RuleTester({
    plugins: { 'patch-order': pythonTestPlugin(rules) },
    language: 'patch-order/python',
    languageOptions,
  } as Linter.Config);
}

export interface LintPythonOptions {
  /** Override the rule settings (default: every given rule at 'error'). */
  rulesConfig?: Linter.RulesRecord;
  languageOptions?: Record<string, unknown>;
  linterOptions?: Linter.Config['linterOptions'];
}

function pythonConfig(rules: RuleMap, options: LintPythonOptions): Linter.Config[] {
  return [
    {
      files: PY_FILES,
      plugins: { 'patch-order': pythonTestPlugin(rules) },
      language: 'patch-order/python',
      ...(options.languageOptions ? { languageOptions: options.languageOptions } : {}),
      ...(options.linterOptions ? { linterOptions: options.linterOptions } : {}),
      rules: options.rulesConfig ?? Object.fromEntries(Object.keys(rules).map((name) => [`patch-order/${name}`, 'error'])),
    } as Linter.Config,
  ];
}

/** Lints one Python file's text with `Linter#verify`. */
export function lintPython(code: string, rules: RuleMap = {}, filename = 'file.py', options: LintPythonOptions = {}): Linter.LintMessage[] {
  return new Linter({ configType: 'flat' }).verify(code, pythonConfig(rules, options), filename);
}

/** Applies fixes like `eslint --fix` (`Linter#verifyAndFix`). */
export function fixPython(code: string, rules: RuleMap = {}, filename = 'file.py', options: LintPythonOptions = {}): Linter.FixReport {
  return new Linter({ configType: 'flat' }).verifyAndFix(code, pythonConfig(rules, options), filename);
}
