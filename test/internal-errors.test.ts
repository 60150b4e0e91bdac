/**
 * No catch block may hide an internal error (DESIGN §5). Every `catch` in src/ and rules/ either hands the
 * error on (`internalError(…)`, `onlyInput(…)`, a `throw`), or says on its first lines that what it catches
 * is bad input of a dependency (`// dependency input: why`). `guard()` itself is the one catch-all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|cjs|mjs)$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/** The catch blocks of a file: where they start and their text up to the matching brace. */
export function catchBlocks(source: string): { line: number; block: string }[] {
  const out: { line: number; block: string }[] = [];
  // Catches named in comments do not count; the markers are read from the original text.
  const text = source.replace(/\/\*[\s\S]*?\*\/|(?<![:'"`\\])\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
  for (const m of text.matchAll(/\bcatch\s*(?:\([^)]*\))?\s*\{/g)) {
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    out.push({ line: text.slice(0, m.index).split('\n').length, block: source.slice(m.index, end + 1) });
  }
  return out;
}

export function hides(block: string): boolean {
  if (/\b(internalError|onlyInput|notInstalled)\(|\bthrow\b/.test(block)) return false;
  const head = block.split('\n').slice(0, 2).join('\n');
  return !/\/\/ dependency input: \S/.test(head);
}

describe('internal errors cannot hide', () => {
  it('every catch in src/ and rules/ hands the error on or is marked as dependency input', () => {
    const offenders: string[] = [];
    for (const file of [...sources('src'), ...sources('rules')]) {
      if (file === path.join('src', 'util', 'guard.ts')) continue;
      for (const { line, block } of catchBlocks(readFileSync(path.join(ROOT, file), 'utf8'))) {
        if (hides(block)) offenders.push(`${file}:${line}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('tells a hiding catch from one that hands on or is marked', () => {
    const blocks = catchBlocks(
      [
        'try { a(); } catch { return null; }',
        'try { a(); } catch (e) {\n  // never mind\n}',
        'try { a(); } catch (e) {\n  internalError("x", e);\n}',
        'try { a(); } catch (error) {\n  onlyInput(error); // dependency input: gone\n}',
        'try { a(); } catch { // dependency input: a malformed file reads as absent\n  return undefined;\n}',
        'try { a(); } catch (e) { if (x) { y(); } throw e; }',
        '// a comment about catch { log } is no catch',
      ].join('\n'),
    );
    expect(blocks.map((b) => hides(b.block))).toEqual([true, true, false, false, false, false]);
  });

  it('the suite runs strict: internal errors throw instead of becoming reports', () => {
    expect(process.env.PATCH_ORDER_STRICT).toBe('1');
  });
});
