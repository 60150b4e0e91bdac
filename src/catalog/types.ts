/**
 * The shape of catalog data. Catalogs are DATA: rules and front ends read them, users extend them
 * through rule options (same shape, merged by id). Documented in docs/catalog.md.
 */

/** How a patcher becomes active. A patcher may list several. */
export type Activation =
  /** `require('dd-trace').init()`, `monkey.patch_all()`: call `call` on what `module` exports. */
  | {
      kind: 'call';
      /** Module whose export is called (`dd-trace`, `gevent.monkey`). */
      module: string;
      /**
       * The call, written as a path from the module's export: `init` for `require('dd-trace').init()`,
       * `''` when the export itself is called (`require('@instana/collector')()`), `setup().start` for
       * `appInsights.setup(key).start()`, `new NodeSDK().start` for `new NodeSDK({...}).start()`
       * (also through a variable: `const sdk = new NodeSDK(); sdk.start()`).
       */
      call: string;
      /** Python keyword arguments that remove targets, e.g. gevent `thread=False` removes threading. */
      kwargTargets?: Record<string, string[]>;
    }
  /** `import 'dd-trace/init'` / `import ddtrace.auto`: loading the module activates the patch. */
  | { kind: 'side-effect'; module: string }
  /** Test mocks: `jest.unstable_mockModule(spec)`, `mock.module(spec)`: targets = the mocked specifier. */
  | { kind: 'mock'; callee: string };

export interface PatcherEntry {
  /** Stable id used in messages, options and docs: `dd-trace`, `gevent`. */
  id: string;
  language: 'js' | 'python';
  /** What users know it as. */
  title: string;
  family: 'instrument-first' | 'polyfill-first' | 'env-first' | 'mock-before-import' | 'monkey-patch';
  activations: Activation[];
  /**
   * Module names the patch must see before they load. Special values:
   * `<local>` = any file of the project (require hooks: ts-node, @babel/register, module-alias),
   * `process.env` = module-level reads of process.env (env loaders),
   * `<mocked>` = the specifier the mock call names (test mocks).
   */
  targets: string[];
  /**
   * Only names copied out of a target before the patch break (nock, global-agent, sinon): loading the
   * target first is fine.
   */
  captureOnly?: boolean;
  /** For capture-only patchers: targets whose load alone already breaks (gevent warns when ssl was imported first). */
  loadTargets?: string[];
  /**
   * For capture-only patchers: targets whose load breaks when the project's own code imports them first,
   * but not when a library does internally (gevent: `import threading` before patch_thread; `import logging`,
   * which loads threading, is repaired by gevent).
   */
  directLoadTargets?: string[];
  /** In native ESM, in-file activation cannot see static imports: only a preload flag works. */
  esmNeedsPreload?: boolean;
  /** Preload forms that activate it before the entry (`dd-trace/init`, `newrelic`). */
  preloads?: string[];
  /**
   * The node flags the vendor documents for a native-ESM application (`--import dd-trace/initialize.mjs`);
   * `<init file>` stands for the user's own file that starts the agent. Default: `--import <first preload>`.
   */
  esmStart?: string;
  /** What the user sees at run time when the order is wrong (for messages and docs). */
  symptom: string;
  /**
   * Where the vendor states the contract and lists what it instruments: the page (and the agent version the
   * target list was taken from, when known). docs/catalog.md shows it next to the targets.
   */
  source?: string;
  /**
   * Targets chosen by the activation call's options (`Sentry.init({ tracesSampleRate: 1 })`,
   * `tracer.init({ plugins: false })`). Read only when the call's first argument is an object literal; the first
   * case that matches replaces `targets`. When the options are not a literal, or a spread hides the key, the
   * case is unknown and `targets` (what the agent does by default) applies.
   */
  targetsWhen?: TargetsWhen[];
  /**
   * Calls that turn on one integration after the activation (`tracer.use('pg')` in dd-trace), written like
   * `Activation.call` as a path from `module`'s export. The first argument names the integration when it is a
   * string literal; from that call on, its modules are targets.
   */
  enableCalls?: { module: string; calls: string[]; targets?: Record<string, string[]> };
  /**
   * Exports of a target that the patcher replaces on the module object (`http.request`, `http.get`): only a
   * copy of one of these, taken once before the activation, keeps the unpatched function. Copies of other
   * exports — constants (`Op` of sequelize), classes patched on their prototype (`Pool` of pg) — are not
   * findings. Absent: every copied name counts (sinon stubs the name it is given; Python monkey-patches
   * replace what they list).
   */
  replacedExports?: Record<string, string[]>;
  /**
   * Targets whose earlier load does not matter, only a copy (of a `replacedExports` name) taken before the
   * activation: the patcher wraps the module's exports object in place when the module is next required —
   * require-in-the-middle does so for Node's core modules, which are never re-evaluated — so code that holds the
   * module object (`http.request(...)`, `module_1.request(...)`) calls the wrapper.
   */
  copyOnlyTargets?: string[];
}

/** One case of `PatcherEntry.targetsWhen`. */
export interface TargetsWhen {
  /** Key of the options object literal passed to the activation call. */
  option: string;
  /** Matches when the key is written with a value other than the literal `undefined` or `null`. */
  present?: true;
  /** Matches when the key's value is this literal (`plugins: false`). */
  equals?: string | number | boolean;
  /** The targets in that case. */
  targets: string[];
}

/** Popular packages that load patch targets when they load (knex → pg). Used when node_modules is absent. */
export type PackageLoads = Record<string, string[]>;
