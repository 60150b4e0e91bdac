/**
 * A package's __init__.py is judged against the subpackages below it (parents.ts). Their list comes from the
 * program index's files when the index is complete (`subpackageInitsIn`), and from listing the directories
 * otherwise (`subpackageInits`): both must name the same packages and the same entry-named files.
 */
import { mkdirSync, mkdtempSync, realpathSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { subpackageInits, subpackageInitsIn } from '../../../src/checks/no-import-before-patch/python/parents.js';
import { fixture } from '../../helpers/rule-tester.js';

const NAMED = new Set(['__main__.py', 'wsgi.py', 'manage.py']);

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === '__pycache__') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...pyFiles(p));
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

const both = (dir: string) => {
  const foundWalk: string[] = [];
  const foundIndex: string[] = [];
  const walk = subpackageInits(dir, 500, NAMED, foundWalk);
  const index = subpackageInitsIn(pyFiles(dir), dir, 500, NAMED, foundIndex);
  return { walk: [...walk].sort(), index: [...index].sort(), foundWalk: foundWalk.sort(), foundIndex: foundIndex.sort(), ordered: index };
};

describe('subpackages below a package', () => {
  it('a made tree: chained packages, a namespace directory that breaks the chain, entry-named files', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-subpkg-')));
    for (const f of ['app/__init__.py', 'app/wsgi.py', 'app/cmd/__init__.py', 'app/cmd/__main__.py', 'app/cmd/api/__init__.py', 'app/data/x.py', 'app/data/inner/__init__.py', 'app/data/inner/wsgi.py', 'app/tests/__init__.py', 'app/tests/unit/__init__.py']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), '');
    }
    const r = both(join(dir, 'app'));
    expect(r.index).toEqual(r.walk);
    expect(r.foundIndex).toEqual(r.foundWalk);
    expect(r.index.map((f) => f.slice(dir.length + 1))).toEqual(['app/cmd/__init__.py', 'app/cmd/api/__init__.py', 'app/tests/__init__.py', 'app/tests/unit/__init__.py']);
    expect(r.foundIndex.map((f) => f.slice(dir.length + 1))).toEqual(['app/cmd/__main__.py', 'app/wsgi.py']);
    // breadth-first: every package before those below it
    expect(r.ordered.map((f) => f.slice(dir.length + 1))).toEqual(['app/cmd/__init__.py', 'app/tests/__init__.py', 'app/cmd/api/__init__.py', 'app/tests/unit/__init__.py']);
  });

  it('every package of the Python fixtures gives the same answer both ways', () => {
    let packages = 0;
    for (const name of readdirSync(fixture()).filter((n) => n.startsWith('py-'))) {
      for (const init of pyFiles(fixture(name)).filter((f) => f.endsWith('__init__.py'))) {
        const r = both(join(init, '..'));
        expect(r.index, init).toEqual(r.walk);
        expect(r.foundIndex, init).toEqual(r.foundWalk);
        packages++;
      }
    }
    expect(packages).toBeGreaterThan(20);
  });
});
