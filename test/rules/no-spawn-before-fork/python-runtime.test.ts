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
const dir = mkdtempSync(join(tmpdir(), 'py-spawn-fork-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
      `import multiprocessing as mp, os
print("module scope", __name__, flush=True)

def work(n):
    return n

if __name__ == "__main__":
    print("main block", flush=True)
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

  it('forkserver children re-import the main module as __mp_main__ too (the default from 3.14)', () => {
    const out = run(
      'forkserver_reimport.py',
      `import multiprocessing as mp
print("module scope", __name__, flush=True)

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
