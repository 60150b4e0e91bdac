/**
 * Units of the Python side of no-spawn-before-fork: the detector's events (start methods, guards),
 * gunicorn / uWSGI / command-line reading, and the catalog.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ForkEvent, SpawnEvent } from '../../../src/graph/types.js';
import { pySpawnFork, pySpawnEntryFor, pyForkEntryFor } from '../../../src/catalog/python-spawn-fork.js';
import { createPythonResolver } from '../../../src/lang/python/resolve.js';
import { summarizePythonSource } from '../../../src/lang/python/summarize-source.js';
import { pythonDetectors } from '../../../src/lang/python/detector-registry.js';
import { pySpawnForkDetector } from '../../../src/lang/python/events/spawn-fork-detector.js';
import { effectiveMethod } from '../../../src/checks/no-spawn-before-fork/python/check.js';
import { appCallOf, celeryWorkerCommands, clearServerCaches, commandLines, expandShell, parseGunicornConfig, parseUwsgiIni, serversFor, shellVariables } from '../../../src/lang/python/deployments.js';
import { clearFsCaches } from '../../../src/util/fs-cache.js';
import { definitionOf, moduleCandidatesFor, pyFileFacts, relativeModuleFile } from '../../../src/lang/python/app-load.js';

const tmp = mkdtempSync(join(tmpdir(), 'py-servers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function events(code: string, isEntry = true): string[] {
  const s = summarizePythonSource(code, join(tmp, 'm.py'), { resolver: createPythonResolver({ projectRoot: tmp }), isEntry, detectors: [pySpawnForkDetector] });
  return s.events
    .filter((e): e is SpawnEvent | ForkEvent => e.kind === 'spawn' || e.kind === 'fork')
    .map((e) => (e.kind === 'spawn' ? `spawn ${e.spawnId}${e.guard ? ` [${e.guard.role}]` : ''}@${e.loc.line}` : `fork ${e.forkId}${e.reRunsSelf ? ' rerun' : ''}${e.guard ? ` [${e.guard.role}]` : ''}@${e.loc.line}`));
}

describe('detector', () => {
  it('is registered with the Python summarizer', () => {
    expect(pythonDetectors()).toContain(pySpawnForkDetector);
  });

  it('thread shapes: constructor + start, chained start, aliases, from-imports; construction alone is no spawn', () => {
    expect(
      events(
        'import threading as th\nfrom threading import Thread, Timer\nt = th.Thread(target=f)\nt.start()\nThread(target=f).start()\nTimer(1, f).start()\nu = Thread(target=f)\n',
      ),
    ).toEqual(['spawn threading.Thread@4', 'spawn threading.Thread@5', 'spawn threading.Timer@6']);
  });

  it('pools, schedulers, listeners, gRPC, OpenTelemetry, gevent', () => {
    expect(
      events(
        [
          'import grpc, gevent',
          'from concurrent.futures import ThreadPoolExecutor',
          'from apscheduler.schedulers.background import BackgroundScheduler',
          'from opentelemetry.sdk.trace.export import BatchSpanProcessor',
          'ex = ThreadPoolExecutor(2)',
          'ex.submit(f)',
          's = BackgroundScheduler()',
          's.start()',
          'ch = grpc.insecure_channel("x:1")',
          'p = BatchSpanProcessor(exporter)',
          'gevent.spawn(f)',
        ].join('\n'),
      ),
    ).toEqual([
      'spawn concurrent.futures.ThreadPoolExecutor@6',
      'spawn apscheduler.BackgroundScheduler@8',
      'spawn grpc.channel@9',
      'spawn opentelemetry.BatchSpanProcessor@10',
      'spawn gevent.spawn@11',
    ]);
  });

  it('a thread whose target runs the schedule loop is a once-only scheduler', () => {
    expect(
      events(
        'import threading, schedule\ndef loop():\n    while True:\n        schedule.run_pending()\nschedule.every(10).minutes.do(job)\nt = threading.Thread(target=loop, daemon=True)\nt.start()\nthreading.Thread(target=lambda: schedule.run_pending()).start()\nthreading.Thread(target=other).start()\nt = threading.Thread(target=other)\nt.start()\n',
      ),
    ).toEqual(['spawn schedule.runner@7', 'spawn schedule.runner@8', 'spawn threading.Thread@9', 'spawn threading.Thread@11']);
  });

  it('start methods: default, get_context, set_start_method, contexts bound to names, mp_context', () => {
    expect(
      events(
        [
          'import os, pty',
          'import multiprocessing as mp',
          'from concurrent.futures import ProcessPoolExecutor',
          'mp.Pool(2)',
          'ctx = mp.get_context("forkserver")',
          'ctx.Pool(2)',
          'p = ctx.Process(target=f)',
          'p.start()',
          'ProcessPoolExecutor(mp_context=mp.get_context("fork"))',
          'mp.set_start_method("spawn")',
          'mp.Process(target=f).start()',
          'mp.get_context(name).Pool()',
          'os.fork()',
          'pty.fork()',
        ].join('\n'),
      ),
    ).toEqual([
      'fork multiprocessing.Pool@default@4',
      'fork multiprocessing.Pool@forkserver rerun@6',
      'fork multiprocessing.Process@forkserver rerun@8',
      'fork concurrent.futures.ProcessPoolExecutor@fork@9',
      'fork multiprocessing.Process@spawn rerun@11',
      'fork multiprocessing.Pool@unknown@12',
      'fork os.fork@13',
      'fork pty.fork@14',
    ]);
  });

  it('guards: __main__ (also through a followed main()), named at-fork hooks, not lambdas', () => {
    expect(events('import threading\ndef main():\n    threading.Thread(target=f).start()\nif __name__ == "__main__":\n    main()\n')).toEqual([
      'spawn threading.Thread [main-script]@3',
    ]);
    // A dependency (not the entry) never runs its __main__ block.
    expect(events('import threading\nif __name__ == "__main__":\n    threading.Thread(target=f).start()\n', false)).toEqual([]);
    expect(events('import os, threading\nthreading.Thread(target=f).start()\nos.register_at_fork(after_in_child=reinit)\n')).toEqual([
      'spawn threading.Thread [after-fork-child]@2',
    ]);
    expect(events('import os, threading\nthreading.Thread(target=f).start()\nos.register_at_fork(before=stop, after_in_parent=start)\n')).toEqual([
      'spawn threading.Thread [after-fork-child]@2',
    ]);
    expect(events('import os, threading\nthreading.Thread(target=f).start()\nos.register_at_fork(after_in_child=lambda: None)\n')).toEqual(['spawn threading.Thread@2']);
    // `__name__ != "__main__"` is not the main block.
    expect(events('import threading\nif __name__ != "__main__":\n    threading.Thread(target=f).start()\n', false)).toEqual(['spawn threading.Thread@3']);
  });

  it('effective start method: default is fork before 3.14, forkserver from 3.14', () => {
    const e = (forkId: string): ForkEvent => ({ kind: 'fork', forkId, reRunsSelf: false, guard: null, loc: { line: 1, column: 0, endLine: 1, endColumn: 1 } });
    expect(effectiveMethod(e('multiprocessing.Pool@default'), undefined)).toBe('fork');
    expect(effectiveMethod(e('multiprocessing.Pool@default'), 13)).toBe('fork');
    expect(effectiveMethod(e('multiprocessing.Pool@default'), 14)).toBe('forkserver');
    expect(effectiveMethod(e('multiprocessing.Pool@spawn'), 11)).toBe('spawn');
    expect(effectiveMethod(e('os.fork'), 14)).toBe('fork');
  });
});

describe('catalog', () => {
  it('ids are unique per list and every call maps back to its entry', () => {
    for (const list of [pySpawnFork.spawns, pySpawnFork.forks]) {
      const ids = list.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    for (const e of pySpawnFork.spawns) for (const c of e.calls) expect(pySpawnEntryFor(c)).toBe(e);
    for (const e of pySpawnFork.forks) for (const c of e.calls) expect(pyForkEntryFor(c)).toBe(e);
  });
});

describe("gunicorn hooks (read in gunicorn's source, benoitc/gunicorn at 65ac1a3: arbiter.py, workers/base.py)", () => {
  it('master hooks in the order gunicorn calls them, and the worker hooks', () => {
    // Arbiter.setup(): `if self.cfg.preload_app: self.app.wsgi()`; Arbiter.start(): cfg.on_starting(self), listeners,
    // cfg.when_ready(self); Arbiter.run() → manage_workers() → spawn_worker(): cfg.pre_fork(self, worker),
    // os.fork(), in the child cfg.post_fork(self, worker), worker.init_process() → load_wsgi() (the app import without
    // preload) → cfg.post_worker_init(self). The gevent worker patches in init_process, after the fork.
    expect(pySpawnFork.gunicornMasterHooks).toEqual(['on_starting', 'when_ready', 'pre_fork']);
    expect(pySpawnFork.gunicornPerForkHook).toBe('pre_fork');
    expect(pySpawnFork.gunicornWorkerHooks).toEqual(['post_fork', 'post_worker_init']);
    expect(pySpawnFork.gunicornMasterHooks.filter((h) => pySpawnFork.gunicornWorkerHooks.includes(h))).toEqual([]);
  });
});

describe('config reading', () => {
  it('gunicorn config: literals, expressions, missing keys', () => {
    expect(parseGunicornConfig('import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\npreload_app = True\nwsgi_app = "app.main:create_app()"\n')).toEqual({
      wsgiApp: 'app.main:create_app()',
      preload: true,
      workers: 'many',
      workerClass: null,
    });
    expect(parseGunicornConfig('workers = 3\nworker_class = "gevent"\npreload_app = os.environ.get("PRELOAD")\n')).toEqual({
      wsgiApp: null,
      preload: null,
      workers: 3,
      workerClass: 'gevent',
    });
    expect(parseGunicornConfig('def f(:\n')).toBeNull();
    // BOM and CRLF
    expect(parseGunicornConfig('\ufeffpreload_app = True\r\nworkers = 2\r\n')).toEqual({ wsgiApp: null, preload: true, workers: 2, workerClass: null });
  });

  it('uWSGI ini: the [uwsgi] section only, flags without values, underscores', () => {
    const ini = parseUwsgiIni('[other]\nmodule = nope\n[uwsgi]\nmodule = app:app\nlazy_apps = true\nmaster\n; comment\nprocesses = 4\n')!;
    expect(Object.fromEntries(ini)).toEqual({ module: 'app:app', 'lazy-apps': 'true', master: 'true', processes: '4' });
    expect(parseUwsgiIni('[server]\nport = 1\n')).toBeNull();
    expect(Object.fromEntries(parseUwsgiIni('\ufeff[uwsgi]\r\nmodule = app\r\n')!)).toEqual({ module: 'app' });
  });

  it('command lines: Procfile, shell chains, Dockerfile exec form, python -m', () => {
    expect(commandLines('web: gunicorn app:app --preload -w 4\nworker: celery -A app worker\n')).toEqual([{ server: 'gunicorn', args: ['app:app', '--preload', '-w', '4'] }]);
    expect(commandLines('#!/bin/sh\nset -e\npython manage.py migrate && exec /venv/bin/gunicorn -c conf/gunicorn.py \\\n  proj.wsgi:application # comment\n')).toEqual([
      { server: 'gunicorn', args: ['-c', 'conf/gunicorn.py', 'proj.wsgi:application'] },
    ]);
    expect(commandLines('CMD ["uwsgi", "--ini", "uwsgi.ini"]\nRUN pip install gunicorn\n')).toEqual([{ server: 'uwsgi', args: ['--ini', 'uwsgi.ini'] }, { server: 'gunicorn', args: [] }]);
    expect(commandLines('web: python -m gunicorn "app:create_app()" --workers=2\n')).toEqual([{ server: 'gunicorn', args: ['app:create_app()', '--workers=2'] }]);
  });
});

describe('serversFor', () => {
  function project(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmp, 'p-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    clearServerCaches();
    clearFsCaches();
    return root;
  }
  const brief = (root: string, file: string) =>
    serversFor(join(root, file), [root]).map(({ deployment: { appCandidates: _, appCall: _call, ...d }, role }) => ({ ...d, role, source: d.source.slice(root.length + 1), appFile: d.appFile?.slice(root.length + 1) ?? null, configFile: d.configFile?.slice(root.length + 1) ?? null }));

  it('a Procfile -c config: command-line flags win over the config file', () => {
    const root = project({
      Procfile: 'web: gunicorn -c deploy/gunicorn.py --preload -w 8 app.wsgi:application\n',
      'deploy/gunicorn.py': 'workers = 2\npreload_app = False\n',
      'app/__init__.py': '',
      'app/wsgi.py': 'application = None\n',
    });
    expect(brief(root, 'app/wsgi.py')).toEqual([
      { server: 'gunicorn', source: 'Procfile', appFile: 'app/wsgi.py', configFile: 'deploy/gunicorn.py', preload: true, workers: 8, forks: true, workerClass: null, role: 'app' },
    ]);
    // The `-c` file is exec'd in the master: matched as the config.
    expect(brief(root, 'deploy/gunicorn.py').map((d) => [d.role, d.source])).toEqual([['config', 'Procfile']]);
  });

  it('an unknown option whose value looks like module:name does not hide the app', () => {
    const root = project({ Procfile: 'web: gunicorn main:app --statsd-host localhost:8125 --preload\n', 'main.py': 'app = None\n' });
    expect(brief(root, 'main.py').map((d) => [d.role, d.appFile, d.preload])).toEqual([['app', 'main.py', true]]);
  });

  it('gunicorn reads ./gunicorn.conf.py when no -c is given; the config itself is matched as config', () => {
    const root = project({ Procfile: 'web: gunicorn main:app\n', 'gunicorn.conf.py': 'preload_app = True\nworkers = 3\n', 'main.py': 'app = None\n' });
    expect(brief(root, 'main.py').map((d) => [d.role, d.preload, d.workers, d.configFile])).toEqual([['app', true, 3, 'gunicorn.conf.py']]);
    expect(brief(root, 'gunicorn.conf.py').map((d) => [d.role, d.server])).toEqual([['config', 'gunicorn']]);
  });

  it('uWSGI: ini next to the app, lazy-apps, master off with one process does not fork', () => {
    const root = project({ 'uwsgi.ini': '[uwsgi]\nwsgi-file = src/app.py\nprocesses = 1\nmaster = false\n', 'src/app.py': 'x = 1\n' });
    expect(brief(root, 'src/app.py').map((d) => [d.server, d.preload, d.forks, d.source])).toEqual([['uwsgi', true, false, 'uwsgi.ini']]);
    const lazy = project({ 'deploy.ini': '[uwsgi]\nmodule = app\nlazy-apps = 1\nprocesses = 4\n', 'app.py': '' });
    expect(brief(lazy, 'app.py').map((d) => [d.server, d.preload, d.workers, d.forks])).toEqual([['uwsgi', false, 4, true]]);
  });

  it('never reads above the root; files outside every root get nothing', () => {
    const outer = project({ 'gunicorn.conf.py': 'wsgi_app = "inner.app:app"\npreload_app = True\n', 'inner/app.py': '' });
    expect(serversFor(join(outer, 'inner/app.py'), [join(outer, 'inner')])).toEqual([]);
    expect(serversFor('/elsewhere/app.py', [outer])).toEqual([]);
  });
});

describe('deployments for issue 13 (item 4: which module is the app; item 5: worker counts, celery)', () => {
  function project(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmp, 'q-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    clearServerCaches();
    clearFsCaches();
    return root;
  }
  const rel = (root: string, f: string | null | undefined) => (f ? f.slice(root.length + 1) : null);
  const roles = (root: string, file: string, options = {}) =>
    serversFor(join(root, file), [root], options).map((m) => [m.role, m.deployment.server, rel(root, m.deployment.source), m.load ? `${m.load.why}${m.load.functions.length ? ` ${m.load.functions.join(',')}` : ''}` : null]);

  it('shell values: ${VAR:-N} and VAR=N in the same file; anything else is unknown', () => {
    expect(shellVariables('WORKERS=${WORKERS:-3}\nexport CLASS=gevent\nENV WEB_CONCURRENCY=5\nENV OTHER 7\n  - QUEUE=high\n')).toEqual(
      new Map([['WORKERS', '3'], ['CLASS', 'gevent'], ['WEB_CONCURRENCY', '5'], ['OTHER', '7'], ['QUEUE', 'high']]),
    );
    const vars = new Map([['W', '2']]);
    expect(expandShell('$W', vars)).toBe('2');
    expect(expandShell('${W}', vars)).toBe('2');
    expect(expandShell('${X:-4}', vars)).toBe('4');
    expect(expandShell('$X', vars)).toBeNull();
    expect(expandShell('4', vars)).toBe('4');
    expect(appCallOf('CTFd:create_app()')).toBe('create_app');
    expect(appCallOf('app:create_app("prod")')).toBe('create_app');
    expect(appCallOf('app:app')).toBeNull();
  });

  it('worker counts: -w $WORKERS with a default in the script, an unknown variable, a literal WEB_CONCURRENCY (prefix, Dockerfile)', () => {
    const known = project({ 'run.sh': 'WORKERS=${WORKERS:-4}\nexec gunicorn app:app -w $WORKERS\n', 'app.py': 'app = None\n' });
    expect(serversFor(join(known, 'app.py'), [known]).map((m) => m.deployment.workers)).toEqual([4]);
    const unknown = project({ 'run.sh': 'exec gunicorn app:app --workers $GUNICORN_WORKERS\n', 'app.py': 'app = None\n' });
    expect(serversFor(join(unknown, 'app.py'), [unknown]).map((m) => m.deployment.workers)).toEqual(['unknown']);
    const prefix = project({ Procfile: 'web: WEB_CONCURRENCY=6 gunicorn app:app\n', 'app.py': 'app = None\n' });
    expect(serversFor(join(prefix, 'app.py'), [prefix]).map((m) => m.deployment.workers)).toEqual([6]);
    const docker = project({ Dockerfile: 'ENV WEB_CONCURRENCY=$CONCURRENCY\nCMD ["gunicorn", "app:app"]\n', 'app.py': 'app = None\n' });
    expect(serversFor(join(docker, 'app.py'), [docker]).map((m) => m.deployment.workers)).toEqual(['unknown']);
    // -w wins over WEB_CONCURRENCY, as in gunicorn (the variable is only the default of `workers`).
    const flag = project({ Dockerfile: 'ENV WEB_CONCURRENCY=8\nCMD ["gunicorn", "-w", "2", "app:app"]\n', 'app.py': 'app = None\n' });
    expect(serversFor(join(flag, 'app.py'), [flag]).map((m) => m.deployment.workers)).toEqual([2]);
  });

  it('a config that names no app serves the module that builds one; not when a command line here names the app, not tests', () => {
    const root = project({
      'gunicorn.conf.py': 'preload_app = True\n',
      'web.py': 'from fastapi import FastAPI\napi = FastAPI()\n',
      'cli.py': 'import threading\n',
      'tests/test_web.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'conftest.py': 'app = make_app()\n',
    });
    expect(roles(root, 'web.py')).toEqual([['app', 'gunicorn', 'gunicorn.conf.py', 'the app module']]);
    expect(roles(root, 'cli.py')).toEqual([]);
    expect(roles(root, 'tests/test_web.py')).toEqual([]);
    expect(roles(root, 'conftest.py')).toEqual([]);
    expect(roles(root, 'gunicorn.conf.py')).toEqual([['config', 'gunicorn', 'gunicorn.conf.py', null]]);
    const named = project({ 'gunicorn.conf.py': 'preload_app = True\n', Procfile: 'web: gunicorn -c gunicorn.conf.py main:app\n', 'main.py': 'app = None\n', 'web.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    expect(roles(named, 'web.py')).toEqual([]);
    expect(roles(named, 'main.py')).toEqual([['app', 'gunicorn', 'Procfile', 'the app module']]);
  });

  it('a project that itself lives in a directory named tests/ still has its app (test paths are judged below the root)', () => {
    mkdirSync(join(tmp, 'tests'), { recursive: true });
    const root = mkdtempSync(join(tmp, 'tests', 'p-'));
    writeFileSync(join(root, 'gunicorn.conf.py'), 'workers = 2\n');
    writeFileSync(join(root, 'web.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    clearServerCaches();
    clearFsCaches();
    expect(roles(root, 'web.py')).toEqual([['app', 'gunicorn', 'gunicorn.conf.py', 'the app module']]);
  });

  it('dotted apps resolve from src/ and pythonPath; deployment files in docker/ and bin/ count, examples/ does not', () => {
    const root = project({
      'docker/entrypoint.sh': 'exec gunicorn shop.web:app --preload\n',
      'src/shop/__init__.py': '',
      'src/shop/web.py': 'app = None\n',
      'examples/Procfile': 'web: gunicorn demo:app --preload\n',
      'demo.py': 'app = None\n',
      'libs/api/__init__.py': '',
      'libs/api/asgi.py': 'app = None\n',
      'bin/docker-entrypoint': '#!/bin/sh\nexec gunicorn api.asgi:app -w 2\n',
    });
    expect(roles(root, 'src/shop/web.py')).toEqual([['app', 'gunicorn', 'docker/entrypoint.sh', 'the app module']]);
    expect(roles(root, 'demo.py')).toEqual([]);
    expect(roles(root, 'libs/api/asgi.py')).toEqual([]);
    expect(roles(root, 'libs/api/asgi.py', { sourceRoots: [join(root, 'libs')] })).toEqual([['app', 'gunicorn', 'bin/docker-entrypoint', 'the app module']]);
  });

  it('app factories: defined in the app module, or imported from another local module (one level)', () => {
    const root = project({
      'gunicorn.conf.py': 'wsgi_app = "shop:create_app()"\n',
      'shop/__init__.py': 'from .factory import create_app\n',
      'shop/factory.py': 'def create_app():\n    return None\n',
    });
    expect(roles(root, 'shop/__init__.py')).toEqual([['app', 'gunicorn', 'gunicorn.conf.py', 'the app module']]);
    expect(roles(root, 'shop/factory.py')).toEqual([['app', 'gunicorn', 'gunicorn.conf.py', 'the app factory create_app() create_app']]);
    const own = project({ Procfile: "web: gunicorn 'app:create_app()'\n", 'app.py': 'def create_app():\n    return None\n' });
    expect(roles(own, 'app.py')).toEqual([['app', 'gunicorn', 'Procfile', 'the app module create_app']]);
  });

  it('app factories re-exported through packages: a chain of `from .x import f`, star imports and `as` renames', () => {
    const root = project({
      'gunicorn.conf.py': 'wsgi_app = "shop:create_app()"\n',
      'shop/__init__.py': 'from shop.factory import build as create_app\n',
      'shop/factory/__init__.py': 'from .core import *\n',
      'shop/factory/core.py': '__all__ = ["build"]\ndef build():\n    return None\n',
    });
    expect(roles(root, 'shop/__init__.py')).toEqual([['app', 'gunicorn', 'gunicorn.conf.py', 'the app module']]);
    expect(roles(root, 'shop/factory/__init__.py')).toEqual([]);
    expect(roles(root, 'shop/factory/core.py')).toEqual([['app', 'gunicorn', 'gunicorn.conf.py', 'the app factory build() build']]);
  });

  it('definitionOf: follows re-exports and star imports, stops at classes, modules, private and unlisted names, cycles and long chains', () => {
    const chain = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`c${i}.py`, i === 11 ? 'def f():\n    pass\n' : `from c${i + 1} import f\n`]));
    const root = project({
      ...chain,
      'pkg/__init__.py': 'from .app import create_app\nfrom pkg.models import Model as make\nimport pkg.tasks as run\nfrom .stars import *\nfrom .listed import *\n',
      'pkg/app.py': 'def create_app():\n    pass\n',
      'pkg/models.py': 'class Model:\n    pass\n',
      'pkg/tasks.py': 'def run():\n    pass\n',
      'pkg/stars.py': 'def public():\n    pass\ndef _private():\n    pass\n',
      'pkg/listed.py': '__all__ = ["shown"]\n__all__ += ["added"]\n__all__.append("appended")\ndef shown():\n    pass\ndef added():\n    pass\ndef appended():\n    pass\ndef hidden():\n    pass\n',
      'loop/__init__.py': 'from .a import f\n',
      'loop/a.py': 'from loop import f\n',
      'near.py': 'from c8 import f\n',
    });
    const env = {
      module: (spec: string, from: string) => (spec.startsWith('.') ? relativeModuleFile(spec, from, root) : (moduleCandidatesFor(spec, [root]).find((f) => existsSync(f)) ?? null)),
      facts: pyFileFacts,
    };
    const def = (file: string, name: string) => {
      const d = definitionOf(join(root, file), name, env);
      return d ? `${d.file.slice(root.length + 1)} ${d.name}` : null;
    };
    expect(def('pkg/app.py', 'create_app')).toBe('pkg/app.py create_app');
    expect(def('pkg/__init__.py', 'create_app')).toBe('pkg/app.py create_app');
    expect(def('pkg/__init__.py', 'public')).toBe('pkg/stars.py public');
    expect(def('pkg/__init__.py', 'shown')).toBe('pkg/listed.py shown');
    expect(def('pkg/__init__.py', 'added')).toBe('pkg/listed.py added');
    expect(def('pkg/__init__.py', 'appended')).toBe('pkg/listed.py appended');
    expect(def('pkg/__init__.py', 'hidden')).toBeNull();
    expect(def('pkg/__init__.py', '_private')).toBeNull();
    expect(def('pkg/__init__.py', 'make')).toBeNull();
    expect(def('pkg/__init__.py', 'run')).toBeNull();
    expect(def('pkg/__init__.py', 'missing')).toBeNull();
    expect(def('loop/__init__.py', 'f')).toBeNull();
    expect(def('near.py', 'f')).toBe('c11.py f');
    expect(def('c0.py', 'f')).toBeNull();
  });

  it('Django: settings split with star imports, entries as packages (apps.py with one or a default AppConfig) or class paths, models, legacy default_app_config', () => {
    const root = project({
      'uwsgi.ini': '[uwsgi]\nmodule = site_wsgi\nmaster = true\nprocesses = 2\n',
      'site_wsgi.py': 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ["DJANGO_SETTINGS_MODULE"] = "conf.prod"\napplication = get_wsgi_application()\n',
      'conf/__init__.py': '',
      'conf/base.py': 'INSTALLED_APPS = ["django.contrib.auth", "one"]\n',
      'conf/prod.py': 'from .base import *\nINSTALLED_APPS += ["two.apps.TwoConfig"]\nINSTALLED_APPS.append("three")\n',
      'one/__init__.py': '',
      'one/apps.py': 'from django.apps import AppConfig\nclass A(AppConfig):\n    name = "one"\nclass B(AppConfig):\n    name = "one"\n    default = True\n    def ready(self):\n        pass\n',
      'one/models.py': '',
      'two/__init__.py': '',
      'two/apps.py': 'from django.apps import AppConfig\nclass TwoConfig(AppConfig):\n    name = "two"\n    def ready(self):\n        pass\n',
      'two/models/__init__.py': '',
      'three/__init__.py': 'default_app_config = "three.config.ThreeConfig"\n',
      'three/config.py': 'from django.apps import AppConfig\nclass ThreeConfig(AppConfig):\n    name = "three"\n    def ready(self):\n        pass\n',
    });
    expect(roles(root, 'conf/prod.py')).toEqual([['app', 'uwsgi', 'uwsgi.ini', "Django's settings module conf.prod"]]);
    // conf/base.py runs too, but as an import of conf/prod.py (reported there, with the chain).
    expect(roles(root, 'conf/base.py')).toEqual([]);
    expect(roles(root, 'one/apps.py')).toEqual([['app', 'uwsgi', 'uwsgi.ini', 'installed app one B.ready']]);
    expect(roles(root, 'one/models.py')).toEqual([['app', 'uwsgi', 'uwsgi.ini', 'installed app one']]);
    expect(roles(root, 'two/apps.py')).toEqual([['app', 'uwsgi', 'uwsgi.ini', 'installed app two.apps.TwoConfig TwoConfig.ready']]);
    expect(roles(root, 'two/models/__init__.py')).toEqual([['app', 'uwsgi', 'uwsgi.ini', 'installed app two.apps.TwoConfig']]);
    expect(roles(root, 'three/config.py')).toEqual([['app', 'uwsgi', 'uwsgi.ini', 'installed app three ThreeConfig.ready']]);
  });

  it('an app load stands while the files it read keep their text: an edit of the settings is seen after a second, without one nothing is computed again', async () => {
    const { vi } = await import('vitest');
    const root = project({
      'gunicorn.conf.py': 'workers = 4\nwsgi_app = "proj.wsgi:application"\n',
      'proj/__init__.py': '',
      'proj/wsgi.py': 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\napplication = get_wsgi_application()\n',
      'proj/settings.py': 'INSTALLED_APPS = ["blog"]\n',
      'blog/__init__.py': '',
      'blog/apps.py': 'from django.apps import AppConfig\nclass BlogConfig(AppConfig):\n    name = "blog"\n    def ready(self):\n        pass\n',
      'shop/__init__.py': '',
      'shop/apps.py': 'from django.apps import AppConfig\nclass ShopConfig(AppConfig):\n    name = "shop"\n    def ready(self):\n        pass\n',
    });
    const loadsOf = (file: string) => serversFor(join(root, file), [root])[0]?.loads;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10_000);
      const first = loadsOf('blog/apps.py');
      expect(first?.map((l) => l.why)).toContain('installed app blog');
      vi.setSystemTime(Date.now() + 5_000);
      // The same loads (not computed again): the settings and app configs still have the facts they were read with.
      expect(loadsOf('blog/apps.py')).toBe(first);
      expect(roles(root, 'shop/apps.py')).toEqual([]);
      writeFileSync(join(root, 'proj/settings.py'), 'INSTALLED_APPS = ["blog", "shop"]\n');
      vi.setSystemTime(Date.now() + 5_000);
      expect(roles(root, 'shop/apps.py')).toEqual([['app', 'gunicorn', 'gunicorn.conf.py', 'installed app shop ShopConfig.ready']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('Django under a config that names no app: the project wsgi.py is found one level down', () => {
    const root = project({
      'gunicorn.conf.py': 'workers = 4\n',
      'proj/__init__.py': '',
      'proj/wsgi.py': 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\napplication = get_wsgi_application()\n',
      'proj/settings.py': 'INSTALLED_APPS = ["blog"]\n',
      'blog/__init__.py': '',
      'blog/apps.py': 'from django.apps import AppConfig\nclass BlogConfig(AppConfig):\n    name = "blog"\n    def ready(self):\n        pass\n',
    });
    expect(roles(root, 'blog/apps.py')).toEqual([['app', 'gunicorn', 'gunicorn.conf.py', 'installed app blog BlogConfig.ready']]);
    expect(roles(root, 'proj/wsgi.py')).toEqual([['app', 'gunicorn', 'gunicorn.conf.py', 'the app module']]);
  });

  it('celery: tasks modules and the -A module; -P gevent / threads / solo do not fork; without a command line the default prefork pool', () => {
    const root = project({
      'Procfile': 'worker: celery -A proj worker -c 8\n',
      'proj/__init__.py': '',
      'proj/celery.py': 'from celery import Celery\napp = Celery("proj")\n',
      'proj/tasks.py': 'from proj.celery import app\n@app.task\ndef t():\n    pass\n',
      'proj/util.py': 'x = 1\n',
    });
    expect(roles(root, 'proj/tasks.py')).toEqual([['tasks', 'celery', 'Procfile', null]]);
    expect(roles(root, 'proj/celery.py')).toEqual([['tasks', 'celery', 'Procfile', null]]);
    expect(roles(root, 'proj/util.py')).toEqual([]);
    expect(serversFor(join(root, 'proj/tasks.py'), [root]).map((m) => [m.deployment.workers, m.deployment.pool])).toEqual([[8, null]]);
    const green = project({ Procfile: 'worker: celery -A proj worker -P gevent\n', 'proj/__init__.py': '', 'proj/tasks.py': 'from celery import shared_task\n@shared_task\ndef t():\n    pass\n' });
    expect(roles(green, 'proj/tasks.py')).toEqual([]);
    const none = project({ 'tasks.py': 'from celery import shared_task\n@shared_task(bind=True)\ndef t(self):\n    pass\n' });
    expect(roles(none, 'tasks.py')).toEqual([['tasks', 'celery', null, null]]);
    expect(celeryWorkerCommands('worker: celery -A proj worker -P threads\nbeat: celery -A proj beat\n')).toEqual([['-A', 'proj', 'worker', '-P', 'threads']]);
  });

  it('uWSGI: --lazy-apps on the command line; an ini that names no app serves the module that builds one', () => {
    const lazy = project({ Dockerfile: 'CMD ["uwsgi", "--module", "wsgi:app", "--lazy-apps", "--processes", "4", "--master"]\n', 'wsgi.py': 'app = None\n' });
    expect(serversFor(join(lazy, 'wsgi.py'), [lazy]).map((m) => [m.deployment.server, m.deployment.preload, m.deployment.workers])).toEqual([['uwsgi', false, 4]]);
    const appless = project({ 'uwsgi.ini': '[uwsgi]\nmaster = true\nprocesses = 2\n', 'main.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    expect(roles(appless, 'main.py')).toEqual([['app', 'uwsgi', 'uwsgi.ini', 'the app module']]);
  });
});

describe('pyFileFacts: a file is parsed again only when its text changed', () => {
  it('after the one-second lifetime an unchanged file is not parsed again; a rewritten one is', async () => {
    const { vi } = await import('vitest');
    const { resetStats, stats } = await import('../../../src/util/stats.js');
    const { clearAppLoadCaches } = await import('../../../src/lang/python/app-load.js');
    const file = join(tmp, 'facts-memo', 'settings.py');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'INSTALLED_APPS = ["a"]\n');
    clearAppLoadCaches();
    clearFsCaches();
    resetStats();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // Written "long ago": a text read within two seconds of its modification time is not trusted by its time.
      vi.setSystemTime(Date.now() + 10_000);
      expect(pyFileFacts(file)?.installedApps).toEqual(['a']);
      vi.setSystemTime(Date.now() + 5_000);
      expect(pyFileFacts(file)?.installedApps).toEqual(['a']);
      expect(stats.filesParsed).toBe(1);
      writeFileSync(file, 'INSTALLED_APPS = ["a", "bb"]\n');
      vi.setSystemTime(Date.now() + 5_000);
      expect(pyFileFacts(file)?.installedApps).toEqual(['a', 'bb']);
      expect(stats.filesParsed).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
