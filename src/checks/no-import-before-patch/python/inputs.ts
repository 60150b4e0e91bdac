import type { PatcherEntry } from '../../../catalog/types.js';
import type { PyPatcherEntry } from '../../../catalog/python-patchers.js';
import type { PyNode } from '../../../lang/python/ast.js';
import { pyPackageCaptures, pythonProject, type PyProject } from '../../../lang/python/project.js';
import type { LintedFile } from '../../../lang/front-end.js';
import { cannotReachPatch, lintedSummary, mayReachPatch, moduleFacts, programWalk } from '../../../lang/project.js';
import type { ImportOrderInputs, MovableProblem } from '../check.js';
import type { OrderProblem } from '../loaded-before.js';
import type { ModuleSummary, PatchEvent, ResolvedModule } from '../../../graph/types.js';
import { basename, dirname } from 'node:path';
import { parentPackageLoads, summarizeLintedAs } from '../../../lang/python/front-end.js';
import { CONVENTION_NAMES, conventionEntries, declaredEntries, listedEntry, type PyEntry } from '../../../lang/python/entries.js';
import { readText } from '../../../util/fs-cache.js';
import { isInside } from '../../../util/paths.js';
import { ordersBelow, subpackageInits, type BelowTarget } from './parents.js';
import { movePatchToTop } from './move-patch.js';

type PyContext = LintedFile;

/**
 * The check's inputs for a Python file, or null when it starts no program and nothing it runs can reach an
 * activation. The file is judged in the order of every program that starts at it (src/lang/python/entries.ts:
 * console scripts, command lines, `__main__.py`, `if __name__ == "__main__":`, `wsgi.py`…): its parents first
 * (unless `python path.py`), its own statements, the function the program then calls; the program's preloads before
 * all of it, a server worker's patch after it. A file that starts no program, and that another project module
 * imports, runs in the order of the program that imports it: judged there. A package's __init__.py is also judged
 * against each program and subpackage below it (parents.ts). Python has no calls into other modules' functions;
 * packages copy names out of others while they load (urllib3 copies ssl.SSLContext). The fix moves a patch made in
 * this file to the top (move-patch.ts).
 */
export function pythonInputs(context: PyContext, module: PyNode, patchers: readonly PatcherEntry[]): ImportOrderInputs | null {
  const extra = patchers.filter((p) => p.language === 'python') as PyPatcherEntry[];
  const project = pythonProject(context, extra);
  const file = context.filename;
  const isPackageInit = basename(file) === '__init__.py';
  const programs = programsOf(project, file, context.sourceCode.text, context.cwd);
  const startsNothing = !programs.length && !isPackageInit;
  if (startsNothing) {
    // A module that starts no program (most files of a library): nothing to find when nothing it runs can reach an
    // activation (the text pre-scan, asked first: it is cheaper than the program index). Else, a module another project
    // module imports is judged from that program; with `settings.entries` set, only the listed files and the declared
    // programs start programs.
    if (cannotReachPatch(project, context)) return null;
    if (project.settings.entries || project.index.isImported(file)) return null;
  }
  const below = isPackageInit ? targetsBelow(project, file) : [];
  // A worker's patch after the app loaded needs no activation in the project's text.
  const workerPatch = programs.some((p) => p.workerPatch) || below.some((t) => t.after?.length);
  if (!startsNothing && !workerPatch && !below.length && cannotReachPatch(project, context)) return null;
  const own = lintedSummary(project, context);

  const orders: ModuleSummary[] = [];
  if (programs.length) {
    const summaries = new Map<string, ModuleSummary>();
    for (const p of programs) {
      const key = `${p.asMain}\0${p.parents}\0${p.call ?? ''}`;
      let base = summaries.get(key);
      if (!base) {
        base = p.asMain && p.parents && !p.call ? own : summarizeLintedAs(project.state, context, { asMain: p.asMain, parents: p.parents, ...(p.call ? { thenCall: p.call } : {}) });
        summaries.set(key, base);
      }
      orders.push({ ...base, events: [...preloadEvents(project, p), ...base.events, ...workerEvents(project, p, base)] });
    }
  } else orders.push(own);
  if (below.length) orders.push(...ordersBelow(own, below, (f) => parentPackageLoads(project.state, f)));
  if (!workerPatch && !below.length && !orders.some((o) => mayReachPatch(project, o))) return null;

  const reportedElsewhere = (problem: OrderProblem): boolean => {
    // A load and a patch both made while a module this file imports runs: that module reports it itself when it is
    // judged as a program of its own in an order with nothing active before it.
    if (!('at' in problem) || problem.at.kind !== 'load' || problem.at.loadKind === 'py-parent') return false;
    if (problem.at.resolved.type !== 'file' || problem.patch.via !== problem.at || !problem.patch.chain.length) return false;
    const m = problem.at.resolved.path;
    if (m === file || !m.endsWith('.py')) return false;
    const theirs = programsOf(project, m, readText(m) ?? '', context.cwd);
    if (!theirs.length) return basename(m) === '__init__.py';
    return theirs.some((p) => !p.preloaded.length && !p.runsBefore.length);
  };

  const [summary, ...alsoOrders] = orders as [ModuleSummary, ...ModuleSummary[]];
  return {
    cwd: context.cwd,
    filename: file,
    summary,
    ...(alsoOrders.length ? { alsoOrders } : {}),
    reportedElsewhere,
    facts: (path: string) => moduleFacts(project, path),
    program: (entry: string, loads: readonly string[], active: ReadonlySet<string>) => programWalk(project, entry, loads, active),
    calledFunction: () => null,
    packageCaptures: pyPackageCaptures,
    packageLoads: (resolved: ResolvedModule) => project.frontEnd.packageLoads(project.state, resolved),
    preloaded: new Set<string>(),
    entry: (id: string) => project.state.byId.get(id),
    fixes: (problem: MovableProblem) => ({
      fix: problem.patch.chain.length === 0 && !problem.patch.event.worker ? movePatchToTop(module, context.sourceCode.text, problem.patch.event) : null,
      suggest: [],
    }),
  };
}

/** The programs that start at `file`: declared (configuration, command lines), by convention, and `settings.entries`. */
function programsOf(project: PyProject, file: string, text: string, cwd: string): PyEntry[] {
  const resolver = project.state.resolver;
  const out = [...declaredEntries(project.root, resolver).of(file), ...conventionEntries(file, text, resolver, project.root)];
  const listed = project.settings.entries;
  if (listed && listedEntry(listed, cwd, file)) out.push({ file, asMain: true, parents: true, description: "a file of settings['patch-order'].entries", preloaded: [], runsBefore: [] });
  return out;
}

/**
 * What runs after this __init__.py: each program's module below the package (declared, and the files named like
 * entries: `__main__.py`, `wsgi.py`…), then each subpackage, for those that may patch (or whose worker patches).
 */
function targetsBelow(project: PyProject, init: string): BelowTarget[] {
  const dir = dirname(init);
  const named: string[] = [];
  // In a project none of whose files can mention a patcher, no subpackage or entry by name below can patch: only a
  // declared program's server worker can, so the folders below are not listed (Django: 16 ms of the rule's 130).
  const quiet = !!project.reach.quietFiles()?.has(init);
  const inits = quiet ? [] : subpackageInits(dir, project.state.resolver.listings, 500, CONVENTION_NAMES, named);
  const out: BelowTarget[] = [];
  const programs = [
    ...declaredEntries(project.root, project.state.resolver).all.filter((e) => isInside(e.file, dir)),
    ...named.flatMap((f) => conventionEntries(f, '', project.state.resolver, project.root)),
  ];
  for (const p of programs) {
    if (!p.parents || p.file === init) continue;
    const after = workerEvents(project, p, null);
    // It may patch: itself, or a package between this one and it (designate/cmd/__init__.py).
    const between = parentPackageLoads(project.state, p.file).flatMap((l) => (l.resolved.type === 'file' && l.resolved.path !== init && isInside(l.resolved.path, dir) ? [l.resolved.path] : []));
    if (!after.length && ![...between, p.file].some((f) => project.reach.reaches(f))) continue;
    const before = preloadEvents(project, p);
    out.push({ file: p.file, entry: p.description, ...(before.length ? { before } : {}), ...(after.length ? { after } : {}) });
  }
  for (const f of inits) if (project.reach.reaches(f)) out.push({ file: f });
  return out;
}

const AT_START = { line: 1, column: 0, endLine: 1, endColumn: 0 };

/** The program's preloads, and the patches of the files it runs first (a gunicorn config), as activations before line 1. */
function preloadEvents(project: PyProject, program: PyEntry): PatchEvent[] {
  const ids = new Set(program.preloaded);
  for (const f of program.runsBefore) for (const p of moduleFacts(project, f)?.patches ?? []) ids.add(p.event.patcherId);
  const out: PatchEvent[] = [];
  for (const id of ids) {
    const entry = project.state.byId.get(id);
    if (!entry) continue;
    out.push({ kind: 'patch', patcherId: id, targets: [...entry.targets], activation: 'preload', loc: AT_START, capturesMatter: true, ...(entry.captureOnly ? { captureOnly: true } : {}) });
  }
  return out;
}

/**
 * gunicorn's gevent worker patches after the fork; with preload_app the master imported the app before it. gunicorn's
 * master has socket, ssl and threading loaded itself by then, so loading them changes nothing: what breaks is a name
 * copied out of them while the app loads (`from threading import Lock`, urllib3's copies out of ssl), measured with
 * gunicorn 20.1 and gevent 22.10. Only the gevent worker: the eventlet worker's patched names are not catalogued.
 */
function workerEvents(project: PyProject, program: PyEntry, summary: ModuleSummary | null): PatchEvent[] {
  const wp = program.workerPatch;
  if (!wp || wp.patcherId !== 'gevent') return [];
  const entry = project.state.byId.get(wp.patcherId);
  if (!entry) return [];
  const names = entry.patchedNames ? [...new Set(Object.values(entry.patchedNames).flat())] : undefined;
  const last = summary?.events.reduce((n, e) => Math.max(n, e.loc.endLine), 1) ?? 1;
  return [
    {
      kind: 'patch',
      patcherId: wp.patcherId,
      targets: [...entry.targets],
      activation: 'call',
      loc: { line: last, column: 0, endLine: last, endColumn: 0 },
      captureOnly: true,
      capturesMatter: true,
      ...(names ? { names } : {}),
      worker: { server: wp.server, setting: wp.setting },
    },
  ];
}
