import type { LightScan } from '../../graph/pre-scan.js';
import type { Resolver } from '../../graph/types.js';
import type { PatchCatalog } from './patches.js';
import { packageNameOf } from './resolve.js';

// import … from 'x', import 'x', export … from 'x', require('x'), import('x'), import x = require('x')
const SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*(['"`])([^'"`\r\n]+)\1/g;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface PatcherMentions {
  /** Packages whose import or require can activate a patcher (`dd-trace`, `@sentry/node`, `dotenv`). */
  packages: Set<string>;
  /** Mock calls, found by their text (`jest.unstable_mockModule`, `mock.module`). */
  mocks: RegExp | null;
}

/**
 * What a file must contain to activate a patcher: an import or require of a patcher package (a comment
 * naming one does not count), or a mock call.
 */
export function patcherMentions(catalog: PatchCatalog): PatcherMentions {
  const packages = new Set<string>();
  const mocks = new Set<string>();
  for (const e of catalog.entries) {
    for (const a of e.activations) {
      if (a.kind === 'mock') mocks.add(a.callee.replace(/^(?:t|context)\./, ''));
      else packages.add(packageNameOf(a.module).name);
    }
  }
  return { packages, mocks: mocks.size ? new RegExp([...mocks].map(escape).join('|')) : null };
}

export function jsLightScanner(resolver: Resolver, mentions: PatcherMentions): (path: string, text: string) => LightScan {
  return (path, text) => {
    const deps: string[] = [];
    let hit = false;
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[2]!;
      if (!hit && mentions.packages.has(packageNameOf(spec.replace(/^node:/, '')).name)) hit = true;
      const r = resolver.resolve(spec, path);
      if (r.type === 'file') deps.push(r.path);
    }
    return { deps, hit: hit || (mentions.mocks?.test(text) ?? false) };
  };
}
