import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import { pySpawnFork } from '../../catalog/python-spawn-fork.js';
import { TtlCache, kindOf, readText } from '../../util/fs-cache.js';
import { isInside } from '../../util/paths.js';
import { isInputError } from '../../util/guard.js';
import { commandSegments, optionValue } from '../../util/command-lines.js';
import { childByField, nodeText, type PyNode } from './ast.js';
import { parsePython } from './parse.js';
import { stringValue } from './ast-helpers.js';
import { appLoadsOf, clearAppLoadCaches, moduleCandidatesFor, pyFileFacts, type AppLoad, type LoadEnv, type PyFileFacts } from './app-load.js';

/*
 * Which pre-fork server runs a Python file, read from the files where users keep it (never executed):
 *
 * - gunicorn: `gunicorn.conf.py` & co. (module-level assignments `wsgi_app`, `preload_app`, `workers`,
 *   `worker_class`), and command lines in a Procfile / Dockerfile / start script
 *   (`gunicorn -c conf.py --preload -w 4 app:app`), command-line flags winning over the config file.
 *   gunicorn never imports the app in the master unless `preload_app` / `--preload` says so.
 * - uWSGI: `*.ini` files with a `[uwsgi]` section (`module`, `wsgi-file`, `lazy-apps`, `lazy`,
 *   `processes`/`workers`, `master`) and `uwsgi …` command lines (`--ini`, `--module`, `--lazy-apps`).
 *   uWSGI loads the app in the master and forks unless `lazy-apps` (or `lazy`) is set.
 *
 * - celery: `celery -A proj worker` command lines (`-P`/`--pool`, `-c`/`--concurrency`); the prefork pool (the
 *   default) forks the worker's main process after it imported the app and the tasks modules.
 *
 * Files are looked up in the linted file's directory and its parents, never above the project root
 * that holds it, and in the root's deployment directories (`docker/`, `deploy/`, `bin/` …: the catalog's
 * `deploymentDirs`). A gunicorn config (or uWSGI ini) that names no app, where no command line read here names
 * one, serves whichever module builds a WSGI/ASGI app (the command line lives elsewhere: CI, a Helm chart).
 * Dotted app names resolve from the config's directory, the source roots (`src/`, `pythonPath`) and the root.
 * Command-line values may be shell variables: `${WORKERS:-4}` and `WORKERS=4` set in the same file are read;
 * anything else is unknown. Results are cached per directory for a short time (editor-safe).
 */

export interface Deployment {
  server: 'gunicorn' | 'uwsgi' | 'celery';
  /** The file that says how the server runs (config, ini or command file), for messages. */
  source: string;
  /** The app module file the server imports (an existing file), if found. */
  appFile: string | null;
  /** Where the app module would be when no file exists yet (the linted text may not be on disk). */
  appCandidates?: string[];
  /** Config file the server execs in its master before forking (gunicorn), if any. */
  configFile: string | null;
  /** The master imports the app before forking the workers: true / false / null (unknown: not decided). */
  preload: boolean | null;
  /**
   * Number of worker processes: a number, 'many' (an expression of the config), 'unknown' (a shell variable this
   * reader cannot see), or null (not set: the default, 1; gunicorn's default is `WEB_CONCURRENCY`, read when literal).
   */
  workers: number | 'many' | 'unknown' | null;
  /** The server forks at all (uWSGI without master and with one process does not; celery only with prefork). */
  forks: boolean;
  workerClass: string | null;
  /** `module:factory(…)`: the function the server calls to build the app. */
  appCall?: string | null;
  /** A config that names no app (and no command line read here does): the app is the module that builds one. */
  appless?: boolean;
  /** celery: the pool named on the command line (null: the default, prefork). */
  pool?: string | null;
}

export interface ServerMatch {
  deployment: Deployment;
  /**
   * `app`: the server runs this file when it loads the app (the app module, its factory, Django's settings and
   * installed apps); `config`: the gunicorn config file itself; `tasks`: a celery worker imports it (tasks, app).
   */
  role: 'app' | 'config' | 'tasks';
  /** For `app`: what of this file runs and why. */
  load?: AppLoad;
  /** For `app`: every file of the same app load, in the order they run (this file's is `loads[index]`). */
  loads?: AppLoad[];
}

export interface ServerOptions {
  /** Source roots dotted names resolve from besides the config's directory and the root (`src/`, `pythonPath`). */
  sourceRoots?: readonly string[];
  /** Whether the file builds a WSGI/ASGI app at module level (asked only for configs that name no app). */
  buildsApp?: () => boolean;
  /** Whether the file defines celery tasks or the celery app (asked only when no other server imports it). */
  celeryModule?: () => boolean;
  /** The linted file's facts from its text (an editor's unsaved buffer is not on disk yet). */
  facts?: () => PyFileFacts | null;
}

const ttl = 1000;
const dirCache = new TtlCache<Deployment[]>(ttl);
const listCache = new TtlCache<string[]>(ttl);
const chainCache = new TtlCache<Deployment[]>(ttl);

export function clearServerCaches(): void {
  dirCache.clear();
  listCache.clear();
  chainCache.clear();
  clearAppLoadCaches();
}

/** The directories dotted names resolve from, after the config's own: the source roots, then the root. */
function basesOf(root: string, sourceRoots: readonly string[]): string[] {
  const src = join(root, 'src');
  return [...sourceRoots.filter((r) => isInside(r, root)), ...(kindOf(src) === 'dir' ? [src] : []), root];
}

/** The deployments that import `file` as their app (or exec it as config), nearest first. */
export function serversFor(file: string, roots: readonly string[], options: ServerOptions = {}): ServerMatch[] {
  const root = roots.find((r) => isInside(file, r));
  if (!root) return [];
  const bases = basesOf(root, options.sourceRoots ?? []);
  const out: ServerMatch[] = [];
  const all = deploymentsFor(dirname(file), root, bases);
  const named = new Set(all.filter((d) => !d.appless && d.configFile).map((d) => d.configFile));
  let builds: boolean | undefined;
  const buildsApp = () => (builds ??= options.buildsApp?.() ?? pyFileFacts(file)?.buildsApp ?? false);
  // The linted file counts as written even when it is not on disk yet (an editor's new buffer). Asked only when a
  // deployment names an app: most files of most projects are served by none.
  let envMemo: AppEnv | undefined;
  const appEnv = (): AppEnv => {
    if (envMemo) return envMemo;
    const onDisk = kindOf(file) === 'file';
    return (envMemo = {
      file,
      key: `${root}\0${bases.join('\0')}${onDisk ? '' : `\0${file}`}`,
      root,
      lookup: (dotted) => moduleFile(dotted, bases, root) ?? (!onDisk && moduleCandidatesFor(dotted, bases).includes(file) ? file : null),
      facts: (f) => (f === file && !onDisk && options.facts ? options.facts() : pyFileFacts(f)),
    });
  };
  for (const d of all) {
    if (d.server === 'celery') continue;
    if (d.appless) {
      if (d.configFile === file) {
        if (!named.has(file)) out.push({ deployment: d, role: 'config' });
        continue;
      }
      // The command line is elsewhere: the module that builds the app, or a Django project's wsgi/asgi module.
      if (d.configFile && named.has(d.configFile)) continue;
      if (!isTest(file, root) && buildsApp()) {
        out.push(appMatch(d, file, null, appEnv()));
        continue;
      }
      for (const wsgi of djangoEntryModules(root, bases)) {
        const m = appMatch(d, wsgi, null, appEnv());
        if (m.load) out.push(m);
      }
      continue;
    }
    const appFile = d.appFile ?? (d.appCandidates?.includes(file) ? file : null);
    if (appFile) {
      const m = appMatch(d, appFile, d.appCall ?? null, appEnv());
      if (m.load) {
        out.push(m);
        continue;
      }
    }
    if (d.configFile === file) out.push({ deployment: d, role: 'config' });
  }
  // A gunicorn config file is exec'd in the master even when no app is named.
  if (!out.some((m) => m.role === 'config') && pySpawnFork.gunicornConfigFiles.some((n) => file.endsWith(`${sep}${n}`)) && !named.has(file)) {
    const cfg = readGunicornConfig(file);
    if (cfg) out.push({ deployment: { ...gunicornDefaults(file), ...cfgToDeployment(cfg, dirname(file), root, bases), configFile: file, source: file }, role: 'config' });
  }
  // celery: a worker imports the app and the tasks modules in its main process, then forks the pool.
  if (!out.some((m) => m.role === 'app')) {
    const workers = all.filter((d) => d.server === 'celery');
    const isCeleryApp = workers.find((d) => d.appFile === file || d.appCandidates?.includes(file));
    if (isCeleryApp) out.push({ deployment: isCeleryApp, role: 'tasks' });
    else if ((options.celeryModule?.() ?? pyFileFacts(file)?.celery ?? false) && !isTest(file, root)) {
      // Without a command line read here, celery's default pool (prefork) with its default concurrency.
      const d = workers[0] ?? { server: 'celery', source: '', appFile: null, configFile: null, preload: true, workers: null, forks: true, workerClass: null, pool: null };
      out.push({ deployment: d, role: 'tasks' });
    }
  }
  return out.filter((m) => m.role !== 'tasks' || m.deployment.forks);
}

/** Test modules never run under a server (test_*.py, *_test.py, conftest.py, tests/ directories below the root). */
function isTest(file: string, root: string): boolean {
  const name = basename(file);
  return /^test_.*\.py$|_tests?\.py$|^conftest\.py$/.test(name) || /(?:^|[\\/])tests?[\\/]/.test(relative(root, file));
}

interface AppEnv extends LoadEnv {
  /** The linted file. */
  file: string;
  /** What the load depends on besides the files (for the cache). */
  key: string;
}

/** The match for the linted file in the load of `appFile` (app module, factory, Django modules), or one without `load`. */
function appMatch(d: Deployment, appFile: string, appCall: string | null, env: AppEnv): ServerMatch {
  const loads = appLoadsOf(appFile, appCall, env, env.key);
  const load = loads.find((l) => l.file === env.file);
  return load ? { deployment: appFile === d.appFile ? d : { ...d, appFile }, role: 'app', load, loads } : { deployment: d, role: 'app' };
}

/** `<root>/<proj>/wsgi.py` & `asgi.py` (and under the source roots) that run django.setup(). */
function djangoEntryModules(root: string, bases: string[]): string[] {
  const out: string[] = [];
  for (const base of bases) {
    for (const dir of [base, ...listDir(base).filter((n) => !n.startsWith('.')).map((n) => join(base, n))]) {
      for (const n of ['wsgi.py', 'asgi.py']) {
        const f = join(dir, n);
        if (!out.includes(f) && isInside(f, root) && kindOf(f) === 'file' && pyFileFacts(f)?.djangoSetup) out.push(f);
      }
    }
  }
  return out;
}

/** Deployments for a file under `start`: its directory and parents (nearest first), then the root's deployment directories. */
function deploymentsFor(start: string, root: string, bases: string[]): Deployment[] {
  return chainCache.get(`${root}\0${start}\0${bases.join('\0')}`, () => {
    const out: Deployment[] = [];
    const dirs: string[] = [];
    let dir = start;
    for (let i = 0; i < 64; i++) {
      dirs.push(dir);
      if (dir === root || !isInside(dir, root)) break;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const names = new Set(listDir(root));
    for (const n of pySpawnFork.deploymentDirs) {
      const d = join(root, n);
      if (names.has(n) && !dirs.includes(d) && kindOf(d) === 'dir') dirs.push(d);
    }
    for (const d of dirs) out.push(...deploymentsIn(d, root, bases));
    return out;
  });
}

function listDir(dir: string): string[] {
  return listCache.get(dir, () => {
    try {
      return readdirSync(dir);
    } catch (error) { // dependency input: a directory that vanished or cannot be listed holds no deployment files
      if (!isInputError(error)) throw error;
      return [];
    }
  });
}

function deploymentsIn(dir: string, root: string, bases: string[]): Deployment[] {
  return dirCache.get(`${root}\0${dir}\0${bases.join('\0')}`, () => {
    const out: Deployment[] = [];
    const names = listDir(dir);
    const has = new Set(names);
    // gunicorn config files (those that name no app serve the module that builds one)
    for (const n of pySpawnFork.gunicornConfigFiles) {
      if (!has.has(n)) continue;
      const file = join(dir, n);
      const cfg = readGunicornConfig(file);
      if (cfg) out.push({ ...gunicornDefaults(file), ...cfgToDeployment(cfg, dir, root, bases), configFile: file, source: file, ...(cfg.wsgiApp ? {} : { appless: true }) });
    }
    // uWSGI ini files
    for (const n of names) {
      if (!n.endsWith('.ini')) continue;
      const file = join(dir, n);
      const ini = readUwsgiIni(file);
      if (ini) {
        const d = uwsgiDeployment(ini, dir, root, file, bases);
        if (d) out.push(d);
      }
    }
    // command lines
    for (const n of names) {
      if (!pySpawnFork.commandFiles.includes(n) && !pySpawnFork.commandFilePattern.test(n)) continue;
      const file = join(dir, n);
      const text = readText(file);
      if (!text || !/\b(?:gunicorn|uwsgi|celery)\b/.test(text)) continue;
      const vars = shellVariables(text);
      for (const cmd of commandLines(text)) {
        const d = cmd.server === 'gunicorn' ? gunicornCommand(cmd.args, dir, root, file, bases, vars, cmd.env) : uwsgiCommand(cmd.args, dir, root, file, bases);
        if (d) out.push(d);
      }
      for (const args of celeryWorkerCommands(text)) out.push(celeryCommand(args, dir, root, file, bases, vars));
    }
    // a uWSGI ini or gunicorn config named by a command line here is described by that command line
    const named = new Set(out.filter((d) => d.source !== d.configFile && d.configFile).map((d) => d.configFile));
    return out.filter((d) => !(d.appless && d.configFile && named.has(d.configFile) && d.source === d.configFile));
  });
}

// ---- shell variables -------------------------------------------------------------------------------

/** `NAME=value`, `export NAME=value`, `NAME=${NAME:-value}`, Dockerfile `ENV NAME=value` / `ENV NAME value`, `ARG NAME=value`. */
export function shellVariables(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    let m = /^(?:export\s+|ENV\s+|ARG\s+)?([A-Za-z_]\w*)=("[^"]*"|'[^']*'|\S*)\s*$/.exec(line) ?? /^ENV\s+([A-Za-z_]\w*)\s+(\S+)\s*$/.exec(line);
    if (!m) m = /^[-\s]*([A-Za-z_]\w*)\s*[:=]\s*("[^"]*"|'[^']*'|[\w.:-]+)\s*$/.exec(line); // compose `environment:` entries
    if (!m) continue;
    const value = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
    const self = new RegExp(`^\\$\\{${m[1]}:?-([^}]*)\\}$`).exec(value);
    out.set(m[1]!, self ? self[1]! : value);
  }
  return out;
}

/** A command-line value with `$NAME` / `${NAME}` / `${NAME:-default}` expanded from `vars`; null when unknown. */
export function expandShell(value: string, vars: ReadonlyMap<string, string>): string | null {
  if (!value.includes('$')) return value;
  let unknown = false;
  const out = value.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_all, a: string | undefined, def: string | undefined, b: string | undefined) => {
    const name = (a ?? b)!;
    const v = vars.get(name) ?? def;
    if (v === undefined || v.includes('$')) unknown = true;
    return v ?? '';
  });
  return unknown ? null : out;
}

// ---- gunicorn --------------------------------------------------------------------------------------

export interface GunicornConfig {
  wsgiApp: string | null;
  preload: boolean | null | undefined;
  workers: number | 'many' | null;
  workerClass: string | null;
}

function gunicornDefaults(source: string): Deployment {
  return { server: 'gunicorn', source, appFile: null, configFile: null, preload: false, workers: null, forks: true, workerClass: null };
}

function cfgToDeployment(cfg: GunicornConfig, dir: string, root: string, bases: readonly string[] = [root]): Partial<Deployment> {
  return {
    appFile: cfg.wsgiApp ? moduleFile(appModuleOf(cfg.wsgiApp), [dir, ...bases], root) : null,
    appCandidates: cfg.wsgiApp ? moduleCandidates(appModuleOf(cfg.wsgiApp), [dir, ...bases], root) : [],
    appCall: cfg.wsgiApp ? appCallOf(cfg.wsgiApp) : null,
    preload: cfg.preload === undefined ? false : cfg.preload,
    workers: cfg.workers,
    workerClass: cfg.workerClass,
  };
}

/** Module-level assignments of a gunicorn config file (a Python file, read as data). */
export function readGunicornConfig(file: string): GunicornConfig | null {
  const text = readText(file);
  if (text === null) return null;
  return parseGunicornConfig(text);
}

export function parseGunicornConfig(raw: string): GunicornConfig | null {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const parsed = parsePython(text);
  if (!parsed.ok) return null;
  const cfg: GunicornConfig = { wsgiApp: null, preload: undefined, workers: null, workerClass: null };
  for (const stmt of parsed.ast.children) {
    if (stmt.type !== 'expression_statement') continue;
    const a = stmt.children[0];
    if (a?.type !== 'assignment') continue;
    const left = childByField(a, 'left');
    const right = childByField(a, 'right');
    if (left?.type !== 'identifier' || !right) continue;
    const name = nodeText(left, text);
    switch (name) {
      case 'wsgi_app':
        cfg.wsgiApp = stringValue(right, text);
        break;
      case 'preload_app':
        cfg.preload = literalBool(right, text);
        break;
      case 'workers':
        cfg.workers = right.type === 'integer' ? Number(nodeText(right, text)) : 'many';
        break;
      case 'worker_class':
        cfg.workerClass = stringValue(right, text);
        break;
    }
  }
  return cfg;
}

function literalBool(node: PyNode, text: string): boolean | null {
  if (node.type === 'true') return true;
  if (node.type === 'false' || node.type === 'none') return false;
  if (node.type === 'integer') return nodeText(node, text) !== '0';
  return null;
}

/** `app.main:create_app()` → `app.main`. */
function appModuleOf(spec: string): string {
  return spec.split(':')[0]!.trim();
}

/** `app.main:create_app()` / `app:create_app("prod")` → `create_app`; null for `app:app`. */
export function appCallOf(spec: string): string | null {
  const m = /^[^:]+:\s*([A-Za-z_]\w*)\s*\(/.exec(spec);
  return m ? m[1]! : null;
}

/** `a.b` → `<base>/a/b/__init__.py` or `<base>/a/b.py` (a package wins, as in Python), for each base, inside the root. */
export function moduleCandidates(module: string, bases: readonly string[], root: string): string[] {
  if (!/^[A-Za-z_][\w.]*$/.test(module)) return [];
  const rel = module.split('.').join(sep);
  const out: string[] = [];
  for (const base of bases) {
    for (const candidate of [join(base, rel, '__init__.py'), join(base, `${rel}.py`)]) {
      if (isInside(candidate, root) && !out.includes(candidate)) out.push(candidate);
    }
  }
  return out;
}

/** The first candidate that exists. */
export function moduleFile(module: string, bases: readonly string[], root: string): string | null {
  return moduleCandidates(module, bases, root).find((c) => kindOf(c) === 'file') ?? null;
}

// ---- command lines ---------------------------------------------------------------------------------

/** `gunicorn …` / `uwsgi …` invocations in a Procfile, Dockerfile or shell script (`env`: `NAME=value` prefixes). */
export function commandLines(text: string): { server: 'gunicorn' | 'uwsgi'; args: string[]; env?: Map<string, string> }[] {
  const out: { server: 'gunicorn' | 'uwsgi'; args: string[]; env?: Map<string, string> }[] = [];
  for (const segment of commandSegments(text)) {
    const i = segment.findIndex((t, k) => isServer(t) || (t === '-m' && isServer(segment[k + 1] ?? '')));
    if (i < 0) continue;
    const at = segment[i] === '-m' ? i + 1 : i;
    const name = segment[at]!.split('/').pop()!;
    const env = new Map<string, string>();
    for (const t of segment.slice(0, i)) {
      const m = /^([A-Za-z_]\w*)=(.*)$/.exec(t);
      if (m) env.set(m[1]!, m[2]!);
    }
    out.push({ server: name.startsWith('uwsgi') ? 'uwsgi' : 'gunicorn', args: segment.slice(at + 1), ...(env.size ? { env } : {}) });
  }
  return out;
}

/** The arguments of every `celery … worker …` invocation (`celery -A proj worker -P gevent`, `python -m celery`). */
export function celeryWorkerCommands(text: string): string[][] {
  const out: string[][] = [];
  for (const segment of commandSegments(text)) {
    const i = segment.findIndex((t) => t.split('/').pop() === 'celery');
    if (i < 0) continue;
    const args = segment.slice(i + 1);
    if (args.includes('worker')) out.push(args);
  }
  return out;
}

function isServer(token: string): boolean {
  const name = token.split('/').pop() ?? '';
  return name === 'gunicorn' || name === 'uwsgi';
}

const GUNICORN_VALUE_OPTIONS = ['-b', '--bind', '-t', '--timeout', '--threads', '--log-level', '--access-logfile', '--error-logfile', '-e', '--env', '--pythonpath', '-n', '--name', '-p', '--pid', '-u', '--user', '-g', '--group', '--max-requests', '--graceful-timeout', '--keep-alive', '--worker-connections', '--log-config', '--certfile', '--keyfile', '--paste', '--worker-tmp-dir', '--forwarded-allow-ips', '--backlog', '-m', '--umask', '--limit-request-line'];

function gunicornCommand(
  args: string[],
  dir: string,
  root: string,
  source: string,
  bases: readonly string[] = [root],
  vars: ReadonlyMap<string, string> = new Map(),
  env: ReadonlyMap<string, string> = new Map(),
): Deployment | null {
  let config: string | null = null;
  const apps: string[] = [];
  let preload: boolean | undefined;
  let workers: number | 'many' | 'unknown' | null | undefined;
  let workerClass: string | null | undefined;
  let chdir = dir;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let v: { value: string; next: number } | null;
    if ((v = optionValue(args, i, ['-c', '--config']))) {
      config = v.value;
      i = v.next;
    } else if ((v = optionValue(args, i, ['-w', '--workers']))) {
      const value = expandShell(v.value, vars);
      workers = value === null ? 'unknown' : /^\d+$/.test(value) ? Number(value) : 'many';
      i = v.next;
    } else if ((v = optionValue(args, i, ['-k', '--worker-class']))) {
      workerClass = expandShell(v.value, vars);
      i = v.next;
    } else if ((v = optionValue(args, i, ['--chdir']))) {
      chdir = isAbsolute(v.value) ? chdir : resolvePath(dir, v.value);
      i = v.next;
    } else if (a === '--preload') {
      preload = true;
    } else if (a.startsWith('-')) {
      if (!a.includes('=') && GUNICORN_VALUE_OPTIONS.includes(a)) i++;
    } else if (/^[A-Za-z_][\w.]*(?::.+)?$/.test(a) && !a.startsWith('$')) {
      apps.push(a); // the value of an option this parser does not know may look like one too
    }
  }
  const appBases = [chdir, dir, ...bases];
  let app: string | null = apps.find((a) => moduleFile(appModuleOf(a), appBases, root)) ?? apps[apps.length - 1] ?? null;
  let base: Deployment = gunicornDefaults(source);
  // gunicorn reads ./gunicorn.conf.py when -c is not given.
  const configFile = config
    ? config.startsWith('python:')
      ? moduleFile(config.slice(7), appBases, root)
      : safeJoin(dir, config, root)
    : [pySpawnFork.gunicornConfigFiles[0]!].map((n) => join(chdir, n)).find((f) => kindOf(f) === 'file') ?? null;
  if (configFile) {
    const cfg = readGunicornConfig(configFile);
    if (cfg) {
      base = { ...base, ...cfgToDeployment(cfg, dirname(configFile), root, bases), configFile };
      if (!app && cfg.wsgiApp) app = cfg.wsgiApp;
    }
  }
  if (!app) return null;
  // Without -w or `workers`, gunicorn's default is the WEB_CONCURRENCY variable (only a literal value counts).
  if (workers === undefined && base.workers === null) {
    const wc = env.get('WEB_CONCURRENCY') ?? vars.get('WEB_CONCURRENCY') ?? dockerfileVariable(dir, 'WEB_CONCURRENCY');
    if (wc !== undefined && wc !== null) workers = /^\d+$/.test(wc) ? Number(wc) : 'unknown';
  }
  return {
    ...base,
    appFile: moduleFile(appModuleOf(app), appBases, root),
    appCandidates: moduleCandidates(appModuleOf(app), appBases, root),
    appCall: appCallOf(app),
    ...(preload !== undefined ? { preload } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(workerClass !== undefined ? { workerClass } : {}),
  };
}

/** A variable a Dockerfile / compose file in `dir` sets (`ENV NAME=4`, `NAME: 4`), when every such file agrees. */
function dockerfileVariable(dir: string, name: string): string | null {
  const values = new Set<string>();
  for (const n of listDir(dir)) {
    if (!/^Dockerfile|(?:docker-)?compose.*\.ya?ml$/i.test(n)) continue;
    const text = readText(join(dir, n));
    if (!text?.includes(name)) continue;
    const v = shellVariables(text).get(name);
    if (v !== undefined) values.add(v);
  }
  return values.size === 1 ? [...values][0]! : values.size ? 'unknown' : null;
}

// ---- celery ----------------------------------------------------------------------------------------

function celeryCommand(args: string[], dir: string, root: string, source: string, bases: readonly string[], vars: ReadonlyMap<string, string>): Deployment {
  let app: string | null = null;
  let pool: string | null = null;
  let workers: number | 'unknown' | null = null;
  for (let i = 0; i < args.length; i++) {
    let v: { value: string; next: number } | null;
    if ((v = optionValue(args, i, ['-A', '--app']))) {
      app = expandShell(v.value, vars);
      i = v.next;
    } else if ((v = optionValue(args, i, ['-P', '--pool']))) {
      pool = expandShell(v.value, vars) ?? 'unknown';
      i = v.next;
    } else if ((v = optionValue(args, i, ['-c', '--concurrency']))) {
      const value = expandShell(v.value, vars);
      workers = value !== null && /^\d+$/.test(value) ? Number(value) : 'unknown';
      i = v.next;
    }
  }
  // celery -A proj: the module `proj`, or its `proj.celery` submodule (celery's find_app).
  const mod = app ? appModuleOf(app) : null;
  const candidates = mod ? [...moduleCandidates(mod, [dir, ...bases], root), ...moduleCandidates(`${mod}.celery`, [dir, ...bases], root)] : [];
  return {
    server: 'celery',
    source,
    appFile: candidates.find((c) => kindOf(c) === 'file') ?? null,
    appCandidates: candidates,
    configFile: null,
    preload: true,
    workers,
    forks: pool === null || pySpawnFork.celeryForkingPools.includes(pool),
    workerClass: null,
    pool,
  };
}

function safeJoin(dir: string, p: string, root: string): string | null {
  const f = isAbsolute(p) ? p : resolvePath(dir, p);
  return isInside(f, root) ? f : null;
}

// ---- uWSGI -----------------------------------------------------------------------------------------

type Ini = Map<string, string>;

/** The `[uwsgi]` section of an ini file (keys lower-cased, `_` as `-`); null without one. */
export function readUwsgiIni(file: string): Ini | null {
  const text = readText(file);
  if (text === null || !/^\W*\[uwsgi\]/m.test(text)) return null;
  return parseUwsgiIni(text);
}

export function parseUwsgiIni(raw: string): Ini | null {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const out: Ini = new Map();
  let inSection = false;
  let found = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) {
      inSection = sec[1]!.trim() === 'uwsgi';
      found ||= inSection;
      continue;
    }
    if (!inSection) continue;
    const m = /^([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!.toLowerCase().replace(/_/g, '-'), m[2]!.trim());
    else out.set(line.toLowerCase().replace(/_/g, '-'), 'true');
  }
  return found ? out : null;
}

function iniBool(v: string | undefined): boolean | null {
  if (v === undefined) return false;
  const s = v.toLowerCase();
  if (['true', '1', 'yes', 'on', ''].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  return null;
}

function uwsgiDeployment(ini: Ini, dir: string, root: string, source: string, sourceBases: readonly string[] = [root]): Deployment | null {
  const chdirValue = ini.get('chdir');
  const bases = [chdirValue && !chdirValue.includes('%') ? safeJoin(dir, chdirValue, root) : null, dir, ...sourceBases].filter((b): b is string => !!b);
  const module = ini.get('module') ?? ini.get('wsgi') ?? ini.get('w');
  const wsgiFile = ini.get('wsgi-file') ?? ini.get('file');
  const appCandidates = module
    ? moduleCandidates(appModuleOf(module), bases, root)
    : wsgiFile
      ? bases.map((b) => safeJoin(b, wsgiFile, root)).filter((f): f is string => !!f)
      : [];
  // An ini that names no app (the module is given on a command line elsewhere).
  const appless = !module && !wsgiFile && !ini.has('mount') && !ini.has('callable');
  if (!appCandidates.length && !appless) return null;
  const appFile = appCandidates.find((c) => kindOf(c) === 'file') ?? null;
  const lazyApps = iniBool(ini.get('lazy-apps'));
  const lazy = iniBool(ini.get('lazy'));
  const preload = lazyApps === null || lazy === null ? null : !(lazyApps || lazy);
  const p = ini.get('processes') ?? ini.get('workers') ?? ini.get('p');
  const workers = p === undefined ? null : /^\d+$/.test(p) ? Number(p) : 'many';
  const master = iniBool(ini.get('master') ?? ini.get('m'));
  const forks = master !== false || (workers !== null && workers !== 1);
  return {
    server: 'uwsgi',
    source,
    appFile,
    appCandidates,
    configFile: appless ? source : null,
    preload,
    workers,
    forks,
    workerClass: ini.has('gevent') ? 'gevent' : null,
    appCall: module ? appCallOf(module) : null,
    ...(appless ? { appless: true } : {}),
  };
}

function uwsgiCommand(args: string[], dir: string, root: string, source: string, bases: readonly string[] = [root]): Deployment | null {
  const ini: Ini = new Map();
  let iniFile: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) continue;
    const eq = a.indexOf('=');
    const key = (eq > 0 ? a.slice(0, eq) : a).replace(/^-+/, '').toLowerCase().replace(/_/g, '-');
    let value: string;
    if (eq > 0) value = a.slice(eq + 1);
    else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) value = args[++i]!;
    else value = 'true';
    if (key === 'ini') iniFile = safeJoin(dir, value, root);
    else ini.set(key === 'm' ? 'master' : key === 'p' ? 'processes' : key, value);
  }
  const fromFile = iniFile ? readUwsgiIni(iniFile) : null;
  const merged: Ini = new Map([...(fromFile ?? []), ...ini]);
  // The ini file's own directory is where its relative paths start.
  const d = uwsgiDeployment(merged, iniFile ? dirname(iniFile) : dir, root, fromFile ? iniFile! : source, bases);
  return d?.appless ? null : d;
}
