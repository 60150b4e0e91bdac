import type { TSESTree } from '@typescript-eslint/utils';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { jsSpawnFork } from '../../catalog/js-spawn-fork.js';
import { listedKind, listedNames } from '../../util/dir-listings.js';
import { readText } from '../../util/fs-cache.js';
import { parseJsonc } from '../../util/jsonc.js';
import { parseDependency } from './parse.js';
import { isInside } from '../../util/paths.js';
import { isInputError } from '../../util/guard.js';

/** One app of a PM2 ecosystem file, read statically (the file is never executed). */
export interface Pm2App {
  name?: string;
  /** Absolute path of the script PM2 starts. */
  script: string;
  execMode: 'cluster' | 'fork';
  /** `max` / 0 / -1 mean "one per CPU" (or one less). */
  instances: number | 'max' | undefined;
  /** The env variable numbering instances (`instance_var`, default NODE_APP_INSTANCE). */
  instanceVar: string;
  configFile: string;
  /** Node options the app is started with (`node_args`, `interpreter_args`, its `env.NODE_OPTIONS`), joined. */
  nodeArgs?: string;
}

export interface Pm2Entry extends Pm2App {
  /** How many processes run the script, as text for messages: `one instance per CPU`, `4 instances`. */
  count: string;
}

const parsed = new Map<string, { text: string; apps: Pm2App[] }>();

/** Apps declared in one config file (cached by file content). */
export function readPm2Config(path: string): Pm2App[] {
  const text = readText(path);
  if (text == null) return [];
  const hit = parsed.get(path);
  if (hit && hit.text === text) return hit.apps;
  const apps = rawApps(path, text).flatMap((a) => toApp(a, path));
  if (parsed.size > 200) parsed.clear();
  parsed.set(path, { text, apps });
  return apps;
}

/** The app objects of a config file's text; none when it does not parse. */
function rawApps(path: string, text: string): RawApp[] {
  if (/\.json$/.test(path)) return jsonApps(parseJsonc(text)); // undefined when it is not JSON: no apps
  let program: TSESTree.Program;
  try {
    program = parseDependency(path, text);
  } catch (error) { // dependency input: an ecosystem file that does not parse declares no apps we can read
    if (!isInputError(error)) throw error; // parseDependency names a syntax error as an InputError
    return [];
  }
  return jsApps(program);
}

/**
 * The PM2 app that starts `file` in cluster mode or with several instances, from the nearest
 * ecosystem.config.{js,cjs,json} / pm2.json in `file`'s directory or above (within `root`).
 */
export function pm2EntryFor(file: string, root: string): Pm2Entry | null {
  for (let dir = dirname(file); isInside(dir, root); dir = dirname(dir)) {
    for (const name of configsIn(dir)) {
      const path = join(dir, name);
      if (listedKind(path) !== 'file') continue;
      for (const app of readPm2Config(path)) {
        if (!sameScript(app.script, file)) continue;
        const n = app.instances;
        const many = n === 'max' || n === 0 || n === -1 || (typeof n === 'number' && n > 1);
        if (many || (app.execMode === 'cluster' && n !== 1)) {
          return { ...app, count: n === undefined ? 'several instances' : n === 'max' || n <= 0 ? 'one instance per CPU' : `${n} instances` };
        }
      }
    }
    if (dir === dirname(dir)) break;
  }
  return null;
}

/** PM2 config file names present in `dir`, in catalog order, from the folder's listing. */
function configsIn(dir: string): string[] {
  const names = listedNames(dir);
  return names ? jsSpawnFork.pm2ConfigFiles.filter((n) => names.has(n)) : [];
}

function sameScript(script: string, file: string): boolean {
  if (script === file) return true;
  // `script: 'app'` for app.js
  return !/\.[cm]?[jt]sx?$/.test(script) && file.replace(/\.[cm]?[jt]sx?$/, '') === script;
}

type RawApp = Record<string, unknown>;

function jsonApps(json: unknown): RawApp[] {
  if (Array.isArray(json)) return json.filter((a): a is RawApp => !!a && typeof a === 'object');
  if (json && typeof json === 'object') {
    const apps = (json as { apps?: unknown }).apps;
    if (Array.isArray(apps)) return apps.filter((a): a is RawApp => !!a && typeof a === 'object');
    if (apps && typeof apps === 'object') return [apps as RawApp];
    if ('script' in json) return [json as RawApp];
  }
  return [];
}

/** `module.exports = { apps: [...] }`, `export default { apps: [...] }`: literal values only. */
function jsApps(program: TSESTree.Program): RawApp[] {
  for (const stmt of program.body) {
    let obj: TSESTree.Node | null = null;
    if (stmt.type === 'ExportDefaultDeclaration') obj = stmt.declaration as TSESTree.Node;
    else if (stmt.type === 'ExpressionStatement' && stmt.expression.type === 'AssignmentExpression') {
      const left = stmt.expression.left;
      if (left.type === 'MemberExpression' && !left.computed && left.property.type === 'Identifier' && left.property.name === 'exports') obj = stmt.expression.right;
    }
    if (obj?.type === 'ObjectExpression') return jsonApps(literal(obj, 0));
  }
  return [];
}

function literal(node: TSESTree.Node, depth: number): unknown {
  if (depth > 6) return undefined;
  switch (node.type) {
    case 'Literal':
      return node.value;
    case 'TemplateLiteral':
      return node.expressions.length === 0 ? node.quasis[0]?.value.cooked : undefined;
    case 'UnaryExpression':
      return node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number' ? -node.argument.value : undefined;
    case 'ArrayExpression':
      return node.elements.map((e) => (e && e.type !== 'SpreadElement' ? literal(e, depth + 1) : undefined));
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        if (p.type !== 'Property' || p.computed) continue;
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : null;
        if (key) out[key] = literal(p.value as TSESTree.Node, depth + 1);
      }
      return out;
    }
    case 'CallExpression': {
      // path.join(__dirname, 'dist/app.js') / path.resolve(__dirname, 'app.js')
      const c = node.callee;
      if (c.type === 'MemberExpression' && c.property.type === 'Identifier' && (c.property.name === 'join' || c.property.name === 'resolve')) {
        const [a, b] = node.arguments;
        if (a?.type === 'Identifier' && a.name === '__dirname' && b) {
          const rel = literal(b as TSESTree.Node, depth + 1);
          return typeof rel === 'string' ? `./${rel.replace(/^\.\//, '')}` : undefined;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function toApp(raw: RawApp, configFile: string): Pm2App[] {
  const script = raw.script;
  if (typeof script !== 'string' || !script) return [];
  const base = typeof raw.cwd === 'string' ? resolvePath(dirname(configFile), raw.cwd) : dirname(configFile);
  const mode = raw.exec_mode ?? raw.execMode ?? raw.mode;
  const inst = raw.instances ?? raw.i;
  let instances: Pm2App['instances'];
  if (typeof inst === 'number') instances = inst;
  else if (typeof inst === 'string') instances = inst === 'max' ? 'max' : Number.isFinite(Number(inst)) ? Number(inst) : undefined;
  return [
    {
      name: typeof raw.name === 'string' ? raw.name : undefined,
      script: isAbsolute(script) ? script : resolvePath(base, script),
      execMode: mode === 'cluster' || mode === 'cluster_mode' ? 'cluster' : 'fork',
      instances,
      instanceVar: typeof raw.instance_var === 'string' && raw.instance_var ? raw.instance_var : 'NODE_APP_INSTANCE',
      configFile,
      ...nodeArgsOf(raw),
    },
  ];
}

/** `node_args` / `interpreter_args` (a string or a list) and `env.NODE_OPTIONS`: where PM2 apps get their preloads. */
function nodeArgsOf(raw: RawApp): { nodeArgs?: string } {
  const parts: string[] = [];
  for (const key of ['node_args', 'nodeArgs', 'interpreter_args', 'interpreterArgs']) {
    const v = raw[key];
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) parts.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  const env = raw.env;
  if (env && typeof env === 'object' && typeof (env as Record<string, unknown>).NODE_OPTIONS === 'string') parts.push((env as Record<string, string>).NODE_OPTIONS);
  return parts.length ? { nodeArgs: parts.join(' ') } : {};
}
