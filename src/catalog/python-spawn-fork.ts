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
  /**
   * A thread the program starts for its own work (not a client library's background machinery): when a
   * multiprocessing child re-imports the main module, it starts another one there, which is almost never meant.
   * Clients (gRPC channels, exporters, thread pools) are what each child needs to do its work, and are not flagged.
   */
  ownThread?: boolean;
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
  /**
   * gunicorn hooks that run in the master, in the order gunicorn calls them: the config file is exec'd, the app is
   * imported when `preload_app` (Arbiter.setup), `on_starting` and `when_ready` (Arbiter.start), then for every
   * worker `pre_fork`, `os.fork()`, and in the child `post_fork`, the app import without preload (load_wsgi),
   * `post_worker_init` (gunicorn/arbiter.py, gunicorn/workers/base.py).
   */
  gunicornMasterHooks: string[];
  /** The master hook gunicorn calls before every fork of a worker (once per worker, in the master). */
  gunicornPerForkHook: string;
  /** Files whose command lines may start gunicorn / uWSGI / celery (`web: gunicorn app:app --preload`). */
  commandFiles: string[];
  /** Names of command files beyond the exact list: `Dockerfile.prod`, `*.sh`, compose files. */
  commandFilePattern: RegExp;
  /**
   * Directories directly under the project root where deployment files live although no source file is below
   * them (`docker/uwsgi.ini`, `deploy/gunicorn.conf.py`, `bin/docker-entrypoint`): read for every file of the root.
   */
  deploymentDirs: string[];
  /** uWSGI decorators that run a function in each worker after the fork. */
  uwsgiPostforkDecorators: string[];
  /**
   * Calls that build a WSGI/ASGI application (qualified through the imports): a module that calls one at module
   * level is the app a server config without `wsgi_app` serves.
   */
  appBuilders: string[];
  /** Module-level names servers look for when the command line names only the module (`app`, `application`). */
  appNames: string[];
  /** Calls that run `django.setup()`: settings, every installed app's modules and `AppConfig.ready()`. */
  djangoSetupCalls: string[];
  /** The environment variable Django's settings module comes from. */
  djangoSettingsVariable: string;
  /**
   * Conditions under which a start runs only in a development server, never under gunicorn / uWSGI:
   * `os.environ.get("RUN_MAIN")` (Django's autoreloader child), `"runserver" in sys.argv`.
   */
  devServerMarkers: { env: string[]; argv: string[] };
  /** Calls that take an exclusive non-blocking lock: the work after them runs in one process only. */
  lockCalls: string[];
  /** celery: decorators that make a function a task (the module is imported by the worker's main process). */
  celeryTaskDecorators: string[];
  /** celery signals whose handlers run in the worker's main process (before the pool forks) / in each pool process. */
  celeryParentSignals: string[];
  celeryChildSignals: string[];
  /** celery pools that fork the worker's main process (`-P`/`--pool`; prefork is the default). */
  celeryForkingPools: string[];
}

const THREAD_POOL = ['concurrent.futures.ThreadPoolExecutor()', 'concurrent.futures.thread.ThreadPoolExecutor()'];

export const pySpawnFork: PyForkCatalog = {
  spawns: [
    // ---- threads
    { id: 'threading.Thread', title: 'threading.Thread.start()', calls: ['threading.Thread().start', '_thread.start_new_thread', '_thread.start_new'], category: 'per-process', unit: 'thread', ownThread: true },
    { id: 'threading.Timer', title: 'threading.Timer.start()', calls: ['threading.Timer().start'], category: 'once', unit: 'thread' },
    // Worker threads start on the first submit()/map(), not in the constructor.
    { id: 'concurrent.futures.ThreadPoolExecutor', title: 'ThreadPoolExecutor.submit()', calls: THREAD_POOL.flatMap((c) => [`${c}.submit`, `${c}.map`]), category: 'per-process', unit: 'threads' },
    { id: 'multiprocessing.pool.ThreadPool', title: 'multiprocessing.pool.ThreadPool()', calls: ['multiprocessing.pool.ThreadPool', 'multiprocessing.dummy.Pool'], category: 'per-process', unit: 'threads' },
    { id: 'logging.handlers.QueueListener', title: 'QueueListener.start()', calls: ['logging.handlers.QueueListener().start'], category: 'per-process', unit: 'thread', ownThread: true },
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
  gunicornMasterHooks: ['on_starting', 'when_ready', 'pre_fork'],
  gunicornPerForkHook: 'pre_fork',
  commandFiles: ['Procfile', 'Dockerfile', 'start.sh', 'run.sh', 'entrypoint.sh', 'docker-entrypoint.sh', 'serve.sh', 'docker-entrypoint', 'entrypoint'],
  commandFilePattern: /^(?:Dockerfile\.[\w.-]+|[\w.-]+\.dockerfile|[\w.-]+\.sh|(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml)$/i,
  deploymentDirs: ['docker', '.docker', 'deploy', 'deployment', 'deployments', 'conf', 'config', 'etc', 'bin', 'scripts', 'ops', 'infra', 'compose', 'gunicorn', 'uwsgi'],
  uwsgiPostforkDecorators: ['uwsgidecorators.postfork'],
  appBuilders: [
    'flask.Flask',
    'quart.Quart',
    'fastapi.FastAPI',
    'starlette.applications.Starlette',
    'starlette.Starlette',
    'falcon.App',
    'falcon.asgi.App',
    'django.core.wsgi.get_wsgi_application',
    'django.core.asgi.get_asgi_application',
  ],
  appNames: ['application', 'app'],
  djangoSetupCalls: ['django.core.wsgi.get_wsgi_application', 'django.core.asgi.get_asgi_application', 'django.setup'],
  djangoSettingsVariable: 'DJANGO_SETTINGS_MODULE',
  devServerMarkers: { env: ['RUN_MAIN', 'WERKZEUG_RUN_MAIN'], argv: ['runserver'] },
  lockCalls: ['fcntl.flock', 'fcntl.lockf'],
  celeryTaskDecorators: ['celery.shared_task', 'celery.task'],
  celeryParentSignals: ['celery.signals.worker_init', 'celery.signals.celeryd_init', 'celery.signals.celeryd_after_setup'],
  celeryChildSignals: ['celery.signals.worker_process_init'],
  celeryForkingPools: ['prefork', 'processes'],
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
