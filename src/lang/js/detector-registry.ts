import type { Detector } from './detector-types.js';
import type { FormatInfo } from './format.js';
import { spawnForkDetector } from './events/spawn-fork-detector.js';

/**
 * Detectors other than patch activations (spawns and forks), run on every summary so each file is
 * walked once for all rules.
 */
export function extraDetectors(_format: FormatInfo): Detector[] {
  return [spawnForkDetector];
}
