/**
 * RuleTester suite for the Python side of patch-order/no-spawn-before-fork: exact positions, exact
 * suggestion outputs, correct-code twins; every suggestion output is linted again and must not report
 * the same problem (checked at the end of the file).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { RuleTester } from 'eslint';
import jsRule from '../../../rules/no-spawn-before-fork.js';
import { createPythonRuleTester, pythonTestPlugin, type AnyRule } from '../../helpers/rule-tester.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIX = join(HERE, '..', '..', '..', 'fixtures');
/** A directory with no server config above it (inside the project root given in settings). */
const PLAIN = join(FIX, 'py-multiprocessing-fork');
const SETTINGS = { 'patch-order': { roots: [PLAIN] } };
const file = (name = 'inline.py') => join(PLAIN, name);

/** The rule itself: Python files are checked by src/checks/no-spawn-before-fork/python/check.ts. */
const pyRule = jsRule as unknown as AnyRule;

const tester = createPythonRuleTester({ 'no-spawn-before-fork': pyRule });
const RULE = 'patch-order/no-spawn-before-fork';

type Invalid = RuleTester.InvalidTestCase;
type Valid = RuleTester.ValidTestCase;

const THREAD_EFFECT =
  'The child gets no copy of the thread, and a lock the thread holds at that moment stays locked in the child (CPython 3.12+ warns: "This process is multi-threaded, use of fork() may lead to deadlocks in the child")';

const valid: Valid[] = [
  // No fork anywhere: a thread at import is fine.
  { code: 'import threading\n\nthreading.Thread(target=poll, daemon=True).start()\n' },
  // The thread starts after the fork, in the child branch.
  { code: 'import os\nimport threading\n\npid = os.fork()\nif pid == 0:\n    threading.Thread(target=poll).start()\n' },
  // Created before the fork but started after it.
  { code: 'import os\nimport threading\n\nt = threading.Thread(target=poll)\nos.fork()\nt.start()\n' },
  // Started in a function nobody calls at import time (a request handler).
  { code: 'import os\nimport threading\n\ndef handler():\n    threading.Thread(target=poll).start()\n\nos.fork()\n' },
  // After the pool forked its workers.
  {
    code: 'import threading\nfrom multiprocessing import Pool\n\nif __name__ == "__main__":\n    with Pool(4) as pool:\n        threading.Thread(target=watch).start()\n        pool.map(work, range(4))\n',
  },
  // spawn context: nothing is copied; the thread under __main__ does not re-run in the children.
  {
    code: 'import multiprocessing\nimport threading\n\nif __name__ == "__main__":\n    threading.Thread(target=watch).start()\n    with multiprocessing.get_context("spawn").Pool(4) as pool:\n        pool.map(work, range(4))\n',
  },
  // set_start_method("forkserver") before the pool.
  {
    code: 'import multiprocessing as mp\nimport threading\n\nif __name__ == "__main__":\n    mp.set_start_method("forkserver")\n    threading.Thread(target=watch).start()\n    mp.Pool(2)\n',
  },
  // ProcessPoolExecutor with a spawn context bound to a name: nothing is copied (the thread is under __main__, which
  // the re-importing children skip; python-reimport.test.ts has the module-scope start).
  {
    code: 'import multiprocessing\nimport threading\nfrom concurrent.futures import ProcessPoolExecutor\n\nctx = multiprocessing.get_context("spawn")\nif __name__ == "__main__":\n    threading.Thread(target=watch).start()\n    ex = ProcessPoolExecutor(mp_context=ctx)\n',
  },
  // A start method only known at run time: not decided, not reported.
  { code: 'import multiprocessing, sys\nimport threading\n\nthreading.Thread(target=watch).start()\nmultiprocessing.get_context(sys.argv[1]).Pool(2)\n' },
  // Python 3.14+: the default start method is forkserver; a per-process thread under __main__ is fine.
  {
    code: 'import threading\nfrom multiprocessing import Pool\n\nif __name__ == "__main__":\n    threading.Thread(target=watch).start()\n    Pool(2)\n',
    languageOptions: { pythonVersion: '3.14' },
  },
  // The module re-creates its thread in the child (os.register_at_fork with a named hook).
  {
    code: 'import os\nimport threading\n\ndef _start():\n    threading.Thread(target=flush, daemon=True).start()\n\n_start()\nos.register_at_fork(after_in_child=_start)\nos.fork()\n',
  },
  // subprocess runs another program (fork + exec): not a fork of this interpreter.
  { code: 'import subprocess\nimport threading\n\nthreading.Thread(target=poll).start()\nsubprocess.Popen(["ls"])\n' },
  // A local function called fork is not os.fork.
  { code: 'import threading\n\ndef fork():\n    pass\n\nthreading.Thread(target=poll).start()\nfork()\n' },
  // `from os import fork` shadowed by a local definition afterwards.
  { code: 'import threading\nfrom os import fork\n\ndef fork():\n    return 0\n\nthreading.Thread(target=poll).start()\nfork()\n' },
  // spawn start method: a client each child needs (a gRPC channel at module scope) is opened again in every child,
  // which is what the workers use; a plain thread there is reported (python-reimport.test.ts).
  {
    code: 'import grpc\nimport multiprocessing\n\nchannel = grpc.insecure_channel("inventory:50051")\n\nif __name__ == "__main__":\n    multiprocessing.get_context("spawn").Pool(2)\n',
  },
  // spawn start method: once-only work under __main__ does not re-run in the children.
  {
    code: 'import multiprocessing\nimport threading\n\nif __name__ == "__main__":\n    threading.Timer(60, tick).start()\n    multiprocessing.get_context("spawn").Pool(2)\n',
  },
  // Thread subclasses and unknown objects are not guessed.
  { code: 'import os\n\nworker.start()\nos.fork()\n' },
  // ignore option.
  { code: 'import os\nimport threading\n\nthreading.Thread(target=poll).start()\nos.fork()\n', options: [{ ignore: ['threading.Thread'] }] },
  // The thread is started only when the fork already happened (the __main__ block of a dependency never runs).
  { code: 'import os\n\nos.fork()\nimport threading\nthreading.Thread(target=poll).start()\n' },
].map((c) => ({ filename: file(), settings: SETTINGS, ...c }));

const invalid: Invalid[] = [
  {
    name: 'thread, then os.fork()',
    code: 'import os\nimport threading\n\nthreading.Thread(target=poll, daemon=True).start()\npid = os.fork()\n',
    errors: [
      {
        messageId: 'startedBeforeFork',
        data: { spawn: 'threading.Thread.start()', where: '', loaded: '', fork: 'os.fork()', forkLine: '5', effect: THREAD_EFFECT, hint: '' },
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 51,
        suggestions: [],
      },
    ],
  },
  {
    name: 'listener thread started in main() before the default-method Pool',
    code: 'import threading\nfrom multiprocessing import Pool\n\ndef main():\n    listener = threading.Thread(target=listen, daemon=True)\n    listener.start()\n    with Pool(4) as pool:\n        pool.map(work, range(10))\n\nif __name__ == "__main__":\n    main()\n',
    errors: [
      {
        messageId: 'startedBeforeFork',
        line: 6,
        column: 5,
        endLine: 6,
        endColumn: 21,
        suggestions: [
          {
            messageId: 'moveAfterFork',
            output:
              'import threading\nfrom multiprocessing import Pool\n\ndef main():\n    listener = threading.Thread(target=listen, daemon=True)\n    with Pool(4) as pool:\n        listener.start()\n        pool.map(work, range(10))\n\nif __name__ == "__main__":\n    main()\n',
          },
          {
            messageId: 'useSpawnContext',
            output:
              'import multiprocessing\nimport threading\nfrom multiprocessing import Pool\n\ndef main():\n    listener = threading.Thread(target=listen, daemon=True)\n    listener.start()\n    with multiprocessing.get_context("spawn").Pool(4) as pool:\n        pool.map(work, range(10))\n\nif __name__ == "__main__":\n    main()\n',
          },
        ],
      },
    ],
  },
  {
    name: 'get_context("fork") and Process.start()',
    code: 'import multiprocessing as mp\nimport threading\n\nthreading.Timer(60, refresh).start()\nctx = mp.get_context("fork")\np = ctx.Process(target=work)\np.start()\n',
    errors: [
      {
        messageId: 'startedBeforeFork',
        data: {
          spawn: 'threading.Timer.start()',
          where: '',
          loaded: '',
          fork: 'multiprocessing.Process.start() (start method "fork")',
          forkLine: '7',
          effect: THREAD_EFFECT,
          hint: '',
        },
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 37,
        suggestions: [
          {
            messageId: 'moveAfterFork',
            output: 'import multiprocessing as mp\nimport threading\n\nctx = mp.get_context("fork")\np = ctx.Process(target=work)\np.start()\nthreading.Timer(60, refresh).start()\n',
          },
        ],
      },
    ],
  },
  {
    name: 'ProcessPoolExecutor with the default start method, thread under __main__',
    code: 'import threading\nfrom concurrent.futures import ProcessPoolExecutor\n\nif __name__ == "__main__":\n    threading.Thread(target=watch).start()\n    ex = ProcessPoolExecutor(max_workers=4)\n',
    errors: [
      {
        messageId: 'startedBeforeFork',
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 43,
        suggestions: [
          {
            messageId: 'useSpawnContext',
            output:
              'import multiprocessing\nimport threading\nfrom concurrent.futures import ProcessPoolExecutor\n\nif __name__ == "__main__":\n    threading.Thread(target=watch).start()\n    ex = ProcessPoolExecutor(max_workers=4, mp_context=multiprocessing.get_context("spawn"))\n',
          },
        ],
      },
    ],
  },
  {
    name: 'mp.Pool() with a module alias: the spawn context goes on the alias',
    code: 'import multiprocessing as mp\nimport threading\n\nif __name__ == "__main__":\n    threading.Thread(target=watch).start()\n    pool = mp.Pool(2)\n',
    errors: [
      {
        messageId: 'startedBeforeFork',
        line: 5,
        column: 5,
        suggestions: [
          {
            messageId: 'moveAfterFork',
            output: 'import multiprocessing as mp\nimport threading\n\nif __name__ == "__main__":\n    pool = mp.Pool(2)\n    threading.Thread(target=watch).start()\n',
          },
          {
            messageId: 'useSpawnContext',
            output: 'import multiprocessing as mp\nimport threading\n\nif __name__ == "__main__":\n    threading.Thread(target=watch).start()\n    pool = mp.get_context("spawn").Pool(2)\n',
          },
        ],
      },
    ],
  },
  {
    name: 'gevent.spawn before os.fork: the greenlet is copied',
    code: 'import os\nimport gevent\n\ngevent.spawn(poll)\nos.fork()\n',
    errors: [
      {
        messageId: 'startedBeforeFork',
        data: {
          spawn: 'gevent.spawn()',
          where: '',
          loaded: '',
          fork: 'os.fork()',
          forkLine: '5',
          effect: 'The greenlet is copied into the child and runs there as well, or never resumes, depending on the gevent version',
          hint: '',
        },
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 19,
      },
    ],
  },
  {
    name: 'pty.fork() and a QueueListener',
    code: 'import pty\nfrom logging.handlers import QueueListener\n\nlistener = QueueListener(q, handler)\nlistener.start()\npid, fd = pty.fork()\n',
    errors: [{ messageId: 'startedBeforeFork', line: 5, column: 1, endLine: 5, endColumn: 17 }],
  },
  {
    name: 'a local module that starts a thread at import, imported before the fork',
    code: 'import os\nimport metrics\n\nos.fork()\n',
    errors: [
      {
        messageId: 'startedBeforeFork',
        data: {
          spawn: 'threading.Thread.start() at fixtures/py-multiprocessing-fork/metrics.py:10',
          where: ', loaded here,',
          loaded: ' This file imports it (through fixtures/py-multiprocessing-fork/inline.py:2).',
          fork: 'os.fork()',
          forkLine: '4',
          effect: THREAD_EFFECT,
          hint: ': import the module after the fork, or start the work in a function called after it',
        },
        line: 2,
        column: 8,
        endLine: 2,
        endColumn: 15,
      },
    ],
  },
  {
    name: 'spawn start method: once-only work at module scope re-runs in every child',
    code: 'import multiprocessing\nfrom apscheduler.schedulers.background import BackgroundScheduler\n\nscheduler = BackgroundScheduler()\nscheduler.start()\n\nif __name__ == "__main__":\n    ctx = multiprocessing.get_context("spawn")\n    with ctx.Pool(4) as pool:\n        pool.map(work, range(8))\n',
    errors: [
      {
        messageId: 'runsAgainInChildren',
        data: {
          spawn: 'APScheduler BackgroundScheduler.start()',
          where: '',
          loaded: '',
          head: 'runs 5 times, not once',
          fork: 'multiprocessing.Pool() (start method "spawn")',
          forkLine: '9',
          how: 'starts 4 child processes, and each re-imports this file as `__mp_main__`',
          note: '',
          effect: 'Every child gets a thread of its own that was meant for the parent',
          hint: ': move it under `if __name__ == "__main__":`',
        },
        line: 5,
        column: 1,
        endLine: 5,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'moveUnderMain',
            output:
              'import multiprocessing\nfrom apscheduler.schedulers.background import BackgroundScheduler\n\nscheduler = BackgroundScheduler()\n\nif __name__ == "__main__":\n    scheduler.start()\n    ctx = multiprocessing.get_context("spawn")\n    with ctx.Pool(4) as pool:\n        pool.map(work, range(8))\n',
          },
        ],
      },
    ],
  },
  {
    name: 'spawn start method: a thread running the schedule loop is once-only work',
    code: 'import multiprocessing\nimport threading\nimport schedule\n\ndef run_schedule():\n    while True:\n        schedule.run_pending()\n\nthreading.Thread(target=run_schedule, daemon=True).start()\n\nif __name__ == "__main__":\n    multiprocessing.set_start_method("spawn")\n    multiprocessing.Pool(2)\n',
    errors: [
      {
        messageId: 'runsAgainInChildren',
        data: {
          spawn: 'a thread running schedule.run_pending()',
          where: '',
          loaded: '',
          head: 'runs 3 times, not once',
          fork: 'multiprocessing.Pool() (start method "spawn")',
          forkLine: '13',
          how: 'starts 2 child processes, and each re-imports this file as `__mp_main__`',
          note: '',
          effect: 'Every child gets a thread of its own that was meant for the parent',
          hint: ': move it under `if __name__ == "__main__":`',
        },
        line: 9,
        column: 1,
        endLine: 9,
        endColumn: 59,
        suggestions: [
          {
            messageId: 'moveUnderMain',
            output:
              'import multiprocessing\nimport threading\nimport schedule\n\ndef run_schedule():\n    while True:\n        schedule.run_pending()\n\n\nif __name__ == "__main__":\n    threading.Thread(target=run_schedule, daemon=True).start()\n    multiprocessing.set_start_method("spawn")\n    multiprocessing.Pool(2)\n',
          },
        ],
      },
    ],
  },
  {
    name: 'Python 3.14: default forkserver re-imports the main module',
    code: 'import threading\nfrom multiprocessing import Pool\n\nthreading.Timer(30, tick).start()\n\nif __name__ == "__main__":\n    Pool(2)\n',
    languageOptions: { pythonVersion: '3.14' },
    errors: [
      {
        messageId: 'runsAgainInChildren',
        data: {
          spawn: 'threading.Timer.start()',
          where: '',
          loaded: '',
          head: 'runs twice, not once',
          fork: 'multiprocessing.Pool() (the default start method is forkserver from Python 3.14)',
          forkLine: '7',
          how: 'starts a forkserver process, which imports this file as `__mp_main__` (Python 3.13.8+ and 3.14) and forks every child from it',
          note: '',
          effect:
            'The forkserver then forks every child while the thread runs: no child has it, and a lock it holds at that moment stays locked in the child (CPython 3.12+ warns: "This process is multi-threaded, use of fork() may lead to deadlocks in the child")',
          hint: ': move it under `if __name__ == "__main__":`',
        },
        line: 4,
        column: 1,
        suggestions: [
          {
            messageId: 'moveUnderMain',
            output: 'import threading\nfrom multiprocessing import Pool\n\n\nif __name__ == "__main__":\n    threading.Timer(30, tick).start()\n    Pool(2)\n',
          },
        ],
      },
    ],
  },
  {
    name: 'Python 3.13 (settings): the default is still fork',
    code: 'import threading\nfrom multiprocessing import Pool\n\nthreading.Timer(30, tick).start()\nPool(2)\n',
    settings: { 'patch-order': { roots: [PLAIN], pythonVersion: '3.13' } },
    errors: [
      {
        messageId: 'startedBeforeFork',
        data: {
          spawn: 'threading.Timer.start()',
          where: '',
          loaded: '',
          fork: 'multiprocessing.Pool() (the default start method is fork on Linux before Python 3.14)',
          forkLine: '5',
          effect: THREAD_EFFECT,
          hint: '',
        },
        line: 4,
        column: 1,
        suggestions: [
          { messageId: 'moveAfterFork', output: 'import threading\nfrom multiprocessing import Pool\n\nPool(2)\nthreading.Timer(30, tick).start()\n' },
        ],
      },
    ],
  },
  {
    name: 'a start between two pools is alive at the second fork; no suggestion while another fork follows',
    code: 'import threading\nfrom multiprocessing import Pool\n\na = Pool(2)\nthreading.Thread(target=w).start()\nb = Pool(2)\nthreading.Thread(target=v).start()\n',
    errors: [
      {
        messageId: 'startedBeforeFork',
        data: {
          spawn: 'threading.Thread.start()',
          where: '',
          loaded: '',
          fork: 'multiprocessing.Pool() (the default start method is fork on Linux before Python 3.14)',
          forkLine: '6',
          effect: THREAD_EFFECT,
          hint: '',
        },
        line: 5,
        column: 1,
        suggestions: [
          { messageId: 'moveAfterFork', output: 'import threading\nfrom multiprocessing import Pool\n\na = Pool(2)\nb = Pool(2)\nthreading.Thread(target=w).start()\nthreading.Thread(target=v).start()\n' },
          {
            messageId: 'useSpawnContext',
            output: 'import multiprocessing\nimport threading\nfrom multiprocessing import Pool\n\na = Pool(2)\nthreading.Thread(target=w).start()\nb = multiprocessing.get_context("spawn").Pool(2)\nthreading.Thread(target=v).start()\n',
          },
        ],
      },
    ],
  },
  {
    name: 'two forks after the start: reported at the first, no suggestion',
    code: 'import os\nimport threading\nfrom multiprocessing import Pool\n\nthreading.Thread(target=w).start()\na = Pool(2)\nos.fork()\n',
    errors: [{ messageId: 'startedBeforeFork', line: 5, column: 1, suggestions: [] }],
  },
  {
    name: 'python-daemon forks when the context is entered',
    code: 'import daemon\nimport threading\n\nthreading.Thread(target=serve).start()\nwith daemon.DaemonContext():\n    run()\n',
    errors: [{ messageId: 'startedBeforeFork', line: 4, column: 1, endLine: 4, endColumn: 39 }],
  },
  {
    name: 'a lambda at-fork hook does not make the module fork-aware',
    code: 'import os\nimport threading\n\nos.register_at_fork(after_in_child=lambda: None)\nthreading.Thread(target=poll).start()\nos.fork()\n',
    errors: [{ messageId: 'startedBeforeFork', line: 5, column: 1 }],
  },
  {
    name: 'CRLF line endings: positions and the moved line keep CRLF',
    code: 'import threading\r\nimport multiprocessing\r\n\r\nthreading.Thread(target=w).start()\r\nmultiprocessing.Pool(2)\r\n',
    errors: [
      {
        messageId: 'startedBeforeFork',
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 35,
        suggestions: [
          { messageId: 'moveAfterFork', output: 'import threading\r\nimport multiprocessing\r\n\r\nmultiprocessing.Pool(2)\r\nthreading.Thread(target=w).start()\r\n' },
          {
            messageId: 'useSpawnContext',
            output: 'import threading\r\nimport multiprocessing\r\n\r\nthreading.Thread(target=w).start()\r\nmultiprocessing.get_context("spawn").Pool(2)\r\n',
          },
        ],
      },
    ],
  },
].map((c) => ({ filename: file(), settings: SETTINGS, ...c }));

tester.run('no-spawn-before-fork (python)', pyRule as never, { valid, invalid });

/** Lint with the rule on (settings and language options from a test case). */
function lint(code: string, filename: string, settings: Record<string, unknown> = SETTINGS, languageOptions?: Record<string, unknown>): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.py'],
        plugins: { 'patch-order': pythonTestPlugin({ 'no-spawn-before-fork': pyRule }) },
        language: 'patch-order/python',
        ...(languageOptions ? { languageOptions } : {}),
        settings,
        rules: { [RULE]: 'error' },
      } as Linter.Config,
    ],
    filename,
  );
}

describe('every suggestion output is clean for the same problem', () => {
  for (const c of invalid) {
    for (const err of c.errors as RuleTester.TestCaseError[]) {
      for (const s of (err.suggestions ?? []) as { messageId: string; output: string }[]) {
        it(`${c.name}: ${s.messageId}`, () => {
          const again = lint(s.output, c.filename!, c.settings as Record<string, unknown>, c.languageOptions as Record<string, unknown> | undefined);
          expect(again.filter((m) => m.fatal)).toEqual([]);
          expect(again.filter((m) => m.messageId === err.messageId)).toEqual([]);
        });
      }
    }
  }
});

describe('no internal error on broken input (the suite is strict: one would throw)', () => {
  it('one-character deletions of a forking file (every 3rd offset)', () => {
    const code =
      'import os, threading\nimport multiprocessing as mp\nfrom metrics import flush\n\nt = threading.Thread(target=flush)\nt.start()\nctx = mp.get_context("fork")\nif __name__ == "__main__":\n    with ctx.Pool(2) as p:\n        p.map(f, [1])\n    os.fork()\n';
    for (let i = 0; i < code.length; i += 3) {
      const variant = code.slice(0, i) + code.slice(i + 1);
      expect(() => lint(variant, file())).not.toThrow();
    }
  });

  it('odd input', () => {
    for (const code of ['', '\ufeffimport os\nos.fork()\n', 'os.fork(', 'def f(:\n', 'import threading\n' + 'x = ('.repeat(200)]) {
      expect(() => lint(code, file())).not.toThrow();
    }
  });
});
