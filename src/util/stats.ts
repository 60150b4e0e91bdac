/**
 * Work counters, so tests and the bench can assert how much work was done (files parsed, summaries
 * computed) instead of timing it. Per process (per worker thread under --concurrency).
 */
export interface WorkStats {
  /** Dependency files read and parsed by the plugin itself (not by ESLint). */
  filesParsed: number;
  /** Summaries computed, from ESLint's AST or from a parse of our own. */
  summariesComputed: number;
  /** Summaries served from the cache without recomputation. */
  cacheHits: number;
  /** Transitive module facts computed by the graph walk. */
  factsComputed: number;
  /** Files the plugin skipped (unreadable, binary, too large, outside roots, unparsable). */
  filesSkipped: number;
  /** `settings['patch-order']` objects validated (once per configuration, src/util/settings.ts). */
  settingsValidations: number;
  /** Internal errors caught by guard() (src/util/guard.ts): each is a bug, reported on the linted file. */
  internalErrors: number;
  /** Module specifiers resolved (not served from the resolver's memo, src/lang/js/resolve.ts). */
  resolutions: number;
  /** Whole-program import indexes built (src/graph/program-index.ts): once per project, again after a change. */
  programIndexBuilds: number;
  /** Python files whose statements no-swallowed-cancellation analysed (the others' texts cannot be reported). */
  handlerAnalyses: number;
  /** Folders listed (`readdir`) by the quiet-files pass and by folder listings (util/dir-listings.ts); the program index counts builds. */
  foldersListed: number;
}

export const stats: WorkStats = {
  filesParsed: 0,
  summariesComputed: 0,
  cacheHits: 0,
  factsComputed: 0,
  filesSkipped: 0,
  settingsValidations: 0,
  internalErrors: 0,
  programIndexBuilds: 0,
  resolutions: 0,
  handlerAnalyses: 0,
  foldersListed: 0,
};

export function resetStats(): void {
  for (const key of Object.keys(stats) as (keyof WorkStats)[]) stats[key] = 0;
}
