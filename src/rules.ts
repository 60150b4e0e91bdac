import type { ESLint } from 'eslint';

/**
 * Every rule of the plugin, by id. Each rule serves JS/TS and (through `meta.languages`) Python.
 * Add one import and one entry per rule file in `rules/`.
 */
export const rules: Record<string, NonNullable<ESLint.Plugin['rules']>[string]> = {};
