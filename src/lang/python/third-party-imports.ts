import type { PackageLoads } from '../../catalog/types.js';
import generatedTable from './package-loads.json' with { type: 'json' };

/*
 * What third-party Python packages load when they are imported (used when their sources are not under the
 * project's roots, which is the normal case). Keys are dotted import names (a package and one level of its public
 * submodules: `oslo_log`, `oslo_log.log`); values are modules that matter for patch order (the stdlib targets of
 * the Python patcher catalog, the thread/process machinery, catalog submodule targets) and the top-level names
 * of the other third-party packages they load. Stdlib modules listed here are expanded further through
 * stdlib-imports.json by `knownPythonLoads` (src/lang/python/resolve.ts).
 *
 * Generated: src/lang/python/package-loads.json, written by scripts/gen-python-package-loads.py from the
 * packages themselves (Debian python3-* packages on the system Python, `python -X importtime` in a clean
 * interpreter); every entry names the Debian package and version and the distribution version it was measured
 * with. A dotted key is also how the summarizer knows that `from oslo_log import log` imports a submodule.
 *
 * Hand-kept (HAND_LOADS below): only packages that could not be installed where the table was generated, or
 * that are measured on purpose by nobody (the patchers themselves). Each says why.
 */

/** One measured package (see scripts/gen-python-package-loads.py). */
export interface MeasuredPackage {
  /** The Debian package(s) that own the package's files, comma-separated, and their version(s). */
  debian?: string;
  version?: string;
  /** The distribution (PyPI name) and its version, from importlib.metadata. */
  dist?: string;
  distVersion?: string;
  /** Modules that matter for patch order loaded by `import <name>`, and other third-party top-level packages. */
  loads: string[];
  /** Names of patched stdlib modules that some module loaded by `import <name>` copies (or subclasses). */
  captures?: Record<string, string[]>;
}

/** The generated table as written by the script. */
export interface PackageLoadsTable {
  python: string;
  generated: string;
  method: string;
  platform: string;
  startup: string[];
  /** The stdlib modules and dotted submodules kept in `loads` (besides third-party top-level names). */
  keep: string[];
  /** The patched attributes whose copies `captures` records. */
  captureNames: Record<string, string[]>;
  /** Packages never measured (the patchers). */
  skipped: string[];
  /** Import names that failed to import where the table was generated, with the error. */
  unimportable: Record<string, string>;
  packages: Record<string, MeasuredPackage>;
}

export const PACKAGE_LOADS_TABLE = generatedTable as unknown as PackageLoadsTable;

/**
 * Hand-kept entries, only for what the generator cannot measure. Each is "documented behaviour": what the
 * package's documentation / well-known import structure says, not read from an installed source.
 */
export const HAND_LOADS: PackageLoads = {
  // Not packaged in Debian 12 (no python3-tensorflow / python3-keras), so not measured: tensorflow loads numpy
  // and starts its thread pools from C++; keras loads numpy.
  tensorflow: ['numpy', 'threading', 'logging'],
  keras: ['numpy'],
  // A patcher (gevent is skipped by the generator on purpose): gevent.monkey is a submodule of gevent.
  'gevent.monkey': ['gevent'],
};

/**
 * Captures the table applies: only copies out of `ssl`. The script records every copy of a patched attribute,
 * and the measurement shows that most packages copy `threading.Lock`, `_thread.get_ident` or `time.sleep`
 * (numpy, jinja2, click …); those are short-held locks, not the failure gevent warns about. Copies of
 * `ssl.SSLContext`/`wrap_socket` are (gevent issue 1016: RecursionError with requests imported before patch_all;
 * truststore must inject before HTTP clients import it), as the hand-kept table had for urllib3 and requests.
 */
export const APPLIED_CAPTURE_MODULES: readonly string[] = ['ssl'];

function generatedLoads(): PackageLoads {
  const out: PackageLoads = {};
  for (const [name, entry] of Object.entries(PACKAGE_LOADS_TABLE.packages)) out[name] = entry.loads;
  for (const [name, loads] of Object.entries(HAND_LOADS)) if (!out[name]) out[name] = loads;
  return out;
}

function generatedCaptures(): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [name, entry] of Object.entries(PACKAGE_LOADS_TABLE.packages)) {
    const kept = Object.entries(entry.captures ?? {}).filter(([m]) => APPLIED_CAPTURE_MODULES.includes(m));
    if (kept.length) out[name] = Object.fromEntries(kept);
  }
  return out;
}

/** Import name → modules it loads: the generated table, then the hand entries for what it does not measure. */
export const pythonPackageLoads: PackageLoads = generatedLoads();

/**
 * Modules whose names a package COPIES at import time (`from ssl import SSLContext`), from the generated table
 * (copies out of APPLIED_CAPTURE_MODULES only). For capture-only patchers (gevent, truststore) loading such a
 * package before the patch counts as a capture.
 */
export const pythonPackageCaptures: Record<string, Record<string, string[]>> = generatedCaptures();
