/**
 * RuleTester tests for patch-order/no-swallowed-cancellation (JavaScript/TypeScript).
 * Every positive has a correct-code twin among the valid cases; every suggestion output is linted
 * again below and must not report the same handler.
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import { afterAll, describe, expect, it } from 'vitest';
import type { TSESLint } from '@typescript-eslint/utils';
import rule from '../../../rules/no-swallowed-cancellation.js';
import type { CancellationOptions } from '../../../src/checks/no-swallowed-cancellation/js/config.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type MessageIds = typeof rule extends TSESLint.RuleModule<infer M, infer _O> ? M : never;
type Options = [CancellationOptions];

const ruleTester = new RuleTester();

export const valid: (ValidTestCase<Options> & { name: string })[] = [

  // Twins of the invalid cases, and correct code a naive rule would flag.
  {
    name: 'guard by name, then a fallback value',
    code: `async function load(url: string, signal: AbortSignal) {
  try {
    const res = await fetch(url, { signal });
    return await res.json();
  } catch (e) {
    if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) throw e;
    return null;
  }
}`,
  },
  {
    name: 'guard by signal.aborted',
    code: `async function save(data, opts) {
  try {
    await fetch('/save', { method: 'POST', body: data, signal: opts.signal });
  } catch (e) {
    if (opts.signal.aborted) throw e;
  }
  return true;
}`,
  },
  {
    name: 'signal.throwIfAborted() first in a retry loop',
    code: `import { setTimeout as sleep } from 'node:timers/promises';
export async function withRetry(url, { signal } = {}) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url, { signal });
    } catch (error) {
      signal?.throwIfAborted();
      console.warn('retrying', error);
      await sleep(1000, undefined, { signal });
    }
  }
}`,
  },
  {
    name: 'polling loop whose condition stops on abort',
    code: `import { setTimeout as delay } from 'node:timers/promises';
async function poll(signal) {
  while (!signal.aborted) {
    try {
      await delay(5000, undefined, { signal });
      await refresh();
    } catch {
      continue;
    }
  }
}`,
  },
  {
    name: '.catch that re-throws cancellations',
    code: `function getJson(url, signal) {
  return fetch(url, { signal }).then((r) => r.json()).catch((e) => {
    if (signal.aborted) throw e;
    return { items: [] };
  });
}`,
  },
  {
    name: '.then(ok, onRejected) that re-throws after logging',
    code: `function load(url, controller) {
  return fetch(url, { signal: controller.signal }).then(
    (r) => r.json(),
    (e) => {
      console.error(e);
      throw e;
    },
  );
}`,
  },
  {
    name: '.catch(e => Promise.reject(e)) and a non-console reference are not swallows',
    code: `export function start(signal, reject) {
  const a = fetch('/events', { signal }).catch((e) => Promise.reject(e));
  const b = fetch('/events', { signal }).catch(reject);
  return [a, b];
}`,
  },
  {
    name: 'forwarded init with a guard by name (includes)',
    code: `export async function getText(url, init) {
  try {
    const res = await fetch(url, init);
    return await res.text();
  } catch (error) {
    if (['AbortError', 'TimeoutError'].includes(error.name)) throw error;
    return '';
  }
}`,
  },
  {
    name: 'axios.isCancel',
    code: `import axios from 'axios';
export async function getUser(id, config) {
  try {
    const { data } = await axios.get('/users/' + id, config);
    return data;
  } catch (err) {
    if (axios.isCancel(err)) throw err;
    return null;
  }
}`,
  },
  {
    name: 'rethrow after a wrap check',
    code: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new Error('load failed', { cause: e });
  }
}`,
  },
  {
    name: 'log and rethrow',
    code: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    console.error('load failed', e);
    throw e;
  }
}`,
  },
  {
    name: 'negated test with an early return, then rethrow',
    code: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (e?.name !== 'AbortError' && e?.code !== 'ABORT_ERR') {
      report(e);
      return null;
    }
    throw e;
  }
}`,
  },
  {
    name: 'e === signal.reason and switch on the name',
    code: `async function a(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (e === signal.reason) throw e;
    return null;
  }
}
async function b(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    switch (e.name) {
      case 'AbortError':
      case 'TimeoutError':
        throw e;
      default:
        return null;
    }
  }
}`,
  },
  {
    name: 'test stored in a const, isCanceled flag, instanceof CancelError',
    code: `import got, { CancelError } from 'got';
async function a(url, signal) {
  try {
    return await got(url, { signal });
  } catch (e) {
    const aborted = signal.aborted || e.isCanceled;
    if (aborted) throw e;
    return null;
  }
}
async function b(url, signal) {
  try {
    return await got(url, { signal });
  } catch (e) {
    if (e instanceof CancelError) throw e;
    return null;
  }
}`,
  },
  {
    name: 'synchronous try is never critical',
    code: `function parse(text, signal) {
  try {
    return JSON.parse(text, signal);
  } catch {
    return null;
  }
}`,
  },
  {
    name: 'no signal and no abortable call: not critical',
    code: `async function count(db) {
  try {
    return await db.count();
  } catch {
    return 0;
  }
}
async function ping() {
  try {
    await fetch('/ping');
    return true;
  } catch {
    return false;
  }
}`,
  },
  {
    name: 'owner: own controller and own timeout',
    code: `async function fetchWithTimeout(url, ms) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(url, { signal: controller.signal });
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}`,
  },
  {
    name: 'owner: AbortSignal.timeout created here',
    code: `async function probe(url) {
  const signal = AbortSignal.timeout(2000);
  try {
    await fetch(url, { signal });
    return true;
  } catch {
    return false;
  }
}`,
  },
  {
    name: 'finally that only cleans up',
    code: `async function load(url, signal) {
  const lock = await acquire();
  try {
    return await fetch(url, { signal });
  } finally {
    lock.release();
    for (const x of [1, 2]) {
      if (x) break;
    }
  }
}`,
  },
  {
    name: 'local helper that really tests the name',
    code: `function isAbort(e) {
  return e instanceof Error && e.name === 'AbortError';
}
async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (isAbort(e)) throw e;
    return null;
  }
}`,
  },
  {
    name: 'nested callbacks that are not call arguments are not protected code',
    code: `async function setup(signal) {
  try {
    const onClick = () => fetch('/x', { signal });
    button.onclick = onClick;
    await ready();
  } catch {
    return false;
  }
}`,
  },
  {
    name: 'effection yield* and redux-saga cancelled() in finally',
    code: `function* task() {
  try {
    yield sleep(100);
  } finally {
    yield* cleanup();
  }
}
function* saga() {
  try {
    yield call(api);
  } finally {
    if (yield cancelled()) {
      yield put({ type: 'CANCELLED' });
    }
  }
}`,
  },
  {
    name: 'generator runtime import exempts plain yields in finally',
    code: `import { put, call } from 'redux-saga/effects';
function* saga() {
  try {
    yield call(api);
  } finally {
    yield put({ type: 'DONE' });
  }
}`,
  },
  {
    name: 'process.exit and passing the error to reject',
    code: `async function main(signal) {
  try {
    await fetch('/x', { signal });
  } catch (e) {
    console.error(e);
    process.exit(1);
  }
}
function wrapped(url, signal) {
  return new Promise((resolve, reject) => {
    fetch(url, { signal }).then(resolve, (e) => reject(e));
  });
}`,
  },
  {
    name: 'strict is off by default',
    code: `async function save(db, row, { signal }) {
  try {
    await db.insert(row);
  } catch {
    return false;
  }
  return true;
}`,
  },
  {
    name: 'option cancellationNames / guardFunctions / throwingGuards',
    code: `async function a(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (e.name === 'StopError') throw e;
    return null;
  }
}
async function b(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (stopped(e)) throw e;
    return null;
  }
}
async function c(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    bail(e);
    return null;
  }
}`,
    options: [{ cancellationNames: ['StopError'], guardFunctions: ['stopped'], throwingGuards: ['bail'] }],
  },
  {
    name: 'TypeScript: typed catch with a guard',
    code: `export async function load(url: string, signal?: AbortSignal): Promise<string | null> {
  try {
    const res = await fetch(url, { signal });
    return await res.text();
  } catch (err: unknown) {
    if ((err as Error).name === 'AbortError') throw err;
    return null;
  }
}`,
  },
  {
    name: 'nested try with a rethrowing inner catch',
    code: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    try {
      await report(e);
    } catch {
      // reporting failed
    }
    throw e;
  }
}`,
  },
  {
    name: 'owner: an effect that aborts its own request in the cleanup',
    code: `function useFeed(url) {
  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      try {
        const res = await fetch(url, { signal: controller.signal });
        setData(await res.json());
      } catch (e) {
        if (e instanceof Error && e.name === 'AbortError') return;
        setError(e);
      }
    })();
    return () => controller.abort();
  }, [url]);
}`,
  },
  {
    name: 'owner: a class that creates and aborts its own controller',
    code: `class Poller {
  controller = new AbortController();
  async tick() {
    try {
      await fetch('/tick', { signal: this.controller.signal });
    } catch {
      return false;
    }
    return true;
  }
  dispose() {
    this.controller.abort();
  }
}`,
  },
  {
    name: 'a test that asserts on the caught cancellation',
    code: `it('aborts', async () => {
  const controller = new AbortController();
  const pending = fetch('/slow', { signal: controller.signal });
  controller.abort();
  try {
    await pending;
  } catch (e) {
    expect(e.name).toBe('AbortError');
  }
});
it('aborts too', async () => {
  try {
    await fetch('/slow', { signal: AbortSignal.abort() });
  } catch (e) {
    assert.equal(e.name, 'AbortError');
  }
});`,
  },
  {
    name: 'control flow inside the handler: inner loops, labels, nested try/finally, switch, destructured name',
    code: `async function a(url, signal, handlers) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    for (const h of handlers) {
      if (h(e)) break;
    }
    done: {
      if (handlers.length === 0) break done;
      log(e);
    }
    do {
      log(e);
    } while (false);
    throw e;
  }
}
async function b(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    try {
      throw e;
    } finally {
      cleanup();
    }
  }
}
async function c(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (e.name === 'AbortError') {
      cleanup();
      throw e;
    } else if (e.code === 'ECONNRESET') {
      return retry();
    }
    return null;
  }
}
async function d(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    const { name } = e;
    if (name === 'AbortError') throw e;
    switch (e.code) {
      case 'ECONNRESET':
        return null;
    }
    throw e;
  }
}
async function f(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    try {
      await report(e);
    } catch (reportError) {
      throw reportError;
    }
    throw e;
  }
}`,
  },
  {
    name: 'fire-and-forget .catch (result discarded) is not reported',
    code: `async function load(url, signal) {
  const pending = fetch(url, { signal });
  pending.catch(() => {});
  await prepare();
  return await pending;
}
export function start(signal) {
  fetch('/events', { signal }).catch(console.error);
  void fetch('/warm', { signal }).catch(() => null);
}`,
  },
  {
    name: 'option abortableCallees: other exports of the module are not abortable',
    code: `import { get, parse } from '@acme/http';
export async function user(id) {
  try {
    return await parse(id);
  } catch {
    return undefined;
  }
}`,
    options: [{ abortableCallees: ['@acme/http#get'] }],
  },
  {
    name: 'process signals named signal are not AbortSignals',
    code: `async function stop(child, signal) {
  try {
    child.kill(signal);
    await once(child, 'exit');
  } catch {
    return false;
  }
  return true;
}
async function stopAll(children) {
  const signal = 'SIGTERM';
  try {
    await Promise.all(children.map((c) => terminate(c, signal)));
  } catch {
    return false;
  }
  return true;
}`,
  },
  // Smoke triage (docs/smoke-triage.md): compiled async code, where a generator's `yield` stands for `await`.
  {
    name: 'tslib __awaiter output: yield in finally is an await (rxjs innerFrom.js)',
    code: `function process(asyncIterable, subscriber) {
    var asyncIterable_1, asyncIterable_1_1;
    var e_1, _a;
    return __awaiter(this, void 0, void 0, function* () {
        try {
            for (asyncIterable_1 = __asyncValues(asyncIterable); asyncIterable_1_1 = yield asyncIterable_1.next(), !asyncIterable_1_1.done;) {
                subscriber.next(asyncIterable_1_1.value);
            }
        }
        catch (e_1_1) { e_1 = { error: e_1_1 }; }
        finally {
            try {
                if (asyncIterable_1_1 && !asyncIterable_1_1.done && (_a = asyncIterable_1.return)) yield _a.call(asyncIterable_1);
            }
            finally { if (e_1) throw e_1.error; }
        }
        subscriber.complete();
    });
}`,
  },
  {
    name: 'CommonJS tslib, Babel, swc and esbuild async helpers',
    code: `const a = () => (0, tslib_1.__awaiter)(this, void 0, void 0, function* () {
  try { yield load(); } finally { yield close(); }
});
function b() {
  _b = _asyncToGenerator(function* () {
    try { yield load(); } finally { yield close(); }
  });
  return _b.apply(this, arguments);
}
const c = (0, _asyncToGenerator2.default)(function* () {
  try { yield load(); } finally { yield close(); }
});
const d = _async_to_generator(function* () {
  try { yield load(); } finally { yield close(); }
});
const e = () => __async(this, null, function* () {
  try { yield load(); } finally { yield close(); }
});`,
  },
  {
    name: 'downlevel async generator: yield __await(...) in finally is an await',
    code: `function rows(db) {
  return __asyncGenerator(this, arguments, function* rows_1() {
    const cursor = yield __await(db.open());
    try {
      for (const row of cursor) yield yield __await(row);
    } finally {
      yield __await(cursor.close());
    }
  });
}
function pages(api) {
  return _wrapAsyncGenerator(function* () {
    try {
      yield 1;
    } finally {
      yield _awaitAsyncGenerator(api.close());
    }
  })();
}`,
  },
];

export const invalid: (InvalidTestCase<MessageIds, Options> & { name: string })[] = [
  {
    name: "signal parameter, catch returns a fallback value",
    code: `async function load(url: string, signal: AbortSignal) {
  try {
    const res = await fetch(url, { signal });
    return await res.json();
  } catch {
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal.throwIfAborted();"}, output: `async function load(url: string, signal: AbortSignal) {
  try {
    const res = await fetch(url, { signal });
    return await res.json();
  } catch {
    signal.throwIfAborted();
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: "options.signal, empty catch",
    code: `async function save(data, opts) {
  try {
    await fetch('/save', { method: 'POST', body: data, signal: opts.signal });
  } catch (e) {}
  return true;
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 14,
        // This catch swallows a cancellation: it reaches the end of the handler (line 4) without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `opts.signal` is passed to `fetch()` at line 3. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"opts.signal?.throwIfAborted();"}, output: `async function save(data, opts) {
  try {
    await fetch('/save', { method: 'POST', body: data, signal: opts.signal });
  } catch (e) {
    opts.signal?.throwIfAborted();
  }
  return true;
}` },
        ],
      },
    ],
  },
  {
    name: "retry loop swallows the abort",
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
    name: "polling loop continues after abort",
    code: `import { setTimeout as delay } from 'node:timers/promises';
async function poll(signal) {
  while (true) {
    try {
      await delay(5000, undefined, { signal });
      await refresh();
    } catch {
      continue;
    }
  }
}`,
    errors: [
      {
        messageId: 'swallowedInLoop', line: 7, column: 7, endLine: 7, endColumn: 12,
        // This catch in a loop swallows a cancellation: it continues the loop at line 8 without re-throwing it, so after an abort the loop keeps working (retrying or polling) instead of stopping. A cancellation can reach it because `signal` is passed to `delay()` at line 5. Re-throw cancellations before the loop continues.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `import { setTimeout as delay } from 'node:timers/promises';
async function poll(signal) {
  while (true) {
    try {
      await delay(5000, undefined, { signal });
      await refresh();
    } catch {
      signal?.throwIfAborted();
      continue;
    }
  }
}` },
        ],
      },
    ],
  },
  {
    name: ".catch(() => value) on a fetch chain",
    code: `function getJson(url, signal) {
  return fetch(url, { signal }).then((r) => r.json()).catch(() => ({ items: [] }));
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 2, column: 55, endLine: 2, endColumn: 60,
        // This handler turns a cancellation into a normal result: it returns a value at line 2, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 2. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `function getJson(url, signal) {
  return fetch(url, { signal }).then((r) => r.json()).catch(() => { signal?.throwIfAborted(); return { items: [] }; });
}` },
        ],
      },
    ],
  },
  {
    name: ".then(ok, onRejected) that logs",
    code: `function load(url, controller) {
  return fetch(url, { signal: controller.signal }).then(
    (r) => r.json(),
    (e) => {
      console.error(e);
    },
  );
}`,
    errors: [
      {
        messageId: 'swallowedInCallback', line: 2, column: 52, endLine: 2, endColumn: 56,
        // This rejection handler swallows a cancellation: it reaches the end of the handler (line 6) without re-throwing it, so the aborted promise settles as if nothing went wrong. A cancellation can reach it because `controller.signal` is passed to `fetch()` at line 2. Re-throw cancellations in the callback.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"controller.signal?.throwIfAborted();"}, output: `function load(url, controller) {
  return fetch(url, { signal: controller.signal }).then(
    (r) => r.json(),
    (e) => {
      controller.signal?.throwIfAborted();
      console.error(e);
    },
  );
}` },
        ],
      },
    ],
  },
  {
    name: ".catch(console.error)",
    code: `export function start(signal) {
  return fetch('/events', { signal }).catch(console.error);
}`,
    errors: [
      {
        messageId: 'swallowedInCallback', line: 2, column: 45, endLine: 2, endColumn: 58,
        // This rejection handler swallows a cancellation: it returns at line 2 without re-throwing it, so the aborted promise settles as if nothing went wrong. A cancellation can reach it because `signal` is passed to `fetch()` at line 2. Re-throw cancellations in the callback.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export function start(signal) {
  return fetch('/events', { signal }).catch((err) => { signal?.throwIfAborted(); console.error(err); });
}` },
        ],
      },
    ],
  },
  {
    name: "forwarded init without a visible signal, bare catch",
    code: `export async function getText(url, init) {
  try {
    const res = await fetch(url, init);
    return await res.text();
  } catch {
    return '';
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `fetch()` at line 3 receives the caller's options, which can carry a signal. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `export async function getText(url, init) {
  try {
    const res = await fetch(url, init);
    return await res.text();
  } catch (error) {
    if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
    return '';
  }
}` },
        ],
      },
    ],
  },
  {
    name: "axios with caller config",
    code: `import axios from 'axios';
export async function getUser(id, config) {
  try {
    const { data } = await axios.get('/users/' + id, config);
    return data;
  } catch (err) {
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 6, column: 5, endLine: 6, endColumn: 16,
        // This handler turns a cancellation into a normal result: it returns a value at line 7, so the caller gets a value instead of the abort. A cancellation can reach it because `axios.get()` at line 4 receives the caller's options, which can carry a signal. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (axios.isCancel(err)) throw err;"}, output: `import axios from 'axios';
export async function getUser(id, config) {
  try {
    const { data } = await axios.get('/users/' + id, config);
    return data;
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
    name: "wrapping in a new Error with cause",
    code: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    throw new Error('load failed', { cause: e });
  }
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 14,
        // This catch swallows a cancellation: it throws a different error at line 5 without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    signal?.throwIfAborted();
    throw new Error('load failed', { cause: e });
  }
}` },
        ],
      },
    ],
  },
  {
    name: "swallow-abort-only outside the owner",
    code: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (e.name === 'AbortError') return;
    throw e;
  }
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 14,
        // This catch swallows a cancellation: it returns at line 5 when it is a cancellation without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    signal?.throwIfAborted();
    if (e.name === 'AbortError') return;
    throw e;
  }
}` },
        ],
      },
    ],
  },
  {
    name: "a cancellation test that does not re-throw",
    code: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (isAbortError(e)) {
      console.log('aborted');
    }
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 4, column: 5, endLine: 4, endColumn: 14,
        // This handler turns a cancellation into a normal result: it returns a value at line 8 when it is a cancellation, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    signal?.throwIfAborted();
    if (isAbortError(e)) {
      console.log('aborted');
    }
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: "finally that returns",
    code: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } finally {
    return 'done';
  }
}`,
    errors: [
      {
        messageId: 'finallyReturn', line: 5, column: 5, endLine: 5, endColumn: 19,
        // This `return` in `finally` discards a pending cancellation: when the `try` block is aborted, the abort is replaced by a normal completion. A cancellation can reach the `try` block because `signal` is passed to `fetch()` at line 3. Move the `return` out of `finally`.
        suggestions: [],
      },
    ],
  },
  {
    name: "finally that breaks out of a loop",
    code: `async function drain(queue, signal) {
  for (const job of queue) {
    try {
      await fetch(job.url, { signal });
    } finally {
      break;
    }
  }
}`,
    errors: [
      {
        messageId: 'finallyReturn', line: 6, column: 7, endLine: 6, endColumn: 13,
        // This `break` in `finally` discards a pending cancellation: when the `try` block is aborted, the abort is replaced by a normal completion. A cancellation can reach the `try` block because `signal` is passed to `fetch()` at line 4. Move the `break` out of `finally`.
        suggestions: [],
      },
    ],
  },
  {
    name: 'downlevel async generator: a real yield in finally still reports',
    code: `function rows(db) {
  return __asyncGenerator(this, arguments, function* rows_1() {
    try {
      yield yield __await(db.first());
    } finally {
      yield yield __await('EOF');
    }
  });
}`,
    errors: [
      {
        messageId: 'finallyYield', line: 6, column: 7, endLine: 6, endColumn: 33,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a generator passed to an ordinary function still reports',
    code: `register(function* () {
  try {
    yield 1;
  } finally {
    yield 2;
  }
});`,
    errors: [
      {
        messageId: 'finallyYield', line: 5, column: 5, endLine: 5, endColumn: 12,
        suggestions: [],
      },
    ],
  },
  {
    name: "generator yielding in finally",
    code: `function* lines(source) {
  try {
    for (const line of source) yield line;
  } finally {
    yield 'EOF';
  }
}`,
    errors: [
      {
        messageId: 'finallyYield', line: 5, column: 5, endLine: 5, endColumn: 16,
        // This `yield` in `finally` keeps the generator alive after `.return()`: when a consumer `break`s or the work is cancelled, `.return()` gets this value instead of finishing the generator. Clean up without a plain `yield` in `finally`.
        suggestions: [],
      },
    ],
  },
  {
    name: "local async function that is critical is followed",
    code: `const controller = new AbortController();
async function loadItems() {
  const res = await fetch('/items', { signal: controller.signal });
  return res.json();
}
export async function refresh() {
  try {
    return await loadItems();
  } catch {
    return [];
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 9, column: 5, endLine: 9, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 10, so the caller gets a value instead of the abort. A cancellation can reach it because `loadItems()` at line 8 can be cancelled (`controller.signal` is passed to `fetch()` at line 3). Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `const controller = new AbortController();
async function loadItems() {
  const res = await fetch('/items', { signal: controller.signal });
  return res.json();
}
export async function refresh() {
  try {
    return await loadItems();
  } catch (error) {
    if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
    return [];
  }
}` },
        ],
      },
    ],
  },
  {
    name: "class method that is critical is followed",
    code: `class Feed {
  controller = new AbortController();
  async fetchPage(n) {
    return fetch('/page/' + n, { signal: this.controller.signal });
  }
  async next(n) {
    try {
      return await this.fetchPage(n);
    } catch (e) {
      return [];
    }
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 9, column: 7, endLine: 9, endColumn: 16,
        // This handler turns a cancellation into a normal result: it returns a value at line 10, so the caller gets a value instead of the abort. A cancellation can reach it because `this.fetchPage()` at line 8 can be cancelled (`this.controller.signal` is passed to `fetch()` at line 4). Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) throw e;"}, output: `class Feed {
  controller = new AbortController();
  async fetchPage(n) {
    return fetch('/page/' + n, { signal: this.controller.signal });
  }
  async next(n) {
    try {
      return await this.fetchPage(n);
    } catch (e) {
      if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) throw e;
      return [];
    }
  }
}` },
        ],
      },
    ],
  },
  {
    name: "owner that also forwards the caller signal is not an owner",
    code: `async function load(url, signal) {
  const controller = new AbortController();
  signal.addEventListener('abort', () => controller.abort());
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    return await fetch(url, { signal: controller.signal });
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 7, column: 5, endLine: 7, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 8, so the caller gets a value instead of the abort. A cancellation can reach it because `controller.signal` is passed to `fetch()` at line 6. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"controller.signal.throwIfAborted();"}, output: `async function load(url, signal) {
  const controller = new AbortController();
  signal.addEventListener('abort', () => controller.abort());
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    return await fetch(url, { signal: controller.signal });
  } catch {
    controller.signal.throwIfAborted();
    return null;
  } finally {
    clearTimeout(timer);
  }
}` },
        ],
      },
    ],
  },
  {
    name: "fake helper that does not test the name",
    code: `function isBad(e) {
  return e instanceof Error;
}
async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (isBad(e)) throw e;
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 7, column: 5, endLine: 7, endColumn: 14,
        // This handler turns a cancellation into a normal result: it returns a value at line 9, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 6. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `function isBad(e) {
  return e instanceof Error;
}
async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    signal?.throwIfAborted();
    if (isBad(e)) throw e;
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: "Promise.all of callbacks with a signal",
    code: `async function loadAll(urls, signal) {
  try {
    return await Promise.all(urls.map((u) => fetch(u, { signal })));
  } catch {
    return [];
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 4, column: 5, endLine: 4, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 5, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `async function loadAll(urls, signal) {
  try {
    return await Promise.all(urls.map((u) => fetch(u, { signal })));
  } catch {
    signal?.throwIfAborted();
    return [];
  }
}` },
        ],
      },
    ],
  },
  {
    name: "for await over events.on with a signal",
    code: `import { on } from 'node:events';
async function consume(emitter, signal) {
  try {
    for await (const [msg] of on(emitter, 'message', { signal })) handle(msg);
  } catch (e) {
    log(e);
  }
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 5, column: 5, endLine: 5, endColumn: 14,
        // This catch swallows a cancellation: it reaches the end of the handler (line 7) without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `signal` is passed to `on()` at line 4. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `import { on } from 'node:events';
async function consume(emitter, signal) {
  try {
    for await (const [msg] of on(emitter, 'message', { signal })) handle(msg);
  } catch (e) {
    signal?.throwIfAborted();
    log(e);
  }
}` },
        ],
      },
    ],
  },
  {
    name: "signal.throwIfAborted() inside the try",
    code: `async function step(signal) {
  try {
    signal.throwIfAborted();
    await work();
  } catch {
    return false;
  }
  return true;
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `signal.throwIfAborted()` is called at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `async function step(signal) {
  try {
    signal.throwIfAborted();
    await work();
  } catch {
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
    name: "strict: any await in a function that receives a signal",
    code: `async function save(db, row, { signal }) {
  try {
    await db.insert(row);
  } catch {
    return false;
  }
  return true;
}`,
    options: [{"strict":true}],
    errors: [
      {
        messageId: 'convertedToValue', line: 4, column: 5, endLine: 4, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 5, so the caller gets a value instead of the abort. A cancellation can reach it because the function receives a signal and awaits at line 3 (strict). Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `async function save(db, row, { signal }) {
  try {
    await db.insert(row);
  } catch (error) {
    if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
    return false;
  }
  return true;
}` },
        ],
      },
    ],
  },
  {
    name: "option signalNames",
    code: `async function run(stop) {
  try {
    await work(stop);
  } catch {
    return null;
  }
}`,
    options: [{"signalNames":["stop"]}],
    errors: [
      {
        messageId: 'convertedToValue', line: 4, column: 5, endLine: 4, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 5, so the caller gets a value instead of the abort. A cancellation can reach it because `stop` is passed to `work()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"stop?.throwIfAborted();"}, output: `async function run(stop) {
  try {
    await work(stop);
  } catch {
    stop?.throwIfAborted();
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: "option abortableCallees",
    code: `async function run() {
  try {
    await api.get('/x');
  } catch {
    return null;
  }
}`,
    options: [{"abortableCallees":["api.get"]}],
    errors: [
      {
        messageId: 'convertedToValue', line: 4, column: 5, endLine: 4, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 5, so the caller gets a value instead of the abort. A cancellation can reach it because `api.get()` at line 3 can be cancelled. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `async function run() {
  try {
    await api.get('/x');
  } catch (error) {
    if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: "arrow expression body returning an object literal",
    code: `const load = (url, signal) =>
  fetch(url, { signal }).catch((e) => ({ error: String(e) }));`,
    errors: [
      {
        messageId: 'convertedToValue', line: 2, column: 26, endLine: 2, endColumn: 31,
        // This handler turns a cancellation into a normal result: it returns a value at line 2, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 2. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `const load = (url, signal) =>
  fetch(url, { signal }).catch((e) => { signal?.throwIfAborted(); return { error: String(e) }; });` },
        ],
      },
    ],
  },
  {
    name: "arrow without parameter converted",
    code: `const ping = (init) => fetch('/ping', init).catch(() => false);`,
    errors: [
      {
        messageId: 'convertedToValue', line: 1, column: 45, endLine: 1, endColumn: 50,
        // This handler turns a cancellation into a normal result: it returns a value at line 1, so the caller gets a value instead of the abort. A cancellation can reach it because `fetch()` at line 1 receives the caller's options, which can carry a signal. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `const ping = (init) => fetch('/ping', init).catch((error) => { if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error; return false; });` },
        ],
      },
    ],
  },
  {
    name: "TypeScript: optional signal parameter",
    code: `export async function load(url: string, signal?: AbortSignal): Promise<string | null> {
  try {
    const res = await fetch(url, { signal });
    return await res.text();
  } catch (err: unknown) {
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 25,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function load(url: string, signal?: AbortSignal): Promise<string | null> {
  try {
    const res = await fetch(url, { signal });
    return await res.text();
  } catch (err: unknown) {
    signal?.throwIfAborted();
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: "fire-and-forget task whose controller is aborted elsewhere is not owned",
    code: `function start(url) {
  const controller = new AbortController();
  register(controller);
  (async () => {
    try {
      await fetch(url, { signal: controller.signal });
    } catch {
      return;
    }
  })();
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 7, column: 7, endLine: 7, endColumn: 12,
        // This catch swallows a cancellation: it returns at line 8 without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `controller.signal` is passed to `fetch()` at line 6. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"controller.signal.throwIfAborted();"}, output: `function start(url) {
  const controller = new AbortController();
  register(controller);
  (async () => {
    try {
      await fetch(url, { signal: controller.signal });
    } catch {
      controller.signal.throwIfAborted();
      return;
    }
  })();
}` },
        ],
      },
    ],
  },
  {
    name: "AbortSignal.timeout combined with the caller signal",
    code: `async function probe(url, signal) {
  try {
    await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(1000)]) });
    return true;
  } catch {
    return false;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `AbortSignal.any([signal, AbortSignal....` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `async function probe(url, signal) {
  try {
    await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(1000)]) });
    return true;
  } catch (error) {
    if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
    return false;
  }
}` },
        ],
      },
    ],
  },
  {
    name: "a nested catch swallows the re-throw",
    code: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    try {
      throw e;
    } catch {
      console.log('ignored');
    }
  }
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 14,
        // This catch swallows a cancellation: it reaches the end of the handler (line 10) without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `async function load(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    signal?.throwIfAborted();
    try {
      throw e;
    } catch {
      console.log('ignored');
    }
  }
}` },
        ],
      },
    ],
  },
  {
    name: "a conditional re-throw that is not a cancellation test",
    code: `async function load(url, signal, strict) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    if (strict) throw e;
  }
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 14,
        // This catch swallows a cancellation: it reaches the end of the handler (line 6) without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `async function load(url, signal, strict) {
  try {
    return await fetch(url, { signal });
  } catch (e) {
    signal?.throwIfAborted();
    if (strict) throw e;
  }
}` },
        ],
      },
    ],
  },
  {
    name: "labeled break out of the loop",
    code: `async function drain(urls, signal) {
  outer: for (const url of urls) {
    try {
      await fetch(url, { signal });
    } catch {
      break outer;
    }
  }
  return 'drained';
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 5, column: 7, endLine: 5, endColumn: 12,
        // This catch swallows a cancellation: it breaks out at line 6 without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `signal` is passed to `fetch()` at line 4. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `async function drain(urls, signal) {
  outer: for (const url of urls) {
    try {
      await fetch(url, { signal });
    } catch {
      signal?.throwIfAborted();
      break outer;
    }
  }
  return 'drained';
}` },
        ],
      },
    ],
  },
  {
    name: "option abortableCallees with module#export",
    code: `import { get } from '@acme/http';
export async function user(id) {
  try {
    return await get('/users/' + id);
  } catch {
    return undefined;
  }
}`,
    options: [{"abortableCallees":["@acme/http#get"]}],
    errors: [
      {
        messageId: 'swallowedInCatch', line: 5, column: 5, endLine: 5, endColumn: 10,
        // This catch swallows a cancellation: it returns at line 6 without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `get()` at line 4 can be cancelled. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `import { get } from '@acme/http';
export async function user(id) {
  try {
    return await get('/users/' + id);
  } catch (error) {
    if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
    return undefined;
  }
}` },
        ],
      },
    ],
  },
];

ruleTester.run('no-swallowed-cancellation', rule, { valid, invalid });

describe('suggestion outputs are clean for the same problem', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string, options: readonly unknown[] | undefined) =>
    linter.verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser as Linter.Parser },
          plugins: { 'patch-order': { rules: { 'no-swallowed-cancellation': rule as never } } },
          rules: { 'patch-order/no-swallowed-cancellation': ['error', ...(options ?? [])] },
        },
      ],
      'file.ts',
    );
  for (const c of invalid) {
    for (const e of c.errors) {
      for (const s of (e as { suggestions?: { output: string }[] }).suggestions ?? []) {
        it(`${c.name}: ${s.output.split('\n').find((l) => l.includes('throw')) ?? ''}`.slice(0, 160), () => {
          const messages = lint(s.output, c.options);
          expect(messages.filter((m) => m.fatal)).toEqual([]);
          expect(messages.filter((m) => m.line === e.line && m.column === e.column)).toEqual([]);
        });
      }
    }
  }
});
