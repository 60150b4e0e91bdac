// tsconfig reads are memoized while the texts they came from are unchanged: a change in the tsconfig itself or in
// the one it extends is seen once the read cache lets it through (here: after clearing it, as its lifetime would).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nearestPackageJson, nearestTsconfig } from '../../../src/lang/js/package-root.js';
import { clearFsCaches } from '../../../src/util/fs-cache.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-tsconfig-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nearestTsconfig (memoized)', () => {
  it('the same answer while nothing changed; a changed base (extends) or own file is seen', () => {
    mkdirSync(join(dir, 'app/src'), { recursive: true });
    writeFileSync(join(dir, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { module: 'commonjs' } }));
    writeFileSync(join(dir, 'app/tsconfig.json'), JSON.stringify({ extends: '../tsconfig.base.json', compilerOptions: { outDir: 'dist' } }));
    const file = join(dir, 'app/src/main.ts');
    const first = nearestTsconfig(file, dir);
    expect(first?.module).toBe('commonjs');
    expect(nearestTsconfig(file, dir)).toBe(first);

    writeFileSync(join(dir, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { module: 'nodenext' } }));
    clearFsCaches();
    const second = nearestTsconfig(file, dir);
    expect(second?.module).toBe('nodenext');
    expect(second?.outDir).toBe(join(dir, 'app/dist'));

    writeFileSync(join(dir, 'app/tsconfig.json'), JSON.stringify({ extends: '../tsconfig.base.json', compilerOptions: { module: 'esnext' } }));
    clearFsCaches();
    expect(nearestTsconfig(file, dir)?.module).toBe('esnext');
  });
});

describe('nearestPackageJson (memoized)', () => {
  it('the same answer while its text is the same; a changed package.json is seen', () => {
    mkdirSync(join(dir, 'pkg/src'), { recursive: true });
    writeFileSync(join(dir, 'pkg/package.json'), JSON.stringify({ name: 'pkg', type: 'module' }));
    const file = join(dir, 'pkg/src/index.ts');
    const first = nearestPackageJson(file, dir);
    expect(first).toMatchObject({ dir: join(dir, 'pkg'), name: 'pkg', type: 'module' });
    expect(nearestPackageJson(file, dir)).toBe(first);
    clearFsCaches(); // read again from disk: an equal text keeps the answer
    expect(nearestPackageJson(file, dir)).toBe(first);

    writeFileSync(join(dir, 'pkg/package.json'), JSON.stringify({ name: 'pkg', type: 'commonjs' }));
    clearFsCaches();
    expect(nearestPackageJson(file, dir)?.type).toBe('commonjs');
  });
});
