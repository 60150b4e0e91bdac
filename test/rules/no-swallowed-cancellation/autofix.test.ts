/**
 * The opt-in automatic fix of no-swallowed-cancellation (`fix: "autofix"`, docs "Fix safety"): under `--fix` it
 * inserts the cancellation re-throw first (JS: `if (…) throw e;` as the handler's first statement; Python:
 * `except <cancellation>: raise` before the broad handler). With the default (`"suggest"`) nothing is fixed.
 * Each fixed output parses (Python: CPython's `compile()` in a child process), and linting it again reports
 * nothing.
 */
import { spawnSync } from 'node:child_process';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { RuleTester as TsRuleTester, type InvalidTestCase } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import type { TSESLint } from '@typescript-eslint/utils';
import rule from '../../../rules/no-swallowed-cancellation.js';
import type { CancellationRuleOptions } from '../../../src/checks/no-swallowed-cancellation/check.js';
import { createPythonRuleTester, createTsRuleTester, lintPython } from '../../helpers/rule-tester.js';

type MessageIds = typeof rule extends TSESLint.RuleModule<infer M, infer _O> ? M : never;
type Options = [CancellationRuleOptions];

// ---- JavaScript / TypeScript ----------------------------------------------------------------------

const jsInvalid: (InvalidTestCase<MessageIds, Options> & { name: string })[] = [
  {
    name: 'bare catch with a signal in scope: the error re-throw, not signal.throwIfAborted()',
    code: `export async function load(url, signal) {
  try {
    const res = await fetch(url, { signal });
    return await res.json();
  } catch {
    return null;
  }
}`,
    options: [{"fix":"autofix"}],
    output: `export async function load(url, signal) {
  try {
    const res = await fetch(url, { signal });
    return await res.json();
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function load(url, signal) {
  try {
    const res = await fetch(url, { signal });
    return await res.json();
  } catch {
    signal?.throwIfAborted();
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: 'retry loop: the re-throw goes first in the catch',
    code: `import { setTimeout as sleep } from 'node:timers/promises';
export async function withRetry(url, { signal } = {}) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url, { signal });
    } catch (error) {
      console.warn('retrying', error);
      await sleep(1000);
    }
  }
}`,
    options: [{"fix":"autofix"}],
    output: `import { setTimeout as sleep } from 'node:timers/promises';
export async function withRetry(url, { signal } = {}) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url, { signal });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      console.warn('retrying', error);
      await sleep(1000);
    }
  }
}`,
    errors: [
      {
        messageId: 'swallowedInLoop', line: 6, column: 7, endLine: 6, endColumn: 20,
        // This catch in a loop swallows a cancellation: it reaches the end of the handler (line 9) without re-throwing it, so after an abort the loop keeps working (retrying or polling) instead of stopping. A cancellation can reach it because `signal` is passed to `fetch()` at line 5. Re-throw cancellations before the loop continues.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `import { setTimeout as sleep } from 'node:timers/promises';
export async function withRetry(url, { signal } = {}) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url, { signal });
    } catch (error) {
      signal?.throwIfAborted();
      console.warn('retrying', error);
      await sleep(1000);
    }
  }
}` },
        ],
      },
    ],
  },
  {
    name: 'axios imported: axios.isCancel()',
    code: `import axios from 'axios';
export async function getUser(id, config) {
  try {
    return (await axios.get(\`/users/\${id}\`, config)).data;
  } catch (err) {
    return null;
  }
}`,
    options: [{"fix":"autofix"}],
    output: `import axios from 'axios';
export async function getUser(id, config) {
  try {
    return (await axios.get(\`/users/\${id}\`, config)).data;
  } catch (err) {
    if (axios.isCancel(err)) throw err;
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 16,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `axios.get()` at line 4 receives the caller's options, which can carry a signal. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (axios.isCancel(err)) throw err;"}, output: `import axios from 'axios';
export async function getUser(id, config) {
  try {
    return (await axios.get(\`/users/\${id}\`, config)).data;
  } catch (err) {
    if (axios.isCancel(err)) throw err;
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: 'an imported isAbortError() is used',
    code: `import { isAbortError } from './errors.js';
export async function getText(url, init) {
  try {
    return await (await fetch(url, init)).text();
  } catch (e) {
    throw new Error(\`GET \${url} failed\`, { cause: e });
  }
}`,
    options: [{"fix":"autofix"}],
    output: `import { isAbortError } from './errors.js';
export async function getText(url, init) {
  try {
    return await (await fetch(url, init)).text();
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new Error(\`GET \${url} failed\`, { cause: e });
  }
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 5, column: 5, endLine: 5, endColumn: 14,
        // This catch swallows a cancellation: it throws a different error at line 6 without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `fetch()` at line 4 receives the caller's options, which can carry a signal. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) throw e;"}, output: `import { isAbortError } from './errors.js';
export async function getText(url, init) {
  try {
    return await (await fetch(url, init)).text();
  } catch (e) {
    if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) throw e;
    throw new Error(\`GET \${url} failed\`, { cause: e });
  }
}` },
        ],
      },
    ],
  },
  {
    name: 'two libraries: the name test covers both',
    code: `import got from 'got';
export async function both(url, signal, options) {
  try {
    await fetch(url, { signal });
    await got(url, options);
  } catch (e) {
    return false;
  }
  return true;
}`,
    options: [{"fix":"autofix"}],
    output: `import got from 'got';
export async function both(url, signal, options) {
  try {
    await fetch(url, { signal });
    await got(url, options);
  } catch (e) {
    if (e instanceof Error && (e.name === 'AbortError' || e.name === 'CancelError')) throw e;
    return false;
  }
  return true;
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 6, column: 5, endLine: 6, endColumn: 14,
        // This handler turns a cancellation into a normal result: it returns a value at line 7, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 4. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `import got from 'got';
export async function both(url, signal, options) {
  try {
    await fetch(url, { signal });
    await got(url, options);
  } catch (e) {
    signal?.throwIfAborted();
    return false;
  }
  return true;
}` },
        ],
      },
    ],
  },
  {
    name: '.catch(() => value), .catch(console.error) and a named handler',
    code: `const fallback = (err) => {
  console.warn(err);
  return [];
};
export function items(signal) {
  return fetch('/items', { signal }).then((r) => r.json()).catch(() => []);
}
export function log(signal) {
  return fetch('/log', { signal }).catch(console.error);
}
export function named(signal) {
  return fetch('/named', { signal }).then((r) => r.json(), fallback);
}`,
    options: [{"fix":"autofix"}],
    output: `const fallback = (err) => {
  console.warn(err);
  return [];
};
export function items(signal) {
  return fetch('/items', { signal }).then((r) => r.json()).catch((error) => { if (error instanceof Error && error.name === 'AbortError') throw error; return []; });
}
export function log(signal) {
  return fetch('/log', { signal }).catch((err) => { if (err instanceof Error && err.name === 'AbortError') throw err; console.error(err); });
}
export function named(signal) {
  return fetch('/named', { signal }).then((r) => r.json(), (error) => { if (error instanceof Error && error.name === 'AbortError') throw error; return fallback(error); });
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 6, column: 60, endLine: 6, endColumn: 65,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 6. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `const fallback = (err) => {
  console.warn(err);
  return [];
};
export function items(signal) {
  return fetch('/items', { signal }).then((r) => r.json()).catch(() => { signal?.throwIfAborted(); return []; });
}
export function log(signal) {
  return fetch('/log', { signal }).catch(console.error);
}
export function named(signal) {
  return fetch('/named', { signal }).then((r) => r.json(), fallback);
}` },
        ],
      },
      {
        messageId: 'swallowedInCallback', line: 9, column: 42, endLine: 9, endColumn: 55,
        // This rejection handler swallows a cancellation: it returns at line 9 without re-throwing it, so the aborted promise settles as if nothing went wrong. A cancellation can reach it because `signal` is passed to `fetch()` at line 9. Re-throw cancellations in the callback.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `const fallback = (err) => {
  console.warn(err);
  return [];
};
export function items(signal) {
  return fetch('/items', { signal }).then((r) => r.json()).catch(() => []);
}
export function log(signal) {
  return fetch('/log', { signal }).catch((err) => { signal?.throwIfAborted(); console.error(err); });
}
export function named(signal) {
  return fetch('/named', { signal }).then((r) => r.json(), fallback);
}` },
        ],
      },
      {
        messageId: 'convertedToValue', line: 12, column: 60, endLine: 12, endColumn: 68,
        // This handler turns a cancellation into a normal result: it returns a value at line 3, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 12. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `const fallback = (err) => {
  console.warn(err);
  return [];
};
export function items(signal) {
  return fetch('/items', { signal }).then((r) => r.json()).catch(() => []);
}
export function log(signal) {
  return fetch('/log', { signal }).catch(console.error);
}
export function named(signal) {
  return fetch('/named', { signal }).then((r) => r.json(), (error) => { signal?.throwIfAborted(); return fallback(error); });
}` },
        ],
      },
    ],
  },
  {
    name: 'no automatic fix: finally, a discarded retry, a destructured error',
    code: `export async function upload(file, signal) {
  try {
    await fetch('/upload', { method: 'PUT', body: file, signal });
  } finally {
    return 'done';
  }
}
export function connect(url, signal) {
  fetch(url, { signal }).then(() => {}, () => {
    setTimeout(() => connect(url, signal), 1000);
  });
}
export async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch ({ message }) {
    return message;
  }
}`,
    options: [{"fix":"autofix"}],
    output: null,
    errors: [
      {
        messageId: 'finallyReturn', line: 5, column: 5, endLine: 5, endColumn: 19,
        // This `return` in `finally` discards a pending cancellation: when the `try` block is aborted, the abort is replaced by a normal completion. A cancellation can reach the `try` block because `signal` is passed to `fetch()` at line 3. Move the `return` out of `finally`.
        suggestions: [

        ],
      },
      {
        messageId: 'retriedInCallback', line: 9, column: 26, endLine: 9, endColumn: 30,
        // This rejection handler retries after a cancellation: it reaches the end of the handler (line 11) and starts the work again, so after an abort it keeps retrying instead of stopping. A cancellation can reach it because `signal` is passed to `fetch()` at line 9. Stop when the signal is aborted before retrying.
        suggestions: [
          { messageId: 'suggestReturnIfAborted', data: {"statement":"if (signal?.aborted) return;"}, output: `export async function upload(file, signal) {
  try {
    await fetch('/upload', { method: 'PUT', body: file, signal });
  } finally {
    return 'done';
  }
}
export function connect(url, signal) {
  fetch(url, { signal }).then(() => {}, () => {
    if (signal?.aborted) return;
    setTimeout(() => connect(url, signal), 1000);
  });
}
export async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch ({ message }) {
    return message;
  }
}` },
        ],
      },
      {
        messageId: 'convertedToValue', line: 16, column: 5, endLine: 16, endColumn: 24,
        // This handler turns a cancellation into a normal result: it returns a value at line 17, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 15. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function upload(file, signal) {
  try {
    await fetch('/upload', { method: 'PUT', body: file, signal });
  } finally {
    return 'done';
  }
}
export function connect(url, signal) {
  fetch(url, { signal }).then(() => {}, () => {
    setTimeout(() => connect(url, signal), 1000);
  });
}
export async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch ({ message }) {
    signal?.throwIfAborted();
    return message;
  }
}` },
        ],
      },
    ],
  },
  {
    name: 'default (fix: \"suggest\"): suggestions only',
    code: `export async function load(url, signal) {
  try {
    const res = await fetch(url, { signal });
    return await res.json();
  } catch {
    return null;
  }
}`,
    output: null,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function load(url, signal) {
  try {
    const res = await fetch(url, { signal });
    return await res.json();
  } catch {
    signal?.throwIfAborted();
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: 'fix: \"suggest\" given: suggestions only',
    code: `export async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    return null;
  }
}`,
    options: [{"fix":"suggest"}],
    output: null,
    errors: [
      {
        messageId: 'convertedToValue', line: 4, column: 5, endLine: 4, endColumn: 14,
        // This handler turns a cancellation into a normal result: it returns a value at line 5, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    signal?.throwIfAborted();
    return null;
  }
}` },
        ],
      },
    ],
  },
];

(createTsRuleTester() as TsRuleTester).run('no-swallowed-cancellation fix option (JS)', rule, { valid: [], invalid: jsInvalid });

describe('JS: every automatic fix output parses and is linted clean', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string) =>
    linter.verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser as Linter.Parser },
          plugins: { 'patch-order': { rules: { 'no-swallowed-cancellation': rule as never } } },
          rules: { 'patch-order/no-swallowed-cancellation': ['error', { fix: 'autofix' }] },
        },
      ],
      'file.ts',
    );
  const fixed = jsInvalid.filter((c) => typeof c.output === 'string');
  it('some cases are fixed', () => expect(fixed.length).toBeGreaterThanOrEqual(6));
  for (const c of fixed) {
    it(c.name, () => {
      expect(lint(c.output as string).map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
    });
  }
});

describe('the option is checked by the schema', () => {
  it('rejects a value other than "suggest" / "autofix"', () => {
    const linter = new Linter({ configType: 'flat' });
    expect(() =>
      linter.verify('x', [{ plugins: { 'patch-order': { rules: { 'no-swallowed-cancellation': rule as never } } }, rules: { 'patch-order/no-swallowed-cancellation': ['error', { fix: 'always' }] } }], 'file.js'),
    ).toThrow(/"always" should be equal to one of the allowed values/u);
  });
  it('declares the rule fixable', () => {
    expect(rule.meta.fixable).toBe('code');
  });
});

// ---- Python ---------------------------------------------------------------------------------------

const pyRule = rule as never;
const pyTester = createPythonRuleTester({ 'no-swallowed-cancellation': pyRule });

interface PyFixCase {
  name: string;
  code: string;
  options?: unknown[];
  /** Reports on the code (their details are the Python tests' business). */
  errors: number;
  output: string | null;
}

const pyCases: PyFixCase[] = [
  {
    name: 'except BaseException in a polling loop: except asyncio.CancelledError: raise goes before it',
    code: `import asyncio


async def poll(client):
    while True:
        try:
            await client.poll()
        except BaseException:
            log("poll failed")
`,
    options: [{ fix: 'autofix' }],
    errors: 1,
    output: `import asyncio


async def poll(client):
    while True:
        try:
            await client.poll()
        except asyncio.CancelledError:
            raise
        except BaseException:
            log("poll failed")
`,
  },
  {
    name: 'bare except in a trio coroutine: except trio.Cancelled: raise',
    code: `import trio


async def serve(handler):
    try:
        await handler()
    except:
        return None
`,
    options: [{ fix: 'autofix' }],
    errors: 1,
    output: `import trio


async def serve(handler):
    try:
        await handler()
    except trio.Cancelled:
        raise
    except:
        return None
`,
  },
  {
    name: 'a one-line handler keeps its line; except* gets except*',
    code: `import asyncio


async def once(job):
    try:
        await job()
    except BaseException: pass


async def group(g):
    try:
        await g()
    except* BaseException:
        log("failed")
`,
    options: [{ fix: 'autofix' }],
    errors: 2,
    output: `import asyncio


async def once(job):
    try:
        await job()
    except asyncio.CancelledError:
        raise
    except BaseException: pass


async def group(g):
    try:
        await g()
    except* asyncio.CancelledError:
        raise
    except* BaseException:
        log("failed")
`,
  },
  {
    name: 'two escaping statements of one handler: the handler is fixed once',
    code: `import asyncio


async def fetch(client, retries):
    try:
        return await client.get()
    except BaseException:
        if retries:
            return None
        return False
`,
    options: [{ fix: 'autofix' }],
    errors: -1,
    output: `import asyncio


async def fetch(client, retries):
    try:
        return await client.get()
    except asyncio.CancelledError:
        raise
    except BaseException:
        if retries:
            return None
        return False
`,
  },
  {
    name: 'no automatic fix where re-raising first is not the repair (an explicit cancellation handler)',
    code: `import asyncio


async def stop(job):
    try:
        await job()
    except asyncio.CancelledError:
        pass
`,
    options: [{ fix: 'autofix' }],
    errors: 1,
    output: null,
  },
  {
    name: 'default ("suggest"): nothing is fixed',
    code: `import asyncio


async def poll(client):
    while True:
        try:
            await client.poll()
        except BaseException:
            log("poll failed")
`,
    errors: 1,
    output: null,
  },
];

// The number of reports of a handler with several escaping statements is the Python tests' business.
const reportsOf = (c: PyFixCase): number => (c.errors >= 0 ? c.errors : lintPython(c.code, { 'no-swallowed-cancellation': pyRule }).length);

pyTester.run('no-swallowed-cancellation fix option (Python)', pyRule, {
  valid: [],
  invalid: pyCases.map((c) => ({ name: c.name, code: c.code, filename: 'file.py', options: c.options ?? [], errors: reportsOf(c), output: c.output })),
});

describe('Python: every automatic fix output compiles (CPython) and is linted clean', () => {
  const fixed = pyCases.filter((c): c is PyFixCase & { output: string } => c.output !== null);
  const py = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  for (const c of fixed) {
    it(`${c.name}: linted again, no report`, () => {
      const messages = lintPython(c.output, { 'no-swallowed-cancellation': pyRule }, 'file.py', {
        rulesConfig: { 'patch-order/no-swallowed-cancellation': ['error', { fix: 'autofix' }] },
      });
      expect(messages.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
    });
    it.skipIf(py.status !== 0)(`${c.name}: compile() accepts it`, () => {
      const run = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "fixed.py", "exec")'], { input: c.output, encoding: 'utf8', timeout: 20_000 });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    });
  }
});
