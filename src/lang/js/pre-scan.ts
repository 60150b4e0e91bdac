import type { LightScan } from '../../graph/pre-scan.js';
import type { Resolver } from '../../graph/types.js';
import type { PatchCatalog } from './patches.js';
import { packageNameOf } from './resolve.js';

// import … from 'x', import 'x', export … from 'x', require('x'), import('x'), import x = require('x')
const SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*(['"`])([^'"`\r\n]+)\1/g;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What a file that names a patcher package must also contain to activate that patcher. */
interface ActivationText {
  id: string;
  /** Side-effect activation modules (`dd-trace/init`, `newrelic`): importing one is the activation. */
  modules: readonly string[];
  /** The calls that activate (`init`, `NodeSDK`, `use`, `config`), as words; null: naming the package may be enough. */
  words: RegExp | null;
}

export interface PatcherMentions {
  /** Packages whose import or require can activate a patcher (`dd-trace`, `@sentry/node`, `dotenv`), with what activates each. */
  packages: Map<string, ActivationText[]>;
  /** Mock calls, found by their text (`jest.unstable_mockModule`, `mock.module`). */
  mocks: RegExp | null;
}

/** The first name of an activating call path: `init` of `init().use`, `NodeSDK` of `new NodeSDK().start`. */
const firstWord = (call: string) => /^(?:new\s+)?([\w$]+)/.exec(call)?.[1] ?? null;

/** Patchers whose activations the summarizer finds beyond their listed calls (dotenv: `process.env = dotenv.parse(…)`). */
const ANY_USE_ACTIVATES = new Set(['dotenv']);

/**
 * What a file must contain to activate a patcher: an import or require of a patcher package (a comment
 * naming one does not count), or a mock call. Per patcher, also the activating import or call by name: a file
 * that only imports `addBreadcrumb` from `@sentry/node` names the package but cannot start Sentry.
 */
export function patcherMentions(catalog: PatchCatalog): PatcherMentions {
  const packages = new Map<string, ActivationText[]>();
  const mocks = new Set<string>();
  for (const e of catalog.entries) {
    const modules: string[] = [];
    const words = new Set<string>();
    let anyUse = ANY_USE_ACTIVATES.has(e.id);
    for (const a of e.activations) {
      if (a.kind === 'mock') mocks.add(a.callee.replace(/^(?:t|context)\./, ''));
      else if (a.kind === 'side-effect') modules.push(a.module);
      else if (!a.call || !firstWord(a.call)) anyUse = true;
      else words.add(firstWord(a.call)!);
    }
    for (const call of e.enableCalls?.calls ?? []) {
      const w = firstWord(call);
      if (w) words.add(w);
      else anyUse = true;
    }
    const text: ActivationText = { id: e.id, modules, words: anyUse ? null : words.size ? new RegExp(`\\b(?:${[...words].map(escape).join('|')})\\b`) : /(?!)/ };
    for (const a of e.activations) {
      if (a.kind === 'mock') continue;
      const name = packageNameOf(a.module).name;
      const list = packages.get(name) ?? [];
      if (!list.some((t) => t.id === e.id)) list.push(text);
      packages.set(name, list);
    }
  }
  return { packages, mocks: mocks.size ? new RegExp([...mocks].map(escape).join('|')) : null };
}

/** `import type … from` / `export type … from` just before a specifier: erased by every compiler, it loads nothing. */
const TYPE_ONLY_BEFORE = /\b(?:import|export)\s+type\s[^;'"`()]*$/;

function typeOnly(text: string, at: number): boolean {
  return TYPE_ONLY_BEFORE.test(text.slice(Math.max(0, at - 400), at));
}

/**
 * One copy of each package name, made from a fresh string: a name cut out of a file's text by a regular expression
 * may share that text's memory, and scans are kept for every file of the project.
 */
const NAMES = new Map<string, string>();
function intern(name: string): string {
  let known = NAMES.get(name);
  if (known === undefined) {
    known = Buffer.from(name, 'utf8').toString('utf8');
    NAMES.set(known, known);
  }
  return known;
}

const NONE: readonly string[] = Object.freeze([]);

export function jsLightScanner(resolver: Resolver, mentions: PatcherMentions): (path: string, text: string) => LightScan {
  return (path, text) => {
    const deps: string[] = [];
    let hit = false;
    let patchers: string[] | undefined;
    let requireCall = false;
    const packages: string[] = [];
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[2]!;
      if (m[0].startsWith('require')) requireCall = true;
      const named = mentions.packages.get(packageNameOf(spec.replace(/^node:/, '')).name);
      if (named && !typeOnly(text, m.index)) {
        hit = true;
        const bare = spec.replace(/\.(?:js|cjs|mjs)$/, '');
        for (const t of named) {
          if (patchers?.includes(t.id)) continue;
          if (t.words === null || t.modules.includes(bare) || t.words.test(text)) (patchers ??= []).push(t.id);
        }
      }
      const r = resolver.resolve(spec, path);
      if (r.type === 'file') deps.push(r.path);
      else if ((r.type === 'package' || r.type === 'builtin') && !packages.includes(r.name)) packages.push(intern(r.name));
    }
    // Scans are kept for every file of the project: an empty list is the one shared empty list.
    const depsKept = deps.length ? deps : NONE;
    const packagesKept = packages.length ? packages : NONE;
    // A mock call may stand for any patcher: the file is then waited for until it has run.
    if (mentions.mocks?.test(text)) return { deps: depsKept, hit: true, requireCall, packages: packagesKept };
    return hit
      ? { deps: depsKept, hit, patchers: patchers ?? NONE, requireCall, packages: packagesKept }
      : { deps: depsKept, hit, requireCall, packages: packagesKept };
  };
}
