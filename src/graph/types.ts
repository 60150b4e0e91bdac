/**
 * The language-neutral contract between front ends (js/, python/) and the walks in graph/.
 *
 * A ModuleSummary is the ordered list of what happens while a module is evaluated: its top level
 * plus the bodies of local functions the top level calls, in the order the runtime runs them
 * (after ESM hoisting, after TypeScript import elision, with Python's package __init__ order).
 * Summaries are plain data: they are cached per process and never hold an AST.
 */

/** ESLint-style location: 1-based lines, 0-based columns (UTF-16 code units). */
export interface Loc {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type SourceLanguage = 'js' | 'python';

/** Where a specifier leads. `name` is the catalog key: `express`, `http`, `threading`, `gevent.monkey`. */
export type ResolvedModule =
  | { type: 'file'; path: string; name?: string }
  | { type: 'package'; name: string; subpath?: string }
  | { type: 'builtin'; name: string }
  | { type: 'unresolved'; name: string };

export type LoadKind =
  | 'import' // ESM static import with bindings
  | 'side-effect-import' // import 'x'
  | 're-export' // export … from 'x'
  | 'require'
  | 'dynamic-import' // await import('x') evaluated at module time
  | 'py-import' // import a.b
  | 'py-from-import' // from a import b
  | 'py-importlib' // importlib.import_module('a')
  | 'py-parent'; // a package's __init__.py, run before any module below it (no statement of the file does it)

export interface LoadEvent {
  kind: 'load';
  specifier: string;
  resolved: ResolvedModule;
  loadKind: LoadKind;
  /** Inside if/try/switch/&&: it may or may not run. Still a load (DESIGN §3). */
  conditional: boolean;
  loc: Loc;
  /** The statement that holds the load (for fixes that move whole statements), as offsets. */
  statementRange?: [number, number];
  /** A `py-parent` load that stands for a declared program below the package: that program, for messages. */
  entry?: string;
}

export interface CaptureEvent {
  kind: 'capture';
  specifier: string;
  resolved: ResolvedModule;
  /** Exported names copied into local bindings, e.g. ['request'] for `const { request } = require('http')`. */
  names: string[];
  loc: Loc;
  /** The package that copies the names while it loads (`requests` copies ssl.SSLContext through urllib3). */
  by?: string;
}

export interface PatchEvent {
  kind: 'patch';
  /** Catalog id of the patcher (`dd-trace`, `gevent`, `dotenv`…). */
  patcherId: string;
  /** Module names the patch must see first. Already narrowed by options (gevent `thread=False`). */
  targets: string[];
  /**
   * How it was activated: `call` (tracer.init()), `side-effect` (import 'dd-trace/init'),
   * `preload` (node -r / --import, a virtual event at index 0), `mock` (jest.unstable_mockModule).
   */
  activation: 'call' | 'side-effect' | 'preload' | 'mock';
  /** A require-hook agent activated in-process from native ESM cannot see static imports at all. */
  requireHookOnly?: boolean;
  loc: Loc;
  statementRange?: [number, number];
  /** Free identifiers the activation statement uses (to decide whether moving it is safe). */
  dependsOn?: string[];
  /** For stubs of single exports (sinon.stub(mod, 'fn')): only captures of these names break. */
  names?: string[];
  /** Only captures of the targets break (nock, global-agent); loading them first is fine. */
  captureOnly?: boolean;
  /**
   * Copying a name out of a target before the patch keeps the unpatched value (agents and monkey-patches
   * replace functions on the module object). False for polyfills, env loaders and module mocks, where
   * what matters is only that the module loaded.
   */
  capturesMatter?: boolean;
  /**
   * Targets whose load itself breaks even for a capture-only patcher, when user code (not a package's
   * own imports) loads them first: gevent's `threading` (main thread registered under the native id).
   */
  directLoadTargets?: string[];
  /** Targets whose load alone breaks even for a capture-only patcher. */
  loadTargets?: string[];
  /**
   * The activation is an import the compiler drops (TypeScript elides an import whose bindings, named here, are
   * never used as values): it never runs, and the patcher never starts.
   */
  elided?: { module: string; names: string[] };
  /**
   * An activation the project did not write as one: a package loaded the activation module itself (`@nestjs/common`
   * imports `reflect-metadata`), or the agent is required for its API (`const nr = require('newrelic')`, `nr` used).
   * The patcher is active from here on. Nothing is reported against it; an activation the project writes further
   * down is too late only for what loaded before this point.
   */
  impliedBy?: string;
  /**
   * The patch a server's worker makes after the fork, when the server imported the app in its master first
   * (gunicorn `preload_app` with gevent workers): what the app copied out of the patched modules keeps the native object.
   */
  worker?: { server: string; setting: string };
}

export interface Guard {
  /** Which processes run the guarded code: only the primary/parent, only workers/children, or one instance. */
  role: 'primary' | 'worker' | 'single-instance' | 'after-fork-child' | 'main-script' | 'process-check';
  /** The guard as written; for `process-check` (Python) the `if` condition that asks which multiprocessing process runs. */
  text: string;
}

export interface SpawnEvent {
  kind: 'spawn';
  spawnId: string;
  /** `once`: must run in one process only (cron, scheduler). `per-process`: a resource each process should own. */
  category: 'once' | 'per-process';
  guard: Guard | null;
  loc: Loc;
  statementRange?: [number, number];
  /** Python: a thread whose target loops forever (`while True:` with a sleep or wait): a periodic job. */
  periodic?: boolean;
}

export interface ForkEvent {
  kind: 'fork';
  forkId: string;
  /** True when the child re-runs this very module (cluster.fork, fork(__filename), PM2 cluster, mp spawn). */
  reRunsSelf: boolean;
  guard: Guard | null;
  loc: Loc;
  /** Python: how many child processes it starts, when the call says so with a literal (`Pool(4)`, `max_workers=4`). */
  processes?: number;
}

/**
 * A call, at module time, of a function exported by a local module (`initTracing()` imported from
 * './tracing'): what that function does when called is in the callee's `exportedFunctions`.
 */
export interface CallEvent {
  kind: 'call';
  specifier: string;
  resolved: ResolvedModule;
  /** The export called (`default` for a default export). */
  name: string;
  loc: Loc;
  statementRange?: [number, number];
}

export type TimelineEvent = LoadEvent | CaptureEvent | PatchEvent | SpawnEvent | ForkEvent | CallEvent;

export interface ModuleSummary {
  path: string;
  language: SourceLanguage;
  /** Events in evaluation order. */
  events: TimelineEvent[];
  /** The file could not be parsed: it contributes no events (and no crash). */
  parseError?: string;
  /** JS only: how the module is evaluated. */
  format?: 'esm' | 'cjs';
  /** What each exported function does when called (its body's events, calls followed one level). */
  exportedFunctions?: Record<string, TimelineEvent[]>;
  /**
   * JS only: modules a test runner replaces for the whole test file, from top-level `jest.mock('x')` / `vi.mock('x')`
   * (both hoisted above the imports by their transformers): a mocked agent never patches anything.
   */
  mockedModules?: string[];
}

/** One hop of a chain: the load event in `file` that leads onward. */
export interface ChainStep {
  file: string;
  loc: Loc;
  specifier: string;
  /** The step is Python running a package's __init__.py before what is below it (no statement of `file`). */
  parentPackage?: boolean;
  /** For such a step: the program that runs the package below (`the console script 'proj-api' (pyproject.toml …)`). */
  entry?: string;
}

export interface Resolver {
  /** Resolve a specifier written in `fromFile`. Never throws. */
  resolve(specifier: string, fromFile: string): ResolvedModule;
}
