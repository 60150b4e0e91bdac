/**
 * Issue 14, Python items 1–10, for patch-order/no-swallowed-cancellation: each item has its bug (invalid,
 * exact line/column and suggestion outputs) and its correct twin (valid: code a naive rule would flag).
 *
 * 1 re-raise through a helper · 2 hand-off · 3 re-raise in another form · 4 isinstance narrowing ·
 * 5 no checkpoint in the try body · 6 one report per escaping statement · 7 every cancellation handler of a
 * try · 8 loops that always run · 9 a name bound by an inner critical handler · 10 gevent / eventlet.
 * Followed helpers of other project modules run against fixtures/py-cancel-helpers.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import realRule from '../../../rules/no-swallowed-cancellation.js';
import { clearHelperCache, helperStats } from '../../../src/checks/no-swallowed-cancellation/python/helpers.js';
import { createPythonRuleTester, fixture, pythonTestPlugin } from '../../helpers/rule-tester.js';

const pyRule = realRule as never;
const tester = createPythonRuleTester({ 'no-swallowed-cancellation': pyRule });
const RULE_ID = 'patch-order/no-swallowed-cancellation';

interface Case {
  /** The item of issue 14 it belongs to. */
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
  { item: "1", name: "a NoReturn helper of the module re-raises", code: `import asyncio
from typing import NoReturn


def _fail(exc: BaseException) -> NoReturn:
    log(exc)
    raise exc


async def serve(conn):
    try:
        await conn.read()
    except BaseException as exc:
        _fail(exc)
` },
  { item: "1", name: "a helper whose every path raises (converting OSError, re-raising the rest)", code: `import asyncio


def _convert_socket_error(exc):
    if isinstance(exc, OSError):
        raise ConnectionError(str(exc)) from exc
    raise exc


async def receive(sock):
    try:
        return await sock.recv(1024)
    except BaseException as exc:
        _convert_socket_error(exc)
` },
  { item: "1", name: "a helper that returns early only for an Exception subclass and re-raises its parameter", code: `import ssl


def handle_handshake_error(exc):
    if isinstance(exc, ssl.SSLError):
        logger.warning("handshake failed: %s", exc)
        return
    raise exc


async def handshake(stream):
    try:
        await stream.do_handshake()
    except BaseException as exc:
        handle_handshake_error(exc)
` },
  { item: "1", name: "a method of the same class that re-raises (self._reraise(exc))", code: `class Conn:
    def _reraise(self, exc):
        self.close()
        raise exc

    async def read(self):
        try:
            return await self._sock.recv()
        except BaseException as exc:
            self._reraise(exc)
` },
  { item: "1", name: "an awaited async helper that always raises", code: `class Conn:
    async def _abort(self, exc):
        await self.close()
        raise exc

    async def read(self):
        try:
            return await self._sock.recv()
        except BaseException as exc:
            await self._abort(exc)
` },
  { item: "1", name: "a bare raise in a helper re-raises the exception being handled", code: `def _cleanup_and_reraise(conn):
    conn.close()
    raise


async def read(conn):
    try:
        return await conn.recv()
    except BaseException:
        _cleanup_and_reraise(conn)
` },
  { item: "2", name: "an outcome holder carries the exception to whoever unwraps it", code: `import outcome


async def capture(fn):
    try:
        return outcome.Value(await fn())
    except BaseException as exc:
        return outcome.Error(exc)
` },
  { item: "2", name: "the caught exception is returned to the caller (sync)", code: `def call_safely(fn):
    try:
        fn()
    except BaseException as exc:
        return exc
    return None
` },
  { item: "2", name: "stored, then given to the future after clean-up (plain function)", code: `def run_job(job, fut):
    error = None
    try:
        result = job()
    except BaseException as exc:
        error = exc
    job.close()
    if error is not None:
        fut.set_exception(error)
    else:
        fut.set_result(result)
` },
  { item: "2", name: "stored on the object, raised by another method of the class", code: `class Step:
    def run(self):
        try:
            self.step()
        except BaseException as exc:
            self._error = exc

    def result(self):
        if self._error is not None:
            raise self._error
` },
  { item: "2", name: "a thread target: no KeyboardInterrupt reaches a worker thread", code: `import threading


def _worker(queue):
    while True:
        try:
            queue.get()()
        except BaseException:
            logger.exception("job failed")


def start(queue):
    threading.Thread(target=_worker, args=(queue,), daemon=True).start()
` },
  { item: "2", name: "an executor job (loop.run_in_executor) in a method", code: `import asyncio


class Reader:
    def _blocking_read(self):
        try:
            return self._file.read()
        except:
            return b""

    async def read(self):
        return await asyncio.get_running_loop().run_in_executor(None, self._blocking_read)
` },
  { item: "2", name: "the run method of a threading.Thread subclass", code: `import threading


class Pump(threading.Thread):
    def run(self):
        while self.alive:
            try:
                self.pump_once()
            except:
                self.errors += 1
` },
  { item: "3", name: "raise BaseExceptionGroup(\"\", [exc])", code: `import trio


async def child(task_status):
    try:
        await trio.sleep_forever()
    except BaseException as exc:
        raise BaseExceptionGroup("child failed", [exc])
` },
  { item: "3", name: "raise CancelledError(...) from exc: a cancellation again", code: `import asyncio


async def stop(stream):
    try:
        await stream.drain()
    except asyncio.CancelledError as exc:
        raise asyncio.CancelledError("stopped while draining") from exc
` },
  { item: "3", name: "pytest.fail in a test raises", code: `import pytest


async def test_read(conn):
    try:
        await conn.read()
    except BaseException as exc:
        pytest.fail(f"read raised {exc!r}")
` },
  { item: "3", name: "pytest.skip raises", code: `import pytest


async def test_connect(server):
    try:
        await server.connect()
    except BaseException:
        pytest.skip("server unavailable")
` },
  { item: "3", name: "self.fail in a unittest.TestCase raises", code: `import unittest


class ReadTest(unittest.TestCase):
    def test_read(self):
        while True:
            try:
                self.conn.read()
            except BaseException as exc:
                self.fail(f"read raised {exc!r}")
` },
  { item: "4", name: "if isinstance(exc, CancelledError): raise, then log the rest", code: `import asyncio


async def serve(conn):
    try:
        await conn.handle()
    except BaseException as exc:
        if isinstance(exc, asyncio.CancelledError):
            raise
        logger.exception("handler failed")
` },
  { item: "4", name: "if not isinstance(exc, Exception): raise", code: `async def serve(conn):
    try:
        await conn.handle()
    except BaseException as exc:
        if not isinstance(exc, Exception):
            raise
        logger.exception("handler failed")
        return None
` },
  { item: "4", name: "the Exception branch returns, the rest re-raises", code: `async def fetch(client):
    try:
        return await client.get()
    except BaseException as exc:
        if isinstance(exc, (OSError, ValueError)):
            return None
        raise
` },
  { item: "4", name: "a relative import of get_cancelled_exc_class is anyio's function (anyio's own modules)", code: `from ._core._eventloop import get_cancelled_exc_class


async def receive(stream):
    try:
        return await stream.receive()
    except get_cancelled_exc_class():
        raise
    except BaseException:
        return None
` },
  { item: "4", name: "sync: isinstance re-raises both interrupts", code: `def run(job):
    try:
        job()
    except BaseException as exc:
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        logger.exception("job failed")
` },
  { item: "5", name: "no checkpoint, interrupts re-raised first: nothing else can arrive", code: `import asyncio


async def parse(data):
    try:
        return json.loads(data)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None
` },
  { item: "6", name: "break of a loop inside the handler, continue of one inside it, then raise", code: `import asyncio


async def f(items):
    try:
        await g()
    except asyncio.CancelledError:
        for item in items:
            if item:
                continue
            break
        raise
` },
  { item: "7", name: "two libraries, both re-raised", code: `import anyio
import trio


async def f():
    try:
        await g()
    except trio.Cancelled:
        raise
    except anyio.get_cancelled_exc_class():
        raise
    except BaseException:
        return None
` },
  { item: "8", name: "for _ in range(3): raise", code: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        for _ in range(3):
            raise
` },
  { item: "8", name: "range with a start, stop and negative step", code: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        for _ in range(3, -1, -1):
            raise
` },
  { item: "8", name: "a starred literal that is not empty", code: `import asyncio


async def f(rest):
    try:
        await g()
    except asyncio.CancelledError:
        for _ in (*rest, "last"):
            raise
` },
  { item: "8", name: "a starred non-empty literal inside a list", code: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        for _ in [*(), *(1, 2)]:
            raise
` },
  { item: "8", name: "a dict with a non-empty dict unpacked", code: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        for _ in {**{}, **{1: 2}}:
            raise
` },
  { item: "8", name: "a non-empty string and a bare tuple", code: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        for _ in "ab":
            for _ in 1, 2:
                raise
` },
  { item: "9", name: "raise f of an inner except BaseException as f", code: `import asyncio


async def f():
    try:
        await g()
    except BaseException as e:
        try:
            await cleanup()
        except BaseException as f:
            raise f
        raise e
` },
  { item: "10", name: "greenlet code narrowed to Exception", code: `import gevent


def handle(sock):
    while True:
        try:
            process(sock.recv(1024))
        except Exception:
            log.exception("handler failed")
` },
  { item: "10", name: "GreenletExit: return ends the greenlet", code: `from gevent import GreenletExit


def pump(queue):
    while True:
        try:
            queue.get()()
        except GreenletExit:
            return
` },
  { item: "1", name: "a NoReturn method of a base class defined in the module (anyio _TrioSocketMixin)", code: `import trio
from typing import NoReturn


class _SocketMixin:
    def _convert_socket_error(self, exc: BaseException) -> NoReturn:
        if isinstance(exc, trio.ClosedResourceError):
            raise ConnectionError from exc
        raise exc


class SocketStream(_SocketMixin):
    async def receive(self, max_bytes):
        try:
            return await self._sock.recv(max_bytes)
        except BaseException as exc:
            self._convert_socket_error(exc)
` },
  { item: "1", name: "a static method called from a function nested in a method (self is the closure's)", code: `class Listener:
    @staticmethod
    async def handle_error(exc, stream):
        await stream.aclose()
        if not isinstance(exc, Exception):
            raise

    async def serve(self, handler):
        async def wrapper(stream):
            try:
                await handler(stream)
            except BaseException as exc:
                await self.handle_error(exc, stream)

        await self.listener.serve(wrapper)
` },
  { item: "2", name: "outcome holders collected in a list, with the traceback trimmed", code: `from outcome import Error, Value


async def run_all(receive_stream):
    async for awaitable, results in receive_stream:
        try:
            value = await awaitable
        except BaseException as exc:
            results.append(Error(exc.with_traceback(None)))
        else:
            results.append(Value(value))
` },
  { item: "2", name: "errors collected, then raised after the loop", code: `def close_all(sockets):
    errs = []
    for sock in sockets:
        try:
            sock.close()
        except BaseException as exc:
            errs.append(exc)
    if len(errs) == 1:
        raise errs[0]
    elif errs:
        raise BaseExceptionGroup("", errs)
` },
  { item: "2", name: "a cancel scope's __exit__ decides whether the exception was its own", code: `class TaskGroup:
    async def __aexit__(self, exc_type, exc_val, exc_tb):
        try:
            await self._wait_children()
        except BaseException as exc:
            if self.cancel_scope.__exit__(type(exc), exc, exc.__traceback__):
                return True
            raise
` },
  { item: "2", name: "a nested function used only as the thread target in its function", code: `import threading


def serve_once(sock):
    def serve():
        try:
            sock.accept()
        except BaseException:
            pass

    threading.Thread(target=serve, daemon=True).start()


def serve():
    return "another function of the same name, called directly"
` },
  { item: "5", name: "the only checkpoint is shielded from outer cancellation", code: `import trio


async def finalize(agen):
    try:
        with trio.CancelScope(shield=True):
            await agen.aclose()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        logger.exception("finalizer failed")
` },
  { item: "5", name: "a cancel-shielded checkpoint cannot be cancelled", code: `from trio.lowlevel import cancel_shielded_checkpoint


async def step():
    try:
        await cancel_shielded_checkpoint()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None
` },
];

const invalid: InvalidCase[] = [
  {
    item: "1",
    name: "twin: a helper that only logs",
    code: `import asyncio


def _log(exc):
    logger.error("failed: %r", exc)


async def serve(conn):
    try:
        await conn.read()
    except BaseException as exc:
        _log(exc)
`,
    errors: [
      { messageId: "swallowedInExcept", line: 11, column: 12, endLine: 11, endColumn: 25, suggestions: [
        { messageId: "suggestReraiseFirst", output: `import asyncio


def _log(exc):
    logger.error("failed: %r", exc)


async def serve(conn):
    try:
        await conn.read()
    except asyncio.CancelledError:
        raise
    except BaseException as exc:
        _log(exc)
` },
        { messageId: "suggestNarrowToException", output: `import asyncio


def _log(exc):
    logger.error("failed: %r", exc)


async def serve(conn):
    try:
        await conn.read()
    except Exception as exc:
        _log(exc)
` },
      ] },
    ],
  },
  {
    item: "1",
    name: "twin: a converting helper without the final raise",
    code: `import asyncio


def _convert_socket_error(exc):
    if isinstance(exc, OSError):
        raise ConnectionError(str(exc)) from exc


async def receive(sock):
    try:
        return await sock.recv(1024)
    except BaseException as exc:
        _convert_socket_error(exc)
`,
    errors: [
      { messageId: "swallowedInExcept", line: 12, column: 12, endLine: 12, endColumn: 25, suggestions: [
        { messageId: "suggestReraiseFirst", output: `import asyncio


def _convert_socket_error(exc):
    if isinstance(exc, OSError):
        raise ConnectionError(str(exc)) from exc


async def receive(sock):
    try:
        return await sock.recv(1024)
    except asyncio.CancelledError:
        raise
    except BaseException as exc:
        _convert_socket_error(exc)
` },
        { messageId: "suggestNarrowToException", output: `import asyncio


def _convert_socket_error(exc):
    if isinstance(exc, OSError):
        raise ConnectionError(str(exc)) from exc


async def receive(sock):
    try:
        return await sock.recv(1024)
    except Exception as exc:
        _convert_socket_error(exc)
` },
      ] },
    ],
  },
  {
    item: "1",
    name: "twin: a helper that returns early on a test isinstance cannot decide",
    code: `def handle_handshake_error(exc):
    if exc.args:
        logger.warning("handshake failed: %s", exc)
        return
    raise exc


async def handshake(stream):
    try:
        await stream.do_handshake()
    except BaseException as exc:
        handle_handshake_error(exc)
`,
    errors: [
      { messageId: "swallowedInExcept", line: 11, column: 12, endLine: 11, endColumn: 25, suggestions: [
        { messageId: "suggestNarrowToException", output: `def handle_handshake_error(exc):
    if exc.args:
        logger.warning("handshake failed: %s", exc)
        return
    raise exc


async def handshake(stream):
    try:
        await stream.do_handshake()
    except Exception as exc:
        handle_handshake_error(exc)
` },
      ] },
    ],
  },
  {
    item: "1",
    name: "twin: an async helper that is called but not awaited never runs",
    code: `class Conn:
    async def _abort(self, exc):
        await self.close()
        raise exc

    async def read(self):
        try:
            return await self._sock.recv()
        except BaseException as exc:
            self._abort(exc)
`,
    errors: [
      { messageId: "swallowedInExcept", line: 9, column: 16, endLine: 9, endColumn: 29, suggestions: [
        { messageId: "suggestNarrowToException", output: `class Conn:
    async def _abort(self, exc):
        await self.close()
        raise exc

    async def read(self):
        try:
            return await self._sock.recv()
        except Exception as exc:
            self._abort(exc)
` },
      ] },
    ],
  },
  {
    item: "2",
    name: "twin: the caught exception turned into a string",
    code: `def call_safely(fn):
    try:
        fn()
    except BaseException as exc:
        return str(exc)
    return None
`,
    errors: [
      { messageId: "exitSwallows", line: 5, column: 9, endLine: 5, endColumn: 24, suggestions: [
        { messageId: "suggestNarrowToException", output: `def call_safely(fn):
    try:
        fn()
    except Exception as exc:
        return str(exc)
    return None
` },
      ] },
    ],
  },
  {
    item: "2",
    name: "twin: stored and never raised or handed on",
    code: `class Step:
    def run(self):
        try:
            self.step()
        except BaseException as exc:
            self._error = exc
`,
    errors: [
      { messageId: "swallowedInExcept", line: 5, column: 16, endLine: 5, endColumn: 29, suggestions: [
        { messageId: "suggestNarrowToException", output: `class Step:
    def run(self):
        try:
            self.step()
        except Exception as exc:
            self._error = exc
` },
      ] },
    ],
  },
  {
    item: "2",
    name: "twin: stored, then handed to a future by a coroutine (its own task is not told)",
    code: `async def run_job(job, fut):
    error = None
    try:
        await job()
    except BaseException as exc:
        error = exc
    if error is not None:
        fut.set_exception(error)
`,
    errors: [
      { messageId: "swallowedInExcept", line: 5, column: 12, endLine: 5, endColumn: 25, suggestions: [
        { messageId: "suggestNarrowToException", output: `async def run_job(job, fut):
    error = None
    try:
        await job()
    except Exception as exc:
        error = exc
    if error is not None:
        fut.set_exception(error)
` },
      ] },
    ],
  },
  {
    item: "2",
    name: "twin: the worker function is also called directly (main thread)",
    code: `import threading


def _worker(queue):
    while True:
        try:
            queue.get()()
        except BaseException:
            logger.exception("job failed")


def start(queue):
    threading.Thread(target=_worker, args=(queue,), daemon=True).start()
    _worker(queue)
`,
    errors: [
      { messageId: "swallowedInExceptLoop", line: 8, column: 16, endLine: 8, endColumn: 29, suggestions: [
        { messageId: "suggestReraise", output: `import threading


def _worker(queue):
    while True:
        try:
            queue.get()()
        except BaseException:
            logger.exception("job failed")
            raise


def start(queue):
    threading.Thread(target=_worker, args=(queue,), daemon=True).start()
    _worker(queue)
` },
        { messageId: "suggestNarrowToException", output: `import threading


def _worker(queue):
    while True:
        try:
            queue.get()()
        except Exception:
            logger.exception("job failed")


def start(queue):
    threading.Thread(target=_worker, args=(queue,), daemon=True).start()
    _worker(queue)
` },
      ] },
    ],
  },
  {
    item: "2",
    name: "twin: the same run method in a class that is not a thread",
    code: `class Pump:
    def run(self):
        while self.alive:
            try:
                self.pump_once()
            except:
                self.errors += 1
`,
    errors: [
      { messageId: "swallowedInExceptLoop", line: 6, column: 13, endLine: 6, endColumn: 19, suggestions: [
        { messageId: "suggestNarrowToException", output: `class Pump:
    def run(self):
        while self.alive:
            try:
                self.pump_once()
            except Exception:
                self.errors += 1
` },
      ] },
    ],
  },
  {
    item: "3",
    name: "twin: ExceptionGroup cannot hold a BaseException",
    code: `import trio


async def child():
    try:
        await trio.sleep_forever()
    except BaseException as exc:
        raise ExceptionGroup("child failed", [exc])
`,
    errors: [
      { messageId: "exitRaisesOther", line: 8, column: 9, endLine: 8, endColumn: 52, suggestions: [
        { messageId: "suggestReraiseFirst", output: `import trio


async def child():
    try:
        await trio.sleep_forever()
    except trio.Cancelled:
        raise
    except BaseException as exc:
        raise ExceptionGroup("child failed", [exc])
` },
        { messageId: "suggestNarrowToException", output: `import trio


async def child():
    try:
        await trio.sleep_forever()
    except Exception as exc:
        raise ExceptionGroup("child failed", [exc])
` },
      ] },
    ],
  },
  {
    item: "3",
    name: "twin: a different exception from the cancellation",
    code: `import asyncio


async def stop(stream):
    try:
        await stream.drain()
    except asyncio.CancelledError as exc:
        raise RuntimeError("stopped while draining") from exc
`,
    errors: [
      { messageId: "exitRaisesOther", line: 8, column: 9, endLine: 8, endColumn: 62, suggestions: [] },
    ],
  },
  {
    item: "3",
    name: "twin: a test that only prints",
    code: `import pytest


async def test_read(conn):
    try:
        await conn.read()
    except BaseException as exc:
        print(f"read raised {exc!r}")
`,
    errors: [
      { messageId: "swallowedInExcept", line: 7, column: 12, endLine: 7, endColumn: 25, suggestions: [
        { messageId: "suggestReraise", output: `import pytest


async def test_read(conn):
    try:
        await conn.read()
    except BaseException as exc:
        print(f"read raised {exc!r}")
        raise
` },
        { messageId: "suggestNarrowToException", output: `import pytest


async def test_read(conn):
    try:
        await conn.read()
    except Exception as exc:
        print(f"read raised {exc!r}")
` },
      ] },
    ],
  },
  {
    item: "3",
    name: "twin: self.fail outside a TestCase",
    code: `class Reader:
    def read_all(self):
        while True:
            try:
                self.conn.read()
            except BaseException as exc:
                self.fail(f"read raised {exc!r}")
`,
    errors: [
      { messageId: "swallowedInExceptLoop", line: 6, column: 20, endLine: 6, endColumn: 33, suggestions: [
        { messageId: "suggestNarrowToException", output: `class Reader:
    def read_all(self):
        while True:
            try:
                self.conn.read()
            except Exception as exc:
                self.fail(f"read raised {exc!r}")
` },
      ] },
    ],
  },
  {
    item: "4",
    name: "twin: isinstance with an Exception subclass re-raises only that",
    code: `import asyncio


async def serve(conn):
    try:
        await conn.handle()
    except BaseException as exc:
        if isinstance(exc, OSError):
            raise
        logger.exception("handler failed")
`,
    errors: [
      { messageId: "swallowedInExcept", line: 7, column: 12, endLine: 7, endColumn: 25, suggestions: [
        { messageId: "suggestReraiseFirst", output: `import asyncio


async def serve(conn):
    try:
        await conn.handle()
    except asyncio.CancelledError:
        raise
    except BaseException as exc:
        if isinstance(exc, OSError):
            raise
        logger.exception("handler failed")
` },
        { messageId: "suggestNarrowToException", output: `import asyncio


async def serve(conn):
    try:
        await conn.handle()
    except Exception as exc:
        if isinstance(exc, OSError):
            raise
        logger.exception("handler failed")
` },
      ] },
    ],
  },
  {
    item: "4",
    name: "twin: if isinstance(exc, Exception): raise lets the cancellation fall through",
    code: `async def serve(conn):
    try:
        await conn.handle()
    except BaseException as exc:
        if isinstance(exc, Exception):
            raise
        logger.exception("handler failed")
`,
    errors: [
      { messageId: "swallowedInExcept", line: 4, column: 12, endLine: 4, endColumn: 25, suggestions: [
        { messageId: "suggestNarrowToException", output: `async def serve(conn):
    try:
        await conn.handle()
    except Exception as exc:
        if isinstance(exc, Exception):
            raise
        logger.exception("handler failed")
` },
      ] },
    ],
  },
  {
    item: "4",
    name: "twin: a relative import of another name is local code",
    code: `from ._compat import cancelled_class


async def receive(stream):
    try:
        return await stream.receive()
    except cancelled_class():
        raise
    except BaseException:
        return None
`,
    errors: [
      { messageId: "exitSwallows", line: 10, column: 9, endLine: 10, endColumn: 20, suggestions: [
        { messageId: "suggestNarrowToException", output: `from ._compat import cancelled_class


async def receive(stream):
    try:
        return await stream.receive()
    except cancelled_class():
        raise
    except Exception:
        return None
` },
      ] },
    ],
  },
  {
    item: "4",
    name: "twin (sync): only KeyboardInterrupt re-raised, SystemExit swallowed",
    code: `def run(job):
    try:
        job()
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        logger.exception("job failed")
`,
    errors: [
      { messageId: "swallowedInExcept", line: 4, column: 12, endLine: 4, endColumn: 25, suggestions: [
        { messageId: "suggestNarrowToException", output: `def run(job):
    try:
        job()
    except Exception as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        logger.exception("job failed")
` },
      ] },
    ],
  },
  {
    item: "5",
    name: "twin: the same handler around an await catches the task cancellation",
    code: `import asyncio


async def parse(reader):
    try:
        return json.loads(await reader.read())
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None
`,
    errors: [
      { messageId: "exitSwallows", line: 10, column: 9, endLine: 10, endColumn: 20, suggestions: [
        { messageId: "suggestReraiseFirst", output: `import asyncio


async def parse(reader):
    try:
        return json.loads(await reader.read())
    except (KeyboardInterrupt, SystemExit):
        raise
    except asyncio.CancelledError:
        raise
    except BaseException:
        return None
` },
        { messageId: "suggestNarrowToException", output: `import asyncio


async def parse(reader):
    try:
        return json.loads(await reader.read())
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception:
        return None
` },
      ] },
    ],
  },
  {
    item: "5",
    name: "no checkpoint: KeyboardInterrupt still arrives (reported as interrupts, not as a task cancellation)",
    code: `import asyncio


async def parse(data):
    try:
        return json.loads(data)
    except BaseException:
        return None
`,
    errors: [
      { messageId: "exitSwallows", line: 8, column: 9, endLine: 8, endColumn: 20, suggestions: [
        { messageId: "suggestNarrowToException", output: `import asyncio


async def parse(data):
    try:
        return json.loads(data)
    except Exception:
        return None
` },
      ] },
    ],
  },
  {
    item: "5",
    name: "a call of a local async def in the try is a checkpoint",
    code: `import asyncio


async def _load(path):
    return await asyncio.to_thread(open(path).read)


async def load(path):
    try:
        return _load(path)
    except BaseException:
        return None
`,
    errors: [
      { messageId: "exitSwallows", line: 12, column: 9, endLine: 12, endColumn: 20, suggestions: [
        { messageId: "suggestReraiseFirst", output: `import asyncio


async def _load(path):
    return await asyncio.to_thread(open(path).read)


async def load(path):
    try:
        return _load(path)
    except asyncio.CancelledError:
        raise
    except BaseException:
        return None
` },
        { messageId: "suggestNarrowToException", output: `import asyncio


async def _load(path):
    return await asyncio.to_thread(open(path).read)


async def load(path):
    try:
        return _load(path)
    except Exception:
        return None
` },
      ] },
    ],
  },
  {
    item: "6",
    name: "each escaping statement on its own line, and the handler when it falls off the end",
    code: `import asyncio


async def worker(queue, strict):
    while True:
        try:
            job = await queue.get()
        except asyncio.CancelledError:
            if strict:
                break
            if job is None:
                return None
            if queue.closed:
                raise RuntimeError("queue closed")
            log.info("cancelled")
`,
    errors: [
      { messageId: "swallowedInExceptLoop", line: 8, column: 16, endLine: 8, endColumn: 38, suggestions: [] },
      { messageId: "exitSwallows", line: 10, column: 17, endLine: 10, endColumn: 22, suggestions: [] },
      { messageId: "exitSwallows", line: 12, column: 17, endLine: 12, endColumn: 28, suggestions: [] },
      { messageId: "exitRaisesOther", line: 14, column: 17, endLine: 14, endColumn: 51, suggestions: [] },
    ],
  },
  {
    item: "6",
    name: "continue and yield",
    code: `import asyncio


async def ticks(source):
    async for tick in source:
        try:
            await tick.wait()
        except asyncio.CancelledError:
            if tick.optional:
                continue
            yield None
            raise
`,
    errors: [
      { messageId: "exitSwallows", line: 10, column: 17, endLine: 10, endColumn: 25, suggestions: [] },
      { messageId: "exitSwallows", line: 11, column: 13, endLine: 11, endColumn: 23, suggestions: [] },
    ],
  },
  {
    item: "6",
    name: "sync bare except: a return leaves it, no report on the handler",
    code: `def load(path):
    try:
        return read(path)
    except:
        return None
`,
    errors: [
      { messageId: "exitSwallows", line: 5, column: 9, endLine: 5, endColumn: 20, suggestions: [
        { messageId: "suggestNarrowToException", output: `def load(path):
    try:
        return read(path)
    except Exception:
        return None
` },
      ] },
    ],
  },
  {
    item: "7",
    name: "mixed libraries: both cancellation handlers swallow",
    code: `import anyio
import trio


async def f():
    try:
        await g()
    except trio.Cancelled:
        pass
    except anyio.get_cancelled_exc_class():
        pass
`,
    errors: [
      { messageId: "swallowedInExcept", line: 8, column: 12, endLine: 8, endColumn: 26, suggestions: [
        { messageId: "suggestReraise", output: `import anyio
import trio


async def f():
    try:
        await g()
    except trio.Cancelled:
        raise
    except anyio.get_cancelled_exc_class():
        pass
` },
      ] },
      { messageId: "swallowedInExcept", line: 10, column: 12, endLine: 10, endColumn: 43, suggestions: [
        { messageId: "suggestReraise", output: `import anyio
import trio


async def f():
    try:
        await g()
    except trio.Cancelled:
        pass
    except anyio.get_cancelled_exc_class():
        raise
` },
      ] },
    ],
  },
  {
    item: "8",
    name: "twin: range(0) never runs",
    code: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        for _ in range(0):
            raise
`,
    errors: [
      { messageId: "swallowedInExcept", line: 7, column: 12, endLine: 7, endColumn: 34, suggestions: [
        { messageId: "suggestReraise", output: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        for _ in range(0):
            raise
        raise
` },
      ] },
    ],
  },
  {
    item: "8",
    name: "twin: range(n) may not run",
    code: `import asyncio


async def f(n):
    try:
        await g()
    except asyncio.CancelledError:
        for _ in range(n):
            raise
`,
    errors: [
      { messageId: "swallowedInExcept", line: 7, column: 12, endLine: 7, endColumn: 34, suggestions: [
        { messageId: "suggestReraise", output: `import asyncio


async def f(n):
    try:
        await g()
    except asyncio.CancelledError:
        for _ in range(n):
            raise
        raise
` },
      ] },
    ],
  },
  {
    item: "8",
    name: "twin: a starred literal of unknown length",
    code: `import asyncio


async def f(rest):
    try:
        await g()
    except asyncio.CancelledError:
        for _ in [*rest]:
            raise
`,
    errors: [
      { messageId: "swallowedInExcept", line: 7, column: 12, endLine: 7, endColumn: 34, suggestions: [
        { messageId: "suggestReraise", output: `import asyncio


async def f(rest):
    try:
        await g()
    except asyncio.CancelledError:
        for _ in [*rest]:
            raise
        raise
` },
      ] },
    ],
  },
  {
    item: "8",
    name: "twin: an empty dict and an empty string",
    code: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        for _ in {}:
            raise
        for _ in "":
            raise
`,
    errors: [
      { messageId: "swallowedInExcept", line: 7, column: 12, endLine: 7, endColumn: 34, suggestions: [
        { messageId: "suggestReraise", output: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        for _ in {}:
            raise
        for _ in "":
            raise
        raise
` },
      ] },
    ],
  },
  {
    item: "9",
    name: "twin: raising the name of an inner handler of another class",
    code: `import asyncio


async def f():
    try:
        await g()
    except BaseException as e:
        try:
            await cleanup()
        except ValueError as g:
            raise g
        raise e
`,
    errors: [
      { messageId: "exitRaisesOther", line: 11, column: 13, endLine: 11, endColumn: 20, suggestions: [
        { messageId: "suggestReraiseFirst", output: `import asyncio


async def f():
    try:
        await g()
    except asyncio.CancelledError:
        raise
    except BaseException as e:
        try:
            await cleanup()
        except ValueError as g:
            raise g
        raise e
` },
        { messageId: "suggestNarrowToException", output: `import asyncio


async def f():
    try:
        await g()
    except Exception as e:
        try:
            await cleanup()
        except ValueError as g:
            raise g
        raise e
` },
      ] },
    ],
  },
  {
    item: "10",
    name: "gevent: a bare except in a loop swallows GreenletExit (kill) and the caller's Timeout",
    code: `import gevent


def handle(sock):
    while True:
        try:
            process(sock.recv(1024))
        except:
            log.exception("handler failed")
`,
    errors: [
      { messageId: "greenletExitSwallowed", line: 8, column: 9, endLine: 8, endColumn: 15, suggestions: [
        { messageId: "suggestReraise", output: `import gevent


def handle(sock):
    while True:
        try:
            process(sock.recv(1024))
        except:
            log.exception("handler failed")
            raise
` },
        { messageId: "suggestNarrowToException", output: `import gevent


def handle(sock):
    while True:
        try:
            process(sock.recv(1024))
        except Exception:
            log.exception("handler failed")
` },
      ] },
    ],
  },
  {
    item: "10",
    name: "gevent: the function owns its Timeout; GreenletExit is still swallowed",
    code: `import gevent


def fetch(url):
    with gevent.Timeout(5):
        try:
            return download(url)
        except BaseException:
            return None
`,
    errors: [
      { messageId: "exitSwallows", line: 9, column: 13, endLine: 9, endColumn: 24, suggestions: [
        { messageId: "suggestNarrowToException", output: `import gevent


def fetch(url):
    with gevent.Timeout(5):
        try:
            return download(url)
        except Exception:
            return None
` },
      ] },
    ],
  },
  {
    item: "10",
    name: "eventlet: except GreenletExit that keeps the loop going",
    code: `from eventlet.support import greenlets as greenlet


def pump(queue):
    while True:
        try:
            queue.get()()
        except greenlet.GreenletExit:
            continue
`,
    errors: [
      { messageId: "greenletExitSwallowed", line: 8, column: 16, endLine: 8, endColumn: 37, suggestions: [] },
    ],
  },
  {
    item: "1",
    name: "twin: a method of the same name in a class that is not a base",
    code: `from typing import NoReturn


class Other:
    def _convert_socket_error(self, exc) -> NoReturn:
        raise exc


class SocketStream:
    async def receive(self, max_bytes):
        try:
            return await self._sock.recv(max_bytes)
        except BaseException as exc:
            self._convert_socket_error(exc)
`,
    errors: [
      { messageId: "swallowedInExcept", line: 13, column: 16, endLine: 13, endColumn: 29, suggestions: [
        { messageId: "suggestNarrowToException", output: `from typing import NoReturn


class Other:
    def _convert_socket_error(self, exc) -> NoReturn:
        raise exc


class SocketStream:
    async def receive(self, max_bytes):
        try:
            return await self._sock.recv(max_bytes)
        except Exception as exc:
            self._convert_socket_error(exc)
` },
      ] },
    ],
  },
  {
    item: "2",
    name: "twin: an outcome that does not hold the caught exception",
    code: `from outcome import Error


async def run_all(receive_stream):
    async for awaitable, results in receive_stream:
        try:
            await awaitable
        except BaseException:
            results.append(Error(RuntimeError("failed")))
`,
    errors: [
      { messageId: "swallowedInExceptLoop", line: 8, column: 16, endLine: 8, endColumn: 29, suggestions: [
        { messageId: "suggestNarrowToException", output: `from outcome import Error


async def run_all(receive_stream):
    async for awaitable, results in receive_stream:
        try:
            await awaitable
        except Exception:
            results.append(Error(RuntimeError("failed")))
` },
      ] },
    ],
  },
  {
    item: "2",
    name: "twin: the nested function is also called directly in its function",
    code: `import threading


def serve_once(sock):
    def serve():
        try:
            sock.accept()
        except BaseException:
            pass

    threading.Thread(target=serve, daemon=True).start()
    serve()
`,
    errors: [
      { messageId: "swallowedInExcept", line: 8, column: 16, endLine: 8, endColumn: 29, suggestions: [
        { messageId: "suggestReraise", output: `import threading


def serve_once(sock):
    def serve():
        try:
            sock.accept()
        except BaseException:
            raise

    threading.Thread(target=serve, daemon=True).start()
    serve()
` },
        { messageId: "suggestNarrowToException", output: `import threading


def serve_once(sock):
    def serve():
        try:
            sock.accept()
        except Exception:
            pass

    threading.Thread(target=serve, daemon=True).start()
    serve()
` },
      ] },
    ],
  },
  {
    item: "5",
    name: "twin: the shield does not cover the checkpoint",
    code: `import trio


async def finalize(agen):
    try:
        with trio.CancelScope(shield=True):
            agen.close_sync()
        await agen.aclose()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        logger.exception("finalizer failed")
`,
    errors: [
      { messageId: "swallowedInExcept", line: 11, column: 12, endLine: 11, endColumn: 25, suggestions: [
        { messageId: "suggestReraiseFirst", output: `import trio


async def finalize(agen):
    try:
        with trio.CancelScope(shield=True):
            agen.close_sync()
        await agen.aclose()
    except (KeyboardInterrupt, SystemExit):
        raise
    except trio.Cancelled:
        raise
    except BaseException:
        logger.exception("finalizer failed")
` },
        { messageId: "suggestReraise", output: `import trio


async def finalize(agen):
    try:
        with trio.CancelScope(shield=True):
            agen.close_sync()
        await agen.aclose()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        logger.exception("finalizer failed")
        raise
` },
        { messageId: "suggestNarrowToException", output: `import trio


async def finalize(agen):
    try:
        with trio.CancelScope(shield=True):
            agen.close_sync()
        await agen.aclose()
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception:
        logger.exception("finalizer failed")
` },
      ] },
    ],
  },
];

tester.run('no-swallowed-cancellation (Python, issue 14)', pyRule, {
  valid: valid.map(({ item, name, code }) => ({ name: `${item}: ${name}`, code })),
  invalid: invalid.map(({ item, name, code, errors }) => ({ name: `${item}: ${name}`, code, errors })) as never,
});

function lint(code: string, filename = 'file.py'): Linter.LintMessage[] {
  const config = {
    files: ['**/*.py'],
    plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': pyRule }) },
    language: 'patch-order/python',
    rules: { [RULE_ID]: 'error' },
  } as Linter.Config;
  return new Linter({ configType: 'flat' }).verify(code, [config], filename);
}

describe('every item has its bug and its correct twin', () => {
  it.each(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])('item %s', (item) => {
    const bugs = invalid.filter((c) => c.item === item);
    expect(bugs.length).toBeGreaterThan(0);
    expect(bugs.every((c) => c.errors.length > 0)).toBe(true);
    // Item 6 and 7 twins: the same handlers re-raising (valid list); every other item has at least one.
    expect(valid.filter((c) => c.item === item).length).toBeGreaterThan(0);
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

describe('1: helpers of other project modules (fixtures/py-cancel-helpers)', () => {
  async function lintProject(cwd: string): Promise<string[]> {
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
    return results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(cwd.length + 1)}:${m.line}:${m.column} ${m.messageId ?? m.message}`)).sort();
  }

  it('follows `from .errors import reraise`, `errors.convert(exc)` and a NoReturn `fail()`; reports the helper that only logs', async () => {
    clearHelperCache();
    expect(await lintProject(fixture('py-cancel-helpers'))).toEqual(['app/conn.py:29:12 swallowedInExcept']);
  });

  it('reads each imported module once (summaries cached by mtime and size)', async () => {
    clearHelperCache();
    const before = helperStats.moduleReads;
    await lintProject(fixture('py-cancel-helpers'));
    await lintProject(fixture('py-cancel-helpers'));
    expect(helperStats.moduleReads - before).toBe(1);
  });

  it('an imported helper module that does not parse is not followed: the report stays, no internal error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'py-cancel-helpers-'));
    try {
      mkdirSync(join(dir, 'app'));
      writeFileSync(join(dir, 'app', '__init__.py'), '');
      writeFileSync(join(dir, 'app', 'errors.py'), 'def reraise(exc)\n    raise exc\n');
      writeFileSync(
        join(dir, 'app', 'conn.py'),
        'from .errors import reraise\n\n\nasync def read(sock):\n    try:\n        return await sock.recv(1024)\n    except BaseException as exc:\n        reraise(exc)\n',
      );
      const out = await lintProject(dir);
      expect(out.filter((l) => l.startsWith('app/conn.py'))).toEqual(['app/conn.py:7:12 swallowedInExcept']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a helper module outside the linted project is not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'py-cancel-outside-'));
    try {
      mkdirSync(join(dir, 'project'));
      writeFileSync(join(dir, 'errors.py'), 'def reraise(exc):\n    raise exc\n');
      writeFileSync(
        join(dir, 'project', 'conn.py'),
        'from errors import reraise\n\n\nasync def read(sock):\n    try:\n        return await sock.recv(1024)\n    except BaseException as exc:\n        reraise(exc)\n',
      );
      expect(await lintProject(join(dir, 'project'))).toEqual(['conn.py:7:12 swallowedInExcept']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('10: the messages name what greenlet code swallows', () => {
  it('a bare except in gevent code names GreenletExit and the caller’s gevent.Timeout', () => {
    const [m] = lint(invalid.find((c) => c.name.startsWith('gevent: a bare except'))!.code);
    expect(m!.message).toMatch(/^This `except` handler swallows GreenletExit, gevent\.Timeout, KeyboardInterrupt and SystemExit in greenlet code:/u);
  });
  it('a function that creates its own Timeout: the message leaves the Timeout out', () => {
    const [m] = lint(invalid.find((c) => c.name.startsWith('gevent: the function owns'))!.code);
    expect(m!.message).toMatch(/^This `return` swallows GreenletExit, KeyboardInterrupt and SystemExit caught by/u);
  });
  it('no checkpoint in a coroutine: the message speaks of interrupts, not of a task cancellation', () => {
    const [m] = lint(invalid.find((c) => c.name.startsWith('no checkpoint: KeyboardInterrupt'))!.code);
    expect(m!.message).toContain('swallows KeyboardInterrupt and SystemExit');
    expect(m!.message).not.toContain('CancelledError');
  });
});
