/**
 * no-swallowed-cancellation compared with flake8-async's ASYNC103 / ASYNC104 (flake8-async 26.8.1). The Python
 * cases are written here in the shape of each behaviour of those two checks (bare / `BaseException` /
 * library-specific handlers, tuples, `except*`, every escaping statement, nested handlers, loops), in code a
 * cancellation can reach: a coroutine whose `try` awaits. `flake8` holds the lines flake8-async reports for each
 * (ASYNC103 on the exception or bare `except`, ASYNC104 on the statement), as flake8-async 26.8.1 printed them
 * when run standalone (`python -m flake8_async --enable=ASYNC103,ASYNC104 case.py`) on exactly this code.
 *
 * The rule must report on every one of those lines, except the deliberate differences (`notHere`), and reports
 * beyond them only where listed (`onlyHere`). Every difference has its reason below and is documented on the rule
 * page, section "Compared with flake8-async" (checked at the bottom).
 */
import { readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import realRule from '../../../rules/no-swallowed-cancellation.js';
import { pythonTestPlugin, repoRoot } from '../../helpers/rule-tester.js';

const pyRule = realRule as never;
const RULE_ID = 'patch-order/no-swallowed-cancellation';

/** Where flake8-async reports and this rule deliberately does not: the reason, and the words the rule page uses for it. */
const DIFFERENCES = {
  onePerPath: {
    reason:
      'one report per path: a handler whose paths that do not re-raise all leave it by return / break / continue / yield gets its report on each of those statements (ASYNC104 lines); flake8-async also puts ASYNC103 on the handler for the same paths',
    doc: 'one report per path',
  },
  noCheckpoint: {
    reason:
      'no checkpoint in the try body (no await / async for / async with / call of a local async def, or only shielded ones): no task cancellation can be delivered there, and in plain functions none ever is; broad handlers are still reported for KeyboardInterrupt / SystemExit unless an earlier handler re-raises those',
    doc: 'no checkpoint',
  },
  nestedReraise: {
    reason: 'a nested try whose body and every handler re-raise the outer exception re-raises it on every path (flake8-async does not analyse that shape)',
    doc: 'nested `try`',
  },
  processExit: { reason: 'a path that ends the process (sys.exit(), os._exit()) stops everything', doc: '`sys.exit()`' },
  raisingHelper: {
    reason: 'a call that always raises ends the path: a followed helper that raises on every path, a NoReturn function, pytest.fail / pytest.skip',
    doc: '`NoReturn`',
  },
  otherForm: {
    reason: 'a re-raise in another form: raise BaseExceptionGroup("", [exc]), raise CancelledError(...) from exc',
    doc: 'BaseExceptionGroup',
  },
  narrowing: {
    reason: 'isinstance narrowing: a branch the cancellation cannot take (isinstance(exc, OSError)) does not count, one it always takes (isinstance(exc, trio.Cancelled)) is the only one that does',
    doc: '`isinstance`',
  },
  handOff: {
    reason: 'hand-off: the caught exception given to an outcome holder (outcome.Error(exc)) or returned to the caller, in a plain function to a future or queue',
    doc: 'hand-off',
  },
  deliberate: {
    reason: 'the documented deliberate suppression: Task.uncancel(), or a re-raise under asyncio.current_task().cancelling()',
    doc: 'uncancel()',
  },
  deferred: {
    reason: 'a cancellation recorded in a name and re-raised after the try (asyncio.Condition.wait)',
    doc: 're-raised after the `try`',
  },
  unreachable: {
    reason: 'code that cannot run: the else of a try whose body always returns is never reached, so nothing is swallowed there',
    doc: 'cannot run',
  },
  threadTarget: {
    reason: 'a function that only runs as a thread or executor target receives neither Ctrl+C nor a task cancellation',
    doc: 'thread or executor target',
  },
} as const;

/** Where this rule reports and flake8-async does not. */
const EXTRAS = {
  suppress: { reason: 'contextlib.suppress(<cancellation>) is a handler without an except', doc: '`contextlib.suppress' },
  finally: { reason: 'return / break / continue in the finally of a coroutine whose try awaits discards the pending cancellation', doc: '`finally`' },
  generatorExit: { reason: 'GeneratorExit swallowed where the generator yields again (close() then fails)', doc: '`GeneratorExit`' },
  interruptLoop: { reason: 'KeyboardInterrupt silently ignored in a loop (the loop cannot be stopped with Ctrl+C)', doc: '`KeyboardInterrupt` silently' },
  py37Exception: { reason: 'except Exception in a coroutine below Python 3.8, where CancelledError was an Exception', doc: 'below Python 3.8' },
} as const;

interface Comparison {
  name: string;
  code: string;
  /** Target Python, when the case needs one (default: the rule's, 3.8+). */
  pythonVersion?: string;
  /** What flake8-async 26.8.1 reports: [line, 103 | 104]. */
  flake8: [number, 103 | 104][];
  /** Lines flake8-async reports where this rule deliberately does not. */
  notHere?: { line: number; why: keyof typeof DIFFERENCES }[];
  /** Lines this rule reports where flake8-async does not. */
  onlyHere?: { line: number; why: keyof typeof EXTRAS }[];
}

const cases: Comparison[] = [
  {
    name: "bare except",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except:
        pass
`,
    flake8: [[7, 103]],
  },
  {
    name: "except BaseException",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException:
        log()
`,
    flake8: [[7, 103]],
  },
  {
    name: "except BaseException as e: raise e / raise (safe)",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException as e:
        raise e


async def g():
    try:
        await trio.sleep(1)
    except BaseException:
        log()
        raise
`,
    flake8: [],
  },
  {
    name: "library classes: trio, anyio, asyncio spellings",
    code: `import anyio
import asyncio
import trio
from asyncio import exceptions
from asyncio.exceptions import CancelledError


async def f1():
    try:
        await trio.sleep(1)
    except trio.Cancelled:
        pass


async def f2():
    try:
        await anyio.sleep(1)
    except anyio.get_cancelled_exc_class():
        pass


async def f3():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        pass


async def f4():
    try:
        await asyncio.sleep(1)
    except asyncio.exceptions.CancelledError:
        pass


async def f5():
    try:
        await asyncio.sleep(1)
    except CancelledError:
        pass


async def f6():
    try:
        await asyncio.sleep(1)
    except exceptions.CancelledError:
        pass
`,
    flake8: [[11, 103], [18, 103], [25, 103], [32, 103], [39, 103], [46, 103]],
  },
  {
    name: "tuples, one line and split over lines",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except (ValueError, trio.Cancelled):
        pass


async def g():
    try:
        await trio.sleep(1)
    except (
        SyntaxError,
        ValueError,
        BaseException,
    ) as p:
        pass


async def h():
    try:
        await trio.sleep(1)
    except (SyntaxError, ValueError, BaseException):
        raise
`,
    flake8: [[7, 103], [17, 103]],
  },
  {
    name: "except*",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except* BaseException:
        pass


async def g():
    try:
        await trio.sleep(1)
    except* ValueError:
        pass
    except* BaseException:
        pass


async def h():
    try:
        await trio.sleep(1)
    except* trio.Cancelled:
        raise ValueError


async def i():
    try:
        await trio.sleep(1)
    except* BaseException:
        raise
`,
    flake8: [[7, 103], [16, 103], [24, 104]],
  },
  {
    name: "raise a different exception",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException:
        raise ValueError()


async def g():
    try:
        await trio.sleep(1)
    except BaseException as e:
        raise ValueError() from e


async def h():
    try:
        await trio.sleep(1)
    except BaseException as e:
        raise BaseException() from e
`,
    flake8: [[8, 104], [15, 104], [22, 104]],
  },
  {
    name: "return",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException:
        return


async def g(x):
    try:
        await trio.sleep(1)
    except trio.Cancelled:
        if x:
            return None
        raise
`,
    flake8: [[7, 103], [8, 104], [16, 104]],
    notHere: [{ line: 7, why: 'onePerPath' }],
  },
  {
    name: "yield",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException:
        yield 1
        raise


async def g():
    try:
        await trio.sleep(1)
    except trio.Cancelled:
        yield 1
`,
    flake8: [[8, 104], [15, 103], [16, 104]],
  },
  {
    name: "break and continue that leave the handler",
    code: `import trio


async def f(x):
    while True:
        try:
            await trio.sleep(1)
        except BaseException:
            if x:
                continue
            raise


async def g(x):
    while True:
        try:
            await trio.sleep(1)
        except BaseException:
            if x:
                break
            raise


async def h(items):
    for item in items:
        try:
            await item.run()
        except trio.Cancelled:
            continue
`,
    flake8: [[10, 104], [20, 104], [28, 103], [29, 104]],
    notHere: [{ line: 28, why: 'onePerPath' }],
  },
  {
    name: "break and continue of a loop inside the handler (safe)",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException:
        while True:
            break
        raise


async def g(items):
    try:
        await trio.sleep(1)
    except BaseException:
        for item in items:
            continue
        raise
`,
    flake8: [],
  },
  {
    name: "if / elif / else",
    code: `import trio


async def f(x):
    try:
        await trio.sleep(1)
    except BaseException as e:
        if x:
            raise e
        elif x is None:
            log()
        else:
            raise e


async def g():
    try:
        await trio.sleep(1)
    except BaseException:
        if True:
            raise


async def h(x):
    try:
        await trio.sleep(1)
    except BaseException:
        if x:
            raise
        elif x is None:
            raise
        else:
            raise
`,
    flake8: [[7, 103], [19, 103]],
  },
  {
    name: "match",
    code: `import trio


async def f(x):
    try:
        await trio.sleep(1)
    except BaseException as e:
        match x:
            case True:
                raise e
            case False:
                log()
            case _:
                raise e


async def g(x):
    try:
        await trio.sleep(1)
    except BaseException:
        match x:
            case True:
                raise


async def h(x):
    try:
        await trio.sleep(1)
    except BaseException:
        match x:
            case True:
                raise
            case blah:
                raise


async def i(x):
    try:
        await trio.sleep(1)
    except BaseException:
        match x:
            case 1:
                return
            case 2:
                raise
            case 3:
                return
            case blah:
                raise


async def j(x):
    try:
        await trio.sleep(1)
    except BaseException:
        match x:
            case _ if x:
                raise
`,
    flake8: [[7, 103], [20, 103], [40, 103], [43, 104], [47, 104], [55, 103]],
    notHere: [{ line: 40, why: 'onePerPath' }],
  },
  {
    name: "while loops",
    code: `import trio


async def f(cond):
    try:
        await trio.sleep(1)
    except BaseException:
        while cond():
            raise


async def g(cond):
    try:
        await trio.sleep(1)
    except BaseException:
        while cond():
            log()
        else:
            raise


async def h(cond):
    try:
        await trio.sleep(1)
    except BaseException:
        while cond():
            if cond():
                break
            raise
        else:
            raise


async def i():
    try:
        await trio.sleep(1)
    except BaseException:
        while True:
            raise


async def j(cond):
    try:
        await trio.sleep(1)
    except BaseException:
        while True:
            if cond():
                break
            raise


async def k(cond):
    try:
        await trio.sleep(1)
    except BaseException:
        while True:
            if cond():
                continue
            raise
`,
    flake8: [[7, 103], [25, 103], [45, 103]],
  },
  {
    name: "for loops over literals and ranges",
    code: `import trio


async def f1():
    try:
        await trio.sleep(1)
    except BaseException:
        for i in [1, 2, 3]:
            raise


async def f2():
    try:
        await trio.sleep(1)
    except BaseException:
        for i in (*(), *(1, 2)):
            raise


async def f3():
    try:
        await trio.sleep(1)
    except BaseException:
        for i in {**{}, **{1: 2}}:
            raise


async def f4():
    try:
        await trio.sleep(1)
    except BaseException:
        for i in range(3):
            raise


async def f5(n):
    try:
        await trio.sleep(1)
    except BaseException:
        for i in range(n):
            raise


async def f6():
    try:
        await trio.sleep(1)
    except BaseException:
        for i in []:
            raise


async def f7():
    try:
        await trio.sleep(1)
    except BaseException:
        for i in {}:
            raise


async def f8(cond):
    try:
        await trio.sleep(1)
    except BaseException:
        for i in [1, 2, 3]:
            if cond():
                continue
            raise


async def f9():
    try:
        await trio.sleep(1)
    except BaseException:
        for i in [1, 2, 3]:
            log()


async def f10():
    try:
        await trio.sleep(1)
    except BaseException:
        for _ in "":
            log()
        else:
            raise


async def f11():
    try:
        await trio.sleep(1)
    except BaseException:
        for i in range(27670116110564327421):
            raise
`,
    flake8: [[39, 103], [47, 103], [55, 103], [63, 103], [73, 103]],
  },
  {
    name: "nested try in the handler",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException:
        try:
            await trio.sleep(0)
        finally:
            raise


async def g():
    try:
        await trio.sleep(1)
    except BaseException:
        try:
            cleanup()
        except ValueError:
            log()
        raise


async def h():
    try:
        await trio.sleep(1)
    except BaseException as e:
        try:
            cleanup()
        except BaseException as f:
            raise f
        raise e


async def i():
    try:
        await trio.sleep(1)
    except BaseException as e:
        try:
            cleanup()
        except ValueError as g:
            raise g
        except BaseException as h:
            raise h
        raise e


async def j():
    try:
        await trio.sleep(1)
    except BaseException:
        try:
            return
        except ValueError:
            return
        else:
            return
        finally:
            pass


async def k():
    try:
        await trio.sleep(1)
    except BaseException:
        try:
            yield 1
        except ValueError:
            yield 1
        else:
            yield 1
        finally:
            yield 1
        raise
`,
    flake8: [[43, 104], [52, 103], [54, 104], [56, 104], [58, 104], [68, 104], [70, 104], [72, 104], [74, 104]],
    notHere: [
      { line: 52, why: 'onePerPath' },
      { line: 58, why: 'unreachable' },
    ],
  },
  {
    name: "nested try that re-raises the outer name on every part",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException as e:
        try:
            raise e
        except ValueError:
            raise e
        except:
            raise e
`,
    flake8: [[7, 103], [13, 104]],
    notHere: [{ line: 7, why: 'nestedReraise' }],
  },
  {
    name: "a critical handler nested in a non-critical one",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except ValueError as e:
        try:
            await trio.sleep(0)
        except BaseException:
            raise e
`,
    flake8: [[11, 104]],
  },
  {
    name: "handlers after a critical one (upstream issue 106)",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException:
        raise
    except:
        return


async def g():
    try:
        await trio.sleep(1)
    except BaseException:
        return
    except:
        return


async def h():
    try:
        await trio.sleep(1)
    except trio.Cancelled:
        raise
    except BaseException:
        return
`,
    flake8: [[16, 103], [17, 104]],
    notHere: [{ line: 16, why: 'onePerPath' }],
  },
  {
    name: "mixed libraries: each cancellation handler",
    code: `import anyio
import asyncio
import trio
from asyncio.exceptions import CancelledError


async def f():
    try:
        await trio.sleep(1)
    except trio.Cancelled:
        pass
    except anyio.get_cancelled_exc_class():
        pass
    except CancelledError:
        pass
    except:
        pass
`,
    flake8: [[10, 103], [12, 103], [14, 103]],
  },
  {
    name: "state across nested try statements",
    code: `import trio


async def f():
    try:
        try:
            await trio.sleep(1)
        except BaseException:
            raise
    except BaseException:
        pass
    except:
        try:
            await trio.sleep(1)
        except BaseException:
            pass
`,
    flake8: [[10, 103], [15, 103]],
  },
  {
    name: "no checkpoint in the try body: an explicit cancellation class",
    code: `import trio


async def f():
    try:
        parse()
    except trio.Cancelled:
        pass


def g(task):
    try:
        return task.result()
    except trio.Cancelled:
        return None
`,
    flake8: [[7, 103], [14, 103], [15, 104]],
    notHere: [
      { line: 7, why: 'noCheckpoint' },
      { line: 14, why: 'noCheckpoint' },
      { line: 15, why: 'noCheckpoint' },
    ],
  },
  {
    name: "no checkpoint in the try body: a broad handler (interrupts still reported)",
    code: `import trio


async def f():
    try:
        parse()
    except BaseException:
        pass


async def g():
    try:
        parse()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        pass
`,
    flake8: [[7, 103], [16, 103]],
    notHere: [{ line: 16, why: 'noCheckpoint' }],
  },
  {
    name: "a path that ends the process or calls a raising helper",
    code: `import sys
import pytest
import trio
from typing import NoReturn


def _fail(exc) -> NoReturn:
    raise exc


async def f():
    try:
        await trio.sleep(1)
    except BaseException:
        sys.exit(1)


async def g():
    try:
        await trio.sleep(1)
    except BaseException as exc:
        _fail(exc)


async def test_h():
    try:
        await trio.sleep(1)
    except BaseException as exc:
        pytest.fail(repr(exc))
`,
    flake8: [[14, 103], [21, 103], [28, 103]],
    notHere: [
      { line: 14, why: 'processExit' },
      { line: 21, why: 'raisingHelper' },
      { line: 28, why: 'raisingHelper' },
    ],
  },
  {
    name: "re-raise in another form",
    code: `import asyncio
import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException as exc:
        raise BaseExceptionGroup("", [exc])


async def g():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as exc:
        raise asyncio.CancelledError("stopping") from exc
`,
    flake8: [[9, 104], [16, 104]],
    notHere: [
      { line: 9, why: 'otherForm' },
      { line: 16, why: 'otherForm' },
    ],
  },
  {
    name: "isinstance narrowing",
    code: `import trio


async def f():
    try:
        await trio.sleep(1)
    except BaseException as exc:
        if isinstance(exc, trio.Cancelled):
            raise
        log()


async def g():
    try:
        await trio.sleep(1)
    except BaseException as exc:
        if isinstance(exc, OSError):
            return None
        raise
`,
    flake8: [[7, 103], [18, 104]],
    notHere: [
      { line: 7, why: 'narrowing' },
      { line: 18, why: 'narrowing' },
    ],
  },
  {
    name: "hand-off and deliberate suppression",
    code: `import asyncio
import outcome


async def f(fn):
    try:
        return outcome.Value(await fn())
    except BaseException as exc:
        return outcome.Error(exc)


async def g():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        asyncio.current_task().uncancel()


async def h(lock):
    cancelled = False
    while True:
        try:
            await lock.acquire()
            break
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError
`,
    flake8: [[8, 103], [9, 104], [15, 103], [25, 103]],
    notHere: [
      { line: 8, why: 'handOff' },
      { line: 9, why: 'handOff' },
      { line: 15, why: 'deliberate' },
      { line: 25, why: 'deferred' },
    ],
  },
  {
    name: "plain (synchronous) code: what reaches a broad handler there is an interrupt",
    code: `def f(job):
    try:
        job()
    except:
        pass


def g(job):
    try:
        job()
    except BaseException:
        return None
`,
    flake8: [[4, 103], [11, 103], [12, 104]],
    notHere: [{ line: 11, why: 'onePerPath' }],
  },
  {
    name: "a function that only runs as a thread target",
    code: `import threading


def _worker(queue):
    while True:
        try:
            queue.get()()
        except BaseException:
            log()


threading.Thread(target=_worker, args=(None,)).start()
`,
    flake8: [[8, 103]],
    notHere: [{ line: 8, why: 'threadTarget' }],
  },
  {
    name: "greenlet code",
    code: `import gevent


def handle(sock):
    while True:
        try:
            process(sock.recv(1024))
        except:
            gevent.sleep(0.1)
`,
    flake8: [[8, 103]],
  },
  {
    name: "also reported here: suppress, finally, GeneratorExit, a silent KeyboardInterrupt loop",
    code: `import contextlib
import trio


async def f():
    with contextlib.suppress(trio.Cancelled):
        await trio.sleep(1)


async def g():
    try:
        await trio.sleep(1)
    finally:
        return None


def numbers():
    n = 0
    while True:
        try:
            yield n
        except GeneratorExit:
            pass
        n += 1


def poll(check):
    while True:
        try:
            check()
        except KeyboardInterrupt:
            pass
`,
    flake8: [],
    onlyHere: [
      { line: 6, why: 'suppress' },
      { line: 14, why: 'finally' },
      { line: 22, why: 'generatorExit' },
      { line: 31, why: 'interruptLoop' },
    ],
  },
  {
    name: 'also reported here: except Exception in a coroutine below Python 3.8',
    code: `import asyncio


async def poll(client):
    while True:
        try:
            await client.poll()
        except Exception:
            log()
`,
    pythonVersion: '3.7',
    flake8: [],
    onlyHere: [{ line: 8, why: 'py37Exception' }],
  },
];

function ourLines(c: Comparison): number[] {
  const config = {
    files: ['**/*.py'],
    plugins: { 'patch-order': pythonTestPlugin({ 'no-swallowed-cancellation': pyRule }) },
    language: 'patch-order/python',
    languageOptions: c.pythonVersion ? { pythonVersion: c.pythonVersion } : {},
    rules: { [RULE_ID]: 'error' },
  } as Linter.Config;
  const messages = new Linter({ configType: 'flat' }).verify(c.code, [config], 'case.py');
  expect(messages.filter((m) => m.fatal || m.ruleId !== RULE_ID)).toEqual([]);
  return [...new Set(messages.map((m) => m.line))].sort((a, b) => a - b);
}

describe('no-swallowed-cancellation reports where flake8-async ASYNC103 / ASYNC104 report', () => {
  for (const c of cases) {
    it(c.name, () => {
      const theirs = new Set(c.flake8.map(([line]) => line));
      const skipped = new Set((c.notHere ?? []).map((d) => d.line));
      const added = new Set((c.onlyHere ?? []).map((d) => d.line));
      // The differences are honest: a skipped line is one flake8-async reports, an added one is not.
      for (const line of skipped) expect(theirs.has(line), `notHere line ${line} is not a flake8-async line`).toBe(true);
      for (const line of added) expect(theirs.has(line), `onlyHere line ${line} is a flake8-async line`).toBe(false);
      const expected = [...new Set([...[...theirs].filter((l) => !skipped.has(l)), ...added])].sort((a, b) => a - b);
      expect(ourLines(c)).toEqual(expected);
    });
  }

  it('covers each behaviour: every handler kind, tuples, except*, every escaping statement, nested handlers, loops', () => {
    const all = cases.map((c) => c.code).join('\n');
    for (const shape of [/except:/u, /except BaseException/u, /except trio\.Cancelled/u, /get_cancelled_exc_class\(\)/u, /except asyncio\.CancelledError/u, /except \(/u, /except\* /u, /\breturn\b/u, /\bbreak\b/u, /\bcontinue\b/u, /\byield\b/u, /raise ValueError/u, /\bwhile\b/u, /\bfor\b/u, /\bmatch\b/u])
      expect(all).toMatch(shape);
    const codes = new Set(cases.flatMap((c) => c.flake8.map(([, code]) => code)));
    expect([...codes].sort()).toEqual([103, 104]);
  });

  it('every difference and every extra is used by a case and has a reason', () => {
    const used = new Set(cases.flatMap((c) => [...(c.notHere ?? []), ...(c.onlyHere ?? [])].map((d) => d.why)));
    expect([...used].sort()).toEqual([...Object.keys(DIFFERENCES), ...Object.keys(EXTRAS)].sort());
    for (const d of [...Object.values(DIFFERENCES), ...Object.values(EXTRAS)]) expect(d.reason.length).toBeGreaterThan(20);
  });
});

describe('the rule page documents every difference (section "Compared with flake8-async")', () => {
  const page = readFileSync(`${repoRoot}/docs/rules/no-swallowed-cancellation.md`, 'utf8');
  const start = page.indexOf('## Compared with flake8-async');
  const section = start < 0 ? '' : page.slice(start, page.indexOf('\n## ', start + 3) < 0 ? undefined : page.indexOf('\n## ', start + 3));
  it('has the section', () => {
    expect(start).toBeGreaterThan(0);
  });
  for (const [key, d] of Object.entries({ ...DIFFERENCES, ...EXTRAS })) {
    it(`${key}: ${d.doc}`, () => {
      expect(section.toLowerCase()).toContain(d.doc.toLowerCase());
    });
  }
});
