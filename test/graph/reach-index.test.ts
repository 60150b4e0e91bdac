/**
 * ReachIndex (src/graph/pre-scan.ts): the linted file's own scan, when it is the scan the index already read from disk
 * within the freshness window, is kept without another stat or root check; a file scanned before is not checked against
 * the roots again (its real path is the costliest probe), a file never scanned is (counted, never timed).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReachIndex, type LightScan } from '../../src/graph/pre-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'reach-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function index(freshnessMs: number) {
  const counts = { scans: 0, readable: 0 };
  const byText = new Map<string, LightScan>();
  const reach = new ReachIndex(
    (_path, text) => {
      counts.scans++;
      // Like the Python scanner: the same text gives back the same scan object.
      let s = byText.get(text);
      if (!s) byText.set(text, (s = { deps: [], hit: text.includes('gevent') }));
      return s;
    },
    () => {
      counts.readable++;
      return true;
    },
    freshnessMs,
  );
  return { reach, counts, byText };
}

describe('ReachIndex.remember', () => {
  it('keeps the scan read from disk without checking the file again when the linted text gave back that scan', () => {
    const file = join(dir, 'a.py');
    writeFileSync(file, 'import os\n');
    const { reach, counts, byText } = index(60_000);
    expect(reach.reaches(file)).toBe(false);
    expect(counts).toEqual({ scans: 1, readable: 1 });
    reach.remember(file, 'import os\n', byText.get('import os\n')!);
    expect(counts.readable).toBe(1);
    // Another scan object (another text, or one not read from disk): stat'ed again, but found inside the roots before.
    reach.remember(file, 'import os\n', { deps: [], hit: false });
    expect(counts.readable).toBe(1);
  });

  it('a linted file never scanned is checked against the roots before its scan is kept', () => {
    const file = join(dir, 'c.py');
    writeFileSync(file, 'import gevent\n');
    const { reach, counts } = index(60_000);
    reach.remember(file, 'import gevent\n', { deps: [], hit: true });
    expect(counts.readable).toBe(1);
    expect(reach.mentions(file)).toBe(true);
    expect(counts.scans).toBe(0);
  });

  it('past the freshness window the same scan is stat\'ed again (not counted here), not checked against the roots again', () => {
    const file = join(dir, 'b.py');
    writeFileSync(file, 'import os\n');
    const { reach, counts, byText } = index(0);
    reach.scan(file);
    expect(counts.readable).toBe(1);
    reach.remember(file, 'import os\n', byText.get('import os\n')!);
    expect(counts.readable).toBe(1);
  });
});

describe('ReachIndex.view', () => {
  it('answers another question over the same scans: no file is read twice, and a change the index sees clears it', () => {
    const root = mkdtempSync(join(tmpdir(), 'reach-view-'));
    try {
      const a = join(root, 'a.py');
      const b = join(root, 'b.py');
      writeFileSync(a, 'import b\n');
      writeFileSync(b, 'import threading\nthreading.Thread(target=f).start()\n');
      let scans = 0;
      const scanOf = (_path: string, text: string): LightScan => {
        scans++;
        return { deps: text.includes('import b') ? [b] : [], hit: text.includes('gevent'), spawn: text.includes('Thread') };
      };
      const reach = new ReachIndex(scanOf, () => true, 60_000);
      const spawns = reach.view((s) => s.spawn !== false);
      expect(spawns.reaches(a)).toBe(true);
      expect(scans).toBe(2);
      expect(reach.reaches(a)).toBe(false); // the index's own question, over the same two scans
      expect(scans).toBe(2);
      // b.py saved without its thread (another size): the index sees the change when it is linted.
      const text = 'import threading\n';
      writeFileSync(b, text);
      reach.remember(b, text, scanOf(b, text));
      expect(spawns.reaches(a)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('ReachIndex.scanListed', () => {
  it('a file the program index listed is scanned without the root check (its realpath); scan asks it', () => {
    const file = join(dir, 'listed.py');
    writeFileSync(file, 'import os\n');
    const listed = index(60_000);
    expect(listed.reach.scanListed(file)).toEqual({ deps: [], hit: false });
    expect(listed.counts).toEqual({ scans: 1, readable: 0 });
    const asked = index(60_000);
    expect(asked.reach.scan(file)).toEqual({ deps: [], hit: false });
    expect(asked.counts).toEqual({ scans: 1, readable: 1 });
  });
});
