import type { Rule } from 'eslint';
import { resolve as resolvePath } from 'node:path';
import type { ChainStep, ForkEvent, Loc, ModuleSummary, TimelineEvent } from '../../../graph/types.js';
import { pyForkEntryById, pySpawnEntryById, pySpawnFork, type PySpawnUnit } from '../../../catalog/python-spawn-fork.js';
import { describeChain } from '../../describe.js';
import type { Finding } from '../../report.js';
import { readSettings } from '../../../util/settings.js';
import { toLoc } from '../../../util/loc.js';
import { displayPath } from '../../../util/paths.js';
import type { PyNode } from '../../../lang/python/ast.js';
import { pythonProject } from '../../../lang/python/project.js';
import { lintedSummary } from '../../../lang/project.js';
import { summarizePython } from '../../../lang/python/summarize.js';
import type { StartMethod } from '../../../lang/python/events/spawn-fork-detector.js';
import { spawnPolicy, type SpawnForkOptions } from '../options.js';
import { serversFor, type ServerMatch } from '../../../lang/python/deployments.js';
import { factsOfModule, type PyFileFacts } from '../../../lang/python/app-load.js';
import { CELERY_EFFECT, FORK_EFFECT, GREEN_MASTER_EFFECT, MASTER_EFFECT, REIMPORT_EFFECT, workerCount, type PyMessageId } from './messages.js';
import { calledSpawns, functionEvents, moduleEvents, type Found } from './app-events.js';
import { mechanicalMove, moveAfterFork, moveIntoPostFork, moveUnderMain, startInChild, useSpawnContext, wrapInMain, type PyFix } from './fixes.js';
import { processCheckKind } from '../../../lang/python/events/spawn-fork-detector.js';
import { spawnFacts } from './spawn-reach.js';
import { internalError, strictMode } from '../../../util/guard.js';

/*
 * The Python side of `patch-order/no-spawn-before-fork`: returns findings, the rule reports them.
 *
 * What it reports, in the linted file only (the file that holds the offending spawn or import):
 *
 * 1. In-file forks: the file forks at module time (os.fork, pty.fork, gevent.fork, python-daemon, or
 *    multiprocessing with the `fork` start method — the default on Linux before Python 3.14): every
 *    spawn that runs before the fork, in this file or in a local module imported before it, is
 *    reported (`startedBeforeFork`). With the `spawn` / `forkserver` start method the children
 *    re-import this file as `__mp_main__` (the forkserver process of Python 3.13.8+ / 3.14 imports it once,
 *    and forks the children from it): module-scope code outside `if __name__ == "__main__":`, and the local
 *    modules it imports there, run again. A job (scheduler, timer, a thread that loops forever) then runs
 *    once per process (`runsAgainInChildren`); a thread of the program's own starts in every child too
 *    (`startsAgainInChildren`); a client each child needs (a channel, an exporter) is not reported.
 * 2. Servers: the file is the app module a gunicorn / uWSGI deployment imports (gunicorn.conf.py
 *    `wsgi_app`, a Procfile / Dockerfile / start script command line, a uWSGI ini), or a gunicorn
 *    config file. When the master imports the app before forking (gunicorn `preload_app`, uWSGI
 *    without `lazy-apps`), every spawn at import time is reported (`startedInServerMaster`); without
 *    preloading, once-only work is reported when several workers run (`runsInEveryServerWorker`).
 *    Spawns in imported local modules are reported at the import, with the chain.
 */

type Ctx = Rule.RuleContext;

/** Patchers that turn the master's threads into greenlets, which fork copies into every worker. */
const GREEN_PATCHERS = new Set(['gevent', 'eventlet']);

/** What the server does that runs this code, for messages: `imports the app and calls create_app()`. */
function whatLoads(m: ServerMatch, fn: string | null): string {
  if (m.role === 'config') return 'executes this config file';
  const load = m.load;
  if (!load || load.why === 'the app module' || load.why.startsWith('the app factory')) return fn ? `imports the app and calls ${fn}()` : 'imports the app';
  return fn ? `imports the app, whose django.setup() runs ${fn}() of ${load.why}` : `imports the app, whose django.setup() imports ${load.why}`;
}

const CELERY_WORD = /celery/iu;

/** Cheap pre-check: a file that names none of these cannot fork at module time. */
const FORK_HINT = /\bfork\w*\s*\(|multiprocessing|ProcessPoolExecutor|DaemonContext/;

function minorOf(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^3(?:\.(\d+))?(?:\.\d+)?$/.exec(text);
  return m ? Number(m[1] ?? 0) : undefined;
}

export function checkPythonFile(context: Ctx, options: SpawnForkOptions): Finding<PyMessageId>[] {
  const module = context.sourceCode.ast as unknown as PyNode;
  const { ignored, categoryOf, declaredPerProcess } = spawnPolicy(options);
  const autofix = options.fix === 'autofix';
  const text = context.sourceCode.text;
  const filename = context.filename;
  const findings: Finding<PyMessageId>[] = [];
  const reported = new Set<string>();
  /** One finding per position: the first (in-file fork, re-run, server) wins. */
  const report = (loc: Loc, messageId: 'startedBeforeFork' | 'startedInServerMaster' | 'runsInEveryServerWorker' | 'startedInMasterHook' | 'startedInCeleryParent' | 'startedInCelerySignal', data: Record<string, string>, suggest: PyFix[] = []) => {
    const key = `${loc.line}:${loc.column}`;
    if (reported.has(key)) return;
    reported.add(key);
    findings.push({ loc: toLoc(loc), messageId, data, suggest });
  };
  const rel = (f: string) => displayPath(context.cwd, f);
  const titleOf = (id: string) => pySpawnEntryById(id)?.title ?? id;
  const unitOf = (id: string): PySpawnUnit => pySpawnEntryById(id)?.unit ?? 'thread';

  const project = pythonProject(context);
  const { resolver, patchers, detectors } = project.state;
  let nonEntry: ModuleSummary | undefined;
  const childSummary = (): ModuleSummary => (nonEntry ??= summarizePython(module, text, filename, { resolver, isEntry: false, patchers, detectors }));

  /** Spawns a module-time event list starts: own ones, and (per import) those of local modules. */
  type Group = { at: Loc; index: number; own: boolean; found: Found[]; call?: boolean };
  const groups = (events: ModuleSummary['events'], until: number, keep: (f: Found) => boolean): Group[] => {
    const out: Group[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < Math.min(until, events.length); i++) {
      const e = events[i]!;
      if (e.kind === 'spawn') {
        if (ignored(e.spawnId)) continue;
        const f: Found = { spawnId: e.spawnId, event: e, file: filename, chain: [] };
        if (keep(f)) out.push({ at: e.loc, index: i, own: true, found: [f] });
      } else if (e.kind === 'load' && e.resolved.type === 'file') {
        const target = e.resolved.path;
        if (target === filename || seen.has(target)) continue;
        seen.add(target);
        const facts = spawnFacts(project, target);
        if (!facts?.spawns.length) continue;
        const step: ChainStep = { file: filename, loc: e.loc, specifier: e.specifier };
        const found = facts.spawns
          .filter((s) => !ignored(s.event.spawnId))
          .map((s) => ({ spawnId: s.event.spawnId, event: s.event, file: s.file, chain: [step, ...s.chain] }))
          .filter(keep);
        if (found.length) out.push({ at: e.loc, index: i, own: false, found });
      } else if (e.kind === 'call' && e.resolved.type === 'file') {
        // A function of another local module, called here (`app = create_app()`): what its body starts.
        const step: ChainStep = { file: filename, loc: e.loc, specifier: `${e.specifier}.${e.name}()` };
        const found = calledSpawns(project, e.resolved.path, e.name)
          .filter((s) => !ignored(s.event.spawnId))
          .map((s) => ({ ...s, chain: [step, ...s.chain] }))
          .filter(keep);
        if (found.length) out.push({ at: e.loc, index: i, own: false, found, call: true });
      }
    }
    return out;
  };

  const spawnText = (g: Group) => {
    const first = g.found[0]!;
    if (g.own) return { spawn: titleOf(first.spawnId), where: '', loaded: '' };
    const more = g.found.length > 1 ? ` (and ${g.found.length - 1} more)` : '';
    return {
      spawn: `${titleOf(first.spawnId)} at ${rel(first.file)}:${first.event.loc.line}${more}`,
      where: g.call ? ', started by this call,' : ', loaded here,',
      loaded: ` This file ${g.call ? 'calls' : 'imports'} it${describeChain(context.cwd, first.chain)}.`,
    };
  };

  // ---- 1. forks in this file -----------------------------------------------------------------------
  const hinted = FORK_HINT.test(text);
  const summary: ModuleSummary = hinted ? lintedSummary(project, context) : { path: filename, language: 'python', events: [] };
  const version = pythonMinor(context);
  const forks = summary.events
    .map((e, index) => ({ e, index }))
    .filter((x): x is { e: ForkEvent; index: number } => x.e.kind === 'fork')
    .map((x) => ({ ...x, method: effectiveMethod(x.e, version) }));

  const copyingForks = forks.filter((f) => f.method === 'fork');
  const last = copyingForks[copyingForks.length - 1];
  if (last) {
    for (const g of groups(summary.events, last.index, (f) => f.event.guard?.role !== 'after-fork-child')) {
      // The first fork after the start; a start is alive at every later fork too.
      const later = copyingForks.filter((f) => f.index > g.index);
      const copying = later[0]!;
      const forkTitle = forkTitleOf(copying.e, copying.method, version);
      const first = g.found[0]!;
      const suggest: PyFix[] = [];
      // Moving past (or changing) one fork does not help when another one follows.
      if (g.own && later.every((f) => f.e.loc.line === copying.e.loc.line && f.e.loc.column === copying.e.loc.column)) {
        const moved = moveAfterFork(context, module, first.event, copying.e, forkTitle);
        if (moved) suggest.push(moved);
        if (first.event.guard?.role === 'main-script' || categoryOf(first.event) === 'per-process') {
          const spawnCtx = useSpawnContext(context, module, copying.e, forkTitle);
          if (spawnCtx) suggest.push(spawnCtx);
        }
      }
      report(g.at, 'startedBeforeFork', {
        ...spawnText(g),
        fork: forkTitle,
        forkLine: String(copying.e.loc.line),
        effect: FORK_EFFECT[unitOf(first.spawnId)],
        hint: g.own ? '' : ': import the module after the fork, or start the work in a function called after it',
      }, suggest);
    }
  }

  // ---- 1b. children that re-import this file (spawn / forkserver) ------------------------------------
  const reRuns = forks.filter((f) => f.e.reRunsSelf || f.method === 'spawn' || f.method === 'forkserver');
  const reRun = reRuns[0];
  if (reRun) {
    const forkTitle = forkTitleOf(reRun.e, reRun.method, version);
    const where = reimportWhere(reRun.method, version, reRuns.length === 1 ? reRun.e.processes : undefined);
    // What the re-import runs: this module as `__mp_main__` (its `__main__` block skipped), and what it imports.
    const child = summarizePython(module, text, filename, { resolver, isEntry: false, runName: '__mp_main__', patchers, detectors });
    const kindOf = (f: Found): 'job' | 'thread' | null => {
      const guard = f.event.guard;
      if (guard?.role === 'single-instance') return null;
      if (guard?.role === 'process-check' && !processCheckFails(guard.text, where)) return null;
      if (declaredPerProcess(f.spawnId)) return null;
      if (categoryOf(f.event) === 'once' || f.event.periodic) return 'job';
      return pySpawnEntryById(f.spawnId)?.ownThread ? 'thread' : null;
    };
    for (const g of groups(child.events, Infinity, (f) => kindOf(f) !== null)) {
      const key = `${g.at.line}:${g.at.column}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const first = g.found[0]!;
      const kind = kindOf(first)!;
      const suggest: PyFix[] = [];
      if (g.own) {
        const moved = moveUnderMain(context, module, first.event) ?? wrapInMain(context, module, first.event);
        if (moved) suggest.push(moved);
      }
      const guard = first.event.guard;
      const note = guard?.role === 'process-check' ? processCheckNote(guard.text) : '';
      findings.push({
        loc: toLoc(g.at),
        messageId: kind === 'job' ? 'runsAgainInChildren' : 'startsAgainInChildren',
        data: {
          ...spawnText(g),
          head: kind === 'job' ? where.jobHead : where.threadHead,
          fork: forkTitle,
          forkLine: String(reRun.e.loc.line),
          how: where.how,
          note,
          effect: where.effect,
          hint: !g.own
            ? ': import that module under `if __name__ == "__main__":`, or start the work in a function called there'
            : suggest[0]?.messageId === 'wrapInMain'
              ? ': wrap it in `if __name__ == "__main__":`'
              : ': move it under `if __name__ == "__main__":`',
        },
        suggest,
        ...(autofix && g.own && suggest[0] && mechanicalMove(context, module, first.event) ? { fix: suggest[0].fix } : {}),
      });
    }
  }

  // ---- 2. servers that import this file -------------------------------------------------------------
  let appFacts: PyFileFacts | undefined;
  const facts = () => (appFacts ??= factsOfModule(module, text));
  const sourceRoots = (project.settings.pythonPath ?? []).map((r) => resolvePath(project.root, r));
  // A celery module names celery: its task decorators, signals and `Celery` class are imported from it (app-load.ts),
  // and an app's `@app.task` needs `Celery(…)` here or an app whose name says so. Most files skip the statement walk.
  const celeryModule = (): boolean => {
    if (CELERY_WORD.test(text)) return facts().celery;
    // Strict mode (the tests): the walk runs anyway, and a celery module without the word is a bug of this test.
    if (strictMode() && facts().celery) internalError('no-spawn-before-fork (Python)', new Error('a celery module whose text does not name celery'));
    return false;
  };
  const matches = serversFor(filename, project.roots, { sourceRoots, buildsApp: () => facts().buildsApp, celeryModule, facts });
  let serverEvents: TimelineEvent[] | undefined;
  const moduleTime = () => (serverEvents ??= moduleEvents(project, module, text, filename));
  const done = new Set<string>();
  for (const m of matches) {
    const d = m.deployment;
    const key = `${d.server}:${m.role}`;
    if (done.has(key) || !d.forks) continue;
    done.add(key);
    const config = d.source ? rel(d.source) : '';
    const green = d.workerClass !== null && /gevent|eventlet/i.test(d.workerClass);
    const runsHere = (f: Found) => f.event.guard?.role !== 'after-fork-child' && f.event.guard?.role !== 'single-instance';
    const g0 = (f: Found) => f.chain.length > 0;
    // What of this file runs when the server loads the app: its module code, and functions (factory, ready()).
    const parts: { events: TimelineEvent[]; at: string; what: string }[] = [];
    const load = m.load;
    if (m.role !== 'app' || !load || load.module) parts.push({ events: m.role === 'config' ? childSummary().events : moduleTime(), at: 'at import', what: whatLoads(m, null) });
    for (const fn of load?.functions ?? []) parts.push({ events: functionEvents(project, module, text, filename, fn), at: `in ${fn}()`, what: whatLoads(m, fn) });
    // Django loads many modules: a module they share is reported where the first of them imports it.
    const earlier = m.loads && load ? m.loads.slice(0, m.loads.indexOf(load)).filter((l) => l.module) : [];
    const reachedEarlier = (f: Found) =>
      earlier.some((l) => spawnFacts(project, l.file)?.spawns.some((s) => s.file === f.file && s.event.loc.line === f.event.loc.line && s.event.loc.column === f.event.loc.column));

    if (m.role === 'tasks') {
      for (const part of parts) {
        for (const g of groups(part.events, Infinity, (f) => runsHere(f))) {
          const first = g.found[0]!;
          const unit = unitOf(first.spawnId);
          const suggest: PyFix[] = [];
          if (g.own) {
            const fix = startInChild(context, module, first.event);
            if (fix) suggest.push(fix);
          }
          report(g.at, 'startedInCeleryParent', {
            ...spawnText(g),
            config: config ? `${config}: ${d.pool ?? 'prefork'} pool` : "prefork, celery's default pool",
            effect: unit === 'greenlet' ? FORK_EFFECT.greenlet : CELERY_EFFECT,
          }, suggest);
        }
      }
      // Handlers of the worker's own signals that run in its main process before the pool forks (`worker_init`):
      // like gunicorn's master hooks, per-process work started there is in no pool process. A once-only job runs
      // once in the main process, which is what such a handler is for.
      for (const [fn, signal] of facts().celerySignals) {
        if (!pySpawnFork.celeryParentSignals.includes(signal) || !facts().functions.has(fn)) continue;
        const events = functionEvents(project, module, text, filename, fn);
        for (const g of groups(events, Infinity, (f) => runsHere(f) && categoryOf(f.event) === 'per-process')) {
          const first = g.found[0]!;
          report(g.at, 'startedInCelerySignal', {
            ...spawnText(g),
            signal: signal.split('.').pop()!,
            handler: fn,
            config: config ? `${config}: ${d.pool ?? 'prefork'} pool` : "prefork, celery's default pool",
            effect: unitOf(first.spawnId) === 'greenlet' ? FORK_EFFECT.greenlet : CELERY_EFFECT,
          });
        }
      }
      continue;
    }

    if (m.role === 'config' || d.preload === true) {
      for (const part of parts) {
        for (const g of groups(part.events, Infinity, (f) => runsHere(f) && !(g0(f) && reachedEarlier(f)))) {
          const first = g.found[0]!;
          const unit = unitOf(first.spawnId);
          const suggest: PyFix[] = [];
          if (g.own && d.server === 'gunicorn') {
            const hook = m.role === 'config' ? moveIntoPostFork(context, module, first.event) : null;
            if (hook) suggest.push(hook);
            const fix = startInChild(context, module, first.event);
            if (fix) suggest.push(fix);
          }
          report(g.at, 'startedInServerMaster', {
            ...spawnText(g),
            what: part.what,
            server: d.server,
            config: m.role === 'config' ? `${config}` : `${config}: ${d.server === 'gunicorn' ? 'preload_app' : 'no lazy-apps'}`,
            effect: unit === 'thread' && green ? GREEN_MASTER_EFFECT : unit === 'greenlet' ? FORK_EFFECT.greenlet : MASTER_EFFECT,
            hint:
              d.server === 'gunicorn'
                ? ': in a `post_fork` hook of the gunicorn config, or with `os.register_at_fork(after_in_child=…)`'
                : ': in a function decorated with `@uwsgidecorators.postfork`, or set `lazy-apps = true`',
          }, suggest);
        }
      }
    } else if (d.preload === false && (d.workers === 'many' || (typeof d.workers === 'number' && d.workers > 1))) {
      for (const part of parts) {
        for (const g of groups(part.events, Infinity, (f) => categoryOf(f.event) === 'once' && runsHere(f) && !(g0(f) && reachedEarlier(f)))) {
          report(g.at, 'runsInEveryServerWorker', {
            ...spawnText(g),
            server: d.server,
            count: workerCount(d.workers),
            config,
            at: part.at,
            what: part.what,
          });
        }
      }
    }

    // gunicorn hooks of the config file that run in the master.
    if (m.role === 'config' && d.server === 'gunicorn') {
      const patchesMaster = childSummary().events.some((e) => e.kind === 'patch' && GREEN_PATCHERS.has(e.patcherId));
      for (const hook of pySpawnFork.gunicornMasterHooks) {
        if (!facts().functions.has(hook)) continue;
        const perFork = hook === pySpawnFork.gunicornPerForkHook;
        const events = functionEvents(project, module, text, filename, hook);
        // A once-only job in on_starting / when_ready runs once, in the master: what it is for (unless the
        // master is monkey-patched: then fork copies its greenlet into every worker).
        const keep = (f: Found) => runsHere(f) && (perFork || patchesMaster || categoryOf(f.event) === 'per-process');
        for (const g of groups(events, Infinity, keep)) {
          const first = g.found[0]!;
          const unit = unitOf(first.spawnId);
          const once = categoryOf(first.event) === 'once';
          report(g.at, 'startedInMasterHook', {
            ...spawnText(g),
            hook,
            when: perFork ? ', which runs once for every worker, just before gunicorn forks it: one more start in the master per worker' : ', before gunicorn forks the workers',
            config,
            effect: patchesMaster && unit !== 'threads' ? GREEN_MASTER_EFFECT : unit === 'greenlet' ? FORK_EFFECT.greenlet : MASTER_EFFECT,
            advice: once
              ? 'Start it once: in `when_ready` without monkey-patching the master, or in a dedicated process'
              : 'Start it in a `post_fork` hook instead, which runs in every worker after the fork',
          });
        }
      }
    }
  }
  return findings;
}

function pythonMinor(context: Ctx): number | undefined {
  const fromSettings = minorOf(readSettings(context).pythonVersion);
  if (fromSettings !== undefined) return fromSettings;
  const lo = (context.languageOptions as Record<string, unknown> | undefined)?.pythonVersion;
  return minorOf(lo);
}

/** The start method a fork event really uses: `default` is fork on Linux before 3.14, forkserver from 3.14. */
export function effectiveMethod(e: ForkEvent, minor: number | undefined): StartMethod {
  const at = e.forkId.indexOf('@');
  if (at < 0) return 'fork';
  const m = e.forkId.slice(at + 1) as StartMethod;
  if (m !== 'default') return m;
  return minor !== undefined && minor >= 14 ? 'forkserver' : 'fork';
}

function forkTitleOf(e: ForkEvent, method: StartMethod, minor: number | undefined): string {
  const at = e.forkId.indexOf('@');
  const id = at < 0 ? e.forkId : e.forkId.slice(0, at);
  const title = pyForkEntryById(id)?.title ?? id;
  if (at < 0) return title;
  const declared = e.forkId.slice(at + 1);
  if (declared === 'default') {
    return method === 'fork'
      ? `${title} (the default start method is fork on Linux before Python 3.14)`
      : `${title} (the default start method is forkserver from Python 3.${minor ?? 14})`;
  }
  return `${title} (start method "${method}")`;
}

/** Where the module-level code of a main module runs again, for messages: by start method and Python version. */
export interface ReimportWhere {
  /** The forkserver process imports the main module once (Python 3.13.8+ / 3.14), the children do not. */
  forkserverOnce: boolean;
  jobHead: string;
  threadHead: string;
  how: string;
  effect: string;
}

export function reimportWhere(method: StartMethod, minor: number | undefined, processes: number | undefined): ReimportWhere {
  const reimports = '`__mp_main__`';
  if (method === 'forkserver' && minor !== undefined && minor >= 14) {
    return {
      forkserverOnce: true,
      jobHead: 'runs twice, not once',
      threadHead: 'starts again in the forkserver process',
      how: `starts a forkserver process, which imports this file as ${reimports} (Python 3.13.8+ and 3.14) and forks every child from it`,
      effect: REIMPORT_EFFECT.forkserver,
    };
  }
  if (method === 'forkserver' && (minor === undefined || minor === 13)) {
    return {
      forkserverOnce: false,
      jobHead: 'runs again in other processes, not once',
      threadHead: 'starts again in other processes',
      how: `starts child processes through a forkserver: before Python 3.13.8 each child re-imports this file as ${reimports}, from 3.13.8 the forkserver process imports it once`,
      effect: REIMPORT_EFFECT.either,
    };
  }
  return {
    forkserverOnce: false,
    jobHead: processes ? `runs ${processes + 1} times, not once` : 'runs once more in every child process',
    threadHead: processes ? `starts again in each of the ${processes} child processes` : 'starts again in every child process',
    how: processes
      ? `starts ${processes} child process${processes === 1 ? '' : 'es'}, and each re-imports this file as ${reimports}`
      : `starts child processes that each re-import this file as ${reimports}`,
    effect: REIMPORT_EFFECT.children,
  };
}

/** Whether an `if` that asks which multiprocessing process runs lets the re-import run its body (measured facts). */
function processCheckFails(condition: string, where: ReimportWhere): boolean {
  const kind = processCheckKind(condition);
  // parent_process() is None until the child has imported the main module; the forkserver process is "MainProcess".
  return kind === 'parent-none' || (kind === 'main-name' && where.forkserverOnce);
}

function processCheckNote(condition: string): string {
  const kind = processCheckKind(condition);
  if (kind === 'parent-none') return ' `multiprocessing.parent_process()` is still None while a child re-imports this file, so the `if` lets it through.';
  if (kind === 'main-name') return ' The forkserver process is named "MainProcess" too, so the `if` lets it through.';
  return '';
}
