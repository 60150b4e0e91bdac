import type { ESLint, Linter } from 'eslint';
import { rules } from './rules.js';

const pkg = { name: 'eslint-plugin-patch-order', version: '0.1.0' };

const JS_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

const ruleIds = Object.keys(rules);
const recommendedRules: Linter.RulesRecord = Object.fromEntries(
  Object.entries(rules)
    .filter(([, rule]) => (rule.meta?.docs as { recommended?: boolean } | undefined)?.recommended)
    .map(([id]) => [`patch-order/${id}`, 'error']),
);

const plugin = {
  meta: { ...pkg, namespace: 'patch-order' },
  rules,
  configs: {} as Record<'recommended' | 'all', Linter.Config>,
} satisfies ESLint.Plugin;

plugin.configs.recommended = {
  name: 'patch-order/recommended',
  files: JS_FILES,
  plugins: { 'patch-order': plugin as unknown as ESLint.Plugin },
  rules: recommendedRules,
};
plugin.configs.all = {
  name: 'patch-order/all',
  files: JS_FILES,
  plugins: { 'patch-order': plugin as unknown as ESLint.Plugin },
  rules: Object.fromEntries(ruleIds.map((id) => [`patch-order/${id}`, 'error'])),
};

export default plugin;
export { rules };
