// How long the JS resolver trusts an answer (docs/editor.md): a specifier that resolves nowhere is asked again after
// the freshness window, so a file created for it is seen at the next lint; one that resolves is the project's layout,
// kept 30 s like the program index. Work is counted (stats.resolutions), time is a fake clock.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JsResolver } from '../../../src/lang/js/resolve.js';
import { clearFsCaches } from '../../../src/util/fs-cache.js';
import { stats } from '../../../src/util/stats.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-resolve-lifetime-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  clearFsCaches();
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => vi.useRealTimers());

const main = join(dir, 'main.ts');
const counted = (resolver: JsResolver, specifier: string) => {
  const before = stats.resolutions;
  const resolved = resolver.resolve(specifier, main);
  return { resolved, computed: stats.resolutions - before };
};

describe('resolution lifetimes', () => {
  it('unresolved: asked again after the freshness window, and a file created meanwhile is found', () => {
    const resolver = new JsResolver(dir, { ttlMs: 1000 });
    expect(counted(resolver, './instrument')).toEqual({ resolved: { type: 'unresolved', name: './instrument' }, computed: 1 });
    writeFileSync(join(dir, 'instrument.ts'), 'export {};\n');
    vi.setSystemTime(Date.now() + 500);
    expect(counted(resolver, './instrument').computed).toBe(0);
    vi.setSystemTime(Date.now() + 1_000);
    expect(counted(resolver, './instrument')).toEqual({ resolved: { type: 'file', path: join(dir, 'instrument.ts') }, computed: 1 });
  });

  it('resolved: kept 30 s, then asked again', () => {
    writeFileSync(join(dir, 'db.ts'), 'export {};\n');
    const resolver = new JsResolver(dir, { ttlMs: 1000 });
    expect(counted(resolver, './db').computed).toBe(1);
    vi.setSystemTime(Date.now() + 29_000);
    expect(counted(resolver, './db').computed).toBe(0);
    expect(counted(resolver, 'express')).toEqual({ resolved: { type: 'package', name: 'express' }, computed: 1 });
    vi.setSystemTime(Date.now() + 2_000);
    expect(counted(resolver, './db').computed).toBe(1);
    expect(counted(resolver, 'express').computed).toBe(0);
  });

  it('a freshness window longer than 30 s is kept for both', () => {
    writeFileSync(join(dir, 'cache.ts'), 'export {};\n');
    const resolver = new JsResolver(dir, { ttlMs: 60_000 });
    counted(resolver, './cache');
    counted(resolver, './missing');
    vi.setSystemTime(Date.now() + 45_000);
    expect(counted(resolver, './cache').computed + counted(resolver, './missing').computed).toBe(0);
  });

  it('results are frozen: summaries share them', () => {
    const resolver = new JsResolver(dir, { ttlMs: 1000 });
    expect(Object.isFrozen(resolver.resolve('./anything', main))).toBe(true);
  });
});
