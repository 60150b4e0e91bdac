/**
 * RuleTester tests for patch-order/no-swallowed-cancellation on Python (language `patch-order/python`).
 * Every invalid case has correct-code twins among the valid ones (code a naive rule would flag), and every
 * suggestion output is linted again at the bottom and must not report the same problem.
 */
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import realRule from '../../../rules/no-swallowed-cancellation.js';
import plugin from '../../../src/index.js';
import { createPythonRuleTester, pythonTestPlugin } from '../../helpers/rule-tester.js';

const pyRule = realRule as never;
const tester = createPythonRuleTester({ 'no-swallowed-cancellation': pyRule });

interface Case {
  name: string;
  code: string;
  settings?: Record<string, unknown>;
  languageOptions?: Record<string, unknown>;
  options?: unknown[];
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

/** A cancellation class named by the rule's option only (`worker.Stop`): the text pre-check must know it too. */
const OWN_NAME_CLASS = `from worker import Stop


async def run(op):
    try:
        await op()
    except Stop:
        pass
`;

const valid: Case[] = [
  {
    name: 'custom-class-own-name twin: without the option, Stop is an ordinary exception',
    code: OWN_NAME_CLASS,
  },
  // --- twins of seed 004 ---
  {
    name: 'seed 004 fixed: the dedicated CancelledError handler comes first',
    code: `import asyncio


async def do_not_raise(user_defined_coroutine):
    try:
        await user_defined_coroutine
    except asyncio.CancelledError:
        raise
    except Exception:
        logger.warning("User defined logic raises an exception", exc_info=True)
`,
  },
  {
    name: 'seed 004 fixed (sync): except Exception lets KeyboardInterrupt / SystemExit through',
    code: `def do_not_raise(user_defined_logic):
    try:
        user_defined_logic()
    except Exception:
        logger.warning("User defined logic raises an exception", exc_info=True)
`,
  },
  {
    name: 'seed 004 trap fixed: asyncio.wait first, then await the finished task',
    code: `import asyncio


async def func3():
    t1 = asyncio.ensure_future(func1())
    await asyncio.sleep(1)
    t1.cancel()
    await asyncio.wait([t1])
    try:
        await t1
    except asyncio.CancelledError:
        pass
`,
  },
  {
    name: 'seed 004 trap fixed with t1.exception() instead of await (no checkpoint in the try)',
    code: `import asyncio


async def func3(t1):
    t1.cancel()
    await asyncio.wait([t1])
    try:
        t1.result()
    except asyncio.CancelledError:
        pass
`,
  },
  {
    name: 'trap fixed in a loop: asyncio.wait(tasks) covers every t of for t in tasks',
    code: `import asyncio


async def stop_all(tasks):
    for t in tasks:
        t.cancel()
    await asyncio.wait(tasks)
    for t in tasks:
        try:
            await t
        except asyncio.CancelledError:
            pass
`,
  },
  {
    name: 'trap fixed on 3.11+: re-raise when the current task itself is being cancelled',
    languageOptions: { pythonVersion: '3.11' },
    code: `import asyncio


async def shutdown(worker):
    worker.cancel()
    try:
        await worker
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise
        log.info("worker stopped")
`,
  },
  {
    name: 'deliberate suppression calls Task.uncancel() (asyncio docs)',
    code: `import asyncio


async def keep_going(op):
    try:
        await op()
    except asyncio.CancelledError:
        asyncio.current_task().uncancel()
`,
  },
  {
    name: 'suppress(CancelledError) after asyncio.wait: the task is finished',
    code: `import asyncio
from contextlib import suppress


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
    with suppress(asyncio.CancelledError):
        await task
`,
  },
  // --- re-raise forms ---
  { name: 'bare raise', code: `async def f():\n    try:\n        await g()\n    except BaseException:\n        cleanup()\n        raise\n` },
  { name: 'raise of the caught name', code: `async def f():\n    try:\n        await g()\n    except BaseException as e:\n        cleanup()\n        raise e\n` },
  { name: 'raise of the caught name with from None', code: `async def f():\n    try:\n        await g()\n    except BaseException as e:\n        raise e from None\n` },
  { name: 'bare except that re-raises (sync)', code: `def f():\n    try:\n        g()\n    except:\n        rollback()\n        raise\n` },
  {
    name: 'if / elif / else all re-raise',
    code: `import asyncio\n\n\nasync def f(x):\n    try:\n        await g()\n    except asyncio.CancelledError:\n        if x:\n            raise\n        elif x is None:\n            log()\n            raise\n        else:\n            raise\n`,
  },
  {
    name: 'match with an irrefutable case, every case re-raises',
    code: `import asyncio\n\n\nasync def f(mode):\n    try:\n        await g()\n    except asyncio.CancelledError:\n        match mode:\n            case "a":\n                raise\n            case _:\n                raise\n`,
  },
  { name: 'raise inside while True (left only by break)', code: `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except asyncio.CancelledError:\n        while True:\n            raise\n` },
  { name: 'raise inside a loop over a non-empty literal', code: `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except asyncio.CancelledError:\n        for attempt in [1, 2]:\n            raise\n` },
  { name: 'break of a loop inside the handler, then raise', code: `import asyncio\n\n\nasync def f(items):\n    try:\n        await g()\n    except asyncio.CancelledError:\n        for item in items:\n            if item:\n                break\n        raise\n` },
  {
    name: 'nested try whose finally raises',
    code: `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except asyncio.CancelledError:\n        try:\n            cleanup()\n        finally:\n            raise\n`,
  },
  {
    name: 'nested try/except for cleanup errors, then raise',
    code: `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except BaseException:\n        try:\n            cleanup()\n        except Exception:\n            log()\n        raise\n`,
  },
  { name: 'with block, then raise', code: `import asyncio\n\n\nasync def f(lock):\n    try:\n        await g()\n    except asyncio.CancelledError:\n        with lock:\n            cleanup()\n        raise\n` },
  { name: 'process exit ends the path', code: `import sys\n\n\nasync def f():\n    try:\n        await g()\n    except BaseException:\n        log()\n        sys.exit(1)\n` },
  // --- not critical ---
  { name: 'except Exception on 3.8+ (default)', code: `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except Exception:\n        pass\n` },
  { name: 'except Exception on 3.12 (settings)', settings: { 'patch-order': { pythonVersion: '3.12' } }, code: `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except Exception:\n        pass\n` },
  {
    name: 'except Exception on 3.7 in a sync function: no cancellation arrives there',
    settings: { 'patch-order': { pythonVersion: '3.7' } },
    code: `def f():\n    try:\n        g()\n    except Exception:\n        pass\n`,
  },
  {
    name: 'except Exception on 3.7 in async def without a checkpoint in the try',
    settings: { 'patch-order': { pythonVersion: '3.7' } },
    code: `async def f():\n    try:\n        parse()\n    except Exception:\n        pass\n    await g()\n`,
  },
  { name: 'except* Exception never matches CancelledError', code: `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except* Exception:\n        log()\n` },
  { name: 'concurrent.futures.CancelledError is a future result, not our cancellation', code: `from concurrent.futures import CancelledError\n\n\nasync def f(fut):\n    try:\n        await fut\n    except CancelledError:\n        pass\n` },
  { name: 'CancelledError around task.result() (no checkpoint)', code: `import asyncio\n\n\ndef done(task):\n    try:\n        return task.result()\n    except asyncio.CancelledError:\n        return None\n` },
  { name: 'a later handler after except CancelledError: raise', code: `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except asyncio.CancelledError:\n        raise\n    except BaseException:\n        log()\n` },
  { name: 'anyio class saved in a variable is invisible (ASYNC118)', code: `import anyio\n\n\nasync def f():\n    cancelled = anyio.get_cancelled_exc_class()\n    try:\n        await g()\n    except cancelled:\n        pass\n` },
  { name: 'anyio call with arguments is not the cancellation class', code: `import anyio\n\n\nasync def f():\n    try:\n        await g()\n    except anyio.get_cancelled_exc_class(1):\n        pass\n` },
  { name: 'a handler in a nested function is analysed in that function', code: `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except asyncio.CancelledError:\n        def later():\n            return 1\n        raise\n` },
  { name: 'a custom class without the option', code: `import duet\n\n\nasync def f():\n    try:\n        await g()\n    except duet.CancelledError:\n        pass\n` },
  { name: 'suppress(ValueError)', code: `import contextlib\n\n\nasync def f():\n    with contextlib.suppress(ValueError):\n        await g()\n` },
  { name: 'suppress(CancelledError) around code without a checkpoint', code: `import asyncio, contextlib\n\n\ndef f(task):\n    with contextlib.suppress(asyncio.CancelledError):\n        task.result()\n` },
  { name: 'a suppress that is not contextlib.suppress', code: `import asyncio\nfrom mylib import suppress\n\n\nasync def f():\n    with suppress(asyncio.CancelledError):\n        await g()\n` },
  // --- finally ---
  { name: 'return in finally of a sync function (B012 territory, not cancellation)', code: `def f():\n    try:\n        g()\n    finally:\n        return 1\n` },
  { name: 'return in finally of an async function without a checkpoint in the try', code: `async def f():\n    try:\n        g()\n    finally:\n        return 1\n` },
  { name: 'break of a loop inside finally', code: `async def f(items):\n    try:\n        await g()\n    finally:\n        for item in items:\n            break\n` },
  { name: 'return in a function defined in finally', code: `async def f():\n    try:\n        await g()\n    finally:\n        def cb():\n            return 1\n        register(cb)\n` },
  // --- GeneratorExit / KeyboardInterrupt / SystemExit ---
  { name: 'GeneratorExit then return: close() is satisfied', code: `def lines(f):\n    for line in f:\n        try:\n            yield line\n        except GeneratorExit:\n            return\n` },
  { name: 'GeneratorExit then re-raise', code: `def numbers():\n    n = 0\n    while True:\n        try:\n            yield n\n        except GeneratorExit:\n            print("closing")\n            raise\n        n += 1\n` },
  { name: 'GeneratorExit outside a generator', code: `def f():\n    try:\n        g()\n    except GeneratorExit:\n        pass\n` },
  { name: 'GeneratorExit in a generator with no yield after the handler', code: `def one():\n    try:\n        yield 1\n    except GeneratorExit:\n        print("closed")\n` },
  { name: 'top-level KeyboardInterrupt: exit with 130', code: `import sys\n\n\ndef main():\n    try:\n        run()\n    except KeyboardInterrupt:\n        sys.exit(130)\n` },
  { name: 'KeyboardInterrupt outside a loop, falls through', code: `def main():\n    try:\n        run()\n    except KeyboardInterrupt:\n        print("bye")\n` },
  { name: 'KeyboardInterrupt in a loop: break leaves it', code: `def main():\n    while True:\n        try:\n            step()\n        except KeyboardInterrupt:\n            print("bye")\n            break\n` },
  { name: 'SystemExit in a loop: return', code: `def main():\n    while True:\n        try:\n            step()\n        except SystemExit:\n            return\n` },
  { name: 'KeyboardInterrupt in a loop converted to SystemExit', code: `def main():\n    while True:\n        try:\n            step()\n        except KeyboardInterrupt:\n            raise SystemExit(130)\n` },
  { name: 'a REPL loop that reports Ctrl+C and returns to its prompt', code: `def repl():\n    while True:\n        try:\n            line = input(">>> ")\n        except KeyboardInterrupt:\n            print("\\nKeyboardInterrupt")\n            continue\n        run(line)\n` },
  {
    name: 'deferred re-raise: a flag set in the handler is raised after the loop (asyncio.Condition.wait)',
    code: `import asyncio\n\n\nasync def reacquire(lock):\n    cancelled = False\n    while True:\n        try:\n            await lock.acquire()\n            break\n        except asyncio.CancelledError:\n            cancelled = True\n    if cancelled:\n        raise asyncio.CancelledError\n`,
  },
  {
    name: 'deferred re-raise of a saved exception',
    code: `import asyncio\n\n\nasync def wait_all(fut):\n    saved = None\n    try:\n        await fut\n    except asyncio.CancelledError as ex:\n        saved = ex\n    cleanup()\n    if saved is not None:\n        raise saved\n`,
  },
  {
    name: 'sync: BaseException after except (SystemExit, KeyboardInterrupt): raise (asyncio event-loop internals)',
    code: `def call_handler(handler, context):\n    try:\n        handler(context)\n    except (SystemExit, KeyboardInterrupt):\n        raise\n    except BaseException:\n        logger.error("handler failed", exc_info=True)\n`,
  },
  { name: 'file with no handler at all', code: `import asyncio\n\n\nasync def f():\n    await g()\n` },
  // --- smoke triage (docs/smoke-triage.md): hand-off and the context-manager protocol ---
  {
    name: 'thread worker hands the exception to its future (concurrent.futures _WorkItem.run)',
    code: `class WorkItem:
    def run(self):
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
            self = None
        else:
            self.future.set_result(result)
`,
  },
  {
    name: 'thread worker hands the exception to the joining thread through a queue',
    code: `def client_run(self):
    try:
        self.client_test()
    except BaseException as e:
        self.queue.put(e)
        self.client_tear_down()
        return
`,
  },
  {
    name: 'with-statement protocol: __exit__ decides (ExitStack-style __enter__, unittest.mock)',
    code: `import sys


class Nested:
    def __enter__(self):
        try:
            for mgr in self.managers:
                mgr.__enter__()
        except:
            if not self.__exit__(*sys.exc_info()):
                raise
        return self
`,
  },
  {
    name: "contextlib's __exit__: return False after re-raising everything but the exception in flight",
    code: `class GeneratorContextManager:
    def __exit__(self, typ, value, traceback):
        try:
            self.gen.throw(value)
        except BaseException as exc:
            if exc is not value:
                raise
            exc.__traceback__ = traceback
            return False
        raise RuntimeError("generator didn't stop after throw()")
`,
  },
  {
    name: 'nonlocal hand-off: the enclosing function re-raises what the callback stored',
    code: `import asyncio


async def await_without_task(coro):
    exc = None
    def func():
        try:
            for _ in coro.__await__():
                pass
        except BaseException as err:
            nonlocal exc
            exc = err
    asyncio.get_running_loop().call_soon(func)
    await asyncio.sleep(0)
    if exc is not None:
        raise exc
`,
  },
  {
    name: 'interrupts re-raised through a module-level tuple name (asyncore)',
    code: `class ExitNow(Exception):
    pass

_reraised_exceptions = (ExitNow, KeyboardInterrupt, SystemExit)


def read(obj):
    try:
        obj.handle_read_event()
    except _reraised_exceptions:
        raise
    except:
        obj.handle_error()
`,
  },
  {
    name: 'a finalizer: nothing raised in __del__ propagates (CPython prints "Exception ignored in")',
    code: `class RawIO:
    def __del__(self):
        try:
            self.close()
        except:
            pass
`,
  },
  {
    name: 'the forked child ends the process with posix._exit (os.py _spawnvef)',
    code: `import sys
_names = sys.builtin_module_names
if 'posix' in _names:
    from posix import _exit


def spawn(file, args, env, func):
    pid = fork()
    if not pid:
        try:
            func(file, args, env)
        except:
            _exit(127)
`,
  },
];

const invalid: InvalidCase[] = [
  {
    name: "alias-from",
    code: `from asyncio import CancelledError as CE


async def serve(reader):
    try:
        await reader.read()
    except CE:
        print("cancelled")
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 14,
        suggestions: [
          { messageId: 'suggestReraise', output: `from asyncio import CancelledError as CE


async def serve(reader):
    try:
        await reader.read()
    except CE:
        print("cancelled")
        raise
` },
        ],
      },
    ],
  },
  {
    name: "anyio-pass",
    code: `import anyio


async def serve(stream):
    try:
        await stream.receive()
    except anyio.get_cancelled_exc_class():
        pass
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 43,
        suggestions: [
          { messageId: 'suggestReraise', output: `import anyio


async def serve(stream):
    try:
        await stream.receive()
    except anyio.get_cancelled_exc_class():
        raise
` },
        ],
      },
    ],
  },
  {
    name: "async-gen-yield",
    code: `import asyncio


async def ticks():
    while True:
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            yield "cancelled"
            return
        yield "tick"
`,
    // One report per statement that leaves the handler (ASYNC104), none on the handler: no path reaches its end.
    errors: [
      { messageId: 'exitSwallows', line: 9, column: 13, endLine: 9, endColumn: 30, suggestions: [] },
      { messageId: 'exitSwallows', line: 10, column: 13, endLine: 10, endColumn: 19, suggestions: [] },
    ],
  },
  {
    name: "base-raise-other",
    code: `async def run(job):
    try:
        await job()
    except BaseException as e:
        raise RuntimeError("job failed") from e
`,
    errors: [
      {
        messageId: 'exitRaisesOther',
        line: 5,
        column: 9,
        endLine: 5,
        endColumn: 48,
        suggestions: [
          { messageId: 'suggestNarrowToException', output: `async def run(job):
    try:
        await job()
    except Exception as e:
        raise RuntimeError("job failed") from e
` },
        ],
      },
    ],
  },
  {
    name: "crlf",
    code: ["import asyncio", "", "", "async def wait_closed(writer):", "    try:", "        await writer.wait_closed()", "    except asyncio.CancelledError:", "        log.info(\"cancelled\")", ""].join('\r\n'),
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 34,
        suggestions: [
          { messageId: 'suggestReraise', output: ["import asyncio", "", "", "async def wait_closed(writer):", "    try:", "        await writer.wait_closed()", "    except asyncio.CancelledError:", "        log.info(\"cancelled\")", "        raise", ""].join('\r\n') },
        ],
      },
    ],
  },
  {
    name: "custom-class",
    code: `import duet


async def run(op):
    try:
        await op()
    except duet.CancelledError:
        pass
`,
    options: [{"pythonCancellationClasses":["duet.CancelledError"]}],
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 31,
        suggestions: [
          { messageId: 'suggestReraise', output: `import duet


async def run(op):
    try:
        await op()
    except duet.CancelledError:
        raise
` },
        ],
      },
    ],
  },
  {
    // Not a catalogued name: the text pre-check (mentions.ts) must take the option's classes into account.
    name: "custom-class-own-name",
    code: OWN_NAME_CLASS,
    options: [{"pythonCancellationClasses":["worker.Stop"]}],
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 16,
        suggestions: [
          { messageId: 'suggestReraise', output: `from worker import Stop


async def run(op):
    try:
        await op()
    except Stop:
        raise
` },
        ],
      },
    ],
  },
  {
    name: "except-star-base",
    code: `import asyncio


async def main(group):
    try:
        await group()
    except* BaseException:
        log("failed")
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 13,
        endLine: 7,
        endColumn: 26,
        suggestions: [
          { messageId: 'suggestReraiseFirst', output: `import asyncio


async def main(group):
    try:
        await group()
    except* asyncio.CancelledError:
        raise
    except* BaseException:
        log("failed")
` },
          { messageId: 'suggestReraise', output: `import asyncio


async def main(group):
    try:
        await group()
    except* BaseException:
        log("failed")
        raise
` },
          { messageId: 'suggestNarrowToException', output: `import asyncio


async def main(group):
    try:
        await group()
    except* Exception:
        log("failed")
` },
        ],
      },
    ],
  },
  {
    name: "finally-break",
    code: `import asyncio


async def consume(queue):
    while True:
        try:
            await queue.get()
        finally:
            break
`,
    errors: [
      {
        messageId: 'finallyExit',
        line: 9,
        column: 13,
        endLine: 9,
        endColumn: 18,
        suggestions: [
        ],
      },
    ],
  },
  {
    name: "finally-return",
    code: `import asyncio


async def fetch(session):
    try:
        return await session.get()
    finally:
        return None
`,
    errors: [
      {
        messageId: 'finallyExit',
        line: 8,
        column: 9,
        endLine: 8,
        endColumn: 20,
        suggestions: [
        ],
      },
    ],
  },
  {
    name: "for-not-provably",
    code: `import asyncio


async def handle(conn, items):
    try:
        await conn.process()
    except asyncio.CancelledError:
        for item in items:
            raise
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 34,
        suggestions: [
          { messageId: 'suggestReraise', output: `import asyncio


async def handle(conn, items):
    try:
        await conn.process()
    except asyncio.CancelledError:
        for item in items:
            raise
        raise
` },
        ],
      },
    ],
  },
  {
    name: "genexit-loop",
    code: `def numbers():
    n = 0
    while True:
        try:
            yield n
        except GeneratorExit:
            print("closing")
        n += 1
`,
    errors: [
      {
        messageId: 'generatorExitSwallowed',
        line: 6,
        column: 16,
        endLine: 6,
        endColumn: 29,
        suggestions: [
          { messageId: 'suggestReraise', output: `def numbers():
    n = 0
    while True:
        try:
            yield n
        except GeneratorExit:
            print("closing")
            raise
        n += 1
` },
        ],
      },
    ],
  },
  {
    name: "if-no-else",
    code: `import asyncio


async def handle(conn, strict):
    try:
        await conn.process()
    except asyncio.CancelledError:
        if strict:
            raise
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 34,
        suggestions: [
          { messageId: 'suggestReraise', output: `import asyncio


async def handle(conn, strict):
    try:
        await conn.process()
    except asyncio.CancelledError:
        if strict:
            raise
        raise
` },
        ],
      },
    ],
  },
  {
    name: "ki-loop (silently ignores Ctrl+C)",
    code: `import time


def main():
    while True:
        try:
            time.sleep(1)
        except KeyboardInterrupt:
            pass
`,
    errors: [
      {
        messageId: 'interruptSwallowed',
        line: 8,
        column: 16,
        endLine: 8,
        endColumn: 33,
        suggestions: [
          { messageId: 'suggestReraise', output: `import time


def main():
    while True:
        try:
            time.sleep(1)
        except KeyboardInterrupt:
            raise
` },
        ],
      },
    ],
  },
  {
    name: "match-partial",
    code: `import asyncio


async def handle(conn, mode):
    try:
        await conn.process()
    except asyncio.CancelledError:
        match mode:
            case "strict":
                raise
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 34,
        suggestions: [
          { messageId: 'suggestReraise', output: `import asyncio


async def handle(conn, mode):
    try:
        await conn.process()
    except asyncio.CancelledError:
        match mode:
            case "strict":
                raise
        raise
` },
        ],
      },
    ],
  },
  {
    name: "oneline",
    code: `import asyncio


async def wait_closed(writer):
    try:
        await writer.wait_closed()
    except asyncio.CancelledError: pass
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 34,
        suggestions: [
          { messageId: 'suggestReraise', output: `import asyncio


async def wait_closed(writer):
    try:
        await writer.wait_closed()
    except asyncio.CancelledError: raise
` },
        ],
      },
    ],
  },
  {
    name: "py37-exception",
    code: `import asyncio


async def poll(client):
    while True:
        try:
            await client.poll()
        except Exception:
            log.exception("poll failed")
`,
    settings: {"patch-order":{"pythonVersion":"3.7"}},
    errors: [
      {
        messageId: 'swallowedInExceptLoop',
        line: 8,
        column: 16,
        endLine: 8,
        endColumn: 25,
        suggestions: [
          { messageId: 'suggestReraiseFirst', output: `import asyncio


async def poll(client):
    while True:
        try:
            await client.poll()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("poll failed")
` },
          { messageId: 'suggestReraise', output: `import asyncio


async def poll(client):
    while True:
        try:
            await client.poll()
        except Exception:
            log.exception("poll failed")
            raise
` },
        ],
      },
    ],
  },
  {
    name: "seed004-async-base",
    code: `import asyncio


async def do_not_raise(user_defined_coroutine):
    try:
        await user_defined_coroutine
    except BaseException:
        logger.warning("ignored", exc_info=True)
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 25,
        suggestions: [
          { messageId: 'suggestReraiseFirst', output: `import asyncio


async def do_not_raise(user_defined_coroutine):
    try:
        await user_defined_coroutine
    except asyncio.CancelledError:
        raise
    except BaseException:
        logger.warning("ignored", exc_info=True)
` },
          { messageId: 'suggestReraise', output: `import asyncio


async def do_not_raise(user_defined_coroutine):
    try:
        await user_defined_coroutine
    except BaseException:
        logger.warning("ignored", exc_info=True)
        raise
` },
          { messageId: 'suggestNarrowToException', output: `import asyncio


async def do_not_raise(user_defined_coroutine):
    try:
        await user_defined_coroutine
    except Exception:
        logger.warning("ignored", exc_info=True)
` },
        ],
      },
    ],
  },
  {
    name: 'hand-off twin: a coroutine that forwards its own cancellation still swallows it',
    code: `async def pump(fut, source):
    try:
        await source.read()
    except BaseException as exc:
        fut.set_exception(exc)
`,
    errors: [{ messageId: 'swallowedInExcept', line: 4, column: 12, endLine: 4, endColumn: 25, suggestions: [{ messageId: 'suggestNarrowToException', output: `async def pump(fut, source):
    try:
        await source.read()
    except Exception as exc:
        fut.set_exception(exc)
` }] }],
  },
  {
    name: 'hand-off twin: a different object is handed off',
    code: `def run(self):
    try:
        self.fn()
    except BaseException as exc:
        self.future.set_exception(RuntimeError(str(exc)))
`,
    errors: [{ messageId: 'swallowedInExcept', line: 4, column: 12, endLine: 4, endColumn: 25, suggestions: [{ messageId: 'suggestNarrowToException', output: `def run(self):
    try:
        self.fn()
    except Exception as exc:
        self.future.set_exception(RuntimeError(str(exc)))
` }] }],
  },
  {
    name: 'protocol twin: a guard that is not __exit__',
    code: `import sys


def enter(self):
    try:
        self.open()
    except:
        if not self.cleanup(*sys.exc_info()):
            raise
`,
    errors: [{ messageId: 'swallowedInExcept', line: 7, column: 5, endLine: 7, endColumn: 11, suggestions: [{ messageId: 'suggestNarrowToException', output: `import sys


def enter(self):
    try:
        self.open()
    except Exception:
        if not self.cleanup(*sys.exc_info()):
            raise
` }] }],
  },
  {
    name: 'protocol twin: return False outside __exit__',
    code: `def close(self, value):
    try:
        self.gen.throw(value)
    except BaseException as exc:
        if exc is not value:
            raise
        return False
`,
    errors: [{ messageId: 'exitSwallows', line: 7, column: 9, endLine: 7, endColumn: 21, suggestions: [{ messageId: 'suggestNarrowToException', output: `def close(self, value):
    try:
        self.gen.throw(value)
    except Exception as exc:
        if exc is not value:
            raise
        return False
` }] }],
  },
  {
    name: 'protocol twin: __exit__ without the identity guard',
    code: `class Closer:
    def __exit__(self, typ, value, traceback):
        try:
            self.close()
        except BaseException:
            return False
`,
    errors: [{ messageId: 'exitSwallows', line: 6, column: 13, endLine: 6, endColumn: 25, suggestions: [{ messageId: 'suggestNarrowToException', output: `class Closer:
    def __exit__(self, typ, value, traceback):
        try:
            self.close()
        except Exception:
            return False
` }] }],
  },
  {
    name: 'nonlocal twin: the stored exception is never raised again',
    code: `def test_read(self):
    error = None
    def _read():
        try:
            self.pump()
        except BaseException as exc:
            nonlocal error
            error = exc
    run_in_thread(_read)
    self.assertTrue(done)
`,
    errors: [{ messageId: 'swallowedInExcept', line: 6, column: 16, endLine: 6, endColumn: 29, suggestions: [{ messageId: 'suggestNarrowToException', output: `def test_read(self):
    error = None
    def _read():
        try:
            self.pump()
        except Exception as exc:
            nonlocal error
            error = exc
    run_in_thread(_read)
    self.assertTrue(done)
` }] }],
  },
  {
    name: 'tuple-name twin: the tuple does not name the interrupts',
    code: `_reraised_exceptions = (ExitNow, OSError)


def read(obj):
    try:
        obj.handle_read_event()
    except _reraised_exceptions:
        raise
    except:
        obj.handle_error()
`,
    errors: [{ messageId: 'swallowedInExcept', line: 9, column: 5, endLine: 9, endColumn: 11, suggestions: [{ messageId: 'suggestNarrowToException', output: `_reraised_exceptions = (ExitNow, OSError)


def read(obj):
    try:
        obj.handle_read_event()
    except _reraised_exceptions:
        raise
    except Exception:
        obj.handle_error()
` }] }],
  },
  {
    name: 'tuple-name twin: a name assigned twice is not trusted',
    code: `_reraised_exceptions = (KeyboardInterrupt, SystemExit)
_reraised_exceptions = (OSError,)


def read(obj):
    try:
        obj.handle_read_event()
    except _reraised_exceptions:
        raise
    except:
        obj.handle_error()
`,
    errors: [{ messageId: 'swallowedInExcept', line: 10, column: 5, endLine: 10, endColumn: 11, suggestions: [{ messageId: 'suggestNarrowToException', output: `_reraised_exceptions = (KeyboardInterrupt, SystemExit)
_reraised_exceptions = (OSError,)


def read(obj):
    try:
        obj.handle_read_event()
    except _reraised_exceptions:
        raise
    except Exception:
        obj.handle_error()
` }] }],
  },
  {
    name: '__del__ twin: the same handler in __exit__ swallows',
    code: `class RawIO:
    def __exit__(self, *exc):
        try:
            self.close()
        except:
            pass
`,
    errors: [{ messageId: 'swallowedInExcept', line: 5, column: 9, endLine: 5, endColumn: 15, suggestions: [{ messageId: 'suggestReraise', output: `class RawIO:
    def __exit__(self, *exc):
        try:
            self.close()
        except:
            raise
` }, { messageId: 'suggestNarrowToException', output: `class RawIO:
    def __exit__(self, *exc):
        try:
            self.close()
        except Exception:
            pass
` }] }],
  },
  {
    name: 'posix._exit twin: an unbound _exit is not known to end the process',
    code: `def spawn(file, args, env, func):
    pid = fork()
    if not pid:
        try:
            func(file, args, env)
        except:
            _exit(127)
`,
    errors: [{ messageId: 'swallowedInExcept', line: 6, column: 9, endLine: 6, endColumn: 15, suggestions: [{ messageId: 'suggestNarrowToException', output: `def spawn(file, args, env, func):
    pid = fork()
    if not pid:
        try:
            func(file, args, env)
        except Exception:
            _exit(127)
` }] }],
  },
  {
    name: "seed004-sync-bare",
    code: `import logging
logger = logging.getLogger(__name__)


def do_not_raise(user_defined_logic):
    try:
        user_defined_logic()
    except:
        logger.warning("User defined logic raises an exception", exc_info=True)
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 11,
        suggestions: [
          { messageId: 'suggestReraise', output: `import logging
logger = logging.getLogger(__name__)


def do_not_raise(user_defined_logic):
    try:
        user_defined_logic()
    except:
        logger.warning("User defined logic raises an exception", exc_info=True)
        raise
` },
          { messageId: 'suggestNarrowToException', output: `import logging
logger = logging.getLogger(__name__)


def do_not_raise(user_defined_logic):
    try:
        user_defined_logic()
    except Exception:
        logger.warning("User defined logic raises an exception", exc_info=True)
` },
        ],
      },
    ],
  },
  {
    name: "seed004-trap",
    code: `import asyncio


async def func3():
    t1 = asyncio.ensure_future(func1())
    await asyncio.sleep(1)
    t1.cancel()
    try:
        await t1
    except asyncio.CancelledError:
        pass
`,
    errors: [
      {
        messageId: 'awaitCancelledTask',
        line: 10,
        column: 12,
        endLine: 10,
        endColumn: 34,
        suggestions: [
          { messageId: 'suggestWaitFirst', output: `import asyncio


async def func3():
    t1 = asyncio.ensure_future(func1())
    await asyncio.sleep(1)
    t1.cancel()
    await asyncio.wait([t1])
    try:
        await t1
    except asyncio.CancelledError:
        pass
` },
        ],
      },
    ],
  },
  {
    name: "suppress-cancel",
    code: `import asyncio
import contextlib


async def drain(queue):
    with contextlib.suppress(asyncio.CancelledError):
        await queue.join()
    print("drained")
`,
    errors: [
      {
        messageId: 'suppressedCancellation',
        line: 6,
        column: 30,
        endLine: 6,
        endColumn: 52,
        suggestions: [
        ],
      },
    ],
  },
  {
    name: "suppress-trap",
    code: `import asyncio
from contextlib import suppress


async def stop(task):
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task
`,
    errors: [
      {
        messageId: 'suppressedAwaitCancelledTask',
        line: 7,
        column: 19,
        endLine: 7,
        endColumn: 41,
        suggestions: [
          { messageId: 'suggestWaitFirst', output: `import asyncio
from contextlib import suppress


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
    with suppress(asyncio.CancelledError):
        await task
` },
        ],
      },
    ],
  },
  {
    name: "trap-311",
    code: `import asyncio


async def shutdown(worker):
    worker.cancel()
    try:
        await worker
    except asyncio.CancelledError:
        log.info("worker stopped")
`,
    languageOptions: {"pythonVersion":"3.11"},
    errors: [
      {
        messageId: 'awaitCancelledTask',
        line: 8,
        column: 12,
        endLine: 8,
        endColumn: 34,
        suggestions: [
          { messageId: 'suggestWaitFirst', output: `import asyncio


async def shutdown(worker):
    worker.cancel()
    await asyncio.wait([worker])
    try:
        await worker
    except asyncio.CancelledError:
        log.info("worker stopped")
` },
          { messageId: 'suggestCancellingGuard', output: `import asyncio


async def shutdown(worker):
    worker.cancel()
    try:
        await worker
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise
        log.info("worker stopped")
` },
        ],
      },
    ],
  },
  {
    name: "trio-continue",
    code: `import trio


async def poll(conn):
    while True:
        try:
            await conn.receive()
        except trio.Cancelled:
            continue
`,
    errors: [
      {
        messageId: 'exitSwallows',
        line: 9,
        column: 13,
        endLine: 9,
        endColumn: 21,
        suggestions: [
        ],
      },
    ],
  },
  {
    name: "tuple-return",
    code: `import asyncio


async def fetch(client):
    try:
        return await client.get()
    except (ValueError, asyncio.CancelledError):
        return None
`,
    errors: [
      {
        messageId: 'exitSwallows',
        line: 8,
        column: 9,
        endLine: 8,
        endColumn: 20,
        suggestions: [
        ],
      },
    ],
  },
  {
    name: "async-base-after-interrupts",
    code: `import asyncio


async def accept(server):
    try:
        await server.accept()
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException:
        logger.error("accept failed", exc_info=True)
`,
    errors: [
      {
        messageId: 'swallowedInExcept',
        line: 9,
        column: 12,
        endLine: 9,
        endColumn: 25,
        suggestions: [
          { messageId: 'suggestReraiseFirst', output: `import asyncio


async def accept(server):
    try:
        await server.accept()
    except (SystemExit, KeyboardInterrupt):
        raise
    except asyncio.CancelledError:
        raise
    except BaseException:
        logger.error("accept failed", exc_info=True)
` },
          { messageId: 'suggestReraise', output: `import asyncio


async def accept(server):
    try:
        await server.accept()
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException:
        logger.error("accept failed", exc_info=True)
        raise
` },
          { messageId: 'suggestNarrowToException', output: `import asyncio


async def accept(server):
    try:
        await server.accept()
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception:
        logger.error("accept failed", exc_info=True)
` },
        ],
      },
    ],
  },
  {
    name: "deferred-but-returns",
    code: `import asyncio


async def reacquire(lock, fast):
    cancelled = False
    while True:
        try:
            await lock.acquire()
            break
        except asyncio.CancelledError:
            cancelled = True
            if fast:
                return
    if cancelled:
        raise asyncio.CancelledError
`,
    errors: [
      {
        messageId: 'exitSwallows',
        line: 13,
        column: 17,
        endLine: 13,
        endColumn: 23,
        suggestions: [
        ],
      },
    ],
  },
  {
    name: "systemexit-loop",
    code: `def supervise(run):
    while True:
        try:
            run()
        except SystemExit:
            print("child called sys.exit(); restarting")
`,
    errors: [
      {
        messageId: 'interruptSwallowed',
        line: 5,
        column: 16,
        endLine: 5,
        endColumn: 26,
        suggestions: [
          { messageId: 'suggestReraise', output: `def supervise(run):
    while True:
        try:
            run()
        except SystemExit:
            print("child called sys.exit(); restarting")
            raise
` },
        ],
      },
    ],
  },
];

tester.run('no-swallowed-cancellation (Python)', pyRule, {
  valid: valid.map((c) => ({ ...c }) as never),
  invalid: invalid.map((c) => ({ ...c }) as never),
});

function lint(c: Case, code: string): Linter.LintMessage[] {
  const config = {
    files: ['**/*.py'],
    plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': pyRule }) },
    language: 'patch-order/python',
    languageOptions: c.languageOptions ?? {},
    settings: c.settings ?? {},
    rules: { 'patch-order/no-swallowed-cancellation': ['error', ...(c.options ?? [])] },
  } as Linter.Config;
  return new Linter({ configType: 'flat' }).verify(code, [config], 'file.py');
}

describe('every suggestion output parses and no longer reports the problem it fixed', () => {
  for (const c of invalid) {
    for (const e of c.errors) {
      for (const s of e.suggestions) {
        it(`${c.name}: ${s.messageId}`, () => {
          const before = lint(c, c.code).filter((m) => m.messageId === e.messageId);
          const after = lint(c, s.output);
          expect(after.filter((m) => m.fatal)).toEqual([]);
          expect(after.filter((m) => m.messageId === e.messageId).length).toBeLessThan(before.length);
          // A suggestion that rewrites the handler (narrowing it, re-raising first) clears every report of it;
          // one that fixes one path clears the cases written with one problem each.
          if (c.errors.length === 1) expect(after).toEqual([]);
        });
      }
    }
  }
});

describe('counts', () => {
  it('has twins: more valid cases than invalid ones', () => {
    expect(valid.length).toBeGreaterThan(invalid.length);
  });
});

describe('the published plugin', () => {
  it('configs.python turns the rule on for .py files', () => {
    const configs = (plugin as unknown as { configs: Record<string, Linter.Config> }).configs;
    const messages = new Linter({ configType: 'flat' }).verify(
      `import asyncio\n\n\nasync def f():\n    try:\n        await g()\n    except BaseException:\n        pass\n`,
      [configs.python!],
      'app/jobs.py',
    );
    expect(messages.map((m) => `${m.ruleId} ${m.messageId} ${m.line}:${m.column}`)).toEqual([
      'patch-order/no-swallowed-cancellation swallowedInExcept 7:12',
    ]);
  });
});

describe('smoke triage: the message names only what earlier handlers do not re-raise', () => {
  it('a bare except after `except KeyboardInterrupt: raise` in a loop names SystemExit only (doctest)', () => {
    const code = `import sys


def run_examples(examples, globs):
    for example in examples:
        try:
            exec(example, globs)
            exception = None
        except KeyboardInterrupt:
            raise
        except:
            exception = sys.exc_info()
`;
    const messages = lint({ name: 'doctest', code }, code);
    expect(messages.map((m) => [m.messageId, m.line, m.column])).toEqual([['swallowedInExceptLoop', 11, 9]]);
    expect(messages[0]!.message).toContain('swallows SystemExit:');
    expect(messages[0]!.message).not.toContain('KeyboardInterrupt');
    expect(messages[0]!.message).not.toContain('Ctrl+C');
  });
  it('a bare except after `except SystemExit: raise` names KeyboardInterrupt only (code.InteractiveInterpreter)', () => {
    const code = `def runcode(self, code):
    try:
        exec(code, self.locals)
    except SystemExit:
        raise
    except:
        self.showtraceback()
`;
    const messages = lint({ name: 'code.py', code }, code);
    expect(messages.map((m) => [m.messageId, m.line, m.column])).toEqual([['swallowedInExcept', 6, 5]]);
    expect(messages[0]!.message).toContain('swallows KeyboardInterrupt:');
    expect(messages[0]!.message).not.toContain('SystemExit');
    expect(messages[0]!.message).not.toContain('sys.exit');
  });
});
