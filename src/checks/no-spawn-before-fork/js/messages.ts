/**
 * What `no-spawn-before-fork` says on JavaScript / TypeScript files. Each message starts with one short
 * sentence that names what starts, where, and what is wrong with it ("runs in the primary and again in
 * every worker process"); the fork that causes it, the import chain and the repair follow.
 * (Python files: src/checks/no-spawn-before-fork/python/messages.ts.)
 */
import { displayPath } from '../../../util/paths.js';
import type { ChainStep } from '../../../graph/types.js';
import type { ForkEntry } from '../../../catalog/js-spawn-fork.js';
import { describeChain } from '../../describe.js';
import type { Pm2Entry } from '../../../lang/js/pm2.js';
import type { ForkPoint } from './scan.js';

export const jsSpawnForkMessages = {
  runsInEveryProcess:
    '{{spawn}}{{where}} runs in the {{parent}} and again in every {{unit}}: {{fork}} (line {{forkLine}}) re-runs this file in each {{unit}}.{{loaded}} Start it in the {{parent}} only{{hint}}.',
  runsInEveryWorker:
    '{{spawn}}{{where}} runs in every {{unit}}, not once: {{fork}} (line {{forkLine}}) starts several, and each runs this code.{{loaded}} Start it in the {{parent}}, or in one {{unit}} only.',
  runsInPrimary:
    "{{spawn}}{{where}} also runs in the cluster primary, which only forks: one per worker is intended, but the primary only runs {{fork}} (line {{forkLine}}), so its copy is wasted and receives its own share of messages.{{loaded}} Open it in the worker branch{{hint}}.",
  runsInEveryPm2Instance:
    '{{spawn}}{{where}} runs in every PM2 instance, not once: {{config}} starts this script in {{mode}} mode ({{count}}).{{loaded}} Run it in one instance only{{hint}}.',
  spawnsItselfRecursively:
    '{{fork}} starts this same file again without a role guard: the {{unit}} re-runs this line and starts another one, without end. Start it only in the {{parent}}{{hint}}.',
  forkInEveryWorker:
    'cluster.fork() runs in every worker too, where cluster.fork is not a function: each worker throws a TypeError at start-up. Call it in the primary only{{hint}}.',
  wrapInGuard: 'Wrap this statement in `if ({{guard}}) { … }`.',
} as const;

export type JsSpawnForkMessageId = keyof typeof jsSpawnForkMessages;

/** How this file is re-run. */
export interface ForkMode {
  /** The fork that re-runs this file (first one found), if any. */
  fork: ForkPoint | null;
  /** A cluster library forks this file: the primary only forks. */
  cluster: boolean;
  /** Several children run this file. */
  repeated: boolean;
  pm2: Pm2Entry | null;
}

/** The spawn as the first sentence names it: `{{spawn}}{{where}}`, and `{{loaded}}` for the details. */
export interface SpawnText {
  spawn: string;
  where: string;
  loaded: string;
}


/** A spawn in this file. */
export function ownSpawn(title: string): SpawnText {
  return { spawn: title, where: '', loaded: '' };
}

/** A spawn at module scope of a file this one loads (`chain` starts at this file's import). */
export function loadedSpawn(cwd: string, title: string, file: string, line: number, more: number, chain: readonly ChainStep[]): SpawnText {
  return {
    spawn: `${title} at ${displayPath(cwd, file)}:${line}${more > 0 ? ` (and ${more} more)` : ''}`,
    where: ', loaded here,',
    loaded: ` This file loads it${describeChain(cwd, chain)}.`,
  };
}

/** The data of a spawn report. `guard` is the role check the repair puts around the work, if one is known. */
export function spawnData(cwd: string, spawn: SpawnText, mode: ForkMode, guard: string | null): Record<string, string> {
  const entry = mode.fork?.match.entry;
  const thread = entry?.unit === 'thread';
  const pm2 = mode.pm2;
  return {
    ...spawn,
    fork: entry?.title ?? '',
    forkLine: mode.fork ? String(mode.fork.node.loc.start.line) : '',
    unit: thread ? 'worker thread' : mode.cluster ? 'worker process' : 'child process',
    parent: thread ? 'main thread' : mode.cluster ? 'primary' : 'parent process',
    hint: guardHint(guard),
    config: pm2 ? displayPath(cwd, pm2.configFile) : '',
    mode: pm2?.execMode ?? '',
    count: pm2?.count ?? '',
  };
}

/** `: \`if (guard) { … }\``, the repair at the end of a message, or '' when no guard can be spelled. */
function guardHint(guard: string | null): string {
  return guard ? `: \`if (${guard}) { … }\`` : '';
}

/** The data of a fork that re-runs its own file without a role guard (`spawnsItselfRecursively`, `forkInEveryWorker`). */
export function recursionData(entry: ForkEntry, guard: string | null): Record<string, string> {
  const thread = entry.unit === 'thread';
  return {
    fork: entry.title,
    unit: thread ? 'worker thread' : 'child process',
    parent: thread ? 'main thread' : 'parent process',
    hint: guardHint(guard),
  };
}

/** Across files, the repair names the file whose module scope starts the work. */
export function loadedHint(guard: string, file: string): string {
  return `: \`if (${guard}) { … }\` around it instead of at module scope of ${file}, or load that file only there`;
}
