/**
 * The CPython behaviour the Python side of no-spawn-before-fork relies on, checked by running tiny
 * scripts with the local `python3` (skipped when there is none). gunicorn / uWSGI are not installable
 * here: their behaviour comes from their docs (see docs/rules/no-spawn-before-fork.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[0] * 100 + sys.version_info[1])'], { encoding: 'utf8' });
const PY = probe.status === 0 ? Number(probe.stdout.trim()) : 0;
const PATCH = Number(spawnSync('python3', ['-c', 'import sys; print(sys.version_info[2])'], { encoding: 'utf8' }).stdout?.trim() || 0);
const dir = mkdtempSync(join(tmpdir(), 'py-spawn-fork-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `say(…)`: one line written with a single os.write, so lines of several processes sharing the pipe never interleave
 * (`print(a, b)` writes its pieces one by one).
 */
const SAY = 'import os as _os\ndef say(*parts):\n    _os.write(1, (" ".join(map(str, parts)) + "\\n").encode())\n';

function run(name: string, code: string): string {
  const file = join(dir, name);
  writeFileSync(file, code);
  const r = spawnSync('python3', ['-W', 'always', file], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return `${r.stdout}${r.stderr}`;
}

// Real processes on a shared 2-core machine: a retry absorbs a child that the OS was too slow to start.
describe.skipIf(!PY || process.platform !== 'linux')('CPython fork facts (Linux)', { retry: 2 }, () => {
  it('a thread started before os.fork() does not exist in the child; at-fork hooks run there', () => {
    const out = run(
      'fork_threads.py',
      `import os, threading, time
t = threading.Thread(target=time.sleep, args=(2,), daemon=True)
t.start()
r, w = os.pipe()
os.register_at_fork(after_in_child=lambda: os.write(w, b"hook;"))
pid = os.fork()
if pid == 0:
    os.write(w, ("child=%d;" % threading.active_count()).encode())
    os._exit(0)
os.waitpid(pid, 0)
print(os.read(r, 100).decode(), "parent=%d" % threading.active_count())
`,
    );
    expect(out).toContain('hook;child=1; parent=2');
  });

  it('3.12+: forking a multi-threaded process warns (the text the docs page quotes)', () => {
    if (PY < 312) return;
    const out = run('warn.py', 'import os, threading, time\nthreading.Thread(target=time.sleep, args=(1,)).start()\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nos.waitpid(pid, 0)\n');
    expect(out).toMatch(/This process \(pid=\d+\) is multi-threaded, use of fork\(\) may lead to deadlocks in the child/);
  });

  it('the default start method is fork on Linux before 3.14, forkserver from 3.14', () => {
    const out = run('method.py', 'import multiprocessing as mp\nprint(mp.get_start_method())\n');
    expect(out.trim()).toBe(PY >= 314 ? 'forkserver' : 'fork');
  });

  it('spawn children re-import the main module as __mp_main__: module scope runs again, the __main__ block does not', () => {
    const out = run(
      'spawn_reimport.py',
      `${SAY}import multiprocessing as mp, os
say("module scope", __name__)

def work(n):
    return n

if __name__ == "__main__":
    say("main block")
    pool = mp.get_context("spawn").Pool(2)
    pool.map(work, range(8))
    pool.close()
    pool.join()
`,
    );
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => l === 'module scope __main__')).toHaveLength(1);
    expect(lines.filter((l) => l === 'module scope __mp_main__')).toHaveLength(2);
    expect(lines.filter((l) => l === 'main block')).toHaveLength(1);
  });

  it('forkserver: the main module is imported again as __mp_main__ (by each child before 3.13.8, by the forkserver process from 3.13.8 / 3.14)', () => {
    const out = run(
      'forkserver_reimport.py',
      `${SAY}import multiprocessing as mp
say("module scope", __name__)

def work(n):
    return n

if __name__ == "__main__":
    pool = mp.get_context("forkserver").Pool(2)
    pool.map(work, range(8))
    pool.close()
    pool.join()
`,
    );
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => l === 'module scope __main__')).toHaveLength(1);
    // Every worker the pool started (2 here, unless one was still starting when the pool closed) imported it.
    expect(lines.filter((l) => l === 'module scope __mp_main__').length).toBeGreaterThanOrEqual(1);
  });

  it('a spawn child re-imports the main module, and what its module scope imports, before it is named a child of its parent', () => {
    writeFileSync(join(dir, 'top_helper.py'), `${SAY}import multiprocessing as mp\nsay("top_helper", mp.current_process().name)\n`);
    writeFileSync(join(dir, 'guarded_helper.py'), `${SAY}import multiprocessing as mp\nsay("guarded_helper", mp.current_process().name)\n`);
    writeFileSync(join(dir, 'target_helper.py'), `${SAY}import multiprocessing as mp\nsay("target_helper", mp.current_process().name)\ndef square(n):\n    return n * n\n`);
    const out = run(
      'spawn_facts.py',
      `${SAY}import multiprocessing as mp, sys
import top_helper
say("scope", __name__, mp.current_process().name, "parent=%s" % (mp.parent_process() is not None))
if __name__ != "__mp_main__":
    say("not-mp-main", __name__)
if __name__ in {"__main__", "__mp_main__"}:
    say("both", __name__)

def work(n):
    return n

if __name__ == "__main__":
    import guarded_helper
    from target_helper import square
    pool = mp.get_context("spawn").Pool(3)
    pool.map(work, range(6))
    pool.close()
    pool.join()
    pool = mp.get_context("spawn").Pool(1)
    pool.map(square, range(2))
    pool.close()
    pool.join()
`,
    );
    const lines = out.trim().split('\n');
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    // 1 + 3 + 1 processes run the module scope; the children are already named, and parent_process() is still None.
    expect(count(/^scope __main__ MainProcess parent=False$/)).toBe(1);
    expect(count(/^scope __mp_main__ SpawnPoolWorker-\d+ parent=False$/)).toBe(4);
    expect(count(/parent=True/)).toBe(0);
    // `__name__ != "__mp_main__"` keeps the children out; `in {"__main__", "__mp_main__"}` lets them all in.
    expect(count(/^not-mp-main/)).toBe(1);
    expect(count(/^both __mp_main__$/)).toBe(4);
    // What the module scope imports is imported again in every child; what the __main__ block imports is not,
    // unless a task's function lives there (unpickling it imports its module, in the child that runs it).
    expect(count(/^top_helper SpawnPoolWorker-\d+$/)).toBe(4);
    expect(count(/^guarded_helper /)).toBe(1);
    expect(count(/^target_helper SpawnPoolWorker-\d+$/)).toBe(1);
  });

  it('the fork start method re-runs nothing: the module scope runs once', () => {
    const out = run('fork_once.py', `${SAY}import multiprocessing as mp\nsay("scope", __name__)\ndef work(n):\n    return n\nif __name__ == "__main__":\n    pool = mp.get_context("fork").Pool(3)\n    pool.map(work, range(6))\n    pool.close()\n    pool.join()\n`);
    expect(out.trim().split('\n').filter((l) => l.startsWith('scope'))).toEqual(['scope __main__']);
  });

  it('forkserver: before 3.13.8 every child re-imports the main module; from 3.13.8 / 3.14 the forkserver process does, once, as "MainProcess"', () => {
    const code = (emulateFix: boolean) => `${SAY}import multiprocessing as mp, os, sys
say("scope", __name__, mp.current_process().name)

def work(n):
    return n

if __name__ == "__main__":
    if ${emulateFix ? 'True' : 'False'}:
        # What the 3.13.8 / 3.14 fix (python/cpython gh-126631) does: hand the main module's path to the forkserver,
        # whose preload list has held "__main__" all along (the old code looked for a key that no longer existed).
        from multiprocessing import spawn
        prepare = spawn.get_preparation_data
        def with_main_path(name):
            data = prepare(name)
            if "init_main_from_path" in data:
                data["main_path"] = data["init_main_from_path"]
            return data
        spawn.get_preparation_data = with_main_path
    pool = mp.get_context("forkserver").Pool(3)
    pool.map(work, range(6))
    pool.close()
    pool.join()
`;
    const fixed = PY >= 314 || (PY === 313 && PATCH >= 8);
    const native = run('forkserver_native.py', code(false)).trim().split('\n').filter((l) => l.startsWith('scope __mp_main__'));
    if (fixed) expect(native).toEqual(['scope __mp_main__ MainProcess']);
    else {
      expect(native).toHaveLength(3);
      for (const l of native) expect(l).toMatch(/^scope __mp_main__ ForkServerPoolWorker-\d+$/);
    }
    // The fixed behaviour on any interpreter: one import, in a process named MainProcess; the children inherit it.
    const emulated = run('forkserver_fixed.py', code(true)).trim().split('\n').filter((l) => l.startsWith('scope __mp_main__'));
    expect(emulated).toEqual(['scope __mp_main__ MainProcess']);
  });

  it('the default start method on macOS is spawn from 3.8 (the stdlib decides by sys.platform when multiprocessing is imported)', () => {
    const r = spawnSync('python3', ['-c', 'import sys\nsys.platform = "darwin"\nimport multiprocessing as mp\nprint(mp.get_start_method())'], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(PY >= 308 ? 'spawn' : 'fork');
  });

  it('the lock-file guard: of four forked workers that try flock(LOCK_EX | LOCK_NB) on one file, exactly one gets it', () => {
    const out = run(
      'flock_once.py',
      `import fcntl, os, time
path = os.path.join(os.getcwd(), "sched.lock")
r, w = os.pipe()
pids = []
for i in range(4):
    pid = os.fork()
    if pid == 0:
        f = open(path, "w")
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.write(w, b"n")
        else:
            os.write(w, b"y")
            time.sleep(1)
        os._exit(0)
    pids.append(pid)
for pid in pids:
    os.waitpid(pid, 0)
print("".join(sorted(os.read(r, 16).decode())))
`,
    );
    expect(out.trim()).toBe('nnny');
  });

  it('a fork-context Pool forks its workers in the constructor; ProcessPoolExecutor only on the first submit', () => {
    const out = run(
      'when.py',
      `import multiprocessing as mp, os
from concurrent.futures import ProcessPoolExecutor
if __name__ == "__main__":
    ctx = mp.get_context("fork")
    ex = ProcessPoolExecutor(max_workers=2, mp_context=ctx)
    a = len(mp.active_children())
    ex.submit(os.getpid).result()
    b = len(mp.active_children())
    ex.shutdown()
    p = ctx.Pool(2)
    c = len(mp.active_children())
    p.close(); p.join()
    print(a, b, c)
`,
    );
    expect(out.trim().split('\n').pop()).toBe('0 2 2');
  });
});
