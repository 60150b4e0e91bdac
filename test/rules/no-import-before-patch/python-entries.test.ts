/**
 * Python programs start at declared entries (src/lang/python/entries.ts): console and GUI scripts, command lines,
 * `__main__.py`, `if __name__ == "__main__":`, `wsgi.py`/`asgi.py`. Each file is judged in the order its programs
 * run it (parents first, its own statements, the function the program calls); a load is reported once, where the
 * program's chain pulls it in. A server's gevent worker patches before it imports the app, unless the app is
 * preloaded in the master.
 *
 * Runtime orders these tests rely on, measured here (CPython 3.11, Debian's gunicorn 20.1.0, gevent 22.10.2,
 * celery 5.2.6):
 * - console script `pkg.cli:main` (importlib.metadata EntryPoint.load()()): prints `pkg/__init__ pkg`, `pkg/cli
 *   pkg.cli`, `main() called`: parents first, the module imported (its `__main__` block does not run), then main().
 * - `python -m pkg`: `pkg/__init__`, then `pkg/__main__ __main__`; `python pkg/cli.py`: only `pkg/cli __main__`
 *   and its `__main__` block (no parent package runs).
 * - `gunicorn -k gevent app:app`: the app module is imported in the worker (pid ≠ master) with
 *   `gevent.monkey.is_module_patched('socket') == True`; with `--preload` it is imported in the master with False.
 *   With `preload_app = True` and `worker_class = "gevent"`, `from threading import Lock` at app import keeps the
 *   native lock (`Lock is threading.Lock` is False in the worker) and importing urllib3 makes gevent warn
 *   "Monkey-patching ssl after ssl has already been imported … Modules that had direct imports (NOT patched):
 *   ['urllib3.util …']"; `import ssl, threading, socket` alone gives no warning (gunicorn's master has loaded them
 *   itself). Without preload, the same app gets the patched Lock and no warning.
 * - `celery -A capp worker -P gevent`: capp is imported with socket patched (celery's `maybe_patch_concurrency()`
 *   runs first); without `-P gevent`, unpatched.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import plugin from '../../../src/index.js';
import { fixture } from '../../helpers/rule-tester.js';

const RULE = 'patch-order/no-import-before-patch';

function eslintFor(dir: string, fix = false, settings?: Record<string, unknown>) {
  return new ESLint({
    cwd: dir,
    fix,
    overrideConfigFile: true,
    overrideConfig: [{ ...plugin.configs.python, ...(settings ? { settings: { 'patch-order': settings } } : {}), rules: { [RULE]: 'error' } }],
  });
}

async function lint(dir: string, settings?: Record<string, unknown>) {
  const results = await eslintFor(dir, false, settings).lintFiles(['.']);
  return results.flatMap((r) => r.messages.map((m) => ({ at: `${r.filePath.slice(dir.length + 1)}:${m.line}:${m.column}`, message: m.message, fixable: !!m.fix })));
}

/** The fixed text of one file (`eslint --fix`, in memory), and what the rule says about it then. */
async function fixed(dir: string, file: string) {
  const [result] = await eslintFor(dir, true).lintFiles([file]);
  return { output: result!.output, remaining: result!.messages.filter((m) => m.ruleId === RULE).length };
}

describe('no-import-before-patch: Python entries', () => {
  it('console, GUI and poetry scripts in pyproject.toml: each module is judged as its program runs it (imported, then the function called), even when another module imports it', async () => {
    const problems = await lint(fixture('py-entry-scripts-bad'));
    expect(problems.map((p) => p.at)).toEqual(['app/serve.py:1:8', 'app/tool.py:1:17']);
    // The patch is in main(), which the console script calls after the module ran.
    expect(problems[0]!.message).toMatch(/^'ssl' is loaded before gevent monkey\.patch_all\(\) takes effect at line 7\. /);
    expect(problems[0]!.fixable).toBe(false);
    expect(problems[1]!.message).toMatch(/^'socket' is loaded by app\/helpers\.py:1 before eventlet\.monkey_patch\(\) takes effect at line 4\. /);
    // app/gui.py imports both: their own problems are theirs, not reported again at gui.py's imports.
    expect(await fixed(fixture('py-entry-scripts-bad'), 'app/tool.py')).toEqual({
      output: 'import eventlet\neventlet.monkey_patch()\nfrom app import helpers\n\n\ndef main():\n    print(helpers.HOST)\n',
      remaining: 0,
    });
  });

  it('the corrected scripts are clean: the import moved after the patch inside main(); jobs.py, imported only after it, is clean although it loads ssl', async () => {
    expect(await lint(fixture('py-entry-scripts-fixed'))).toEqual([]);
  });

  it('setup.cfg [options.entry_points] and setup.py entry_points console scripts', async () => {
    const problems = await lint(fixture('py-entry-setup-bad'));
    expect(problems.map((p) => p.at)).toEqual(['svc/api.py:1:8', 'svc/worker.py:1:8']);
    expect(problems[0]!.message).toMatch(/^'select' is loaded before eventlet\.monkey_patch\(\) takes effect at line 4\. This line also loads 'selectors', 'socket'/);
    expect(problems[1]!.message).toMatch(/^'ssl' is loaded before eventlet\.monkey_patch\(\) takes effect at svc\/api\.py:4 \(reached from line 3\)\./);
    expect(problems.map((p) => p.fixable)).toEqual([true, false]);
    expect(await lint(fixture('py-entry-setup-fixed'))).toEqual([]);
  });

  it('by convention: a __main__.py below a package (the parent runs first: reported in the __init__.py, naming `python -m pkg`), a __main__ block, wsgi.py and asgi.py', async () => {
    const problems = await lint(fixture('py-entry-conventions-bad'));
    expect(problems.map((p) => p.at)).toEqual(['pkg/__init__.py:1:8', 'pkg/asgi.py:1:18', 'pkg/tool.py:1:23', 'pkg/wsgi.py:1:8']);
    expect(problems[0]!.message).toBe(
      "'ssl' is loaded before gevent monkey.patch_all() takes effect at pkg/__main__.py:3 (reached from `python -m pkg`, which Python runs after this __init__.py). " +
        'Symptom: gevent warns "Monkey-patching ssl after ssl has already been imported may lead to errors, including RecursionError". Activate gevent monkey.patch_all() first.',
    );
    expect(problems[1]!.message).toMatch(/^'sleep' is copied out of 'time' before gevent monkey\.patch_all\(\) patches it at line 5\./);
    expect(problems[2]!.message).toMatch(/^'Lock' is copied out of 'threading' before gevent monkey\.patch_all\(\) patches it at line 5\./);
    expect(problems[3]!.message).toMatch(/^'SSLContext' and 'wrap_socket' are copied out of 'ssl' by 'requests' while it loads, before gevent monkey\.patch_all\(\) patches them at line 4\./);
    expect(await fixed(fixture('py-entry-conventions-bad'), 'pkg/wsgi.py')).toEqual({
      output: 'from gevent import monkey\nmonkey.patch_all()\nimport requests\n\napp = requests.Session\n',
      remaining: 0,
    });
    expect(await lint(fixture('py-entry-conventions-fixed'))).toEqual([]);
  });

  it('command lines: Procfile (python -m, python path.py), docker-compose (uwsgi --module, celery -P gevent), systemd ExecStart, the script a Dockerfile ENTRYPOINT runs', async () => {
    const problems = await lint(fixture('py-entry-commands-bad'));
    expect(problems.map((p) => p.at)).toEqual([
      'scripts/clock.py:1:18', // `python scripts/clock.py` runs no parent package: scripts/__init__.py's patch never happens first
      'site_app/admin.py:1:8', // systemd: python3 -m site_app.admin
      'site_app/api.py:1:8', // compose: uwsgi --module site_app.api:app
      'site_app/migrate.py:1:23', // docker/entrypoint.sh (Dockerfile ENTRYPOINT): python -m site_app.migrate
      'site_app/web.py:1:8', // Procfile: python -m site_app.web
    ]);
    expect(problems[0]!.message).toMatch(/^'sleep' is copied out of 'time' before gevent monkey\.patch_all\(\) patches it at line 5\./);
    // site_app/tasks.py copies Lock before its own patch, but `celery -P gevent` patched before importing it;
    // site_app/registry.py imports the others: their problems are reported in them, once.
    expect(problems.some((p) => p.at.startsWith('site_app/tasks.py') || p.at.startsWith('site_app/registry.py'))).toBe(false);
  });

  it('the corrected commands are clean: each module patches first, the clock runs as `python -m scripts.clock` (after scripts/__init__.py patches)', async () => {
    expect(await lint(fixture('py-entry-commands-fixed'))).toEqual([]);
  });

  it("gunicorn --preload with the gevent worker: the copies the app makes in the master are reported with the worker's own message", async () => {
    const problems = await lint(fixture('py-gunicorn-gevent-preload-bad'));
    expect(problems.map((p) => p.at)).toEqual(['shop/app.py:1:23', 'shop/app.py:3:8']);
    expect(problems.map((p) => p.fixable)).toEqual([false, false]);
    expect(problems.map((p) => p.message)).toMatchSnapshot();
  });

  it('gunicorn -k gevent without preload: the worker patches before it imports the app, so the same app is clean', async () => {
    expect(await lint(fixture('py-gunicorn-gevent-preload-fixed'))).toEqual([]);
  });

  it('gunicorn.conf.py worker_class = "gevent", preload_app = True, an app factory: the parent package and the factory body are reported', async () => {
    const problems = await lint(fixture('py-gunicorn-gevent-config-bad'));
    expect(problems.map((p) => p.at)).toEqual(['board/__init__.py:1:8', 'board/app.py:2:22']);
    expect(problems[0]!.message).toMatch(
      /^'SSLContext' and 'wrap_socket' are copied out of 'ssl' in gunicorn's master, before each worker runs gevent monkey\.patch_all\(\) \(preload_app in gunicorn\.conf\.py imports the app before the fork\)\. 'urllib3' copies them while it loads\./,
    );
    expect(problems[1]!.message).toMatch(/^'sleep' is copied out of 'time' in gunicorn's master, before each worker runs gevent monkey\.patch_all\(\) \(preload_app in gunicorn\.conf\.py/);
  });

  it('the config file patching first (the master runs it before it imports the app) makes the same app clean', async () => {
    expect(await lint(fixture('py-gunicorn-gevent-config-fixed'))).toEqual([]);
  });

  it("a package's own load before its own patch is reported once, in its __init__.py, not again in every file that imports the package", async () => {
    const problems = await lint(fixture('py-entry-once-bad'));
    expect(problems.map((p) => p.at)).toEqual(['kit/__init__.py:4:12']);
    expect(problems[0]!.message).toMatch(/^'ssl' is loaded before gevent monkey\.patch_all\(\) takes effect at line 8\./);
    expect(await lint(fixture('py-entry-once-fixed'))).toEqual([]);
  });

  it("a parent package's load before the patch of a console script's package below it names the console script", async () => {
    const problems = await lint(fixture('py-parent-order-bad'));
    expect(problems.map((p) => p.at)).toEqual(['proj/__init__.py:1:8']);
    expect(problems[0]!.message).toMatch(
      /^'threading' is loaded before eventlet\.monkey_patch\(\) takes effect at proj\/cmd\/__init__\.py:3\. The activation is reached from the console script 'proj-api' \(pyproject\.toml \[project\.scripts\]\), which Python runs after this __init__\.py\./,
    );
  });

  it("settings['patch-order'].entries (as for JS): a listed file is judged although another module imports it; unlisted files nothing imports are no longer starts", async () => {
    const dir = fixture('py-entry-once-bad');
    // examples/second.py is imported by nothing: judged on its own by default (its problem is kit's, reported there).
    expect((await lint(dir, { entries: ['kit/user.py'] })).map((p) => p.at)).toEqual(['kit/__init__.py:4:12']);
    const setup = fixture('py-entry-setup-bad');
    // Without the declarations' help: svc/cli.py is not listed, so it is not a start; api.py and worker.py still are (declared).
    expect((await lint(setup, { entries: ['svc/nothing.py'] })).map((p) => p.at)).toEqual(['svc/api.py:1:8', 'svc/worker.py:1:8']);
  });
});
