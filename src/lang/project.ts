/**
 * One analysis project per ESLint configuration and front end: the validated settings, the readable roots, the
 * summary cache, the text pre-scan index and the graph walker, built around a `FrontEnd`. Per process (per
 * worker thread under `eslint --concurrency`), built lazily from disk, never from what was linted before.
 */
import { dirname, isAbsolute, join, parse as parsePath, resolve as resolvePath } from 'node:path';
import { DEFAULT_CACHE_OPTIONS, SummaryCache } from '../graph/cache.js';
import { ReachIndex, summaryMayReach, textCannotReach } from '../graph/pre-scan.js';
import type { ChainStep, ModuleSummary, PatchEvent } from '../graph/types.js';
import { GraphWalker, type GraphHost, type ModuleFacts, type ProgramWalk } from '../graph/walk.js';
import { ProgramIndex } from '../graph/program-index.js';
import { kindOf, realInside } from '../util/fs-cache.js';
import { guard } from '../util/guard.js';
import { isInside } from '../util/paths.js';
import { readSettings, type PatchOrderSettings } from '../util/settings.js';
import { stats } from '../util/stats.js';
import { textDigest } from '../util/digest.js';
import type { FrontEnd, LintedFile } from './front-end.js';

export interface Project<State> {
  readonly key: string;
  /** What its pre-scan, program index and emitter-free summaries are shared under (`scanKey`). */
  readonly scanKey: string;
  readonly frontEnd: FrontEnd<State, never>;
  /** The first root: where package.json, tsconfig and deployment files are looked for. */
  readonly root: string;
  readonly roots: readonly string[];
  readonly settings: PatchOrderSettings;
  readonly state: State;
  readonly cache: SummaryCache;
  readonly walker: GraphWalker;
  readonly reach: ReachIndex;
  /** Whether the walk may read `path`: inside a root (by real path too) and the front end's own test. */
  readable(path: string): boolean;
  /** Which project files other project files load (built on first use). */
  readonly index: ProgramIndex;
}

const projects = new Map<string, Project<unknown>>();
const lintedSummaries = new WeakMap<object, Map<string, ModuleSummary>>();
/** The last summaries of linted texts, by project and path, oldest first (an editor re-lints a few files). */
const recentSummaries = new Map<string, { text: string; summary: ModuleSummary }>();
const RECENT_LIMIT = 32;

/** The project for this file's configuration (`extra`: patchers added by rule options). */
export function projectFor<S, X>(frontEnd: FrontEnd<S, X>, file: LintedFile, extra: readonly X[] = []): Project<S> {
  const settings = readSettings(file);
  const cwd = file.cwd;
  const roots = (settings.roots?.length ? settings.roots : [defaultRoot(cwd, file.filename)]).map((r) => (isAbsolute(r) ? r : resolvePath(cwd, r)));
  const key = projectKey(frontEnd.id, roots, settings, extra);
  const known = projects.get(key);
  if (known) return known as Project<S>;
  const project = createProject(frontEnd, key, roots, settings, extra);
  projects.set(key, project as Project<unknown>);
  return project;
}

/**
 * The text pre-scan and the program index of a project depend on its roots, its patchers and how it resolves, not on
 * `emitter`, `preloaded`, `entries` or `maxDepth`: configurations that differ only there (a monorepo whose folders
 * are built by different compilers) share them, so the whole tree is read and indexed once.
 */
const scanIndexes = new Map<string, { reach: ReachIndex; index: ProgramIndex }>();

function scanKey(frontEndId: string, roots: readonly string[], settings: PatchOrderSettings, extra: readonly unknown[]): string {
  const { emitter: _e, preloaded: _p, entries: _n, maxDepth: _d, ...rest } = settings;
  return JSON.stringify([frontEndId, roots, rest, extra]);
}

/** Project keys per settings object (the same object for equal settings: readSettings): asked for every file. */
const keysBySettings = new WeakMap<object, Map<string, string>>();

function projectKey(frontEndId: string, roots: readonly string[], settings: PatchOrderSettings, extra: readonly unknown[]): string {
  let keys = keysBySettings.get(settings);
  if (!keys) keysBySettings.set(settings, (keys = new Map()));
  const short = `${frontEndId}\0${roots.join('\0')}\0${extra.length ? JSON.stringify(extra) : ''}`;
  let key = keys.get(short);
  if (key === undefined) keys.set(short, (key = JSON.stringify([frontEndId, roots, settings, extra])));
  return key;
}

/** Files whose directory is a project's own root. */
const PROJECT_MARKERS = ['package.json', 'tsconfig.json', 'pyproject.toml', 'setup.py', 'setup.cfg'];

/**
 * The project root when `settings.roots` is not set: ESLint's cwd, where the configuration is. A cwd that is the
 * filesystem's root (typescript-eslint's RuleTester passes `/` with absolute file names; a lint run from `/`) would
 * make the program index list the whole disk: the nearest directory above the file with a project file is used.
 */
function defaultRoot(cwd: string, filename: string): string {
  if (parsePath(cwd).root !== cwd || !isAbsolute(filename)) return cwd;
  for (let dir = dirname(filename); ; dir = dirname(dir)) {
    if (PROJECT_MARKERS.some((m) => kindOf(join(dir, m)) === 'file')) return dir;
    if (dirname(dir) === dir) return dirname(filename);
  }
}

function createProject<S, X>(frontEnd: FrontEnd<S, X>, key: string, roots: string[], settings: PatchOrderSettings, extra: readonly X[]): Project<S> {
  const root = roots[0]!;
  const state = frontEnd.createState(root, roots, settings, extra);
  const cache = new SummaryCache({ ...DEFAULT_CACHE_OPTIONS, freshnessMs: settings.cacheFreshnessMs ?? DEFAULT_CACHE_OPTIONS.freshnessMs });
  const readable = (path: string) => roots.some((r) => isInside(path, r)) && frontEnd.readable(state, path) && realInside(path, roots);
  const sharedKey = scanKey(frontEnd.id, roots, settings, extra);
  let shared = scanIndexes.get(sharedKey);
  if (!shared) {
    const quietTest = frontEnd.quietTest?.(state);
    const reach = new ReachIndex(
      (path, text) => frontEnd.preScan(state, path, text),
      readable,
      cache.options.freshnessMs,
      undefined,
      quietTest ? { roots, test: quietTest, maxFiles: settings.maxModules ?? 20_000, readable: (path: string) => frontEnd.readable(state, path) } : undefined,
    );
    const index = new ProgramIndex({
      roots,
      readable: (path) => frontEnd.readable(state, path) && roots.some((r) => isInside(path, r)),
      deps: (path) => reach.scanListed(path)?.deps ?? null,
      freshnessMs: cache.options.freshnessMs,
      maxFiles: settings.maxModules ?? 20_000,
    });
    scanIndexes.set(sharedKey, (shared = { reach, index }));
  }
  const { reach, index } = shared;
  const interesting = frontEnd.interesting?.(state);
  const project: Project<S> = {
    key,
    scanKey: sharedKey,
    frontEnd: frontEnd as FrontEnd<S, never>,
    root,
    roots,
    settings,
    state,
    cache,
    reach,
    readable,
    index,
    walker: new GraphWalker({
      summary: (path) => dependencySummary(project, path),
      ...walkBounds(cache, settings),
      packageLoads: (resolved) => frontEnd.packageLoads(state, resolved),
      ...(interesting ? { interesting } : {}),
      mayActivate: (path) => reach.mentions(path),
      activatorsFrom: (paths) => reach.activatorsFrom(paths),
      patchersNamedIn: (path) => reach.patchersNamedIn(path),
      ...(frontEnd.coversAll ? { coversAll: (event: PatchEvent) => frontEnd.coversAll!(state, event) } : {}),
    }),
  };
  return project;
}

/**
 * What every walker over a project's summaries shares besides the summaries: the cache epoch, the freshness and the
 * bounds. A check that asks a narrower question (the Python spawns) builds its own walker with them.
 */
export function walkBounds(cache: SummaryCache, settings: PatchOrderSettings): Pick<GraphHost, 'epoch' | 'freshnessMs' | 'maxDepth' | 'maxModules'> {
  return { epoch: () => cache.epoch, freshnessMs: cache.options.freshnessMs, maxDepth: settings.maxDepth ?? 500, maxModules: settings.maxModules ?? 20_000 };
}

/** The summary of a file the walk reaches (cached, validated by mtime and size), or null when it cannot be read. */
export function dependencySummary<S>(project: Project<S>, path: string): ModuleSummary | null {
  if (!project.readable(path)) return null;
  const other = project.frontEnd.summarizeOther?.(project.state, path);
  if (other !== undefined) return other;
  return project.cache.get(path, path, (file, text) => {
    // Another build group of the same tree may have summarized this very text already, alike for every emitter.
    const sharedKey = `${project.scanKey}\0${file}`;
    const digest = textDigest(text);
    const known = emitterFreeSummaries.get(sharedKey);
    if (known && known.digest === digest) return known.summary;
    const summary = project.frontEnd.summarizeText(project.state, file, text);
    if (project.frontEnd.sameForEveryEmitter?.(summary)) emitterFreeSummaries.set(sharedKey, { digest, summary });
    return summary;
  });
}

/**
 * Dependency summaries alike under every emitter, by scan key and path, with a digest of the text they were made
 * from (the texts themselves would be kept for every file of a single-group project that never shares one).
 */
const emitterFreeSummaries = new Map<string, { digest: string; summary: ModuleSummary }>();


/** The linted file's summary, from ESLint's AST: computed once per AST and project, shared by all rules. */
export function lintedSummary<S>(project: Project<S>, file: LintedFile): ModuleSummary {
  const ast = file.sourceCode.ast as object;
  let perProject = lintedSummaries.get(ast);
  if (!perProject) lintedSummaries.set(ast, (perProject = new Map()));
  let summary = perProject.get(project.key);
  // An editor lints the same text again (a new AST each time): the summary of that text is still right.
  const recentKey = `${project.key}\0${file.filename}`;
  const recent = recentSummaries.get(recentKey);
  if (!summary && recent && recent.text === file.sourceCode.text) {
    summary = recent.summary;
    perProject.set(project.key, summary);
  }
  if (!summary) {
    summary = project.frontEnd.summarizeLinted(project.state, file);
    stats.summariesComputed++;
    recentSummaries.delete(recentKey);
    recentSummaries.set(recentKey, { text: file.sourceCode.text, summary });
    if (recentSummaries.size > RECENT_LIMIT) recentSummaries.delete(recentSummaries.keys().next().value!);
    perProject.set(project.key, summary);
    // When ESLint's text is what is on disk, the summary also serves other files' walks.
    if (project.frontEnd.lintedServesDependents && isAbsolute(file.filename)) {
      project.cache.putIfOnDisk(file.filename, file.filename, file.sourceCode.text, summary);
    }
  }
  return summary;
}

/**
 * Before any AST walk: the file's text mentions no patcher and none of the local modules it may load reaches
 * one, so no-import-before-patch has nothing to find here.
 */
export function cannotReachPatch<S>(project: Project<S>, file: LintedFile): boolean {
  return guard(
    'pre-scan',
    () => {
      // No project file mentions a patcher and this text cannot either: whatever it loads, nothing reaches one.
      const quiet = project.frontEnd.quietTest?.(project.state);
      if (quiet && !quiet.mayHit(file.sourceCode.text) && project.reach.quietFiles()) return true;
      return textCannotReach(project.frontEnd.preScan(project.state, file.filename, file.sourceCode.text), project.reach, file.filename, file.sourceCode.text);
    },
    false,
  );
}

/** Can anything this module's evaluation reaches activate a patcher? From its summary and a text scan of its local loads. */
export function mayReachPatch<S>(project: Project<S>, summary: ModuleSummary): boolean {
  return guard('pre-scan', () => summaryMayReach(summary, project.reach), true);
}

/** Transitive facts of a local file: what evaluating it loads, patches and starts (null: none to know). */
export function moduleFacts<S>(project: Project<S>, path: string): ModuleFacts | null {
  return guard('graph walk', () => project.walker.facts(path), null);
}

/**
 * A walk of the program that starts at `entry`, in its evaluation order: it stops where nothing ahead can activate a
 * patch, so the modules a program loads after its last activation are not read (`GraphWalker.program`).
 */
export function programWalk<S>(project: Project<S>, entry: string, loads: readonly string[] = [], active: Iterable<string> = []): ProgramWalk {
  return new GuardedWalk(project.walker.program(entry, loads, active));
}

/** A program walk whose facts are guarded (an internal error gives none). A class for the reason `EntryWalk` is one. */
class GuardedWalk implements ProgramWalk {
  constructor(private readonly walk: ProgramWalk) {}

  facts(path: string): ModuleFacts | null {
    return guard('graph walk', () => this.walk.facts(path), null);
  }

  settled(): boolean {
    return this.walk.settled();
  }

  get ownActivationsAhead(): boolean {
    return this.walk.ownActivationsAhead;
  }

  set ownActivationsAhead(value: boolean) {
    this.walk.ownActivationsAhead = value;
  }

  neverSettle(): void {
    this.walk.neverSettle();
  }

  mayActivate(path: string): boolean {
    return this.walk.mayActivate(path);
  }

  activated(event: PatchEvent): void {
    this.walk.activated(event);
  }

  keeps(key: string): boolean {
    return this.walk.keeps(key);
  }
}

/** The facts of a local file run as a program of its own (a preload), cut after its last possible activation. */
export function programFacts<S>(project: Project<S>, path: string): ModuleFacts | null {
  return guard('graph walk', () => project.walker.programFacts(path), null);
}

/** The chain by which evaluating a local file loads another (a mocked file), or null. */
export function pathToFile<S>(project: Project<S>, from: string, target: string): ChainStep[] | null {
  return guard('graph walk', () => project.walker.pathToFile(from, target), null);
}

/** Drop every cache (tests; a long-lived host that knows files changed). */
export function clearProjects(): void {
  for (const p of projects.values()) {
    p.cache.clear();
    p.walker.clear();
    p.reach.clear();
    p.index.clear();
  }
  projects.clear();
  scanIndexes.clear();
  emitterFreeSummaries.clear();
  recentSummaries.clear();
}
