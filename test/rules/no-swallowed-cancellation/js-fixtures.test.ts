/**
 * The example project in fixtures/examples/js-cancellation: `bad/` reports exactly the documented
 * findings, `good/` (the suggested repairs applied) reports nothing. fixtures/js-cancel-shapes-{bad,fixed}:
 * the shapes real code showed (issue 14): the missed ones report in `bad`, their repairs and the correct
 * code a naive rule would flag report nothing in `fixed`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/no-swallowed-cancellation.js';

const ROOT = new URL('../../../fixtures/examples/js-cancellation/', import.meta.url);
const linter = new Linter({ configType: 'flat' });

function lint(rel: string, root: URL = ROOT): string[] {
  const file = fileURLToPath(new URL(rel, root));
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

describe('fixtures/js-cancel-shapes-bad and -fixed', () => {
  const bad = new URL('../../../fixtures/js-cancel-shapes-bad/', import.meta.url);
  const fixed = new URL('../../../fixtures/js-cancel-shapes-fixed/', import.meta.url);
  it('src/events.js: an async generator ends the stream quietly on AbortError (item 17)', () => {
    expect(lint('src/events.js', bad)).toEqual(['11:5 patch-order/no-swallowed-cancellation endsStreamQuietly']);
  });
  it('src/gallery.js: a fan-out turns each aborted item into null (item 16)', () => {
    expect(lint('src/gallery.js', bad)).toEqual(['7:10 patch-order/no-swallowed-cancellation fanOutPartialResult']);
  });
  it('src/socket.js: .then(ok, onRejected) retries after the abort, and a named rejection handler returns [] (item 15)', () => {
    expect(lint('src/socket.js', bad)).toEqual([
      '5:6 patch-order/no-swallowed-cancellation retriedInCallback',
      '22:68 patch-order/no-swallowed-cancellation convertedToValue',
    ]);
  });
  it('fixed/: the repairs, owned timeouts, tests that rule an abort out, errors handed on: no reports', () => {
    for (const f of ['events.js', 'gallery.js', 'socket.js', 'owned.js', 'handled.js']) expect(lint(`src/${f}`, fixed), f).toEqual([]);
  });
});
