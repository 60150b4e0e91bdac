import type { TSESTree } from '@typescript-eslint/utils';
import type { TimelineEvent } from '../../graph/types.js';

/** What a local name is bound to at module scope: `import x from 'm'`, `const { f } = require('m')`. */
export interface ModuleBinding {
  specifier: string;
  /** `default`, `*` (namespace / whole require), or the imported export name. */
  imported: string;
}

/**
 * A call or `new` that runs while the module is evaluated (top level, or inside a local function the
 * top level calls). Detectors (patches, spawns, forks) turn it into timeline events.
 */
export interface CallSite {
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** Path from the Program down to (not including) `node`; for functions followed from a call, the
   * ancestors inside that function's body, prefixed by the call chain's statements. */
  ancestors: TSESTree.Node[];
  /** The module's Program (dependency ASTs have no parent pointers: guards look at top-level statements). */
  program?: TSESTree.Program;
  /** Module-scope bindings of the file being summarized. */
  bindings: ReadonlyMap<string, ModuleBinding>;
  /** Absolute path of the file being summarized. */
  filename: string;
  format: 'esm' | 'cjs';
  /** True when inside if/try/switch/logical/conditional expression. */
  conditional: boolean;
  /**
   * What an expression is, as a path from a module's export: `require('dd-trace').init` →
   * `{ specifier: 'dd-trace', path: 'init' }`; `new NodeSDK()` with NodeSDK imported →
   * `{ specifier: '@opentelemetry/sdk-node', path: 'new NodeSDK()' }`; follows module-level consts.
   */
  modulePathOf(node: TSESTree.Node): ModulePath | null;
  /** What a module-level name has held so far at module time: its initializer, then each reassignment's value. */
  valuesOf?(name: string): readonly TSESTree.Node[];
}

export interface ModulePath {
  specifier: string;
  path: string;
}

export type Detector = (site: CallSite) => TimelineEvent[];
