export interface MemorySample {
  t: 'mem';
  i: number;
  files: number;
  peakMiB: number;
  rssMiB: number;
  heapMiB: number;
}

export interface MemoryStep {
  t: 'mem-step';
  i: number;
  file: string;
  chars: number;
  fromMiB: number;
  toMiB: number;
}

export declare function readMemory(): { peakMiB: number; rssMiB: number; heapMiB: number };
export declare function readPeak(): number;

export declare class MemoryTrail {
  constructor(options?: {
    every?: number;
    stepMiB?: number;
    peak?: () => number;
    sample?: () => { peakMiB: number; rssMiB: number; heapMiB: number };
  });
  afterFile(i: number, file: string, chars: number): Array<MemorySample | MemoryStep>;
}

export declare function formatMemoryTrail(
  lang: string,
  workers: ReadonlyArray<{
    first: number;
    last: number;
    samples: ReadonlyArray<{ i: number; peakMiB: number; rssMiB: number; heapMiB: number }>;
    steps: ReadonlyArray<{ i: number; file: string; chars: number; fromMiB: number; toMiB: number }>;
    maxRssMiB?: number;
  }>,
  show?: (file: string) => string,
): string[];
export declare const STEP_WINDOW: number;
export function stepWindows(steps: ReadonlyArray<{ i: number }>, firstIndex?: number): Array<[number, number]>;
