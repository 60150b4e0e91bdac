import type { PyDetector } from './summarize.js';
import { pySpawnForkDetector } from './events/spawn-fork-detector.js';

/** Python detectors other than patch activations (spawns and forks), run on every summary. */
export function pythonDetectors(): PyDetector[] {
  return [pySpawnForkDetector];
}
