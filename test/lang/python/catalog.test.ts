import { describe, expect, it } from 'vitest';
import { pythonPatcher, pythonPatchers } from '../../../src/catalog/python-patchers.js';
import { pythonPackageCaptures, pythonPackageLoads } from '../../../src/lang/python/third-party-imports.js';
import { PYTHON_STARTUP_MODULES, isStdlibModule, knownPythonCaptures, knownPythonLoads } from '../../../src/lang/python/resolve.js';

describe('Python patcher catalog', () => {
  it('ids are unique and every entry is a Python entry with targets, activations and a symptom', () => {
    const ids = pythonPatchers.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of pythonPatchers) {
      expect(e.language, e.id).toBe('python');
      expect(e.targets.length, e.id).toBeGreaterThan(0);
      expect(e.activations.length, e.id).toBeGreaterThan(0);
      expect(e.symptom.length, e.id).toBeGreaterThan(20);
      expect(e.title.length, e.id).toBeGreaterThan(0);
    }
  });

  it('covers the patchers the issue lists', () => {
    for (const id of [
      'gevent', 'gevent.patch_thread', 'gevent.patch_socket', 'gevent.patch_ssl', 'gevent.patch_select', 'gevent.patch_time',
      'gevent.patch_os', 'gevent.patch_subprocess', 'gevent.patch_sys', 'gevent.patch_queue', 'gevent.patch_signal',
      'gevent.patch_dns', 'gevent.patch_builtins', 'eventlet', 'psycogreen.gevent', 'grpc.gevent', 'ddtrace', 'newrelic',
      'opentelemetry.flask', 'opentelemetry.fastapi', 'opentelemetry.psycopg2', 'opentelemetry.sqlalchemy', 'opentelemetry.django',
      'pymysql.install_as_MySQLdb', 'matplotlib.use', 'gi.require_version', 'env.CUDA_VISIBLE_DEVICES', 'env.threads',
      'env.TF_CPP_MIN_LOG_LEVEL', 'truststore', 'setuptools',
    ]) {
      expect(pythonPatcher(id), id).toBeDefined();
    }
  });

  it('keyword-argument targets and patched names only mention declared targets or real modules', () => {
    for (const e of pythonPatchers) {
      for (const a of e.activations) {
        if (a.kind !== 'call' || !a.kwargTargets) continue;
        for (const [k, ts] of Object.entries(a.kwargTargets)) {
          expect(ts.length, `${e.id} ${k}`).toBeGreaterThan(0);
          for (const t of ts) {
            const ok = e.targets.includes(t) || (e.kwargDefaultsOff ?? []).includes(k);
            expect(ok, `${e.id}: ${k} → ${t}`).toBe(true);
          }
        }
      }
      for (const m of Object.keys(e.patchedNames ?? {})) expect(e.targets, `${e.id} patchedNames ${m}`).toContain(m);
      if (e.captureOnly && !e.namesFromFirstArg) expect(e.patchedNames, `${e.id} is capture-only: which names break?`).toBeDefined();
      if (e.envVars) expect(e.family).toBe('env-first');
    }
  });

  it('gevent: thread=False removes exactly threading, _thread and _threading_local; Thread is not a patched name', () => {
    const gevent = pythonPatcher('gevent')!;
    const call = gevent.activations[0]!;
    expect(call).toMatchObject({ kind: 'call', module: 'gevent.monkey', call: 'patch_all' });
    expect(call.kind === 'call' && call.kwargTargets?.thread).toEqual(['threading', '_thread', '_threading_local']);
    expect(gevent.captureOnly).toBe(true);
    expect(gevent.patchedNames?.threading).toContain('Lock');
    expect(gevent.patchedNames?.threading).not.toContain('Thread');
    expect(gevent.patchedNames?.socket).toContain('socket');
  });

  it('stdlib targets are stdlib modules; what loads at start-up is not a load-order target', () => {
    for (const id of ['gevent', 'eventlet']) {
      for (const t of pythonPatcher(id)!.targets.filter((t) => t !== 'psycopg2')) expect(isStdlibModule(t), `${id}: ${t}`).toBe(true);
    }
    // os, time and _thread are in sys.modules before user code runs: the summarizer emits no load for
    // them, so for these targets only names copied out before the patch can be early
    for (const m of ['os', 'time', '_thread']) expect(PYTHON_STARTUP_MODULES.has(m)).toBe(true);
    expect(PYTHON_STARTUP_MODULES.has('threading')).toBe(false);
  });
});

describe('third-party load table', () => {
  it('lists modules by dotted import name and expands through the stdlib table', () => {
    for (const [pkg, loads] of Object.entries(pythonPackageLoads)) {
      expect(pkg).toMatch(/^[A-Za-z_][\w.]*$/);
      for (const m of loads) expect(m).toMatch(/^[A-Za-z_][\w.]*$/);
    }
    // the examples: requests and urllib3 load ssl and socket
    expect(knownPythonLoads('urllib3')).toEqual(expect.arrayContaining(['ssl', 'socket', 'threading']));
    expect(knownPythonLoads('requests')).toEqual(expect.arrayContaining(['ssl', 'socket', 'urllib3']));
    // and through the stdlib table: http.client loads ssl → socket
    expect(knownPythonLoads('flask')).toEqual(expect.arrayContaining(['werkzeug', 'threading', 'socket']));
  });

  it('captures expand through what a package loads (requests → urllib3 copies ssl.SSLContext)', () => {
    // measured (src/lang/python/package-loads.json): urllib3.util.ssl_ does `from ssl import SSLContext` and
    // `from ssl import CERT_REQUIRED, wrap_socket`
    expect(knownPythonCaptures('requests')).toEqual({ ssl: ['SSLContext', 'wrap_socket'] });
    expect(knownPythonCaptures('flask')).toEqual({});
    expect(knownPythonCaptures('threading')).toEqual({});
  });

  it('package captures name modules and attributes', () => {
    for (const caps of Object.values(pythonPackageCaptures)) {
      for (const [m, names] of Object.entries(caps)) {
        expect(isStdlibModule(m)).toBe(true);
        expect(names.length).toBeGreaterThan(0);
      }
    }
  });
});
