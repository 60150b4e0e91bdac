/**
 * no-swallowed-cancellation (Python): the shapes behind the last false reports on real code (anyio, trio, gunicorn),
 * each class with the correct code that is no longer reported and its twin that still swallows and is reported:
 *
 * 1 trio's / anyio's own relative spelling of the shield, the shielded checkpoint and the cancellation classes,
 *   inside their own package only (fixtures/py-cancel-own-package) · 2 the exception stored by a method of the
 *   class for a later raise or return · 3 handed to a spawned task that raises it · 4 a method that only the
 *   thread target calls · 5 re-raised as concurrent.futures.CancelledError · 6 a coroutine whose task ends after
 *   telling the future it serves · wording: GeneratorExit only around a `yield`; anyio's asyncio backend names
 *   asyncio.CancelledError; a class subclassed by a gevent module is greenlet code
 *   (fixtures/py-cancel-greenlet-inherited).
 */
import { ESLint, Linter } from 'eslint';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearInheritedCache, projectDeclaresGreenlet } from '../../../src/checks/no-swallowed-cancellation/python/inherited.js';
import { describe, expect, it } from 'vitest';
import realRule from '../../../rules/no-swallowed-cancellation.js';
import { createPythonRuleTester, fixture, pythonTestPlugin } from '../../helpers/rule-tester.js';

const pyRule = realRule as never;
const tester = createPythonRuleTester({ 'no-swallowed-cancellation': pyRule });
const RULE_ID = 'patch-order/no-swallowed-cancellation';

interface Case {
  /** The class of false report it belongs to (1-6 as in the list above), or 'wording'. */
  item: string;
  name: string;
  code: string;
}
interface InvalidCase extends Case {
  errors: {
    messageId: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    suggestions: { messageId: string; output: string }[];
  }[];
}

const valid: Case[] = [
  { item: "2", name: "a method of the class appends the exception to a list the nursery returns as a group", code: `import trio


class Nursery:
    def __init__(self):
        self._pending_excs = []

    def _add_exc(self, exc, reason):
        self._pending_excs.append(exc)

    async def _nested_child_finished(self):
        try:
            await trio.sleep(0)
        except BaseException as exc:
            self._add_exc(exc, reason=None)
        if self._pending_excs:
            return BaseExceptionGroup("Exceptions from the nursery", self._pending_excs)
        return None
` },
  { item: "2", name: "a method of the class assigns the exception to an attribute raised later", code: `class Session:
    def _remember(self, exc):
        self._error = exc

    def close(self):
        try:
            self._sock.close()
        except BaseException as exc:
            self._remember(exc)
        self._closed = True
        if self._error is not None:
            raise self._error
` },
  { item: "3", name: "handed to a system task whose NoReturn body raises it (a function of the handler)", code: `from typing import NoReturn

import trio


def run_cb(job):
    fn, args = job
    try:
        fn(*args)
    except BaseException as exc:

        async def kill_everything(exc: BaseException) -> NoReturn:
            raise exc

        trio.lowlevel.spawn_system_task(kill_everything, exc)
` },
  { item: "3", name: "handed to a nursery task whose body raises it (a module function)", code: `async def _reraise(exc):
    raise exc


def deliver(nursery, callback, value):
    try:
        callback(value)
    except BaseException as exc:
        nursery.start_soon(_reraise, exc)
` },
  { item: "4", name: "a method called only by the thread target runs in the worker thread", code: `import sys
import traceback
from threading import Thread


class WorkerThread:
    def __init__(self):
        self._thread = Thread(target=self._work, daemon=True)
        self._thread.start()

    def _handle_job(self, deliver, result):
        try:
            deliver(result)
        except BaseException as e:
            print("Exception while delivering result", file=sys.stderr)
            traceback.print_exception(type(e), e, e.__traceback__)

    def _work(self):
        while True:
            self._handle_job(*self._next_job())
` },
  { item: "5", name: "re-raised as concurrent.futures.CancelledError for the waiting thread", code: `import asyncio
import concurrent.futures


async def task_wrapper(func, args):
    try:
        return await func(*args)
    except asyncio.CancelledError as exc:
        raise concurrent.futures.CancelledError(str(exc)) from None
` },
  { item: "5", name: "re-raised as concurrent.futures' class imported under another name, from exc", code: `import trio
from concurrent.futures import CancelledError as FutureCancelled


async def serve(func):
    try:
        return await func()
    except trio.Cancelled as exc:
        raise FutureCancelled() from exc
` },
  { item: "5", name: "except concurrent.futures.CancelledError is not a cancellation handler (a cancelled future's result)", code: `import concurrent.futures


async def result_or_none(fut):
    try:
        return await fut
    except concurrent.futures.CancelledError:
        return None
` },
  { item: "6", name: "the task ends after telling the thread-side future it was cancelled (future.cancel())", code: `from concurrent.futures import Future

import anyio


async def call_func(func, future: Future):
    try:
        retval = await func()
    except anyio.get_cancelled_exc_class():
        future.cancel()
        future.set_running_or_notify_cancel()
    except BaseException as exc:
        if not future.cancelled():
            future.set_exception(exc)
        if not isinstance(exc, Exception):
            raise
    else:
        if not future.cancelled():
            future.set_result(retval)
` },
  { item: "6", name: "the task ends after handing the cancellation to the future it serves (set_exception)", code: `import asyncio


async def serve(func, future):
    try:
        retval = await func()
    except asyncio.CancelledError as exc:
        future.set_exception(exc)
    else:
        future.set_result(retval)
` },
];

const invalid: InvalidCase[] = [
  {
    item: "2",
    name: "the method stores only the class name: nothing carries the exception on",
    code: `import trio


class Nursery:
    def __init__(self):
        self._pending_excs = []
        self._seen = []

    def _note_exc(self, exc):
        self._seen.append(type(exc).__name__)

    async def _nested_child_finished(self):
        try:
            await trio.sleep(0)
        except BaseException as exc:
            self._note_exc(exc)
        if self._pending_excs:
            return BaseExceptionGroup("Exceptions from the nursery", self._pending_excs)
        return None
`,
    errors: [
      {
        messageId: "swallowedInExcept",
        line: 15,
        column: 16,
        endLine: 15,
        endColumn: 29,
        suggestions: [
          { messageId: "suggestReraiseFirst", output: `import trio


class Nursery:
    def __init__(self):
        self._pending_excs = []
        self._seen = []

    def _note_exc(self, exc):
        self._seen.append(type(exc).__name__)

    async def _nested_child_finished(self):
        try:
            await trio.sleep(0)
        except trio.Cancelled:
            raise
        except BaseException as exc:
            self._note_exc(exc)
        if self._pending_excs:
            return BaseExceptionGroup("Exceptions from the nursery", self._pending_excs)
        return None
` },
          { messageId: "suggestNarrowToException", output: `import trio


class Nursery:
    def __init__(self):
        self._pending_excs = []
        self._seen = []

    def _note_exc(self, exc):
        self._seen.append(type(exc).__name__)

    async def _nested_child_finished(self):
        try:
            await trio.sleep(0)
        except Exception as exc:
            self._note_exc(exc)
        if self._pending_excs:
            return BaseExceptionGroup("Exceptions from the nursery", self._pending_excs)
        return None
` },
        ],
      },
    ],
  },
  {
    item: "2",
    name: "the method stores the exception, but nothing raises or returns what it stored",
    code: `class Session:
    def _remember(self, exc):
        self._errors.append(exc)

    def close(self):
        try:
            self._sock.close()
        except BaseException as exc:
            self._remember(exc)
        self._closed = True
        return len(self._errors)
`,
    errors: [
      {
        messageId: "swallowedInExcept",
        line: 8,
        column: 16,
        endLine: 8,
        endColumn: 29,
        suggestions: [
          { messageId: "suggestNarrowToException", output: `class Session:
    def _remember(self, exc):
        self._errors.append(exc)

    def close(self):
        try:
            self._sock.close()
        except Exception as exc:
            self._remember(exc)
        self._closed = True
        return len(self._errors)
` },
        ],
      },
    ],
  },
  {
    item: "2",
    name: "collected in a loop and returned: the next jobs already ran in the cancelled task",
    code: `import asyncio


async def run_all(jobs):
    errors = []
    for job in jobs:
        try:
            await job()
        except BaseException as exc:
            errors.append(exc)
    return errors
`,
    errors: [
      {
        messageId: "swallowedInExceptLoop",
        line: 9,
        column: 16,
        endLine: 9,
        endColumn: 29,
        suggestions: [
          { messageId: "suggestReraiseFirst", output: `import asyncio


async def run_all(jobs):
    errors = []
    for job in jobs:
        try:
            await job()
        except asyncio.CancelledError:
            raise
        except BaseException as exc:
            errors.append(exc)
    return errors
` },
          { messageId: "suggestNarrowToException", output: `import asyncio


async def run_all(jobs):
    errors = []
    for job in jobs:
        try:
            await job()
        except Exception as exc:
            errors.append(exc)
    return errors
` },
        ],
      },
    ],
  },
  {
    item: "3",
    name: "the spawned task only logs the exception",
    code: `import logging


async def _report(exc):
    logging.error("callback failed: %r", exc)


def deliver(nursery, callback, value):
    try:
        callback(value)
    except BaseException as exc:
        nursery.start_soon(_report, exc)
`,
    errors: [
      {
        messageId: "swallowedInExcept",
        line: 11,
        column: 12,
        endLine: 11,
        endColumn: 25,
        suggestions: [
          { messageId: "suggestNarrowToException", output: `import logging


async def _report(exc):
    logging.error("callback failed: %r", exc)


def deliver(nursery, callback, value):
    try:
        callback(value)
    except Exception as exc:
        nursery.start_soon(_report, exc)
` },
        ],
      },
    ],
  },
  {
    item: "3",
    name: "a coroutine spawns the re-raiser and goes on itself",
    code: `import trio


async def _reraise(exc):
    raise exc


async def serve(nursery, conn):
    try:
        await conn.handle()
    except BaseException as exc:
        nursery.start_soon(_reraise, exc)
    await conn.aclose()
`,
    errors: [
      {
        messageId: "swallowedInExcept",
        line: 11,
        column: 12,
        endLine: 11,
        endColumn: 25,
        suggestions: [
          { messageId: "suggestReraiseFirst", output: `import trio


async def _reraise(exc):
    raise exc


async def serve(nursery, conn):
    try:
        await conn.handle()
    except trio.Cancelled:
        raise
    except BaseException as exc:
        nursery.start_soon(_reraise, exc)
    await conn.aclose()
` },
          { messageId: "suggestNarrowToException", output: `import trio


async def _reraise(exc):
    raise exc


async def serve(nursery, conn):
    try:
        await conn.handle()
    except Exception as exc:
        nursery.start_soon(_reraise, exc)
    await conn.aclose()
` },
        ],
      },
    ],
  },
  {
    item: "4",
    name: "the method is also called from the main thread",
    code: `import sys
import traceback
from threading import Thread


class WorkerThread:
    def __init__(self):
        self._thread = Thread(target=self._work, daemon=True)
        self._thread.start()

    def _handle_job(self, deliver, result):
        try:
            deliver(result)
        except BaseException as e:
            print("Exception while delivering result", file=sys.stderr)
            traceback.print_exception(type(e), e, e.__traceback__)

    def _work(self):
        while True:
            self._handle_job(*self._next_job())

    def flush(self, deliver, result):
        self._handle_job(deliver, result)
`,
    errors: [
      {
        messageId: "swallowedInExcept",
        line: 14,
        column: 16,
        endLine: 14,
        endColumn: 29,
        suggestions: [
          { messageId: "suggestReraise", output: `import sys
import traceback
from threading import Thread


class WorkerThread:
    def __init__(self):
        self._thread = Thread(target=self._work, daemon=True)
        self._thread.start()

    def _handle_job(self, deliver, result):
        try:
            deliver(result)
        except BaseException as e:
            print("Exception while delivering result", file=sys.stderr)
            traceback.print_exception(type(e), e, e.__traceback__)
            raise

    def _work(self):
        while True:
            self._handle_job(*self._next_job())

    def flush(self, deliver, result):
        self._handle_job(deliver, result)
` },
          { messageId: "suggestNarrowToException", output: `import sys
import traceback
from threading import Thread


class WorkerThread:
    def __init__(self):
        self._thread = Thread(target=self._work, daemon=True)
        self._thread.start()

    def _handle_job(self, deliver, result):
        try:
            deliver(result)
        except Exception as e:
            print("Exception while delivering result", file=sys.stderr)
            traceback.print_exception(type(e), e, e.__traceback__)

    def _work(self):
        while True:
            self._handle_job(*self._next_job())

    def flush(self, deliver, result):
        self._handle_job(deliver, result)
` },
        ],
      },
    ],
  },
  {
    item: "5",
    name: "converted to an ordinary error",
    code: `import asyncio


async def task_wrapper(func, args):
    try:
        return await func(*args)
    except asyncio.CancelledError as exc:
        raise RuntimeError(str(exc)) from None
`,
    errors: [
      {
        messageId: "exitRaisesOther",
        line: 8,
        column: 9,
        endLine: 8,
        endColumn: 47,
        suggestions: [
        ],
      },
    ],
  },
  {
    item: "6",
    name: "the coroutine goes on after the handler",
    code: `import asyncio


async def serve(func, future, done):
    try:
        retval = await func()
    except asyncio.CancelledError:
        future.cancel()
    else:
        future.set_result(retval)
    await done.wait()
`,
    errors: [
      {
        messageId: "swallowedInExcept",
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 34,
        suggestions: [
          { messageId: "suggestReraise", output: `import asyncio


async def serve(func, future, done):
    try:
        retval = await func()
    except asyncio.CancelledError:
        future.cancel()
        raise
    else:
        future.set_result(retval)
    await done.wait()
` },
        ],
      },
    ],
  },
  {
    item: "6",
    name: "the handler is in a loop: the next job runs in the cancelled task",
    code: `import asyncio


async def serve_all(jobs):
    for func, future in jobs:
        try:
            retval = await func()
        except asyncio.CancelledError:
            future.cancel()
        else:
            future.set_result(retval)
`,
    errors: [
      {
        messageId: "swallowedInExceptLoop",
        line: 8,
        column: 16,
        endLine: 8,
        endColumn: 38,
        suggestions: [
          { messageId: "suggestReraise", output: `import asyncio


async def serve_all(jobs):
    for func, future in jobs:
        try:
            retval = await func()
        except asyncio.CancelledError:
            future.cancel()
            raise
        else:
            future.set_result(retval)
` },
        ],
      },
    ],
  },
  {
    item: "6",
    name: "what is cancelled is not the receiver of the result",
    code: `import asyncio


async def serve(func, future, watchdog):
    try:
        retval = await func()
    except asyncio.CancelledError:
        watchdog.cancel()
    else:
        future.set_result(retval)
`,
    errors: [
      {
        messageId: "swallowedInExcept",
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 34,
        suggestions: [
          { messageId: "suggestReraise", output: `import asyncio


async def serve(func, future, watchdog):
    try:
        retval = await func()
    except asyncio.CancelledError:
        watchdog.cancel()
        raise
    else:
        future.set_result(retval)
` },
        ],
      },
    ],
  },
  {
    item: "wording",
    name: "a broad handler around a close in a generator: no GeneratorExit can arrive there",
    code: `from contextlib import contextmanager


@contextmanager
def close_all():
    sockets = set()
    try:
        yield sockets
    finally:
        for sock in sockets:
            try:
                sock.close()
            except BaseException:
                pass
`,
    errors: [
      {
        messageId: "swallowedInExceptLoop",
        line: 13,
        column: 20,
        endLine: 13,
        endColumn: 33,
        suggestions: [
          { messageId: "suggestReraise", output: `from contextlib import contextmanager


@contextmanager
def close_all():
    sockets = set()
    try:
        yield sockets
    finally:
        for sock in sockets:
            try:
                sock.close()
            except BaseException:
                raise
` },
          { messageId: "suggestNarrowToException", output: `from contextlib import contextmanager


@contextmanager
def close_all():
    sockets = set()
    try:
        yield sockets
    finally:
        for sock in sockets:
            try:
                sock.close()
            except Exception:
                pass
` },
        ],
      },
    ],
  },
  {
    item: "wording",
    name: "a broad handler around the yield of a generator receives GeneratorExit",
    code: `def numbers():
    try:
        yield 1
    except BaseException:
        pass
    yield 2
`,
    errors: [
      {
        messageId: "swallowedInExcept",
        line: 4,
        column: 12,
        endLine: 4,
        endColumn: 25,
        suggestions: [
          { messageId: "suggestReraise", output: `def numbers():
    try:
        yield 1
    except BaseException:
        raise
    yield 2
` },
          { messageId: "suggestNarrowToException", output: `def numbers():
    try:
        yield 1
    except Exception:
        pass
    yield 2
` },
        ],
      },
    ],
  },
];

tester.run('no-swallowed-cancellation (Python, real-code shapes)', pyRule, {
  valid: valid.map(({ item, name, code }) => ({ name: `${item}: ${name}`, code })),
  invalid: invalid.map(({ item, name, code, errors }) => ({ name: `${item}: ${name}`, code, errors })) as never,
});

function lint(code: string): Linter.LintMessage[] {
  const config = {
    files: ['**/*.py'],
    plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': pyRule }) },
    language: 'patch-order/python',
    rules: { [RULE_ID]: 'error' },
  } as Linter.Config;
  return new Linter({ configType: 'flat' }).verify(code, [config], 'file.py');
}

async function lintProject(cwd: string): Promise<{ at: string; message: string }[]> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.py'],
        plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': pyRule }) as never },
        language: 'patch-order/python',
        rules: { [RULE_ID]: 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(['**/*.py']);
  return results
    .flatMap((r) => r.messages.map((m) => ({ at: `${r.filePath.slice(cwd.length + 1)}:${m.line}:${m.column} ${m.messageId ?? m.message}`, message: m.message })))
    .sort((a, b) => a.at.localeCompare(b.at));
}

describe('every class has its correct code and its still-reported twin (class 1: the fixture project below)', () => {
  it.each(['2', '3', '4', '5', '6'])('%s', (item) => {
    expect(valid.filter((c) => c.item === item).length).toBeGreaterThan(0);
    expect(invalid.filter((c) => c.item === item && c.errors.length > 0).length).toBeGreaterThan(0);
  });
});

describe('every suggestion output parses and clears the report it was offered on', () => {
  for (const c of invalid) {
    for (const e of c.errors) {
      for (const s of e.suggestions) {
        it(`${c.item}: ${c.name}: ${s.messageId}`, () => {
          const after = lint(s.output);
          expect(after.filter((m) => m.fatal)).toEqual([]);
          expect(after.some((m) => m.line === e.line && m.column === e.column && m.messageId === e.messageId)).toBe(false);
        });
      }
    }
  }
});

describe('wording: GeneratorExit is named only where a `yield` is guarded', () => {
  it('a handler around a close in the `finally` of a generator names interrupts only', () => {
    const [m] = lint(invalid.find((c) => c.name.startsWith('a broad handler around a close'))!.code);
    expect(m!.message).toMatch(/^This `except` handler in a loop swallows KeyboardInterrupt and SystemExit:/u);
    expect(m!.message).not.toContain('GeneratorExit');
  });
  it('a handler around the `yield` names GeneratorExit', () => {
    const [m] = lint(invalid.find((c) => c.name.startsWith('a broad handler around the yield'))!.code);
    expect(m!.message).toMatch(/^This `except` handler swallows KeyboardInterrupt, SystemExit and GeneratorExit:/u);
  });
});

describe("1: trio's and anyio's own spellings, inside their own package (fixtures/py-cancel-own-package)", () => {
  const cwd = fixture('py-cancel-own-package');
  it('resolves `_core.CancelScope(shield=True)`, `from ._traps import cancel_shielded_checkpoint` and `_core.Cancelled` in trio; not in another package', async () => {
    expect((await lintProject(cwd)).map((r) => r.at)).toEqual([
      // anyio's asyncio backend: asyncio's class; anyio's backend-neutral core: anyio's function
      'src/anyio/_backends/_asyncio.py:12:12 swallowedInExcept',
      'src/anyio/_core/_tasks.py:10:9 exitSwallows',
      // the application's `_core` and `_traps` are its own: no shield known, a task cancellation arrives
      'src/app/tasks/_shielded.py:15:12 swallowedInExcept',
      'src/app/tasks/_shielded.py:22:12 swallowedInExcept',
      // trio: the shielded `finalize` keeps only the interrupts; the unshielded scope swallows trio.Cancelled
      'src/trio/_core/_shielded.py:32:12 swallowedInExcept',
      'src/trio/_core/_shielded.py:41:12 swallowedInExcept',
    ]);
  });
  it('names what arrives: asyncio.CancelledError in the asyncio backend, anyio\'s class in the core, interrupts under a shield', async () => {
    const byAt = new Map((await lintProject(cwd)).map((r) => [r.at.split(' ')[0]!, r.message]));
    expect(byAt.get('src/anyio/_backends/_asyncio.py:12:12')).toMatch(/^This `except` handler swallows asyncio\.CancelledError:/u);
    expect(byAt.get('src/anyio/_core/_tasks.py:10:9')).toMatch(/^This `return` swallows anyio's cancellation exception \(get_cancelled_exc_class\(\)\)/u);
    expect(byAt.get('src/trio/_core/_shielded.py:32:12')).toMatch(/^This `except` handler swallows KeyboardInterrupt and SystemExit:/u);
    expect(byAt.get('src/trio/_core/_shielded.py:41:12')).toMatch(/^This `except` handler swallows trio\.Cancelled:/u);
    expect(byAt.get('src/app/tasks/_shielded.py:15:12')).toMatch(/^This `except` handler swallows a task cancellation:/u);
  });
});

describe('wording: a class that a gevent module subclasses is greenlet code (fixtures/py-cancel-greenlet-inherited)', () => {
  const cwd = fixture('py-cancel-greenlet-inherited');
  it('gunicorn\'s AsyncWorker.handle swallows GreenletExit; the threaded worker\'s base only interrupts', async () => {
    const reports = await lintProject(cwd);
    expect(reports.map((r) => r.at)).toEqual(['workers/base_async.py:9:16 greenletExitSwallowed', 'workers/base_sync.py:8:16 swallowedInExcept']);
    expect(reports[0]!.message).toMatch(/^This `except` handler swallows GreenletExit, KeyboardInterrupt and SystemExit in greenlet code:/u);
    expect(reports[1]!.message).toMatch(/^This `except` handler swallows KeyboardInterrupt and SystemExit:/u);
  });
  it('a project that does not declare gevent, eventlet or greenlet is not searched for greenlet subclasses (fixtures/py-cancel-greenlet-undeclared)', async () => {
    // The same modules; pyproject.toml names only look-alike packages (geventhttpclient, pytest-gevent).
    const reports = await lintProject(fixture('py-cancel-greenlet-undeclared'));
    expect(reports.map((r) => r.at)).toEqual(['workers/base_async.py:9:16 swallowedInExcept', 'workers/base_sync.py:8:16 swallowedInExcept']);
  });

  it('projectDeclaresGreenlet reads pyproject, setup.cfg, setup.py, Pipfile and requirements files at the root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'patch-order-greenlet-'));
    const declares = (files: Record<string, string>) => {
      rmSync(dir, { recursive: true, force: true });
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      clearInheritedCache();
      return projectDeclaresGreenlet(dir);
    };
    expect(declares({ 'requirements.txt': 'flask\ngevent==23.9.1\n' })).toBe(true);
    expect(declares({ 'requirements/prod.txt': 'eventlet>=0.33\n' })).toBe(true);
    expect(declares({ 'setup.py': "setup(extras_require={'green': ['greenlet']})\n" })).toBe(true);
    expect(declares({ 'Pipfile': '[packages]\ngevent = "*"\n' })).toBe(true);
    expect(declares({ 'pyproject.toml': 'dependencies = ["geventhttpclient", "pytest-gevent", "eventlet-stubs"]\n' })).toBe(false);
    expect(declares({ 'docs/requirements.txt': 'gevent\n' })).toBe(false);
    expect(declares({})).toBe(false);
  });

  it('the same file linted alone (no project around it) keeps the interrupt wording', () => {
    const code = `class AsyncWorker:\n    def handle(self, client):\n        try:\n            self.handle_request(client)\n        except BaseException as e:\n            self.handle_error(client, e)\n`;
    const [m] = lint(code);
    expect(m!.messageId).toBe('swallowedInExcept');
    expect(m!.message).not.toContain('GreenletExit');
  });
});
