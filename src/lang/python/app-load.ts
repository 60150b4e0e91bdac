import { basename, dirname, join } from 'node:path';
import { pySpawnFork } from '../../catalog/python-spawn-fork.js';
import { TtlCache, kindOf, readText } from '../../util/fs-cache.js';
import { isInside } from '../../util/paths.js';
import { childByField, childrenByField, nodeText, type PyNode } from './ast.js';
import { callArgs, dottedText, relativeText, stringValue } from './ast-helpers.js';
import { parsePython } from './parse.js';
import { stats } from '../../util/stats.js';

/*
 * What a pre-fork server runs when it loads a Python app, read from the project's files (never executed):
 *
 * - The app module's module-level code, and for a `module:factory(…)` spec the factory's body (gunicorn imports
 *   the module, then calls the factory, in the same place: the master with `preload_app`, each worker without).
 *   A factory the app module imports from another local module (`from .factory import create_app`) runs there,
 *   in the module that defines it (`definitionOf` follows a package's re-exports).
 * - Django: an app module that calls `get_wsgi_application()` / `get_asgi_application()` / `django.setup()` runs
 *   `django.setup()`: the settings module (`DJANGO_SETTINGS_MODULE`, from the module's
 *   `os.environ.setdefault(…)`), then for every local entry of `INSTALLED_APPS`, in order, the app package and its
 *   `apps` module (the AppConfig), then every app's `models` module, then every AppConfig's `ready()`
 *   (django/apps/registry.py `populate`: app configs, then models, then ready).
 *
 * Summaries of each file (what it imports, defines and assigns) are cached for a short time, never ASTs.
 */

export interface AppLoad {
  file: string;
  /** The module's own code runs (it is imported). */
  module: boolean;
  /** Functions of the file the load calls: `create_app`, `HcConfig.ready`. */
  functions: string[];
  /** Why the file runs, for messages: `the app module`, `Django's settings module`, `installed app hc.api`. */
  why: string;
}

/** What one Python file says about loading an app (plain data, cached). */
export interface PyFileFacts {
  /** Local name → dotted module (`import a.b as x`, `from a import b` → `a.b`); relative ones keep their dots. */
  imports: Map<string, string>;
  /** The local names of `imports` that a `from X import name` binds (what a package can re-export). */
  fromImports: Set<string>;
  /** The literal strings of the module's `__all__` (`=`, `+=`, `.append`, `.extend`); null without one. */
  dunderAll: string[] | null;
  /** Top-level function names. */
  functions: Set<string>;
  /** Top-level classes: base-class texts, method names and literal string attributes (`name = "hc.api"`). */
  classes: Map<string, { bases: string[]; methods: Set<string>; strings: Map<string, string>; isDefault: boolean }>;
  /** The module builds a WSGI/ASGI app at module level (an app builder call, or `app`/`application` = a call). */
  buildsApp: boolean;
  /** The module runs django.setup() at module level (get_wsgi_application() & co.). */
  djangoSetup: boolean;
  /** A literal `DJANGO_SETTINGS_MODULE` the module sets (setdefault or assignment). */
  settingsModule: string | null;
  /** Literal entries of `INSTALLED_APPS` (assignments, `+=`, `.append`/`.extend`/`.insert`), in order. */
  installedApps: string[];
  /** `from X import *` modules (settings split over files). */
  starImports: string[];
  /** `default_app_config = "…"` (Django before 4.1). */
  defaultAppConfig: string | null;
  /**
   * The module defines celery tasks (`@shared_task`, `@<celery app>.task`), builds a `Celery(…)` app, or connects a
   * handler to a celery worker signal.
   */
  celery: boolean;
  /**
   * Top-level functions connected to a celery worker signal (`@worker_init.connect`, `@signals.worker_init.connect(…)`,
   * `worker_init.connect(handler)`): function name → the signal's qualified name (`celery.signals.worker_init`).
   */
  celerySignals: Map<string, string>;
}

const ttl = 1000;
const factsCache = new TtlCache<PyFileFacts | null>(ttl);
/**
 * App loads by server and app, with the facts of the files each read. Computing one looks up every installed app's
 * modules (stats); on taiga-back that was done again every second, 53 ms of no-spawn-before-fork's 230.
 */
const loadsKept = new Map<string, { loads: AppLoad[]; read: Map<string, PyFileFacts | null>; at: number; checkedAt: number }>();
const LOADS_LIFETIME_MS = 30_000;
/**
 * The facts of each file with the text they were read from: once the TTL is over, a text that is still the same (read
 * again only when its size or time changed: readText) is not parsed again. An app load reads the settings and every
 * installed app; an editor's long-lived process parsed them all again every second (a batch run parses each once
 * either way: taiga-back, 41 files).
 */
const factsByFile = new Map<string, { text: string; facts: PyFileFacts | null }>();

export function clearAppLoadCaches(): void {
  factsCache.clear();
  loadsKept.clear();
  factsByFile.clear();
}

/** The facts of a file on disk (null: unreadable or not Python). */
export function pyFileFacts(file: string): PyFileFacts | null {
  return factsCache.get(file, () => {
    const text = readText(file);
    if (text === null) return null;
    const known = factsByFile.get(file);
    if (known && known.text === text) return known.facts;
    stats.filesParsed++;
    const facts = factsOfText(text);
    factsByFile.set(file, { text, facts });
    return facts;
  });
}

export function factsOfText(raw: string): PyFileFacts | null {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const parsed = parsePython(text);
  if (!parsed.ok) return null;
  return factsOfModule(parsed.ast, text);
}

/** Module-level statements, including those inside top-level if / try / with blocks (not functions or classes). */
function topStatements(module: PyNode): PyNode[] {
  const out: PyNode[] = [];
  const visit = (stmts: PyNode[]) => {
    for (const s of stmts) {
      out.push(s);
      if (s.type === 'if_statement' || s.type === 'try_statement' || s.type === 'with_statement') {
        for (const c of s.children) {
          if (c.type === 'block') visit(c.children);
          else if (['elif_clause', 'else_clause', 'except_clause', 'finally_clause'].includes(c.type)) {
            for (const b of c.children) if (b.type === 'block') visit(b.children);
          }
        }
      }
    }
  };
  visit(module.children);
  return out;
}

export function factsOfModule(module: PyNode, text: string): PyFileFacts {
  const facts: PyFileFacts = {
    imports: new Map(),
    fromImports: new Set(),
    dunderAll: null,
    functions: new Set(),
    classes: new Map(),
    buildsApp: false,
    djangoSetup: false,
    settingsModule: null,
    installedApps: [],
    starImports: [],
    defaultAppConfig: null,
    celery: false,
    celerySignals: new Map(),
  };
  const stmts = topStatements(module);
  for (const s of stmts) collectImports(s, text, facts);
  const qualify = (node: PyNode | undefined): string | null => qualifyName(node, text, facts.imports);
  const celeryApps = new Set<string>();
  const signals = new Set([...pySpawnFork.celeryParentSignals, ...pySpawnFork.celeryChildSignals]);
  /** `worker_init.connect` (through the imports) → `celery.signals.worker_init`, or null. */
  const signalOf = (callee: PyNode | undefined): string | null => {
    const q = callee?.type === 'attribute' && nodeText(childByField(callee, 'attribute')!, text) === 'connect' ? qualify(childByField(callee, 'object')) : null;
    return q && signals.has(q) ? q : null;
  };
  for (const s of stmts) {
    if (s.type === 'decorated_definition' || s.type === 'function_definition' || s.type === 'class_definition') {
      const def = s.type === 'decorated_definition' ? childByField(s, 'definition') : s;
      const name = def && childByField(def, 'name');
      if (def?.type === 'function_definition' && name) facts.functions.add(nodeText(name, text));
      if (def?.type === 'class_definition' && name) facts.classes.set(nodeText(name, text), classFacts(def, text));
      if (s.type === 'decorated_definition' && def?.type === 'function_definition') {
        for (const d of s.children.filter((c) => c.type === 'decorator')) {
          const expr = d.children[0];
          const callee = expr?.type === 'call' ? childByField(expr, 'function') : expr;
          const q = qualify(callee);
          if (q && pySpawnFork.celeryTaskDecorators.includes(q)) facts.celery = true;
          const signal = signalOf(callee);
          if (signal && name) {
            facts.celerySignals.set(nodeText(name, text), signal);
            facts.celery = true;
          }
          // `@app.task` on an app built here (`app = Celery(…)`) or imported from a module named like one.
          if (callee?.type === 'attribute' && nodeText(childByField(callee, 'attribute')!, text) === 'task') {
            const obj = childByField(callee, 'object');
            const on = obj ? nodeText(obj, text) : '';
            const oq = qualify(obj) ?? '';
            if (celeryApps.has(on) || /celery/i.test(oq) || /celery/i.test(on)) facts.celery = true;
          }
        }
      }
      continue;
    }
    if (s.type !== 'expression_statement') continue;
    const e = s.children[0];
    if (!e) continue;
    if (e.type === 'assignment' || e.type === 'augmented_assignment') {
      const left = childByField(e, 'left');
      const right = childByField(e, 'right');
      const name = left?.type === 'identifier' ? nodeText(left, text) : null;
      if (right?.type === 'call') {
        const q = qualify(childByField(right, 'function'));
        if (q && pySpawnFork.appBuilders.includes(q)) facts.buildsApp = true;
        if (q && pySpawnFork.djangoSetupCalls.includes(q)) facts.djangoSetup = true;
        if (name && pySpawnFork.appNames.includes(name) && e.type === 'assignment') facts.buildsApp = true;
        if (q === 'celery.Celery' && name) {
          celeryApps.add(name);
          facts.celery = true;
        }
      }
      if (name === 'INSTALLED_APPS' && right) facts.installedApps.push(...stringsIn(right, text));
      if (name === '__all__' && right) facts.dunderAll = [...(e.type === 'augmented_assignment' ? (facts.dunderAll ?? []) : []), ...stringsIn(right, text)];
      if (name === 'default_app_config' && e.type === 'assignment') facts.defaultAppConfig = stringValue(right, text);
      if (left?.type === 'subscript' && right) settingsAssignment(left, right, text, facts, qualify);
    } else if (e.type === 'call') {
      const fn = childByField(e, 'function');
      const q = qualify(fn);
      const signal = signalOf(fn);
      const handler = signal ? callArgs(e, text).positional[0] : undefined;
      if (signal && handler?.type === 'identifier') {
        facts.celerySignals.set(nodeText(handler, text), signal);
        facts.celery = true;
      }
      if (q && pySpawnFork.appBuilders.includes(q)) facts.buildsApp = true;
      if (q && pySpawnFork.djangoSetupCalls.includes(q)) facts.djangoSetup = true;
      if (q === 'os.environ.setdefault') {
        const args = callArgs(e, text);
        if (stringValue(args.positional[0], text) === pySpawnFork.djangoSettingsVariable) facts.settingsModule ??= stringValue(args.positional[1], text);
      }
      // INSTALLED_APPS.append("x") / .extend([...]) / .insert(0, "x"); __all__.append("f") / .extend([...])
      if (fn?.type === 'attribute') {
        const obj = childByField(fn, 'object');
        const attr = nodeText(childByField(fn, 'attribute')!, text);
        const on = obj?.type === 'identifier' ? nodeText(obj, text) : null;
        if (on === 'INSTALLED_APPS' && ['append', 'extend', 'insert'].includes(attr)) {
          const args = callArgs(e, text);
          for (const a of args.positional) facts.installedApps.push(...stringsIn(a, text));
        }
        if (on === '__all__' && facts.dunderAll && ['append', 'extend'].includes(attr)) {
          for (const a of callArgs(e, text).positional) facts.dunderAll.push(...stringsIn(a, text));
        }
      }
    }
  }
  return facts;
}

function settingsAssignment(left: PyNode, right: PyNode, text: string, facts: PyFileFacts, qualify: (n: PyNode | undefined) => string | null): void {
  // os.environ["DJANGO_SETTINGS_MODULE"] = "proj.settings"
  if (qualify(childByField(left, 'value')) !== 'os.environ') return;
  if (stringValue(childByField(left, 'subscript'), text) !== pySpawnFork.djangoSettingsVariable) return;
  facts.settingsModule ??= stringValue(right, text);
}

/** String literals of a list / tuple / concatenation (`[...] + [...]`), or the literal itself. */
function stringsIn(node: PyNode, text: string): string[] {
  const v = stringValue(node, text);
  if (v !== null) return [v];
  if (['list', 'tuple', 'parenthesized_expression', 'binary_operator', 'set'].includes(node.type)) return node.children.flatMap((c) => stringsIn(c, text));
  return [];
}

function classFacts(def: PyNode, text: string): { bases: string[]; methods: Set<string>; strings: Map<string, string>; isDefault: boolean } {
  const sup = childByField(def, 'superclasses');
  const bases = sup ? sup.children.filter((c) => c.type !== 'keyword_argument').map((c) => nodeText(c, text)) : [];
  const methods = new Set<string>();
  const strings = new Map<string, string>();
  let isDefault = false;
  const body = childByField(def, 'body');
  for (const s of body?.children ?? []) {
    const d = s.type === 'decorated_definition' ? childByField(s, 'definition') : s;
    if (d?.type === 'function_definition') {
      const n = childByField(d, 'name');
      if (n) methods.add(nodeText(n, text));
    } else if (s.type === 'expression_statement' && s.children[0]?.type === 'assignment') {
      const left = childByField(s.children[0], 'left');
      const right = childByField(s.children[0], 'right');
      if (left?.type !== 'identifier' || !right) continue;
      const name = nodeText(left, text);
      const v = stringValue(right, text);
      if (v !== null) strings.set(name, v);
      if (name === 'default' && right.type === 'true') isDefault = true;
    }
  }
  return { bases, methods, strings, isDefault };
}

function collectImports(stmt: PyNode, text: string, facts: PyFileFacts): void {
  if (stmt.type === 'import_statement') {
    for (const item of stmt.children) {
      if (item.type === 'dotted_name') {
        const d = dottedText(item, text);
        facts.imports.set(d.split('.')[0]!, d.split('.')[0]!);
        facts.fromImports.delete(d.split('.')[0]!);
      } else if (item.type === 'aliased_import') {
        const n = childByField(item, 'name');
        const a = childByField(item, 'alias');
        if (n && a) {
          facts.imports.set(nodeText(a, text), dottedText(n, text));
          facts.fromImports.delete(nodeText(a, text));
        }
      }
    }
  } else if (stmt.type === 'import_from_statement') {
    const mod = childByField(stmt, 'module_name');
    if (!mod) return;
    const base = mod.type === 'relative_import' ? relativeText(mod, text) : dottedText(mod, text);
    if (stmt.children.some((c) => c.type === 'wildcard_import')) facts.starImports.push(base);
    for (const item of childrenByField(stmt, 'name')) {
      const n = item.type === 'aliased_import' ? childByField(item, 'name') : item;
      const a = item.type === 'aliased_import' ? childByField(item, 'alias') : item;
      if (!n || !a) continue;
      facts.imports.set(nodeText(a, text), `${base}${base.endsWith('.') ? '' : '.'}${dottedText(n, text)}`);
      facts.fromImports.add(nodeText(a, text));
    }
  }
}

/** `Flask` → `flask.Flask` through the module's imports; attribute chains keep their tail. */
function qualifyName(node: PyNode | undefined, text: string, imports: Map<string, string>): string | null {
  if (!node) return null;
  if (node.type === 'identifier') return imports.get(nodeText(node, text)) ?? null;
  if (node.type === 'attribute') {
    const obj = qualifyName(childByField(node, 'object'), text, imports);
    const attr = childByField(node, 'attribute');
    return obj && attr ? `${obj}.${nodeText(attr, text)}` : null;
  }
  return null;
}

// ---- where a function is defined ---------------------------------------------------------------------

/** How `definitionOf` reads the project: the local file of a module named in a file (relative or absolute), and facts. */
export interface DefinitionEnv {
  module: (spec: string, from: string) => string | null;
  facts: (file: string) => PyFileFacts | null;
}

/** Re-export hops followed from the first module, and (module, name) pairs looked at in all. */
const MAX_HOPS = 8;
const MAX_VISITS = 64;

/** `a.b.f` → module `a.b`, name `f`; `.f` → `.`; `..pkg.f` → `..pkg` (what a `from` import's value names). */
function splitFromImport(qualified: string): { module: string; name: string } | null {
  const dot = qualified.lastIndexOf('.');
  if (dot < 0 || dot === qualified.length - 1) return null;
  const head = qualified.slice(0, dot + 1);
  return { module: /^\.+$/.test(head) ? head : qualified.slice(0, dot), name: qualified.slice(dot + 1) };
}

/**
 * Where the top-level function `name` of the module `file` is defined: in `file`, or in the module it is
 * imported from, through re-exports (`from .app import create_app` in a package's `__init__.py`, `from pkg.x
 * import f as g`, and public names of star imports, within the target's literal `__all__` when it has one), over
 * a bounded, cycle-safe chain. Null when the name is a class, a module, a package's function or nothing found.
 */
export function definitionOf(file: string, name: string, env: DefinitionEnv): { file: string; name: string } | null {
  const seen = new Set<string>();
  const visit = (at: string, n: string, hops: number): { file: string; name: string } | null => {
    const key = `${at}\0${n}`;
    if (hops > MAX_HOPS || seen.has(key) || seen.size >= MAX_VISITS) return null;
    seen.add(key);
    const facts = env.facts(at);
    if (!facts) return null;
    if (facts.functions.has(n)) return { file: at, name: n };
    if (facts.classes.has(n)) return null;
    if (facts.imports.has(n)) {
      const target = facts.fromImports.has(n) ? splitFromImport(facts.imports.get(n)!) : null;
      const next = target && env.module(target.module, at);
      return next ? visit(next, target.name, hops + 1) : null;
    }
    // `from .app import *` binds the public names the module defines, or those its `__all__` lists.
    if (n.startsWith('_')) return null;
    for (const star of [...facts.starImports].reverse()) {
      const next = env.module(star, at);
      const all = next ? env.facts(next)?.dunderAll : undefined;
      if (!next || (all && !all.includes(n))) continue;
      const found = visit(next, n, hops + 1);
      if (found) return found;
    }
    return null;
  };
  return visit(file, name, 0);
}

// ---- app loads -------------------------------------------------------------------------------------------

/** `a.b` → `<base>/a/b/__init__.py`, `<base>/a/b.py` for each base (whether they exist or not). */
export function moduleCandidatesFor(dotted: string, bases: readonly string[]): string[] {
  if (!/^[A-Za-z_][\w.]*$/.test(dotted)) return [];
  const rel = dotted.split('.');
  return bases.flatMap((b) => [join(b, ...rel, '__init__.py'), `${join(b, ...rel)}.py`]);
}

/** Resolves a dotted module name (absolute, or relative to `from`) to a local file, or null. */
export type ModuleLookup = (dotted: string, from?: string) => string | null;

/** Relative `..a.b` written in `file` → the file it names, by directories (null above the root). */
export function relativeModuleFile(spec: string, file: string, root: string): string | null {
  const dots = /^\.+/.exec(spec)?.[0].length ?? 0;
  let dir = dirname(file);
  for (let i = 1; i < dots; i++) dir = dirname(dir);
  if (!isInside(dir, root)) return null;
  const rest = spec.slice(dots).split('.').filter(Boolean);
  if (!rest.length) return kindOf(join(dir, '__init__.py')) === 'file' ? join(dir, '__init__.py') : null;
  const path = join(dir, ...rest);
  if (kindOf(join(path, '__init__.py')) === 'file') return join(path, '__init__.py');
  if (kindOf(`${path}.py`) === 'file') return `${path}.py`;
  return null;
}

/**
 * Every file the server runs when it loads the app in `appFile` (the app module first), in the order Python runs
 * them. `appCall`: the factory the spec calls (`create_app` for `app:create_app()`).
 */
export function appLoadsOf(appFile: string, appCall: string | null, env: LoadEnv, envKey: string): AppLoad[] {
  const key = `${envKey}\0${appFile}\0${appCall ?? ''}`;
  const now = Date.now();
  const known = loadsKept.get(key);
  if (known && now - known.checkedAt < ttl) return known.loads;
  // After a second, the load stands while every file it read has the same facts (the same text): an edit of the
  // settings or of an app config is seen at once; a module file created where a dotted name now resolves, within 30 s.
  if (known && now - known.at < LOADS_LIFETIME_MS && [...known.read].every(([file, facts]) => pyFileFacts(file) === facts)) {
    known.checkedAt = now;
    return known.loads;
  }
  const read = new Map<string, PyFileFacts | null>();
  const loads = computeAppLoads(appFile, appCall, {
    ...env,
    facts: (file) => {
      const facts = env.facts(file);
      read.set(file, facts);
      return facts;
    },
  });
  loadsKept.set(key, { loads, read, at: now, checkedAt: now });
  return loads;
}

/** How app loads read the project: dotted names to files, each file's facts, and the root they stay inside. */
export interface LoadEnv {
  lookup: ModuleLookup;
  facts: (file: string) => PyFileFacts | null;
  root: string;
}

function computeAppLoads(appFile: string, appCall: string | null, env: LoadEnv): AppLoad[] {
  const { lookup, root, facts: pyFileFacts } = env;
  const facts = pyFileFacts(appFile);
  const out: AppLoad[] = [{ file: appFile, module: true, functions: [], why: 'the app module' }];
  if (!facts) return out;
  if (appCall) {
    // The factory's own module runs it: this one, or the one it is imported from (`from .factory import
    // create_app`, through a package's re-exports).
    const def = definitionOf(appFile, appCall, {
      module: (spec, from) => (spec.startsWith('.') ? relativeModuleFile(spec, from, root) : lookup(spec, from)),
      facts: pyFileFacts,
    });
    if (def?.file === appFile) out[0]!.functions.push(def.name);
    else if (def) out.push({ file: def.file, module: false, functions: [def.name], why: `the app factory ${def.name}()` });
  }
  if (facts.djangoSetup) out.push(...djangoLoads(facts, appFile, env));
  return out;
}

/** django.setup(): settings, then each installed app's package and AppConfig module, then models, then ready(). */
function djangoLoads(facts: PyFileFacts, appFile: string, env: LoadEnv): AppLoad[] {
  const { lookup, facts: pyFileFacts } = env;
  const settingsName = facts.settingsModule;
  if (!settingsName) return [];
  const settingsFile = lookup(settingsName, appFile);
  if (!settingsFile) return [];
  const out: AppLoad[] = [{ file: settingsFile, module: true, functions: [], why: `Django's settings module ${settingsName}` }];
  const apps = installedApps(settingsFile, env, new Set());
  const models: AppLoad[] = [];
  const ready: AppLoad[] = [];
  const add = (list: AppLoad[], load: AppLoad) => {
    const known = [...out, ...models, ...ready].find((l) => l.file === load.file);
    if (known) {
      for (const f of load.functions) if (!known.functions.includes(f)) known.functions.push(f);
      known.module ||= load.module;
      return;
    }
    list.push(load);
  };
  for (const entry of apps) {
    const found = appConfigOf(entry, env);
    if (!found) continue;
    const why = `installed app ${entry}`;
    if (found.packageFile) add(out, { file: found.packageFile, module: true, functions: [], why });
    if (found.configFile) add(out, { file: found.configFile, module: true, functions: [], why });
    if (found.configFile && found.configClass && pyFileFacts(found.configFile)?.classes.get(found.configClass)?.methods.has('ready')) {
      add(ready, { file: found.configFile, module: false, functions: [`${found.configClass}.ready`], why });
    }
    if (found.packageName) {
      const m = lookup(`${found.packageName}.models`);
      if (m) add(models, { file: m, module: true, functions: [], why });
    }
  }
  return [...out, ...models, ...ready];
}

/** `INSTALLED_APPS` of a settings module, following local `from x import *` (settings split over files). */
function installedApps(file: string, env: LoadEnv, seen: Set<string>): string[] {
  const { lookup, root, facts: pyFileFacts } = env;
  if (seen.has(file) || seen.size > 16) return [];
  seen.add(file);
  const facts = pyFileFacts(file);
  if (!facts) return [];
  const out: string[] = [];
  for (const star of facts.starImports) {
    const f = star.startsWith('.') ? relativeModuleFile(star, file, root) : lookup(star, file);
    if (f) out.push(...installedApps(f, env, seen));
  }
  out.push(...facts.installedApps);
  return [...new Set(out)];
}

/** Django's AppConfig.create(entry): the app package, the module holding its AppConfig and the class. */
function appConfigOf(entry: string, env: LoadEnv): { packageName: string | null; packageFile: string | null; configFile: string | null; configClass: string | null } | null {
  const { lookup, facts: pyFileFacts } = env;
  const asModule = lookup(entry);
  if (asModule) {
    const packageFile = asModule;
    const isPackage = basename(asModule) === '__init__.py';
    const appsFile = isPackage ? lookup(`${entry}.apps`) : null;
    let configFile: string | null = null;
    let configClass: string | null = null;
    const appsFacts = appsFile ? pyFileFacts(appsFile) : null;
    if (appsFile && appsFacts) {
      const configs = [...appsFacts.classes].filter(([, c]) => c.bases.some((b) => /(^|\.)AppConfig$/.test(b)));
      const chosen = configs.find(([, c]) => c.isDefault) ?? (configs.length === 1 ? configs[0] : undefined);
      if (chosen) {
        configFile = appsFile;
        configClass = chosen[0];
      }
    }
    if (!configClass) {
      const legacy = pyFileFacts(packageFile)?.defaultAppConfig;
      const dot = legacy?.lastIndexOf('.') ?? -1;
      if (legacy && dot > 0) {
        const f = lookup(legacy.slice(0, dot));
        if (f) {
          configFile = f;
          configClass = legacy.slice(dot + 1);
        }
      }
    }
    return { packageName: entry, packageFile, configFile, configClass };
  }
  // `pkg.apps.PkgConfig`: the class; its `name` is the app package.
  const dot = entry.lastIndexOf('.');
  if (dot <= 0) return null;
  const configFile = lookup(entry.slice(0, dot));
  if (!configFile) return null;
  const configClass = entry.slice(dot + 1);
  const cls = pyFileFacts(configFile)?.classes.get(configClass);
  if (!cls) return null;
  const packageName = cls.strings.get('name') ?? null;
  const packageFile = packageName ? lookup(packageName) : null;
  return { packageName, packageFile, configFile, configClass };
}
