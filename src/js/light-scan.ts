import type { LightScan } from '../graph/reach.js';
import type { Resolver } from '../graph/types.js';
import type { PatchCatalog } from './patches.js';

// import … from 'x', import 'x', export … from 'x', require('x'), import('x'), import x = require('x')
const SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*(['"`])([^'"`\r\n]+)\1/g;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The words whose absence from a file proves it activates no patcher of the catalog. */
export function patcherMentionPattern(catalog: PatchCatalog): RegExp {
  const words = new Set<string>();
  for (const e of catalog.entries) {
    for (const a of e.activations) {
      if (a.kind === 'mock') words.add(a.callee.replace(/^(?:t|context)\./, ''));
      else words.add(a.module.split('/')[0]!.startsWith('@') ? a.module.split('/').slice(0, 2).join('/') : a.module.split('/')[0]!);
    }
  }
  return new RegExp([...words].map(escape).join('|'));
}

export function jsLightScanner(resolver: Resolver, mention: RegExp): (path: string, text: string) => LightScan {
  return (path, text) => {
    const deps: string[] = [];
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[2]!;
      const r = resolver.resolve(spec, path);
      if (r.type === 'file') deps.push(r.path);
    }
    return { deps, hit: mention.test(text) };
  };
}
