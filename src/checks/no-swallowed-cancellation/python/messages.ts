/**
 * What `no-swallowed-cancellation` says on Python files, in Python's words (`except` handler, re-raise,
 * CancelledError / trio.Cancelled / KeyboardInterrupt). Each message starts with one short sentence that
 * names the problem and the handler (or `suppress(…)`, or `finally` statement) it is reported on; the
 * path, the consequence and the repair follow.
 */
import type { PyFinding } from './analyze.js';
import type { PyExit } from './paths.js';

export const pythonCancellationMessages = {
  swallowedInExcept:
    'This `{{keyword}}` handler swallows {{source}}: it {{path}} without re-raising, so {{effect}}. Re-raise it on every path.',
  swallowedInExceptLoop:
    'This `{{keyword}}` handler in a loop swallows {{source}}: it {{path}} without re-raising, so the loop goes on {{after}}. Re-raise it before the loop continues.',
  finallyExit:
    'This `{{statement}}` in `finally` swallows a pending cancellation{{sourceNote}}: when the `try` block is cancelled, the `{{statement}}` replaces the cancellation with a normal completion and the task carries on. Move the `{{statement}}` out of `finally`.',
  awaitCancelledTask:
    "This `{{keyword}}` handler also swallows the caller's own cancellation: after `{{task}}.cancel()`, {{source}} from `await {{task}}` can also mean that the task running this code is being cancelled, so cancelling the caller is swallowed here and it keeps running. Wait for `{{task}}` to finish first, or re-raise when the current task is being cancelled.",
  suppressedAwaitCancelledTask:
    "`suppress({{type}})` around `await {{task}}` also swallows the caller's own cancellation: after `{{task}}.cancel()`, {{source}} from `await {{task}}` can also mean that the task running this code is being cancelled, so cancelling the caller is swallowed here and it keeps running after the `with` block. Wait for `{{task}}` to finish first.",
  suppressedCancellation:
    '`suppress({{type}})` swallows {{source}}: when the task is cancelled inside the block, it carries on after the `with` block instead of stopping. Use `try`/`except` and re-raise it, or suppress only `Exception` subclasses.',
  suppressedInterrupt:
    '`suppress({{type}})` swallows {{source}}: after Ctrl+C or `sys.exit()` inside the block, the program carries on after the `with` block instead of stopping. Suppress only `Exception` subclasses.',
  suppressedGeneratorExit:
    '`suppress({{type}})` swallows `GeneratorExit` in a generator: when the generator is closed inside the block, it carries on after the `with` block, and if it yields again `close()` fails with "RuntimeError: generator ignored GeneratorExit". Let `GeneratorExit` propagate.',
  generatorExitSwallowed:
    'This `{{keyword}}` handler swallows `GeneratorExit` and the generator goes on: it {{path}}, and when the generator yields again `close()` fails with "RuntimeError: generator ignored GeneratorExit". Re-raise it, or return.',
  exitSwallows:
    'This `{{statement}}` swallows {{source}} caught by the `{{keyword}}` handler at line {{line}}: {{what}} instead of re-raising, so {{effect}}. Re-raise it before the `{{statement}}`.',
  exitRaisesOther:
    'This `raise` replaces {{source}} caught by the `{{keyword}}` handler at line {{line}} with a different exception: {{effect}}. Re-raise the caught exception instead (a bare `raise`).',
  greenletExitSwallowed:
    'This `{{keyword}}` handler swallows {{source}} in greenlet code: it {{path}} without re-raising, so {{effect}}. {{repair}}',
  interruptSwallowed:
    'This `{{keyword}}` handler swallows `{{type}}` in a {{what}}: it {{path}}, so {{stopper}} no longer stops the {{what}}. Re-raise it, or {{leave}}.',
  suggestReraiseFirst: 'Re-raise cancellation first: insert `{{statement}}` before this handler.',
  suggestReraise: 'Re-raise the caught exception: add a bare `raise` at the end of the handler.',
  suggestNarrowToException:
    'Narrow the handler to `Exception`: cancellation, KeyboardInterrupt, SystemExit and GeneratorExit then propagate.',
  suggestWaitFirst:
    'Insert `{{statement}}` before it: `{{task}}` has then finished, so `await {{task}}` can only raise its own cancellation.',
  suggestCancellingGuard:
    'Re-raise when this task is itself being cancelled: insert `{{statement}}` (Python 3.11+).',
} as const;

export type PythonCancellationMessageId = keyof typeof pythonCancellationMessages;

/** `reaches the end of the handler (line 9)`, `returns at line 5`, … (follows "it"). */
export function describePyExit(exit: PyExit): string {
  const line = exit.kind === 'fallthrough' ? exit.node.loc.end.line : exit.node.loc.start.line;
  switch (exit.kind) {
    case 'fallthrough':
      return `reaches the end of the handler (line ${line})`;
    case 'return':
      return `returns at line ${line}`;
    case 'break':
      return `breaks out of the loop at line ${line}`;
    case 'continue':
      return `continues the loop at line ${line}`;
    case 'raise-other':
      return `raises a different exception at line ${line}`;
    case 'yield':
      return `yields at line ${line}`;
  }
}

/** The generic source when no cancellation library is imported (analyze.ts `sourceFor`). */
const GENERIC_CANCELLATION = 'a task cancellation';

/** What a swallowed exception stops, for the consequence: a task (a coroutine that can be cancelled) or the program. */
function stopsTask(f: PyFinding): boolean {
  return f.kind === 'finally' ? f.fn.isAsync : f.task;
}

const TASK_EFFECT = 'the cancelled task keeps running, and timeouts, cancel scopes and task groups can no longer stop it';

/** What goes wrong when a greenlet's GreenletExit (and a caller's Timeout, and interrupts) is swallowed. */
function greenletEffect(source: string): string {
  let out = 'a killed greenlet keeps running and `kill()` waits for it (as when gunicorn restarts a worker after `max_requests`)';
  if (/Timeout/u.test(source)) out += ", and a caller's timeout no longer stops it";
  if (/KeyboardInterrupt|SystemExit/u.test(source)) out += `, and ${interruptEffect(source)}`;
  return out;
}

/** What the escaping statement does, for `exitSwallows` (follows the colon). */
function exitWhat(exit: PyExit): string {
  switch (exit.kind) {
    case 'return':
      return 'the function returns normally';
    case 'break':
      return 'the loop is left and the code after it runs';
    case 'continue':
      return 'the loop goes on with its next iteration';
    case 'yield':
      return 'the generator hands out a value and goes on';
    default:
      return 'the handler goes on';
  }
}

/** The first word of the escaping statement. */
function exitWord(exit: PyExit): string {
  return exit.kind === 'raise-other' ? 'raise' : exit.kind;
}

/** What no longer stops the code when `source` (`KeyboardInterrupt, SystemExit and GeneratorExit`) is swallowed. */
function stoppers(source: string): string[] {
  const out: string[] = [];
  if (/KeyboardInterrupt/u.test(source)) out.push('Ctrl+C');
  if (/SystemExit/u.test(source)) out.push('`sys.exit()`');
  if (/GeneratorExit/u.test(source)) out.push('closing the generator');
  return out.length ? out : ['Ctrl+C'];
}

function joined(items: string[], word: 'and' | 'or'): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]!}`;
}

function interruptEffect(source: string): string {
  const s = stoppers(source);
  return `${joined(s, 'and')} no longer ${s.length === 1 ? 'stops' : 'stop'} the program here`;
}

export interface PyMessage {
  messageId: PythonCancellationMessageId;
  data: Record<string, string>;
}

/** The message of a finding; `text` is the file's source (for the `suppress(…)` argument as written). */
export function pythonFindingMessage(f: PyFinding, text: string): PyMessage {
  if (f.kind === 'finally') {
    const sourceNote = f.source === GENERIC_CANCELLATION ? '' : ` (${f.source})`;
    return { messageId: 'finallyExit', data: { statement: f.word, sourceNote } };
  }
  if (f.kind === 'suppress') {
    const type = text.slice(f.target.range[0], f.target.range[1]).replace(/\s+/gu, ' ');
    if (f.awaitedCancelledTask) return { messageId: 'suppressedAwaitCancelledTask', data: { type, task: f.awaitedCancelledTask, source: f.source } };
    if (f.source === 'GeneratorExit') return { messageId: 'suppressedGeneratorExit', data: { type } };
    return { messageId: stopsTask(f) ? 'suppressedCancellation' : 'suppressedInterrupt', data: { type, source: f.source } };
  }
  const keyword = f.isStar ? 'except*' : 'except';
  const path = describePyExit(f.exit);
  const task = stopsTask(f);
  if (f.awaitedCancelledTask)
    return { messageId: 'awaitCancelledTask', data: { keyword, task: f.awaitedCancelledTask, source: f.source } };
  if (f.at === 'statement') {
    const line = String(f.handler.loc.start.line);
    const loopEffect = f.inLoop && f.exit.kind === 'continue';
    const effect = task
      ? loopEffect
        ? 'the task keeps working after it was cancelled'
        : TASK_EFFECT
      : f.greenlet
        ? greenletEffect(f.source)
        : loopEffect
          ? `${joined(stoppers(f.source), 'and')} no longer ${stoppers(f.source).length === 1 ? 'stops' : 'stop'} the loop`
          : interruptEffect(f.source);
    if (f.exit.kind === 'raise-other') {
      const other = task
        ? 'timeouts, cancel scopes and task groups see an error instead of the cancellation they wait for'
        : f.greenlet
          ? '`kill()` and the greenlet\'s caller see an error instead of a clean exit'
          : `${joined(stoppers(f.source), 'and')} end in a traceback of the new exception instead`;
      return { messageId: 'exitRaisesOther', data: { keyword, source: f.source, line, effect: other } };
    }
    return { messageId: 'exitSwallows', data: { statement: exitWord(f.exit), keyword, source: f.source, line, what: exitWhat(f.exit), effect } };
  }
  if (f.mode === 'greenlet') {
    const repair = f.broad ? 'Re-raise it on every path, or narrow the handler to `Exception`.' : f.inLoop ? 'Re-raise it, or leave the loop.' : 'Re-raise it, or return.';
    return { messageId: 'greenletExitSwallowed', data: { keyword, source: f.source, path, effect: greenletEffect(f.source), repair } };
  }
  if (f.mode === 'cancel') {
    if (f.inLoop && (f.exit.kind === 'fallthrough' || f.exit.kind === 'continue'))
      return {
        messageId: 'swallowedInExceptLoop',
        data: { keyword, source: f.source, path, after: task ? 'after the task is cancelled' : `after ${joined(stoppers(f.source), 'or')}` },
      };
    const effect = task ? TASK_EFFECT : interruptEffect(f.source);
    return { messageId: 'swallowedInExcept', data: { keyword, source: f.source, path, effect } };
  }
  if (f.mode === 'generator-exit') return { messageId: 'generatorExitSwallowed', data: { keyword, path } };
  const what = f.inLoop ? 'loop' : 'generator';
  return {
    messageId: 'interruptSwallowed',
    data: {
      keyword,
      type: f.source,
      path,
      what,
      stopper: /SystemExit/u.test(f.source) ? '`sys.exit()`' : 'Ctrl+C',
      leave: f.inLoop ? 'leave the loop' : 'return',
    },
  };
}
