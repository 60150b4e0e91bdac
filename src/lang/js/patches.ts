import { join } from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import type { LoadEvent, PatchEvent, Resolver } from '../../graph/types.js';
import { moduleKeys } from '../../graph/walk.js';
import type { PatcherEntry } from '../../catalog/types.js';
import { jsPackageLoads, jsPatchers } from '../../catalog/js-patchers.js';
import { readText } from '../../util/fs-cache.js';
import { parseJsonc } from '../../util/jsonc.js';
import type { CallSite, Detector, ModuleBinding } from './detector-types.js';
import type { FormatInfo } from './format.js';
import { forEachChild, isProcessEnv, locOf, unwrap } from './ast-helpers.js';
import { modulePathOf } from './module-path.js';
import { nearestPackageJson } from './package-root.js';
import type { EnvWrite } from './summarize.js';

type Node = TSESTree.Node;

export interface PatchCatalog {
  entries: PatcherEntry[];
  bySideEffect: Map<string, PatcherEntry>;
  /** Activation calls by module; `enables` marks a call that turns one integration on (`tracer.use('pg')`). */
  byCall: Map<string, { entry: PatcherEntry; call: string; enables?: boolean }[]>;
  byMockCallee: Map<string, PatcherEntry>;
  byId: Map<string, PatcherEntry>;
}

/** Index the catalog (plus entries from rule options, which replace built-ins with the same id). */
export function buildCatalog(extra: readonly PatcherEntry[] = []): PatchCatalog {
  const byId = new Map<string, PatcherEntry>();
  for (const e of [...jsPatchers, ...extra]) if (e.language === 'js') byId.set(e.id, e);
  const catalog: PatchCatalog = { entries: [...byId.values()], bySideEffect: new Map(), byCall: new Map(), byMockCallee: new Map(), byId };
  for (const entry of catalog.entries) {
    for (const a of entry.activations) {
      if (a.kind === 'side-effect') catalog.bySideEffect.set(a.module, entry);
      else if (a.kind === 'call') {
        const list = catalog.byCall.get(a.module) ?? [];
        list.push({ entry, call: a.call });
        catalog.byCall.set(a.module, list);
      } else catalog.byMockCallee.set(a.callee, entry);
    }
    const enable = entry.enableCalls;
    for (const call of enable?.calls ?? []) {
      const list = catalog.byCall.get(enable!.module) ?? [];
      list.push({ entry, call, enables: true });
      catalog.byCall.set(enable!.module, list);
    }
  }
  return catalog;
}

function patchEvent(entry: PatcherEntry, format: FormatInfo, node: Node, statement: Node | null, extra: Partial<PatchEvent> = {}): PatchEvent {
  const targets = extra.targets ?? entry.targets;
  return {
    kind: 'patch',
    patcherId: entry.id,
    targets,
    activation: 'call',
    // An activation that patches nothing (dd-trace `plugins: false`) needs no preload either.
    requireHookOnly: !!entry.esmNeedsPreload && format.nativeEsm && targets.length > 0,
    captureOnly: entry.captureOnly,
    capturesMatter: capturesMatter(entry),
    loadTargets: entry.loadTargets,
    directLoadTargets: entry.directLoadTargets,
    loc: locOf(node),
    statementRange: statement ? [statement.range[0], statement.range[1]] : undefined,
    ...extra,
  };
}

export function capturesMatter(entry: PatcherEntry): boolean {
  return entry.family === 'instrument-first' || entry.family === 'monkey-patch' || !!entry.captureOnly;
}

/** The file being summarized and the root it may read within (for project configuration such as `_moduleAliases`). */
export interface SummaryPlace {
  filename: string;
  root: string;
}

/**
 * `import 'dd-trace/init'`, `require('newrelic')`: the load itself activates the patcher. A package known to load
 * an activation module itself (`@nestjs/common` imports `reflect-metadata`) activates it too.
 */
export function sideEffectPatches(catalog: PatchCatalog, format: FormatInfo, place?: SummaryPlace): (load: LoadEvent) => PatchEvent[] {
  return (load) => {
    const entry = sideEffectEntry(catalog, load.specifier);
    if (!entry) return impliedActivations(catalog, load);
    return [
      {
        kind: 'patch',
        patcherId: entry.id,
        targets: projectTargets(entry, place, null, entry.targets),
        activation: 'side-effect',
        requireHookOnly: !!entry.esmNeedsPreload && format.nativeEsm,
        captureOnly: entry.captureOnly,
        capturesMatter: capturesMatter(entry),
        loc: load.loc,
        statementRange: load.statementRange,
      },
    ];
  };
}

function sideEffectEntry(catalog: PatchCatalog, specifier: string): PatcherEntry | undefined {
  return catalog.bySideEffect.get(specifier) ?? catalog.bySideEffect.get(specifier.replace(/\.(?:js|cjs|mjs)$/, ''));
}

/**
 * Activation modules a package loads while it loads (package load table, followed a few levels:
 * `@nestjs/core` → `@nestjs/common` → `reflect-metadata`). The project did not write that activation and cannot
 * move it, so nothing is reported against it (`impliedBy`); it makes the patcher active from this load on, so an
 * explicit `import 'reflect-metadata'` further down is not "too late" for what loads in between.
 */
function impliedActivations(catalog: PatchCatalog, load: LoadEvent): PatchEvent[] {
  if (load.resolved.type !== 'package') return [];
  const out: PatchEvent[] = [];
  const seen = new Set<string>(moduleKeys(load.resolved));
  let level = [...seen];
  for (let depth = 0; depth < 4 && level.length; depth++) {
    const next: string[] = [];
    for (const name of level) {
      for (const loaded of jsPackageLoads[name] ?? []) {
        if (seen.has(loaded)) continue;
        seen.add(loaded);
        next.push(loaded);
        const entry = sideEffectEntry(catalog, loaded);
        if (entry && !out.some((e) => e.patcherId === entry.id)) {
          out.push({ kind: 'patch', patcherId: entry.id, targets: entry.targets, activation: 'side-effect', requireHookOnly: false, loc: load.loc, impliedBy: load.specifier });
        }
      }
    }
    level = next;
  }
  return out;
}

/**
 * Targets an entry gets from the project's configuration: module-alias registers the aliases of the nearest
 * package.json (`_moduleAliases`), or those `addAliases({...})` / `addAlias(name, path)` name; a specifier that
 * uses one fails ("Cannot find module '@lib/db'") when it loads before the registration. `alias/*` stands for
 * every specifier below the alias.
 */
function projectTargets(entry: PatcherEntry, place: SummaryPlace | undefined, call: TSESTree.CallExpression | null, targets: string[]): string[] {
  if (entry.id !== 'module-alias' || !place) return targets;
  let aliases: string[];
  const first = call?.arguments[0];
  if (first?.type === 'ObjectExpression') {
    aliases = first.properties.flatMap((p) =>
      p.type === 'Property' && !p.computed ? [p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : ''] : [],
    );
  } else if (first?.type === 'Literal' && typeof first.value === 'string' && call && call.arguments.length >= 2) {
    aliases = [first.value];
  } else {
    const pkg = nearestPackageJson(place.filename, place.root);
    const json = pkg ? (parseJsonc(readText(join(pkg.dir, 'package.json')) ?? '') as { _moduleAliases?: unknown } | undefined) : undefined;
    const declared = json && typeof json === 'object' ? json._moduleAliases : undefined;
    aliases = declared && typeof declared === 'object' ? Object.keys(declared) : [];
  }
  const names = aliases.filter((a) => a && !a.startsWith('.') && !a.startsWith('/'));
  return [...targets, ...names.flatMap((a) => [a, `${a}/*`])];
}

/**
 * An import of an activation module that TypeScript drops (`import apm from 'elastic-apm-node/start'` with `apm`
 * never used as a value): the agent never starts. The event carries the unused bindings; it activates nothing.
 */
export function elidedActivations(catalog: PatchCatalog, format: FormatInfo): (load: LoadEvent, names: string[]) => PatchEvent[] {
  return (load, names) => {
    const entry = sideEffectEntry(catalog, load.specifier);
    if (!entry) return [];
    return [
      {
        kind: 'patch',
        patcherId: entry.id,
        targets: entry.targets,
        activation: 'side-effect',
        requireHookOnly: !!entry.esmNeedsPreload && format.nativeEsm,
        loc: load.loc,
        statementRange: load.statementRange,
        elided: { module: load.specifier, names },
      },
    ];
  };
}

/** Calls that activate a patcher: `tracer.init()`, `new NodeSDK({...}).start()`, `Sentry.init()`. */
export function patchCallDetector(catalog: PatchCatalog, format: FormatInfo, place?: SummaryPlace): Detector {
  return (site: CallSite) => {
    if (site.node.type !== 'CallExpression') return [];
    const path = site.modulePathOf(site.node.callee);
    if (!path) return [];
    const candidates = catalog.byCall.get(path.specifier) ?? catalog.byCall.get(path.specifier.replace(/^node:/, ''));
    const hit = candidates?.find((c) => c.call === path.path);
    if (!hit) return [];
    const statement = site.ancestors.find((a) => a.type.endsWith('Statement') || a.type === 'VariableDeclaration') ?? null;
    const first = site.node.arguments[0];
    let targets: string[];
    if (hit.enables) {
      // `tracer.use('pg')`: the integration its literal first argument names; any other argument says nothing.
      if (first?.type !== 'Literal' || typeof first.value !== 'string') return [];
      targets = hit.entry.enableCalls?.targets?.[first.value] ?? [first.value];
    } else targets = projectTargets(hit.entry, place, site.node, targetsAtCall(hit.entry, first));
    return [patchEvent(hit.entry, format, site.node, topLevel(site.ancestors) ?? statement, { targets, dependsOn: freeNames(site.node) })];
  };
}

type OptionValue = { kind: 'absent' } | { kind: 'unknown' } | { kind: 'expression' } | { kind: 'literal'; value: unknown };

/**
 * The targets of an activation call, narrowed by its options (PatcherEntry.targetsWhen) when they are written as an
 * object literal: `Sentry.init({ dsn, tracesSampleRate: 1 })`, `tracer.init({ plugins: false })`. Anything the
 * literal does not settle (a variable, a spread, a computed key) leaves the documented default, `targets`.
 */
export function targetsAtCall(entry: PatcherEntry, options: TSESTree.CallExpressionArgument | undefined): string[] {
  if (!entry.targetsWhen?.length || !options || options.type === 'SpreadElement') return entry.targets;
  const object = unwrap(options);
  if (object.type !== 'ObjectExpression') return entry.targets;
  for (const when of entry.targetsWhen) {
    const value = optionValue(object, when.option);
    if (value.kind === 'unknown') return entry.targets;
    if (when.present) {
      const present = value.kind === 'expression' || (value.kind === 'literal' && value.value != null);
      if (present) return when.targets;
    } else if (when.equals !== undefined) {
      if (value.kind === 'expression') return entry.targets;
      if (value.kind === 'literal' && value.value === when.equals) return when.targets;
    }
  }
  return entry.targets;
}

/** What an object literal gives its key `name` (the last write wins; a later spread or computed key may override it). */
function optionValue(object: TSESTree.ObjectExpression, name: string): OptionValue {
  let value: OptionValue = { kind: 'absent' };
  for (const prop of object.properties) {
    if (prop.type === 'SpreadElement') {
      value = { kind: 'unknown' };
      continue;
    }
    const key = !prop.computed && prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'Literal' ? String(prop.key.value) : null;
    if (key === null) {
      value = { kind: 'unknown' };
      continue;
    }
    if (key !== name) continue;
    const v = unwrap(prop.value as Node);
    if (v.type === 'Literal' && !('regex' in v && v.regex) && !('bigint' in v && v.bigint)) value = { kind: 'literal', value: v.value };
    else if (v.type === 'Identifier' && v.name === 'undefined') value = { kind: 'literal', value: undefined };
    else value = { kind: 'expression' };
  }
  return value;
}

/** Packages whose `parse()` turns the text of an env file into an object of variables. */
const ENV_PARSERS = new Set(['dotenv', '@dotenvx/dotenvx']);

/**
 * A project's own env loader, written around dotenv's parser: `Object.assign(process.env, dotenv.parse(text))`,
 * `dotenv.populate(process.env, parsed)`, `Object.entries(parsed).forEach(([k, v]) => { process.env[k] = v; })`.
 * It fills process.env like `dotenv.config()`, so it is that patcher's activation.
 */
export function envLoaderDetector(catalog: PatchCatalog, format: FormatInfo): Detector {
  return (site) => {
    const entry = catalog.byId.get('dotenv');
    const call = site.node;
    if (!entry || call.type !== 'CallExpression') return [];
    const callee = unwrap(call.callee);
    const [first, ...rest] = call.arguments;
    const at = (): PatchEvent[] => [patchEvent(entry, format, call, topLevel(site.ancestors), { dependsOn: freeNames(call) })];
    const path = site.modulePathOf(callee);
    if (path && ENV_PARSERS.has(path.specifier) && path.path === 'populate' && first && isProcessEnv(first)) return at();
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return [];
    const method = callee.property.name;
    if (method === 'assign' && callee.object.type === 'Identifier' && callee.object.name === 'Object' && first && isProcessEnv(first)) {
      return rest.some((arg) => fromEnvParse(arg, site.ancestors, site.modulePathOf, site.valuesOf)) ? at() : [];
    }
    if (method === 'forEach' && first && (first.type === 'ArrowFunctionExpression' || first.type === 'FunctionExpression')) {
      return writesProcessEnv(first.body) && fromEnvParse(callee.object, site.ancestors, site.modulePathOf, site.valuesOf) ? at() : [];
    }
    return [];
  };
}

/** `process.env[key] = parsed[key]` where `parsed` is what dotenv's `parse()` returned (also as a loop's source). */
export function envWritePatches(catalog: PatchCatalog, format: FormatInfo): (write: EnvWrite) => PatchEvent[] {
  return (write) => {
    const entry = catalog.byId.get('dotenv');
    if (!entry || !fromEnvParse(write.node.right, write.ancestors, write.modulePathOf, write.valuesOf)) return [];
    return [patchEvent(entry, format, write.node, topLevel(write.ancestors))];
  };
}

/**
 * Whether `node` holds what an env parser returned: it mentions `dotenv.parse(…)` or a const set to it, or it is
 * written inside a loop over such a value (`for (const k in parsed)`).
 */
function fromEnvParse(node: Node, ancestors: readonly Node[], pathOf: CallSite['modulePathOf'], valuesOf?: CallSite['valuesOf']): boolean {
  const sources: Node[] = [node];
  for (const a of ancestors) if (a.type === 'ForOfStatement' || a.type === 'ForInStatement') sources.push(a.right);
  let found = false;
  const followed = new Set<string>();
  const visit = (n: Node): void => {
    if (found || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return;
    if (n.type === 'Identifier' || n.type === 'CallExpression') {
      const path = pathOf(n);
      if (path && ENV_PARSERS.has(path.specifier) && path.path.startsWith('parse(')) {
        found = true;
        return;
      }
    }
    // `const fromFile = exists ? parse(text) : {}`, `merged = { ...merged, ...parse(text) }`: what the name held.
    if (n.type === 'Identifier' && valuesOf && !followed.has(n.name)) {
      followed.add(n.name);
      for (const value of valuesOf(n.name)) visit(value);
      return;
    }
    forEachChild(n, visit, true);
  };
  for (const s of sources) visit(s);
  return found;
}

/** A body that assigns to `process.env[…]`. */
function writesProcessEnv(body: Node): boolean {
  let found = false;
  const visit = (n: Node): void => {
    if (found) return;
    if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression' && isProcessEnv(n.left.object)) found = true;
    else forEachChild(n, visit, true);
  };
  visit(body);
  return found;
}


function topLevel(ancestors: readonly Node[]): Node | null {
  return ancestors[0]?.type === 'Program' ? (ancestors[1] ?? null) : null;
}

/** Identifiers a call reads (callee root and arguments), for "can it move up?" checks. */
function freeNames(node: TSESTree.CallExpression): string[] {
  const names = new Set<string>();
  const visit = (n: Node, parent: Node | null, key: string | null) => {
    if (n.type === 'Identifier') {
      if (!(parent?.type === 'MemberExpression' && key === 'property' && !parent.computed) && !(parent?.type === 'Property' && key === 'key' && !parent.computed)) {
        names.add(n.name);
      }
      return;
    }
    forEachChild(n, (c, k) => visit(c, n, k));
  };
  visit(node, null, null);
  return [...names];
}

/** Mocks registered at module time, in place (a later `await import()` sees them). */
export function mockCallDetector(catalog: PatchCatalog, resolver: Resolver, format: FormatInfo): Detector {
  return (site) => {
    if (site.node.type !== 'CallExpression' || catalog.byMockCallee.size === 0) return [];
    const callee = calleeText(site.node.callee);
    const entry = callee ? catalog.byMockCallee.get(callee) : undefined;
    if (!entry) return [];
    const event = mockEvent(entry, site.node, site.bindings, resolver, site.filename, format);
    return event ? [event] : [];
  };
}

/**
 * Test mocks registered inside functions (test callbacks) that do not run at module time. Static
 * imports have run by then, so the events go at the end of the timeline; mocks already found at
 * module time (`seen`, by position) are skipped. `jest.mock` / `vi.mock` are hoisted by their
 * transformers and are never events.
 */
export function mockPatches(
  program: TSESTree.Program,
  catalog: PatchCatalog,
  bindings: ReadonlyMap<string, ModuleBinding>,
  resolver: Resolver,
  filename: string,
  format: FormatInfo,
  seen: ReadonlySet<string> = new Set(),
): PatchEvent[] {
  if (catalog.byMockCallee.size === 0) return [];
  const out: PatchEvent[] = [];
  const visit = (n: Node) => {
    if (n.type === 'CallExpression') {
      const callee = calleeText(n.callee);
      const entry = callee ? catalog.byMockCallee.get(callee) : undefined;
      if (entry && !seen.has(`${n.loc.start.line}:${n.loc.start.column}`)) {
        const event = mockEvent(entry, n, bindings, resolver, filename, format);
        if (event) out.push(event);
      }
    }
    forEachChild(n, visit);
  };
  visit(program);
  return out;
}

function mockEvent(
  entry: PatcherEntry,
  call: TSESTree.CallExpression,
  bindings: ReadonlyMap<string, ModuleBinding>,
  resolver: Resolver,
  filename: string,
  format: FormatInfo,
): PatchEvent | null {
  const first = call.arguments[0];
  if (!first) return null;
  if (entry.captureOnly) {
    // sinon.stub(moduleObject, 'name'), jest.spyOn(fs, 'readFile'): only that export, and only copies of it, are affected.
    const target = modulePathOf(first, bindings, new Map());
    const name = call.arguments[1];
    if (!target || target.path !== '' || name?.type !== 'Literal' || typeof name.value !== 'string') return null;
    const keys = moduleKeys(resolver.resolve(target.specifier, filename));
    return patchEvent(entry, format, call, null, { activation: 'mock', targets: keys, names: [name.value], captureOnly: true, requireHookOnly: false });
  }
  if (first.type !== 'Literal' || typeof first.value !== 'string') return null;
  const keys = moduleKeys(resolver.resolve(first.value, filename));
  return patchEvent(entry, format, call, null, { activation: 'mock', targets: keys, requireHookOnly: false });
}

function calleeText(node: Node): string | null {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
    const base = calleeText(n.object);
    return base ? `${base}.${n.property.name}` : null;
  }
  return null;
}
