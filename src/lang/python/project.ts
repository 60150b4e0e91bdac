import { statSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Rule } from 'eslint';
import { SummaryCache, DEFAULT_CACHE_OPTIONS } from '../../graph/cache.js';
import { GraphWalker, type ModuleFacts } from '../../graph/walk.js';
import { ReachIndex, summaryMayReach, textCannotReach, type LightScan } from '../../graph/pre-scan.js';
import type { ModuleSummary, ResolvedModule, TimelineEvent } from '../../graph/types.js';
import { stats } from '../../util/stats.js';
import { pythonPatchers, type PyPatcherEntry } from '../../catalog/python-patchers.js';
import { isInside } from '../../util/paths.js';
import { realInside } from '../../util/fs-cache.js';
import type { PyNode } from './ast.js';
import { createPythonResolver, knownPythonCaptures, knownPythonLoads, type PythonResolver } from './resolve.js';
import { summarizePython, type PyDetector } from './summarize.js';
import { summarizePythonSource } from './summarize-source.js';
import { pythonDetectors } from './detector-registry.js';
import { readSettings, type PatchOrderSettings } from '../../util/settings.js';

/** `settings['patch-order']` keys the Python side reads (schema and validation: src/util/settings.ts). */
export type PySettings = Pick<PatchOrderSettings, 'roots' | 'pythonPath' | 'pythonVersion' | 'cacheFreshnessMs' | 'maxDepth' | 'maxModules'>;

export interface PyProject {
  key: string;
  root: string;
  roots: string[];
  patchers: PyPatcherEntry[];
  byId: Map<string, PyPatcherEntry>;
  resolver: PythonResolver;
  cache: SummaryCache;
  walker: GraphWalker;
  reach: ReachIndex;
  lightScan: (path: string, text: string) => LightScan;
  detectors: readonly PyDetector[];
}

type AnyContext = Pick<Rule.RuleContext, 'settings' | 'cwd' | 'filename' | 'sourceCode'>;

const projects = new Map<string, PyProject>();
const current = new WeakMap<object, Map<string, ModuleSummary>>();

/** The validated settings; throws on a bad value (each rule's create() has already asked, outside its try). */
export function pySettingsOf(context: Pick<Rule.RuleContext, 'settings'>): PySettings {
  return readSettings(context);
}

export function isPythonContext(context: Pick<Rule.RuleContext, 'sourceCode'>): boolean {
  return (context.sourceCode.ast as unknown as { type?: string }).type === 'module';
}

export function pyProjectFor(context: AnyContext, extra: readonly PyPatcherEntry[] = []): PyProject {
  const settings = pySettingsOf(context);
  const cwd = context.cwd;
  const roots = (settings.roots?.length ? settings.roots : [cwd]).map((r) => (isAbsolute(r) ? r : resolvePath(cwd, r)));
  const key = JSON.stringify(['py', roots, settings, extra]);
  let project = projects.get(key);
  if (project) return project;
  const root = roots[0]!;
  const byId = new Map<string, PyPatcherEntry>();
  for (const e of [...pythonPatchers, ...extra]) byId.set(e.id, e);
  const patchers = [...byId.values()];
  const resolver = createPythonResolver({ projectRoot: root, roots: settings.pythonPath ?? [], ttlMs: settings.cacheFreshnessMs ?? 1000 });
  const cache = new SummaryCache({ ...DEFAULT_CACHE_OPTIONS, freshnessMs: settings.cacheFreshnessMs ?? DEFAULT_CACHE_OPTIONS.freshnessMs });
  const readable = (path: string) =>
    roots.some((r) => isInside(path, r)) && !/\/(?:site-packages|node_modules|\.venv|venv)\//.test(path) && realInside(path, roots);
  const detectors = pythonDetectors();
  const lightScan = pyLightScanner(resolver, pyMentions(patchers));
  const p: PyProject = {
    key, root, roots, patchers, byId, resolver, cache, detectors, lightScan,
    walker: undefined as unknown as GraphWalker,
    reach: new ReachIndex(lightScan, (f) => readable(f) && f.endsWith('.py'), cache.options.freshnessMs),
  };
  const interesting = new Set<string>(patchers.flatMap((e) => [...e.targets, ...(e.loadTargets ?? []), ...(e.directLoadTargets ?? [])]));
  p.walker = new GraphWalker({
    summary: (path) => dependencySummary(p, path, readable),
    packageLoads: (resolved) => packageLoads(resolved),
    interesting: (key) => interesting.has(key),
    epoch: () => cache.epoch,
    freshnessMs: cache.options.freshnessMs,
    maxDepth: settings.maxDepth ?? 500,
    maxModules: settings.maxModules ?? 20_000,
  });
  projects.set(key, p);
  return p;
}

/** Catalog fields the summarizer does not copy onto patch events (load targets of capture-only patchers). */
function withCatalogFields(p: PyProject, summary: ModuleSummary): ModuleSummary {
  for (const e of summary.events) {
    if (e.kind !== 'patch') continue;
    const entry = p.byId.get(e.patcherId);
    if (!entry) continue;
    if (entry.loadTargets) e.loadTargets = entry.loadTargets.filter((t) => e.targets.includes(t));
    if (entry.directLoadTargets) e.directLoadTargets = entry.directLoadTargets.filter((t) => e.targets.includes(t));
    e.capturesMatter = true;
  }
  return summary;
}

function packageLoads(resolved: ResolvedModule): readonly string[] {
  if (resolved.type !== 'builtin' && resolved.type !== 'package') return [];
  return knownPythonLoads(resolved.name);
}

function dependencySummary(p: PyProject, path: string, readable: (path: string) => boolean): ModuleSummary | null {
  if (!readable(path)) return null;
  try {
    // A namespace package (a directory without __init__.py) runs nothing.
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return { path, language: 'python', events: [] };
  } catch {
    return null;
  }
  if (!path.endsWith('.py')) return null;
  return p.cache.get(path, path, (file, text) =>
    withCatalogFields(p, summarizePythonSource(text, file, { resolver: p.resolver, isEntry: false, patchers: p.patchers, detectors: p.detectors })),
  );
}

/** The linted file's summary, from ESLint's AST (the entry script: `__main__` blocks run). */
export function pyCurrentSummary(context: AnyContext, extra: readonly PyPatcherEntry[] = []): ModuleSummary {
  const p = pyProjectFor(context, extra);
  const ast = context.sourceCode.ast as unknown as PyNode;
  let perKey = current.get(ast);
  if (!perKey) current.set(ast, (perKey = new Map()));
  let summary = perKey.get(p.key);
  if (!summary) {
    summary = withCatalogFields(p, summarizePython(ast, context.sourceCode.text, context.filename, {
      resolver: p.resolver,
      isEntry: true,
      patchers: p.patchers,
      detectors: p.detectors,
    }));
    stats.summariesComputed++;
    perKey.set(p.key, summary);
  }
  return summary;
}

export function pyModuleFacts(context: AnyContext, path: string, extra: readonly PyPatcherEntry[] = []): ModuleFacts | null {
  try {
    return pyProjectFor(context, extra).walker.facts(path);
  } catch {
    return null;
  }
}

/** Text-only early exit for no-import-before-patch (see the JS twin in src/lang/js/project.ts). */
export function pyCannotReachPatch(context: AnyContext, extra: readonly PyPatcherEntry[] = []): boolean {
  try {
    const p = pyProjectFor(context, extra);
    return textCannotReach(p.lightScan(context.filename, context.sourceCode.text), p.reach, context.filename, context.sourceCode.text);
  } catch {
    return false;
  }
}


export function pyMayReachPatch(context: AnyContext, summary: ModuleSummary, extra: readonly PyPatcherEntry[] = []): boolean {
  try {
    return summaryMayReach(summary, pyProjectFor(context, extra).reach);
  } catch {
    return true;
  }
}

/** Names packages copy out of other modules when they load (urllib3 copies ssl.SSLContext). */
export function pyPackageCaptures(resolved: ResolvedModule): Record<string, string[]> {
  if (resolved.type !== 'builtin' && resolved.type !== 'package') return {};
  return knownPythonCaptures(resolved.name);
}

export function clearPythonCaches(): void {
  for (const p of projects.values()) {
    p.cache.clear();
    p.walker.clear();
    p.reach.clear();
  }
  projects.clear();
}

const IMPORT_LINE = /^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import\b[ \t(]*([\w \t,]*)|import[ \t]+([\w. \t,]+))/gm;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Modules every file imports: a mention of the module proves nothing, the call itself must appear. */
const TOO_COMMON = new Set(['os', 'sys']);

interface PyMentions {
  /** Top-level packages whose import can activate a patcher (`gevent`, `ddtrace`, `opentelemetry`). */
  tops: Set<string>;
  /** Text that activates one without an import of its own: env variables, `environ[...] =`, importlib. */
  text: RegExp;
}

/**
 * What a file must contain to activate a patcher: an import of a patcher package (a docstring naming
 * one does not count), `importlib.import_module("…")` of one, or an env setting a patcher lists.
 */
function pyMentions(patchers: readonly PyPatcherEntry[]): PyMentions {
  const tops = new Set<string>();
  const words = new Set<string>();
  const others = new Set<string>();
  for (const e of patchers) {
    for (const a of e.activations) {
      if (a.kind === 'mock') words.add(escape(a.callee));
      else if (a.kind === 'call' && TOO_COMMON.has(a.module)) {
        // Env settings count only for their variables: the variable's name must appear in the text.
        if (e.envVars?.length) for (const v of e.envVars) words.add(escape(v));
        else {
          // `os.environ.__setitem__` is written `environ["X"] = …`; `os.putenv` as `putenv(`.
          others.add(`\\b${escape(a.call).replace(/\\\.__setitem__$/, '\\s*\\[[^\\]\\n]*\\]\\s*=(?!=)')}`);
        }
      } else tops.add(a.module.split('.')[0]!);
    }
  }
  others.add(`(?:import_module|__import__)\\(\\s*['"](?:${[...tops].map(escape).join('|')})\\b`);
  return { tops, text: new RegExp([...(words.size ? [`\\b(?:${[...words].join('|')})\\b`] : []), ...others].join('|')) };
}

function pyLightScanner(resolver: PythonResolver, mentions: PyMentions): (path: string, text: string) => LightScan {
  return (path, text) => {
    const deps: string[] = [];
    let hit = false;
    for (const m of text.matchAll(IMPORT_LINE)) {
      const names = (list: string) => list.split(',').map((s) => s.trim().split(/\s+/)[0]!).filter(Boolean);
      // `from pkg import sub` may load the submodule pkg.sub: list it too (a miss would be unsafe).
      const specs =
        m[1] !== undefined
          ? [m[1], ...names(m[2] ?? '').map((n) => (m[1]!.endsWith('.') ? `${m[1]}${n}` : `${m[1]}.${n}`))]
          : names(m[3]!);
      for (const spec of specs) {
        if (!spec) continue;
        if (!hit && mentions.tops.has(spec.split('.')[0]!)) hit = true;
        // `import a.b.c` runs a/__init__.py and a/b/__init__.py too.
        const parts = spec.startsWith('.') ? [spec] : spec.split('.').map((_, i, all) => all.slice(0, i + 1).join('.'));
        for (const part of parts) {
          const r = resolver.resolve(part, path);
          if (r.type === 'file') deps.push(r.path);
        }
      }
    }
    return { deps, hit: hit || mentions.text.test(text) };
  };
}

export type { TimelineEvent };
