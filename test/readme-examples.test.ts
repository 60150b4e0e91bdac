import { readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

// The README's "What it finds" snippets are linted with the plugin's configs: each must report its rule.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/<!-- readme-example: (\S+) filename=(\S+) -->\n```\w*\n([\s\S]*?)```/g)].map((m) => ({
  rule: m[1]!,
  filename: m[2]!,
  code: m[3]!,
}));

describe('README examples', () => {
  it('has one per rule family, and a Python one', () => {
    expect(new Set(examples.map((e) => e.rule)).size).toBe(3);
    expect(examples.some((e) => e.filename.endsWith('.py'))).toBe(true);
  });
  for (const e of examples) {
    it(`${e.filename} reports ${e.rule}`, () => {
      const config: Linter.Config[] = e.filename.endsWith('.py')
        ? [plugin.configs.python]
        : [{ files: ['**/*.{ts,mts}'], languageOptions: { parser: tseslint.parser as never } }, plugin.configs.recommended];
      const messages = new Linter({ cwd: '/virtual' }).verify(e.code, config, `/virtual/${e.filename}`);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      expect(messages.map((m) => m.ruleId)).toContain(`patch-order/${e.rule}`);
    });
  }
});
