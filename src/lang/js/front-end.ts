/**
 * The JavaScript / TypeScript front end: module format and evaluation order (src/lang/js/format.ts), summaries
 * from ESTree (summarize.ts), resolution (resolve.ts), the text pre-scan (pre-scan.ts) and the patcher catalog
 * with the rule options' additions (patches.ts).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { jsPackageLoads } from '../../catalog/js-patchers.js';
import type { PatcherEntry } from '../../catalog/types.js';
import type { LightScan } from '../../graph/pre-scan.js';
import type { ModuleSummary, ResolvedModule } from '../../graph/types.js';
import type { PatchOrderSettings } from '../../util/settings.js';
import type { FrontEnd } from '../front-end.js';
import { extraDetectors } from './detector-registry.js';
import { formatOf } from './format.js';
import { hasModuleSyntax, parseDependency } from './parse.js';
import {
  buildCatalog, elidedActivations, envLoaderDetector, envWritePatches, mockCallDetector, mockPatches, patchCallDetector, sideEffectPatches,
  type PatchCatalog,
} from './patches.js';
import { jsLightScanner, patcherMentions } from './pre-scan.js';
import { JsResolver } from './resolve.js';
import { importsFirst, summarizeJs } from './summarize.js';

export interface JsState {
  root: string;
  emitter: PatchOrderSettings['emitter'];
  catalog: PatchCatalog;
  resolver: JsResolver;
  preScan: (path: string, text: string) => LightScan;
}

const SOURCE = /\.[cm]?[jt]sx?$/;

export const jsFrontEnd: FrontEnd<JsState, PatcherEntry> = {
  id: 'js',
  lintedServesDependents: true,
  createState(root, roots, settings, extra) {
    const catalog = buildCatalog(extra);
    const resolver = new JsResolver(root, { roots, ttlMs: settings.cacheFreshnessMs ?? 1000 });
    return { root, emitter: settings.emitter, catalog, resolver, preScan: jsLightScanner(resolver, patcherMentions(catalog)) };
  },
  readable: (_state, path) => !path.includes('/node_modules/') && SOURCE.test(path),
  summarizeText: (state, path, text) => summarize(state, path, parseDependency(path, text), text),
  summarizeLinted: (state, file) => summarize(state, file.filename, file.sourceCode.ast as TSESTree.Program, file.sourceCode.text),
  preScan: (state, path, text) => state.preScan(path, text),
  packageLoads: (_state, resolved) => packageLoads(resolved),
  interesting(state) {
    const keys = new Set<string>(['process.env', ...state.catalog.entries.flatMap((e) => e.targets), ...Object.values(jsPackageLoads).flat()]);
    return (key) => keys.has(key);
  },
  sameForEveryEmitter: (summary) => emitterFree.has(summary),
  coversAll(state, event) {
    // A mock, an import a package makes itself (the project's own activation further down still counts), an
    // import the compiler drops or a start from native ESM: never the last word on its patcher.
    if (event.activation === 'mock' || event.impliedBy || event.elided || event.requireHookOnly) return false;
    const entry = state.catalog.byId.get(event.patcherId);
    // An enable call (`tracer.use('x')`) may turn on a plugin by any name, beyond every list: never the last word.
    if (!entry || entry.enableCalls) return false;
    return everyTarget(entry).every((t) => event.targets.includes(t));
  },
};

/** Every target an activation of the patcher can have: the default ones, and those its options select. */
function everyTarget(entry: PatcherEntry): string[] {
  const out = new Set(entry.targets);
  for (const w of entry.targetsWhen ?? []) for (const t of w.targets) out.add(t);
  return [...out];
}

function packageLoads(resolved: ResolvedModule): readonly string[] {
  if (resolved.type !== 'package') return [];
  const own = jsPackageLoads[resolved.name] ?? [];
  const sub = resolved.subpath ? (jsPackageLoads[`${resolved.name}/${resolved.subpath}`] ?? []) : [];
  return sub.length ? [...own, ...sub] : own;
}

/**
 * Whether the text may hold a mock call of the catalog: every part of one callee (`jest`, `spyOn`) appears in it. The
 * walk that finds mocks inside test callbacks visits every node of the file; most files have none.
 */
function mayMock(catalog: PatchCatalog, text: string): boolean {
  for (const callee of catalog.byMockCallee.keys()) if (callee.split('.').every((part) => text.includes(part))) return true;
  return false;
}

/**
 * Summaries that every `emitter` would give alike: the emitter only decides whether imports are hoisted when TypeScript
 * or import syntax is compiled to CommonJS, which changes nothing when no statement comes before an import.
 */
const emitterFree = new WeakSet<ModuleSummary>();

function summarize(state: JsState, filename: string, program: TSESTree.Program, text: string): ModuleSummary {
  const summary = summarizeWith(state, filename, program, text);
  const moduleSyntax = hasModuleSyntax(program);
  if (importsFirst(program) || formatOf(filename, state.root, moduleSyntax, 'tsc').order === formatOf(filename, state.root, moduleSyntax, 'swc').order) {
    emitterFree.add(summary);
  }
  return summary;
}

function summarizeWith(state: JsState, filename: string, program: TSESTree.Program, text: string): ModuleSummary {
  const format = formatOf(filename, state.root, hasModuleSyntax(program), state.emitter);
  const { catalog, resolver } = state;
  const place = { filename, root: state.root };
  return summarizeJs(program, {
    filename,
    format,
    resolver,
    detectors: [patchCallDetector(catalog, format, place), envLoaderDetector(catalog, format), mockCallDetector(catalog, resolver, format), ...extraDetectors(format)],
    onLoad: sideEffectPatches(catalog, format, place),
    onElided: elidedActivations(catalog, format),
    onEnvWrite: envWritePatches(catalog, format),
    afterTopLevel: (prog, bindings, events) => {
      if (!mayMock(catalog, text)) return [];
      const seen = new Set(events.flatMap((e) => (e.kind === 'patch' && e.activation === 'mock' ? [`${e.loc.line}:${e.loc.column}`] : [])));
      return mockPatches(prog, catalog, bindings, resolver, filename, format, seen);
    },
  });
}
