import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { SummaryCache, DEFAULT_CACHE_OPTIONS } from '../../graph/cache.js';
import { GraphWalker, type ModuleFacts } from '../../graph/walk.js';
import type { ModuleSummary, ResolvedModule } from '../../graph/types.js';
import { stats } from '../../util/stats.js';
import type { PatcherEntry } from '../../catalog/types.js';
import { jsPackageLoads } from '../../catalog/js-patchers.js';
import { JsResolver } from './resolve.js';
import { formatOf, type FormatInfo } from './format.js';
import { readSettings, type PatchOrderSettings } from '../../util/settings.js';
import { hasModuleSyntax, parseDependency } from './parse.js';
import { summarizeJs } from './summarize.js';
import { buildCatalog, mockCallDetector, mockPatches, patchCallDetector, sideEffectPatches, type PatchCatalog } from './patches.js';
import { extraDetectors } from './detector-registry.js';
import { preloadsFor, type Preload } from './preloads.js';
import { isInside } from '../../util/paths.js';
import { realInside } from '../../util/fs-cache.js';
import { ReachIndex, summaryMayReach, textCannotReach, type LightScan } from '../../graph/pre-scan.js';
import { jsLightScanner, patcherMentions } from './pre-scan.js';

export type { ModuleFacts } from '../../graph/walk.js';

/** `settings['patch-order']`, shared by every rule (schema and validation: src/util/settings.ts). */
export type { PatchOrderSettings };

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface JsProject {
  key: string;
  root: string;
  roots: string[];
  settings: PatchOrderSettings;
  catalog: PatchCatalog;
  resolver: JsResolver;
  cache: SummaryCache;
  walker: GraphWalker;
  reach: ReachIndex;
  /** Text-only scan of a file: its local dependencies and whether it mentions a patcher. */
  lightScan: (path: string, text: string) => LightScan;
}

const projects = new Map<string, JsProject>();
const currentSummaries = new WeakMap<object, Map<string, ModuleSummary>>();

/** The validated settings; throws on a bad value (each rule's create() has already asked, outside its try). */
export function settingsOf(context: AnyContext): PatchOrderSettings {
  return readSettings(context);
}

/** The per-process graph state for this configuration (one per settings + catalog extension). */
export function projectFor(context: AnyContext, extraPatchers: readonly PatcherEntry[] = []): JsProject {
  const settings = settingsOf(context);
  const cwd = context.cwd;
  const roots = (settings.roots?.length ? settings.roots : [cwd]).map((r) => (isAbsolute(r) ? r : resolvePath(cwd, r)));
  const key = JSON.stringify([roots, settings, extraPatchers]);
  let project = projects.get(key);
  if (!project) {
    const root = roots[0]!;
    const cache = new SummaryCache({ ...DEFAULT_CACHE_OPTIONS, freshnessMs: settings.cacheFreshnessMs ?? DEFAULT_CACHE_OPTIONS.freshnessMs });
    const catalog = buildCatalog(extraPatchers);
    const resolver = new JsResolver(root);
    const lightScan = jsLightScanner(resolver, patcherMentions(catalog));
    const readable = (path: string) =>
      roots.some((r) => isInside(path, r)) && !path.includes('/node_modules/') && /\.[cm]?[jt]sx?$/.test(path) && realInside(path, roots);
    const p: JsProject = {
      key, root, roots, settings, catalog, resolver, cache,
      walker: undefined as unknown as GraphWalker,
      reach: new ReachIndex(lightScan, readable, cache.options.freshnessMs),
      lightScan,
    };
    const interesting = new Set<string>(['process.env', ...catalog.entries.flatMap((e) => e.targets), ...Object.values(jsPackageLoads).flat()]);
    p.walker = new GraphWalker({
      summary: (path) => dependencySummary(p, path),
      packageLoads: (resolved) => packageLoads(resolved),
      interesting: (key) => interesting.has(key),
      epoch: () => cache.epoch,
      freshnessMs: cache.options.freshnessMs,
      maxDepth: settings.maxDepth ?? 500,
      maxModules: settings.maxModules ?? 20_000,
    });
    project = p;
    projects.set(key, project);
  }
  return project;
}

function packageLoads(resolved: ResolvedModule): readonly string[] {
  if (resolved.type !== 'package') return [];
  const own = jsPackageLoads[resolved.name] ?? [];
  const sub = resolved.subpath ? (jsPackageLoads[`${resolved.name}/${resolved.subpath}`] ?? []) : [];
  return sub.length ? [...own, ...sub] : own;
}

function summarize(project: JsProject, filename: string, program: TSESTree.Program): ModuleSummary {
  const format = formatOf(filename, project.root, hasModuleSyntax(program), project.settings.emitter);
  const summary = summarizeJs(program, {
    filename,
    format,
    resolver: project.resolver,
    detectors: [patchCallDetector(project.catalog, format), mockCallDetector(project.catalog, project.resolver, format), ...extraDetectors(format)],
    onLoad: sideEffectPatches(project.catalog, format),
    afterTopLevel: (prog, bindings, events) => {
      const seen = new Set(events.flatMap((e) => (e.kind === 'patch' && e.activation === 'mock' ? [`${e.loc.line}:${e.loc.column}`] : [])));
      return mockPatches(prog, project.catalog, bindings, project.resolver, filename, format, seen);
    },
  });
  return summary;
}

function dependencySummary(project: JsProject, path: string): ModuleSummary | null {
  if (!project.roots.some((r) => isInside(path, r)) || path.includes('/node_modules/')) return null;
  if (!/\.[cm]?[jt]sx?$/.test(path) || !realInside(path, project.roots)) return null;
  return project.cache.get(path, path, (file, text) => summarize(project, file, parseDependency(file, text)));
}

/** The summary of the file being linted, from ESLint's AST (shared by all rules for this AST). */
export function currentSummary(context: AnyContext, extraPatchers: readonly PatcherEntry[] = []): ModuleSummary {
  const project = projectFor(context, extraPatchers);
  const ast = context.sourceCode.ast;
  let perKey = currentSummaries.get(ast);
  if (!perKey) currentSummaries.set(ast, (perKey = new Map()));
  let summary = perKey.get(project.key);
  if (!summary) {
    summary = summarize(project, context.filename, ast as TSESTree.Program);
    stats.summariesComputed++;
    perKey.set(project.key, summary);
    if (isAbsolute(context.filename)) project.cache.putIfOnDisk(context.filename, context.filename, context.sourceCode.text, summary);
  }
  return summary;
}

export function formatOfContext(context: AnyContext): FormatInfo {
  const project = projectFor(context);
  return formatOf(context.filename, project.root, hasModuleSyntax(context.sourceCode.ast as TSESTree.Program), project.settings.emitter);
}

/**
 * Before any AST walk: the file's text mentions no patcher and none of the local modules it may load
 * reaches one, so no-import-before-patch has nothing to find here.
 */
export function cannotReachPatch(context: AnyContext, extraPatchers: readonly PatcherEntry[] = []): boolean {
  try {
    const p = projectFor(context, extraPatchers);
    return textCannotReach(p.lightScan(context.filename, context.sourceCode.text), p.reach, context.filename, context.sourceCode.text);
  } catch {
    return false;
  }
}

/**
 * Can anything this module's evaluation reaches activate a patcher? Decided from the summary of this
 * file and a text scan of the local modules it loads, so files that cannot have a finding cost no parse.
 */
export function mayReachPatch(context: AnyContext, summary: ModuleSummary, extraPatchers: readonly PatcherEntry[] = []): boolean {
  try {
    return summaryMayReach(summary, projectFor(context, extraPatchers).reach);
  } catch {
    return true;
  }
}

/** Transitive facts of a local file (what evaluating it loads, patches and starts). */
export function moduleFacts(context: AnyContext, filePath: string, extraPatchers: readonly PatcherEntry[] = []): ModuleFacts | null {
  try {
    return projectFor(context, extraPatchers).walker.facts(filePath);
  } catch {
    return null;
  }
}

/** The chain by which evaluating a local file loads another (a mocked file), or null. */
export function pathToFile(context: AnyContext, from: string, target: string, extraPatchers: readonly PatcherEntry[] = []) {
  try {
    return projectFor(context, extraPatchers).walker.pathToFile(from, target);
  } catch {
    return null;
  }
}

/** What an exported function of a local module does when called (from its cached summary). */
export function calledFunction(context: AnyContext, filePath: string, name: string, extraPatchers: readonly PatcherEntry[] = []) {
  try {
    return dependencySummary(projectFor(context, extraPatchers), filePath)?.exportedFunctions?.[name] ?? null;
  } catch {
    return null;
  }
}

export function preloadsOf(context: AnyContext): Preload[] {
  const project = projectFor(context);
  try {
    return preloadsFor(context.filename, project.root, project.settings.preloaded ?? []);
  } catch {
    return [];
  }
}

/** Drop every cache (tests; a long-lived host that knows files changed). */
export function clearAnalysisCaches(): void {
  for (const p of projects.values()) {
    p.cache.clear();
    p.walker.clear();
    p.reach.clear();
  }
  projects.clear();
}
