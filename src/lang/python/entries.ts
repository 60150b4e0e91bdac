/**
 * Where Python programs start, read from the files where projects declare them (never run). The vocabulary is the
 * JS side's (src/lang/js/entries.ts): an **entry** is a file a program starts at, a **start command** runs it, and
 * what the command activates before the entry's first line is a **preload**.
 *
 * Declared entries:
 * - console and GUI scripts: pyproject.toml `[project.scripts]`, `[project.gui-scripts]`, `[tool.poetry.scripts]`;
 *   setup.cfg `console_scripts`/`gui_scripts` (`[options.entry_points]`, pbr's `[entry_points]`); setup.py
 *   `entry_points={'console_scripts': [...]}`. Python imports the module (its parent packages first) and calls the
 *   function; its `if __name__ == "__main__":` block does not run.
 * - command lines in Procfile, Dockerfile `CMD`/`ENTRYPOINT`/`RUN` (and the shell scripts they run), docker-compose
 *   `command:`/`entrypoint:`, systemd units (`ExecStart=`), shell scripts in the deployment directories, gunicorn
 *   config files naming `wsgi_app` and uWSGI ini files naming `module`: `gunicorn mod:app`, `uwsgi --module mod`,
 *   `celery -A mod`, `uvicorn mod:app`, `python -m pkg` (parents first, run as `__main__`), `python path.py` (run as
 *   `__main__`, no parent package runs).
 *
 * By convention (entries.ts `conventionEntries`, asked per file): `__main__.py` (`python -m pkg`), `manage.py`,
 * `wsgi.py`/`asgi.py` (imported by the server), and any module with an `if __name__ == "__main__":` block.
 *
 * Preloads of a start command: a gunicorn gevent (or eventlet) worker patches in each worker before it imports the
 * app, unless `preload_app`/`--preload` imports the app in the master first (then the worker's patch comes after the
 * app was imported: `workerPatch`); `celery -P gevent|eventlet` patches before it imports the app; `ddtrace-run` and
 * `newrelic-admin run-program` start their agent before the program; a gunicorn config file runs in the master first.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import { pySpawnFork } from '../../catalog/python-spawn-fork.js';
import { commandSegments, optionValue, shellTokens, splitOperators } from '../../util/command-lines.js';
import { kindOf, readText, TtlCache } from '../../util/fs-cache.js';
import { globToRegExp } from '../../util/globs.js';
import { onlyInput } from '../../util/guard.js';
import { isInside } from '../../util/paths.js';
import { readGunicornConfig, readUwsgiIni } from './deployments.js';
import type { PythonResolver } from './resolve.js';

export interface PyEntry {
  /** The module file the program runs. */
  file: string;
  /** Run as `__main__` (its `if __name__ == "__main__":` block runs), or imported (a console script, a server's app). */
  asMain: boolean;
  /** Python runs the parent packages' `__init__.py` first (imported, `python -m`); not for `python path.py`. */
  parents: boolean;
  /** A function of the module the program calls after importing it (`pkg.cli:main`, `app:create_app()`). */
  call?: string;
  /** The program, for messages: "the console script 'designate-api' (setup.cfg)", "`gunicorn app:app` (Procfile)". */
  description: string;
  /** Patcher ids active before the module's first line (a gevent worker without preload_app, celery -P gevent, ddtrace-run). */
  preloaded: string[];
  /** Files the same process runs before the module (a gunicorn config file, in the master). */
  runsBefore: string[];
  /**
   * The server imports the module in its master and each worker patches after the fork (gunicorn preload_app with
   * gevent or eventlet workers): names copied out of the patched modules while the app loads keep the native objects.
   */
  workerPatch?: { patcherId: string; server: string; setting: string };
}

export interface PyEntryIndex {
  /** Every declared entry (configuration and command lines), in the order read. */
  readonly all: readonly PyEntry[];
  /** The declared entries that run `file`. */
  of(file: string): PyEntry[];
}

const EMPTY: PyEntryIndex = { all: [], of: () => [] };
/** Entries are read again after this long (an editor sees an edited Procfile within it). */
const LIFETIME_MS = 10_000;
/** Per resolver (one per project: a project cleared is a new resolver, read afresh), then per root. */
const perResolver = new WeakMap<PythonResolver, TtlCache<PyEntryIndex>>();

/** The declared entries of the project at `root` (cached per resolver and root for a few seconds). */
export function declaredEntries(root: string, resolver: PythonResolver): PyEntryIndex {
  let cache = perResolver.get(resolver);
  if (!cache) perResolver.set(resolver, (cache = new TtlCache<PyEntryIndex>(LIFETIME_MS)));
  return cache.get(root, () => readEntries(root, resolver));
}

/** `if __name__ == "__main__":` (either order, either quotes) at the start of a line. */
const MAIN_GUARD = /^if\s+(?:__name__\s*==\s*(['"])__main__\1|(['"])__main__\2\s*==\s*__name__)\s*:/m;

/**
 * Entries by convention, from the file's name and text: `__main__.py` (`python -m pkg`), `manage.py`, `wsgi.py` and
 * `asgi.py` (a server imports them), and a module with an `if __name__ == "__main__":` block (`python -m mod`).
 */
export function conventionEntries(file: string, text: string, resolver: PythonResolver, root: string): PyEntry[] {
  const name = basename(file);
  // The module's dotted name (a directory walk) only for the messages of the files that need it.
  const dotted = () => resolver.moduleNameOf(file);
  const base = { file, preloaded: [], runsBefore: [] };
  if (name === '__main__.py') {
    const pkg = dotted()?.replace(/\.__main__$/, '');
    return [{ ...base, asMain: true, parents: true, description: pkg && pkg !== '__main__' ? `\`python -m ${pkg}\`` : '`python -m`' }];
  }
  const out: PyEntry[] = [];
  if (name === 'wsgi.py' || name === 'asgi.py') out.push({ ...base, asMain: false, parents: true, description: `the ${name === 'wsgi.py' ? 'WSGI' : 'ASGI'} server's import of ${dotted() ?? name}` });
  if (name === 'manage.py' || MAIN_GUARD.test(text)) {
    out.push({ ...base, asMain: true, parents: true, description: `\`python ${isInside(file, root) ? relative(root, file).split(sep).join('/') : name}\`` });
  }
  return out;
}

/** File names that are entries by convention whatever their text (for packages' lists of what runs below them). */
export const CONVENTION_NAMES: ReadonlySet<string> = new Set(['__main__.py', 'manage.py', 'wsgi.py', 'asgi.py']);

const globCache = new Map<string, RegExp>();
/** Whether `file` is one of `patterns` (`settings.entries`: paths or globs relative to `cwd`). */
export function listedEntry(patterns: readonly string[], cwd: string, file: string): boolean {
  const rel = relative(cwd, file).split(sep).join('/');
  return patterns.some((p) => {
    let re = globCache.get(p);
    if (!re) globCache.set(p, (re = globToRegExp(isAbsolute(p) ? relative(cwd, p).split(sep).join('/') : p)));
    return re.test(rel);
  });
}

// ---- reading ------------------------------------------------------------------------------------------------

interface Reader {
  root: string;
  resolver: PythonResolver;
  out: PyEntry[];
  /** Shell scripts and uWSGI ini files already read (each once). */
  scripts: Set<string>;
  inis: Set<string>;
}

function readEntries(root: string, resolver: PythonResolver): PyEntryIndex {
  if (kindOf(root) !== 'dir') return EMPTY;
  const r: Reader = { root, resolver, out: [], scripts: new Set(), inis: new Set() };
  readPyproject(r);
  readSetupCfg(r);
  readSetupPy(r);
  const dirs = [root, ...pySpawnFork.deploymentDirs.map((d) => join(root, d)).filter((d) => kindOf(d) === 'dir')];
  const files = dirs.flatMap((dir) => listDir(dir).map((name) => ({ dir, name, path: join(dir, name) }))).filter((f) => kindOf(f.path) === 'file');
  // Dockerfiles first: the scripts they run are read with their ENV.
  const dockerfile = (name: string) => /^Dockerfile(?:\.[\w.-]+)?$|\.dockerfile$/i.test(name);
  for (const { dir, name, path } of files) if (dockerfile(name)) readDockerfile(r, path, dir);
  for (const { dir, name, path } of files) {
    if (dockerfile(name)) continue;
    if (/^Procfile(?:\.[\w.-]+)?$/.test(name)) readCommandFile(r, path, dir, relative(root, path), {});
    else if (/^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/i.test(name)) readCompose(r, path, dir);
    else if (name.endsWith('.service')) readSystemdUnit(r, path, dir);
    else if (pySpawnFork.gunicornConfigFiles.includes(name)) readGunicornConfigEntry(r, path, dir);
    else if (name.endsWith('.ini')) readUwsgiIniEntry(r, path, dir, relative(root, path));
    else if (pySpawnFork.commandFiles.includes(name) || (dir !== root && name.endsWith('.sh'))) readScript(r, path, dir, {}, null);
  }
  const byFile = new Map<string, PyEntry[]>();
  const seen = new Set<string>();
  for (const e of r.out) {
    const key = JSON.stringify(e);
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byFile.get(e.file) ?? [];
    list.push(e);
    byFile.set(e.file, list);
  }
  return { all: [...byFile.values()].flat(), of: (file) => byFile.get(file) ?? [] };
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (error) {
    onlyInput(error); // dependency input: a directory that cannot be listed declares nothing
    return [];
  }
}

/** The file of a dotted module, searched from each base (the resolver's roots too), or null. */
function moduleFile(r: Reader, dotted: string, bases: readonly string[]): string | null {
  if (!/^[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*$/.test(dotted)) return null;
  for (const base of bases) {
    if (!isInside(base, r.root)) continue;
    const resolved = r.resolver.resolve(dotted, join(base, '__entry__.py'));
    if (resolved.type === 'file' && resolved.path.endsWith('.py') && isInside(resolved.path, r.root)) return resolved.path;
  }
  return null;
}

/** `mod.sub:func` / `mod.sub:func()` / `mod.sub:obj.attr [extra]` → the module and the function called (a plain name only). */
function splitSpec(spec: string): { module: string; call?: string; factory: boolean } {
  const [mod, attr] = spec.replace(/\s*\[.*\]\s*$/, '').split(':');
  const fn = /^\s*([A-Za-z_]\w*)\s*(\(.*\))?\s*$/.exec(attr ?? '');
  return { module: mod!.trim(), ...(fn ? { call: fn[1] } : {}), factory: !!fn?.[2] };
}

/** A console/GUI script `name = mod:func`. */
function addScript(r: Reader, kind: string, name: string, spec: string, source: string): void {
  const { module, call } = splitSpec(spec);
  const file = moduleFile(r, module, [r.root]);
  if (!file) return;
  r.out.push({ file, asMain: false, parents: true, ...(call ? { call } : {}), description: `the ${kind} '${name}' (${source})`, preloaded: [], runsBefore: [] });
}

/** Key/value lines of the TOML tables named (`name = "mod:func"`, poetry's `name = { callable = "mod:func" }`). */
function readPyproject(r: Reader): void {
  const text = readText(join(r.root, 'pyproject.toml'));
  if (!text) return;
  const tables: Record<string, string> = { 'project.scripts': 'console script', 'project.gui-scripts': 'GUI script', 'tool.poetry.scripts': 'script' };
  let kind: string | null = null;
  let table = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      table = header[1]!.replace(/["']/g, '');
      kind = tables[table] ?? null;
      continue;
    }
    if (!kind) continue;
    const m = /^["']?([\w.-]+)["']?\s*=\s*(?:"([^"]+)"|'([^']+)'|\{.*?\b(?:callable|reference)\s*=\s*["']([^"']+)["'].*\})/.exec(line);
    if (m) addScript(r, kind, m[1]!, m[2] ?? m[3] ?? m[4]!, `pyproject.toml [${table}]`);
  }
}

/** setup.cfg `console_scripts =` / `gui_scripts =` in `[options.entry_points]` (setuptools) or `[entry_points]` (pbr). */
function readSetupCfg(r: Reader): void {
  const text = readText(join(r.root, 'setup.cfg'));
  if (!text) return;
  let inSection = false;
  let key: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || !raw.trim()) continue;
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      inSection = /^(?:options\.)?entry_points$/.test(header[1]!.trim());
      key = null;
      continue;
    }
    if (!inSection) continue;
    const continuation = /^\s/.test(raw);
    if (!continuation) {
      const kv = /^([\w.-]+)\s*=\s*(.*)$/.exec(raw);
      key = kv ? kv[1]! : null;
      if (kv?.[2]?.trim()) scriptLine(r, key, kv[2], 'setup.cfg');
      continue;
    }
    scriptLine(r, key, raw, 'setup.cfg');
  }
}

function scriptLine(r: Reader, key: string | null, line: string, source: string): void {
  if (key !== 'console_scripts' && key !== 'gui_scripts') return;
  const m = /^\s*([\w.-]+)\s*=\s*([\w.]+\s*:\s*[\w.]+(?:\s*\[[^\]]*\])?)\s*$/.exec(line);
  if (m) addScript(r, key === 'console_scripts' ? 'console script' : 'GUI script', m[1]!, m[2]!.replace(/\s+/g, ''), source);
}

/** setup.py `entry_points={'console_scripts': ['name = mod:func', …]}` (or the ini-style string form), read as text. */
function readSetupPy(r: Reader): void {
  const text = readText(join(r.root, 'setup.py'));
  if (!text) return;
  for (const m of text.matchAll(/\b(console_scripts|gui_scripts)\b/g)) {
    const rest = text.slice(m.index! + m[0].length, m.index! + m[0].length + 4000);
    // The list (or string block) that follows: up to the closing bracket, or the next `[section]` of an ini string.
    const end = rest.search(/\]\s*[,}]|\n\s*\[\w/);
    const body = end >= 0 ? rest.slice(0, end) : rest;
    for (const s of body.matchAll(/([\w.-]+)\s*=\s*([\w.]+\s*:\s*[\w.]+)/g)) {
      addScript(r, m[1] === 'console_scripts' ? 'console script' : 'GUI script', s[1]!, s[2]!.replace(/\s+/g, ''), 'setup.py');
    }
  }
}

// ---- command lines --------------------------------------------------------------------------------------------

type Env = Record<string, string>;

/** `NAME=value`, `export NAME=value`, `NAME=${NAME:-default}` and `: ${NAME:=default}` lines of a script (literal values). */
function scriptEnv(text: string, inherited: Env): Env {
  const env: Env = {};
  for (const m of text.matchAll(/^\s*(?:export\s+)?([A-Za-z_]\w*)=(.*)$/gm)) {
    const value = expand(m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2'), { ...env, ...inherited });
    if (!value.includes('$')) env[m[1]!] = value;
  }
  for (const m of text.matchAll(/^\s*:\s+["']?\$\{([A-Za-z_]\w*):?=([^}$]*)\}/gm)) env[m[1]!] ??= m[2]!;
  // What the environment sets (a Dockerfile's ENV) wins over a script's own default.
  return { ...env, ...inherited };
}

/** `$NAME`, `${NAME}` and `${NAME:-default}` with the known values (an unknown `${NAME:-x}` is its default). */
function expand(text: string, env: Env): string {
  return text
    .replace(/\$\{([A-Za-z_]\w*)(?::?[-=]([^}$]*))?\}/g, (all, name: string, dflt: string | undefined) => env[name] ?? dflt ?? all)
    .replace(/\$([A-Za-z_]\w*)/g, (all, name: string) => env[name] ?? all);
}

/** Commands in a Procfile, a shell script or another plain command file, each line expanded with `env`. */
function readCommandFile(r: Reader, path: string, dir: string, source: string, env: Env): void {
  const text = readText(path);
  if (!text) return;
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) commandsIn(r, expand(line, env), dir, source, env);
}

/** A shell script a Dockerfile (or a deployment directory) runs. */
function readScript(r: Reader, path: string, dir: string, inherited: Env, runBy: string | null): void {
  if (r.scripts.has(path) || r.scripts.size >= 50) return;
  r.scripts.add(path);
  const text = readText(path);
  if (!text) return;
  const env = scriptEnv(text, inherited);
  const name = relative(r.root, path) || basename(path);
  readCommandFile(r, path, dir, runBy ? `${name}, run by ${runBy}` : name, env);
}

/** Dockerfile `CMD`/`ENTRYPOINT`/`RUN` (with the scripts they run), `ENV` for the expansion of those scripts. */
function readDockerfile(r: Reader, path: string, dir: string): void {
  const text = readText(path);
  if (!text) return;
  const name = relative(r.root, path) || basename(path);
  const env: Env = {};
  const joined = text.replace(/\\\r?\n/g, ' ');
  let entrypoint: string[] | null = null;
  let cmd: string[] | null = null;
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim();
    const envLine = /^ENV\s+(.*)$/i.exec(line);
    if (envLine) {
      const pairs = [...envLine[1]!.matchAll(/([A-Za-z_]\w*)=("[^"]*"|'[^']*'|\S+)/g)];
      if (pairs.length) for (const p of pairs) env[p[1]!] = p[2]!.replace(/^(['"])(.*)\1$/, '$2');
      else {
        const legacy = /^([A-Za-z_]\w*)\s+(.+)$/.exec(envLine[1]!);
        if (legacy) env[legacy[1]!] = legacy[2]!.trim();
      }
      continue;
    }
    const instr = /^(CMD|ENTRYPOINT|RUN)\s+(.*)$/i.exec(line);
    if (!instr) continue;
    const kind = instr[1]!.toUpperCase();
    const segments = commandSegments(expand(line, env));
    if (kind === 'ENTRYPOINT') entrypoint = segments[0] ?? null;
    if (kind === 'CMD') cmd = segments[0] ?? null;
    for (const tokens of segments) command(r, tokens, dir, `${name} ${kind}`, env);
  }
  // An exec-form ENTRYPOINT takes the CMD as its arguments (`ENTRYPOINT ["gunicorn"]` + `CMD ["app:app"]`).
  if (entrypoint && cmd) command(r, [...entrypoint, ...cmd], dir, `${name} ENTRYPOINT and CMD`, env);
}

/** docker-compose `command:` and `entrypoint:` values (a string, a flow list or a block list). */
function readCompose(r: Reader, path: string, dir: string): void {
  const text = readText(path);
  if (!text) return;
  const name = relative(r.root, path) || basename(path);
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(command|entrypoint):\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const value = m[3]!.replace(/\s+#.*$/, '').trim();
    let tokens: string[];
    if (value.startsWith('[')) tokens = flowList(value);
    else if (value && !/^[>|]/.test(value)) tokens = shellTokens(value);
    else {
      const block: string[] = [];
      for (let k = i + 1; k < lines.length && (lines[k]!.trim() === '' || lines[k]!.search(/\S/) > m[1]!.length); k++) block.push(lines[k]!.trim());
      tokens = /^[>|]/.test(value) ? shellTokens(block.join(' ')) : block.filter((l) => l.startsWith('- ')).map((l) => unquote(l.slice(2)));
    }
    splitOperators(tokens).forEach((t) => command(r, t, dir, `${name} ${m[2]}`, {}));
  }
}

function unquote(v: string): string {
  return v.trim().replace(/^(['"])(.*)\1$/, '$2');
}

function flowList(value: string): string[] {
  const inner = value.replace(/^\[/, '').replace(/\]\s*$/, '');
  return [...inner.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|([^,\s][^,]*)/g)].map((m) => (m[1] ?? m[2] ?? m[3]!).trim()).filter(Boolean);
}

/** systemd `ExecStart=` (and `ExecStartPre=`) lines; `WorkingDirectory=` is where relative paths start. */
function readSystemdUnit(r: Reader, path: string, dir: string): void {
  const text = readText(path);
  if (!text) return;
  const name = relative(r.root, path) || basename(path);
  for (const m of text.matchAll(/^\s*ExecStart(?:Pre)?=[-@:+!]*(.*)$/gm)) {
    for (const tokens of commandSegments(m[1]!)) command(r, tokens, dir, `${name} ExecStart`, {});
  }
}

/** `line` of a command file: each simple command in it. */
function commandsIn(r: Reader, line: string, dir: string, source: string, env: Env): void {
  for (const tokens of commandSegments(line)) command(r, tokens, dir, source, env);
}

/** Wrappers that run the rest of the line as the program: `exec`, `gosu user`, `uv run`, `watchmedo … --`. */
const WRAPPERS = new Set(['exec', 'env', 'nice', 'nohup', 'time', 'chpst', 'dumb-init', 'tini']);
const RUN_WRAPPERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye']);
/** Wrappers that start an agent before the program: the patcher it activates. */
const AGENT_WRAPPERS: Record<string, { patcherId: string; skip: number }> = {
  'ddtrace-run': { patcherId: 'ddtrace', skip: 0 },
  'newrelic-admin': { patcherId: 'newrelic', skip: 1 }, // newrelic-admin run-program …
};

/** One simple command: which module it runs, and how. */
function command(r: Reader, raw: string[], dir: string, source: string, env: Env): void {
  const tokens = raw.map((t) => expand(t, env));
  const preloaded: string[] = [];
  let i = 0;
  for (;;) {
    const t = tokens[i];
    if (t === undefined) return;
    const name = basename(t);
    if (/^[A-Za-z_]\w*=/.test(t) || WRAPPERS.has(name)) i++;
    else if (name === 'gosu' || name === 'su-exec') i += 2;
    else if (name === 'sudo') {
      i++;
      while (tokens[i]?.startsWith('-')) i += tokens[i] === '-u' || tokens[i] === '-g' ? 2 : 1;
    } else if (RUN_WRAPPERS.has(name) && tokens[i + 1] === 'run') {
      i += 2;
      while (tokens[i]?.startsWith('-')) i++;
    } else if (name === 'watchmedo' || name === 'dotenv') {
      const dash = tokens.indexOf('--', i);
      if (dash < 0) return;
      i = dash + 1;
    } else if (AGENT_WRAPPERS[name]) {
      preloaded.push(AGENT_WRAPPERS[name].patcherId);
      i += 1 + AGENT_WRAPPERS[name].skip;
    } else break;
  }
  const runner = tokens[i]!;
  const name = basename(runner);
  const args = tokens.slice(i + 1);
  const shown = (rest: string) => `\`${[name, rest].filter(Boolean).join(' ')}\` (${source})`;
  const push = (e: Omit<PyEntry, 'preloaded' | 'runsBefore'> & Partial<Pick<PyEntry, 'preloaded' | 'runsBefore'>>) =>
    r.out.push({ ...e, preloaded: [...preloaded, ...(e.preloaded ?? [])], runsBefore: e.runsBefore ?? [] });

  if (/^python(?:\d+(?:\.\d+)?)?$/.test(name)) {
    pythonCommand(r, args, dir, (file, asMain, parents, what) => push({ file, asMain, parents, description: shown(what) }));
    return;
  }
  if (name.endsWith('.py')) {
    const file = localFile(r, runner, dir);
    if (file) push({ file, asMain: true, parents: false, description: shown('') });
    return;
  }
  if (name === 'gunicorn') return gunicornCommand(r, args, dir, source, push);
  if (name === 'uwsgi') return uwsgiCommand(r, args, dir, source, push);
  if (name === 'celery') return celeryCommand(r, args, dir, source, push);
  if (name === 'uvicorn' || name === 'daphne' || name === 'hypercorn') {
    const app = args.find((a) => /^[A-Za-z_][\w.]*:[A-Za-z_]\w*(?:\(\))?$/.test(a));
    if (!app) return;
    const { module, call, factory } = splitSpec(app);
    const file = moduleFile(r, module, [dir, r.root]);
    if (file) push({ file, asMain: false, parents: true, ...(factory && call ? { call } : {}), description: shown(app) });
    return;
  }
  // A shell script run from a Dockerfile (or another script): its own commands, with this command's environment.
  if (name === 'bash' || name === 'sh') {
    const script = args.find((a) => !a.startsWith('-'));
    const file = script ? localFile(r, script, dir) : null;
    if (file) readScript(r, file, dirname(file), env, source);
    return;
  }
  if (!name.includes('.') || name.endsWith('.sh')) {
    const file = runner.includes('/') || name.endsWith('.sh') ? localFile(r, runner, dir) : null;
    if (file && !file.endsWith('.py')) readScript(r, file, dirname(file), env, source);
  }
}

/** `python [options] -m mod …` (parents first, as `__main__`) or `python [options] path.py …` (as `__main__`, no parents). */
function pythonCommand(
  r: Reader,
  args: string[],
  dir: string,
  push: (file: string, asMain: boolean, parents: boolean, what: string) => void,
): void {
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '-c') return;
    if (a === '-m') {
      const mod = args[k + 1];
      if (!mod) return;
      const file = moduleFile(r, mod, [dir, r.root]);
      if (!file) return;
      const main = basename(file) === '__init__.py' ? join(dirname(file), '__main__.py') : file;
      if (kindOf(main) === 'file') push(main, true, true, `-m ${mod}`);
      return;
    }
    if (a === '-W' || a === '-X') {
      k++;
      continue;
    }
    if (a.startsWith('-')) continue;
    const file = localFile(r, a, dir);
    if (file?.endsWith('.py')) push(file, true, false, a);
    return;
  }
}

/**
 * A path written in a command, as a file of the project: relative to the command file's directory or the root;
 * a container path (`/app/manage.py`, `/opt/CTFd/docker-entrypoint.sh`) by its longest tail that exists there.
 */
function localFile(r: Reader, p: string, dir: string): string | null {
  if (!p || p.includes('$')) return null;
  if (isAbsolute(p) && isInside(p, r.root)) return kindOf(p) === 'file' ? p : null;
  const bases = [dir, r.root];
  if (!isAbsolute(p)) {
    for (const b of bases) {
      const f = resolvePath(b, p);
      if (isInside(f, r.root) && kindOf(f) === 'file') return f;
    }
  }
  const parts = p.split('/').filter((s) => s && s !== '.');
  for (let k = isAbsolute(p) ? 0 : 1; k < parts.length; k++) {
    for (const b of bases) {
      const f = join(b, ...parts.slice(k));
      if (isInside(f, r.root) && kindOf(f) === 'file') return f;
    }
  }
  return null;
}

/** gunicorn's gevent and eventlet worker classes (names, class paths, egg URIs) → the patcher their worker runs. */
export function workerPatcher(workerClass: string | null | undefined): string | null {
  if (!workerClass) return null;
  const w = workerClass.trim().replace(/^egg:gunicorn#/, '');
  if (/^(?:gevent|gevent_wsgi|gevent_pywsgi|gunicorn\.workers\.ggevent\.Gevent(?:PyWSGI)?Worker)$/.test(w)) return 'gevent';
  // gunicorn ≤ 23 (the eventlet worker was removed later): EventletWorker.init_process() calls eventlet.monkey_patch() first.
  if (/^(?:eventlet|gunicorn\.workers\.geventlet\.EventletWorker)$/.test(w)) return 'eventlet';
  return null;
}

const GUNICORN_VALUE_OPTIONS = new Set(['-b', '--bind', '-t', '--timeout', '--threads', '--log-level', '--access-logfile', '--error-logfile', '-e', '--env', '--pythonpath', '-n', '--name', '-p', '--pid', '-u', '--user', '-g', '--group', '--max-requests', '--max-requests-jitter', '--graceful-timeout', '--keep-alive', '--worker-connections', '--log-config', '--certfile', '--keyfile', '--paste', '--worker-tmp-dir', '--forwarded-allow-ips', '--backlog', '-m', '--umask', '--limit-request-line', '--limit-request-fields', '--limit-request-field_size', '--access-logformat', '--statsd-host', '--statsd-prefix', '--proxy-allow-from', '--log-file', '--capture-output', '--logger-class', '--ca-certs', '--ssl-version', '--ciphers', '--reload-engine', '--reload-extra-file', '-R']);

type Push = (e: Omit<PyEntry, 'preloaded' | 'runsBefore'> & Partial<Pick<PyEntry, 'preloaded' | 'runsBefore'>>) => void;

/**
 * `gunicorn [options] mod:app`: flags win over the config file (`-c`, else `./gunicorn.conf.py`). gunicorn's gevent
 * worker calls `monkey.patch_all()` in `init_process()`, after the fork and before `load_wsgi()` imports the app;
 * with `preload_app` the arbiter imports the app in the master (`Arbiter.setup`) before any worker exists.
 */
function gunicornCommand(r: Reader, args: string[], dir: string, source: string, push: Push): void {
  let config: string | null = null;
  let preload: boolean | undefined;
  let workerClass: string | undefined;
  let chdir = dir;
  const apps: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let v: { value: string; next: number } | null;
    if ((v = optionValue(args, i, ['-c', '--config']))) [config, i] = [v.value, v.next];
    else if ((v = optionValue(args, i, ['-k', '--worker-class']))) [workerClass, i] = [v.value, v.next];
    else if ((v = optionValue(args, i, ['--chdir']))) {
      const target = localDir(r, v.value, dir);
      if (target) chdir = target;
      i = v.next;
    } else if ((v = optionValue(args, i, ['-w', '--workers']))) i = v.next;
    else if (a === '--preload') preload = true;
    else if (a.startsWith('-')) {
      if (!a.includes('=') && GUNICORN_VALUE_OPTIONS.has(a)) i++;
    } else if (/^[A-Za-z_][\w.]*(?::.+)?$/.test(a)) apps.push(a);
  }
  const configFile = config
    ? config.startsWith('python:')
      ? moduleFile(r, config.slice(7), [chdir, dir, r.root])
      : localFile(r, config, chdir)
    : [chdir, dir, r.root].map((b) => join(b, pySpawnFork.gunicornConfigFiles[0]!)).find((f) => isInside(f, r.root) && kindOf(f) === 'file') ?? null;
  const cfg = configFile ? readGunicornConfig(configFile) : null;
  const app = apps.find((a) => moduleFile(r, splitSpec(a).module, [chdir, dir, r.root])) ?? cfg?.wsgiApp ?? null;
  if (!app) return;
  const { module, call, factory } = splitSpec(app);
  const file = moduleFile(r, module, [chdir, dir, r.root]);
  if (!file) return;
  const where = configFile ? relative(r.root, configFile) : source;
  const cls = workerClass ?? cfg?.workerClass ?? null;
  const pre = preload ?? (cfg?.preload === undefined ? false : cfg.preload);
  const patcherId = workerPatcher(cls);
  const setting = preload ? `--preload in ${source}` : `preload_app in ${where}`;
  push({
    file,
    asMain: false,
    parents: true,
    ...(factory && call ? { call } : {}),
    description: `\`gunicorn ${app}\` (${source})`,
    // Unknown preload (an expression): neither the worker's patch as a preload nor a report of it.
    preloaded: patcherId && pre === false ? [patcherId] : [],
    runsBefore: configFile ? [configFile] : [],
    ...(patcherId && pre === true ? { workerPatch: { patcherId, server: 'gunicorn', setting } } : {}),
  });
}

function localDir(r: Reader, p: string, dir: string): string | null {
  if (p.includes('$')) return null;
  if (!isAbsolute(p)) {
    const d = resolvePath(dir, p);
    return isInside(d, r.root) && kindOf(d) === 'dir' ? d : null;
  }
  const parts = p.split('/').filter(Boolean);
  for (let k = 0; k < parts.length; k++) {
    const d = join(r.root, ...parts.slice(k));
    if (kindOf(d) === 'dir') return d;
  }
  return null;
}

/** `uwsgi --module mod` / `-w mod` / `--wsgi-file path` / `--ini file` / `uwsgi file.ini`. */
function uwsgiCommand(r: Reader, args: string[], dir: string, source: string, push: Push): void {
  let module: string | null = null;
  let wsgiFile: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let v: { value: string; next: number } | null;
    if ((v = optionValue(args, i, ['--module', '-w', '--wsgi']))) [module, i] = [v.value, v.next];
    else if ((v = optionValue(args, i, ['--wsgi-file', '--file']))) [wsgiFile, i] = [v.value, v.next];
    else if ((v = optionValue(args, i, ['--ini']))) {
      const ini = localFile(r, v.value, dir);
      if (ini) readUwsgiIniEntry(r, ini, dirname(ini), `${relative(r.root, ini)}, run by ${source}`);
      i = v.next;
    } else if (!a.startsWith('-') && a.endsWith('.ini')) {
      const ini = localFile(r, a, dir);
      if (ini) readUwsgiIniEntry(r, ini, dirname(ini), `${relative(r.root, ini)}, run by ${source}`);
    }
  }
  const file = module ? moduleFile(r, splitSpec(module).module, [dir, r.root]) : wsgiFile ? localFile(r, wsgiFile, dir) : null;
  if (file) push({ file, asMain: false, parents: !!module, description: `\`uwsgi ${module ? `--module ${module}` : `--wsgi-file ${wsgiFile}`}\` (${source})` });
}

/** A uWSGI ini file's `module` / `wsgi-file` (from its `chdir`, mapped into the project, or its own directory). */
function readUwsgiIniEntry(r: Reader, path: string, dir: string, source: string): void {
  if (r.inis.has(path)) return;
  r.inis.add(path);
  const ini = readUwsgiIni(path);
  if (!ini) return;
  const chdir = ini.get('chdir');
  const bases = [...(chdir ? [localDir(r, chdir, dir)] : []), dir, r.root].filter((b): b is string => !!b);
  const module = ini.get('module') ?? ini.get('wsgi') ?? ini.get('w');
  const wsgiFile = ini.get('wsgi-file') ?? ini.get('file');
  const file = module ? moduleFile(r, splitSpec(module).module, bases) : wsgiFile ? localFile(r, wsgiFile, bases[0]!) : null;
  if (file) r.out.push({ file, asMain: false, parents: !!module, description: `uWSGI's ${module ? `module ${module}` : `wsgi-file ${wsgiFile}`} (${source})`, preloaded: [], runsBefore: [] });
}

/** A gunicorn config file that names the app itself (`wsgi_app`), run as `gunicorn -c <it>`. */
function readGunicornConfigEntry(r: Reader, path: string, dir: string): void {
  const cfg = readGunicornConfig(path);
  if (!cfg?.wsgiApp) return;
  gunicornCommand(r, ['-c', path], dir, relative(r.root, path), (e) =>
    r.out.push({ ...e, preloaded: e.preloaded ?? [], runsBefore: e.runsBefore ?? [] }),
  );
}

/**
 * `celery -A mod worker -P gevent`: celery's `__main__.main()` calls `maybe_patch_concurrency()` (gevent's
 * `monkey.patch_all()`, eventlet's `monkey_patch()`) for `-P`/`--pool` before it imports anything of the app.
 */
function celeryCommand(r: Reader, args: string[], dir: string, source: string, push: Push): void {
  let app: string | null = null;
  let pool: string | null = null;
  for (let i = 0; i < args.length; i++) {
    let v: { value: string; next: number } | null;
    if ((v = optionValue(args, i, ['-A', '--app']))) [app, i] = [v.value, v.next];
    else if ((v = optionValue(args, i, ['-P', '--pool']))) [pool, i] = [v.value, v.next];
  }
  if (!app) return;
  const { module } = splitSpec(app);
  const file = moduleFile(r, module, [dir, r.root]);
  if (!file) return;
  const patcherId = pool === 'gevent' || pool === 'eventlet' ? pool : null;
  push({ file, asMain: false, parents: true, description: `\`celery -A ${app}\` (${source})`, ...(patcherId ? { preloaded: [patcherId] } : {}) });
}
