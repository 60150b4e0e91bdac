/**
 * The glob forms settings and test-runner configs use (`src/main.ts`, `apps/*\/src/main.ts`, `scripts/**`,
 * `**\/*.worker.ts`, `server/**\/*.test.{ts,tsx}`), as regular expressions over `/`-separated paths relative to a
 * base: `*` is any run of characters but `/`, `**` any number of path segments, `?` one character, `{a,b}` either
 * alternative (not nested). No character classes.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globSource(glob.replace(/^\.\//, ''))}$`);
}

function globSource(g: string): string {
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{' && g.indexOf('}', i) > i) {
      const close = g.indexOf('}', i);
      out += `(?:${g.slice(i + 1, close).split(',').map(globSource).join('|')})`;
      i = close;
    } else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}
