/**
 * Python spawn and fork APIs, as DATA (DESIGN.md §2): what starts a thread / greenlet / background
 * worker (spawns), what copies the process (forks), which calls make a module fork-aware (at-fork
 * hooks), and which files tell us that a server forks after importing the app (gunicorn, uWSGI).
 *
 * Names are written as the Python summarizer qualifies a callee (PyCallSite.qualify): the module path
 * through the import bindings, `()` after a call, e.g. `threading.Thread().start` for
 * `threading.Thread(target=f).start()` or `t = Thread(target=f); t.start()`.
 *
 * Facts behind the entries: docs/rules/no-spawn-before-fork.md (Python section) — CPython's os /
 * multiprocessing / concurrent.futures docs, gunicorn's settings page (preload_app, server hooks),
 * uWSGI's "Things to know" (lazy-apps), gRPC's fork_support.md, OpenTelemetry's fork-process-model page.
 */

export type PySpawnUnit = 'thread' | 'greenlet' | 'threads';

export interface PySpawnEntry {
  /** Stable id used in messages and options (`threading.Thread`). */
  id: string;
  /** What users know it as. */
  title: string;
  /** Qualified callee names that start it. */
  calls: string[];
  /**
   * `once`: must run in one process only (schedulers, timers doing global work): duplicated in every
   * worker it does the work N times. `per-process`: each process is meant to own one (a listener thread,
   * a pool, a channel, an exporter): one per worker is fine, but one started before the fork is not in
   * the children.
   */
  category: 'once' | 'per-process';
  unit: PySpawnUnit;
}

export type PyStartMethodSource =
  /** Always forks (os.fork, pty.fork, gevent.fork, python-daemon). */
  | 'fork'
  /** multiprocessing: the start method of the context it is called on (default, get_context, set_start_method). */
  | 'context';

export interface PyForkEntry {
  id: string;
  title: string;
  calls: string[];
  how: PyStartMethodSource;
}

export interface PyForkCatalog {
  spawns: PySpawnEntry[];
  forks: PyForkEntry[];
  /** Calls whose first argument / `method=` names the start method for later multiprocessing calls. */
  setStartMethod: string[];
  /** Calls that return a context for a start method: `multiprocessing.get_context('spawn')`. */
  getContext: string[];
  /** The multiprocessing module names a context's `.Pool` / `.Process` hang off. */
  multiprocessingModules: string[];
  /** At-fork hooks: a module that registers one handles forks itself (stop/restart or re-create in the child). */
  atForkHooks: { call: string; keywords: string[] }[];
  /** Text in a Thread target's body that makes it a scheduler loop (`schedule` library). */
  schedulerLoopCalls: string[];
  /** gunicorn config file names read (nearest directory first, up to the project root). */
  gunicornConfigFiles: string[];
  /** gunicorn hooks that run in each worker after the fork (safe places to start threads). */
  gunicornWorkerHooks: string[];
  /** Files whose command lines may start gunicorn / uWSGI (`web: gunicorn app:app --preload`). */
  commandFiles: string[];
  /** uWSGI decorators that run a function in each worker after the fork. */
  uwsgiPostforkDecorators: string[];
}

const THREAD_POOL = ['concurrent.futures.ThreadPoolExecutor()', 'concurrent.futures.thread.ThreadPoolExecutor()'];

export const pySpawnFork: PyForkCatalog = {
  spawns: [
    // ---- threads
    { id: 'threading.Thread', title: 'threading.Thread.start()', calls: ['threading.Thread().start', '_thread.start_new_thread', '_thread.start_new'], category: 'per-process', unit: 'thread' },
    { id: 'threading.Timer', title: 'threading.Timer.start()', calls: ['threading.Timer().start'], category: 'once', unit: 'thread' },
    // Worker threads start on the first submit()/map(), not in the constructor.
    { id: 'concurrent.futures.ThreadPoolExecutor', title: 'ThreadPoolExecutor.submit()', calls: THREAD_POOL.flatMap((c) => [`${c}.submit`, `${c}.map`]), category: 'per-process', unit: 'threads' },
    { id: 'multiprocessing.pool.ThreadPool', title: 'multiprocessing.pool.ThreadPool()', calls: ['multiprocessing.pool.ThreadPool', 'multiprocessing.dummy.Pool'], category: 'per-process', unit: 'threads' },
    { id: 'logging.handlers.QueueListener', title: 'QueueListener.start()', calls: ['logging.handlers.QueueListener().start'], category: 'per-process', unit: 'thread' },
    // ---- schedulers: one per deployment
    {
      id: 'apscheduler.BackgroundScheduler',
      title: 'APScheduler BackgroundScheduler.start()',
      calls: [
        'apscheduler.schedulers.background.BackgroundScheduler().start',
        'apscheduler.schedulers.gevent.GeventScheduler().start',
        'flask_apscheduler.APScheduler().start',
        'apscheduler.BackgroundScheduler().start',
        'apscheduler.Scheduler().start_in_background',
      ],
      category: 'once',
      unit: 'thread',
    },
    // A thread whose target runs the `schedule` library's loop (`schedule.run_pending()`): the jobs run
    // wherever that thread runs. Recognized by the detector from the Thread's `target=`, not by a call.
    { id: 'schedule.runner', title: 'a thread running schedule.run_pending()', calls: [], category: 'once', unit: 'thread' },
    // ---- clients that run background threads
    { id: 'grpc.channel', title: 'gRPC channel', calls: ['grpc.insecure_channel', 'grpc.secure_channel', 'grpc.intercept_channel'], category: 'per-process', unit: 'threads' },
    { id: 'grpc.server', title: 'gRPC server.start()', calls: ['grpc.server().start'], category: 'per-process', unit: 'threads' },
    {
      id: 'opentelemetry.BatchSpanProcessor',
      title: 'OpenTelemetry BatchSpanProcessor',
      calls: ['opentelemetry.sdk.trace.export.BatchSpanProcessor', 'opentelemetry.sdk._logs.export.BatchLogRecordProcessor'],
      category: 'per-process',
      unit: 'thread',
    },
    {
      id: 'opentelemetry.PeriodicExportingMetricReader',
      title: 'OpenTelemetry PeriodicExportingMetricReader',
      calls: ['opentelemetry.sdk.metrics.export.PeriodicExportingMetricReader'],
      category: 'per-process',
      unit: 'thread',
    },
    // ---- green threads: copied into the child by fork (seed 003)
    { id: 'gevent.spawn', title: 'gevent.spawn()', calls: ['gevent.spawn', 'gevent.spawn_later', 'gevent.Greenlet.spawn', 'gevent.Greenlet().start', 'gevent.greenlet.Greenlet.spawn'], category: 'per-process', unit: 'greenlet' },
    { id: 'eventlet.spawn', title: 'eventlet.spawn()', calls: ['eventlet.spawn', 'eventlet.spawn_n', 'eventlet.spawn_after'], category: 'per-process', unit: 'greenlet' },
  ],
  forks: [
    { id: 'os.fork', title: 'os.fork()', calls: ['os.fork', 'posix.fork'], how: 'fork' },
    { id: 'os.forkpty', title: 'os.forkpty()', calls: ['os.forkpty'], how: 'fork' },
    { id: 'pty.fork', title: 'pty.fork()', calls: ['pty.fork'], how: 'fork' },
    { id: 'gevent.fork', title: 'gevent.fork()', calls: ['gevent.fork', 'gevent.os.fork'], how: 'fork' },
    // python-daemon forks (twice) when the context is entered.
    { id: 'daemon.DaemonContext', title: 'daemon.DaemonContext()', calls: ['daemon.DaemonContext', 'daemon.DaemonContext().open'], how: 'fork' },
    { id: 'multiprocessing.Process', title: 'multiprocessing.Process.start()', calls: ['multiprocessing.Process().start', 'multiprocessing.process.Process().start'], how: 'context' },
    { id: 'multiprocessing.Pool', title: 'multiprocessing.Pool()', calls: ['multiprocessing.Pool', 'multiprocessing.pool.Pool'], how: 'context' },
    { id: 'multiprocessing.Manager', title: 'multiprocessing.Manager()', calls: ['multiprocessing.Manager'], how: 'context' },
    // Processes start on the first submit(); the executor is the place users see and change the context.
    { id: 'concurrent.futures.ProcessPoolExecutor', title: 'ProcessPoolExecutor()', calls: ['concurrent.futures.ProcessPoolExecutor', 'concurrent.futures.process.ProcessPoolExecutor'], how: 'context' },
  ],
  schedulerLoopCalls: ['run_pending', 'run_all'],
  setStartMethod: ['multiprocessing.set_start_method'],
  getContext: ['multiprocessing.get_context'],
  multiprocessingModules: ['multiprocessing', 'multiprocessing.context'],
  atForkHooks: [{ call: 'os.register_at_fork', keywords: ['after_in_child', 'before'] }],
  gunicornConfigFiles: ['gunicorn.conf.py', 'gunicorn_conf.py', 'gunicorn.config.py', 'gunicorn_config.py'],
  gunicornWorkerHooks: ['post_fork', 'post_worker_init'],
  commandFiles: ['Procfile', 'Dockerfile', 'start.sh', 'run.sh', 'entrypoint.sh', 'docker-entrypoint.sh', 'serve.sh'],
  uwsgiPostforkDecorators: ['uwsgidecorators.postfork'],
};

const SPAWN_BY_CALL = new Map<string, PySpawnEntry>();
for (const e of pySpawnFork.spawns) for (const c of e.calls) SPAWN_BY_CALL.set(c, e);
const FORK_BY_CALL = new Map<string, PyForkEntry>();
for (const e of pySpawnFork.forks) for (const c of e.calls) FORK_BY_CALL.set(c, e);

export function pySpawnEntryFor(qualified: string): PySpawnEntry | undefined {
  return SPAWN_BY_CALL.get(qualified);
}

export function pyForkEntryFor(qualified: string): PyForkEntry | undefined {
  return FORK_BY_CALL.get(qualified);
}

export function pySpawnEntryById(id: string): PySpawnEntry | undefined {
  return pySpawnFork.spawns.find((e) => e.id === id);
}

export function pyForkEntryById(id: string): PyForkEntry | undefined {
  return pySpawnFork.forks.find((e) => e.id === id);
}
