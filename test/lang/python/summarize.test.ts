import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withStrict } from '../../helpers/strict.js';
import { stats } from '../../../src/util/stats.js';
import { takeInternalErrors } from '../../../src/util/guard.js';
import type { CaptureEvent, LoadEvent, ModuleSummary, PatchEvent, TimelineEvent } from '../../../src/graph/types.js';
import { createPythonResolver, knownPythonLoads } from '../../../src/lang/python/resolve.js';
import { summarizePython, type PyDetector } from '../../../src/lang/python/summarize.js';
import { summarizePythonSource } from '../../../src/lang/python/summarize-source.js';
import { topInsertionOffset } from '../../../src/lang/python/ast-helpers.js';
import { parsePython } from '../../../src/lang/python/parse.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures');
const ROOT = join(FIXTURES, 'py-resolve');

function summarize(code: string, opts: { isEntry?: boolean; root?: string; file?: string; detectors?: PyDetector[] } = {}): ModuleSummary {
  const root = opts.root ?? ROOT;
  return summarizePythonSource(code, join(root, opts.file ?? 'main.py'), {
    resolver: createPythonResolver({ projectRoot: root }),
    isEntry: opts.isEntry,
    detectors: opts.detectors,
  });
}

/** Compact view of a timeline: `load threading`, `capture threading:Thread,Lock`, `patch gevent[…]`. */
function brief(events: TimelineEvent[]): string[] {
  return events.map((e) => {
    switch (e.kind) {
      case 'load':
        return `load ${e.specifier}${e.conditional ? ' ?' : ''}`;
      case 'capture':
        return `capture ${e.specifier}:${e.names.join(',')}`;
      case 'patch':
        return `patch ${e.patcherId}`;
      default:
        return e.kind;
    }
  });
}

const patches = (s: ModuleSummary) => s.events.filter((e): e is PatchEvent => e.kind === 'patch');

describe('summarizePython: imports', () => {
  it('import a.b.c loads a, a.b, a.b.c in that order, each resolved by dotted name', () => {
    const root = join(FIXTURES, 'py-init-chain');
    const s = summarize('import a.b.c\n', { root });
    expect(s.language).toBe('python');
    expect(s.events).toEqual([
      {
        kind: 'load', specifier: 'a', loadKind: 'py-import', conditional: false,
        resolved: { type: 'file', path: join(root, 'a', '__init__.py'), name: 'a' },
        loc: { line: 1, column: 7, endLine: 1, endColumn: 12 }, statementRange: [0, 12],
      },
      {
        kind: 'load', specifier: 'a.b', loadKind: 'py-import', conditional: false,
        resolved: { type: 'file', path: join(root, 'a', 'b', '__init__.py'), name: 'a.b' },
        loc: { line: 1, column: 7, endLine: 1, endColumn: 12 }, statementRange: [0, 12],
      },
      {
        kind: 'load', specifier: 'a.b.c', loadKind: 'py-import', conditional: false,
        resolved: { type: 'file', path: join(root, 'a', 'b', 'c.py'), name: 'a.b.c' },
        loc: { line: 1, column: 7, endLine: 1, endColumn: 12 }, statementRange: [0, 12],
      },
    ]);
  });

  it('package __init__ files run before submodules (the package chain fixture, order checked with CPython 3.11 -X importtime)', () => {
    const root = join(FIXTURES, 'py-init-chain');
    const flat = walkBeforePatch(join(root, 'main.py'), root);
    // a/__init__ (threading), a/b/__init__ → a.b.helpers (socket), then a.b.c (json)
    expect(flat.order.filter((m) => ['a', 'threading', 'a.b', 'a.b.helpers', 'socket', 'a.b.c', 'json'].includes(m))).toEqual([
      'a', 'threading', 'a.b', 'a.b.helpers', 'socket', 'a.b.c', 'json',
    ]);
  });

  it('from a.b import c: submodule → load; attribute → capture on a.b', () => {
    const root = join(FIXTURES, 'py-init-chain');
    const s = summarize('from a.b import c, helpers as h\nfrom a import b\nfrom threading import Thread, Lock as L\n', { root });
    expect(brief(s.events)).toEqual([
      'load a', 'load a.b', 'load a.b.c', 'load a.b.helpers',
      'load a', 'load a.b',
      'load threading', 'capture threading:Thread,Lock',
    ]);
    const cap = s.events.find((e): e is CaptureEvent => e.kind === 'capture')!;
    expect(cap).toEqual({
      kind: 'capture', specifier: 'threading', resolved: { type: 'builtin', name: 'threading' }, names: ['Thread', 'Lock'],
      loc: { line: 3, column: 22, endLine: 3, endColumn: 39 },
    });
  });

  it('from . import x and from ..m import y (relative imports)', () => {
    const file = join(ROOT, 'pkg', 'sub', 'mod.py');
    const code = readFileSync(file, 'utf8');
    const s = summarizePythonSource(code, file, { resolver: createPythonResolver({ projectRoot: ROOT }), isEntry: false });
    expect(s.events.map((e) => (e.kind === 'load' || e.kind === 'capture' ? [e.kind, e.specifier, e.resolved] : [e.kind]))).toEqual([
      ['load', '..util', { type: 'file', path: join(ROOT, 'pkg', 'util.py'), name: 'pkg.util' }],
      ['load', '..util', { type: 'file', path: join(ROOT, 'pkg', 'util.py'), name: 'pkg.util' }],
      ['capture', '..util', { type: 'file', path: join(ROOT, 'pkg', 'util.py'), name: 'pkg.util' }],
      // `from ... import toplevel` goes beyond the top-level package
      ['capture', '...', { type: 'unresolved', name: '...' }],
    ]);
    expect((s.events[2] as CaptureEvent).names).toEqual(['helper']);
  });

  it('modules loaded at interpreter start-up (os, sys, time) run nothing: no load, but names copied out still capture', () => {
    expect(brief(summarize('import os\nimport sys, time\nimport os.path\nfrom time import sleep\n').events)).toEqual(['capture time:sleep']);
  });

  it('wildcard imports capture "*"', () => {
    expect(brief(summarize('from socket import *\n').events)).toEqual(['load socket', 'capture socket:*']);
  });

  it('from __future__ is not a load', () => {
    expect(summarize('from __future__ import annotations\n').events).toEqual([]);
  });

  it('`x = mod.attr` copies a module attribute like a from-import', () => {
    expect(brief(summarize('import time\nsleep = time.sleep\n').events)).toEqual(['capture time:sleep']);
    expect(brief(summarize('import threading\nT = threading.Thread\n').events)).toEqual(['load threading', 'capture threading:Thread']);
  });
});

describe('summarizePython: what runs', () => {
  it('if TYPE_CHECKING / typing.TYPE_CHECKING / if False never run; their else always does', () => {
    const s = summarize(
      'from typing import TYPE_CHECKING\nimport typing\nif TYPE_CHECKING:\n    import threading\nelse:\n    import json\n' +
        'if typing.TYPE_CHECKING:\n    import socket\nif False:\n    import ssl\nif not TYPE_CHECKING:\n    import queue\n',
    );
    expect(brief(s.events)).toEqual(['load typing', 'capture typing:TYPE_CHECKING', 'load typing', 'load json', 'load queue']);
  });

  it('plain if / elif branches are conditional loads', () => {
    const s = summarize('import sys\nif sys.version_info >= (3, 8):\n    import threading\nelif x:\n    import socket\nelse:\n    import ssl\n');
    expect(brief(s.events)).toEqual(['load threading ?', 'load socket ?', 'load ssl ?']);
  });

  it('try / except ImportError: both branches are conditional loads, finally is not', () => {
    const s = summarize('try:\n    import ujson as json\nexcept ImportError:\n    import json\nfinally:\n    import socket\n');
    expect(brief(s.events)).toEqual(['load ujson ?', 'load json ?', 'load socket']);
  });

  it('imports inside a function count only when the function is called at module time', () => {
    const called = summarize('def setup():\n    import threading\n\nsetup()\n');
    expect(brief(called.events)).toEqual(['load threading']);
    expect((called.events[0] as LoadEvent).loc).toEqual({ line: 2, column: 11, endLine: 2, endColumn: 20 });
    // twin: defined but never called
    expect(summarize('def setup():\n    import threading\n').events).toEqual([]);
    // twin: called only from another function that is never called
    expect(summarize('def setup():\n    import threading\n\ndef later():\n    setup()\n').events).toEqual([]);
  });

  it('follows calls through nested local functions and assignments (`app = create_app()`)', () => {
    const s = summarize('def inner():\n    import socket\n\ndef create_app():\n    inner()\n    return 1\n\napp = create_app()\n');
    expect(brief(s.events)).toEqual(['load socket']);
  });

  it('names imported inside a function stay local to it', () => {
    const s = summarize('def main():\n    from gevent import monkey\n\nmain()\nmonkey.patch_all()\n');
    expect(patches(s)).toEqual([]);
  });

  it('recursion is followed once', () => {
    expect(brief(summarize('def f():\n    import json\n    f()\n\nf()\n').events)).toEqual(['load json']);
  });

  it('`if __name__ == "__main__":` runs only for the entry script (isEntry)', () => {
    const code = 'def main():\n    import threading\n\nif __name__ == "__main__":\n    main()\nelse:\n    import json\n';
    expect(brief(summarize(code, { isEntry: true }).events)).toEqual(['load threading']);
    expect(brief(summarize(code, { isEntry: false }).events)).toEqual(['load json']);
    expect(brief(summarize("if '__main__' == __name__:\n    import socket\n", { isEntry: false }).events)).toEqual([]);
    expect(brief(summarize("if __name__ != '__main__':\n    import socket\n", { isEntry: false }).events)).toEqual(['load socket']);
  });

  it('importlib.import_module("literal") and __import__("literal") load; non-literals do not', () => {
    const s = summarize(
      'import importlib\nimportlib.import_module("logging.handlers")\n__import__("socket")\nimportlib.import_module(name)\n' +
        'from importlib import import_module\nimport_module(".util", package="pkg")\n',
    );
    expect(s.events.filter((e): e is LoadEvent => e.kind === 'load').map((e) => [e.specifier, e.loadKind])).toEqual([
      ['importlib', 'py-import'],
      ['logging', 'py-importlib'],
      ['logging.handlers', 'py-importlib'],
      ['socket', 'py-importlib'],
      ['importlib', 'py-from-import'],
      ['pkg', 'py-importlib'],
      ['pkg.util', 'py-importlib'],
    ]);
  });

  it('a module from importlib is a binding like an import', () => {
    const s = summarize('import importlib\nm = importlib.import_module("gevent.monkey")\nm.patch_all()\n');
    expect(patches(s).map((p) => p.patcherId)).toEqual(['gevent']);
  });

  it('class bodies run at module time; function bodies, lambdas and strings do not', () => {
    const s = summarize('class A:\n    import json\n    def m(self):\n        import socket\n\nf = lambda: __import__("ssl")\nx = "import threading"\n');
    expect(brief(s.events)).toEqual(['load json']);
  });

  it('conditional expressions and `and`/`or` make the loads in their branches conditional', () => {
    const s = summarize('import importlib\nm = importlib.import_module("json") if x else None\nok = x and __import__("socket")\n');
    expect(brief(s.events)).toEqual(['load importlib', 'load json ?', 'load socket ?']);
  });

  it('an internal error on a malformed tree is visible: thrown under PATCH_ORDER_STRICT=1, counted and survived otherwise', () => {
    const parsed = parsePython('import threading\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const broken = { ...parsed.ast, children: [{ type: 'import_statement', field: null, range: [0, 1], loc: parsed.ast.loc, children: null }] };
    const resolver = createPythonResolver({ projectRoot: ROOT });
    const run = () => summarizePython(broken as never, 'import threading\n', join(ROOT, 'x.py'), { resolver });
    expect(run).toThrow(/in Python summary of/);
    withStrict('0', () => {
      const before = stats.internalErrors;
      expect(run().events).toEqual([]);
      expect(stats.internalErrors - before).toBe(1);
      takeInternalErrors();
    });
  });

  it('a file that does not parse is bad input: a parse error, no internal error', () => {
    const resolver = createPythonResolver({ projectRoot: ROOT });
    const before = stats.internalErrors;
    expect(summarizePythonSource('def f(:\n', join(ROOT, 'x.py'), { resolver })).toMatchObject({ events: [], parseError: expect.any(String) });
    expect(stats.internalErrors).toBe(before);
  });
});

describe('summarizePython: patches from the catalog', () => {
  const ALL = ['socket', 'ssl', 'threading', '_thread', '_threading_local', 'time', 'select', 'selectors', 'os', 'subprocess', 'signal', 'queue'];

  it('gevent.monkey.patch_all() through every import form', () => {
    const forms = [
      'import gevent.monkey\ngevent.monkey.patch_all()\n',
      'from gevent import monkey\nmonkey.patch_all()\n',
      'from gevent import monkey as m\nm.patch_all()\n',
      'import gevent.monkey as gm\ngm.patch_all()\n',
      'from gevent.monkey import patch_all as pa\npa()\n',
      'import gevent\ngevent.monkey.patch_all()\n',
    ];
    for (const code of forms) {
      const p = patches(summarize(code));
      expect(p.map((e) => [e.patcherId, e.targets, e.activation, e.captureOnly])).toEqual([['gevent', ALL, 'call', true]]);
    }
  });

  it('exact location, statement range and dependencies of the patch call', () => {
    const s = summarize('from gevent import monkey\nmonkey.patch_all(thread=opts.thread, ssl=False)\n');
    const [p] = patches(s);
    expect(p!.loc).toEqual({ line: 2, column: 0, endLine: 2, endColumn: 47 });
    expect(p!.statementRange).toEqual([26, 73]);
    expect(p!.dependsOn).toEqual(['opts']);
    expect(p!.targets).toEqual(ALL.filter((t) => t !== 'ssl'));
    expect(p!.names).toContain('Lock');
    expect(p!.names).toContain('socket');
    expect(p!.names).not.toContain('SSLContext');
    // gevent does not replace threading.Thread (see the catalog notes)
    expect(p!.names).not.toContain('Thread');
  });

  it('keyword arguments narrow gevent targets', () => {
    const t = (args: string) => patches(summarize(`from gevent import monkey\nmonkey.patch_all(${args})\n`))[0]!.targets;
    expect(t('thread=False')).toEqual(['socket', 'ssl', 'time', 'select', 'selectors', 'os', 'subprocess', 'signal', 'queue']);
    expect(t('socket=False, ssl=False')).toEqual(['threading', '_thread', '_threading_local', 'time', 'select', 'selectors', 'os', 'subprocess', 'signal', 'queue']);
    expect(t('thread=True')).toEqual(ALL);
    // unknown values and **kwargs keep every target
    expect(t('thread=flag')).toEqual(ALL);
    expect(t('**opts')).toEqual(ALL);
  });

  it('single gevent patch_* functions', () => {
    const s = summarize('from gevent import monkey\nmonkey.patch_thread()\nmonkey.patch_socket()\nmonkey.patch_time()\nmonkey.patch_sys()\n');
    expect(patches(s).map((p) => [p.patcherId, p.targets])).toEqual([
      ['gevent.patch_thread', ['threading', '_thread', '_threading_local']],
      ['gevent.patch_socket', ['socket']],
      ['gevent.patch_time', ['time']],
      ['gevent.patch_sys', []],
    ]);
  });

  it('eventlet.monkey_patch: no flags patch all; True flags select; False flags remove', () => {
    const t = (args: string) => patches(summarize(`import eventlet\neventlet.monkey_patch(${args})\n`))[0]!.targets;
    expect(t('')).toEqual(['os', 'select', 'selectors', 'socket', 'ssl', 'threading', '_thread', 'queue', 'time', 'psycopg2', 'subprocess']);
    expect(t('socket=True')).toEqual(['socket', 'ssl']);
    expect(t('thread=False')).toEqual(['os', 'select', 'selectors', 'socket', 'ssl', 'time', 'psycopg2', 'subprocess']);
    expect(t('MySQLdb=True')).toEqual(['MySQLdb']);
    expect(t('all=False, time=True')).toEqual(['time']);
  });

  it('side-effect activation: import ddtrace.auto', () => {
    const s = summarize('import ddtrace.auto\n');
    expect(brief(s.events)).toEqual(['load ddtrace', 'load ddtrace.auto', 'patch ddtrace']);
    expect(patches(s)[0]!.activation).toBe('side-effect');
  });

  it('os.environ settings before ML libraries (assignment, setdefault, putenv, update)', () => {
    const s = summarize(
      'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0"\nos.environ.setdefault("OMP_NUM_THREADS", "1")\n' +
        'os.putenv("TF_CPP_MIN_LOG_LEVEL", "3")\nos.environ.update({"MKL_NUM_THREADS": "1"})\nfrom os import environ\nenviron["CUDA_VISIBLE_DEVICES"] = gpu\n',
    );
    expect(patches(s).map((p) => [p.patcherId, p.loc.line, p.dependsOn])).toEqual([
      ['env.CUDA_VISIBLE_DEVICES', 2, []],
      ['env.threads', 3, []],
      ['env.TF_CPP_MIN_LOG_LEVEL', 4, []],
      ['env.threads', 5, []],
      ['env.CUDA_VISIBLE_DEVICES', 7, ['gpu']],
    ]);
    expect(patches(s)[0]!.targets).toEqual(['tensorflow', 'jax', 'torch', 'cupy', 'keras']);
  });

  it('precision twins: reads and other variables are not patches', () => {
    const s = summarize(
      'import os\nx = os.environ.get("CUDA_VISIBLE_DEVICES")\nos.environ["PATH"] = "/bin"\nif "OMP_NUM_THREADS" in os.environ:\n    pass\n',
    );
    expect(patches(s)).toEqual([]);
  });

  it('matplotlib.use and gi.require_version (names from the namespace argument)', () => {
    const s = summarize('import matplotlib\nmatplotlib.use("Agg")\nimport gi\ngi.require_version("Gtk", "3.0")\nfrom gi.repository import Gtk\n');
    expect(brief(s.events)).toEqual([
      'load matplotlib', 'patch matplotlib.use', 'load gi', 'patch gi.require_version', 'load gi', 'load gi.repository', 'capture gi.repository:Gtk',
    ]);
    const gi = patches(s)[1]!;
    expect([gi.targets, gi.names, gi.captureOnly]).toEqual([['gi.repository'], ['Gtk'], true]);
  });

  it('OpenTelemetry instrumentors, directly and through a variable', () => {
    const s = summarize(
      'from opentelemetry.instrumentation.flask import FlaskInstrumentor\nFlaskInstrumentor().instrument()\n' +
        'from opentelemetry.instrumentation.psycopg2 import Psycopg2Instrumentor\ninst = Psycopg2Instrumentor()\ninst.instrument(enable_commenter=True)\n',
    );
    expect(patches(s).map((p) => [p.patcherId, p.targets, p.names, p.captureOnly])).toEqual([
      ['opentelemetry.flask', ['flask'], ['Flask'], true],
      ['opentelemetry.psycopg2', ['psycopg2'], ['connect'], true],
    ]);
  });

  it('other catalog calls: pymysql, newrelic, truststore, psycogreen (use-order only), grpc gevent', () => {
    const s = summarize(
      'import pymysql\npymysql.install_as_MySQLdb()\nimport newrelic.agent\nnewrelic.agent.initialize("newrelic.ini")\n' +
        'import truststore\ntruststore.inject_into_ssl()\nfrom psycogreen.gevent import patch_psycopg\npatch_psycopg()\n' +
        'import grpc.experimental.gevent as grpc_gevent\ngrpc_gevent.init_gevent()\nimport setuptools\n',
    );
    expect(patches(s).map((p) => [p.patcherId, p.targets.length > 0])).toEqual([
      ['pymysql.install_as_MySQLdb', true],
      ['newrelic', true],
      ['truststore', true],
      ['psycogreen.gevent', false],
      ['grpc.gevent', false],
      ['setuptools', true],
    ]);
  });

  it('precision twins: look-alikes are not gevent patches', () => {
    const twins = [
      // a local function of the same name
      'def patch_all():\n    pass\npatch_all()\n',
      // referenced, not called
      'from gevent import monkey\nf = monkey.patch_all\n',
      // the binding was replaced
      'from gevent import monkey\nmonkey = object()\nmonkey.patch_all()\n',
      // a different module's patch_all
      'from mylib import monkey\nmonkey.patch_all()\n',
      // in a function nobody calls
      'from gevent import monkey\ndef later():\n    monkey.patch_all()\n',
      // text only
      'x = "monkey.patch_all()"\n# monkey.patch_all()\n',
    ];
    for (const code of twins) expect(patches(summarize(code))).toEqual([]);
  });

  it('detectors can be plugged in and see the call, its ancestors and the bindings', () => {
    const seen: string[] = [];
    const detector: PyDetector = (site) => {
      const fn = site.node.children.find((c) => c.field === 'function');
      const q = fn ? site.qualify(fn) : null;
      seen.push(`${q} in ${site.ancestors.map((a) => a.type).join('>')}`);
      return q === 'threading.Thread().start'
        ? [{ kind: 'spawn', spawnId: 'threading.Thread', category: 'per-process', guard: null, loc: { line: site.node.loc.start.line, column: 0, endLine: 0, endColumn: 0 } }]
        : [];
    };
    const s = summarize('import threading\ndef go():\n    threading.Thread(target=f).start()\ngo()\n', { detectors: [detector] });
    expect(brief(s.events)).toEqual(['load threading', 'spawn']);
    // the call `go()` is seen when it starts, then the calls its body makes
    expect(seen).toEqual([
      'null in module>expression_statement',
      'threading.Thread in module>expression_statement>call>function_definition>block>expression_statement>call>attribute',
      'threading.Thread().start in module>expression_statement>call>function_definition>block>expression_statement',
    ]);
  });
});

// ---- seed fixture projects ------------------------------------------------------------------------

interface Before {
  /** Modules loaded before the first patch, in order (local files by dotted name, with known loads). */
  order: string[];
  captures: { module: string; names: string[] }[];
  patch: PatchEvent | null;
}

/** A tiny depth-first walk (the real one is src/graph/walk.ts): what happens before the first patch. */
function walkBeforePatch(entry: string, root: string): Before {
  const resolver = createPythonResolver({ projectRoot: root });
  const out: Before = { order: [], captures: [], patch: null };
  const seen = new Set<string>();
  const visit = (file: string, isEntry: boolean): boolean => {
    const s = summarizePythonSource(readFileSync(file, 'utf8'), file, { resolver, isEntry });
    for (const e of s.events) {
      if (e.kind === 'patch') {
        out.patch = e;
        return true;
      }
      if (e.kind === 'capture') out.captures.push({ module: e.resolved.type === 'unresolved' ? e.specifier : (e.resolved as { name?: string }).name ?? e.specifier, names: e.names });
      if (e.kind !== 'load') continue;
      const r = e.resolved;
      const name = r.type === 'file' ? r.name ?? r.path : r.name;
      if (seen.has(name)) continue;
      seen.add(name);
      out.order.push(name);
      if (r.type === 'file' && r.path.endsWith('.py')) {
        if (visit(r.path, false)) return true;
      } else if (r.type !== 'file') {
        for (const m of knownPythonLoads(r.name)) if (!seen.has(m)) (seen.add(m), out.order.push(m));
      }
    }
    return false;
  };
  visit(entry, true);
  return out;
}

/** Loads or captures of the patch's targets before the patch (the fact the rule reports on). */
function offending(b: Before): string[] {
  if (!b.patch) return [];
  const targets = new Set(b.patch.targets);
  const loads = b.order.filter((m) => targets.has(m)).map((m) => `load ${m}`);
  const caps = b.captures
    .filter((c) => targets.has(c.module))
    .map((c) => `capture ${c.module}:${c.names.filter((n) => !b.patch!.names || b.patch!.names.includes(n) || n === '*').join(',')}`)
    .filter((c) => !c.endsWith(':'));
  return [...loads, ...caps];
}

describe('seed fixture projects', () => {
  const run = (dir: string, file: string) => walkBeforePatch(join(FIXTURES, dir, file), join(FIXTURES, dir));

  it('seed 000: threading loaded before patch_thread (bad) / not (fixed)', () => {
    const bad = run('py-seed-000-bad', 'test.py');
    expect(bad.patch?.patcherId).toBe('gevent.patch_thread');
    expect(offending(bad)).toEqual(['load threading']);
    const fixed = run('py-seed-000-fixed', 'test.py');
    expect(fixed.patch?.patcherId).toBe('gevent.patch_thread');
    expect(offending(fixed)).toEqual([]);
  });

  it('seed 001: imports above the patch (bad) / the seed\'s own order (fixed)', () => {
    const bad = run('py-seed-001-bad', 'threads.py');
    expect(bad.patch?.patcherId).toBe('gevent.patch_thread');
    expect(offending(bad)).toEqual(['load threading']);
    expect(offending(run('py-seed-001-fixed', 'threads.py'))).toEqual([]);
  });

  it('seed 002: Event captured and a Thread created before patch_all (bad) / patch_all(thread=False) first (fixed)', () => {
    const bad = run('py-seed-002-bad', 'app.py');
    expect(bad.patch?.patcherId).toBe('gevent');
    expect(offending(bad)).toEqual(['load threading', 'capture threading:Event']);
    const fixed = run('py-seed-002-fixed', 'app.py');
    expect(fixed.patch?.targets).not.toContain('threading');
    expect(offending(fixed)).toEqual([]);
  });

  it('through local modules: app/config.py copies time.sleep before main() patches (bad) / patch first (fixed)', () => {
    const bad = run('py-local-chain-bad', 'main.py');
    expect(bad.order.slice(0, 2)).toEqual(['app', 'app.config']);
    expect(offending(bad)).toEqual(['capture time:sleep']);
    const fixed = run('py-local-chain-fixed', 'main.py');
    expect(fixed.patch?.patcherId).toBe('gevent');
    expect(offending(fixed)).toEqual([]);
  });
});

describe('topInsertionOffset (where the fix moves a patch)', () => {
  const at = (code: string) => {
    const parsed = parsePython(code);
    if (!parsed.ok) throw new Error('parse');
    return topInsertionOffset(parsed.ast, code);
  };
  it('goes after the docstring, `from __future__` imports, shebang and encoding lines', () => {
    const code = '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"""Doc."""\nfrom __future__ import annotations\nimport threading\n';
    expect(code.slice(at(code))).toBe('import threading\n');
    expect(at('import threading\n')).toBe(0);
    // a string that is not the first statement is not a docstring
    expect(at('x = 1\n"not a docstring"\n')).toBe(0);
    expect(at('"""Only a docstring."""\n')).toBe('"""Only a docstring."""\n'.length);
  });
});
