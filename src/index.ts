import type { ESLint, Linter } from 'eslint';
import { rules } from './rules.js';
import { pythonLanguage } from './lang/python/language.js';

const pkg = { name: 'eslint-plugin-patch-order', version: '0.1.0' };

const JS_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

type ConfigName = 'recommended' | 'all' | 'python';

const ruleIds = Object.keys(rules);
const isRecommended = (id: string) => !!(rules[id]!.meta?.docs as { recommended?: boolean } | undefined)?.recommended;
const supportsPython = (id: string) => ((rules[id]!.meta as { languages?: string[] } | undefined)?.languages ?? []).includes('patch-order/python');
const severity = (ids: string[]): Linter.RulesRecord => Object.fromEntries(ids.map((id) => [`patch-order/${id}`, 'error']));

const plugin = {
  meta: { ...pkg, namespace: 'patch-order' },
  languages: { python: pythonLanguage },
  rules,
  configs: {} as Record<ConfigName, Linter.Config>,
} satisfies ESLint.Plugin;

const self = { 'patch-order': plugin as unknown as ESLint.Plugin };

/** JS/TS files, the recommended rules (all three are errors). */
plugin.configs.recommended = {
  name: 'patch-order/recommended',
  files: JS_FILES,
  plugins: self,
  rules: severity(ruleIds.filter(isRecommended)),
};
/** JS/TS files, every rule. */
plugin.configs.all = {
  name: 'patch-order/all',
  files: JS_FILES,
  plugins: self,
  rules: severity(ruleIds),
};
/** Python files through the plugin's Python language, with every rule that supports it. */
plugin.configs.python = {
  name: 'patch-order/python',
  files: ['**/*.py'],
  plugins: self,
  language: 'patch-order/python',
  rules: severity(ruleIds.filter(supportsPython)),
};

export default plugin;
export { rules, pythonLanguage };
