/**
 * The text of every `no-swallowed-cancellation` message, as a user reads it: the fixture projects and a set
 * of inline cases (one per message the fixtures do not show) are linted through the `ESLint` class, and the
 * reports are snapshotted to __snapshots__/messages.txt (update with `vitest -u`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rule from '../../../rules/no-swallowed-cancellation.js';
import { docOutputs, dumpMessages, FIXTURES, firstSentence, withPrintedOutputs, writeCases, type MessageDump } from '../../helpers/message-snapshot.js';

const RULE = 'no-swallowed-cancellation';
const DOC = path.join(FIXTURES, '..', 'docs', 'rules', `${RULE}.md`);

/** Inline cases, one project each (a directory under a temp dir). */
const CASES: Record<string, Record<string, string>> = {
  'js-catch-falls-through': {
    'save.js': `export async function save(data, opts) {
  try {
    await fetch('/save', { method: 'POST', body: data, signal: opts.signal });
  } catch (e) {
    console.error(e);
  }
  return true;
}
`,
  },
  'js-catch-wraps': {
    'text.js': `export async function getText(url, { signal }) {
  try {
    return await (await fetch(url, { signal })).text();
  } catch (e) {
    throw new Error(\`GET \${url} failed\`, { cause: e });
  }
}
`,
  },
  'js-rejection-callback': {
    'load.js': `export function load(url, controller) {
  return fetch(url, { signal: controller.signal }).then(
    (r) => r.json(),
    (e) => {
      console.error(e);
    },
  );
}
`,
  },
  'js-forwarded-options': {
    'text.js': `export async function getText(url, init) {
  try {
    const res = await fetch(url, init);
    return await res.text();
  } catch {
    return '';
  }
}
`,
  },
  'js-throw-if-aborted-source': {
    'step.js': `export async function step(signal, work) {
  try {
    signal.throwIfAborted();
    await work();
  } catch {
    return false;
  }
  return true;
}
`,
  },
  'js-finally': {
    'upload.js': `export async function upload(file, signal) {
  try {
    await fetch('/upload', { method: 'PUT', body: file, signal });
  } finally {
    return 'done';
  }
}

export async function drain(queue, signal) {
  for (const job of queue) {
    try {
      await fetch(job.url, { signal });
    } finally {
      break;
    }
  }
}
`,
  },
  'js-generator': {
    'rows.js': `export function* rows(cursor) {
  try {
    for (const row of cursor) yield row;
  } finally {
    yield { done: true };
  }
}
`,
  },
  'ts-axios': {
    'client.ts': `import axios from 'axios';

export async function getUser(id: string, config?: { signal?: AbortSignal }): Promise<unknown> {
  try {
    const { data } = await axios.get(\`/users/\${id}\`, config);
    return data;
  } catch (err: unknown) {
    return null;
  }
}
`,
  },
  'py-interrupts': {
    'loop.py': `import time


def poll(check):
    while True:
        try:
            check()
            time.sleep(1)
        except KeyboardInterrupt:
            pass


def serve(handle):
    while True:
        try:
            handle()
        except SystemExit:
            continue


def numbers():
    n = 0
    while n < 10:
        n += 1
    try:
        yield n
    except KeyboardInterrupt:
        yield -1
`,
  },
  'py-handlers': {
    'tasks.py': `import trio


async def fetch(client):
    try:
        return await client.get()
    except trio.Cancelled:
        return None


async def reacquire(lock):
    try:
        await lock.acquire()
    except BaseException:
        print("lost the lock")


def gen():
    try:
        yield 1
    except:
        pass
    yield 2
`,
    'anyio_tasks.py': `import anyio


async def run(job):
    try:
        await job()
    except anyio.get_cancelled_exc_class():
        pass
`,
    'unknown_library.py': `async def stop(session):
    try:
        await session.close()
    finally:
        return None
`,
  },
  'py-suppress': {
    'shutdown.py': `import asyncio
import contextlib


async def stop(task):
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    print("stopped")


def run(work):
    with contextlib.suppress(BaseException):
        work()


def lines(source):
    with contextlib.suppress(GeneratorExit):
        for line in source:
            yield line
    yield "EOF"
`,
  },
  'py-311': {
    'pyproject.toml': `[project]
name = "modern"
requires-python = ">=3.11"
`,
    'stop.py': `import asyncio


async def stop(t1):
    t1.cancel()
    try:
        await t1
    except asyncio.CancelledError:
        pass
`,
  },
};

let dump: MessageDump;
let cleanup = () => {};

beforeAll(async () => {
  const fixtures = readdirSync(FIXTURES)
    .filter((d) => /^(?:py-|js-spawn-|js-cancel-|examples$)/u.test(d))
    .sort()
    .map((d) => ({ label: d, dir: path.join(FIXTURES, d) }));
  const inline = writeCases(CASES);
  cleanup = inline.cleanup;
  dump = await dumpMessages(RULE, [...fixtures, ...inline.projects]);
});

afterAll(() => cleanup());

describe(`${RULE} messages`, () => {
  it('match the snapshot', async () => {
    await expect(dump.lines.join('\n') + '\n').toMatchFileSnapshot('__snapshots__/messages.txt');
  });

  it('show every message id of the rule at least once', () => {
    const shown = new Set(dump.reports.flatMap((r) => [r.messageId, ...r.suggestions.map((s) => s.messageId)]));
    // internalError is shown by no-swallowed-cancellation.internal-error.test.ts (it needs a broken analysis).
    const missing = Object.keys(rule.meta.messages).filter((id) => id !== 'internalError' && !shown.has(id));
    expect(missing).toEqual([]);
  });

  it('start with a short first sentence (≤ 160 characters) that says what is wrong', () => {
    const long = dump.reports.flatMap((r) => [r.message, ...r.suggestions.map((s) => s.desc)]).filter((m) => firstSentence(m).length > 160);
    expect(long).toEqual([]);
  });

  it('leave no placeholder unfilled', () => {
    const unfilled = dump.reports.flatMap((r) => [r.message, ...r.suggestions.map((s) => s.desc)]).filter((m) => /\{\{|\}\}|\s{2}|\s[.,:]/u.test(m));
    expect(unfilled).toEqual([]);
  });

  it('speak Python in Python files and JavaScript in JavaScript files', () => {
    const textOf = (ext: RegExp) => dump.reports.filter((r) => ext.test(r.file)).flatMap((r) => [r.message, ...r.suggestions.map((s) => s.desc)]);
    const py = textOf(/\.py$/u);
    const js = textOf(/\.[cm]?[jt]sx?$/u);
    expect(py.length).toBeGreaterThan(0);
    expect(js.length).toBeGreaterThan(0);
    expect(py.filter((m) => /\bcatch\b|\babort|re-throw/iu.test(m))).toEqual([]);
    expect(js.filter((m) => /\bexcept\b|re-raise/iu.test(m))).toEqual([]);
  });

  it('the rule page shows exactly what the plugin prints (UPDATE_DOCS=1 rewrites its output blocks)', () => {
    const text = readFileSync(DOC, 'utf8');
    const outputs = docOutputs(RULE, text);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, withPrintedOutputs(text, outputs));
    expect(outputs.length).toBeGreaterThanOrEqual(4);
    for (const o of outputs) {
      expect(o.printed, `the example above docs/rules/${RULE}.md:${o.line} reports nothing`).not.toBe('');
      expect(o.shown, `docs/rules/${RULE}.md:${o.line}`).toBe(o.printed);
    }
  });
});
