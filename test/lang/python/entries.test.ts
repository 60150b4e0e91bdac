/**
 * Where Python programs start (src/lang/python/entries.ts), read from the files projects declare them in. Each test
 * writes a small project and reads its entries back: the module file, how it runs (as __main__ or imported, after
 * its parents or not, the function called), what patches before it, and the program's name for messages.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conventionEntries, declaredEntries, listedEntry, workerPatcher } from '../../../src/lang/python/entries.js';
import { createPythonResolver } from '../../../src/lang/python/resolve.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'py-entries-'));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/** The declared entries of a project, with paths relative to it (fields at their defaults left out). */
function entries(files: Record<string, string>) {
  const root = project(files);
  return declaredEntries(root, createPythonResolver({ projectRoot: root })).all.map((e) => ({
    file: e.file.slice(root.length + 1),
    asMain: e.asMain,
    parents: e.parents,
    ...(e.call ? { call: e.call } : {}),
    description: e.description,
    ...(e.preloaded.length ? { preloaded: e.preloaded } : {}),
    ...(e.runsBefore.length ? { runsBefore: e.runsBefore.map((f) => f.slice(root.length + 1)) } : {}),
    ...(e.workerPatch ? { workerPatch: e.workerPatch } : {}),
  }));
}

const PKG = { 'app/__init__.py': '', 'app/cli.py': 'def main():\n    pass\n', 'app/web.py': 'app = None\n', 'app/gui.py': 'def run():\n    pass\n' };

describe('Python entries: package metadata', () => {
  it('pyproject.toml [project.scripts], [project.gui-scripts] and [tool.poetry.scripts] (a string or an inline table); extras are dropped', () => {
    const toml = [
      '[project]',
      'name = "app"',
      '[project.scripts]',
      'app-cli = "app.cli:main"  # the CLI',
      '"app-extra" = "app.cli:main [speedups]"',
      '[project.gui-scripts]',
      "app-gui = 'app.gui:run'",
      '[project.urls]',
      'home = "https://example.invalid/app.web:x"',
      '[tool.poetry.scripts]',
      'app-tool = { callable = "app.web:app", extras = ["x"] }',
    ].join('\n');
    expect(entries({ ...PKG, 'pyproject.toml': toml })).toEqual([
      { file: 'app/cli.py', asMain: false, parents: true, call: 'main', description: "the console script 'app-cli' (pyproject.toml [project.scripts])" },
      { file: 'app/cli.py', asMain: false, parents: true, call: 'main', description: "the console script 'app-extra' (pyproject.toml [project.scripts])" },
      { file: 'app/gui.py', asMain: false, parents: true, call: 'run', description: "the GUI script 'app-gui' (pyproject.toml [project.gui-scripts])" },
      { file: 'app/web.py', asMain: false, parents: true, call: 'app', description: "the script 'app-tool' (pyproject.toml [tool.poetry.scripts])" },
    ]);
  });

  it('setup.cfg console_scripts in [options.entry_points] (setuptools) and [entry_points] (pbr); plugin groups are not programs', () => {
    const setuptools = '[metadata]\nname = app\n\n[options.entry_points]\nconsole_scripts =\n    app-cli = app.cli:main\napp.plugins =\n    web = app.web:app\n';
    expect(entries({ ...PKG, 'setup.cfg': setuptools })).toEqual([
      { file: 'app/cli.py', asMain: false, parents: true, call: 'main', description: "the console script 'app-cli' (setup.cfg)" },
    ]);
    const pbr = '[entry_points]\nconsole_scripts =\n    app-cli = app.cli:main\n    app-gone = app.missing:main\ngui_scripts = app-gui = app.gui:run\n';
    expect(entries({ ...PKG, 'setup.cfg': pbr }).map((e) => e.description)).toEqual([
      "the console script 'app-cli' (setup.cfg)",
      "the GUI script 'app-gui' (setup.cfg)",
    ]);
  });

  it('setup.py entry_points: a dict of lists, and the ini-style string', () => {
    const dict = 'from setuptools import setup\nsetup(\n    name="app",\n    entry_points={\n        "console_scripts": [\n            "app-cli=app.cli:main",\n        ],\n        "app.plugins": ["web = app.web:app"],\n    },\n)\n';
    expect(entries({ ...PKG, 'setup.py': dict }).map((e) => [e.file, e.description])).toEqual([['app/cli.py', "the console script 'app-cli' (setup.py)"]]);
    const ini = 'from setuptools import setup\nsetup(entry_points="""\n[console_scripts]\napp-gui = app.gui:run\n[app.plugins]\nweb = app.web:app\n""")\n';
    expect(entries({ ...PKG, 'setup.py': ini }).map((e) => [e.file, e.call])).toEqual([['app/gui.py', 'run']]);
  });
});

describe('Python entries: command lines', () => {
  it('Procfile: python -m (the package __main__.py, parents first), python path.py (no parents), python -c and pip are no programs', () => {
    const files = { ...PKG, 'app/__main__.py': '', 'tools/clock.py': '', Procfile: 'web: python3 -u -m app --port $PORT\nclock: python tools/clock.py\nrelease: python -c "print(1)" && pip install -r requirements.txt\n' };
    expect(entries(files)).toEqual([
      { file: 'app/__main__.py', asMain: true, parents: true, description: '`python3 -m app` (Procfile)' },
      { file: 'tools/clock.py', asMain: true, parents: false, description: '`python tools/clock.py` (Procfile)' },
    ]);
  });

  it('gunicorn: -k/--worker-class gevent without preload is a preload of gevent; --preload makes it the worker patch after the app loaded; the sync worker neither', () => {
    const files = {
      ...PKG,
      Procfile: [
        'a: gunicorn -k gevent app.web:app',
        'b: gunicorn --worker-class=gevent --preload -w 4 app.web:app',
        'c: gunicorn -b 0.0.0.0:80 app.web:app',
        'd: gunicorn -k eventlet "app.cli:main()"',
      ].join('\n'),
    };
    expect(entries(files)).toEqual([
      { file: 'app/web.py', asMain: false, parents: true, description: '`gunicorn app.web:app` (Procfile)', preloaded: ['gevent'] },
      { file: 'app/web.py', asMain: false, parents: true, description: '`gunicorn app.web:app` (Procfile)', workerPatch: { patcherId: 'gevent', server: 'gunicorn', setting: '--preload in Procfile' } },
      { file: 'app/web.py', asMain: false, parents: true, description: '`gunicorn app.web:app` (Procfile)' },
      { file: 'app/cli.py', asMain: false, parents: true, call: 'main', description: '`gunicorn app.cli:main()` (Procfile)', preloaded: ['eventlet'] },
    ]);
  });

  it('gunicorn config files: ./gunicorn.conf.py is read by default (worker_class, preload_app), runs in the master before the app, and names the app itself (wsgi_app)', () => {
    const conf = 'worker_class = "gevent"\npreload_app = True\nwsgi_app = "app.web:app"\n';
    expect(entries({ ...PKG, 'gunicorn.conf.py': conf, Procfile: 'web: gunicorn app.web:app\n' })).toEqual([
      {
        file: 'app/web.py',
        asMain: false,
        parents: true,
        description: '`gunicorn app.web:app` (Procfile)',
        runsBefore: ['gunicorn.conf.py'],
        workerPatch: { patcherId: 'gevent', server: 'gunicorn', setting: 'preload_app in gunicorn.conf.py' },
      },
      {
        file: 'app/web.py',
        asMain: false,
        parents: true,
        description: '`gunicorn app.web:app` (gunicorn.conf.py)',
        runsBefore: ['gunicorn.conf.py'],
        workerPatch: { patcherId: 'gevent', server: 'gunicorn', setting: 'preload_app in gunicorn.conf.py' },
      },
    ]);
    // Flags win over the config file; -c names another one.
    const flags = entries({ ...PKG, 'deploy/gunicorn_prod.py': 'preload_app = True\nworker_class = "sync"\n', Procfile: 'web: gunicorn -c deploy/gunicorn_prod.py -k gevent_pywsgi app.web:app\n' });
    expect(flags[0]).toMatchObject({ runsBefore: ['deploy/gunicorn_prod.py'], workerPatch: { patcherId: 'gevent', setting: 'preload_app in deploy/gunicorn_prod.py' } });
  });

  it("gunicorn's gevent and eventlet worker classes by name, class path and egg URI", () => {
    expect(['gevent', 'gevent_wsgi', 'gevent_pywsgi', 'gunicorn.workers.ggevent.GeventWorker', 'egg:gunicorn#gevent'].map(workerPatcher)).toEqual(Array(5).fill('gevent'));
    expect(['eventlet', 'gunicorn.workers.geventlet.EventletWorker'].map(workerPatcher)).toEqual(['eventlet', 'eventlet']);
    expect(['sync', 'gthread', 'uvicorn.workers.UvicornWorker', null].map(workerPatcher)).toEqual([null, null, null, null]);
  });

  it('Dockerfile: an exec-form ENTRYPOINT takes the CMD as arguments; wrappers (exec, gosu, ddtrace-run) are seen through; ddtrace-run preloads ddtrace', () => {
    const dockerfile = 'FROM python:3.12\nWORKDIR /srv\nENTRYPOINT ["gunicorn", "-k", "gevent"]\nCMD ["app.web:app"]\nRUN python -m pip install .\n';
    expect(entries({ ...PKG, Dockerfile: dockerfile })).toEqual([
      { file: 'app/web.py', asMain: false, parents: true, description: '`gunicorn app.web:app` (Dockerfile ENTRYPOINT and CMD)', preloaded: ['gevent'] },
    ]);
    const wrapped = 'FROM python:3.12\nCMD exec gosu app ddtrace-run uvicorn --host 0.0.0.0 app.web:app\n';
    expect(entries({ ...PKG, 'docker/Dockerfile': wrapped })).toEqual([
      { file: 'app/web.py', asMain: false, parents: true, description: '`uvicorn app.web:app` (docker/Dockerfile CMD)', preloaded: ['ddtrace'] },
    ]);
  });

  it("the shell script a Dockerfile runs, found by its container path; its variables' defaults expanded, a Dockerfile ENV winning", () => {
    const script = '#!/bin/bash\nset -e\nWORKER_CLASS=${WORKER_CLASS:-gevent}\npython ping.py\nexec gunicorn "app:create_app()" \\\n    --bind 0.0.0.0:8000 \\\n    --worker-class "$WORKER_CLASS"\n';
    const files = { 'app/__init__.py': 'def create_app():\n    pass\n', 'ping.py': '', 'docker-entrypoint.sh': script };
    expect(entries({ ...files, Dockerfile: 'FROM python\nCOPY . /opt/site\nENTRYPOINT ["/opt/site/docker-entrypoint.sh"]\n' })).toEqual([
      { file: 'ping.py', asMain: true, parents: false, description: '`python ping.py` (docker-entrypoint.sh, run by Dockerfile ENTRYPOINT)' },
      { file: 'app/__init__.py', asMain: false, parents: true, call: 'create_app', description: '`gunicorn app:create_app()` (docker-entrypoint.sh, run by Dockerfile ENTRYPOINT)', preloaded: ['gevent'] },
    ]);
    const sync = entries({ ...files, Dockerfile: 'FROM python\nENV WORKER_CLASS=sync\nENTRYPOINT ["/opt/site/docker-entrypoint.sh"]\n' });
    expect(sync.map((e) => e.preloaded ?? [])).toEqual([[], []]);
  });

  it('docker-compose command: and entrypoint: as a string, a flow list and a block list; celery -A with -P/--pool gevent preloads gevent', () => {
    const compose = [
      'services:',
      '  web:',
      '    command: ["uwsgi", "--http", ":80", "--module", "app.web:app"]',
      '  worker:',
      '    command: celery -A app.cli worker --pool=gevent',
      '  beat:',
      '    entrypoint:',
      '      - celery',
      '      - --app=app.gui',
      '      - beat',
    ].join('\n');
    expect(entries({ ...PKG, 'docker-compose.yml': compose })).toEqual([
      { file: 'app/web.py', asMain: false, parents: true, description: '`uwsgi --module app.web:app` (docker-compose.yml command)' },
      { file: 'app/cli.py', asMain: false, parents: true, description: '`celery -A app.cli` (docker-compose.yml command)', preloaded: ['gevent'] },
      { file: 'app/gui.py', asMain: false, parents: true, description: '`celery -A app.gui` (docker-compose.yml entrypoint)' },
    ]);
  });

  it('systemd units: ExecStart= (with its prefixes); uWSGI ini files (module from a container chdir) and uwsgi run with one', () => {
    const unit = '[Service]\nExecStart=-/usr/bin/python3 -m app.cli\n';
    const ini = '[uwsgi]\nchdir = /opt/site\nmodule = app.web:application\nmaster = true\n';
    expect(entries({ ...PKG, 'deploy/site.service': unit, 'deploy/uwsgi.ini': ini, 'deploy/Dockerfile': 'CMD ["uwsgi", "/opt/site/deploy/uwsgi.ini"]\n' })).toEqual([
      { file: 'app/web.py', asMain: false, parents: true, description: "uWSGI's module app.web:application (deploy/uwsgi.ini, run by deploy/Dockerfile CMD)" },
      { file: 'app/cli.py', asMain: true, parents: true, description: '`python3 -m app.cli` (deploy/site.service ExecStart)' },
    ]);
  });

  it('nothing declared, nothing read: no entries (and a root that does not exist reads as none)', () => {
    expect(entries({ ...PKG, 'README.md': 'run `gunicorn app.web:app`\n' })).toEqual([]);
    expect(declaredEntries(join(tmpdir(), 'py-entries-missing-root'), createPythonResolver()).all).toEqual([]);
  });
});

describe('Python entries: conventions and settings', () => {
  const root = project({ 'pkg/__init__.py': '', 'pkg/__main__.py': '', 'pkg/wsgi.py': '', 'pkg/util.py': '', 'manage.py': '' });
  const resolver = createPythonResolver({ projectRoot: root });
  const of = (file: string, text: string) => conventionEntries(join(root, file), text, resolver, root).map((e) => [e.asMain, e.parents, e.description]);

  it('__main__.py is `python -m pkg`; wsgi.py is imported by the server; manage.py and a module with a __main__ block run as __main__', () => {
    expect(of('pkg/__main__.py', '')).toEqual([[true, true, '`python -m pkg`']]);
    expect(of('pkg/wsgi.py', 'application = None\n')).toEqual([[false, true, "the WSGI server's import of pkg.wsgi"]]);
    expect(of('manage.py', '')).toEqual([[true, true, '`python manage.py`']]);
    expect(of('pkg/util.py', "def main():\n    pass\n\n\nif __name__ == '__main__':\n    main()\n")).toEqual([[true, true, '`python pkg/util.py`']]);
    expect(of('pkg/util.py', 'if "__main__" == __name__:\n    pass\n')).toHaveLength(1);
  });

  it('a plain module, or one that only mentions the guard in a string or a nested block, is no entry', () => {
    expect(of('pkg/util.py', 'X = 1\n')).toEqual([]);
    expect(of('pkg/util.py', 'DOC = "if __name__ == \'__main__\': main()"\ndef f():\n    if __name__ == "__main__":\n        pass\n')).toEqual([]);
  });

  it('the dotted module name (a directory walk) is looked up only for the programs whose description names it', () => {
    let lookups = 0;
    const counting = Object.assign(Object.create(resolver) as typeof resolver, {
      moduleNameOf: (file: string) => (lookups++, resolver.moduleNameOf(file)),
    });
    const at = (file: string, text: string) => conventionEntries(join(root, file), text, counting, root);
    at('pkg/util.py', 'X = 1\n');
    at('pkg/util.py', 'if __name__ == "__main__":\n    pass\n');
    at('manage.py', '');
    expect(lookups).toBe(0);
    at('pkg/__main__.py', '');
    at('pkg/wsgi.py', '');
    expect(lookups).toBe(2);
  });

  it("settings['patch-order'].entries: paths and globs relative to ESLint's cwd", () => {
    expect(listedEntry(['pkg/*.py'], root, join(root, 'pkg/util.py'))).toBe(true);
    expect(listedEntry(['pkg/*.py'], root, join(root, 'manage.py'))).toBe(false);
    expect(listedEntry([join(root, 'manage.py')], root, join(root, 'manage.py'))).toBe(true);
  });
});
