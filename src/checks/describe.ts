import { displayPath } from '../util/paths.js';
import type { ChainStep } from '../graph/types.js';

/** `src/db.ts:3`: one hop of a chain, the file relative to `cwd` when it is below it. */
export function describeStep(cwd: string, step: ChainStep): string {
  return `${displayPath(cwd, step.file)}:${step.loc.line}`;
}

/** ` (through src/app.ts:1 → src/db.ts:3)`, or '' when the load is direct. */
export function describeChain(cwd: string, chain: readonly ChainStep[]): string {
  if (!chain.length) return '';
  return ` (through ${chain.map((s) => describeStep(cwd, s)).join(' → ')})`;
}
