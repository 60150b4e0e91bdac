import { readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath, sep } from 'node:path';
import { pySpawnFork } from '../../catalog/python-spawn-fork.js';
import { TtlCache, kindOf, readText } from '../../util/fs-cache.js';
import { isInside } from '../../util/paths.js';
import { isInputError } from '../../util/guard.js';
import { commandSegments } from '../../util/command-lines.js';
import { childByField, nodeText, type PyNode } from './ast.js';
import { parsePython } from './parse.js';
import { stringValue } from './ast-helpers.js';

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
 * Files are looked up in the linted file's directory and its parents, never above the project root
 * that holds it. Results are cached per directory for a short time (editor-safe).
 */

export interface Deployment {
  server: 'gunicorn' | 'uwsgi';
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
  /** Number of worker processes: a number, 'many' (an expression), or null (not set: the default, 1). */
  workers: number | 'many' | null;
  /** The server forks at all (uWSGI without master and with one process does not). */
  forks: boolean;
  workerClass: string | null;
}

export interface ServerMatch {
  deployment: Deployment;
  /** The linted file is the app module, or the gunicorn config file itself. */
  role: 'app' | 'config';
}

const ttl = 1000;
const dirCache = new TtlCache<Deployment[]>(ttl);
const listCache = new TtlCache<string[]>(ttl);
const chainCache = new TtlCache<Deployment[]>(ttl);

export function clearServerCaches(): void {
  dirCache.clear();
  listCache.clear();
  chainCache.clear();
}

/** The deployments that import `file` as their app (or exec it as config), nearest first. */
export function serversFor(file: string, roots: readonly string[]): ServerMatch[] {
  const root = roots.find((r) => isInside(file, r));
  if (!root) return [];
  const out: ServerMatch[] = [];
  for (const d of deploymentsAbove(dirname(file), root)) {
    if (d.appFile === file || (d.appFile === null && d.appCandidates?.includes(file))) out.push({ deployment: d, role: 'app' });
    else if (d.configFile === file) out.push({ deployment: d, role: 'config' });
  }
  // A gunicorn config file is exec'd in the master even when no app is named.
  if (!out.length && pySpawnFork.gunicornConfigFiles.some((n) => file.endsWith(`${sep}${n}`))) {
    const cfg = readGunicornConfig(file);
    if (cfg) out.push({ deployment: { ...gunicornDefaults(file), ...cfgToDeployment(cfg, dirname(file), root), configFile: file, source: file }, role: 'config' });
  }
  return out;
}

/** Deployments described in `start` and its parents up to the root, nearest first (cached per directory). */
function deploymentsAbove(start: string, root: string): Deployment[] {
  return chainCache.get(`${root}\0${start}`, () => {
    const out: Deployment[] = [];
    let dir = start;
    for (let i = 0; i < 64; i++) {
      out.push(...deploymentsIn(dir, root));
      if (dir === root || !isInside(dir, root)) break;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
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

function deploymentsIn(dir: string, root: string): Deployment[] {
  return dirCache.get(`${root}\0${dir}`, () => {
    const out: Deployment[] = [];
    const names = listDir(dir);
    const has = new Set(names);
    // gunicorn config files that name the app themselves
    for (const n of pySpawnFork.gunicornConfigFiles) {
      if (!has.has(n)) continue;
      const file = join(dir, n);
      const cfg = readGunicornConfig(file);
      if (cfg?.wsgiApp) out.push({ ...gunicornDefaults(file), ...cfgToDeployment(cfg, dir, root), configFile: file, source: file });
    }
    // uWSGI ini files
    for (const n of names) {
      if (!n.endsWith('.ini')) continue;
      const file = join(dir, n);
      const ini = readUwsgiIni(file);
      if (ini) {
        const d = uwsgiDeployment(ini, dir, root, file);
        if (d) out.push(d);
      }
    }
    // command lines
    for (const n of pySpawnFork.commandFiles) {
      if (!has.has(n)) continue;
      const file = join(dir, n);
      const text = readText(file);
      if (!text || !/\b(?:gunicorn|uwsgi)\b/.test(text)) continue;
      for (const cmd of commandLines(text)) {
        const d = cmd.server === 'gunicorn' ? gunicornCommand(cmd.args, dir, root, file) : uwsgiCommand(cmd.args, dir, root, file);
        if (d) out.push(d);
      }
    }
    return out;
  });
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

function cfgToDeployment(cfg: GunicornConfig, dir: string, root: string): Partial<Deployment> {
  return {
    appFile: cfg.wsgiApp ? moduleFile(appModuleOf(cfg.wsgiApp), [dir, root], root) : null,
    appCandidates: cfg.wsgiApp ? moduleCandidates(appModuleOf(cfg.wsgiApp), [dir, root], root) : [],
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

/** `gunicorn …` / `uwsgi …` invocations in a Procfile, Dockerfile or shell script. */
export function commandLines(text: string): { server: 'gunicorn' | 'uwsgi'; args: string[] }[] {
  const out: { server: 'gunicorn' | 'uwsgi'; args: string[] }[] = [];
  for (const segment of commandSegments(text)) {
    const i = segment.findIndex((t, k) => isServer(t) || (t === '-m' && isServer(segment[k + 1] ?? '')));
    if (i < 0) continue;
    const at = segment[i] === '-m' ? i + 1 : i;
    const name = segment[at]!.split('/').pop()!;
    out.push({ server: name.startsWith('uwsgi') ? 'uwsgi' : 'gunicorn', args: segment.slice(at + 1) });
  }
  return out;
}

function isServer(token: string): boolean {
  const name = token.split('/').pop() ?? '';
  return name === 'gunicorn' || name === 'uwsgi';
}

function optionValue(args: string[], i: number, names: string[]): { value: string; next: number } | null {
  const a = args[i]!;
  for (const n of names) {
    if (a === n) return args[i + 1] !== undefined ? { value: args[i + 1]!, next: i + 1 } : null;
    if (n.startsWith('--') && a.startsWith(`${n}=`)) return { value: a.slice(n.length + 1), next: i };
    if (!n.startsWith('--') && a.startsWith(n) && a.length > n.length) return { value: a.slice(n.length), next: i };
  }
  return null;
}

const GUNICORN_VALUE_OPTIONS = ['-b', '--bind', '-t', '--timeout', '--threads', '--log-level', '--access-logfile', '--error-logfile', '-e', '--env', '--pythonpath', '-n', '--name', '-p', '--pid', '-u', '--user', '-g', '--group', '--max-requests', '--graceful-timeout', '--keep-alive', '--worker-connections', '--log-config', '--certfile', '--keyfile', '--paste', '--worker-tmp-dir', '--forwarded-allow-ips', '--backlog', '-m', '--umask', '--limit-request-line'];

function gunicornCommand(args: string[], dir: string, root: string, source: string): Deployment | null {
  let config: string | null = null;
  const apps: string[] = [];
  let preload: boolean | undefined;
  let workers: number | 'many' | null | undefined;
  let workerClass: string | null | undefined;
  let chdir = dir;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let v: { value: string; next: number } | null;
    if ((v = optionValue(args, i, ['-c', '--config']))) {
      config = v.value;
      i = v.next;
    } else if ((v = optionValue(args, i, ['-w', '--workers']))) {
      workers = /^\d+$/.test(v.value) ? Number(v.value) : 'many';
      i = v.next;
    } else if ((v = optionValue(args, i, ['-k', '--worker-class']))) {
      workerClass = v.value;
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
  let app: string | null = apps.find((a) => moduleFile(appModuleOf(a), [chdir, dir, root], root)) ?? apps[apps.length - 1] ?? null;
  let base: Deployment = gunicornDefaults(source);
  // gunicorn reads ./gunicorn.conf.py when -c is not given.
  const configFile = config
    ? config.startsWith('python:')
      ? moduleFile(config.slice(7), [chdir, dir, root], root)
      : safeJoin(dir, config, root)
    : [pySpawnFork.gunicornConfigFiles[0]!].map((n) => join(chdir, n)).find((f) => kindOf(f) === 'file') ?? null;
  if (configFile) {
    const cfg = readGunicornConfig(configFile);
    if (cfg) {
      base = { ...base, ...cfgToDeployment(cfg, dirname(configFile), root), configFile };
      if (!app && cfg.wsgiApp) app = cfg.wsgiApp;
    }
  }
  if (!app) return null;
  return {
    ...base,
    appFile: moduleFile(appModuleOf(app), [chdir, dir, root], root),
    appCandidates: moduleCandidates(appModuleOf(app), [chdir, dir, root], root),
    ...(preload !== undefined ? { preload } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(workerClass !== undefined ? { workerClass } : {}),
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

function uwsgiDeployment(ini: Ini, dir: string, root: string, source: string): Deployment | null {
  const chdirValue = ini.get('chdir');
  const bases = [chdirValue && !chdirValue.includes('%') ? safeJoin(dir, chdirValue, root) : null, dir, root].filter((b): b is string => !!b);
  const module = ini.get('module') ?? ini.get('wsgi') ?? ini.get('w');
  const wsgiFile = ini.get('wsgi-file') ?? ini.get('file');
  const appCandidates = module
    ? moduleCandidates(appModuleOf(module), bases, root)
    : wsgiFile
      ? bases.map((b) => safeJoin(b, wsgiFile, root)).filter((f): f is string => !!f)
      : [];
  if (!appCandidates.length) return null;
  const appFile = appCandidates.find((c) => kindOf(c) === 'file') ?? null;
  const lazyApps = iniBool(ini.get('lazy-apps'));
  const lazy = iniBool(ini.get('lazy'));
  const preload = lazyApps === null || lazy === null ? null : !(lazyApps || lazy);
  const p = ini.get('processes') ?? ini.get('workers') ?? ini.get('p');
  const workers = p === undefined ? null : /^\d+$/.test(p) ? Number(p) : 'many';
  const master = iniBool(ini.get('master') ?? ini.get('m'));
  const forks = master !== false || (workers !== null && workers !== 1);
  return { server: 'uwsgi', source, appFile, appCandidates, configFile: null, preload, workers, forks, workerClass: ini.has('gevent') ? 'gevent' : null };
}

function uwsgiCommand(args: string[], dir: string, root: string, source: string): Deployment | null {
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
  return uwsgiDeployment(merged, iniFile ? dirname(iniFile) : dir, root, fromFile ? iniFile! : source);
}
