/**
 * A library (no entries, no patcher anywhere) costs no-import-before-patch little: a module that starts no program and
 * that cannot reach an activation is dropped by the text pre-scan before the program index is built or anything is
 * summarized, and each package's __init__.py walks the directories below it from listings read once. Work is
 * counted, never timed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import plugin from '../../../src/index.js';
import { subpackageInits } from '../../../src/checks/no-import-before-patch/python/parents.js';
import { DirListings } from '../../../src/util/dir-listings.js';
import { clearProjects } from '../../../src/lang/project.js';
import { resetStats, stats } from '../../../src/util/stats.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'py-library-'));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/** lib/ with nested packages whose modules import each other and the stdlib, and no patcher. */
const LIBRARY: Record<string, string> = {
  'lib/__init__.py': 'from lib.core import api\n',
  'lib/core/__init__.py': 'from . import api\n',
  'lib/core/api.py': 'import threading\nimport ssl\nfrom lib.util import helpers\n',
  'lib/util/__init__.py': '',
  'lib/util/helpers.py': 'import socket\nfrom ..core import api\n',
  'lib/util/deep/__init__.py': '',
  'lib/util/deep/more.py': 'import lib.util.helpers\n',
  'lib/scripts/tool.py': 'import lib\n',
};

async function lint(dir: string) {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ ...plugin.configs.python, rules: { 'patch-order/no-import-before-patch': 'error' } }],
  });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line}:${m.column} ${m.message}`));
}

describe('no-import-before-patch on a library', () => {
  beforeEach(() => {
    clearProjects();
    resetStats();
  });

  it('nothing can reach an activation: no reports, no program index, nothing summarized', async () => {
    expect(await lint(project(LIBRARY))).toEqual([]);
    expect(stats.programIndexBuilds).toBe(0);
    expect(stats.summariesComputed).toBe(0);
    // One pass over the folders finds the project quiet (no file names a patcher): the root, lib and its four folders
    // are listed once; no package __init__.py lists the folders below it again.
    expect(stats.foldersListed).toBe(6);
  });

  it('a module that can reach an activation still asks whether another module imports it (the program index, built once)', async () => {
    const dir = project({ ...LIBRARY, 'lib/util/green.py': 'import gevent\n', 'lib/util/user.py': 'from lib.util import green\n' });
    expect(await lint(dir)).toEqual([]);
    expect(stats.programIndexBuilds).toBe(1);
  });
});

describe('subpackageInits', () => {
  it("finds the subpackages below a package, breadth-first, and the named files in them; nested packages' walks read no directory twice", () => {
    const dir = project(LIBRARY);
    const listings = new DirListings(60_000);
    const named: string[] = [];
    const rel = (files: string[]) => files.map((f) => f.slice(dir.length + 1));
    expect(rel(subpackageInits(join(dir, 'lib'), listings, 500, new Set(['tool.py', 'more.py']), named)).sort()).toEqual([
      'lib/core/__init__.py',
      'lib/util/__init__.py',
      'lib/util/deep/__init__.py',
    ]);
    expect(rel(named)).toEqual(['lib/util/deep/more.py']);
    const reads = listings.reads;
    expect(rel(subpackageInits(join(dir, 'lib', 'util'), listings))).toEqual(['lib/util/deep/__init__.py']);
    subpackageInits(join(dir, 'lib', 'core'), listings);
    expect(listings.reads).toBe(reads);
  });
});
