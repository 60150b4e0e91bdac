/**
 * no-swallowed-cancellation on JavaScript: the shapes real code showed (issue 14, items 11-17). False reports
 * (the abort owned by a callee or a nested callback; a test that rules a cancellation out; a signal source
 * misread; the error handed on) are valid cases next to the twin that must still report; missed shapes
 * (`.then(ok, onRejected)`, a fan-out that turns each rejection into a value, an async generator that ends
 * quietly) are invalid cases next to their correct twin. Case names start with the item number.
 * Every suggestion output is linted again and must not report the same handler.
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import { afterAll, describe, expect, it } from 'vitest';
import type { TSESLint } from '@typescript-eslint/utils';
import rule from '../../../rules/no-swallowed-cancellation.js';
import type { CancellationRuleOptions } from '../../../src/checks/no-swallowed-cancellation/check.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type MessageIds = typeof rule extends TSESLint.RuleModule<infer M, infer _O> ? M : never;
type Options = [CancellationRuleOptions];

const valid: (ValidTestCase<Options> & { name: string })[] = [
  {
    name: '11: owner through a nested callback: AbortSignal.timeout() of the enclosing function',
    code: `export async function probeAll(urls) {
  const signal = AbortSignal.timeout(2000);
  return Promise.all(
    urls.map(async (url) => {
      try {
        await fetch(url, { signal });
        return true;
      } catch {
        return false;
      }
    }),
  );
}`,
  },
  {
    name: '11: owner through a callee: its own controller aborted by its own setTimeout',
    code: `async function fetchWithTimeout(url, ms) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(url, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}
export async function healthy(url) {
  try {
    await fetchWithTimeout(url, 500);
    return true;
  } catch {
    return false;
  }
}`,
  },
  {
    name: '11: owner through a callee: AbortSignal.timeout() created and consumed in the callee',
    code: `async function ping(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(500) });
  return res.ok;
}
export async function reachable(url) {
  try {
    return await ping(url);
  } catch {
    return false;
  }
}`,
  },
  {
    name: '11: owner through a callback of the protected code: each item has its own timeout controller',
    code: `export async function firstAlive(urls) {
  try {
    return await Promise.any(
      urls.map(async (url) => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 1000);
        await fetch(url, { signal: controller.signal });
        return url;
      }),
    );
  } catch {
    return null;
  }
}`,
  },
  {
    name: '12: instanceof a non-cancellation class rules the abort out',
    code: `class NotFoundError extends Error {}
export async function find(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}`,
  },
  {
    name: '12: an HTTP status test rules the abort out',
    code: `import axios from 'axios';
export async function getUser(id, config) {
  try {
    return (await axios.get(\`/users/\${id}\`, config)).data;
  } catch (err) {
    if (err.response?.status === 404) return null;
    if (err.code === 'ENOENT' || err.statusCode >= 500) return undefined;
    throw err;
  }
}`,
  },
  {
    name: '12: if (signal.aborted) break / return before the work continues',
    code: `import { setTimeout as sleep } from 'node:timers/promises';
export async function follow(url, signal) {
  for (;;) {
    try {
      await fetch(url, { signal });
    } catch (err) {
      if (signal.aborted) break;
      console.warn('retrying', err);
    }
  }
}
export async function pump(queue, signal) {
  while (queue.length > 0) {
    try {
      await sleep(100, undefined, { signal });
      queue.shift()();
    } catch {
      if (signal.aborted) return;
    }
  }
}`,
  },
  {
    name: '13: an EventEmitter named signal is not an AbortSignal',
    code: `import { once, EventEmitter } from 'node:events';
export async function ready() {
  const signal = new EventEmitter();
  setImmediate(() => signal.emit('ready'));
  try {
    await once(signal, 'ready');
    return true;
  } catch {
    return false;
  }
}`,
  },
  {
    name: '13: axios.post: the second argument is the request body, not the config',
    code: `import axios from 'axios';
export async function create(data) {
  try {
    await axios.post('/items', data);
    return true;
  } catch {
    return false;
  }
}
export async function stop(job) {
  try {
    await axios.post('/jobs/stop', { signal: 'SIGTERM', id: job });
    return true;
  } catch {
    return false;
  }
}`,
  },
  {
    name: '13: a forwarding callee called without options cannot be cancelled',
    code: `async function request(url, init) {
  const res = await fetch(url, init);
  return res.json();
}
export async function health() {
  try {
    await request('/health');
    return true;
  } catch {
    return false;
  }
}
export async function version() {
  try {
    return await request('/version', { headers: { accept: 'application/json' } });
  } catch {
    return null;
  }
}`,
  },
  {
    name: '14: handed on: a stream controller\'s error(), res.fail(), subscriber.error(), emit(\'error\')',
    code: `export function body(url, signal) {
  return new ReadableStream({
    async start(controller) {
      try {
        const res = await fetch(url, { signal });
        controller.enqueue(await res.text());
        controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
  });
}
export async function handle(req, res) {
  try {
    await fetch(req.url, { signal: req.signal });
    res.ok();
  } catch (err) {
    res.fail(err);
  }
}
export function watch(url, signal, subscriber) {
  return fetch(url, { signal }).then((r) => subscriber.next(r), (err) => subscriber.error(err));
}
export async function relay(url, signal, emitter) {
  try {
    emitter.emit('data', await fetch(url, { signal }));
  } catch (err) {
    emitter.emit('error', err);
  }
}`,
  },
  {
    name: '15: twins: a named handler that re-throws, .then(resolve, reject), a fire-and-forget log',
    code: `export function load(url, signal) {
  const onError = (err) => {
    if (signal.aborted) throw err;
    return [];
  };
  return fetch(url, { signal }).then((r) => r.json(), onError);
}
export function wrap(url, signal) {
  return new Promise((resolve, reject) => {
    fetch(url, { signal }).then(resolve, reject);
  });
}
export function ping(url, signal) {
  fetch(url, { signal }).then(() => {}, (e) => console.warn(e));
}`,
  },
  {
    name: '16: fan-out whose items re-throw the abort',
    code: `export async function fetchAll(items, signal) {
  return Promise.all(
    items.map((x) =>
      fetch(x.url, { signal }).catch((err) => {
        if (signal.aborted) throw err;
        return null;
      }),
    ),
  );
}`,
  },
  {
    name: '17: async generator that re-throws the abort, and a body read that re-throws it',
    code: `export async function* chunks(url, signal) {
  const res = await fetch(url, { signal });
  try {
    for await (const chunk of res.body) yield chunk;
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    console.warn(err);
  }
}
export async function json(url, signal) {
  const res = await fetch(url, { signal });
  try {
    return await res.json();
  } catch (err) {
    if (signal.aborted) throw err;
    return null;
  }
}`,
  },
  {
    name: '15: a discarded retry that stops when the signal is aborted',
    code: `export function connect(url, signal, onData) {
  fetch(url, { signal }).then(onData, () => {
    if (signal.aborted) return;
    setTimeout(() => connect(url, signal, onData), 1000);
  });
}`,
  },
  {
    name: '18: the code\'s own signal.aborted test, then the end of the function (an SSE stream\'s start): it ends the work',
    code: `export function watch(params) {
  return new ReadableStream({
    async start(controller) {
      const frames = watchFrames({ signal: params.signal });
      try {
        for await (const frame of frames) controller.enqueue(frame);
      } catch (error) {
        console.error('watch failed', error);
        if (!params.signal.aborted) controller.enqueue('error');
      } finally {
        controller.close();
      }
    },
  });
}`,
  },
  {
    name: '18: the try is the last statement of the function, after an early return',
    code: `export async function sync(url, signal) {
  if (!url) return;
  try {
    await save(await fetch(url, { signal }));
  } catch (error) {
    if (!signal.aborted) report(error);
  }
}`,
  },
  {
    name: '18: the last statement through an if branch and a label',
    code: `export async function sync(url, signal) {
  if (url) {
    label: try {
      await save(await fetch(url, { signal }));
    } catch (error) {
      if (!signal.aborted) report(error);
    }
  }
}`,
  },
  {
    name: '18: a rejection callback that only reports when the signal did not fire (like \`if (signal.aborted) return;\`)',
    code: `export function load(url, signal) {
  return fetch(url, { signal })
    .then((res) => res.json())
    .catch((error) => {
      if (!signal.aborted) show(error);
    });
}`,
  },
];

const invalid: (InvalidTestCase<MessageIds, Options> & { name: string })[] = [
  {
    name: '11: a callee that uses the caller\'s signal is not the owner',
    code: `async function ping(url, opts) {
  const res = await fetch(url, { signal: opts.signal });
  return res.ok;
}
export async function reachable(url, opts) {
  try {
    return await ping(url, opts);
  } catch {
    return false;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 8, column: 5, endLine: 8, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 9, so the caller gets a value instead of the abort. A cancellation can reach it because `ping()` at line 7 can be cancelled (`opts.signal` is passed to `fetch()` at line 2). Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `async function ping(url, opts) {
  const res = await fetch(url, { signal: opts.signal });
  return res.ok;
}
export async function reachable(url, opts) {
  try {
    return await ping(url, opts);
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
    name: '11: a callee whose controller is aborted by someone else is not the owner',
    code: `const running = new Set();
async function track(url) {
  const controller = new AbortController();
  running.add(controller);
  return fetch(url, { signal: controller.signal });
}
export function stopAll() {
  for (const c of running) c.abort();
}
export async function load(url) {
  try {
    return await track(url);
  } catch {
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 13, column: 5, endLine: 13, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 14, so the caller gets a value instead of the abort. A cancellation can reach it because `track()` at line 12 can be cancelled (`controller.signal` is passed to `fetch()` at line 5). Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `const running = new Set();
async function track(url) {
  const controller = new AbortController();
  running.add(controller);
  return fetch(url, { signal: controller.signal });
}
export function stopAll() {
  for (const c of running) c.abort();
}
export async function load(url) {
  try {
    return await track(url);
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
    name: '11: a module-level AbortSignal.timeout() is not owned by the functions using it',
    code: `const deadline = AbortSignal.timeout(30000);
export async function load(url) {
  try {
    return await fetch(url, { signal: deadline });
  } catch {
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `deadline` is passed to `fetch()` at line 4. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"deadline.throwIfAborted();"}, output: `const deadline = AbortSignal.timeout(30000);
export async function load(url) {
  try {
    return await fetch(url, { signal: deadline });
  } catch {
    deadline.throwIfAborted();
    return null;
  }
}` },
        ],
      },
    ],
  },
  {
    name: '12: instanceof a class every abort belongs to does not rule it out',
    code: `export async function find(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (err) {
    if (err instanceof DOMException) return null;
    throw err;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 4, column: 5, endLine: 4, endColumn: 16,
        // This handler turns a cancellation into a normal result: it returns a value at line 5, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function find(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (err) {
    signal?.throwIfAborted();
    if (err instanceof DOMException) return null;
    throw err;
  }
}` },
        ],
      },
    ],
  },
  {
    name: '12: a status test that an abort passes (!==) does not rule it out',
    code: `export async function find(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (err) {
    if (err.status !== 200) return null;
    throw err;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 4, column: 5, endLine: 4, endColumn: 16,
        // This handler turns a cancellation into a normal result: it returns a value at line 5, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function find(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (err) {
    signal?.throwIfAborted();
    if (err.status !== 200) return null;
    throw err;
  }
}` },
        ],
      },
    ],
  },
  {
    name: '12: if (signal.aborted) return a value: the caller gets a value instead of the abort',
    code: `export async function find(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (err) {
    if (signal.aborted) return null;
    throw err;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 4, column: 5, endLine: 4, endColumn: 16,
        // This handler turns a cancellation into a normal result: it returns a value at line 5 when it is a cancellation, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function find(url, signal) {
  try {
    return await fetch(url, { signal });
  } catch (err) {
    signal?.throwIfAborted();
    if (signal.aborted) return null;
    throw err;
  }
}` },
        ],
      },
    ],
  },
  {
    name: '13: a signal that is an AbortSignal still counts',
    code: `import { once } from 'node:events';
export async function ready(emitter, controller) {
  const signal = controller.signal;
  try {
    await once(emitter, 'ready', { signal });
    return true;
  } catch {
    return false;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 7, column: 5, endLine: 7, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 8, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `once()` at line 5. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `import { once } from 'node:events';
export async function ready(emitter, controller) {
  const signal = controller.signal;
  try {
    await once(emitter, 'ready', { signal });
    return true;
  } catch {
    signal?.throwIfAborted();
    return false;
  }
}` },
        ],
      },
    ],
  },
  {
    name: '13: axios.post: the caller\'s config in third position still counts',
    code: `import axios from 'axios';
export async function create(data, config) {
  try {
    await axios.post('/items', data, config);
    return true;
  } catch {
    return false;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 6, column: 5, endLine: 6, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 7, so the caller gets a value instead of the abort. A cancellation can reach it because `axios.post()` at line 4 receives the caller's options, which can carry a signal. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (axios.isCancel(error)) throw error;"}, output: `import axios from 'axios';
export async function create(data, config) {
  try {
    await axios.post('/items', data, config);
    return true;
  } catch (error) {
    if (axios.isCancel(error)) throw error;
    return false;
  }
}` },
        ],
      },
    ],
  },
  {
    name: '13: a forwarding callee given the caller\'s options still counts',
    code: `async function request(url, init) {
  const res = await fetch(url, init);
  return res.json();
}
export async function health(init) {
  try {
    await request('/health', init);
    return true;
  } catch {
    return false;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 9, column: 5, endLine: 9, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 10, so the caller gets a value instead of the abort. A cancellation can reach it because `request()` at line 7 can be cancelled (`fetch()` at line 2 receives the caller's options, which can carry a signal). Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestGuard', data: {"statement":"if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;"}, output: `async function request(url, init) {
  const res = await fetch(url, init);
  return res.json();
}
export async function health(init) {
  try {
    await request('/health', init);
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
    name: '14: logging with logger.error() is not handing on',
    code: `export async function handle(req, res, logger) {
  try {
    await fetch(req.url, { signal: req.signal });
    res.ok();
  } catch (err) {
    logger.error(err);
  }
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 5, column: 5, endLine: 5, endColumn: 16,
        // This catch swallows a cancellation: it reaches the end of the handler (line 7) without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `req.signal` is passed to `fetch()` at line 3. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"req.signal?.throwIfAborted();"}, output: `export async function handle(req, res, logger) {
  try {
    await fetch(req.url, { signal: req.signal });
    res.ok();
  } catch (err) {
    req.signal?.throwIfAborted();
    logger.error(err);
  }
}` },
        ],
      },
    ],
  },
  {
    name: '15: .then(ok, onError) with a named local rejection handler',
    code: `export function load(url, signal) {
  const onError = (err) => {
    console.warn(err);
    return [];
  };
  return fetch(url, { signal }).then((r) => r.json(), onError);
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 6, column: 55, endLine: 6, endColumn: 62,
        // This handler turns a cancellation into a normal result: it returns a value at line 4, so the caller gets a value instead of the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 6. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export function load(url, signal) {
  const onError = (err) => {
    console.warn(err);
    return [];
  };
  return fetch(url, { signal }).then((r) => r.json(), (error) => { signal?.throwIfAborted(); return onError(error); });
}` },
        ],
      },
    ],
  },
  {
    name: '15: a discarded .then(ok, onRejected) that resolves the outer promise',
    code: `export function load(url, signal) {
  return new Promise((resolve) => {
    fetch(url, { signal }).then(resolve, () => resolve(null));
  });
}`,
    errors: [
      {
        messageId: 'swallowedInCallback', line: 3, column: 28, endLine: 3, endColumn: 32,
        // This rejection handler swallows a cancellation: it returns at line 3 without re-throwing it, so the aborted promise settles as if nothing went wrong. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations in the callback.
        suggestions: [

        ],
      },
    ],
  },
  {
    name: '15: a discarded .then(ok, onRejected) that retries',
    code: `export function connect(url, signal, onData) {
  fetch(url, { signal }).then(onData, () => {
    setTimeout(() => connect(url, signal, onData), 1000);
  });
}`,
    errors: [
      {
        messageId: 'retriedInCallback', line: 2, column: 26, endLine: 2, endColumn: 30,
        // This rejection handler retries after a cancellation: it reaches the end of the handler (line 4) and starts the work again, so after an abort it keeps retrying instead of stopping. A cancellation can reach it because `signal` is passed to `fetch()` at line 2. Stop when the signal is aborted before retrying.
        suggestions: [
          { messageId: 'suggestReturnIfAborted', data: {"statement":"if (signal?.aborted) return;"}, output: `export function connect(url, signal, onData) {
  fetch(url, { signal }).then(onData, () => {
    if (signal?.aborted) return;
    setTimeout(() => connect(url, signal, onData), 1000);
  });
}` },
        ],
      },
    ],
  },
  {
    name: '16: fan-out: each rejection becomes null',
    code: `export async function fetchAll(items, signal) {
  return Promise.all(items.map((x) => fetch(x.url, { signal }).catch(() => null)));
}`,
    errors: [
      {
        messageId: 'fanOutPartialResult', line: 2, column: 64, endLine: 2, endColumn: 69,
        // This handler turns the cancellation of one item of a fan-out into a result: it returns a value at line 2, so after an abort `Promise.all` keeps going and resolves with a partial result as if it were complete. A cancellation can reach it because `signal` is passed to `fetch()` at line 2. Re-throw cancellations so the whole fan-out rejects.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function fetchAll(items, signal) {
  return Promise.all(items.map((x) => fetch(x.url, { signal }).catch(() => { signal?.throwIfAborted(); return null; })));
}` },
        ],
      },
    ],
  },
  {
    name: '16: fan-out through a const of tasks, try/catch in the item',
    code: `export async function fetchAll(items, signal) {
  const tasks = items.map(async (x) => {
    try {
      return await fetch(x.url, { signal });
    } catch (err) {
      console.warn(x.url, err);
    }
  });
  return Promise.all(tasks);
}`,
    errors: [
      {
        messageId: 'fanOutPartialResult', line: 5, column: 7, endLine: 5, endColumn: 18,
        // This handler turns the cancellation of one item of a fan-out into a result: it reaches the end of the handler (line 7), so after an abort `Promise.all` keeps going and resolves with a partial result as if it were complete. A cancellation can reach it because `signal` is passed to `fetch()` at line 4. Re-throw cancellations so the whole fan-out rejects.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function fetchAll(items, signal) {
  const tasks = items.map(async (x) => {
    try {
      return await fetch(x.url, { signal });
    } catch (err) {
      signal?.throwIfAborted();
      console.warn(x.url, err);
    }
  });
  return Promise.all(tasks);
}` },
        ],
      },
    ],
  },
  {
    name: '17: async generator: the catch ends the stream quietly on AbortError',
    code: `export async function* chunks(url, signal) {
  const res = await fetch(url, { signal });
  try {
    for await (const chunk of res.body) yield chunk;
  } catch (err) {
    if (err.name === 'AbortError') return;
    throw err;
  }
}`,
    errors: [
      {
        messageId: 'endsStreamQuietly', line: 5, column: 5, endLine: 5, endColumn: 16,
        // This handler in an async generator ends the stream quietly on a cancellation: it returns at line 6 when it is a cancellation, so the consumer's `for await` loop ends as if the stream were complete instead of seeing the abort. A cancellation can reach it because `res` comes from `fetch()` at line 2, which receives `signal`, and is read at line 4. Re-throw cancellations so the consumer sees the abort.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function* chunks(url, signal) {
  const res = await fetch(url, { signal });
  try {
    for await (const chunk of res.body) yield chunk;
  } catch (err) {
    signal?.throwIfAborted();
    if (err.name === 'AbortError') return;
    throw err;
  }
}` },
        ],
      },
    ],
  },
  {
    name: '17: async generator: if (signal.aborted) return also ends the stream quietly',
    code: `export async function* pages(url, signal) {
  let next = url;
  while (next) {
    try {
      const res = await fetch(next, { signal });
      const page = await res.json();
      yield page.items;
      next = page.next;
    } catch (err) {
      if (signal.aborted) return;
      console.warn(err);
    }
  }
}`,
    errors: [
      {
        messageId: 'endsStreamQuietly', line: 9, column: 7, endLine: 9, endColumn: 18,
        // This handler in an async generator ends the stream quietly on a cancellation: it returns at line 10 when it is a cancellation, so the consumer's `for await` loop ends as if the stream were complete instead of seeing the abort. A cancellation can reach it because `signal` is passed to `fetch()` at line 5. Re-throw cancellations so the consumer sees the abort.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function* pages(url, signal) {
  let next = url;
  while (next) {
    try {
      const res = await fetch(next, { signal });
      const page = await res.json();
      yield page.items;
      next = page.next;
    } catch (err) {
      signal?.throwIfAborted();
      if (signal.aborted) return;
      console.warn(err);
    }
  }
}` },
        ],
      },
    ],
  },
  {
    name: '17: reading the body of a response fetched with a signal before the try',
    code: `export async function json(url, signal) {
  const res = await fetch(url, { signal });
  try {
    return await res.json();
  } catch {
    return null;
  }
}`,
    errors: [
      {
        messageId: 'convertedToValue', line: 5, column: 5, endLine: 5, endColumn: 10,
        // This handler turns a cancellation into a normal result: it returns a value at line 6, so the caller gets a value instead of the abort. A cancellation can reach it because `res` comes from `fetch()` at line 2, which receives `signal`, and is read at line 4. Re-throw cancellations before returning a fallback value.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function json(url, signal) {
  const res = await fetch(url, { signal });
  try {
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
    name: '15: .then(ok, onRejected) that retries with the same (aborted) signal',
    code: `export function load(url, signal, attempt = 0) {
  return fetch(url, { signal }).then(
    (r) => r.json(),
    () => load(url, signal, attempt + 1),
  );
}`,
    errors: [
      {
        messageId: 'retriedInCallback', line: 2, column: 33, endLine: 2, endColumn: 37,
        // This rejection handler retries after a cancellation: it returns at line 4 and starts the work again, so after an abort it keeps retrying instead of stopping. A cancellation can reach it because `signal` is passed to `fetch()` at line 2. Stop when the signal is aborted before retrying.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export function load(url, signal, attempt = 0) {
  return fetch(url, { signal }).then(
    (r) => r.json(),
    () => { signal?.throwIfAborted(); return load(url, signal, attempt + 1); },
  );
}` },
        ],
      },
    ],
  },
  {
    name: '18: twin: code runs after the try, so the aborted path goes on',
    code: `export async function sync(url, signal) {
  try {
    await fetch(url, { signal });
  } catch (error) {
    if (!signal.aborted) report(error);
  }
  await markSynced();
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 18,
        // This catch swallows a cancellation: it reaches the end of the handler (line 6) when it is a cancellation without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function sync(url, signal) {
  try {
    await fetch(url, { signal });
  } catch (error) {
    signal?.throwIfAborted();
    if (!signal.aborted) report(error);
  }
  await markSynced();
}` },
        ],
      },
    ],
  },
  {
    name: '18: twin: in a loop, the aborted path goes on to the next item',
    code: `export async function syncAll(urls, signal) {
  for (const url of urls) {
    try {
      await fetch(url, { signal });
    } catch (error) {
      if (!signal.aborted) report(error);
    }
  }
}`,
    errors: [
      {
        messageId: 'swallowedInLoop', line: 5, column: 7, endLine: 5, endColumn: 20,
        // This catch in a loop swallows a cancellation: it reaches the end of the handler (line 7) when it is a cancellation without re-throwing it, so after an abort the loop keeps working (retrying or polling) instead of stopping. A cancellation can reach it because `signal` is passed to `fetch()` at line 4. Re-throw cancellations before the loop continues.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function syncAll(urls, signal) {
  for (const url of urls) {
    try {
      await fetch(url, { signal });
    } catch (error) {
      signal?.throwIfAborted();
      if (!signal.aborted) report(error);
    }
  }
}` },
        ],
      },
    ],
  },
  {
    name: '18: twin: in an async generator, ending ends the stream as if it were complete',
    code: `export async function* pages(url, signal) {
  try {
    yield await fetch(url, { signal });
  } catch (error) {
    if (!signal.aborted) report(error);
  }
}`,
    errors: [
      {
        messageId: 'swallowedInCatch', line: 4, column: 5, endLine: 4, endColumn: 18,
        // This catch swallows a cancellation: it reaches the end of the handler (line 6) when it is a cancellation without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because `signal` is passed to `fetch()` at line 3. Re-throw cancellations on every path.
        suggestions: [
          { messageId: 'suggestThrowIfAborted', data: {"statement":"signal?.throwIfAborted();"}, output: `export async function* pages(url, signal) {
  try {
    yield await fetch(url, { signal });
  } catch (error) {
    signal?.throwIfAborted();
    if (!signal.aborted) report(error);
  }
}` },
        ],
      },
    ],
  },
];

new RuleTester().run('no-swallowed-cancellation (issue 14 shapes)', rule, { valid, invalid });

describe('every item has a report and a correct twin', () => {
  it('items 11-17 each appear among the valid and the invalid cases', () => {
    const item = (name: string) => Number(/^(\d+):/u.exec(name)?.[1]);
    const items = [11, 12, 13, 14, 15, 16, 17];
    expect(items.filter((n) => !valid.some((c) => item(c.name) === n))).toEqual([]);
    expect(items.filter((n) => !invalid.some((c) => item(c.name) === n))).toEqual([]);
  });
});

describe('suggestion outputs are clean for the same problem', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string) =>
    linter.verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser as Linter.Parser },
          plugins: { 'patch-order': { rules: { 'no-swallowed-cancellation': rule as never } } },
          rules: { 'patch-order/no-swallowed-cancellation': 'error' },
        },
      ],
      'file.ts',
    );
  for (const c of invalid) {
    for (const e of c.errors) {
      for (const s of (e as { suggestions?: { output: string }[] }).suggestions ?? []) {
        it(`${c.name}: ${e.line}:${e.column}`, () => {
          const messages = lint(s.output);
          expect(messages.filter((m) => m.fatal)).toEqual([]);
          expect(messages.filter((m) => m.line === e.line && m.column === e.column)).toEqual([]);
        });
      }
    }
  }
});
