import { resolve as resolvePath } from 'node:path';
import { nearestPackageJson } from './package-root.js';

export interface Preload {
  /** What was preloaded: a package specifier (`dd-trace/init`) or an absolute local file. */
  specifier: string;
  local: boolean;
  /** Where it was found, for messages: `package.json scripts.start`, `settings`. */
  source: string;
}

// A flag at a word start, also inside NODE_OPTIONS="…" / '…' quoting.
const FLAG = /(?:^|[\s"'=])(?:-r|--require|--import|--loader|--experimental-loader)(?:\s+|=)(['"]?)([^\s'"]+)\1/g;

/** Preload flags in one command line (a package.json script, a NODE_OPTIONS value). */
export function preloadsInCommand(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(FLAG)) out.push(m[2]!);
  return out;
}

/**
 * Patchers started before the entry module by the project's own scripts (`node -r dd-trace/init`,
 * `NODE_OPTIONS='--import ./instrument.mjs'`, `tsx --import …`) or declared in settings
 * (`patch-order.preloaded`, for Dockerfiles and process managers the plugin does not read).
 */
export function preloadsFor(file: string, root: string, declared: readonly string[]): Preload[] {
  const out: Preload[] = [];
  const pkg = nearestPackageJson(file, root);
  if (pkg) {
    for (const [name, command] of Object.entries(pkg.scripts)) {
      for (const spec of preloadsInCommand(command)) out.push(toPreload(spec, pkg.dir, `package.json scripts.${name}`));
    }
  }
  for (const spec of declared) out.push(toPreload(spec, root, 'settings["patch-order"].preloaded'));
  return out;
}

function toPreload(spec: string, base: string, source: string): Preload {
  const local = spec.startsWith('.') || spec.startsWith('/');
  return { specifier: local ? resolvePath(base, spec) : spec, local, source };
}
