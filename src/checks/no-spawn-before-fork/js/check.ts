/**
 * no-spawn-before-fork on a JavaScript / TypeScript file: what the file starts at module time (its own spawns,
 * and those of the local modules it loads) against how the file is re-run (a fork of itself, a cluster library,
 * PM2 cluster mode), and forks of the file itself that run in every child. Returns findings; the rule reports them.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ChainStep, Loc } from '../../../graph/types.js';
import { jsSpawnFork } from '../../../catalog/js-spawn-fork.js';
import { formatOfFile, jsProject } from '../../../lang/js/project.js';
import { lintedSummary, moduleFacts } from '../../../lang/project.js';
import { meet, type Role } from '../../../lang/js/events/spawn-fork-guards.js';
import { guard } from '../../../util/guard.js';
import { toLoc } from '../../../util/loc.js';
import { displayPath } from '../../../util/paths.js';
import type { Finding } from '../../report.js';
import { spawnPolicy, type SpawnForkOptions, type SpawnPolicy } from '../options.js';
import { canWrap, enclosingStatement, wrapInIf } from './fixes.js';
import { RoleGuards } from './guards.js';
import { loadedHint, loadedSpawn, ownSpawn, recursionData, spawnData, type ForkMode, type JsSpawnForkMessageId } from './messages.js';
import { pm2EntryFor } from '../../../lang/js/pm2.js';
import { FileScan, type ForkPoint } from './scan.js';

type Node = TSESTree.Node;
type JsContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type ProblemId = Exclude<JsSpawnForkMessageId, 'wrapInGuard'>;

interface Problem {
  messageId: ProblemId;
  /** The role check the repair wraps the work in, when the file lets us spell one. */
  guard: string | null;
}

/** Cheap pre-check: a file that names none of these cannot fork itself. */
const FORK_HINT = /\bfork\b|\bWorker\b|throng|sticky-cluster|express-cluster|cluster-service/;

/** Of several spawns one load brings in, the one reported: most severe first (work duplicated N+1 times before a wasted connection). */
const SEVERITY: Record<Problem['messageId'], number> = {
  spawnsItselfRecursively: 0,
  forkInEveryWorker: 0,
  runsInEveryProcess: 1,
  runsInEveryPm2Instance: 1,
  runsInEveryWorker: 2,
  runsInPrimary: 3,
};

const SPAWNS = [...jsSpawnFork.spawns, ...jsSpawnFork.globalSpawns];

/** Spawns that, inside an explicit worker branch, are taken as meant per worker. */
const WORKER_INTENT = new Set(SPAWNS.filter((s) => s.workerBranchIsIntent).map((s) => s.id));

const titles = new Map<string, string>();
for (const s of SPAWNS) if (!titles.has(s.id)) titles.set(s.id, s.title);
const titleOf = (spawnId: string): string => titles.get(spawnId) ?? spawnId;

export function checkJsFile(context: JsContext, options: SpawnForkOptions): Finding<JsSpawnForkMessageId>[] {
  const filename = context.filename;
  const sourceCode = context.sourceCode;
  const program = sourceCode.ast;
  const project = jsProject(context);
  const pm2 = options.pm2 === false ? null : pm2EntryFor(filename, project.root);
  if (!pm2 && !FORK_HINT.test(sourceCode.text)) return [];

  const policy = spawnPolicy(options);
  const scan = new FileScan(program, filename, sourceCode.visitorKeys as Record<string, readonly string[]>, pm2 ? [pm2.instanceVar] : []);
  const guards = new RoleGuards(scan, () => guard('no-spawn-before-fork: module format', () => formatOfFile(project, context).format === 'cjs', false));
  const selfForks = scan.selfForks();
  const findings = recursionFindings(context, scan, guards, selfForks);
  if (!selfForks.length && !pm2) return findings;

  const first = selfForks[0] ?? null;
  const mode: ForkMode = {
    fork: first,
    cluster: selfForks.some((f) => f.match.entry.how === 'cluster'),
    repeated: selfForks.length > 1 || selfForks.some((f) => f.repeated || (f.match.entry.how === 'cluster' && f.match.entry.id !== 'cluster.fork')),
    pm2,
  };
  const decide = (spawnId: string, category: 'once' | 'per-process', role: Role | null) => decideProblem(spawnId, category, role, mode, policy, guards);
  const roleAt = (loc: Loc): Role | null => {
    const node = nodeAt(context, loc);
    return node ? (scan.guardOf(node, scan.ancestorsOf(node))?.role ?? null) : null;
  };
  // The shared summary (one walk per file for all rules) carries this rule's spawn/fork events.
  const summary = lintedSummary(project, context);

  // Same file: spawns at module time.
  for (const event of summary.events) {
    if (event.kind !== 'spawn' || policy.ignored(event.spawnId)) continue;
    // The summary's guard knows the call chain; the file scan also knows this project's PM2 instance_var.
    const problem = decide(event.spawnId, policy.categoryOf(event), event.guard?.role ?? roleAt(event.loc));
    if (!problem) continue;
    const range = event.statementRange;
    const stmt = range ? program.body.find((s) => s.range[0] === range[0] && s.range[1] === range[1]) : undefined;
    const wrappable = stmt && problem.guard && canWrap(stmt, selfForks.map((f) => f.node));
    const wrap = wrappable ? wrapInIf(sourceCode, stmt, problem.guard!) : null;
    findings.push({
      loc: toLoc(event.loc),
      messageId: problem.messageId,
      data: spawnData(context.cwd, ownSpawn(titleOf(event.spawnId)), mode, problem.guard),
      // `fix: "autofix"`: applied only when the file already branches on that very check (its own split of the roles).
      fix: wrap && options.fix === 'autofix' && branchesOn(program, sourceCode, problem.guard!) ? wrap : null,
      suggest: wrap ? [{ messageId: 'wrapInGuard', data: { guard: problem.guard! }, fix: wrap }] : [],
    });
  }

  // Across files: module-level spawns of what this file loads run in every process too.
  const seen = new Set<string>();
  for (const event of summary.events) {
    if (event.kind !== 'load' || event.resolved.type !== 'file') continue;
    const target = event.resolved.path;
    if (target === filename || seen.has(target)) continue;
    seen.add(target);
    const facts = moduleFacts(project, target);
    if (!facts?.spawns.length) continue;
    const loadRole = roleAt(event.loc);
    const step: ChainStep = { file: filename, loc: event.loc, specifier: event.specifier };
    const found: { problem: Problem; spawn: (typeof facts.spawns)[number] }[] = [];
    for (const spawn of facts.spawns) {
      if (policy.ignored(spawn.event.spawnId)) continue;
      const problem = decide(spawn.event.spawnId, policy.categoryOf(spawn.event), meet(loadRole, spawn.event.guard?.role ?? null));
      if (problem) found.push({ problem, spawn });
    }
    if (!found.length) continue;
    const { problem, spawn } = [...found].sort((a, b) => SEVERITY[a.problem.messageId] - SEVERITY[b.problem.messageId])[0]!;
    const text = loadedSpawn(context.cwd, titleOf(spawn.event.spawnId), spawn.file, spawn.event.loc.line, found.length - 1, [step, ...spawn.chain]);
    const data = spawnData(context.cwd, text, mode, problem.guard);
    // Across files: the work belongs in that branch, not in the module scope of the imported file.
    if (problem.guard) data.hint = loadedHint(problem.guard, displayPath(context.cwd, spawn.file));
    findings.push({ loc: toLoc(event.loc), messageId: problem.messageId, data });
  }
  return findings;
}

/** Forks of this file that run at module time in the children too (no role guard): they fork again, or throw. */
function recursionFindings(context: JsContext, scan: FileScan, guards: RoleGuards, selfForks: readonly ForkPoint[]): Finding<JsSpawnForkMessageId>[] {
  const findings: Finding<JsSpawnForkMessageId>[] = [];
  for (const f of selfForks) {
    const role = f.guard?.role ?? null;
    if (role === 'primary' || role === 'single-instance') continue;
    if (!scan.isModuleTime(scan.ancestorsOf(f.node))) continue;
    const entry = f.match.entry;
    if (entry.how === 'cluster' && entry.id !== 'cluster.fork') continue; // wrappers check the role themselves
    const messageId = entry.id === 'cluster.fork' ? 'forkInEveryWorker' : 'spawnsItselfRecursively';
    const repair = entry.id === 'cluster.fork' ? guards.cluster('isPrimary') : guards.primary(f);
    const stmt = enclosingStatement(f.node);
    const wrappable = stmt && repair && canWrap(stmt);
    findings.push({
      loc: f.node.loc,
      messageId,
      data: recursionData(entry, repair),
      suggest: wrappable ? [{ messageId: 'wrapInGuard', data: { guard: repair }, fix: wrapInIf(context.sourceCode, stmt, repair) }] : [],
    });
  }
  return findings;
}

/** What is wrong with a spawn of this category, running in a process of this role, given how the file is re-run; null when nothing. */
function decideProblem(spawnId: string, category: 'once' | 'per-process', role: Role | null, mode: ForkMode, policy: SpawnPolicy, guards: RoleGuards): Problem | null {
  if (role === 'primary' || role === 'single-instance') return null;
  const fork = mode.fork;
  if (category === 'once') {
    if (role === null) {
      if (fork) return { messageId: 'runsInEveryProcess', guard: guards.primary(fork) };
      if (mode.pm2) return { messageId: 'runsInEveryPm2Instance', guard: `(process.env.${mode.pm2.instanceVar} ?? '0') === '0'` };
      return null;
    }
    // role === 'worker'
    if (WORKER_INTENT.has(spawnId) && !policy.declaredOnce(spawnId)) return null;
    if (fork && mode.repeated) return { messageId: 'runsInEveryWorker', guard: null };
    if (!fork && mode.pm2) return { messageId: 'runsInEveryPm2Instance', guard: null };
    return null;
  }
  if (role === null && fork && mode.cluster) return { messageId: 'runsInPrimary', guard: guards.cluster('isWorker') };
  return null;
}

/** Does the file already test `guardText` in an `if` (`if (cluster.isPrimary) { … }`)? Compared as text, spaces aside. */
function branchesOn(program: TSESTree.Program, sourceCode: Readonly<TSESLint.SourceCode>, guardText: string): boolean {
  const wanted = guardText.replace(/\s+/gu, '');
  const stack: Node[] = [program];
  let budget = 50_000;
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop()!;
    if (node.type === 'IfStatement' && sourceCode.getText(node.test).replace(/\s+/gu, '') === wanted) return true;
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') stack.push(child as Node);
      }
    }
  }
  return false;
}

/** The node at a summary location of this file (the summary was built from this very text). */
function nodeAt(context: JsContext, loc: Loc): Node | null {
  return guard(
    'no-spawn-before-fork: node at location',
    () => {
      const index = context.sourceCode.getIndexFromLoc({ line: loc.line, column: loc.column });
      return (context.sourceCode.getNodeByRangeIndex(index) as Node | null) ?? null;
    },
    null,
  );
}
