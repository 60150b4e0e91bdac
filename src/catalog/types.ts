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
       * Member path called on the module's export (`init`, `start`, `patch_all`); `''` when the
       * export itself is called (`require('@instana/collector')()`); `new X().start` is written
       * `new:NodeSDK.start` (construct the export `NodeSDK`, then call `start` on it).
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
   * `*` = any module except the patcher itself (vendor contract "load me before any other module"),
   * `process.env` = module-level reads of process.env (env loaders).
   */
  targets: string[];
  /** In native ESM, in-file activation cannot see static imports: only a preload flag works. */
  esmNeedsPreload?: boolean;
  /** Preload forms that activate it before the entry (`dd-trace/init`, `newrelic`). */
  preloads?: string[];
  /** What the user sees at run time when the order is wrong (for messages and docs). */
  symptom: string;
  /** Where the vendor states the contract. */
  source?: string;
}

/** Popular packages that load patch targets when they load (knex → pg). Used when node_modules is absent. */
export type PackageLoads = Record<string, string[]>;
