import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/util/create-rule.js';
import { readSettings } from '../src/util/settings.js';
import { currentSummary, formatOfContext, moduleFacts, projectFor } from '../src/lang/js/project.js';
import type { ChainStep, Loc, SpawnEvent } from '../src/graph/types.js';
import { jsSpawnFork } from '../src/catalog/js-spawn-fork.js';
import { FileScan, type ForkPoint } from '../src/checks/no-spawn-before-fork/js/scan.js';
import { meet, type Role } from '../src/lang/js/events/spawn-fork-guards.js';
import { pm2EntryFor } from '../src/checks/no-spawn-before-fork/js/pm2.js';
import { displayPath, jsSpawnForkMessages, loadedHint, loadedSpawn, ownSpawn, spawnData, type ForkMode, type JsSpawnForkMessageId } from '../src/checks/no-spawn-before-fork/js/messages.js';
import { canWrap, enclosingStatement, wrapInIf } from '../src/checks/no-spawn-before-fork/js/fixes.js';
import { isPythonContext } from '../src/lang/python/project.js';
import { pythonMessages, pythonNoSpawnBeforeFork, type PyMessageId } from '../src/checks/no-spawn-before-fork/python/visitor.js';

type MessageIds = JsSpawnForkMessageId | PyMessageId;

type Options = [{ ignore?: string[]; perProcess?: string[]; once?: string[]; pm2?: boolean }];

type Node = TSESTree.Node;

/** Cheap pre-check: a file that names none of these cannot fork itself. */
const FORK_HINT = /\bfork\b|\bWorker\b|throng|sticky-cluster|express-cluster|cluster-service/;

const SEVERITY: Record<Problem['messageId'], number> = {
  spawnsItselfRecursively: 0,
  forkInEveryWorker: 0,
  runsInEveryProcess: 1,
  runsInEveryPm2Instance: 1,
  runsInEveryWorker: 2,
  runsInPrimary: 3,
};

/** Spawns that, inside an explicit worker branch, are taken as meant per worker. */
const WORKER_INTENT = new Set([...jsSpawnFork.spawns, ...jsSpawnFork.globalSpawns].filter((s) => s.workerBranchIsIntent).map((s) => s.id));

const titles = new Map<string, string>();
for (const s of [...jsSpawnFork.spawns, ...jsSpawnFork.globalSpawns]) if (!titles.has(s.id)) titles.set(s.id, s.title);

interface Problem {
  messageId: Exclude<MessageIds, 'wrapInGuard' | PyMessageId>;
  guard: string | null;
}

const rule = createRule<Options, MessageIds>({
  name: 'no-spawn-before-fork',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow starting threads, timers, schedulers, connections or workers before a fork or in module code that every forked process re-runs (cluster, fork(self), new Worker(self), PM2 cluster mode; os.fork, multiprocessing, gunicorn preload, uWSGI)',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          ignore: { type: 'array', items: { type: 'string' }, description: 'Spawn ids never reported (e.g. "setInterval").' },
          perProcess: { type: 'array', items: { type: 'string' }, description: 'Spawn ids meant to run once per process.' },
          once: { type: 'array', items: { type: 'string' }, description: 'Spawn ids that must run in one process only.' },
          pm2: { type: 'boolean', description: 'Read PM2 ecosystem files (default true).' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      ...jsSpawnForkMessages,
      ...pythonMessages,
    },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    readSettings(context); // throws on bad settings['patch-order']: fails the run, outside any try
    // Python files (language patch-order/python) go to src/checks/no-spawn-before-fork/python/visitor.ts.
    if (isPythonContext(context as never)) return pythonNoSpawnBeforeFork(context as never, options) as never;
    const ignore = new Set(options.ignore ?? []);
    const perProcess = new Set(options.perProcess ?? []);
    const once = new Set(options.once ?? []);
    const categoryOf = (e: SpawnEvent): 'once' | 'per-process' =>
      once.has(e.spawnId) ? 'once' : perProcess.has(e.spawnId) ? 'per-process' : e.category;

    return {
      Program(program) {
        try {
          check(program);
        } catch {
          // Never take the lint run down: a file we cannot analyse gets no report.
        }
      },
    };

    function check(program: TSESTree.Program): void {
      const filename = context.filename;
      const sourceCode = context.sourceCode;
      const text = sourceCode.text;
      const project = projectFor(context);
      const pm2 = options.pm2 === false ? null : pm2EntryFor(filename, project.root);
      if (!pm2 && !FORK_HINT.test(text)) return;

      const scan = new FileScan(program, filename, sourceCode.visitorKeys as Record<string, readonly string[]>, pm2 ? [pm2.instanceVar] : []);
      const selfForks = scan.selfForks();
      checkRecursion(scan, selfForks);
      if (!selfForks.length && !pm2) return;

      const first = selfForks[0] ?? null;
      const mode: ForkMode = {
        fork: first,
        cluster: selfForks.some((f) => f.match.entry.how === 'cluster'),
        repeated: selfForks.length > 1 || selfForks.some((f) => f.repeated || (f.match.entry.how === 'cluster' && f.match.entry.id !== 'cluster.fork')),
        pm2,
      };
      // The shared summary (one walk per file for all rules) carries this rule's spawn/fork events.
      const summary = currentSummary(context);

      // Same file: spawns at module time.
      for (const event of summary.events) {
        if (event.kind !== 'spawn' || ignore.has(event.spawnId)) continue;
        // The summary's guard knows the call chain; the file scan also knows this project's PM2 instance_var.
        const at = nodeAt(event.loc);
        const role = event.guard?.role ?? (at ? (scan.guardOf(at, scan.ancestorsOf(at))?.role ?? null) : null);
        const problem = decide(event.spawnId, categoryOf(event), role, mode, scan);
        if (!problem) continue;
        const stmt = event.statementRange ? program.body.find((s) => s.range[0] === event.statementRange![0] && s.range[1] === event.statementRange![1]) : undefined;
        const wrappable = stmt && problem.guard && canWrap(stmt, selfForks.map((f) => f.node));
        context.report({
          loc: toLoc(event.loc),
          messageId: problem.messageId,
          data: spawnData(context.cwd, ownSpawn(titles.get(event.spawnId) ?? event.spawnId), mode, problem.guard),
          suggest: wrappable ? [{ messageId: 'wrapInGuard', data: { guard: problem.guard! }, fix: wrapInIf(sourceCode, stmt, problem.guard!) }] : [],
        });
      }

      // Across files: module-level spawns of what this file loads run in every process too.
      const seen = new Set<string>();
      for (const event of summary.events) {
        if (event.kind !== 'load' || event.resolved.type !== 'file') continue;
        const target = event.resolved.path;
        if (target === filename || seen.has(target)) continue;
        seen.add(target);
        const facts = moduleFacts(context, target);
        if (!facts?.spawns.length) continue;
        const loadNode = nodeAt(event.loc);
        const loadRole = loadNode ? (scan.guardOf(loadNode, scan.ancestorsOf(loadNode))?.role ?? null) : null;
        const step: ChainStep = { file: filename, loc: event.loc, specifier: event.specifier };
        const found: { problem: Problem; spawn: (typeof facts.spawns)[number] }[] = [];
        for (const spawn of facts.spawns) {
          if (ignore.has(spawn.event.spawnId)) continue;
          const problem = decide(spawn.event.spawnId, categoryOf(spawn.event), meet(loadRole, spawn.event.guard?.role ?? null), mode, scan);
          if (problem) found.push({ problem, spawn });
        }
        if (!found.length) continue;
        // Most severe first (work duplicated N+1 times before a wasted connection), then evaluation order.
        const { problem, spawn } = [...found].sort((a, b) => SEVERITY[a.problem.messageId] - SEVERITY[b.problem.messageId])[0]!;
        const title = titles.get(spawn.event.spawnId) ?? spawn.event.spawnId;
        const text = loadedSpawn(context.cwd, title, spawn.file, spawn.event.loc.line, found.length - 1, [step, ...spawn.chain]);
        const data = spawnData(context.cwd, text, mode, problem.guard);
        // Across files: the work belongs in that branch, not in the module scope of the imported file.
        if (problem.guard) data.hint = loadedHint(problem.guard, displayPath(context.cwd, spawn.file));
        context.report({ loc: toLoc(event.loc), messageId: problem.messageId, data });
      }
    }

    function checkRecursion(scan: FileScan, selfForks: ForkPoint[]): void {
      for (const f of selfForks) {
        const role = f.guard?.role ?? null;
        if (role === 'primary' || role === 'single-instance') continue;
        const ancestors = scan.ancestorsOf(f.node);
        if (!scan.isModuleTime(ancestors)) continue;
        const entry = f.match.entry;
        let guard: string | null;
        let messageId: 'spawnsItselfRecursively' | 'forkInEveryWorker';
        if (entry.id === 'cluster.fork') {
          messageId = 'forkInEveryWorker';
          guard = clusterGuard(scan, 'isPrimary');
        } else if (entry.how === 'cluster') {
          continue; // wrappers check the role themselves
        } else {
          messageId = 'spawnsItselfRecursively';
          guard = entry.unit === 'thread' ? threadGuard(scan) : argvGuard(f);
        }
        const stmt = enclosingStatement(f.node);
        const wrappable = stmt && guard && canWrap(stmt);
        context.report({
          node: f.node,
          messageId,
          data: {
            fork: entry.title,
            unit: entry.unit === 'thread' ? 'worker thread' : 'child process',
            parent: entry.unit === 'thread' ? 'main thread' : 'parent process',
            hint: guard ? `: \`if (${guard}) { … }\`` : '',
          },
          suggest: wrappable ? [{ messageId: 'wrapInGuard', data: { guard: guard! }, fix: wrapInIf(context.sourceCode, stmt, guard!) }] : [],
        });
      }
    }

    function decide(spawnId: string, category: 'once' | 'per-process', role: Role | null, mode: ForkMode, scan: FileScan): Problem | null {
      if (role === 'primary' || role === 'single-instance') return null;
      const fork = mode.fork;
      if (category === 'once') {
        if (role === null) {
          if (fork) return { messageId: 'runsInEveryProcess', guard: primaryGuard(scan, fork) };
          if (mode.pm2) return { messageId: 'runsInEveryPm2Instance', guard: `(process.env.${mode.pm2.instanceVar} ?? '0') === '0'` };
          return null;
        }
        // role === 'worker'
        if (WORKER_INTENT.has(spawnId) && !once.has(spawnId)) return null;
        if (fork && mode.repeated) return { messageId: 'runsInEveryWorker', guard: null };
        if (!fork && mode.pm2) return { messageId: 'runsInEveryPm2Instance', guard: null };
        return null;
      }
      if (role === null && fork && mode.cluster) return { messageId: 'runsInPrimary', guard: clusterGuard(scan, 'isWorker') };
      return null;
    }

    function primaryGuard(scan: FileScan, fork: ForkPoint): string | null {
      const entry = fork.match.entry;
      if (entry.how === 'cluster') return clusterGuard(scan, 'isPrimary');
      return entry.unit === 'thread' ? threadGuard(scan) : argvGuard(fork);
    }

    function clusterGuard(scan: FileScan, flag: 'isPrimary' | 'isWorker'): string | null {
      const ns = scan.namespaceOf('cluster');
      if (ns) return `${ns}.${flag}`;
      const named = scan.namedOf('cluster', flag) ?? (flag === 'isPrimary' ? scan.namedOf('cluster', 'isMaster') : null);
      if (named) return named;
      return isCommonJs() ? `require('node:cluster').${flag}` : null;
    }

    function threadGuard(scan: FileScan): string | null {
      const named = scan.namedOf('worker_threads', 'isMainThread');
      if (named) return named;
      const ns = scan.namespaceOf('worker_threads');
      if (ns) return `${ns}.isMainThread`;
      return isCommonJs() ? "require('node:worker_threads').isMainThread" : null;
    }

    /** `fork(__filename, ['child'])` → `process.argv[2] !== 'child'`. */
    function argvGuard(fork: ForkPoint): string | null {
      const args = fork.node.arguments[1];
      if (args?.type !== 'ArrayExpression') return null;
      const firstArg = args.elements[0];
      if (firstArg?.type !== 'Literal' || typeof firstArg.value !== 'string') return null;
      return `process.argv[2] !== ${JSON.stringify(firstArg.value).replace(/^"|"$/g, "'")}`;
    }

    function isCommonJs(): boolean {
      try {
        return formatOfContext(context).format === 'cjs';
      } catch {
        return false;
      }
    }


    function nodeAt(loc: Loc): Node | null {
      try {
        const index = context.sourceCode.getIndexFromLoc({ line: loc.line, column: loc.column });
        return (context.sourceCode.getNodeByRangeIndex(index) as Node | null) ?? null;
      } catch {
        return null;
      }
    }
  },
});

function toLoc(loc: Loc): TSESTree.SourceLocation {
  return { start: { line: loc.line, column: loc.column }, end: { line: loc.endLine, column: loc.endColumn } };
}

// ESLint 10 reads `meta.languages`; typescript-eslint's types do not know it yet. Python files go to
// src/checks/no-spawn-before-fork/python/visitor.ts.
(rule.meta as unknown as { languages: string[] }).languages = ['js/js', 'patch-order/python'];

export default rule;
