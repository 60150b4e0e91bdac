/**
 * What `no-spawn-before-fork` says on Python files. Each message starts with one short sentence that names what
 * starts, where, and what is wrong with it; the fork or server that causes it, the import chain and the repair follow.
 */
import type { PySpawnUnit } from '../../../catalog/python-spawn-fork.js';

export const pythonMessages = {
  runsAgainInChildren:
    '{{spawn}}{{where}} {{head}}: {{fork}} (line {{forkLine}}) {{how}}.{{loaded}}{{note}} Each copy runs the same jobs. Start it in the parent process only{{hint}}.',
  startsAgainInChildren:
    '{{spawn}}{{where}} {{head}}: {{fork}} (line {{forkLine}}) {{how}}.{{loaded}}{{note}} {{effect}}. Start it in the parent process only{{hint}}.',
  startedBeforeFork:
    '{{spawn}}{{where}} starts before the fork at line {{forkLine}}: {{fork}} forks this process while it runs. {{effect}}.{{loaded}} Start it after the fork{{hint}}.',
  startedInServerMaster:
    '{{spawn}}{{where}} starts in the {{server}} master, before it forks the workers: {{server}} {{what}} before forking ({{config}}). {{effect}}.{{loaded}} Start it in each worker instead{{hint}}.',
  runsInEveryServerWorker:
    '{{spawn}}{{where}} starts in every {{server}} worker{{count}}, not once: {{server}} {{what}} in each worker ({{config}}), and this starts {{at}}.{{loaded}} Run it in a dedicated process, or in one worker only.',
  startedInMasterHook:
    '{{spawn}}{{where}} starts in the gunicorn master, in the `{{hook}}` hook{{when}} ({{config}}). {{effect}}.{{loaded}} {{advice}}.',
  startedInCeleryParent:
    "{{spawn}}{{where}} starts in the celery worker's main process, before it forks the pool processes that run the tasks: the worker imports this module at start-up ({{config}}). {{effect}}.{{loaded}} Start it in each pool process instead: in a `@worker_process_init.connect` handler, or with `os.register_at_fork(after_in_child=…)`.",
  startedInCelerySignal:
    "{{spawn}}{{where}} starts before celery forks its pool processes: the `{{signal}}` handler `{{handler}}()` runs in the worker's main process ({{config}}). {{effect}}.{{loaded}} Start it in a `@worker_process_init.connect` handler instead, which runs in every pool process after the fork.",
  useSpawnContext: 'Use the "spawn" start method for {{fork}}: the children start fresh and re-import the main module.',
  moveAfterFork: 'Move this start after {{fork}}.',
  startInChild: 'Start it in each forked child: `os.register_at_fork(after_in_child=lambda: …)`.',
  moveUnderMain: 'Move this start under `if __name__ == "__main__":`.',
  wrapInMain: 'Wrap this start in `if __name__ == "__main__":`.',
  moveIntoPostFork: 'Move this start into a gunicorn `post_fork(server, worker)` hook.',
} as const;

export type PyMessageId = keyof typeof pythonMessages;

const FORK_WARNING = 'CPython 3.12+ warns: "This process is multi-threaded, use of fork() may lead to deadlocks in the child"';

/** What a fork does to what was started before it (a sentence, without the final period). */
export const FORK_EFFECT: Record<PySpawnUnit, string> = {
  thread: `The child gets no copy of the thread, and a lock the thread holds at that moment stays locked in the child (${FORK_WARNING})`,
  threads: `The child gets none of its threads, and a lock one of them holds at that moment stays locked in the child (${FORK_WARNING})`,
  greenlet: 'The greenlet is copied into the child and runs there as well, or never resumes, depending on the gevent version',
};

/** What a server master's fork does to a thread started at import. */
export const MASTER_EFFECT = 'The workers get no copy of it, and forking while it runs can leave a lock it holds locked in every worker';

/** The same, when gevent/eventlet workers patched the thread into a greenlet. */
export const GREEN_MASTER_EFFECT =
  'Under gevent/eventlet monkey-patching the thread is a greenlet: it is copied into every worker and runs there as well (or never resumes, depending on the gevent version)';

/** What the prefork pool's fork does to a thread the worker's main process started. */
export const CELERY_EFFECT = 'The pool processes get no copy of it, and forking while it runs can leave a lock it holds locked in every pool process';

/** ` (4 workers)`, or '' when the count is an expression. */
export function workerCount(workers: number | 'many' | 'unknown'): string {
  return typeof workers === 'number' ? ` (${workers} workers)` : '';
}

/** What a thread meant for the parent does in the processes that re-import the main module (no final period). */
export const REIMPORT_EFFECT = {
  children: 'Every child gets a thread of its own that was meant for the parent',
  forkserver: `The forkserver then forks every child while the thread runs: no child has it, and a lock it holds at that moment stays locked in the child (${FORK_WARNING})`,
  either: 'Every child, or the forkserver process, gets a thread of its own that was meant for the parent',
} as const;
