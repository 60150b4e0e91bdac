// ReachIndex.quietFiles: a project none of whose files can mention a patcher is known as such from one pass of reads
// and a word test, without scanning (resolving the imports of) any file; anything that may break that answer (a
// real mention, a link the pass does not follow) turns it off, and the scans decide as before. Counted, never timed.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReachIndex, type LightScan } from '../../src/graph/pre-scan.js';
import { pyMentions, pyQuietTest } from '../../src/lang/python/pre-scan.js';
import { pythonPatchers } from '../../src/catalog/python-patchers.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-quiet-')));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/** A reach index over `root` whose scanner counts its calls: a hit is `import gevent`, deps are `import ./x` lines. */
function index(root: string) {
  const scanned: string[] = [];
  const scan = (path: string, text: string): LightScan => {
    scanned.push(path.slice(root.length + 1));
    const deps = [...text.matchAll(/^import (\w+)$/gm)].map((m) => join(dirname(path), `${m[1]}.py`));
    return { deps, hit: /^import gevent/m.test(text) };
  };
  const readable = (path: string) => path.endsWith('.py') && !/\/(?:site-packages|venv|\.venv)\//.test(path);
  const test = pyQuietTest(pyMentions(pythonPatchers));
  const reach = new ReachIndex(scan, readable, 60_000, undefined, { roots: [root], test, maxFiles: 100, readable });
  return { reach, scanned };
}

describe('ReachIndex.quietFiles', () => {
  it('no file can mention a patcher: every source file is listed, nothing is scanned, nothing reaches', () => {
    const root = project({ 'app/__init__.py': '', 'app/models.py': 'import views\n', 'app/views.py': 'import json\n', 'README': 'uses gevent' });
    const { reach, scanned } = index(root);
    expect([...reach.quietFiles()!].map((f) => f.slice(root.length + 1)).sort()).toEqual(['app/__init__.py', 'app/models.py', 'app/views.py']);
    expect(reach.reaches(join(root, 'app/models.py'))).toBe(false);
    expect(reach.activatorsFrom([join(root, 'app/models.py')]).size).toBe(0);
    expect(scanned).toEqual([]);
  });

  it('a word in a comment is only a maybe: that file alone is scanned, and the project is still quiet', () => {
    const root = project({ 'app/models.py': '# not for gevent workers\nimport views\n', 'app/views.py': '' });
    const { reach, scanned } = index(root);
    expect(reach.quietFiles()).not.toBeNull();
    expect(scanned).toEqual(['app/models.py']);
  });

  it('a real mention anywhere: not quiet, and the scans decide (an importer of it reaches a patcher)', () => {
    const root = project({ 'app/models.py': 'import patching\n', 'app/patching.py': 'import gevent\n' });
    const { reach } = index(root);
    expect(reach.quietFiles()).toBeNull();
    expect(reach.reaches(join(root, 'app/models.py'))).toBe(true);
  });

  it('mentions where no project module can be loaded from (a virtualenv, installed packages) do not count', () => {
    const root = project({ 'app/models.py': '', '.venv/lib/gevent_user.py': 'import gevent\n', 'lib/site-packages/x.py': 'import gevent\n' });
    expect(index(root).reach.quietFiles()).not.toBeNull();
  });

  it('a file of a quiet project saved with a mention and linted (remember): no longer quiet, its importers reach it at once', () => {
    const root = project({ 'app/models.py': 'import views\n', 'app/views.py': '' });
    const { reach } = index(root);
    const views = join(root, 'app/views.py');
    expect(reach.reaches(join(root, 'app/models.py'))).toBe(false);
    writeFileSync(views, 'import gevent\n');
    reach.remember(views, 'import gevent\n', { deps: [], hit: true });
    expect(reach.quietFiles()).toBeNull();
    expect(reach.reaches(join(root, 'app/models.py'))).toBe(true);
  });

  it('a linked folder the pass does not follow: unknown, so not quiet', () => {
    const root = project({ 'app/models.py': '', 'elsewhere/x.py': '' });
    symlinkSync(join(root, 'elsewhere'), join(root, 'app/linked'));
    expect(index(root).reach.quietFiles()).toBeNull();
  });

  it('paths are made by concatenation: a root given with a trailing separator still names files as resolved paths do', () => {
    const root = project({ 'app/models.py': '', 'app/sub/views.py': '' });
    const test = pyQuietTest(pyMentions(pythonPatchers));
    const readable = (path: string) => path.endsWith('.py');
    const reach = new ReachIndex(() => ({ deps: [], hit: false }), readable, 60_000, undefined, { roots: [`${root}/`], test, maxFiles: 100, readable });
    expect([...reach.quietFiles()!].sort()).toEqual([join(root, 'app/models.py'), join(root, 'app/sub/views.py')]);
  });
});

describe('pyQuietTest.mayHit: never false where the Python pre-scan finds a mention', () => {
  const test = pyQuietTest(pyMentions(pythonPatchers));
  const texts = [
    'from gevent import monkey\nmonkey.patch_all()\n',
    'import ddtrace.auto\n',
    'import importlib\nimportlib.import_module("gevent.monkey")\n',
    'import os\nos.environ["OMP_NUM_THREADS"] = "1"\n',
  ];
  it.each(texts)('%j (as text and as bytes)', (text) => {
    expect(test.mayHit(text)).toBe(true);
    expect(test.mayHitBytes(Buffer.from(text))).toBe(true);
  });

  it('a text with none of them, and one that only uses os.environ to read', () => {
    for (const text of ['import json\n\ndef f():\n    return json.dumps({})\n', 'import os\nDEBUG = os.environ.get("DEBUG")\n']) {
      expect(test.mayHit(text)).toBe(false);
      expect(test.mayHitBytes(Buffer.from(text))).toBe(false);
    }
  });

  it('bytes: a word inside a longer identifier is none; after a non-ASCII letter it is one, as for `\\b`', () => {
    expect(test.mayHitBytes(Buffer.from('begin = 1\nlogic = 2\n'))).toBe(false); // `gi` inside words
    const accented = 'x = "égevent"\n';
    expect(test.mayHit(accented)).toBe(true);
    expect(test.mayHitBytes(Buffer.from(accented))).toBe(true);
  });
});

describe('ReachIndex scans are trusted like the program index (30 s); a linted text is taken at once', () => {
  it('a dependency changed on disk by other means is seen after 30 s; the same change linted (remember) at once', () => {
    const root = project({ 'app/a.py': 'import b\n', 'app/b.py': '' });
    const scan = (path: string, text: string): LightScan => ({
      deps: [...text.matchAll(/^import (\w+)$/gm)].map((m) => join(dirname(path), `${m[1]}.py`)),
      hit: /^import gevent/m.test(text),
    });
    const reach = new ReachIndex(scan, (p) => p.endsWith('.py'), 0);
    const a = join(root, 'app/a.py');
    const b = join(root, 'app/b.py');
    expect(reach.reaches(a)).toBe(false);
    writeFileSync(b, 'import gevent\n');
    expect(reach.reaches(a)).toBe(false); // within 30 s: the scan of b.py read before
    reach.remember(b, 'import gevent\n', scan(b, 'import gevent\n'));
    expect(reach.reaches(a)).toBe(true);
  });
});
