import type { ESLint } from 'eslint';
import noImportBeforePatch from '../rules/no-import-before-patch.js';
import noSwallowedCancellation from '../rules/no-swallowed-cancellation.js';
import noSpawnBeforeFork from '../rules/no-spawn-before-fork.js';

type PluginRule = NonNullable<ESLint.Plugin['rules']>[string];

/**
 * Every rule of the plugin, by id. Each rule serves JS/TS and (through `meta.languages`) Python.
 * typescript-eslint's rule type is not assignable to ESLint's (eslint/eslint#19155), hence the cast.
 */
export const rules: Record<string, PluginRule> = {
  'no-import-before-patch': noImportBeforePatch as unknown as PluginRule,
  'no-swallowed-cancellation': noSwallowedCancellation as unknown as PluginRule,
  'no-spawn-before-fork': noSpawnBeforeFork as unknown as PluginRule,
};
