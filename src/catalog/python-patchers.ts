import type { PatcherEntry } from './types.js';

/*
 * Python patchers and what they must see first. DATA: the Python summarizer (src/lang/python/summarize.ts)
 * turns matching calls/imports into PatchEvents, the rule turns those into reports, the docs quote
 * `symptom`. Users extend the list through rule options (same shape, merged by id).
 *
 * Where a fact comes from:
 * - gevent: read from the gevent source in its public repository (src/gevent/monkey/__init__.py,
 *   _patch_thread_common.py, _socketcommon.py, threading.py `__implements__`), master branch as indexed
 *   for this project. gevent itself could NOT be installed or run here (PyPI is not reachable), so the
 *   behaviour is as read, not as executed, and not checked against a tagged release.
 * - CPython: measured locally with 3.11.7 / 3.12.1 / 3.13.0 (see src/lang/python/stdlib-imports.json).
 * - everything else: "documented behaviour" = the vendor's documentation or well-known error messages;
 *   not verified against installed sources.
 *
 * gevent semantics that matter (and that the seeds get partly wrong for today's gevent):
 * - gevent patches in place: it replaces ATTRIBUTES of the stdlib modules (`socket.socket`,
 *   `threading.Lock`, `time.sleep` …). A module that did `import socket` before the patch and calls
 *   `socket.socket()` later gets the green socket. Only names COPIED OUT before the patch keep the
 *   native object: `from socket import socket`, `from time import sleep`, `from threading import Lock`.
 *   So the gevent entries are `captureOnly`, and the patched attribute names per module are listed.
 * - Seed 000 (`import threading` before `patch_thread()` → "KeyError … in module 'threading' ignored"
 *   at exit) is Python 2.7 with an old gevent. Current gevent's patch_thread imports `threading`
 *   itself first and then re-keys the main thread in `threading._active` ("This matters if threading
 *   was imported before monkey-patching thread", quoted by seed 001). So `import threading` on the
 *   main thread before the patch is tolerated today; gevent only warns "Expect a KeyError to be
 *   printed at shutdown" when patching OFF the main thread (not visible statically).
 * - gevent also re-creates `logging._lock` and every handler lock when `logging` was imported first
 *   (patch_thread(logging=True), gevent test test__monkey_logging.py), so `import logging` first is fine.
 * - `threading.Thread` is NOT replaced by gevent (threading's `__implements__` is local,
 *   _start_new_thread, _allocate_lock, Lock, _get_ident, _sleep, _DummyThread); Thread.start() looks up
 *   the patched `_start_new_thread` at call time, so `from threading import Thread` before patch_all
 *   still yields green threads. What seed 002 describes (a Thread *instance* created before the patch
 *   misbehaving afterwards) is an object created before the patch, not a captured name.
 * - `ssl` imported first is tolerated unless something copied `ssl.SSLContext` (or subclassed it):
 *   then gevent warns "Monkey-patching ssl after ssl has already been imported may lead to errors,
 *   including RecursionError …" (gevent issue 1016; classically `import requests` before patch_all,
 *   since urllib3 copies names out of ssl — see src/lang/python/third-party-imports.ts captures).
 * - Start-up: a clean CPython 3.11/3.12/3.13 does NOT have `threading` in sys.modules at start-up
 *   (`_thread`, `os`, `time`, `_signal` are). A site-packages `.pth` hook can change that (measured on
 *   this machine: a certifi .pth imports tempfile → random → … → threading), which is why a
 *   `'threading' in sys.modules` guard like seed 000's is unreliable and why gevent must tolerate it.
 */

/** Python extensions of the shared entry shape (all optional; plain PatcherEntry data stays valid). */
export interface PyPatcherEntry extends PatcherEntry {
  language: 'python';
  /**
   * How keyword arguments narrow `targets` through `kwargTargets`:
   * `false-removes` (gevent: `thread=False` removes threading) — the default;
   * `true-selects` (eventlet: if any flag is True, only the True ones are patched; `all=False` too).
   */
  kwargMode?: 'false-removes' | 'true-selects';
  /** Keyword flags that are off unless passed as True (gevent `sys`, eventlet `MySQLdb`/`builtins`). */
  kwargDefaultsOff?: string[];
  /** For captureOnly patchers: the attributes each target module gets replaced (what a capture breaks). */
  patchedNames?: Record<string, string[]>;
  /** env-first entries: the variables; the activation counts only for these names. */
  envVars?: string[];
  /** The first positional string argument names the only capture that breaks (`gi.require_version('Gtk', …)`). */
  namesFromFirstArg?: boolean;
  /**
   * The patch is ordered against USE (connections, channels created), not against imports:
   * kept for the docs and for later rules; the import-order rule gets a PatchEvent with no targets.
   */
  useOrderOnly?: boolean;
  /** What the user sees when this target in particular comes first (messages use it instead of `symptom`). */
  targetSymptoms?: Record<string, string>;
}

const GEVENT_SOURCE = 'gevent source: src/gevent/monkey/__init__.py (patch_all and patch_* signatures)';

/** gevent's patched attributes per module (from the modules' `__implements__` lists as read). */
const GEVENT_NAMES: Record<string, string[]> = {
  socket: [
    'socket', 'SocketType', 'create_connection', 'fromfd', 'socketpair',
    'getaddrinfo', 'gethostbyname', 'gethostbyname_ex', 'gethostbyaddr', 'getnameinfo', 'getfqdn',
  ],
  ssl: ['SSLContext', 'SSLSocket', 'wrap_socket', 'get_server_certificate'],
  threading: ['Lock', 'Event', 'local', '_start_new_thread', '_allocate_lock', '_get_ident', '_sleep', '_DummyThread'],
  _thread: ['allocate_lock', 'allocate', 'get_ident', 'exit', 'LockType', 'stack_size', 'start_new_thread', '_local'],
  _threading_local: ['local'],
  time: ['sleep'],
  select: ['select', 'poll', 'epoll', 'kqueue', 'kevent', 'devpoll'],
  selectors: ['DefaultSelector', 'EpollSelector', 'KqueueSelector', 'DevpollSelector', 'PollSelector', 'SelectSelector'],
  os: ['fork', 'forkpty', 'waitpid'],
  subprocess: ['Popen', 'call', 'check_call', 'check_output', 'run'],
  signal: ['signal', 'getsignal'],
  queue: ['SimpleQueue'],
};
const GEVENT_THREAD = ['threading', '_thread', '_threading_local'];
const GEVENT_ALL = ['socket', 'ssl', ...GEVENT_THREAD, 'time', 'select', 'selectors', 'os', 'subprocess', 'signal', 'queue'];

const geventSymptom =
  'names copied out of the module before the patch keep the blocking native object: a native lock, ' +
  'socket or sleep blocks the whole gevent hub (hangs, "LoopExit: This operation would block forever"), ' +
  'and with ssl gevent warns "Monkey-patching ssl after ssl has already been imported may lead to errors, ' +
  'including RecursionError"';

const geventThreadSymptom =
  'a Lock/Event/local copied out of threading before the patch stays a native lock: it blocks the hub ' +
  '(LoopExit, hangs); on Python 2 / old gevent, importing threading first gave "KeyError … in module ' +
  "'threading' ignored\" at exit";
const geventSslSymptom =
  'gevent warns "Monkey-patching ssl after ssl has already been imported may lead to errors, including RecursionError"';

/** patch_all() findings name the symptom of the one module they are about. */
const GEVENT_TARGET_SYMPTOMS: Record<string, string> = {
  threading: geventThreadSymptom,
  _thread: 'a lock function or start_new_thread copied out of _thread before the patch stays native: its locks block the hub (LoopExit, hangs) and its threads are OS threads',
  _threading_local: 'a `local` class copied out of _threading_local before the patch is shared between greenlets instead of being per greenlet',
  socket: 'a socket class or function copied out of socket before the patch stays blocking and stalls every greenlet',
  ssl: geventSslSymptom,
  time: '`from time import sleep` before the patch keeps the blocking sleep: every greenlet stops while it sleeps',
  select: 'select()/poll copied before the patch block the hub',
  selectors: 'a selector class copied before the patch blocks the hub while it waits',
  os: "fork/waitpid copied before the patch skip gevent's fork handling (hub state broken in the child)",
  subprocess: 'Popen copied before the patch blocks the hub while waiting for the child',
  signal: 'signal.signal copied before the patch: SIGCHLD handlers are not cooperative',
  queue: 'SimpleQueue copied before the patch is the C implementation and blocks the hub',
};

function withLoads(entry: PyPatcherEntry, loadTargets: string[], directLoadTargets: string[]): PyPatcherEntry {
  return { ...entry, loadTargets, directLoadTargets };
}

function geventSingle(fn: string, targets: string[], symptom: string): PyPatcherEntry {
  return {
    id: `gevent.${fn}`, language: 'python', title: `gevent monkey.${fn}()`, family: 'monkey-patch',
    activations: [{ kind: 'call', module: 'gevent.monkey', call: fn }],
    targets, captureOnly: true,
    patchedNames: Object.fromEntries(targets.map((t) => [t, GEVENT_NAMES[t] ?? []])),
    symptom, source: GEVENT_SOURCE,
    ...(targets.length > 1 ? { targetSymptoms: Object.fromEntries(targets.map((t) => [t, GEVENT_TARGET_SYMPTOMS[t] ?? symptom])) } : {}),
  };
}

const APM_WEB = ['flask', 'django', 'fastapi', 'starlette', 'bottle', 'pyramid', 'falcon', 'tornado', 'aiohttp', 'sanic'];
const APM_DATA = [
  'psycopg2', 'psycopg', 'pymysql', 'MySQLdb', 'mysql.connector', 'sqlite3', 'sqlalchemy', 'pymongo', 'redis',
  'elasticsearch', 'celery', 'kombu', 'grpc', 'boto3', 'botocore', 'cassandra',
];
const APM_HTTP = ['requests', 'urllib3', 'httpx', 'http.client', 'urllib.request'];
const APM_TARGETS = [...APM_WEB, ...APM_DATA, ...APM_HTTP, 'logging'];

const OTEL_SOURCE = 'opentelemetry-python-contrib instrumentation packages (documented behaviour)';

function otel(id: string, title: string, module: string, cls: string, target: string, names: string[]): PyPatcherEntry {
  return {
    id, language: 'python', title, family: 'instrument-first',
    activations: [{ kind: 'call', module, call: `${cls}().instrument` }],
    targets: [target], captureOnly: true, patchedNames: { [target]: names },
    symptom:
      `${cls}().instrument() replaces ${target}.${names.join('/')}; a name copied out of ${target} before it ` +
      'keeps the original, so that code is never traced (no spans, no error)',
    source: OTEL_SOURCE,
  };
}

const ENV_ACTIVATIONS = [
  { kind: 'call' as const, module: 'os', call: 'environ.__setitem__' },
  { kind: 'call' as const, module: 'os', call: 'environ.setdefault' },
  { kind: 'call' as const, module: 'os', call: 'environ.update' },
  { kind: 'call' as const, module: 'os', call: 'putenv' },
];

export const pythonPatchers: PyPatcherEntry[] = [
  {
    id: 'gevent', language: 'python', title: 'gevent monkey.patch_all()', family: 'monkey-patch',
    activations: [
      {
        kind: 'call', module: 'gevent.monkey', call: 'patch_all',
        kwargTargets: {
          socket: ['socket'], ssl: ['ssl'], thread: GEVENT_THREAD, time: ['time'],
          select: ['select', 'selectors'], os: ['os'], subprocess: ['subprocess'], signal: ['signal'],
          queue: ['queue'],
          // dns=False keeps socket patched (without resolver functions); sys/builtins/contextvars
          // are no-ops on supported Pythons (patch_sys: "Does nothing on any supported version").
        },
      },
    ],
    targets: GEVENT_ALL, captureOnly: true, patchedNames: GEVENT_NAMES, symptom: geventSymptom, targetSymptoms: GEVENT_TARGET_SYMPTOMS, source: GEVENT_SOURCE,
    // gevent itself warns when ssl is already imported ("Monkey-patching ssl after ssl has already been
    // imported may lead to errors"); `import threading` in project code first is seed 000.
    loadTargets: ['ssl'], directLoadTargets: ['threading'],
  },
  withLoads(geventSingle('patch_thread', GEVENT_THREAD, geventThreadSymptom), [], ['threading']),
  geventSingle('patch_socket', ['socket'], 'a socket class or function copied out of socket before the patch stays blocking and stalls every greenlet'),
  geventSingle('patch_dns', ['socket'], 'resolver functions copied out of socket before the patch block the hub during DNS lookups'),
  withLoads(geventSingle('patch_ssl', ['ssl'], geventSslSymptom), ['ssl'], []),
  geventSingle('patch_select', ['select', 'selectors'], 'select()/poll copied before the patch block the hub'),
  geventSingle('patch_time', ['time'], '`from time import sleep` before the patch keeps the blocking sleep: every greenlet stops while it sleeps'),
  geventSingle('patch_os', ['os'], 'fork/waitpid copied before the patch skip gevent\'s fork handling (hub state broken in the child)'),
  geventSingle('patch_subprocess', ['subprocess'], 'Popen copied before the patch blocks the hub while waiting for the child'),
  geventSingle('patch_signal', ['signal'], 'signal.signal copied before the patch: SIGCHLD handlers are not cooperative'),
  geventSingle('patch_queue', ['queue'], 'SimpleQueue copied before the patch is the C implementation and blocks the hub'),
  {
    ...geventSingle('patch_sys', ['sys'], 'no effect on supported Pythons (patch_sys does nothing since gevent 23.7)'),
    useOrderOnly: true,
  },
  {
    ...geventSingle('patch_builtins', ['builtins'], 'no effect on Python 3 (patch_builtins does nothing since gevent 23.7)'),
    useOrderOnly: true,
  },
  {
    id: 'eventlet', language: 'python', title: 'eventlet.monkey_patch()', family: 'monkey-patch',
    activations: [
      {
        kind: 'call', module: 'eventlet', call: 'monkey_patch',
        kwargTargets: {
          os: ['os'], select: ['select', 'selectors'], socket: ['socket', 'ssl'],
          thread: ['threading', '_thread', 'queue'], time: ['time'], psycopg: ['psycopg2'],
          MySQLdb: ['MySQLdb'], builtins: ['builtins'], subprocess: ['subprocess'],
        },
      },
      { kind: 'call', module: 'eventlet.patcher', call: 'monkey_patch', kwargTargets: {
        os: ['os'], select: ['select', 'selectors'], socket: ['socket', 'ssl'],
        thread: ['threading', '_thread', 'queue'], time: ['time'], psycopg: ['psycopg2'],
        MySQLdb: ['MySQLdb'], builtins: ['builtins'], subprocess: ['subprocess'],
      } },
    ],
    kwargMode: 'true-selects', kwargDefaultsOff: ['MySQLdb', 'builtins'],
    targets: ['os', 'select', 'selectors', 'socket', 'ssl', 'threading', '_thread', 'queue', 'time', 'psycopg2', 'subprocess'],
    symptom:
      'locks and sockets created by modules imported before monkey_patch() stay native: eventlet prints ' +
      '"N RLock(s) were not greened, to fix this error make sure you run eventlet.monkey_patch() before ' +
      'importing any other modules", and classes that subclass socket.socket keep blocking',
    source: 'eventlet docs "Patching"/"monkey_patch() should be called as early … as possible" (documented behaviour)',
  },
  {
    id: 'psycogreen.gevent', language: 'python', title: 'psycogreen.gevent.patch_psycopg()', family: 'monkey-patch',
    activations: [{ kind: 'call', module: 'psycogreen.gevent', call: 'patch_psycopg' }],
    targets: ['psycopg2'], useOrderOnly: true,
    symptom: 'connections opened before the wait callback is installed block the gevent hub while a query runs',
    source: 'psycogreen README: it installs psycopg2.extensions.set_wait_callback (documented behaviour)',
  },
  {
    id: 'psycogreen.eventlet', language: 'python', title: 'psycogreen.eventlet.patch_psycopg()', family: 'monkey-patch',
    activations: [{ kind: 'call', module: 'psycogreen.eventlet', call: 'patch_psycopg' }],
    targets: ['psycopg2'], useOrderOnly: true,
    symptom: 'connections opened before the wait callback is installed block the eventlet hub while a query runs',
    source: 'psycogreen README (documented behaviour)',
  },
  {
    id: 'grpc.gevent', language: 'python', title: 'grpc.experimental.gevent.init_gevent()', family: 'monkey-patch',
    activations: [{ kind: 'call', module: 'grpc.experimental.gevent', call: 'init_gevent' }],
    targets: ['grpc._cython.cygrpc'], useOrderOnly: true,
    symptom: 'channels/servers created before init_gevent() (or init_gevent() before gevent\'s patch_all) block or deadlock under gevent',
    source: 'grpc.experimental.gevent docstring: call after monkey-patching, before creating grpc objects (documented behaviour)',
  },
  {
    id: 'ddtrace', language: 'python', title: 'Datadog ddtrace', family: 'instrument-first',
    activations: [
      { kind: 'side-effect', module: 'ddtrace.auto' },
      { kind: 'call', module: 'ddtrace', call: 'patch_all' },
      { kind: 'call', module: 'ddtrace', call: 'patch' },
    ],
    targets: APM_TARGETS, preloads: ['ddtrace-run'],
    symptom: 'integrations imported before ddtrace is activated may not be traced (missing spans, no log correlation)',
    source: 'ddtrace docs: "import ddtrace.auto" as early as possible / patch before importing integrated libraries (documented behaviour)',
  },
  {
    id: 'newrelic', language: 'python', title: 'New Relic Python agent', family: 'instrument-first',
    activations: [{ kind: 'call', module: 'newrelic.agent', call: 'initialize' }],
    targets: APM_TARGETS, preloads: ['newrelic-admin run-program'],
    symptom: 'modules imported before newrelic.agent.initialize() are not instrumented: no transactions or external calls reported, no error',
    source: 'New Relic Python agent docs: initialize() "before any other modules are imported" (documented behaviour)',
  },
  otel('opentelemetry.flask', 'OpenTelemetry FlaskInstrumentor', 'opentelemetry.instrumentation.flask', 'FlaskInstrumentor', 'flask', ['Flask']),
  otel('opentelemetry.fastapi', 'OpenTelemetry FastAPIInstrumentor', 'opentelemetry.instrumentation.fastapi', 'FastAPIInstrumentor', 'fastapi', ['FastAPI']),
  otel('opentelemetry.psycopg2', 'OpenTelemetry Psycopg2Instrumentor', 'opentelemetry.instrumentation.psycopg2', 'Psycopg2Instrumentor', 'psycopg2', ['connect']),
  otel('opentelemetry.sqlalchemy', 'OpenTelemetry SQLAlchemyInstrumentor', 'opentelemetry.instrumentation.sqlalchemy', 'SQLAlchemyInstrumentor', 'sqlalchemy', ['create_engine']),
  otel('opentelemetry.pymysql', 'OpenTelemetry PyMySQLInstrumentor', 'opentelemetry.instrumentation.pymysql', 'PyMySQLInstrumentor', 'pymysql', ['connect']),
  otel('opentelemetry.mysql', 'OpenTelemetry MySQLInstrumentor', 'opentelemetry.instrumentation.mysql', 'MySQLInstrumentor', 'mysql.connector', ['connect']),
  {
    id: 'opentelemetry.django', language: 'python', title: 'OpenTelemetry DjangoInstrumentor', family: 'instrument-first',
    activations: [{ kind: 'call', module: 'opentelemetry.instrumentation.django', call: 'DjangoInstrumentor().instrument' }],
    targets: ['django'], useOrderOnly: true,
    symptom: 'instrument() adds its middleware to settings.MIDDLEWARE; after django.setup()/get_wsgi_application() it is too late and requests are not traced',
    source: OTEL_SOURCE,
  },
  // Not listed because order does not matter: RequestsInstrumentor, RedisInstrumentor, CeleryInstrumentor,
  // URLLib3Instrumentor wrap methods in place (wrapt) or hook signals, so imports before instrument() still get traced.
  {
    id: 'pymysql.install_as_MySQLdb', language: 'python', title: 'pymysql.install_as_MySQLdb()', family: 'polyfill-first',
    activations: [{ kind: 'call', module: 'pymysql', call: 'install_as_MySQLdb' }],
    targets: ['MySQLdb'],
    symptom: 'MySQLdb imported first (directly or by Django\'s mysql backend) is the real mysqlclient or raises "ModuleNotFoundError: No module named \'MySQLdb\'" / "Error loading MySQLdb module"',
    source: 'PyMySQL docs: install_as_MySQLdb() puts pymysql in sys.modules["MySQLdb"] (documented behaviour)',
  },
  {
    id: 'matplotlib.use', language: 'python', title: 'matplotlib.use()', family: 'polyfill-first',
    activations: [{ kind: 'call', module: 'matplotlib', call: 'use' }],
    targets: ['matplotlib.pyplot', 'matplotlib.pylab', 'pylab'],
    symptom:
      'matplotlib < 3.0: "This call to matplotlib.use() has no effect because the backend has already been chosen"; ' +
      'later versions switch the backend through pyplot.switch_backend, which fails ("Cannot load backend … ' +
      'as … is currently running") once a GUI backend is in use — e.g. a headless server still tries to open a display',
    source: 'matplotlib.use docstring (documented behaviour)',
  },
  {
    id: 'gi.require_version', language: 'python', title: 'gi.require_version()', family: 'polyfill-first',
    activations: [{ kind: 'call', module: 'gi', call: 'require_version' }],
    targets: ['gi.repository'], captureOnly: true, namesFromFirstArg: true,
    symptom: 'the namespace imported first loads whatever version is newest: "PyGIWarning: Gtk was imported without specifying a version first", and the later call raises "ValueError: Namespace Gtk is already loaded with version …"',
    source: 'PyGObject docs (documented behaviour)',
  },
  {
    id: 'env.CUDA_VISIBLE_DEVICES', language: 'python', title: 'os.environ["CUDA_VISIBLE_DEVICES"]', family: 'env-first',
    activations: ENV_ACTIVATIONS, envVars: ['CUDA_VISIBLE_DEVICES', 'CUDA_DEVICE_ORDER'],
    targets: ['tensorflow', 'jax', 'torch', 'cupy', 'keras'],
    symptom: 'once CUDA is initialised the setting is ignored: the process still sees (and allocates memory on) every GPU. torch initialises CUDA lazily, on first use, so the import alone is usually still early enough there',
    // The remark about torch belongs to torch's findings only.
    targetSymptoms: Object.fromEntries(
      ['tensorflow', 'jax', 'cupy', 'keras'].map((t) => [t, 'once CUDA is initialised the setting is ignored: the process still sees (and allocates memory on) every GPU']),
    ),
    source: 'CUDA environment variable docs; TensorFlow/PyTorch guidance to set it before import (documented behaviour)',
  },
  {
    id: 'env.threads', language: 'python', title: 'os.environ["OMP_NUM_THREADS"] and BLAS thread variables', family: 'env-first',
    activations: ENV_ACTIVATIONS,
    envVars: ['OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'NUMEXPR_NUM_THREADS', 'VECLIB_MAXIMUM_THREADS', 'BLIS_NUM_THREADS'],
    targets: ['numpy', 'scipy', 'torch', 'tensorflow', 'sklearn', 'numexpr', 'pandas'],
    symptom: 'the BLAS/OpenMP runtime reads the variable when it is loaded (at `import numpy`); set later it is ignored and every process starts one thread per core (oversubscription)',
    source: 'OpenBLAS/OpenMP docs; threadpoolctl docs (documented behaviour)',
  },
  {
    id: 'env.TF_CPP_MIN_LOG_LEVEL', language: 'python', title: 'os.environ["TF_CPP_MIN_LOG_LEVEL"]', family: 'env-first',
    activations: ENV_ACTIVATIONS, envVars: ['TF_CPP_MIN_LOG_LEVEL', 'TF_ENABLE_ONEDNN_OPTS'],
    targets: ['tensorflow', 'keras'],
    symptom: 'TensorFlow\'s C++ logging reads it when the library loads: set after `import tensorflow` the start-up log lines still appear',
    source: 'TensorFlow docs/issues on TF_CPP_MIN_LOG_LEVEL (documented behaviour)',
  },
  {
    id: 'truststore', language: 'python', title: 'truststore.inject_into_ssl()', family: 'polyfill-first',
    activations: [{ kind: 'call', module: 'truststore', call: 'inject_into_ssl' }],
    targets: ['ssl', 'urllib3', 'requests', 'httpx', 'aiohttp'], captureOnly: true,
    patchedNames: { ssl: ['SSLContext'], urllib3: [], requests: [], httpx: [], aiohttp: [] },
    symptom: 'code that copied ssl.SSLContext before the injection keeps OpenSSL/certifi trust: "CERTIFICATE_VERIFY_FAILED" behind a corporate proxy although the OS trusts it',
    source: 'truststore docs: inject_into_ssl() replaces ssl.SSLContext; call it before HTTP clients are imported (documented behaviour)',
  },
  {
    id: 'setuptools', language: 'python', title: 'setuptools (distutils shim)', family: 'polyfill-first',
    activations: [{ kind: 'side-effect', module: 'setuptools' }],
    targets: ['distutils'],
    symptom: '"UserWarning: Distutils was imported before Setuptools, but importing Setuptools also replaces the `distutils` module in `sys.modules`. This may lead to undesirable behaviors or errors."',
    source: 'setuptools _distutils_hack warning text (documented behaviour)',
  },
];

/** Entry by id. */
export function pythonPatcher(id: string): PyPatcherEntry | undefined {
  return pythonPatchers.find((e) => e.id === id);
}
