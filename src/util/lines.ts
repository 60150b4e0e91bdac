/**
 * Whole-line text edits shared by the fixes of both languages: line starts and endings as each file has them
 * (\n, \r\n, lone \r), file headers that must stay first, and moving line blocks with tidy blank lines.
 */
/**
 * Comment lines that must stay at the top of a file, whatever comes after them: a shebang, tool
 * directives (`eslint`, `@ts-check`, `@flow`, `global`, Python's encoding line, `type:`/`mypy:`/`noqa`…),
 * a licence or file header. Directives about the next line (`eslint-disable-next-line`, `@ts-ignore`)
 * are not: they stay with the line they are about.
 */
export function isFileHeader(comments: string): boolean {
  return /^#!|eslint(?!-disable-next-line)|jshint|istanbul|@ts-(?!ignore|expect-error)|@flow|@jsx|@format|@prettier|@licen[cs]e|@preserve|@file|@fileoverview|@module|copyright|licen[cs]e|spdx|coding[:=]|\b(?:type|mypy|pylint|flake8|ruff|noqa|fmt|isort|pyright)\s*:|^[ \t]*(?:\/\*|#|\/\/)[ \t]*globals?\b/imu.test(
    comments,
  );
}

/** Length of the line break at `offset` (0 when there is none). */
function breakLength(text: string, offset: number): number {
  if (text.startsWith('\r\n', offset)) return 2;
  return text[offset] === '\n' || text[offset] === '\r' ? 1 : 0;
}

/** Start of the line after the one that starts at `lineStart` (text.length at the last line). */
function nextLineStart(text: string, lineStart: number): number {
  const m = /\r\n|\r|\n/.exec(text.slice(lineStart));
  return m ? lineStart + m.index + m[0].length : text.length;
}

/** Start of the line before the one that starts at `lineStart` (which must not be 0). */
function previousLineStart(text: string, lineStart: number): number {
  const breakStart = text[lineStart - 1] === '\n' && text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
  return lineStartOf(text, breakStart);
}

/** The line starting at `lineStart` holds nothing but spaces and tabs, and a line break. */
function isBlankLine(text: string, lineStart: number): boolean {
  const m = /^[ \t]*(?:\r\n|\r|\n)/.exec(text.slice(lineStart));
  return m !== null;
}

/**
 * Move whole-line `blocks` (each from a line start to just after a line break, or to the end of the file;
 * in order, not overlapping) to `insertAt`, a line start before them, keeping blank lines tidy:
 * - where a block leaves, it leaves no doubled blank line: with blank lines (or the file's start or end) on
 *   both sides, one blank line goes with it; at the end of a file without a final line break, the file
 *   still ends without one;
 * - where the blocks land, they stay a paragraph of their own if the first one was one (a blank line above
 *   it): a blank line separates them from what follows.
 * Returns the ranges to remove and the text to insert at `insertAt`.
 */
export function moveLineBlocks(
  text: string,
  blocks: readonly (readonly [number, number])[],
  insertAt: number,
): { removals: [number, number][]; insertAt: number; insertion: string } {
  const eol = lineEnding(text);
  let insertion = '';
  const removals: [number, number][] = [];
  for (const [blockStart, blockEnd] of blocks) {
    const body = text.slice(blockStart, blockEnd);
    insertion += breakLength(text, blockEnd - 1) || blockEnd !== text.length ? body : `${body}${eol}`;
    let s = blockStart;
    let e = blockEnd;
    const atEnd = e === text.length;
    const blankBefore = s === 0 || isBlankLine(text, previousLineStart(text, s));
    const blankAfter = atEnd || isBlankLine(text, e);
    if (blankBefore && blankAfter) {
      if (!atEnd) e = nextLineStart(text, e);
      else if (s > 0) s = previousLineStart(text, s);
    }
    // The file ended without a line break: remove the one before the block instead, so it still does.
    if (atEnd && s > 0 && breakLength(text, text.length - 1) === 0) s -= text[s - 1] === '\n' && text[s - 2] === '\r' ? 2 : 1;
    const last = removals[removals.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else removals.push([s, e]);
  }
  const first = blocks[0];
  const paragraph = !!first && first[0] > 0 && isBlankLine(text, previousLineStart(text, first[0]));
  if (paragraph && insertAt < text.length && !isBlankLine(text, insertAt)) insertion += eol;
  return { removals, insertAt, insertion };
}

/** Offset of the first character of the line holding `offset` (\n, \r\n and lone \r end lines in JS). */
export function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** The file's own line ending, so a moved line does not mix styles. */
export function lineEnding(text: string): string {
  const m = /\r\n|\r|\n/.exec(text);
  return m ? m[0] : '\n';
}

/**
 * The 1-based line and 0-based column of `offset`, given the offsets where lines start (ascending, the first 0):
 * a binary search, for turning ranges into ESTree `loc` (each language decides what breaks a line).
 */
export function positionIn(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  const index = lineIndexOf(lineStarts, offset);
  return { line: index + 1, column: offset - lineStarts[index]! };
}

/** The 0-based index of the line that holds `offset` (a binary search over the offsets where lines start). */
export function lineIndexOf(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
