/**
 * Strings that outlive the text they were read from.
 *
 * V8 represents a substring of 13 or more characters as a view into its parent string, and a concatenation as a
 * pair of pointers: a module specifier cut out of a file's text, or a cache key built from one, keeps the whole text
 * alive for as long as the cache holds it. Everything the plugin keeps across files (resolutions, summaries,
 * scans) is made of copies. On Novu this was 5 MB of file texts held by the resolver's memo alone.
 */

/** A copy of `s` that shares no memory with any other string. */
export function detached(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** Below this length V8 copies a substring instead of pointing into its parent, and a concatenation is flat. */
const SHORT = 13;

/**
 * `value` with every string of its plain objects and arrays replaced by a detached copy (in place), for data that
 * goes into a long-lived cache. Equal strings share one copy. Frozen objects are left alone: they are shared
 * between many such values (the resolver's results), and already hold copies.
 */
export function detachStrings<T>(value: T): T {
  const copies = new Map<string, string>();
  const copy = (s: string): string => {
    if (s.length < SHORT) return s;
    let c = copies.get(s);
    if (c === undefined) copies.set(s, (c = detached(s)));
    return c;
  };
  const seen = new Set<object>();
  const visit = (node: object): void => {
    if (seen.has(node) || Object.isFrozen(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'string') node[i] = copy(item);
        else if (item !== null && typeof item === 'object') visit(item);
      }
      return;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string') record[key] = copy(item);
      else if (item !== null && typeof item === 'object') visit(item);
    }
  };
  if (value !== null && typeof value === 'object') visit(value);
  return value;
}
