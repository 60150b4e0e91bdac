/**
 * What runs, in the linted file, when a server loads the app (src/lang/python/app-load.ts says which files and
 * functions): the module's code with calls of functions of other local modules kept as `call` events, and the
 * bodies of the functions the load calls (an app factory, `AppConfig.ready()`, a gunicorn hook). A function's body
 * is summarized as if its statements ran at the end of the module: its imports and the module's names are bound,
 * and every event keeps its position in the file.
 */
import type { ChainStep, SpawnEvent, TimelineEvent } from '../../../graph/types.js';
import { childByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import { locOf } from '../../../lang/python/ast-helpers.js';
import { definitionOf, factsOfModule, pyFileFacts } from '../../../lang/python/app-load.js';
import { parsePython } from '../../../lang/python/parse.js';
import type { PyProject } from '../../../lang/python/project.js';
import { summarizePython, type PyDetector } from '../../../lang/python/summarize.js';
import { spawnFacts } from './spawn-reach.js';
import { TtlCache, readText } from '../../../util/fs-cache.js';

export interface Found {
  spawnId: string;
  event: SpawnEvent;
  file: string;
  chain: ChainStep[];
}

/** `name` or `Class.method` defined at the top level of `module` (through decorators). */
export function functionNode(module: PyNode, text: string, path: string): PyNode | null {
  const parts = path.split('.');
  let scope: PyNode[] = module.children;
  let found: PyNode | null = null;
  for (let i = 0; i < parts.length; i++) {
    found = null;
    for (const s of scope) {
      const def = s.type === 'decorated_definition' ? childByField(s, 'definition') : s;
      const name = def && childByField(def, 'name');
      if (!def || !name || nodeText(name, text) !== parts[i]) continue;
      const want = i === parts.length - 1 ? 'function_definition' : 'class_definition';
      if (def.type === want) found = def;
    }
    if (!found) return null;
    scope = childByField(found, 'body')?.children ?? [];
  }
  return found;
}

/** Calls of functions that other local modules define (`from .jobs import start; start()`), as `call` events. */
function callRecorder(project: PyProject, filename: string): PyDetector {
  const { resolver } = project.state;
  return (site) => {
    const fn = childByField(site.node, 'function');
    let module: string | null = null;
    let name: string | null = null;
    if (fn?.type === 'identifier') {
      const b = site.lookup(nodeText(fn, site.text));
      if (b?.kind === 'from') {
        module = b.module;
        name = b.name;
      }
    } else if (fn?.type === 'attribute') {
      const obj = childByField(fn, 'object');
      const attr = childByField(fn, 'attribute');
      const b = obj?.type === 'identifier' ? site.lookup(nodeText(obj, site.text)) : undefined;
      if (b?.kind === 'module' && attr) {
        module = b.module;
        name = nodeText(attr, site.text);
      }
    }
    if (!module || !name) return [];
    const resolved = resolver.resolve(module, filename);
    if (resolved.type !== 'file' || !resolved.path.endsWith('.py') || resolved.path === filename) return [];
    return [{ kind: 'call', specifier: module, resolved, name, loc: locOf(site.node) }];
  };
}

function summarize(project: PyProject, module: PyNode, text: string, filename: string): TimelineEvent[] {
  const { resolver, patchers, detectors } = project.state;
  return summarizePython(module, text, filename, { resolver, isEntry: false, patchers, detectors: [...detectors, callRecorder(project, filename)] }).events;
}

/** The module's code as a server import runs it (not as `__main__`), with calls into other local modules. */
export function moduleEvents(project: PyProject, module: PyNode, text: string, filename: string): TimelineEvent[] {
  return summarize(project, module, text, filename);
}

const within = (node: PyNode, e: TimelineEvent) =>
  (e.loc.line > node.loc.start.line || (e.loc.line === node.loc.start.line && e.loc.column >= node.loc.start.column)) &&
  (e.loc.line < node.loc.end.line || (e.loc.line === node.loc.end.line && e.loc.column <= node.loc.end.column));

/** The events of calling `path` (`create_app`, `HcConfig.ready`): its body, after the module's own code. */
export function functionEvents(project: PyProject, module: PyNode, text: string, filename: string, path: string): TimelineEvent[] {
  const fn = functionNode(module, text, path);
  const body = fn && childByField(fn, 'body');
  if (!body) return [];
  const synthetic: PyNode = { ...module, children: [...module.children, ...body.children] };
  return summarize(project, synthetic, text, filename).filter((e) => within(body, e));
}

const calledCache = new TtlCache<Found[]>(1000);

/**
 * What calling `name` of the local module `file` starts: its own spawns, those of modules it imports, and (one more
 * level) those of functions of other local modules it calls. A name the module imports is followed to the module
 * that defines it (a package's `__init__.py` re-exporting its app factory); those hops are not a level. Chains
 * start at the callee.
 */
export function calledSpawns(project: PyProject, file: string, name: string, depth = 1): Found[] {
  return calledCache.get(`${project.key}\0${file}\0${name}\0${depth}`, () => bodySpawns(project, file, name, depth, true));
}

function bodySpawns(project: PyProject, file: string, name: string, depth: number, follow: boolean): Found[] {
  if (!project.readable(file)) return [];
  const raw = readText(file);
  if (raw === null) return [];
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const parsed = parsePython(text);
  if (!parsed.ok) return [];
  if (functionNode(parsed.ast, text, name)) return spawnsOf(project, functionEvents(project, parsed.ast, text, file, name), file, depth);
  if (!follow) return [];
  const { resolver } = project.state;
  const own = factsOfModule(parsed.ast, text);
  const def = definitionOf(file, name, {
    module: (spec, from) => {
      const r = resolver.resolve(spec, from);
      return r.type === 'file' && r.path.endsWith('.py') && project.readable(r.path) ? r.path : null;
    },
    facts: (f) => (f === file ? own : project.readable(f) ? pyFileFacts(f) : null),
  });
  if (!def || (def.file === file && def.name === name)) return [];
  return bodySpawns(project, def.file, def.name, depth, false);
}

/** Every spawn a list of events starts, own and through loads / calls, with the chain from `file`. */
export function spawnsOf(project: PyProject, events: readonly TimelineEvent[], file: string, depth: number): Found[] {
  const out: Found[] = [];
  for (const e of events) {
    if (e.kind === 'spawn') out.push({ spawnId: e.spawnId, event: e, file, chain: [] });
    else if (e.kind === 'load' && e.resolved.type === 'file') {
      const step: ChainStep = { file, loc: e.loc, specifier: e.specifier };
      for (const s of spawnFacts(project, e.resolved.path)?.spawns ?? []) out.push({ spawnId: s.event.spawnId, event: s.event, file: s.file, chain: [step, ...s.chain] });
    } else if (e.kind === 'call' && e.resolved.type === 'file' && depth > 0) {
      const step: ChainStep = { file, loc: e.loc, specifier: `${e.specifier}.${e.name}()` };
      for (const s of calledSpawns(project, e.resolved.path, e.name, depth - 1)) out.push({ ...s, chain: [step, ...s.chain] });
    }
  }
  return out;
}
