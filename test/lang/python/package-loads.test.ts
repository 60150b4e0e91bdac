/**
 * The generated table of what third-party Python packages load (src/lang/python/package-loads.json, written by
 * scripts/gen-python-package-loads.py from Debian python3-* packages): its provenance, the measured facts the
 * rules rely on, that its `keep` list covers the patcher catalog, and that the script writes what the loader
 * reads (the script is run on a two-module package made here, with the local `python3`; skipped without one).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonPatcher, pythonPatchers } from '../../../src/catalog/python-patchers.js';
import { isStdlibModule, knownPythonCaptures, knownPythonLoads } from '../../../src/lang/python/resolve.js';
import {
  HAND_LOADS,
  PACKAGE_LOADS_TABLE,
  pythonPackageCaptures,
  pythonPackageLoads,
  type PackageLoadsTable,
} from '../../../src/lang/python/third-party-imports.js';
import { repoRoot } from '../../helpers/rule-tester.js';

const T = PACKAGE_LOADS_TABLE;
const DOTTED = /^[A-Za-z_][\w.]*$/u;

/** The frameworks issue 13 names (eventlet/gevent are the patchers and are not measured). */
const ISSUE_PACKAGES = [
  'oslo_log', 'oslo_config', 'oslo_concurrency', 'oslo_messaging', 'oslo_service', 'oslo_db', 'oslo_utils',
  'kombu', 'celery', 'sqlalchemy', 'psycopg', 'psycopg2', 'redis', 'botocore', 'boto3', 'grpc', 'django', 'flask',
  'requests', 'urllib3', 'trio', 'anyio',
];

describe('generated third-party load table: provenance', () => {
  it('names the Python it was measured with, the date, the method and what it skipped', () => {
    expect(T.python).toMatch(/^3\.\d+\.\d+$/u);
    expect(T.generated).toMatch(/^\d{4}-\d\d-\d\d$/u);
    expect(T.method).toContain('-X importtime');
    expect(T.method).toContain('scripts/gen-python-package-loads.py');
    expect(T.skipped).toEqual(['eventlet', 'gevent']);
    // start-up modules are never counted as loads
    expect(T.startup).toEqual(expect.arrayContaining(['os', 'time', '_thread']));
    expect(T.startup).not.toContain('threading');
  });

  it('every entry records the Debian package and version and the distribution version it came from', () => {
    const names = Object.keys(T.packages);
    expect(names.length).toBeGreaterThan(100);
    for (const [name, e] of Object.entries(T.packages)) {
      expect(e.debian, name).toMatch(/^python3-[\w.+-]+(, python3-[\w.+-]+)*$/u);
      expect(e.version, name).toMatch(/^[\w.:+~-]+(, [\w.:+~-]+)*$/u);
      expect(e.distVersion, name).toMatch(/^\d/u);
      expect(e.version!.split(', ').length, name).toBe(e.debian!.split(', ').length);
    }
    expect(T.packages.oslo_log).toMatchObject({ debian: 'python3-oslo.log', dist: 'oslo.log' });
    expect(T.packages.trio).toMatchObject({ debian: 'python3-trio', dist: 'trio' });
  });

  it('measured every package the issue lists, and their public submodules', () => {
    for (const name of ISSUE_PACKAGES) expect(T.packages[name], name).toBeDefined();
    for (const name of ['oslo_log.log', 'oslo_config.cfg', 'oslo_concurrency.lockutils', 'oslo_messaging.rpc', 'kombu.connection', 'celery.app'])
      expect(T.packages[name], name).toBeDefined();
    // what failed to import is listed with the reason, never silently missing
    for (const [name, why] of Object.entries(T.unimportable)) {
      expect(T.packages[name], name).toBeUndefined();
      expect(why.length, name).toBeGreaterThan(0);
    }
  });

  it('lists sorted dotted names, each a kept module or a third-party top-level package', () => {
    const keep = new Set(T.keep);
    for (const [name, e] of Object.entries(T.packages)) {
      expect(name).toMatch(DOTTED);
      expect(e.loads, name).toEqual([...e.loads].sort());
      for (const m of e.loads) {
        expect(m).toMatch(DOTTED);
        const ok = keep.has(m) || (!isStdlibModule(m) && !m.includes('.'));
        expect(ok, `${name} → ${m}`).toBe(true);
      }
    }
  });
});

describe('generated third-party load table: the catalog', () => {
  it('keeps every module a Python patcher targets (so no target is filtered out of the measurement)', () => {
    const keep = new Set(T.keep);
    for (const e of pythonPatchers) {
      for (const t of [...e.targets, ...(e.loadTargets ?? []), ...(e.directLoadTargets ?? [])]) {
        // stdlib targets and submodule targets must be kept; third-party top-level names always are
        if (isStdlibModule(t) || t.includes('.')) expect(keep.has(t), `${e.id}: ${t}`).toBe(true);
      }
    }
  });

  it("records copies of exactly gevent's patched names", () => {
    expect(T.captureNames).toEqual(pythonPatcher('gevent')!.patchedNames);
  });

  it('hand entries are only for what the script does not measure', () => {
    expect(Object.keys(HAND_LOADS).sort()).toEqual(['gevent.monkey', 'keras', 'tensorflow']);
    for (const name of Object.keys(HAND_LOADS)) {
      expect(T.packages[name], name).toBeUndefined();
      expect(pythonPackageLoads[name]).toEqual(HAND_LOADS[name]);
    }
    for (const [name, e] of Object.entries(T.packages)) expect(pythonPackageLoads[name]).toBe(e.loads);
  });
});

describe('generated third-party load table: measured facts', () => {
  it('oslo_log: the package __init__ loads nothing that matters; oslo_log.log loads threading, socket and ssl', () => {
    expect(knownPythonLoads('oslo_log')).toEqual([]);
    expect(knownPythonLoads('oslo_log.log')).toEqual(expect.arrayContaining(['logging', 'threading', 'socket', 'ssl']));
    expect(knownPythonLoads('oslo_config.cfg')).toEqual(expect.arrayContaining(['threading', 'socket']));
    expect(knownPythonLoads('oslo_concurrency.lockutils')).toEqual(expect.arrayContaining(['threading', 'subprocess', 'eventlet']));
  });

  it('oslo_messaging loads the other oslo libraries, threading, socket and ssl', () => {
    expect(knownPythonLoads('oslo_messaging')).toEqual(
      expect.arrayContaining(['oslo_config', 'oslo_log', 'oslo_utils', 'threading', 'socket', 'ssl', 'subprocess']),
    );
  });

  it('trio loads socket, ssl and threading (the locust case of issue 13); anyio too', () => {
    expect(knownPythonLoads('trio')).toEqual(expect.arrayContaining(['socket', 'ssl', 'threading']));
    expect(knownPythonLoads('anyio')).toEqual(expect.arrayContaining(['asyncio', 'socket', 'ssl', 'threading']));
  });

  it('chains resolve: requests → urllib3, boto3 → botocore, celery.app → kombu', () => {
    expect(knownPythonLoads('requests')).toEqual(expect.arrayContaining(['urllib3', 'certifi', 'idna', 'socket', 'ssl', 'http.client']));
    expect(knownPythonLoads('boto3')).toEqual(expect.arrayContaining(['botocore', 'urllib3', 'ssl']));
    expect(knownPythonLoads('celery.app')).toEqual(expect.arrayContaining(['kombu', 'threading', 'socket']));
  });

  it('lazy packages load little at import: celery and kombu load nothing that matters until a submodule is used', () => {
    expect(knownPythonLoads('celery')).toEqual([]);
    expect(knownPythonLoads('kombu')).toEqual([]);
    expect(T.packages.botocore!.loads).toEqual(['logging', 'threading']);
  });

  it('django.db.backends.mysql.base loads MySQLdb; its package __init__ does not', () => {
    expect(knownPythonLoads('django.db.backends.mysql.base')).toContain('MySQLdb');
    expect(knownPythonLoads('django.db.backends.mysql')).not.toContain('MySQLdb');
  });

  it('captures applied: only copies out of ssl (urllib3 copies SSLContext and wrap_socket)', () => {
    expect(T.packages.urllib3!.captures?.ssl).toEqual(['SSLContext', 'wrap_socket']);
    expect(knownPythonCaptures('urllib3')).toEqual({ ssl: ['SSLContext', 'wrap_socket'] });
    // measured, recorded, not applied: jinja2 copies threading.Lock (see APPLIED_CAPTURE_MODULES)
    expect(T.packages.jinja2!.captures?.threading).toContain('Lock');
    expect(knownPythonCaptures('jinja2')).toEqual({});
    for (const caps of Object.values(pythonPackageCaptures)) expect(Object.keys(caps)).toEqual(['ssl']);
    // eventlet keeps the original ssl and socket on purpose (eventlet.green.*, `__original_module_*`): its modules are
    // not scanned, so oslo_messaging, which loads eventlet, records no ssl copy
    expect(T.packages.oslo_messaging!.loads).toContain('eventlet');
    expect(T.packages.oslo_messaging!.captures?.ssl).toBeUndefined();
  });
});

const probe = spawnSync('python3', ['-c', 'import venv, sys; print(sys.version_info[0])'], { encoding: 'utf8' });
const HAS_PYTHON = probe.status === 0 && probe.stdout.trim() === '3';
const dir = mkdtempSync(join(tmpdir(), 'pkg-loads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!HAS_PYTHON)('scripts/gen-python-package-loads.py', () => {
  it('writes the shape the loader reads: a package and its submodule, loads and captures measured', () => {
    const site = join(dir, 'site');
    mkdirSync(join(site, 'fakepkg'), { recursive: true });
    writeFileSync(join(site, 'fakepkg', '__init__.py'), 'import threading\n');
    writeFileSync(join(site, 'fakepkg', 'net.py'), 'import socket\nfrom ssl import SSLContext\n');
    const out = join(dir, 'out.json');
    const script = join(repoRoot, 'scripts', 'gen-python-package-loads.py');
    const r = spawnSync('python3', [script, '--python', 'python3', '--site', site, '--only', 'fakepkg', '--out', out], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toContain('2 packages, 0 unimportable');
    const table = JSON.parse(readFileSync(out, 'utf8')) as PackageLoadsTable;
    expect(Object.keys(table).sort()).toEqual(Object.keys(T).sort());
    expect(table.keep).toEqual(T.keep);
    expect(table.packages).toEqual({
      // not owned by a Debian package and without metadata: no provenance fields
      fakepkg: { loads: ['threading'] },
      'fakepkg.net': { loads: ['select', 'selectors', 'socket', 'ssl', 'threading'], captures: { ssl: ['SSLContext'] } },
    });
  });
});
