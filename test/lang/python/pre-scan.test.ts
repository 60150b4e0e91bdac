/**
 * The Python text pre-scan (src/lang/python/pre-scan.ts): the local modules a file may load, and whether it can
 * activate a patcher. Each dotted name is resolved once per file (counted, never timed).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pythonPatchers } from '../../../src/catalog/python-patchers.js';
import { pyLightScanner, pyMentions } from '../../../src/lang/python/pre-scan.js';
import { createPythonResolver, type PythonResolver } from '../../../src/lang/python/resolve.js';

const P = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'py-resolve');

/** A scanner over the py-resolve fixture whose resolver records each specifier it is asked for. */
function counting(ttlMs?: number) {
  const real = createPythonResolver({ projectRoot: P });
  const asked: string[] = [];
  const resolver: PythonResolver = Object.assign(Object.create(real) as PythonResolver, {
    resolve: (specifier: string, from: string) => {
      asked.push(specifier);
      return real.resolve(specifier, from);
    },
  });
  return { scan: pyLightScanner(resolver, pyMentions(pythonPatchers), ttlMs), asked };
}

describe('pyLightScanner', () => {
  it('lists each local module once, parents of dotted names included, and resolves each name once per file', () => {
    const { scan, asked } = counting();
    const text = 'from pkg.sub import mod, other\nfrom pkg.sub import mod\nimport pkg.sub.mod\nimport pkg.util as u, os\nfrom . import x\n';
    const result = scan(join(P, 'app.py'), text);
    expect(result.hit).toBe(false);
    expect(result.deps).toEqual([join(P, 'pkg', '__init__.py'), join(P, 'pkg', 'sub', '__init__.py'), join(P, 'pkg', 'sub', 'mod.py'), join(P, 'pkg', 'util.py')]);
    expect(asked).toEqual(['pkg', 'pkg.sub', 'pkg.sub.mod', 'pkg.sub.other', 'pkg.util', 'os', '.', '.x']);
  });

  it('an import of a patcher package, or text that sets a patcher variable, is a hit; a relative import is not', () => {
    const { scan } = counting();
    expect(scan(join(P, 'app.py'), 'import gevent.monkey\n').hit).toBe(true);
    expect(scan(join(P, 'app.py'), 'from gevent import monkey\n').hit).toBe(true);
    expect(scan(join(P, 'app.py'), 'os.environ["OMP_NUM_THREADS"] = "1"\n').hit).toBe(true);
    expect(scan(join(P, 'app.py'), 'from .gevent import x\n').hit).toBe(false);
  });

  it('finds the import lines of a text once: the same text again (a dependency read from disk, then linted) gives the same scan', () => {
    const { scan, asked } = counting();
    const text = 'import pkg.sub.mod\nfrom . import x\n';
    const first = scan(join(P, 'app.py'), text);
    const again = scan(join(P, 'app.py'), `${text}`.slice(0));
    expect(again).toBe(first);
    expect(scan.textScans()).toBe(1);
    expect(asked).toEqual(['pkg', 'pkg.sub', 'pkg.sub.mod', '.', '.x']);
    // Another text for the same path is scanned again; another path with the same text too (relative imports differ).
    expect(scan(join(P, 'app.py'), 'import pkg.util\n').deps).toEqual([join(P, 'pkg', '__init__.py'), join(P, 'pkg', 'util.py')]);
    scan(join(P, 'pkg', 'util.py'), text);
    expect(scan.textScans()).toBe(3);
  });

  it('the memo knows a text by its digest, not by holding it: an equal text read again is known, an edit of the same length is not', () => {
    const { scan } = counting();
    const text = 'import pkg.sub.mod\nfrom . import x\n';
    const first = scan(join(P, 'app.py'), text);
    expect(scan(join(P, 'app.py'), Buffer.from(text).toString('utf8'))).toBe(first);
    expect(scan.textScans()).toBe(1);
    const edited = text.replace('import x', 'import y');
    expect(edited.length).toBe(text.length);
    scan(join(P, 'app.py'), edited);
    expect(scan.textScans()).toBe(2);
  });

  it('past the resolver freshness the same text is resolved again (a module created meanwhile is seen), its lines not re-read', () => {
    const { scan, asked } = counting(0);
    const text = 'import pkg.util\nimport gevent\n';
    const first = scan(join(P, 'app.py'), text);
    const again = scan(join(P, 'app.py'), text);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(again.hit).toBe(true);
    expect(scan.textScans()).toBe(1);
    expect(asked).toEqual(['pkg', 'pkg.util', 'gevent', 'pkg', 'pkg.util', 'gevent']);
  });

  it('tells whether the text may start a catalogued spawn, also when the same text is resolved again', () => {
    const { scan } = counting(0);
    const timer = 'import threading\nthreading.Timer(5, tick).start()\n';
    expect(scan(join(P, 'jobs.py'), timer).spawn).toBe(true);
    expect(scan(join(P, 'jobs.py'), timer).spawn).toBe(true); // from the memo, resolved again
    expect(scan(join(P, 'locks.py'), 'import threading\nlock = threading.Lock()\n').spawn).toBe(false);
  });
});
