import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (...parts: string[]): string => path.join(repoRoot, 'fixtures', ...parts);

/** RuleTester for JS/TS rules: typescript-eslint's parser, JSX on, no type information. */
export function createTsRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
  });
}
