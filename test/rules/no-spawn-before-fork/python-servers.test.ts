/**
 * no-spawn-before-fork on small server projects written to a temp directory (issue 13 items 4 and 5): what runs
 * in the master and what in each worker, guards that keep a start in one process, and the correct twins a naive
 * rule would flag. Exact positions; every project is linted from disk with its deployment files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import jsRule from '../../../rules/no-spawn-before-fork.js';
import { pythonTestPlugin, type AnyRule } from '../../helpers/rule-tester.js';
import { clearServerCaches } from '../../../src/lang/python/deployments.js';
import { clearFsCaches } from '../../../src/util/fs-cache.js';

const pyRule = jsRule as unknown as AnyRule;
const tmp = mkdtempSync(join(tmpdir(), 'py-servers-rule-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

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

function lint(root: string, file: string): Linter.LintMessage[] {
  const path = join(root, file);
  return new Linter({ configType: 'flat', cwd: root }).verify(
    readFileSync(path, 'utf8'),
    [
      {
        files: ['**/*.py'],
        plugins: { 'patch-order': pythonTestPlugin({ 'no-spawn-before-fork': pyRule }) },
        language: 'patch-order/python',
        settings: { 'patch-order': { roots: [root] } },
        rules: { 'patch-order/no-spawn-before-fork': 'error' },
      } as Linter.Config,
    ],
    path,
  );
}

const brief = (ms: Linter.LintMessage[]) => ms.map((m) => (m.fatal ? `fatal ${m.message}` : `${m.messageId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`));

describe('gunicorn without preload: once-only work runs in every worker', () => {
  const app = [
    'import threading',
    'import schedule',
    '',
    'def loop():',
    '    while True:',
    '        schedule.run_pending()',
    '',
    'threading.Timer(60, refresh).start()',
    'threading.Thread(target=loop, daemon=True).start()',
    'threading.Thread(target=listen, daemon=True).start()',
    '',
  ].join('\n');

  it('threading.Timer and a schedule loop are reported with the count; a per-process thread is not', () => {
    const root = project({ Procfile: 'web: gunicorn app:app --workers=2\n', 'app.py': app });
    const ms = lint(root, 'app.py');
    expect(brief(ms)).toEqual(['runsInEveryServerWorker@8:1-8:37', 'runsInEveryServerWorker@9:1-9:51']);
    expect(ms[1]!.message).toBe(
      'a thread running schedule.run_pending() starts in every gunicorn worker (2 workers), not once: gunicorn imports the app in each worker (Procfile), and this starts at import. Run it in a dedicated process, or in one worker only.',
    );
  });

  it('twins: one worker (the default), an unknown count, post_worker_init', () => {
    expect(brief(lint(project({ Procfile: 'web: gunicorn app:app\n', 'app.py': app }), 'app.py'))).toEqual([]);
    expect(brief(lint(project({ Procfile: 'web: gunicorn app:app -w $N\n', 'app.py': app }), 'app.py'))).toEqual([]);
    const hooks = project({
      'gunicorn.conf.py': 'import threading\nworkers = 4\nwsgi_app = "app:app"\n\ndef post_worker_init(worker):\n    threading.Timer(60, refresh).start()\n',
      'app.py': 'app = None\n',
    });
    expect(brief(lint(hooks, 'gunicorn.conf.py'))).toEqual([]);
  });
});

describe('guards that keep a start in one process', () => {
  const conf = { 'gunicorn.conf.py': 'workers = 4\nwsgi_app = "app:app"\n' };

  it('a non-blocking flock before the start (try body or else:) is one process; a blocking lock or the except: branch is not', () => {
    const guarded = 'import fcntl, threading\nf = open("/run/lock/x.lock", "w")\ntry:\n    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept OSError:\n    pass\nelse:\n    threading.Timer(60, tick).start()\n';
    expect(brief(lint(project({ ...conf, 'app.py': guarded }), 'app.py'))).toEqual([]);
    const blocking = 'import fcntl, threading\nf = open("/run/lock/x.lock", "w")\ntry:\n    fcntl.flock(f, fcntl.LOCK_EX)\n    threading.Timer(60, tick).start()\nexcept OSError:\n    pass\n';
    expect(brief(lint(project({ ...conf, 'app.py': blocking }), 'app.py'))).toEqual(['runsInEveryServerWorker@5:5-5:38']);
    const inExcept = 'import fcntl, threading\nf = open("/run/lock/x.lock", "w")\ntry:\n    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept OSError:\n    threading.Timer(60, tick).start()\n';
    expect(brief(lint(project({ ...conf, 'app.py': inExcept }), 'app.py'))).toEqual(['runsInEveryServerWorker@6:5-6:38']);
    const helper = 'import threading\nif acquire_scheduler_lock():\n    threading.Timer(60, tick).start()\n';
    expect(brief(lint(project({ ...conf, 'app.py': helper }), 'app.py'))).toEqual([]);
  });

  it('Django ready(): RUN_MAIN (runserver only) is never under gunicorn; `not RUN_MAIN` is', () => {
    const files = (ready: string) => ({
      'gunicorn.conf.py': 'workers = 4\npreload_app = True\nwsgi_app = "proj.wsgi:application"\n',
      'proj/__init__.py': '',
      'proj/wsgi.py': 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\napplication = get_wsgi_application()\n',
      'proj/settings.py': 'INSTALLED_APPS = ["jobs"]\n',
      'jobs/__init__.py': '',
      'jobs/apps.py': `import os, sys\nfrom django.apps import AppConfig\nfrom apscheduler.schedulers.background import BackgroundScheduler\n\nclass JobsConfig(AppConfig):\n    name = "jobs"\n\n    def ready(self):\n${ready}`,
    });
    const start = '        BackgroundScheduler().start()\n';
    expect(brief(lint(project(files(`        if os.environ.get("RUN_MAIN") == "true":\n    ${start}`)), 'jobs/apps.py'))).toEqual([]);
    expect(brief(lint(project(files(`        if "runserver" in sys.argv:\n    ${start}`)), 'jobs/apps.py'))).toEqual([]);
    expect(brief(lint(project(files(`        if not os.environ.get("RUN_MAIN"):\n    ${start}`)), 'jobs/apps.py'))).toEqual(['startedInServerMaster@10:13-10:42']);
    const plain = lint(project(files(start)), 'jobs/apps.py');
    expect(brief(plain)).toEqual(['startedInServerMaster@9:9-9:38']);
    expect(plain[0]!.message).toContain('gunicorn imports the app, whose django.setup() runs JobsConfig.ready() of installed app jobs before forking (gunicorn.conf.py: preload_app)');
  });

  it('multiprocessing spawn: a lock-guarded scheduler at module scope does not re-run in the children', () => {
    const code = 'import fcntl, multiprocessing, threading\nf = open("/run/lock/x.lock", "w")\ntry:\n    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n    threading.Timer(60, tick).start()\nexcept OSError:\n    pass\n\nif __name__ == "__main__":\n    multiprocessing.get_context("spawn").Pool(2)\n';
    expect(brief(lint(project({ 'main.py': code }), 'main.py'))).toEqual([]);
  });
});

describe('gunicorn master hooks', () => {
  const hooks = (head: string) =>
    `${head}from apscheduler.schedulers.background import BackgroundScheduler\nworkers = 4\nworker_class = "gevent"\nwsgi_app = "app:app"\n\ndef when_ready(server):\n    BackgroundScheduler().start()\n`;

  it('a scheduler in when_ready runs once, in the master; with the master monkey-patched, fork copies its greenlet into every worker', () => {
    const plain = project({ 'gunicorn.conf.py': hooks(''), 'app.py': 'app = None\n' });
    expect(brief(lint(plain, 'gunicorn.conf.py'))).toEqual([]);
    const green = project({ 'gunicorn.conf.py': hooks('from gevent import monkey\nmonkey.patch_all()\n'), 'app.py': 'app = None\n' });
    const ms = lint(green, 'gunicorn.conf.py');
    expect(brief(ms)).toEqual(['startedInMasterHook@9:5-9:34']);
    expect(ms[0]!.message).toBe(
      'APScheduler BackgroundScheduler.start() starts in the gunicorn master, in the `when_ready` hook, before gunicorn forks the workers (gunicorn.conf.py). Under gevent/eventlet monkey-patching the thread is a greenlet: it is copied into every worker and runs there as well (or never resumes, depending on the gevent version). Start it once: in `when_ready` without monkey-patching the master, or in a dedicated process.',
    );
  });

  it('a master hook that calls into another module: reported at the call, with the chain', () => {
    const root = project({
      'gunicorn.conf.py': 'from metrics import start_exporter\nworkers = 2\nwsgi_app = "app:app"\n\ndef on_starting(server):\n    start_exporter()\n',
      'metrics.py': 'import threading\n\ndef start_exporter():\n    threading.Thread(target=export, daemon=True).start()\n',
      'app.py': 'app = None\n',
    });
    const ms = lint(root, 'gunicorn.conf.py');
    expect(brief(ms)).toEqual(['startedInMasterHook@6:5-6:21']);
    expect(ms[0]!.message).toContain('threading.Thread.start() at metrics.py:4, started by this call, starts in the gunicorn master, in the `on_starting` hook');
    expect(ms[0]!.message).toContain('This file calls it (through gunicorn.conf.py:6).');
  });
});

describe('app factories and module-level calls into other modules', () => {
  const shop = {
    'shop/__init__.py': 'import threading\nfrom flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    threading.Thread(target=listen, daemon=True).start()\n    return app\n',
  };

  it('preload: the thread create_app() starts is in the master (factory spec, and wsgi.py calling the factory)', () => {
    const spec = project({ 'gunicorn.conf.py': 'preload_app = True\nwsgi_app = "shop:create_app()"\n', ...shop });
    const [m] = lint(spec, 'shop/__init__.py');
    expect(brief([m!])).toEqual(['startedInServerMaster@6:5-6:57']);
    expect(m!.message).toContain('gunicorn imports the app and calls create_app() before forking (gunicorn.conf.py: preload_app)');
    const wsgi = project({ 'gunicorn.conf.py': 'preload_app = True\nwsgi_app = "wsgi:app"\n', 'wsgi.py': 'from shop import create_app\n\napp = create_app()\n', ...shop });
    const [w] = lint(wsgi, 'wsgi.py');
    expect(brief([w!])).toEqual(['startedInServerMaster@3:7-3:19']);
    expect(w!.message).toContain('threading.Thread.start() at shop/__init__.py:6, started by this call, starts in the gunicorn master');
    // shop/__init__.py itself is not the app module there: the report is at the call in wsgi.py only.
    expect(brief(lint(wsgi, 'shop/__init__.py'))).toEqual([]);
  });

  it('twins: a factory that only defines a request handler that starts a thread; no preload (a per-process thread per worker)', () => {
    const handler = project({
      'gunicorn.conf.py': 'preload_app = True\nwsgi_app = "shop:create_app()"\n',
      'shop/__init__.py': 'import threading\nfrom flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n\n    @app.post("/export")\n    def export():\n        threading.Thread(target=build, daemon=True).start()\n        return ""\n\n    return app\n',
    });
    expect(brief(lint(handler, 'shop/__init__.py'))).toEqual([]);
    const noPreload = project({ 'gunicorn.conf.py': 'workers = 4\nwsgi_app = "shop:create_app()"\n', ...shop });
    expect(brief(lint(noPreload, 'shop/__init__.py'))).toEqual([]);
  });
});

describe('no internal error on broken input in server code (the suite is strict: one would throw)', () => {
  it('one-character deletions of an app factory, a Django AppConfig and a gunicorn config with hooks (every 4th offset)', () => {
    const files: Record<string, string> = {
      'gunicorn.conf.py': 'import threading\nfrom metrics import start\npreload_app = True\nwsgi_app = "shop:create_app()"\n\ndef when_ready(server):\n    start()\n    threading.Thread(target=f).start()\n',
      'metrics.py': 'import threading\ndef start():\n    threading.Thread(target=f).start()\n',
      'shop/__init__.py': 'import fcntl, threading\nfrom .jobs import go\n\ndef create_app():\n    try:\n        fcntl.flock(f, fcntl.LOCK_NB)\n    except OSError:\n        go()\n    return app\n',
      'shop/jobs.py': 'import threading\ndef go():\n    threading.Timer(1, f).start()\n',
    };
    const root = project(files);
    for (const name of ['gunicorn.conf.py', 'shop/__init__.py']) {
      const code = files[name]!;
      for (let i = 0; i < code.length; i += 4) {
        writeFileSync(join(root, name), code.slice(0, i) + code.slice(i + 1));
        clearFsCaches();
        expect(() => lint(root, name)).not.toThrow();
      }
      writeFileSync(join(root, name), code);
    }
  });
});
