/**
 * The editor's steady state, counted in work rather than time: a long-lived process (the ESLint language server)
 * lints one file again and again, unchanged or edited, in a generated ~300-file application
 * (scripts/bench/application.mjs: entries that start dd-trace through a tracing module, a logger that starts
 * Sentry and is imported almost everywhere, route → service → repository → model layers).
 *
 * One ESLint instance in this process, as the language server holds one. The clock is frozen (only `Date` is
 * faked) so "within the program index's lifetime" (src/graph/program-index.ts: max(cacheFreshnessMs, 5 s)) does
 * not depend on how busy the machine is; the last test moves it past that lifetime.
 *
 * The time it takes is measured by `npm run bench -- --only editor` (scripts/bench/editor.mjs), not here.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../src/index.js';
import { resetStats, stats, type WorkStats } from '../src/util/stats.js';
import { generateApplication, reviseProbe } from '../scripts/bench/application.mjs';

let tmp: string;
let dir: string;
let probe: string;
let probeText: string;
let eslint: ESLint;

type Work = Pick<WorkStats, 'filesParsed' | 'summariesComputed' | 'programIndexBuilds' | 'internalErrors' | 'factsComputed'>;
/** The counters of one step, from zero. */
async function work(step: () => Promise<ESLint.LintResult[]>): Promise<{ work: Work; messages: string[] }> {
  resetStats();
  const results = await step();
  const { filesParsed, summariesComputed, programIndexBuilds, internalErrors, factsComputed } = stats;
  return {
    work: { filesParsed, summariesComputed, programIndexBuilds, internalErrors, factsComputed },
    messages: results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`)),
  };
}
const lintFile = (rel: string) => () => eslint.lintFiles([path.join(dir, rel)]);
const lintBuffer = (rel: string, text: string) => () => eslint.lintText(text, { filePath: path.join(dir, rel) });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
  tmp = mkdtempSync(path.join(os.tmpdir(), 'patch-order-editor-work-'));
  ({ dir, probe } = generateApplication(path.join(tmp, 'app'), 300));
  probeText = readFileSync(path.join(dir, probe), 'utf8');
  eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser as never } },
      plugin.configs.recommended as never,
    ],
  });
});

afterAll(() => {
  vi.useRealTimers();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('one file linted again and again in one process (the editor after warm-up)', () => {
  it('first lint of a mid-graph service: one program index (a pre-scan: no file parsed) says other files load it, so it is not summarized; clean', async () => {
    const first = await work(lintFile(probe));
    expect(first.messages).toEqual([]);
    expect(first.work).toEqual({ filesParsed: 0, summariesComputed: 0, programIndexBuilds: 1, internalErrors: 0, factsComputed: 0 });
  });

  it('the same file again, unchanged: no work at all (the summary of that text is reused, though ESLint made a new AST)', async () => {
    const again = await work(lintFile(probe));
    expect(again.messages).toEqual([]);
    expect(again.work).toEqual({ filesParsed: 0, summariesComputed: 0, programIndexBuilds: 0, internalErrors: 0, factsComputed: 0 });
  });

  it('edited buffer (lintText, not saved), ten times: nothing summarized or parsed (still not an entry), the index not rebuilt', async () => {
    for (let k = 1; k <= 10; k++) {
      const edit = await work(lintBuffer(probe, reviseProbe(probeText, k)));
      expect(edit.messages).toEqual([]);
      expect(edit.work).toEqual({ filesParsed: 0, summariesComputed: 0, programIndexBuilds: 0, internalErrors: 0, factsComputed: 0 });
    }
  });

  it('the entry: the first lint walks the program; an edit of it then reuses every dependency summary and every fact', async () => {
    const entry = 'src/index.ts';
    const first = await work(lintFile(entry));
    expect(first.messages).toEqual([]);
    // The program is walked in its order and stops once every file that names a patcher has run: src/tracing.ts
    // (dd-trace) and src/lib/logger.ts (Sentry) are parsed, the ~300 files loaded after them are not read. The
    // index is the one built above.
    expect(first.work.filesParsed).toBe(2);
    expect(first.work.summariesComputed).toBe(first.work.filesParsed + 1);
    expect(first.work.programIndexBuilds).toBe(0);
    expect(first.work.factsComputed).toBe(2);

    const text = readFileSync(path.join(dir, entry), 'utf8');
    const edited = await work(lintBuffer(entry, `${text}logger.info('edited');\n`));
    expect(edited.messages).toEqual([]);
    expect(edited.work).toEqual({ filesParsed: 0, summariesComputed: 1, programIndexBuilds: 0, internalErrors: 0, factsComputed: 0 });
  });

  it('past the index lifetime the next lint rebuilds it once (the freshness check), and the one after does not', async () => {
    vi.setSystemTime(Date.now() + 31_000);
    const stale = await work(lintBuffer(probe, reviseProbe(probeText, 11)));
    expect(stale.messages).toEqual([]);
    expect(stale.work).toEqual({ filesParsed: 0, summariesComputed: 0, programIndexBuilds: 1, internalErrors: 0, factsComputed: 0 });
    const fresh = await work(lintBuffer(probe, reviseProbe(probeText, 12)));
    expect(fresh.work).toEqual({ filesParsed: 0, summariesComputed: 0, programIndexBuilds: 0, internalErrors: 0, factsComputed: 0 });
  });
});
