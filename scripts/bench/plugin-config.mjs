// Loads the built plugin (dist/src/index.js) and builds flat configs for the bench and the smoke run.
// The Python parts switch on when the plugin registers a Python language (plugin.languages.python) or
// when dist/src/lang/python/language.js exports `pythonLanguage`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const PREFIX = 'patch-order';
export const JS_GLOBS = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

/** @returns {Promise<{ plugin: any, python: any }>} */
export async function loadPlugin(distSrc) {
  const mod = await import(pathToFileURL(path.join(distSrc, 'index.js')).href);
  let plugin = mod.default ?? mod;
  let python = plugin.languages?.python;
  const langFile = path.join(distSrc, 'python', 'language.js');
  if (!python && existsSync(langFile)) {
    try {
      const lm = await import(pathToFileURL(langFile).href);
      python = lm.pythonLanguage ?? lm.default;
    } catch {
      python = undefined;
    }
  }
  if (python && !plugin.languages?.python) plugin = { ...plugin, languages: { ...(plugin.languages ?? {}), python } };
  return { plugin, python: python ?? null };
}

/** The rule ids of the plugin, without prefix. */
export function ruleIds(plugin) {
  return Object.keys(plugin.rules ?? {}).sort();
}

/**
 * A rule that does nothing but listen for the end of the file, as the cross-file rules do: its mode
 * measures what ESLint itself spends on running any rule at all, so the bench can separate that from the
 * plugin's own cost. ESLint traverses every tree in parse-only runs too; what a rule adds is mostly garbage
 * collection, from the per-file rule-context prototype (scripts/bench/eslint-context.mjs).
 */
export const NOOP = '__noop';
const noopRule = {
  meta: { type: 'problem', schema: [], languages: ['js/js', `${PREFIX}/python`] },
  create: () => ({ 'Program:exit'() {}, 'module:exit'() {} }),
};

/**
 * A flat config array for `lang` with exactly `rules` (ids without prefix) on, all as errors, followed by
 * `extra` config objects (an application's per-folder settings, scripts/bench/apps.mjs).
 */
export function configFor(lang, plugin, python, rules, extra = []) {
  if (rules.includes(NOOP)) plugin = { ...plugin, rules: { ...plugin.rules, [NOOP]: noopRule } };
  const ruleEntries = Object.fromEntries(rules.map((id) => [`${PREFIX}/${id}`, 'error']));
  if (lang === 'py') {
    if (!python) throw new Error('the Python language is not available in this build');
    return [{ files: ['**/*.py'], plugins: { [PREFIX]: plugin }, language: `${PREFIX}/python`, rules: ruleEntries }, ...extra];
  }
  return [
    {
      files: JS_GLOBS,
      languageOptions: {
        parser: tsParser,
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
      plugins: { [PREFIX]: plugin },
      rules: ruleEntries,
    },
    ...extra,
  ];
}

const tseslint = await import('typescript-eslint');
const tsParser = (tseslint.default ?? tseslint).parser;

/** Which rules support a language, judged by meta.languages when present (else: JS only unless it says python). */
export function rulesFor(lang, plugin) {
  return ruleIds(plugin).filter((id) => {
    const langs = plugin.rules[id]?.meta?.languages;
    if (!Array.isArray(langs)) return lang === 'js' || lang === 'py';
    return langs.some((l) => (lang === 'py' ? /python/.test(l) : /^js\//.test(l) || /javascript|typescript/.test(l)));
  });
}
