/**
 * Cancellation catalog: which errors mean "this operation was cancelled", how correct code
 * recognises them, and which APIs can deliver them. DATA only; rules read it and users extend it
 * through the options of `patch-order/no-swallowed-cancellation`.
 *
 * Facts and sources: reference/cancellation.md (§2 JavaScript; §1 Python). The JavaScript part is
 * `jsCancellation`; the Python part (`pythonCancellation`, a later task) lives next to it with the
 * same top-level idea: cancellation classes/names, guards, and where cancellation can arrive.
 */

/** Which recognisable shape a library's cancellation error has; used to write a matching guard. */
export type CancellationFamily =
  /** WHATWG `AbortSignal` reasons (fetch, DOMException `AbortError`/`TimeoutError`), Node's and undici's `AbortError`. */
  | 'abort'
  /** axios `CanceledError` (`code: 'ERR_CANCELED'`); recognised with `axios.isCancel(e)`. */
  | 'axios'
  /** got / p-cancelable `CancelError` (`isCanceled: true`). */
  | 'cancel-error';

/** A function or method whose promise rejects with a cancellation when given a signal / token. */
export interface AbortableCallee {
  /**
   * Module specifier the callee comes from, without a `node:` prefix (`timers/promises`), or `<global>`
   * for globals such as `fetch`.
   */
  module: string;
  /**
   * Export path from the module: `default` / `*` for the module value itself (`axios(config)`), a
   * named export (`once`), or `*.member` for any method of the export (`default.*` = `axios.get`, …).
   */
  path: string;
  family: CancellationFamily;
  /**
   * Indexes of arguments that can carry a signal (or a cancel token) inside an options object. When
   * such an argument is options received from the caller (a parameter, or an object spreading one),
   * the call may be cancelled by the caller even though no signal is visible here.
   */
  optionArgs: number[];
  /**
   * Indexes of arguments that are a request body, never options (axios' `post(url, data, config)`): an
   * object there is data to send, so a `signal` key in it (or a parameter passed there) is not a signal.
   */
  bodyArgs?: number[];
  /** Cancellable even without a visible signal or forwarded options (user-configured callees). */
  alwaysCancellable?: boolean;
  /** Where the vendor documents it. */
  source: string;
}

export interface JsCancellationCatalog {
  /** `error.name` values that mean cancellation. */
  names: string[];
  /** `error.code` values that mean cancellation. */
  codes: string[];
  /** Boolean properties set on cancellation errors (`e.isCanceled`). */
  flags: string[];
  /** Classes whose instances are cancellations (`e instanceof CancelError`). */
  classes: string[];
  /**
   * Classes that cancellation errors are instances of although they are not cancellations themselves:
   * `e instanceof AxiosError` is true for axios' `CanceledError`, `e instanceof DOMException` for an
   * `AbortError`. Any other class tested with `instanceof` (`NotFoundError`, `HttpError`) rules a
   * cancellation out on its `true` branch.
   */
  baseClasses: string[];
  /**
   * Predicates `f(error)` that return true for a cancellation (`axios.isCancel`, `isAbortError`).
   * Written as the callee text: `isCancel`, `axios.isCancel`. A local function of the linted file is
   * followed instead (it must really test a name/code/flag).
   */
  predicates: string[];
  /** Calls `f(error)` that throw when the error is a cancellation (`throwIfAbort(e)`). */
  throwingGuards: string[];
  /** Identifiers treated as an `AbortSignal` (besides any name ending in `Signal` and `x.signal`). */
  signalNames: string[];
  /** Option-object keys that pass a signal or a cancel token to a call. */
  signalKeys: string[];
  abortableCallees: AbortableCallee[];
  /** Modules whose generators are driven by a runtime that cancels by `return` and expects cleanup yields. */
  generatorRuntimes: string[];
}

/**
 * Compiler helpers that drive a generator function as an ASYNC function (downlevel `async`/`await`):
 * inside `__awaiter(this, void 0, void 0, function* () { … })` every `yield` stands for `await`, and the
 * driver never calls `.return()`, so a `yield` in `finally` is an await, not a generator that stays alive.
 * tslib / TypeScript (`__awaiter`), Babel (`_asyncToGenerator`, `babelHelpers.asyncToGenerator`,
 * `(0, _asyncToGenerator2.default)`), swc (`_async_to_generator`), esbuild (`__async`). Matched on the
 * callee's last name (an identifier, or the property of a member expression).
 */
export const downlevelAsyncHelpers: readonly string[] = ['__awaiter', '_asyncToGenerator', 'asyncToGenerator', '_async_to_generator', '__async'];

/**
 * Helpers that drive a generator function as an ASYNC GENERATOR: there a `yield` whose argument is
 * wrapped in an await marker (`yield __await(x)`, `yield _awaitAsyncGenerator(x)`, esbuild's
 * `yield new __await(x)`) stands for `await`; every other `yield` is a real one.
 * tslib (`__asyncGenerator` / `__await`), Babel (`_wrapAsyncGenerator` / `_awaitAsyncGenerator`),
 * swc (`_wrap_async_generator` / `_await_async_generator`), esbuild (`__asyncGenerator` / `__await`).
 */
export const downlevelAsyncGeneratorHelpers: readonly string[] = ['__asyncGenerator', '_wrapAsyncGenerator', 'wrapAsyncGenerator', '_wrap_async_generator'];
export const downlevelAwaitMarkers: readonly string[] = ['__await', '_awaitAsyncGenerator', 'awaitAsyncGenerator', '_await_async_generator'];

export const jsCancellation: JsCancellationCatalog = {
  names: [
    'AbortError', // WHATWG DOMException, Node core AbortError, undici RequestAbortedError
    'TimeoutError', // AbortSignal.timeout(), ky's own timeout
    'CanceledError', // axios
    'CancelError', // got, p-cancelable
    'RequestAbortedError', // older undici
    'APIUserAbortError', // OpenAI / Anthropic style SDKs
  ],
  codes: ['ABORT_ERR', 'UND_ERR_ABORTED', 'ERR_CANCELED'],
  flags: ['isCanceled', '__CANCEL__'],
  classes: ['CancelError', 'CanceledError', 'AbortError', 'APIUserAbortError'],
  baseClasses: [
    'Object',
    'Error', // every cancellation error
    'DOMException', // WHATWG AbortError / TimeoutError
    'AxiosError', // axios CanceledError extends AxiosError
    'RequestError', // got CancelError extends RequestError
    'FetchBaseError', // node-fetch 3 AbortError extends FetchBaseError
    'UndiciError', // undici RequestAbortedError extends UndiciError
    'APIError', // OpenAI / Anthropic SDK APIUserAbortError extends APIError
    'OpenAIError',
    'AnthropicError',
  ],
  predicates: [
    'axios.isCancel',
    'isCancel',
    'isAbortError',
    'isAbort',
    'isAborted',
    'isAbortedError',
    'isCancelError',
    'isCanceledError',
    'isCancelledError',
    'isCancellation',
    'isCancellationError',
  ],
  throwingGuards: ['throwIfAbort', 'throwIfAborted', 'rethrowIfAborted', 'rethrowIfAbort', 'rethrowIfCancelled', 'rethrowIfCanceled', 'rethrowAbort'],
  signalNames: ['signal', 'abortSignal', 'cancelSignal'],
  signalKeys: ['signal', 'cancelToken'],
  abortableCallees: [
    { module: '<global>', path: 'fetch', family: 'abort', optionArgs: [1], source: 'WHATWG Fetch: init.signal' },
    { module: 'node-fetch', path: 'default', family: 'abort', optionArgs: [1], source: 'node-fetch README: signal' },
    { module: 'undici', path: 'fetch', family: 'abort', optionArgs: [1], source: 'undici docs: fetch' },
    { module: 'undici', path: 'request', family: 'abort', optionArgs: [1], source: 'undici docs: request, RequestAbortedError' },
    { module: 'undici', path: 'stream', family: 'abort', optionArgs: [1], source: 'undici docs: stream' },
    { module: 'timers/promises', path: 'setTimeout', family: 'abort', optionArgs: [2], source: 'Node docs: timersPromises.setTimeout options.signal' },
    { module: 'timers/promises', path: 'setImmediate', family: 'abort', optionArgs: [1], source: 'Node docs: timersPromises.setImmediate' },
    { module: 'timers/promises', path: 'scheduler.wait', family: 'abort', optionArgs: [1], source: 'Node docs: scheduler.wait' },
    { module: 'events', path: 'once', family: 'abort', optionArgs: [2], source: 'Node docs: events.once options.signal' },
    { module: 'events', path: 'on', family: 'abort', optionArgs: [2], source: 'Node docs: events.on options.signal' },
    { module: 'stream/promises', path: 'pipeline', family: 'abort', optionArgs: [], source: 'Node docs: stream.pipeline options.signal (last argument)' },
    { module: 'stream/promises', path: 'finished', family: 'abort', optionArgs: [1], source: 'Node docs: stream.finished options.signal' },
    { module: 'fs/promises', path: 'readFile', family: 'abort', optionArgs: [1], source: 'Node docs: fsPromises.readFile options.signal' },
    { module: 'fs/promises', path: 'writeFile', family: 'abort', optionArgs: [2], source: 'Node docs: fsPromises.writeFile options.signal' },
    { module: 'child_process', path: 'exec', family: 'abort', optionArgs: [1], source: 'Node docs: child_process options.signal' },
    { module: 'child_process', path: 'execFile', family: 'abort', optionArgs: [2], source: 'Node docs: child_process options.signal' },
    { module: 'readline/promises', path: '*', family: 'abort', optionArgs: [1], source: 'Node docs: rl.question options.signal' },
    { module: 'axios', path: 'default', family: 'axios', optionArgs: [0, 1], source: 'axios docs: Cancellation (signal, CancelToken)' },
    // axios' method aliases: `get(url[, config])`, `post(url[, data[, config]])`: the argument position matters.
    { module: 'axios', path: 'request', family: 'axios', optionArgs: [0], source: 'axios docs: axios.request(config)' },
    ...['get', 'delete', 'head', 'options'].map(
      (path): AbortableCallee => ({ module: 'axios', path, family: 'axios', optionArgs: [1], source: 'axios docs: request method aliases, axios.get(url[, config])' }),
    ),
    ...['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'].map(
      (path): AbortableCallee => ({
        module: 'axios',
        path,
        family: 'axios',
        optionArgs: [2],
        bodyArgs: [1],
        source: 'axios docs: request method aliases, axios.post(url[, data[, config]])',
      }),
    ),
    { module: 'got', path: 'default', family: 'cancel-error', optionArgs: [1], source: 'got docs: promise.cancel(), options.signal' },
    { module: 'got', path: 'default.*', family: 'cancel-error', optionArgs: [1], source: 'got docs: got.get/post' },
    { module: 'ky', path: 'default', family: 'abort', optionArgs: [1], source: 'ky README: signal' },
    { module: 'ky', path: 'default.*', family: 'abort', optionArgs: [1], source: 'ky README: signal' },
  ],
  generatorRuntimes: ['effection', 'redux-saga', 'redux-saga/effects', 'typed-redux-saga', 'typed-redux-saga/macro'],
};

/** The guard-name list for an error family: what a generated guard compares `error.name` with. */
export const familyNames: Record<CancellationFamily, string[]> = {
  abort: ['AbortError', 'TimeoutError'],
  axios: ['CanceledError'],
  'cancel-error': ['CancelError'],
};
