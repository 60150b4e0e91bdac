// SummaryCache.putIfOnDisk: the summary made from ESLint's text of the linted file serves other files' walks only when
// that text is what is on disk (an editor buffer may differ). ESLint's text has no byte order mark; the file may.
// Counted through the summarizer's calls.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SummaryCache } from '../../src/graph/cache.js';
import type { ModuleSummary } from '../../src/graph/types.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-summary-cache-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const summaryOf = (path: string): ModuleSummary => ({ path, language: 'js', events: [] });

function putThenGet(name: string, onDisk: string | Buffer, linted: string) {
  const path = join(dir, name);
  writeFileSync(path, onDisk);
  const cache = new SummaryCache();
  const put = summaryOf(path);
  cache.putIfOnDisk(path, path, linted, put);
  let summarized = 0;
  const got = cache.get(path, path, (p) => {
    summarized++;
    return summaryOf(p);
  });
  return { kept: got === put, summarized };
}

describe('SummaryCache.putIfOnDisk', () => {
  it('the text on disk: kept, and the file is not summarized again', () => {
    expect(putThenGet('plain.js', "require('x');\n", "require('x');\n")).toEqual({ kept: true, summarized: 0 });
  });

  it('a file with a byte order mark, linted without it: kept', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("require('é');\r\n")]);
    expect(putThenGet('bom.js', bytes, "require('é');\r\n")).toEqual({ kept: true, summarized: 0 });
  });

  it('an editor buffer that differs from the disk, even of the same length: not kept', () => {
    expect(putThenGet('edited.js', "require('a');\n", "require('b');\n")).toEqual({ kept: false, summarized: 1 });
    expect(putThenGet('longer.js', "require('a');\n", "require('abc');\n")).toEqual({ kept: false, summarized: 1 });
  });

  it('three bytes more on disk that are not a byte order mark: not kept', () => {
    expect(putThenGet('not-bom.js', "xyzrequire('a');\n", "require('a');\n")).toEqual({ kept: false, summarized: 1 });
  });
});
