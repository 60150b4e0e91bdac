/** Command-line reading shared by the deployment readers (src/util/command-lines.ts). */
import { describe, expect, it } from 'vitest';
import { commandSegments, optionValue, shellTokens, splitOperators } from '../../src/util/command-lines.js';

describe('command lines', () => {
  it('optionValue: separate, `=` and attached forms; the index of the last token used; null for other tokens', () => {
    const args = ['-w', '4', '--workers=8', '-w2', '--bind', '-k'];
    expect(optionValue(args, 0, ['-w', '--workers'])).toEqual({ value: '4', next: 1 });
    expect(optionValue(args, 2, ['-w', '--workers'])).toEqual({ value: '8', next: 2 });
    expect(optionValue(args, 3, ['-w', '--workers'])).toEqual({ value: '2', next: 3 });
    expect(optionValue(args, 4, ['-w', '--workers'])).toBeNull();
    expect(optionValue(args, 5, ['-k'])).toBeNull(); // no value after it
  });

  it('splitOperators: each command of `a && b; c | d` on its own', () => {
    expect(splitOperators(['cd', 'app', '&&', 'gunicorn', 'x:app', ';', 'echo', '|', 'tee', '||'])).toEqual([['cd', 'app'], ['gunicorn', 'x:app'], ['echo'], ['tee']]);
  });

  it('commandSegments splits a script line the same way', () => {
    expect(commandSegments('cd /srv && exec gunicorn -w 4 app:app\n')).toEqual([['cd', '/srv'], ['exec', 'gunicorn', '-w', '4', 'app:app']]);
    expect(shellTokens(`gunicorn "a b" 'c d'`)).toEqual(['gunicorn', 'a b', 'c d']);
  });
});
