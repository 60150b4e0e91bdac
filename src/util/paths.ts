import { relative, sep } from 'node:path';

/** Whether `path` is `dir` or below it. Both are absolute and normalized (path.resolve / join), so a prefix test is exact. */
export function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** A path for messages: relative to `cwd` when it is below it, else absolute. */
export function displayPath(cwd: string, file: string): string {
  const r = relative(cwd, file);
  return r && !r.startsWith('..') ? r : file;
}
