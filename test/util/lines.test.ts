/** positionIn (src/util/lines.ts): offsets to ESTree positions, shared by both languages' parsers. */
import { describe, expect, it } from 'vitest';
import { positionIn } from '../../src/util/lines.js';

describe('positionIn', () => {
  it('line starts → 1-based lines and 0-based columns, at and between line starts', () => {
    const starts = [0, 4, 10]; // "abc\n", "defgh\n", "ij"
    expect([0, 3, 4, 9, 10, 11].map((o) => positionIn(starts, o))).toEqual([
      { line: 1, column: 0 }, { line: 1, column: 3 }, { line: 2, column: 0 }, { line: 2, column: 5 }, { line: 3, column: 0 }, { line: 3, column: 1 },
    ]);
    expect(positionIn([0], 7)).toEqual({ line: 1, column: 7 });
  });
});
