import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src/util/globs.js';

describe('globToRegExp', () => {
  it('matches paths, *, ** and ? as settings use them', () => {
    const m = (g: string, p: string) => globToRegExp(g).test(p);
    expect(m('src/main.ts', 'src/main.ts')).toBe(true);
    expect(m('./src/main.ts', 'src/main.ts')).toBe(true);
    expect(m('apps/*/src/main.ts', 'apps/api/src/main.ts')).toBe(true);
    expect(m('apps/*/src/main.ts', 'apps/a/b/src/main.ts')).toBe(false);
    expect(m('scripts/**', 'scripts/a/b.js')).toBe(true);
    expect(m('**/*.worker.ts', 'worker.worker.ts')).toBe(true);
    expect(m('**/*.worker.ts', 'a/b/x.worker.ts')).toBe(true);
    expect(m('src/?.js', 'src/a.js')).toBe(true);
    expect(m('src/?.js', 'src/ab.js')).toBe(false);
    expect(m('a+b.js', 'a+b.js')).toBe(true);
  });

  it('{a,b} is either alternative, as vitest and jest configs write them', () => {
    const m = (g: string, p: string) => globToRegExp(g).test(p);
    expect(m('server/**/*.test.{ts,tsx}', 'server/models/User.test.ts')).toBe(true);
    expect(m('server/**/*.test.{ts,tsx}', 'server/a/b.test.tsx')).toBe(true);
    expect(m('server/**/*.test.{ts,tsx}', 'server/a/b.test.js')).toBe(false);
    expect(m('{api,web}/**/*.spec.js', 'web/x.spec.js')).toBe(true);
    expect(m('{api,web}/**/*.spec.js', 'cli/x.spec.js')).toBe(false);
    expect(m('a{b.js', 'a{b.js')).toBe(true);
  });
});
