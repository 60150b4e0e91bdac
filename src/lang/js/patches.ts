import type { TSESTree } from '@typescript-eslint/utils';
import type { LoadEvent, PatchEvent, Resolver } from '../../graph/types.js';
import { moduleKeys } from '../../graph/walk.js';
import type { PatcherEntry } from '../../catalog/types.js';
import { jsPatchers } from '../../catalog/js-patchers.js';
import type { CallSite, Detector, ModuleBinding } from './detector-types.js';
import type { FormatInfo } from './format.js';
import { forEachChild, locOf, unwrap } from './ast-helpers.js';
import { modulePathOf } from './module-path.js';

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

/** `import 'dd-trace/init'`, `require('newrelic')`: the load itself activates the patcher. */
export function sideEffectPatches(catalog: PatchCatalog, format: FormatInfo): (load: LoadEvent) => PatchEvent[] {
  return (load) => {
    const spec = load.specifier.replace(/\.(?:js|cjs|mjs)$/, '');
    const entry = catalog.bySideEffect.get(load.specifier) ?? catalog.bySideEffect.get(spec);
    if (!entry) return [];
    return [
      {
        kind: 'patch',
        patcherId: entry.id,
        targets: entry.targets,
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

/** Calls that activate a patcher: `tracer.init()`, `new NodeSDK({...}).start()`, `Sentry.init()`. */
export function patchCallDetector(catalog: PatchCatalog, format: FormatInfo): Detector {
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
    } else targets = targetsAtCall(hit.entry, first);
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
  if (entry.id === 'sinon.stub') {
    // sinon.stub(moduleObject, 'name'): only that export, and only copies of it, are affected.
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
