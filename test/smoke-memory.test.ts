/**
 * The smoke run's memory trail (scripts/smoke/memory.mjs): peak RSS sampled every N files per worker, and the
 * file that raised a worker's peak by a step named. The readings are given here (no real memory is judged), and
 * one real worker run checks that the messages reach the parent's stream.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatMemoryTrail, MemoryTrail, STEP_WINDOW, stepWindows } from '../scripts/smoke/memory.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A trail whose peak readings come from `peaks` in order (the first is read by the constructor). */
function trailOf(peaks: number[], every: number, stepMiB: number) {
  let k = 0;
  let samples = 0;
  const trail = new MemoryTrail({
    every,
    stepMiB,
    peak: () => peaks[Math.min(k++, peaks.length - 1)]!,
    sample: () => ({ peakMiB: peaks[Math.min(k - 1, peaks.length - 1)]!, rssMiB: 100 + samples, heapMiB: 50 + samples++ }),
  });
  return trail;
}

describe('MemoryTrail', () => {
  it('samples every N files and names the file that raised the peak by a step or more', () => {
    const trail = trailOf([200, 210, 580, 600, 1150, 1150], 2, 100);
    expect(trail.afterFile(10, '/c/a.js', 100)).toEqual([]);
    expect(trail.afterFile(11, '/c/three.cjs', 1_325_462)).toEqual([
      { t: 'mem-step', i: 11, file: '/c/three.cjs', chars: 1_325_462, fromMiB: 210, toMiB: 580 },
      { t: 'mem', i: 11, files: 2, peakMiB: 580, rssMiB: 100, heapMiB: 50 },
    ]);
    // +20 MiB is growth, not a step.
    expect(trail.afterFile(12, '/c/b.js', 10)).toEqual([]);
    expect(trail.afterFile(13, '/c/draco.js', 930_000)).toEqual([
      { t: 'mem-step', i: 13, file: '/c/draco.js', chars: 930_000, fromMiB: 600, toMiB: 1150 },
      { t: 'mem', i: 13, files: 4, peakMiB: 1150, rssMiB: 101, heapMiB: 51 },
    ]);
    expect(trail.afterFile(14, '/c/c.js', 10)).toEqual([]);
  });

  it('slow growth by many small files is no step (each file adds less than the step)', () => {
    const trail = trailOf([100, 150, 200, 250, 300], 10, 100);
    const out = [1, 2, 3, 4].flatMap((i) => trail.afterFile(i, `/f${i}.js`, 1));
    expect(out).toEqual([]);
  });

  it('rejects a sampling interval that is not a positive integer', () => {
    expect(() => new MemoryTrail({ every: 0 })).toThrow('every: a positive integer');
  });
});

describe('formatMemoryTrail', () => {
  it('one line of samples per worker (file number:peak/rss/heap), one line per step', () => {
    const lines = formatMemoryTrail(
      'js',
      [
        {
          first: 0,
          last: 2199,
          samples: [
            { i: 249, peakMiB: 416.2, rssMiB: 416, heapMiB: 301 },
            { i: 1999, peakMiB: 2654, rssMiB: 1903.4, heapMiB: 1654 },
          ],
          steps: [{ i: 1898, file: '/corpus/three/build/three.cjs', chars: 1_325_462, fromMiB: 580, toMiB: 958 }],
          maxRssMiB: 2654,
        },
        { first: 2200, last: 2210, samples: [], steps: [] },
      ],
      (f) => path.relative('/corpus', f),
    );
    expect(lines).toEqual([
      'memory js, worker 1 (files 1–2200); peak at exit 2654 MiB',
      '  peak RSS MiB after file N (N:peak/rss/heap): 250:416/416/301 2000:2654/1903/1654',
      '  step at file 1899: peak 580 → 958 MiB (+378) — three/build/three.cjs (1.33 M chars)',
      'memory js, worker 2 (files 2201–2211); did not exit normally',
      '  (no sample: fewer files than the sampling interval)',
    ]);
  });
});

describe('the smoke worker streams the trail', () => {
  it('a sample after every file with --rss-every 1, real numbers, then done', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smoke-memory-'));
    try {
      const files = ['a.js', 'b.ts'].map((f) => path.join(dir, f));
      writeFileSync(files[0]!, "import './b';\n");
      writeFileSync(files[1]!, 'export const b: number = 1;\n');
      const job = path.join(dir, 'job.json');
      writeFileSync(
        job,
        JSON.stringify({ files, cwds: [dir, dir], start: 0, lang: 'js', dist: path.join(ROOT, 'dist', 'src'), fixCaps: {}, rssEvery: 1, stepMiB: 1e9 }),
      );
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'smoke', 'worker.mjs'), job], { encoding: 'utf8', cwd: ROOT });
      expect(r.status, r.stderr).toBe(0);
      const msgs = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { t: string; i?: number; files?: number; peakMiB?: number; rssMiB?: number; heapMiB?: number; maxRssMiB?: number });
      expect(msgs.map((m) => `${m.t}${m.i ?? ''}`)).toEqual(['begin0', 'result0', 'mem0', 'begin1', 'result1', 'mem1', 'done']);
      const samples = msgs.filter((m) => m.t === 'mem');
      expect(samples.map((m) => m.files)).toEqual([1, 2]);
      for (const s of samples) {
        expect(s.peakMiB).toBeGreaterThan(0);
        expect(s.rssMiB).toBeGreaterThan(0);
        expect(s.heapMiB).toBeGreaterThan(0);
        // The peak so far is at least what is resident now.
        expect(s.peakMiB! + 1).toBeGreaterThanOrEqual(s.rssMiB!);
      }
      expect(msgs.at(-1)!.maxRssMiB).toBeGreaterThanOrEqual(samples.at(-1)!.peakMiB! - 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the runs of files re-measured after a step', () => {
  it('each step with the files before it; steps close together share one run; never before the worker\'s first file', () => {
    expect(STEP_WINDOW).toBe(20);
    expect(stepWindows([{ i: 1905 }, { i: 1900 }, { i: 1901 }, { i: 1902 }], 0)).toEqual([[1881, 1905]]);
    expect(stepWindows([{ i: 100 }, { i: 500 }], 0)).toEqual([[81, 100], [481, 500]]);
    expect(stepWindows([{ i: 2205 }], 2201)).toEqual([[2201, 2205]]);
    expect(stepWindows([], 0)).toEqual([]);
  });

  it('scripts/smoke/one.mjs lints several files in order in one process', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smoke-one-'));
    try {
      const files = ['a.js', 'b.js'].map((f) => path.join(dir, f));
      writeFileSync(files[0]!, "import './b.js';\n");
      writeFileSync(files[1]!, 'try { run(); } catch {}\n');
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'smoke', 'one.mjs'), ...files, '--cwd', dir, '--json'], { encoding: 'utf8', cwd: ROOT });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim()) as { files: number; maxRssMiB: number; messages: number };
      expect(out.files).toBe(2);
      expect(out.maxRssMiB).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
