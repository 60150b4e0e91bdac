// Memory over time in a smoke worker, so that a step is visible and attributed to the file that caused it.
//
// The worker calls `trail.afterFile(i, file, chars)` after each file. The peak RSS (getrusage maxRSS, which only
// ever rises) is read after every file (one cheap system call); every `every` files a sample of peak RSS, current
// RSS and V8 heap is emitted, and whenever one file raised the peak by `stepMiB` or more a step is emitted naming
// that file. The parent prints both per worker with formatMemoryTrail().

const MiB = 1024 * 1024;

/** What the process uses now: peak RSS so far, current RSS and V8 heap in use, in MiB. */
export function readMemory() {
  return {
    peakMiB: process.resourceUsage().maxRSS / 1024,
    rssMiB: process.memoryUsage.rss() / MiB,
    heapMiB: process.memoryUsage().heapUsed / MiB,
  };
}

/** Only the peak, for the per-file check (no heap statistics walk). */
export function readPeak() {
  return process.resourceUsage().maxRSS / 1024;
}

export class MemoryTrail {
  /**
   * @param {{ every?: number, stepMiB?: number, peak?: () => number, sample?: () => { peakMiB: number, rssMiB: number, heapMiB: number } }} [options]
   */
  constructor({ every = 250, stepMiB = 100, peak = readPeak, sample = readMemory } = {}) {
    if (!Number.isInteger(every) || every < 1) throw new Error('every: a positive integer');
    this.every = every;
    this.stepMiB = stepMiB;
    this.peak = peak;
    this.sample = sample;
    this.count = 0;
    this.lastPeak = peak();
  }

  /**
   * After file number `i` (its path and length in characters): the messages to send to the parent, in order
   * (a step, then a sample), possibly none.
   * @returns {Array<{ t: 'mem-step', i: number, file: string, chars: number, fromMiB: number, toMiB: number } | { t: 'mem', i: number, files: number, peakMiB: number, rssMiB: number, heapMiB: number }>}
   */
  afterFile(i, file, chars) {
    const out = [];
    const now = this.peak();
    if (now - this.lastPeak >= this.stepMiB) out.push({ t: 'mem-step', i, file, chars, fromMiB: this.lastPeak, toMiB: now });
    this.lastPeak = Math.max(this.lastPeak, now);
    this.count++;
    if (this.count % this.every === 0) out.push({ t: 'mem', i, files: this.count, ...this.sample() });
    return out;
  }
}

/**
 * The parent's report of each worker's memory: one line of samples (file number: peak MiB, the file number
 * counted over the whole language set, 1-based) and one line per step.
 * @param {string} lang
 * @param {Array<{ first: number, last: number, samples: Array<{ i: number, peakMiB: number, rssMiB: number, heapMiB: number }>, steps: Array<{ i: number, file: string, chars: number, fromMiB: number, toMiB: number }>, maxRssMiB?: number }>} workers
 * @param {(file: string) => string} [show] how a path is printed
 * @returns {string[]}
 */
export function formatMemoryTrail(lang, workers, show = (f) => f) {
  const lines = [];
  workers.forEach((w, n) => {
    const range = `files ${w.first + 1}–${w.last + 1}`;
    const end = w.maxRssMiB != null ? `; peak at exit ${w.maxRssMiB.toFixed(0)} MiB` : '; did not exit normally';
    lines.push(`memory ${lang}, worker ${n + 1} (${range})${end}`);
    lines.push(
      w.samples.length
        ? `  peak RSS MiB after file N (N:peak/rss/heap): ${w.samples.map((s) => `${s.i + 1}:${s.peakMiB.toFixed(0)}/${s.rssMiB.toFixed(0)}/${s.heapMiB.toFixed(0)}`).join(' ')}`
        : '  (no sample: fewer files than the sampling interval)',
    );
    for (const s of w.steps) {
      lines.push(
        `  step at file ${s.i + 1}: peak ${s.fromMiB.toFixed(0)} → ${s.toMiB.toFixed(0)} MiB (+${(s.toMiB - s.fromMiB).toFixed(0)}) — ${show(s.file)} (${(s.chars / 1e6).toFixed(2)} M chars)`,
      );
    }
  });
  return lines;
}

/** How many files before a step are linted with it when the run of files is measured in a fresh process. */
export const STEP_WINDOW = 20;

/**
 * The runs of files that made the steps, each from STEP_WINDOW files before its first step to its last (steps whose
 * runs overlap share one), as `[first, last]` indexes into the worker's files.
 * @param {Array<{ i: number }>} steps
 * @param {number} [firstIndex] the worker's first file: a run does not start before it
 * @returns {Array<[number, number]>}
 */
export function stepWindows(steps, firstIndex = 0) {
  const windows = [];
  for (const i of steps.map((s) => s.i).sort((a, b) => a - b)) {
    const from = Math.max(firstIndex, i - STEP_WINDOW + 1);
    const last = windows[windows.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], i);
    else windows.push([from, i]);
  }
  return windows;
}
