/** The rule's options, and what they say about a spawn, the same for both languages. */
import type { SpawnEvent } from '../../graph/types.js';

export interface SpawnForkOptions {
  /** Spawn ids never reported (e.g. "setInterval"). */
  ignore?: string[];
  /** Spawn ids meant to run once per process. */
  perProcess?: string[];
  /** Spawn ids that must run in one process only. */
  once?: string[];
  /** Read PM2 ecosystem files (JS only, default true). */
  pm2?: boolean;
  /**
   * `"autofix"`: `--fix` wraps a module-level spawn statement in the role check the file already branches on (JS), or
   * moves a module-level start that a multiprocessing child re-runs under `if __name__ == "__main__":` (Python),
   * where that is mechanical (docs "Fix safety"). `"suggest"` (default): every repair is a suggestion.
   */
  fix?: 'suggest' | 'autofix';
}

export interface SpawnPolicy {
  /** The user turned this spawn off. */
  ignored(spawnId: string): boolean;
  /** The user named this spawn in `once`. */
  declaredOnce(spawnId: string): boolean;
  /** The user named this spawn in `perProcess`. */
  declaredPerProcess(spawnId: string): boolean;
  /** Once-only or per-process: the user's word first, then the catalog's. */
  categoryOf(event: SpawnEvent): 'once' | 'per-process';
}

export function spawnPolicy(options: SpawnForkOptions): SpawnPolicy {
  const ignore = new Set(options.ignore ?? []);
  const perProcess = new Set(options.perProcess ?? []);
  const once = new Set(options.once ?? []);
  return {
    ignored: (id) => ignore.has(id),
    declaredOnce: (id) => once.has(id),
    declaredPerProcess: (id) => perProcess.has(id) && !once.has(id),
    categoryOf: (e) => (once.has(e.spawnId) ? 'once' : perProcess.has(e.spawnId) ? 'per-process' : e.category),
  };
}
