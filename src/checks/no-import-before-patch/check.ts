/**
 * no-import-before-patch for either language: the language's inputs in (the file's summary, the facts of the
 * modules it loads, the bodies of the functions it calls, the names packages copy while they load, the patchers
 * active before the entry runs, the fix builder), findings out. js/inputs.ts and python/inputs.ts build them.
 */
import type { ModuleSummary } from '../../graph/types.js';
import { toLoc } from '../../util/loc.js';
import type { Finding, FixFunction, Suggestion } from '../report.js';
import { findPatchOrderProblems, type AnalysisHost, type OrderProblem } from './loaded-before.js';
import { describeProblem, type CatalogEntry, type ImportOrderMessageId, type MessagePlace } from './messages.js';

/** A problem the fix builder is asked about: a target loaded, or a name copied, before the activation. */
export type MovableProblem = Extract<OrderProblem, { kind: 'load' | 'capture' }>;

export interface FixOffer {
  fix: FixFunction | null;
  suggest: Suggestion<ImportOrderMessageId>[];
}

export interface ImportOrderInputs extends AnalysisHost, MessagePlace {
  summary: ModuleSummary;
  /** The catalog entry of a patcher id (its title, symptom and preload forms name it in messages). */
  entry(patcherId: string): CatalogEntry | undefined;
  /** The automatic fix, or the suggestions, for a load or a copy made before the activation. */
  fixes(problem: MovableProblem, entry: CatalogEntry | undefined): FixOffer;
  /**
   * More orders this file runs in, each its summary followed by what runs after it (Python: the packages below
   * a package's __init__.py). Problems at this file's own statements are reported once, whichever order shows them.
   */
  alsoOrders?: readonly ModuleSummary[];
  /**
   * Whether the project's env files set any of these variables (false: loading them first changes nothing for
   * these reads). Absent, or no env file found: assume they may.
   */
  envFilesSet?(names: readonly string[]): boolean;
  /**
   * A problem another linted file reports itself (Python: a load and a patch both made while a module runs that is
   * judged as a program of its own, a package's __init__.py or a declared entry): not reported here again.
   */
  reportedElsewhere?(problem: OrderProblem): boolean;
  /** The suggestion for an activation in this file that the compiler drops (a side-effect import instead). */
  elidedFixes?(problem: Extract<OrderProblem, { kind: 'elided' }>): FixOffer;
}

/** Every problem of the file as a finding; `inputs` is null when nothing the file runs can reach an activation. */
export function checkImportOrder(inputs: ImportOrderInputs | null): Finding<ImportOrderMessageId>[] {
  if (!inputs) return [];
  const envMatters = (p: OrderProblem) => p.kind !== 'env' || !p.names.length || p.names.includes('*') || inputs.envFilesSet?.(p.names) !== false;
  const matters = (p: OrderProblem) => envMatters(p) && !inputs.reportedElsewhere?.(p);
  const problems = findPatchOrderProblems(inputs.summary, inputs).filter((p) => !atParentPackage(p) && matters(p));
  for (const order of inputs.alsoOrders ?? []) {
    for (const p of findPatchOrderProblems(order, inputs)) {
      if (atParentPackage(p) || !matters(p) || !('at' in p) || problems.some((q) => sameReport(q, p))) continue;
      problems.push(p);
    }
  }
  return problems.map((problem): Finding<ImportOrderMessageId> => {
    const entry = inputs.entry(problem.patch.event.patcherId);
    const message = describeProblem(problem, entry, inputs);
    if (problem.kind === 'esm-preload') return { ...message, loc: toLoc(problem.patch.event.loc) };
    if (problem.kind === 'elided') {
      // At the dropped import when it is in this file, else at the line here that leads to it.
      if (problem.patch.chain.length) return { ...message, loc: toLoc(problem.patch.via.loc) };
      return { ...message, loc: toLoc(problem.patch.event.loc), ...inputs.elidedFixes?.(problem) };
    }
    if (problem.kind === 'env' || problem.kind === 'esm-static') return { ...message, loc: toLoc(problem.at.loc) };
    return { ...message, loc: toLoc(problem.at.loc), ...inputs.fixes(problem, entry) };
  });
}

/**
 * A load that happens in a parent package's __init__.py (Python runs it before this file, with no statement of
 * this file doing it) is reported in that __init__.py, on its own line (python/parents.ts), not here.
 */
function atParentPackage(problem: OrderProblem): boolean {
  return 'at' in problem && problem.at.kind === 'load' && problem.at.loadKind === 'py-parent';
}

/** The same report whichever order found it: one kind, one place, one module (copied names: one statement). */
function sameReport(a: OrderProblem, b: OrderProblem): boolean {
  if (a.kind !== b.kind || !('at' in a) || !('at' in b)) return false;
  const same = a.at.loc.line === b.at.loc.line && a.at.loc.column === b.at.loc.column;
  return same && ('module' in a && 'module' in b ? a.module === b.module : true);
}
