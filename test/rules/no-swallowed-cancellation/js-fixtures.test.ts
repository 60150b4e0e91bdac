/**
 * The example project in fixtures/examples/js-cancellation: `bad/` reports exactly the documented
 * findings, `good/` (the suggested repairs applied) reports nothing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/no-swallowed-cancellation.js';

const ROOT = new URL('../../../fixtures/examples/js-cancellation/', import.meta.url);
const linter = new Linter({ configType: 'flat' });

function lint(rel: string): string[] {
  const file = fileURLToPath(new URL(rel, ROOT));
  const messages = linter.verify(
    readFileSync(file, 'utf8'),
    [
      {
        files: ['**/*.js'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { 'patch-order': { rules: { 'no-swallowed-cancellation': rule as never } } },
        rules: { 'patch-order/no-swallowed-cancellation': 'error' },
      },
    ],
    file,
  );
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${(m as { messageId?: string }).messageId ?? m.message}`);
}

describe('fixtures/examples/js-cancellation', () => {
  it('bad/src/retry.js: the retry loop swallows the abort', () => {
    expect(lint('bad/src/retry.js')).toEqual(['14:7 patch-order/no-swallowed-cancellation swallowedInLoop']);
  });
  it('bad/src/feed.js: the aborted load becomes an empty feed', () => {
    expect(lint('bad/src/feed.js')).toEqual(['7:6 patch-order/no-swallowed-cancellation convertedToValue']);
  });
  it('good/: no reports', () => {
    expect(lint('good/src/retry.js')).toEqual([]);
    expect(lint('good/src/feed.js')).toEqual([]);
  });
});
