/**
 * realInside (src/util/fs-cache.ts): real paths resolved per directory, one lstat per file (counted, never timed), and a
 * symbolic link, to a file or a directory, that leads outside the roots is still outside.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { clearFsCaches, fsCounters, realInside } from '../../src/util/fs-cache.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'fs-cache-')));
const root = join(base, 'project');
const outside = join(base, 'outside');
mkdirSync(join(root, 'pkg', 'sub'), { recursive: true });
mkdirSync(outside);
for (const f of ['a.py', 'b.py', 'c.py']) writeFileSync(join(root, 'pkg', 'sub', f), '');
writeFileSync(join(outside, 'secret.py'), '');
symlinkSync(join(outside, 'secret.py'), join(root, 'pkg', 'leak.py'));
symlinkSync(outside, join(root, 'pkg', 'leakdir'));
symlinkSync(join(root, 'pkg', 'sub', 'a.py'), join(root, 'pkg', 'alias.py'));
symlinkSync(join(root, 'pkg', 'sub'), join(root, 'subdir'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

beforeEach(() => clearFsCaches());

describe('realInside', () => {
  it('costs one lstat per further file of a directory, no real-path call', () => {
    expect(realInside(join(root, 'pkg', 'sub', 'a.py'), [root])).toBe(true);
    const { realpaths, lstats } = fsCounters;
    expect(realInside(join(root, 'pkg', 'sub', 'b.py'), [root])).toBe(true);
    expect(realInside(join(root, 'pkg', 'sub', 'c.py'), [root])).toBe(true);
    expect(fsCounters.lstats - lstats).toBe(2);
    expect(fsCounters.realpaths - realpaths).toBe(0);
    // Asked again: memoized.
    expect(realInside(join(root, 'pkg', 'sub', 'c.py'), [root])).toBe(true);
    expect(fsCounters.lstats - lstats).toBe(2);
  });

  it('a link to a file or a directory outside the roots is outside; a link within them is inside', () => {
    expect(realInside(join(root, 'pkg', 'leak.py'), [root])).toBe(false);
    expect(realInside(join(root, 'pkg', 'leakdir', 'secret.py'), [root])).toBe(false);
    expect(realInside(join(root, 'pkg', 'leakdir'), [root])).toBe(false);
    expect(realInside(`${join(root, 'pkg', 'leakdir')}/`, [root])).toBe(false);
    expect(realInside(join(root, 'pkg', 'sub', '..', 'leakdir', 'secret.py'), [root])).toBe(false);
    expect(realInside(join(root, 'pkg', 'alias.py'), [root])).toBe(true);
    expect(realInside(join(root, 'subdir', 'b.py'), [root])).toBe(true);
    // A root written through a link is compared by its real path.
    expect(realInside(join(root, 'subdir', 'b.py'), [join(root, 'subdir')])).toBe(true);
    expect(realInside(join(root, 'pkg', 'alias.py'), [join(root, 'subdir')])).toBe(true);
    expect(realInside(join(root, 'pkg', 'leak.py'), [join(root, 'subdir')])).toBe(false);
  });

  it('a missing file, or one below a missing directory, is not inside', () => {
    expect(realInside(join(root, 'pkg', 'missing.py'), [root])).toBe(false);
    expect(realInside(join(root, 'nope', 'x.py'), [root])).toBe(false);
  });
});
