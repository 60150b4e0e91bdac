/**
 * Type-aware mode: a parameter typed `AbortSignal` counts as a signal whatever its name. Without type
 * information the same code is not critical (names only), which is the precision trade-off.
 */
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import rule from '../../../rules/no-swallowed-cancellation.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tsconfigRootDir = fileURLToPath(new URL('../../../fixtures/examples/js-cancellation/typed/', import.meta.url));

const typed = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir } },
});

const code = `export async function load(url: string, stop: AbortSignal): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: stop });
    return await res.text();
  } catch {
    return null;
  }
}
export async function run(task: (s: AbortSignal) => Promise<void>, halt: AbortSignal): Promise<boolean> {
  try {
    await task(halt);
    return true;
  } catch {
    return false;
  }
}
`;

typed.run('no-swallowed-cancellation (typed)', rule, {
  valid: [
    {
      name: 'a parameter typed as something else is not a signal',
      code: `export async function run(task: (s: number) => Promise<void>, halt: number): Promise<boolean> {
  try {
    await task(halt);
    return true;
  } catch {
    return false;
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'parameters typed AbortSignal, whatever their names',
      code,
      errors: [
        {
          messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 10,
          suggestions: [
            {
              messageId: 'suggestThrowIfAborted',
              output: code.replace('  } catch {\n    return null;', '  } catch {\n    stop.throwIfAborted();\n    return null;'),
            },
          ],
        },
        {
          messageId: 'convertedToValue', line: 13, column: 5, endLine: 13, endColumn: 10,
          suggestions: [
            {
              messageId: 'suggestThrowIfAborted',
              output: code.replace('  } catch {\n    return false;', '  } catch {\n    halt.throwIfAborted();\n    return false;'),
            },
          ],
        },
      ],
    },
  ],
});
