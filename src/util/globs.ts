/**
 * The glob forms settings use (`src/main.ts`, `apps/*\/src/main.ts`, `scripts/**`, `**\/*.worker.ts`), as regular
 * expressions over `/`-separated paths relative to a base: `*` is any run of characters but `/`, `**` any
 * number of path segments, `?` one character. No braces or character classes.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  const g = glob.replace(/^\.\//, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
