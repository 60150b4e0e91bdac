/**
 * Fixture projects for the Python side of no-spawn-before-fork, linted from disk: seed 003 (bad and
 * fixed), gunicorn (preload across files, post_fork hooks, no preload via a Procfile, a config that
 * starts a thread), uWSGI (default, lazy-apps, @postfork) and multiprocessing (fork, spawn); issue 13's
 * shapes as bad/fixed pairs: a config that names no app, a src/ layout, an app factory followed into another
 * module (and through a package's re-exports), Django (settings, INSTALLED_APPS, AppConfig.ready(), models)
 * under a uWSGI ini in docker/, gunicorn master hooks, WEB_CONCURRENCY from a Dockerfile, a celery prefork tasks module,
 * a celery `worker_init` handler; spawn children re-importing a module the main module imports, and a heartbeat
 * behind `parent_process() is None`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import jsRule from '../../../rules/no-spawn-before-fork.js';
import { pythonTestPlugin, type AnyRule } from '../../helpers/rule-tester.js';

/** The rule itself: Python files are checked by src/checks/no-spawn-before-fork/python/check.ts. */
const pyRule = jsRule as unknown as AnyRule;

const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures');
const RULE = 'patch-order/no-spawn-before-fork';

function lintFile(project: string, file: string, code?: string): Linter.LintMessage[] {
  const root = join(FIX, project);
  const path = join(root, file);
  return new Linter({ configType: 'flat' }).verify(
    code ?? readFileSync(path, 'utf8'),
    [
      {
        files: ['**/*.py'],
        plugins: { 'patch-order': pythonTestPlugin({ 'no-spawn-before-fork': pyRule }) },
        language: 'patch-order/python',
        settings: { 'patch-order': { roots: [root] } },
        rules: { [RULE]: 'error' },
      } as Linter.Config,
    ],
    path,
  );
}

function pyFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...pyFiles(p, base));
    else if (n.endsWith('.py')) out.push(relative(base, p));
  }
  return out.sort();
}

const brief = (ms: Linter.LintMessage[]) => ms.map((m) => (m.fatal ? `fatal ${m.message}` : `${m.messageId}@${m.line}:${m.column}`));

/** Every .py file of each project, with what it must report ([] = clean). */
const expected: Record<string, Record<string, string[]>> = {
  'py-seed-003-bad': {
    'app/__init__.py': ['startedInServerMaster@19:1'],
    'app/views.py': [],
    'gunicorn.conf.py': [],
  },
  'py-seed-003-fixed': { 'app/__init__.py': [], 'app/listener.py': [], 'app/views.py': [], 'gunicorn.conf.py': [] },
  'py-gunicorn-preload': {
    'gunicorn.conf.py': [],
    'web/__init__.py': [],
    'web/app.py': ['startedInServerMaster@5:17'],
    'web/scheduler.py': [],
    'web/tasks.py': [],
  },
  'py-gunicorn-hooks': { 'gunicorn.conf.py': [], 'web/__init__.py': [], 'web/app.py': [], 'web/metrics.py': [] },
  'py-gunicorn-nopreload': { 'app.py': ['runsInEveryServerWorker@15:1'], 'listener.py': [] },
  'py-gunicorn-config': { 'gunicorn.conf.py': ['startedInServerMaster@13:1'] },
  'py-uwsgi-default': { 'wsgi.py': ['startedInServerMaster@7:1'] },
  'py-uwsgi-lazy': { 'wsgi.py': ['runsInEveryServerWorker@9:1'] },
  'py-uwsgi-postfork': { 'wsgi.py': [] },
  'py-multiprocessing-fork': { 'main.py': ['startedBeforeFork@3:8'], 'metrics.py': [] },
  'py-multiprocessing-fork-fixed': { 'main.py': [], 'metrics.py': [] },
  'py-multiprocessing-spawn': { 'main.py': ['runsAgainInChildren@10:1'], 'main_fixed.py': [] },
  // spawn children re-import the main module and what it imports at module level (not what its __main__ block imports).
  'py-multiprocessing-reimport-bad': { 'jobs.py': [], 'main.py': ['runsAgainInChildren@3:8'] },
  'py-multiprocessing-reimport-fixed': { 'jobs.py': [], 'main.py': [] },
  // A helper thread behind `parent_process() is None`, which spawn children pass while they re-import.
  'py-multiprocessing-helper-bad': { 'main.py': ['runsAgainInChildren@14:5'] },
  'py-multiprocessing-helper-fixed': { 'main.py': [] },
  // celery `worker_init` runs in the worker's main process before the prefork pool forks; worker_process_init in each.
  'py-celery-worker-init-bad': { 'proj/__init__.py': [], 'proj/celery.py': [], 'proj/metrics.py': [], 'proj/tasks.py': ['startedInCelerySignal@16:5'] },
  'py-celery-worker-init-fixed': { 'proj/__init__.py': [], 'proj/celery.py': [], 'proj/metrics.py': [], 'proj/tasks.py': [] },
  'py-gunicorn-appless-bad': { 'backfill.py': [], 'events.py': [], 'gunicorn.conf.py': [], 'web.py': ['startedInServerMaster@9:1'] },
  'py-gunicorn-appless-fixed': { 'backfill.py': [], 'events.py': [], 'gunicorn.conf.py': [], 'web.py': [] },
  'py-gunicorn-src-layout-bad': { 'gunicorn.conf.py': [], 'src/shop/__init__.py': [], 'src/shop/web.py': ['startedInServerMaster@10:1'] },
  'py-gunicorn-src-layout-fixed': { 'gunicorn.conf.py': [], 'src/shop/__init__.py': [], 'src/shop/web.py': [] },
  'py-gunicorn-factory-bad': { 'shop/__init__.py': ['runsInEveryServerWorker@15:5', 'runsInEveryServerWorker@16:5'], 'shop/jobs.py': [] },
  'py-gunicorn-factory-fixed': { 'shop/__init__.py': [], 'shop/jobs.py': [] },
  'py-gunicorn-reexport-bad': { 'shop/__init__.py': [], 'shop/factory/__init__.py': [], 'shop/factory/core.py': [], 'shop/wsgi.py': ['runsInEveryServerWorker@3:7'] },
  'py-gunicorn-reexport-fixed': { 'shop/__init__.py': [], 'shop/factory/__init__.py': [], 'shop/factory/core.py': [], 'shop/wsgi.py': [] },
  'py-django-bad': {
    'alerts/__init__.py': [],
    'alerts/apps.py': [],
    'alerts/models.py': ['startedInServerMaster@3:20'],
    'alerts/notify.py': [],
    'manage.py': [],
    'proj/__init__.py': [],
    'proj/settings.py': [],
    'proj/wsgi.py': [],
    'reports/__init__.py': [],
    'reports/apps.py': ['startedInServerMaster@15:9'],
  },
  'py-django-fixed': { 'alerts/__init__.py': [], 'alerts/apps.py': [], 'alerts/models.py': [], 'alerts/notify.py': [], 'manage.py': [], 'proj/__init__.py': [], 'proj/settings.py': [], 'proj/wsgi.py': [], 'reports/__init__.py': [], 'reports/apps.py': [] },
  'py-gunicorn-master-hooks-bad': { 'gunicorn.conf.py': ['startedInMasterHook@24:5', 'startedInMasterHook@28:5', 'startedInMasterHook@37:5'], 'web.py': [] },
  'py-gunicorn-master-hooks-fixed': { 'gunicorn.conf.py': [], 'web.py': [] },
  'py-gunicorn-web-concurrency-bad': { 'app.py': ['runsInEveryServerWorker@12:1'] },
  'py-gunicorn-web-concurrency-fixed': { 'app.py': [] },
  'py-celery-bad': { 'proj/__init__.py': [], 'proj/celery.py': [], 'proj/tasks.py': ['startedInCeleryParent@4:11'], 'proj/web.py': [] },
  'py-celery-fixed': { 'proj/__init__.py': [], 'proj/celery.py': [], 'proj/tasks.py': [], 'proj/web.py': [] },
  'py-gunicorn-hub-bad': { 'gunicorn.conf.py': [], 'helpers.py': [], 'jobs.py': [], 'models.py': [], 'views.py': [], 'web.py': ['startedInServerMaster@3:6'] },
  'py-gunicorn-hub-fixed': { 'gunicorn.conf.py': [], 'helpers.py': [], 'jobs.py': [], 'models.py': [], 'views.py': [], 'web.py': [] },
};

describe('fixture projects', () => {
  for (const [project, files] of Object.entries(expected)) {
    it(`${project}: every file`, () => {
      expect(pyFiles(join(FIX, project))).toEqual(Object.keys(files).sort());
      const got = Object.fromEntries(Object.keys(files).map((f) => [f, brief(lintFile(project, f))]));
      expect(got).toEqual(files);
    });
  }
});

describe('messages name the server, the config and the chain', () => {
  it('seed 003: gevent worker class, preload, the greenlet effect, and the register_at_fork suggestion', () => {
    const [m] = lintFile('py-seed-003-bad', 'app/__init__.py');
    expect(m!.message).toBe(
      'threading.Thread.start() starts in the gunicorn master, before it forks the workers: gunicorn imports the app before forking (fixtures/py-seed-003-bad/gunicorn.conf.py: preload_app). Under gevent/eventlet monkey-patching the thread is a greenlet: it is copied into every worker and runs there as well (or never resumes, depending on the gevent version). Start it in each worker instead: in a `post_fork` hook of the gunicorn config, or with `os.register_at_fork(after_in_child=…)`.',
    );
    expect(m!.endLine).toBe(19);
    expect(m!.endColumn).toBe(10);
    expect(m!.suggestions?.map((s) => s.messageId)).toEqual(['startInChild']);
  });

  it('gunicorn preload across files: reported at the import, with the chain to the scheduler', () => {
    const [m] = lintFile('py-gunicorn-preload', 'web/app.py');
    expect(m!.message).toBe(
      'APScheduler BackgroundScheduler.start() at fixtures/py-gunicorn-preload/web/scheduler.py:10, loaded here, starts in the gunicorn master, before it forks the workers: gunicorn imports the app before forking (fixtures/py-gunicorn-preload/gunicorn.conf.py: preload_app). The workers get no copy of it, and forking while it runs can leave a lock it holds locked in every worker. This file imports it (through fixtures/py-gunicorn-preload/web/app.py:5 → fixtures/py-gunicorn-preload/web/tasks.py:1). Start it in each worker instead: in a `post_fork` hook of the gunicorn config, or with `os.register_at_fork(after_in_child=…)`.',
    );
    expect(m!.suggestions ?? []).toEqual([]);
  });

  it('gunicorn without preload (Procfile, 4 workers): the scheduler runs once per worker', () => {
    const [m] = lintFile('py-gunicorn-nopreload', 'app.py');
    expect(m!.message).toBe(
      'APScheduler BackgroundScheduler.start() starts in every gunicorn worker (4 workers), not once: gunicorn imports the app in each worker (fixtures/py-gunicorn-nopreload/Procfile), and this starts at import. Run it in a dedicated process, or in one worker only.',
    );
  });

  it('uWSGI without lazy-apps', () => {
    const [m] = lintFile('py-uwsgi-default', 'wsgi.py');
    expect(m!.message).toContain('starts in the uwsgi master, before it forks the workers: uwsgi imports the app before forking (fixtures/py-uwsgi-default/uwsgi.ini: no lazy-apps)');
    expect(m!.message).toContain('`@uwsgidecorators.postfork`, or set `lazy-apps = true`');
  });

  it('suggestion outputs of the fixture reports are clean for the same problem', () => {
    for (const [project, file] of [
      ['py-seed-003-bad', 'app/__init__.py'],
      ['py-gunicorn-config', 'gunicorn.conf.py'],
      ['py-gunicorn-appless-bad', 'web.py'],
      ['py-gunicorn-src-layout-bad', 'src/shop/web.py'],
    ] as const) {
      const code = readFileSync(join(FIX, project, file), 'utf8');
      const [m] = lintFile(project, file, code);
      expect(m!.suggestions!.length).toBeGreaterThan(0);
      for (const s of m!.suggestions!) {
        const out = code.slice(0, s.fix.range[0]) + s.fix.text + code.slice(s.fix.range[1]);
        expect(brief(lintFile(project, file, out))).toEqual([]);
      }
    }
  });

  it('gunicorn config: the start moves into a new post_fork hook', () => {
    const code = readFileSync(join(FIX, 'py-gunicorn-config', 'gunicorn.conf.py'), 'utf8');
    const [m] = lintFile('py-gunicorn-config', 'gunicorn.conf.py', code);
    expect(m!.suggestions!.map((s) => s.messageId)).toEqual(['moveIntoPostFork', 'startInChild']);
    const s = m!.suggestions![0]!;
    expect(code.slice(0, s.fix.range[0]) + s.fix.text + code.slice(s.fix.range[1])).toBe(
      code.replace(
        '\nthreading.Thread(target=heartbeat, daemon=True).start()\n',
        '\ndef post_fork(server, worker):\n    threading.Thread(target=heartbeat, daemon=True).start()\n',
      ),
    );
  });

  it('app factory: the worker count comes from the script\'s `${WORKERS:-4}`; a call into another module carries the chain', () => {
    const [own, called] = lintFile('py-gunicorn-factory-bad', 'shop/__init__.py');
    expect(own!.message).toBe(
      'APScheduler BackgroundScheduler.start() starts in every gunicorn worker (4 workers), not once: gunicorn imports the app and calls create_app() in each worker (fixtures/py-gunicorn-factory-bad/docker-entrypoint.sh), and this starts in create_app(). Run it in a dedicated process, or in one worker only.',
    );
    expect(called!.message).toBe(
      'threading.Timer.start() at fixtures/py-gunicorn-factory-bad/shop/jobs.py:9, started by this call, starts in every gunicorn worker (4 workers), not once: gunicorn imports the app and calls create_app() in each worker (fixtures/py-gunicorn-factory-bad/docker-entrypoint.sh), and this starts in create_app(). This file calls it (through fixtures/py-gunicorn-factory-bad/shop/__init__.py:16). Run it in a dedicated process, or in one worker only.',
    );
    expect([called!.line, called!.column, called!.endLine, called!.endColumn]).toEqual([16, 5, 16, 23]);
  });

  it('app factory imported through package re-exports (`from .factory import create_app`, then a star import): the call carries the chain', () => {
    const [m, more] = lintFile('py-gunicorn-reexport-bad', 'shop/wsgi.py');
    expect(more).toBeUndefined();
    expect(m!.message).toBe(
      'APScheduler BackgroundScheduler.start() at fixtures/py-gunicorn-reexport-bad/shop/factory/core.py:15, started by this call, starts in every gunicorn worker (4 workers), not once: gunicorn imports the app in each worker (fixtures/py-gunicorn-reexport-bad/docker-entrypoint.sh), and this starts at import. This file calls it (through fixtures/py-gunicorn-reexport-bad/shop/wsgi.py:3). Run it in a dedicated process, or in one worker only.',
    );
    expect([m!.line, m!.column, m!.endLine, m!.endColumn]).toEqual([3, 7, 3, 19]);
    expect(m!.suggestions ?? []).toEqual([]);
  });

  it('Django: ready() of an installed app and a module its models import, under the uWSGI ini in docker/', () => {
    const [ready] = lintFile('py-django-bad', 'reports/apps.py');
    expect(ready!.message).toBe(
      'APScheduler BackgroundScheduler.start() starts in the uwsgi master, before it forks the workers: uwsgi imports the app, whose django.setup() runs ReportsConfig.ready() of installed app reports before forking (fixtures/py-django-bad/docker/uwsgi.ini: no lazy-apps). The workers get no copy of it, and forking while it runs can leave a lock it holds locked in every worker. Start it in each worker instead: in a function decorated with `@uwsgidecorators.postfork`, or set `lazy-apps = true`.',
    );
    const [models] = lintFile('py-django-bad', 'alerts/models.py');
    expect(models!.message).toContain('uwsgi imports the app, whose django.setup() imports installed app alerts.apps.AlertsConfig before forking');
    expect(models!.message).toContain('This file imports it (through fixtures/py-django-bad/alerts/models.py:3)');
  });

  it('gunicorn master hooks: on_starting / when_ready for per-process work, pre_fork for anything', () => {
    const ms = lintFile('py-gunicorn-master-hooks-bad', 'gunicorn.conf.py');
    expect(ms.map((m) => m.message)).toEqual([
      'QueueListener.start() starts in the gunicorn master, in the `on_starting` hook, before gunicorn forks the workers (fixtures/py-gunicorn-master-hooks-bad/gunicorn.conf.py). The workers get no copy of it, and forking while it runs can leave a lock it holds locked in every worker. Start it in a `post_fork` hook instead, which runs in every worker after the fork.',
      'threading.Thread.start() starts in the gunicorn master, in the `when_ready` hook, before gunicorn forks the workers (fixtures/py-gunicorn-master-hooks-bad/gunicorn.conf.py). The workers get no copy of it, and forking while it runs can leave a lock it holds locked in every worker. Start it in a `post_fork` hook instead, which runs in every worker after the fork.',
      'APScheduler BackgroundScheduler.start() starts in the gunicorn master, in the `pre_fork` hook, which runs once for every worker, just before gunicorn forks it: one more start in the master per worker (fixtures/py-gunicorn-master-hooks-bad/gunicorn.conf.py). The workers get no copy of it, and forking while it runs can leave a lock it holds locked in every worker. Start it once: in `when_ready` without monkey-patching the master, or in a dedicated process.',
    ]);
  });

  it('celery prefork: a channel opened when the tasks module is imported', () => {
    const [m] = lintFile('py-celery-bad', 'proj/tasks.py');
    expect(m!.message).toBe(
      "gRPC channel starts in the celery worker's main process, before it forks the pool processes that run the tasks: the worker imports this module at start-up (fixtures/py-celery-bad/Procfile: prefork pool). The pool processes get no copy of it, and forking while it runs can leave a lock it holds locked in every pool process. Start it in each pool process instead: in a `@worker_process_init.connect` handler, or with `os.register_at_fork(after_in_child=…)`.",
    );
    expect(m!.suggestions ?? []).toEqual([]);
  });

  it('seed 003 suggestion output', () => {
    const code = readFileSync(join(FIX, 'py-seed-003-bad', 'app/__init__.py'), 'utf8');
    const [m] = lintFile('py-seed-003-bad', 'app/__init__.py', code);
    // Apply every part of the suggestion (ESLint merges a suggestion's fixes into one).
    const s = m!.suggestions![0]!;
    const out = code.slice(0, s.fix.range[0]) + s.fix.text + code.slice(s.fix.range[1]);
    expect(out).toBe(
      code
        .replace('from gevent import monkey\n', 'import os\nfrom gevent import monkey\n')
        .replace('\nt.start()\n', '\nos.register_at_fork(after_in_child=lambda: t.start())\n'),
    );
  });
});
