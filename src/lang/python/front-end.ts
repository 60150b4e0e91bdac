/**
 * The Python front end: summaries from tree-sitter trees (summarize.ts; the linted file from ESLint's AST, its
 * dependencies parsed here), module resolution with packages' `__init__.py` (resolve.ts), the text pre-scan
 * (pre-scan.ts), and the catalog's patchers with the rule options' additions.
 */
import { statSync } from 'node:fs';
import { pythonPatchers, type PyPatcherEntry } from '../../catalog/python-patchers.js';
import type { LoadEvent, ModuleSummary } from '../../graph/types.js';
import { isInputError } from '../../util/guard.js';
import type { FrontEnd, LintedFile } from '../front-end.js';
import type { PyNode } from './ast.js';
import { pythonDetectors } from './detector-registry.js';
import { pyLightScanner, pyMentions, pyQuietTest } from './pre-scan.js';
import { createPythonResolver, knownPythonLoads, type PythonResolver } from './resolve.js';
import { summarizePythonSource } from './summarize-source.js';
import { summarizePython, type PyDetector } from './summarize.js';
import type { LightScan, QuietTest } from '../../graph/pre-scan.js';

export interface PyState {
  patchers: PyPatcherEntry[];
  byId: Map<string, PyPatcherEntry>;
  resolver: PythonResolver;
  detectors: readonly PyDetector[];
  preScan: (path: string, text: string) => LightScan;
  quiet: QuietTest;
}

/** Installed packages and virtualenvs are not project code. */
const NOT_PROJECT = /\/(?:site-packages|node_modules|\.venv|venv)\//;

export const pythonFrontEnd: FrontEnd<PyState, PyPatcherEntry> = {
  id: 'python',
  // The linted file is summarized as `__main__` (its `if __name__ == "__main__":` block runs): not what it
  // does when imported.
  lintedServesDependents: false,
  createState(root, _roots, settings, extra) {
    const byId = new Map<string, PyPatcherEntry>();
    for (const e of [...pythonPatchers, ...extra]) byId.set(e.id, e);
    const patchers = [...byId.values()];
    const resolver = createPythonResolver({ projectRoot: root, roots: settings.pythonPath ?? [], ttlMs: settings.cacheFreshnessMs ?? 1000 });
    const mentions = pyMentions(patchers);
    return { patchers, byId, resolver, detectors: pythonDetectors(), preScan: pyLightScanner(resolver, mentions, settings.cacheFreshnessMs ?? 1000), quiet: pyQuietTest(mentions) };
  },
  // .py files, and directories (namespace packages: see summarizeOther).
  readable: (_state, path) => !NOT_PROJECT.test(path) && (path.endsWith('.py') || !/\.\w+$/.test(path)),
  summarizeOther(_state, path) {
    // A namespace package (a directory without __init__.py) runs nothing.
    let isDirectory = false;
    try {
      isDirectory = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    } catch (error) {
      // dependency input: a path that cannot be stat'ed is read as missing by the cache
      if (!isInputError(error)) throw error;
    }
    if (isDirectory) return { path, language: 'python', events: [] };
    return path.endsWith('.py') ? undefined : null;
  },
  summarizeText: (state, path, text) =>
    withCatalogFields(state, summarizePythonSource(text, path, { resolver: state.resolver, isEntry: false, patchers: state.patchers, detectors: state.detectors })),
  // Imported as a module (a console script, `python -m`, a test runner), a file of a package runs after every
  // parent package's __init__.py, outermost first.
  summarizeLinted: (state, file) => summarizeLintedAs(state, file, { asMain: true, parents: true }),
  preScan: (state, path, text) => state.preScan(path, text),
  packageLoads: (_state, resolved) => (resolved.type === 'builtin' || resolved.type === 'package' ? knownPythonLoads(resolved.name) : []),
  quietTest: (state) => state.quiet,
  interesting(state) {
    const keys = new Set<string>(state.patchers.flatMap((e) => [...e.targets, ...(e.loadTargets ?? []), ...(e.directLoadTargets ?? [])]));
    return (key) => keys.has(key);
  },
};

/**
 * The linted file as one program runs it: as `__main__` or imported (its `if __name__ == "__main__":` block runs
 * only as `__main__`), after its parent packages or not (`python path.py` runs none), and with the function the
 * program then calls (a console script's `main`) followed after the module's last statement.
 */
export function summarizeLintedAs(state: PyState, file: LintedFile, how: { asMain: boolean; parents: boolean; thenCall?: string }): ModuleSummary {
  const summary = withCatalogFields(
    state,
    summarizePython(file.sourceCode.ast as PyNode, file.sourceCode.text, file.filename, {
      resolver: state.resolver,
      isEntry: how.asMain,
      patchers: state.patchers,
      detectors: state.detectors,
      ...(how.thenCall ? { thenCall: how.thenCall } : {}),
    }),
  );
  const parents = how.parents ? parentPackageLoads(state, file.filename) : [];
  return parents.length ? { ...summary, events: [...parents, ...summary.events] } : summary;
}

/** Catalog fields the summarizer does not copy onto patch events (load targets of capture-only patchers). */
function withCatalogFields(state: PyState, summary: ModuleSummary): ModuleSummary {
  for (const e of summary.events) {
    if (e.kind !== 'patch') continue;
    const entry = state.byId.get(e.patcherId);
    if (!entry) continue;
    if (entry.loadTargets) e.loadTargets = entry.loadTargets.filter((t) => e.targets.includes(t));
    if (entry.directLoadTargets) e.directLoadTargets = entry.directLoadTargets.filter((t) => e.targets.includes(t));
    e.capturesMatter = true;
  }
  return summary;
}

/** Loads of the parent packages' `__init__.py` of `file`, outermost first (none for a top-level module). */
export function parentPackageLoads(state: PyState, file: string): LoadEvent[] {
  const name = state.resolver.moduleNameOf(file);
  if (!name) return [];
  const parts = name.split('.');
  // `pkg.sub.mod` runs pkg and pkg.sub first; a package's own __init__.py (named `pkg.sub`) runs pkg first.
  const own = parts.length - 1;
  const out: LoadEvent[] = [];
  const loc = { line: 1, column: 0, endLine: 1, endColumn: 0 };
  for (let i = 1; i <= own; i++) {
    const dotted = parts.slice(0, i).join('.');
    const resolved = state.resolver.resolve(dotted, file);
    if (resolved.type !== 'file' || resolved.path === file) continue;
    out.push({ kind: 'load', specifier: dotted, resolved, loadKind: 'py-parent', conditional: false, loc });
  }
  return out;
}
