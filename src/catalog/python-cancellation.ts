/**
 * Python cancellation catalog: which exception classes mean "this task / scope / generator is being
 * cancelled", per library, how correct code recognises them, and how a fix spells the dedicated handler.
 * DATA only; `src/python/cancellation/*` reads it and users extend it through the rule option
 * `pythonCancellationClasses` of `patch-order/no-swallowed-cancellation`.
 *
 * Facts and sources: reference/cancellation.md §1 (checked on CPython 3.11 where CPython is concerned;
 * trio and anyio are not installable here, their entries follow their documentation).
 */

/** A library whose cancellation arrives as an exception at the task's checkpoints (`await`). */
export type PyCancelLibrary = 'asyncio' | 'trio' | 'anyio';

export interface PyCancelClass {
  library: PyCancelLibrary;
  /** Fully qualified spellings that name the class (after resolving the module's imports). */
  qualifiedNames: string[];
  /**
   * True when the class is obtained by CALLING a function in the `except` (`anyio.get_cancelled_exc_class()`).
   * Only the zero-argument call counts; a class saved to a variable first is invisible to linters (ASYNC118).
   */
  call?: boolean;
  /** How the fix writes a handler for it, relative to the module's binding (`{mod}` = the module's local name). */
  handlerText: string;
  /** Where the vendor documents it. */
  source: string;
}

export const pyCancelClasses: readonly PyCancelClass[] = [
  {
    library: 'asyncio',
    // BaseException since 3.8 (bpo-32528); `asyncio.exceptions` exists since 3.8.
    qualifiedNames: ['asyncio.CancelledError', 'asyncio.exceptions.CancelledError'],
    handlerText: '{mod}.CancelledError',
    source: 'https://docs.python.org/3/library/asyncio-exceptions.html#asyncio.CancelledError',
  },
  {
    library: 'trio',
    // Level-triggered: every later checkpoint inside the cancelled scope raises it again.
    qualifiedNames: ['trio.Cancelled'],
    handlerText: '{mod}.Cancelled',
    source: 'https://trio.readthedocs.io/en/stable/reference-core.html#trio.Cancelled',
  },
  {
    library: 'anyio',
    qualifiedNames: ['anyio.get_cancelled_exc_class'],
    call: true,
    handlerText: '{mod}.get_cancelled_exc_class()',
    source: 'https://anyio.readthedocs.io/en/stable/cancellation.html',
  },
];

/** Preference when a module imports several libraries: anyio code runs on either backend. */
export const pyLibraryPreference: readonly PyCancelLibrary[] = ['anyio', 'trio', 'asyncio'];

/**
 * Exceptions that derive from `BaseException` but not `Exception`, and how the rule treats a handler
 * that names them explicitly.
 * - `GeneratorExit`: `close()` raises it at the paused `yield`; returning is fine, but yielding again
 *   raises `RuntimeError: generator ignored GeneratorExit` — the rule reports a handler from which a
 *   `yield` can be reached.
 * - `KeyboardInterrupt` / `SystemExit`: a top-level handler that exits (`sys.exit(130)`) is the normal way
 *   to end a CLI; the rule reports them only where they are swallowed and a loop keeps going (or a
 *   generator keeps yielding).
 */
export const pyBaseOnlyExceptions = ['GeneratorExit', 'KeyboardInterrupt', 'SystemExit'] as const;
export type PyBaseOnlyException = (typeof pyBaseOnlyExceptions)[number];

/** `except Exception` catches `asyncio.CancelledError` only below this minor version of Python 3. */
export const PY_CANCELLED_IS_BASE_EXCEPTION_SINCE = 8;
/** `Task.cancelling()` / `Task.uncancel()` exist since 3.11. */
export const PY_TASK_CANCELLING_SINCE = 11;
/** The version assumed when nothing says otherwise ("3.8+"). */
export const PY_DEFAULT_MINOR = 8;

/** Context managers that suppress the exception classes passed to them. */
export const pySuppressors: readonly string[] = ['contextlib.suppress'];

/**
 * Calls that end the process or raise SystemExit: a `KeyboardInterrupt` / `SystemExit` handler that
 * calls one of them has not swallowed the interrupt.
 */
// `os._exit` is `posix._exit` (`nt._exit` on Windows): os.py itself calls it as `from posix import _exit`.
export const pyExitCalls: readonly string[] = ['sys.exit', 'os._exit', 'os.abort', 'posix._exit', 'nt._exit', 'exit', 'quit'];

/**
 * Guards that make a cancellation handler deliberate:
 * - `asyncio.current_task().cancelling()` (3.11+) tells a handler whether ITS OWN task is being cancelled:
 *   `if asyncio.current_task().cancelling(): raise` re-raises exactly the cancellation that must propagate.
 * - `task.uncancel()` (3.11+) is what asyncio's docs require of code that suppresses a cancellation on
 *   purpose.
 * Matched as a method name on any receiver (the task object is usually a local variable).
 */
export const pyCancellingMethod = 'cancelling';
export const pyUncancelMethod = 'uncancel';

/**
 * Calls that wait for a task to finish without raising its result: after `await asyncio.wait([t])`,
 * `await t` / `t.result()` no longer suspends, so only `t`'s own cancellation can arrive there (seed 004).
 */
export const pyWaitCalls: readonly string[] = ['asyncio.wait'];

/**
 * Hand-off: a synchronous handler that passes the caught exception object to one of these methods has
 * delivered it to the code waiting for the work, which raises it there: `future.set_exception(exc)`
 * (concurrent.futures / asyncio futures: `result()` raises it), `queue.put(exc)` / `put_nowait(exc)`
 * (a worker thread reporting to the thread that joins it), `gen.throw(exc)`. Only in plain functions: a
 * coroutine that forwards its own cancellation and then goes on still swallows it.
 */
export const pyHandOffMethods: readonly string[] = ['set_exception', 'put', 'put_nowait', 'throw'];

/**
 * The context-manager protocol: `if not self.__exit__(*sys.exc_info()): raise` lets `__exit__` decide,
 * exactly as a `with` statement does; and inside `__exit__` / `__aexit__`, after
 * `if exc is not value: raise` (`value` a parameter: the exception in flight), `return False` hands the
 * in-flight exception back to the `with` statement, which re-raises it (contextlib's own pattern).
 */
export const pyExitProtocolMethods: readonly string[] = ['__exit__', '__aexit__'];

/** Logging-like calls (a handler that only calls these "only logs"). */
export const pyLoggingMethods: readonly string[] = [
  'debug',
  'info',
  'warning',
  'warn',
  'error',
  'exception',
  'critical',
  'log',
  'print',
];

/**
 * Calls that always raise, so a handler path that reaches one does not go on: pytest's outcome
 * functions raise `Failed` / `Skipped` / `XFailed` / `Exit` (BaseException subclasses that end the test
 * or the session; pytest documents `pytest.fail` and `pytest.skip` as raising). A cancellation turned
 * into a test failure stops the test, which is what the test wants.
 */
export const pyRaisingCalls: readonly string[] = ['pytest.fail', 'pytest.skip', 'pytest.xfail', 'pytest.exit'];

/** `unittest.TestCase` methods that raise (`self.fail(...)`, `self.skipTest(...)`), in a `TestCase` subclass. */
export const pyTestCaseRaisingMethods: readonly string[] = ['fail', 'skipTest'];

/**
 * Return annotations of functions that never return (PEP 484 `NoReturn`, PEP 655-era `Never`): a call to
 * one ends the handler's path. Matched on the annotation's last name (`typing.NoReturn`, `"NoReturn"`).
 */
export const pyNoReturnAnnotations: readonly string[] = ['NoReturn', 'Never'];

/**
 * Exception groups that carry the caught exception on: `raise BaseExceptionGroup("", [exc])` re-raises it
 * in another form (`except* Cancelled` and trio / anyio still see it). `ExceptionGroup` cannot hold a
 * BaseException (its constructor raises TypeError), so it is not one of them.
 */
export const pyExceptionGroupClasses: readonly string[] = ['BaseExceptionGroup', 'builtins.BaseExceptionGroup', 'exceptiongroup.BaseExceptionGroup'];

/**
 * Outcome holders: `return outcome.Error(exc)` hands the caught exception to whoever unwraps the outcome
 * (`outcome.capture` / `acapture` do exactly this); `unwrap()` raises it there.
 */
export const pyOutcomeHolders: readonly string[] = ['outcome.Error'];

/**
 * Where a function runs only as the target of a worker thread or an executor. CPython delivers
 * KeyboardInterrupt to the main thread only, and a task cancellation never reaches a thread, so a broad
 * handler there swallows neither (https://docs.python.org/3/library/signal.html#signals-and-threads).
 * `callee`: qualified name, or `.method` for a method on any receiver; `arg`: the argument that is the
 * function (a position, or a keyword name).
 */
export interface PyThreadTargetCall {
  callee: string;
  arg: number | string;
}
export const pyThreadTargetCalls: readonly PyThreadTargetCall[] = [
  { callee: 'threading.Thread', arg: 'target' },
  { callee: 'threading.Timer', arg: 1 },
  { callee: '_thread.start_new_thread', arg: 0 },
  { callee: 'asyncio.to_thread', arg: 0 },
  { callee: 'trio.to_thread.run_sync', arg: 0 },
  { callee: 'anyio.to_thread.run_sync', arg: 0 },
  { callee: '.run_in_executor', arg: 1 },
  { callee: '.submit', arg: 0 },
];
/** Base classes whose `run` method is the body of a thread. */
export const pyThreadClasses: readonly string[] = ['threading.Thread'];

/**
 * gevent / eventlet cancellation. `Greenlet.kill()` raises `GreenletExit` (a BaseException) in the target
 * greenlet at its current blocking call, and any call can block once the module is monkey-patched; a
 * `gevent.Timeout` / `eventlet.Timeout` set by a caller arrives the same way (both derive from
 * BaseException). A bare `except:` / `except BaseException` in greenlet code catches them: a killed
 * greenlet keeps running (gunicorn's async workers restarting after `max_requests` wait on it).
 * Sources: https://www.gevent.org/api/gevent.greenlet.html#gevent.Greenlet.kill ,
 * https://www.gevent.org/api/gevent.timeout.html , https://greenlet.readthedocs.io/en/latest/api.html
 */
export const pyGreenletModules: readonly string[] = ['gevent', 'eventlet', 'greenlet'];
export const pyGreenletExitClasses: readonly string[] = [
  'greenlet.GreenletExit',
  'gevent.GreenletExit',
  'gevent.greenlet.GreenletExit',
  'eventlet.support.greenlets.GreenletExit',
];
export const pyGreenletTimeoutClasses: readonly string[] = ['gevent.Timeout', 'gevent.timeout.Timeout', 'eventlet.Timeout', 'eventlet.timeout.Timeout'];

/**
 * Awaits that never deliver a cancellation: trio's / anyio's `lowlevel.cancel_shielded_checkpoint()` is a
 * schedule point that cannot be cancelled (flake8-async's ASYNC102 exempts it too).
 */
export const pyShieldedCheckpoints: readonly string[] = ['trio.lowlevel.cancel_shielded_checkpoint', 'anyio.lowlevel.cancel_shielded_checkpoint'];

/**
 * Cancel scopes that shield their body from outer cancellations when given `shield=True`
 * (`with trio.CancelScope(shield=True):`, `anyio.move_on_after(5, shield=True)`): a checkpoint inside one
 * cannot receive the cancellation of the task around it. Matched on the callee's last name, for trio and
 * anyio. Sources: https://trio.readthedocs.io/en/stable/reference-core.html#trio.CancelScope.shield ,
 * https://anyio.readthedocs.io/en/stable/cancellation.html#shielding
 */
export const pyShieldingScopes: readonly string[] = ['CancelScope', 'move_on_after', 'move_on_at', 'fail_after', 'fail_at'];
export const pyShieldingLibraries: readonly string[] = ['trio', 'anyio'];

/**
 * Libraries whose own modules spell these names relatively (`from .. import _core`, `_core.CancelScope(shield=True)`,
 * `from ._traps import cancel_shielded_checkpoint`, `from .._core._eventloop import get_cancelled_exc_class`): in a
 * file inside one of these packages, relative imports are resolved and a name reached through a private module
 * (`trio._core._traps.cancel_shielded_checkpoint`) counts as the public name with the same last part
 * (`trio.lowlevel.cancel_shielded_checkpoint`) — the library re-exports the same object.
 */
export const pyOwnSpellingLibraries: readonly string[] = ['trio', 'anyio'];

/**
 * Cancellation classes of the side that waits for the work, which a handler may raise instead of the caught
 * cancellation: `raise concurrent.futures.CancelledError(...) from None` in the coroutine that serves a thread
 * (`asyncio.run_coroutine_threadsafe`: the thread's `future.result()` then raises CancelledError). Not critical
 * in an `except` (a cancelled future's result is not a cancellation of the running code, reference §1.7); only
 * a re-raise in another form. `concurrent.futures.CancelledError` derives from Exception (checked on 3.11).
 */
export const pyWaiterCancellationClasses: readonly string[] = ['concurrent.futures.CancelledError', 'concurrent.futures._base.CancelledError'];

/**
 * Hand-off to the waiting side in a coroutine whose task ends with the handler (nothing of the function runs
 * after the `try`): the object that receives the function's result (`R.set_result(...)` elsewhere in the
 * function) is told about the cancellation instead — `R.cancel()`, `R.set_running_or_notify_cancel()`
 * (concurrent.futures: waiters are woken with CancelledError), or `R.set_exception(exc)` (catalog
 * `pyHandOffMethods`).
 */
export const pyResultMethods: readonly string[] = ['set_result'];
export const pyFutureCancelMethods: readonly string[] = ['cancel', 'set_running_or_notify_cancel'];

/**
 * Calls that start a task running `fn(*args)` whose exception propagates to a parent that raises it: a trio
 * nursery's / anyio task group's `start_soon(fn, *args)` (the nursery raises it at its end), trio's
 * `spawn_system_task(fn, *args)` (a system task's exception crashes the run with TrioInternalError). Handing the
 * caught exception to such a task whose body raises it (`async def kill(exc): raise exc`) re-raises it there.
 * `callee`: qualified name, or `.method` for a method on any receiver.
 */
export const pySpawnCalls: readonly string[] = ['.start_soon', 'trio.lowlevel.spawn_system_task'];
