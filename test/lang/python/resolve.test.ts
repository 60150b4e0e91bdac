import { statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withStrict } from '../../helpers/strict.js';
import { stats } from '../../../src/util/stats.js';
import { takeInternalErrors } from '../../../src/util/guard.js';
import {
  PYTHON_STARTUP_MODULES,
  STDLIB_PYTHON_VERSION,
  createPythonResolver,
  isStdlibModule,
  knownPythonLoads,
} from '../../../src/lang/python/resolve.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures');
const P = join(FIXTURES, 'py-resolve');
const S = join(FIXTURES, 'py-resolve-src');

function realKind(path: string): 'file' | 'dir' | null {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? (st.isFile() ? 'file' : st.isDirectory() ? 'dir' : null) : null;
}

describe('createPythonResolver: absolute imports', () => {
  const r = createPythonResolver({ projectRoot: P, roots: ['libs'] });
  const from = join(P, 'app.py');

  it('resolves packages and modules to files with their dotted names', () => {
    expect(r.resolve('pkg', from)).toEqual({ type: 'file', path: join(P, 'pkg', '__init__.py'), name: 'pkg' });
    expect(r.resolve('pkg.sub', from)).toEqual({ type: 'file', path: join(P, 'pkg', 'sub', '__init__.py'), name: 'pkg.sub' });
    expect(r.resolve('pkg.sub.mod', from)).toEqual({ type: 'file', path: join(P, 'pkg', 'sub', 'mod.py'), name: 'pkg.sub.mod' });
    expect(r.resolve('pkg.util', from)).toEqual({ type: 'file', path: join(P, 'pkg', 'util.py'), name: 'pkg.util' });
  });

  it('a missing submodule of a local package is unresolved (ModuleNotFoundError), not a package', () => {
    expect(r.resolve('pkg.nope', from)).toEqual({ type: 'unresolved', name: 'pkg.nope' });
    // a submodule of a plain module file cannot exist
    expect(r.resolve('pkg.util.helper', from)).toEqual({ type: 'unresolved', name: 'pkg.util.helper' });
  });

  it('stdlib modules are builtin with their dotted name; others are packages', () => {
    expect(r.resolve('threading', from)).toEqual({ type: 'builtin', name: 'threading' });
    expect(r.resolve('logging.handlers', from)).toEqual({ type: 'builtin', name: 'logging.handlers' });
    expect(r.resolve('gevent.monkey', from)).toEqual({ type: 'package', name: 'gevent.monkey' });
    expect(r.resolve('requests', from)).toEqual({ type: 'package', name: 'requests' });
  });

  it('extra roots (patch-order.pythonPath) are searched', () => {
    expect(r.resolve('extlib', from)).toEqual({ type: 'file', path: join(P, 'libs', 'extlib', '__init__.py'), name: 'extlib' });
  });

  it('a project file shadows a stdlib module, except modules loaded at start-up', () => {
    const main = join(P, 'shadow', 'main.py');
    // checked with CPython 3.11: `python3 -S -c "import logging"` in that directory loads shadow/logging.py
    expect(r.resolve('logging', main)).toEqual({ type: 'file', path: join(P, 'shadow', 'logging.py'), name: 'logging' });
    expect(r.resolve('logging', from)).toEqual({ type: 'builtin', name: 'logging' });
    expect(r.resolve('os', main)).toEqual({ type: 'builtin', name: 'os' });
  });

  it('rejects specifiers that are not dotted identifiers', () => {
    expect(r.resolve('a-b', from)).toEqual({ type: 'unresolved', name: 'a-b' });
    expect(r.resolve('', from)).toEqual({ type: 'unresolved', name: '' });
  });
});

describe('createPythonResolver: relative imports', () => {
  const r = createPythonResolver({ projectRoot: P });
  const mod = join(P, 'pkg', 'sub', 'mod.py');

  it('resolves . and .. against the package of the importing file', () => {
    expect(r.resolve('..', mod)).toEqual({ type: 'file', path: join(P, 'pkg', '__init__.py'), name: 'pkg' });
    expect(r.resolve('..util', mod)).toEqual({ type: 'file', path: join(P, 'pkg', 'util.py'), name: 'pkg.util' });
    expect(r.resolve('.mod', join(P, 'pkg', 'sub', '__init__.py'))).toEqual({ type: 'file', path: mod, name: 'pkg.sub.mod' });
    expect(r.resolve('.', join(P, 'pkg', 'sub', '__init__.py'))).toEqual({ type: 'file', path: join(P, 'pkg', 'sub', '__init__.py'), name: 'pkg.sub' });
  });

  it('beyond the top-level package is unresolved (CPython: "attempted relative import beyond top-level package")', () => {
    expect(r.resolve('...', mod)).toEqual({ type: 'unresolved', name: '...' });
    expect(r.resolve('...toplevel', mod)).toEqual({ type: 'unresolved', name: '...toplevel' });
  });

  it('a relative import in a script outside any package is unresolved', () => {
    expect(r.resolve('.pkg', join(P, 'app.py'))).toEqual({ type: 'unresolved', name: '.pkg' });
  });

  it('names modules by their source root', () => {
    expect(r.moduleNameOf(mod)).toBe('pkg.sub.mod');
    expect(r.moduleNameOf(join(P, 'pkg', '__init__.py'))).toBe('pkg');
    expect(r.moduleNameOf(join(P, 'app.py'))).toBe('app');
  });
});

describe('createPythonResolver: src layout and namespace packages', () => {
  const r = createPythonResolver({ projectRoot: S });
  const test = join(S, 'tests', 'test_core.py');

  it('finds packages under <projectRoot>/src', () => {
    expect(r.resolve('myapp.core', test)).toEqual({ type: 'file', path: join(S, 'src', 'myapp', 'core.py'), name: 'myapp.core' });
  });

  it('namespace packages (directories without __init__.py) resolve to the directory, submodules to files', () => {
    expect(r.resolve('nspkg', test)).toEqual({ type: 'file', path: join(S, 'src', 'nspkg'), name: 'nspkg' });
    expect(r.resolve('nspkg.part', test)).toEqual({ type: 'file', path: join(S, 'src', 'nspkg', 'part'), name: 'nspkg.part' });
    expect(r.resolve('nspkg.part.mod', test)).toEqual({ type: 'file', path: join(S, 'src', 'nspkg', 'part', 'mod.py'), name: 'nspkg.part.mod' });
  });

  it('relative imports inside a namespace package under src/ work (checked with PYTHONPATH=src)', () => {
    const mod = join(S, 'src', 'nspkg', 'part', 'mod.py');
    expect(r.moduleNameOf(mod)).toBe('nspkg.part.mod');
    expect(r.resolve('.sibling', mod)).toEqual({ type: 'file', path: join(S, 'src', 'nspkg', 'part', 'sibling.py'), name: 'nspkg.part.sibling' });
  });
});

describe('createPythonResolver: reads only inside its roots, caches stat results', () => {
  it('never stats outside projectRoot and the configured roots', () => {
    const seen: string[] = [];
    const r = createPythonResolver({
      projectRoot: P,
      statKind: (p) => {
        seen.push(p);
        return realKind(p);
      },
    });
    // fixtures/py-outside/secret.py exists next to the project but outside it
    expect(r.resolve('secret', join(P, 'app.py'))).toEqual({ type: 'package', name: 'secret' });
    expect(r.resolve('....py-outside.secret', join(P, 'pkg', 'sub', 'mod.py'))).toEqual({ type: 'unresolved', name: '....py-outside.secret' });
    expect(seen.length).toBeGreaterThan(0);
    for (const p of seen) expect(relative(P, p).startsWith('..')).toBe(false);
  });

  it('without projectRoot/roots, only the importing file\'s directory tree is read', () => {
    const seen: string[] = [];
    const r = createPythonResolver({ statKind: (p) => (seen.push(p), realKind(p)) });
    const from = join(P, 'pkg', 'sub', 'mod.py');
    r.resolve('anything', from);
    for (const p of seen) expect(p.startsWith(join(P, 'pkg', 'sub') + sep) || p === join(P, 'pkg', 'sub')).toBe(true);
  });

  it('caches stat results for ttlMs, then looks again (editor safety)', () => {
    let t = 1000;
    let exists = false;
    const target = join(P, 'newmod.py');
    const r = createPythonResolver({
      projectRoot: P,
      ttlMs: 500,
      now: () => t,
      statKind: (p) => (p === target ? (exists ? 'file' : null) : realKind(p)),
    });
    const from = join(P, 'app.py');
    expect(r.resolve('newmod', from)).toEqual({ type: 'package', name: 'newmod' });
    const calls = r.statCalls;
    exists = true;
    t += 100;
    expect(r.resolve('newmod', from)).toEqual({ type: 'package', name: 'newmod' });
    expect(r.statCalls).toBe(calls);
    t += 500;
    expect(r.resolve('newmod', from)).toEqual({ type: 'file', path: target, name: 'newmod' });
    expect(r.statCalls).toBeGreaterThan(calls);
  });

  it('an absolute import is searched once per source root, not once per importing directory', () => {
    const r = createPythonResolver({ projectRoot: P });
    expect(r.resolve('pkg.sub.mod', join(P, 'app.py'))).toEqual({ type: 'file', path: join(P, 'pkg', 'sub', 'mod.py'), name: 'pkg.sub.mod' });
    const searches = r.searches;
    // pkg/util.py and pkg/sub/mod.py have the same source root as app.py (the directory above the top package).
    expect(r.resolve('pkg.sub.mod', join(P, 'pkg', 'util.py'))).toEqual({ type: 'file', path: join(P, 'pkg', 'sub', 'mod.py'), name: 'pkg.sub.mod' });
    expect(r.resolve('pkg.sub.mod', join(P, 'pkg', 'sub', 'mod.py')).type).toBe('file');
    expect(r.searches).toBe(searches);
  });

  it('a dotted name is searched from its memoized parent: one search per new part', () => {
    const r = createPythonResolver({ projectRoot: P });
    const from = join(P, 'app.py');
    r.resolve('pkg.sub.mod', from);
    expect(r.searches).toBe(3);
    expect(r.resolve('pkg.sub.other', from)).toEqual({ type: 'unresolved', name: 'pkg.sub.other' });
    expect(r.resolve('pkg.sub', from)).toEqual({ type: 'file', path: join(P, 'pkg', 'sub', '__init__.py'), name: 'pkg.sub' });
    expect(r.searches).toBe(4);
    // Below a module nothing is searched: `pkg.util.x` is unresolved.
    expect(r.resolve('pkg.util.x', from)).toEqual({ type: 'unresolved', name: 'pkg.util.x' });
    expect(r.searches).toBe(5);
  });

  it('memoized searches expire with the oldest search they were made from (never kept longer than ttlMs)', () => {
    let t = 1000;
    const r = createPythonResolver({ projectRoot: P, ttlMs: 500, now: () => t });
    const from = join(P, 'app.py');
    r.resolve('pkg.sub', from);
    t += 400;
    r.resolve('pkg.sub.mod', from);
    expect(r.searches).toBe(3);
    // `pkg.sub.mod` was searched at t = 1400 from `pkg.sub`, searched at t = 1000: at t = 1500 all three are searched again.
    t += 100;
    r.resolve('pkg.sub.mod', from);
    expect(r.searches).toBe(6);
  });

  it('an internal error while resolving is visible: thrown under PATCH_ORDER_STRICT=1, counted and unresolved otherwise', () => {
    const r = createPythonResolver({ projectRoot: P, statKind: () => { throw new Error('boom'); } });
    expect(() => r.resolve('pkg', join(P, 'app.py'))).toThrow(/boom \(in resolving 'pkg'\)/);
    withStrict('0', () => {
      const before = stats.internalErrors;
      expect(r.resolve('pkg2', join(P, 'app.py'))).toEqual({ type: 'unresolved', name: 'pkg2' });
      expect(stats.internalErrors - before).toBe(1);
      takeInternalErrors();
    });
  });
});

describe('stdlib table', () => {
  it('records the CPython version and the measured start-up set', () => {
    expect(STDLIB_PYTHON_VERSION).toBe('3.11.7');
    // measured: a clean 3.11 interpreter has _thread, os and time loaded but NOT threading
    expect(PYTHON_STARTUP_MODULES.has('_thread')).toBe(true);
    expect(PYTHON_STARTUP_MODULES.has('os')).toBe(true);
    expect(PYTHON_STARTUP_MODULES.has('threading')).toBe(false);
  });

  it('knows what stdlib modules load (logging loads threading; threading does not load socket)', () => {
    expect(knownPythonLoads('logging')).toContain('threading');
    expect(knownPythonLoads('queue')).toContain('threading');
    expect(knownPythonLoads('threading')).not.toContain('socket');
    expect(knownPythonLoads('ssl')).toContain('socket');
    expect(knownPythonLoads('json')).not.toContain('threading');
    expect(knownPythonLoads('concurrent.futures')).toContain('threading');
  });

  it('expands the hand-kept third-party table through the stdlib table', () => {
    const requests = knownPythonLoads('requests');
    expect(requests).toEqual(expect.arrayContaining(['urllib3', 'socket', 'ssl', 'threading']));
    expect(knownPythonLoads('unknown_pkg_xyz')).toEqual([]);
  });

  it('stdlib membership by top-level name', () => {
    expect(isStdlibModule('logging.handlers')).toBe(true);
    expect(isStdlibModule('gevent')).toBe(false);
  });
});
