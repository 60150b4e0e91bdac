import { relative } from 'node:path';
import type { ChainStep } from '../graph/types.js';

function rel(cwd: string, file: string): string {
  const r = relative(cwd, file);
  return r && !r.startsWith('..') ? r : file;
}

/** ` (through src/app.ts:1 → src/db.ts:3)`, or '' when the load is direct. */
export function describeChain(cwd: string, chain: readonly ChainStep[]): string {
  if (!chain.length) return '';
  return ` (through ${chain.map((s) => `${rel(cwd, s.file)}:${s.loc.line}`).join(' → ')})`;
}

/** `at line 5`, or `at src/instrument.ts:3 (imported at line 7)` for an activation in another file. */
export function describePlace(
  cwd: string,
  filename: string,
  patch: { file: string; chain: readonly ChainStep[]; event: { loc: { line: number } } },
): string {
  if (patch.file === filename && !patch.chain.length) return `at line ${patch.event.loc.line}`;
  const first = patch.chain[0];
  return `at ${rel(cwd, patch.file)}:${patch.event.loc.line}${first ? ` (reached from line ${first.loc.line})` : ''}`;
}
