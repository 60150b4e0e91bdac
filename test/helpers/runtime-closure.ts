/** What `npm install <this package>` installs, read from package-lock.json (no network, no node_modules). */

export interface LockEntry {
  version?: string;
  dev?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/**
 * The lock entries `npm install <this package>` installs: the root's dependencies and optionalDependencies, then
 * of each package its dependencies, optionalDependencies and non-optional peerDependencies (npm installs those),
 * found where Node would find them (`a/node_modules/b`, then up the tree). Keys of `packages`, sorted.
 */
export function runtimeClosure(packages: Record<string, LockEntry>): string[] {
  const root = packages[''] ?? {};
  const seen = new Set<string>();
  const locate = (from: string, name: string): string | null => {
    for (let dir = from; ; ) {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (packages[key]) return key;
      if (!dir) return null;
      const at = dir.lastIndexOf('/node_modules/');
      dir = at < 0 ? '' : dir.slice(0, at);
    }
  };
  const visit = (from: string, deps: Record<string, string>, required: boolean): void => {
    for (const name of Object.keys(deps)) {
      const key = locate(from, name);
      if (!key) {
        if (required) throw new Error(`package-lock.json: ${from || '(root)'} needs ${name}, which is not in the lock`);
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = packages[key]!;
      visit(key, entry.dependencies ?? {}, true);
      visit(key, entry.optionalDependencies ?? {}, false);
      const peers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional);
      visit(key, Object.fromEntries(peers.map((p) => [p, entry.peerDependencies![p]!])), false);
    }
  };
  visit('', root.dependencies ?? {}, true);
  visit('', root.optionalDependencies ?? {}, false);
  return [...seen].sort();
}
