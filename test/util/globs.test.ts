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
});
