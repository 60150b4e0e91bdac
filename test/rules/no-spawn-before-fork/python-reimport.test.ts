/**
 * no-spawn-before-fork on Python main modules that multiprocessing children re-import (issue 13 item 5): with the
 * `spawn` / `forkserver` start methods each child imports the main module again as `__mp_main__` (the forkserver
 * process of Python 3.13.8+ / 3.14 once), skipping its `if __name__ == "__main__":` block but running its module
 * scope and the local modules that scope imports (python-runtime.test.ts measures each fact). Exact positions and
 * messages, the suggestion and the opt-in autofix, and a correct twin for each shape; every suggestion output and
 * every autofix output is linted again and must not report the same problem.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter, type RuleTester } from 'eslint';
import { describe, expect, it } from 'vitest';
import jsRule from '../../../rules/no-spawn-before-fork.js';
import { createPythonRuleTester, pythonTestPlugin, type AnyRule } from '../../helpers/rule-tester.js';
import { processCheckKind } from '../../../src/lang/python/events/spawn-fork-detector.js';

const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures');
/** A directory with no server config above it (inside the project root given in settings). */
const PLAIN = join(FIX, 'py-multiprocessing-fork');
const SETTINGS = { 'patch-order': { roots: [PLAIN] } };
const file = () => join(PLAIN, 'inline.py');
/** Two local modules that start work at import, for the cross-file cases. */
const IMPORTS = join(FIX, 'py-multiprocessing-reimport-bad');

const pyRule = jsRule as unknown as AnyRule;
const tester = createPythonRuleTester({ 'no-spawn-before-fork': pyRule });
const RULE = 'patch-order/no-spawn-before-fork';

type Invalid = RuleTester.InvalidTestCase;
type Valid = RuleTester.ValidTestCase;

const MP = 'import multiprocessing\nimport threading\n\n';
const SPAWN_POOL = 'if __name__ == "__main__":\n    multiprocessing.get_context("spawn").Pool(2)\n';
const SPAWN_FORK = 'multiprocessing.Pool() (start method "spawn")';
const CHILDREN_2 = 'starts 2 child processes, and each re-imports this file as `__mp_main__`';
const OWN_THREAD = 'Every child gets a thread of its own that was meant for the parent';
const MOVE = ': move it under `if __name__ == "__main__":`';
const FORKSERVER_EFFECT =
  'The forkserver then forks every child while the thread runs: no child has it, and a lock it holds at that moment stays locked in the child (CPython 3.12+ warns: "This process is multi-threaded, use of fork() may lead to deadlocks in the child")';

const valid: Valid[] = [
  // The start under the guard: the children skip the `__main__` block.
  { code: `${MP}if __name__ == "__main__":\n    threading.Thread(target=watch, daemon=True).start()\n    multiprocessing.get_context("spawn").Pool(2)\n` },
  // `__mp_main__`-aware code: kept out of the re-import on purpose ...
  { code: `${MP}if __name__ != "__mp_main__":\n    threading.Timer(60, tick).start()\n\n${SPAWN_POOL}` },
  // ... or run there on purpose (the NiceGUI pattern: the app runs in the parent and in every child).
  { code: `${MP}if __name__ in {"__main__", "__mp_main__"}:\n    threading.Thread(target=serve).start()\n\n${SPAWN_POOL}` },
  { code: `${MP}if __name__ == "__mp_main__":\n    threading.Thread(target=warm_cache).start()\n\n${SPAWN_POOL}` },
  // spawn names the child ("SpawnPoolWorker-1") before it re-imports: the name check keeps the start out.
  { code: `${MP}if multiprocessing.current_process().name == "MainProcess":\n    threading.Timer(60, tick).start()\n\n${SPAWN_POOL}` },
  // A check meant for the children.
  { code: `${MP}if multiprocessing.current_process().name != "MainProcess":\n    threading.Thread(target=drain).start()\n\n${SPAWN_POOL}` },
  // The user says this thread is meant once per process.
  { code: `${MP}threading.Thread(target=watch, daemon=True).start()\n\n${SPAWN_POOL}`, options: [{ perProcess: ['threading.Thread'] }] },
  // A periodic thread under the guard.
  { code: `${MP}import time\n\ndef beat():\n    while True:\n        time.sleep(5)\n\nif __name__ == "__main__":\n    threading.Thread(target=beat).start()\n    multiprocessing.get_context("spawn").Pool(2)\n` },
  // A thread pool and an OpenTelemetry exporter at module scope: what each child needs to do its work.
  {
    code: 'import multiprocessing\nfrom concurrent.futures import ThreadPoolExecutor\nfrom opentelemetry.sdk.trace.export import BatchSpanProcessor\n\nprocessor = BatchSpanProcessor(exporter)\n\n' + SPAWN_POOL,
  },
  // No fork at all in this file: a thread at import is fine.
  { code: `${MP}threading.Thread(target=watch, daemon=True).start()\n` },
  // A module imported only under the guard is not imported by the children (python-runtime.test.ts).
  { code: 'import multiprocessing\n\nif __name__ == "__main__":\n    import jobs\n    multiprocessing.get_context("spawn").Pool(4)\n', filename: join(IMPORTS, 'inline.py'), settings: { 'patch-order': { roots: [IMPORTS] } } },
].map((c) => ({ filename: file(), settings: SETTINGS, ...c }));

const invalid: (Invalid & { name: string })[] = [
  {
    name: 'a plain helper thread at module scope starts in every spawn child',
    code: `${MP}threading.Thread(target=watch, daemon=True).start()\n\n${SPAWN_POOL}`,
    errors: [
      {
        messageId: 'startsAgainInChildren',
        data: { spawn: 'threading.Thread.start()', where: '', loaded: '', head: 'starts again in each of the 2 child processes', fork: SPAWN_FORK, forkLine: '7', how: CHILDREN_2, note: '', effect: OWN_THREAD, hint: MOVE },
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveUnderMain',
            output: `${MP}\nif __name__ == "__main__":\n    threading.Thread(target=watch, daemon=True).start()\n    multiprocessing.get_context("spawn").Pool(2)\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'a thread whose target loops forever with a sleep is a periodic job: N+1 runs',
    code: `${MP}import time\n\ndef beat():\n    while True:\n        report()\n        time.sleep(5)\n\nt = threading.Thread(target=beat, daemon=True)\nt.start()\n\n${SPAWN_POOL}`,
    errors: [
      {
        messageId: 'runsAgainInChildren',
        data: { spawn: 'threading.Thread.start()', where: '', loaded: '', head: 'runs 3 times, not once', fork: SPAWN_FORK, forkLine: '15', how: CHILDREN_2, note: '', hint: MOVE },
        line: 12,
        column: 1,
        endLine: 12,
        endColumn: 10,
        suggestions: [
          {
            messageId: 'moveUnderMain',
            output: `${MP}import time\n\ndef beat():\n    while True:\n        report()\n        time.sleep(5)\n\nt = threading.Thread(target=beat, daemon=True)\n\nif __name__ == "__main__":\n    t.start()\n    multiprocessing.get_context("spawn").Pool(2)\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'QueueListener at module scope: every child drains the same queue',
    code: 'import logging.handlers\nimport multiprocessing\n\nqueue = multiprocessing.Queue()\nlogging.handlers.QueueListener(queue, logging.StreamHandler()).start()\n\n' + SPAWN_POOL,
    errors: [
      {
        messageId: 'startsAgainInChildren',
        line: 5,
        column: 1,
        endLine: 5,
        endColumn: 71,
        suggestions: [
          {
            messageId: 'moveUnderMain',
            output:
              'import logging.handlers\nimport multiprocessing\n\nqueue = multiprocessing.Queue()\n\nif __name__ == "__main__":\n    logging.handlers.QueueListener(queue, logging.StreamHandler()).start()\n    multiprocessing.get_context("spawn").Pool(2)\n',
          },
        ],
      },
    ],
  },
  {
    name: 'no __main__ block: the start is wrapped in one where it stands; the pool size from max_workers=',
    code: 'import multiprocessing\nimport threading\nfrom concurrent.futures import ProcessPoolExecutor\n\nthreading.Timer(60, tick).start()\nex = ProcessPoolExecutor(max_workers=3, mp_context=multiprocessing.get_context("spawn"))\n',
    errors: [
      {
        messageId: 'runsAgainInChildren',
        data: {
          spawn: 'threading.Timer.start()',
          where: '',
          loaded: '',
          head: 'runs 4 times, not once',
          fork: 'ProcessPoolExecutor() (start method "spawn")',
          forkLine: '6',
          how: 'starts 3 child processes, and each re-imports this file as `__mp_main__`',
          note: '',
          hint: ': wrap it in `if __name__ == "__main__":`',
        },
        line: 5,
        column: 1,
        suggestions: [
          {
            messageId: 'wrapInMain',
            output:
              'import multiprocessing\nimport threading\nfrom concurrent.futures import ProcessPoolExecutor\n\nif __name__ == "__main__":\n    threading.Timer(60, tick).start()\nex = ProcessPoolExecutor(max_workers=3, mp_context=multiprocessing.get_context("spawn"))\n',
          },
        ],
      },
    ],
  },
  {
    name: 'parent_process() is None is no guard: it is still None while a spawn child re-imports',
    code: `${MP}if multiprocessing.parent_process() is None:\n    threading.Timer(60, tick).start()\n\n${SPAWN_POOL}`,
    errors: [
      {
        messageId: 'runsAgainInChildren',
        data: {
          spawn: 'threading.Timer.start()',
          where: '',
          loaded: '',
          head: 'runs 3 times, not once',
          fork: SPAWN_FORK,
          forkLine: '8',
          how: CHILDREN_2,
          note: ' `multiprocessing.parent_process()` is still None while a child re-imports this file, so the `if` lets it through.',
          hint: MOVE,
        },
        line: 5,
        column: 5,
        suggestions: [],
      },
    ],
  },
  {
    name: 'Python 3.14, default forkserver: the forkserver process imports the main module once, named "MainProcess"',
    code: `${MP}if multiprocessing.current_process().name == "MainProcess":\n    threading.Thread(target=watch, daemon=True).start()\n\nif __name__ == "__main__":\n    multiprocessing.Pool(4)\n`,
    settings: { 'patch-order': { roots: [PLAIN], pythonVersion: '3.14' } },
    errors: [
      {
        messageId: 'startsAgainInChildren',
        data: {
          spawn: 'threading.Thread.start()',
          where: '',
          loaded: '',
          head: 'starts again in the forkserver process',
          fork: 'multiprocessing.Pool() (the default start method is forkserver from Python 3.14)',
          forkLine: '8',
          how: 'starts a forkserver process, which imports this file as `__mp_main__` (Python 3.13.8+ and 3.14) and forks every child from it',
          note: ' The forkserver process is named "MainProcess" too, so the `if` lets it through.',
          effect: FORKSERVER_EFFECT,
          hint: MOVE,
        },
        line: 5,
        column: 5,
      },
    ],
  },
  {
    name: 'explicit forkserver, target version unknown: where it runs again depends on the 3.13 patch level',
    code: `${MP}threading.Timer(60, tick).start()\n\nif __name__ == "__main__":\n    multiprocessing.set_start_method("forkserver")\n    multiprocessing.Pool(2)\n`,
    errors: [
      {
        messageId: 'runsAgainInChildren',
        data: {
          spawn: 'threading.Timer.start()',
          where: '',
          loaded: '',
          head: 'runs again in other processes, not once',
          fork: 'multiprocessing.Pool() (start method "forkserver")',
          forkLine: '8',
          how: 'starts child processes through a forkserver: before Python 3.13.8 each child re-imports this file as `__mp_main__`, from 3.13.8 the forkserver process imports it once',
          note: '',
          hint: MOVE,
        },
        line: 4,
        column: 1,
        suggestions: [
          {
            messageId: 'moveUnderMain',
            output: `${MP}\nif __name__ == "__main__":\n    threading.Timer(60, tick).start()\n    multiprocessing.set_start_method("forkserver")\n    multiprocessing.Pool(2)\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'explicit fork start method: nothing is re-run, the thread is reported as started before the fork',
    code: `${MP}threading.Timer(60, tick).start()\n\nif __name__ == "__main__":\n    multiprocessing.get_context("fork").Pool(2)\n`,
    errors: [{ messageId: 'startedBeforeFork', line: 4, column: 1 }],
  },
  {
    name: 'a local module the main module imports at module scope is re-imported by every child: reported at the import',
    filename: join(IMPORTS, 'inline.py'),
    settings: { 'patch-order': { roots: [IMPORTS] } },
    code: 'import multiprocessing\n\nimport jobs\n\nif __name__ == "__main__":\n    multiprocessing.get_context("spawn").Pool(4)\n',
    errors: [
      {
        messageId: 'runsAgainInChildren',
        data: {
          spawn: 'APScheduler BackgroundScheduler.start() at fixtures/py-multiprocessing-reimport-bad/jobs.py:5',
          where: ', loaded here,',
          loaded: ' This file imports it (through fixtures/py-multiprocessing-reimport-bad/inline.py:3).',
          head: 'runs 5 times, not once',
          fork: SPAWN_FORK,
          forkLine: '6',
          how: 'starts 4 child processes, and each re-imports this file as `__mp_main__`',
          note: '',
          hint: ': import that module under `if __name__ == "__main__":`, or start the work in a function called there',
        },
        line: 3,
        column: 8,
        endLine: 3,
        endColumn: 12,
        suggestions: [],
      },
    ],
  },
].map((c) => ({ filename: file(), settings: SETTINGS, ...c }));

tester.run('no-spawn-before-fork (python, re-imported main modules)', pyRule as never, { valid, invalid });

function lint(code: string, filename: string, settings: Record<string, unknown>, options: Record<string, unknown> = {}): Linter.LintMessage[] {
  return new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.py'],
        plugins: { 'patch-order': pythonTestPlugin({ 'no-spawn-before-fork': pyRule }) },
        language: 'patch-order/python',
        settings,
        rules: { [RULE]: ['error', options] },
      } as Linter.Config,
    ],
    filename,
  );
}

function fix(code: string, options: Record<string, unknown> = { fix: 'autofix' }): string {
  return new Linter({ configType: 'flat' }).verifyAndFix(
    code,
    [
      {
        files: ['**/*.py'],
        plugins: { 'patch-order': pythonTestPlugin({ 'no-spawn-before-fork': pyRule }) },
        language: 'patch-order/python',
        settings: SETTINGS,
        rules: { [RULE]: ['error', options] },
      } as Linter.Config,
    ],
    file(),
  ).output;
}

describe('every suggestion output is clean for the same problem', () => {
  for (const c of invalid) {
    for (const err of c.errors as RuleTester.TestCaseError[]) {
      for (const s of (err.suggestions ?? []) as { messageId: string; output: string }[]) {
        it(`${c.name}: ${s.messageId}`, () => {
          const again = lint(s.output, c.filename!, c.settings as Record<string, unknown>);
          expect(again.filter((m) => m.fatal)).toEqual([]);
          expect(again.filter((m) => m.messageId === err.messageId || m.line === err.line)).toEqual([]);
        });
      }
    }
  }
});

describe('fix: "autofix" applies the move only when it is mechanical', () => {
  it('only definitions between the start and the __main__ block: moved', () => {
    const code = `${MP}threading.Timer(60, tick).start()\n\ndef work(n):\n    return n\n\nclass Job:\n    pass\n\n${SPAWN_POOL}`;
    const out = fix(code);
    expect(out).toBe(`${MP}\ndef work(n):\n    return n\n\nclass Job:\n    pass\n\nif __name__ == "__main__":\n    threading.Timer(60, tick).start()\n    multiprocessing.get_context("spawn").Pool(2)\n`);
    expect(lint(out, file(), SETTINGS, { fix: 'autofix' })).toEqual([]);
  });

  it('no __main__ block: wrapped where it stands', () => {
    const code = 'import multiprocessing\nimport threading\n\nthreading.Thread(target=watch).start()\nconfigure()\nex = multiprocessing.get_context("spawn").Pool(2)\n';
    const out = fix(code);
    expect(out).toBe('import multiprocessing\nimport threading\n\nif __name__ == "__main__":\n    threading.Thread(target=watch).start()\nconfigure()\nex = multiprocessing.get_context("spawn").Pool(2)\n');
    expect(lint(out, file(), SETTINGS, { fix: 'autofix' }).filter((m) => m.line === 5 && m.messageId === 'startsAgainInChildren')).toEqual([]);
  });

  it('code runs between the start and the __main__ block (it may expect the thread): suggestion only', () => {
    const code = `${MP}threading.Timer(60, tick).start()\nconfigure()\n\n${SPAWN_POOL}`;
    expect(fix(code)).toBe(code);
    expect(lint(code, file(), SETTINGS, { fix: 'autofix' }).map((m) => [m.messageId, m.suggestions?.map((s) => s.messageId)])).toEqual([['runsAgainInChildren', ['moveUnderMain']]]);
  });

  it('a start after the __main__ block, or spread over two lines: suggestion only', () => {
    const after = `${MP}${SPAWN_POOL}\nthreading.Timer(60, tick).start()\n`;
    expect(fix(after)).toBe(after);
    const twoLines = `${MP}threading.Thread(\n    target=watch).start()\n\n${SPAWN_POOL}`;
    expect(fix(twoLines)).toBe(twoLines);
  });

  it('the default ("suggest") never fixes', () => {
    const code = `${MP}threading.Timer(60, tick).start()\n\n${SPAWN_POOL}`;
    expect(fix(code, {})).toBe(code);
  });
});

describe('process checks', () => {
  it('are classified by what they keep out of a re-importing child', () => {
    expect(processCheckKind('__name__ != "__mp_main__"')).toBe('mp-name');
    expect(processCheckKind("__name__ in ('__main__', '__mp_main__')")).toBe('mp-name');
    expect(processCheckKind('multiprocessing.current_process().name == "MainProcess"')).toBe('main-name');
    expect(processCheckKind('mp.current_process().name != "MainProcess"')).toBe('child-only');
    expect(processCheckKind('multiprocessing.parent_process() is None')).toBe('parent-none');
    expect(processCheckKind('parent_process() is not None')).toBe('child-only');
    expect(processCheckKind('os.getpid() == PARENT')).toBeNull();
  });
});
