import { dirname, relative, resolve as resolvePath, sep } from 'node:path';
import { globToRegExp } from '../../util/globs.js';
import { isInside } from '../../util/paths.js';
import { startCommands } from './entries.js';
import { nearestPackageJson } from './package-root.js';

export interface Preload {
  /** What was preloaded: a package specifier (`dd-trace/init`) or an absolute local file. */
  specifier: string;
  local: boolean;
  /** Where it was found, for messages: `package.json scripts.start`, `settings`. */
  source: string;
}

export { preloadsInCommand } from './entries.js';

/**
 * Patchers started before the entry module by the project's own start commands — package.json scripts,
 * Dockerfile / Procfile / compose command lines and PM2 files in the file's package or above it
 * (`node -r dd-trace/init`, `NODE_OPTIONS='--import ./instrument.mjs'`, PM2 `node_args`, dotenv-cli) — or
 * declared in settings (`patch-order.preloaded`, for places the plugin does not read). Every command's preloads
 * count for every file of the package: which command starts a file is not always knowable, and a preload that
 * is there must never be reported as missing.
 */
export function preloadsFor(file: string, root: string, declared: readonly string[]): Preload[] {
  const out: Preload[] = [];
  const pkg = nearestPackageJson(file, root);
  for (let dir = pkg?.dir ?? dirname(file); isInside(dir, root); dir = dirname(dir)) {
    for (const command of startCommands(dir, root)) {
      if (command.testsOnly && !isTestFile(file)) continue;
      if (command.include && !command.include.some((glob) => globToRegExp(glob).test(relative(dir, file).split(sep).join('/')))) continue;
      for (const spec of command.preloads) out.push(toPreload(spec, dir, command.source));
    }
    if (dir === root || dir === dirname(dir)) break;
  }
  for (const spec of declared) out.push(toPreload(spec, root, 'settings["patch-order"].preloaded'));
  const seen = new Set<string>();
  return out.filter((p) => !seen.has(`${p.specifier}\0${p.source}`) && !!seen.add(`${p.specifier}\0${p.source}`));
}

function toPreload(spec: string, base: string, source: string): Preload {
  const local = spec.startsWith('.') || spec.startsWith('/');
  return { specifier: local ? resolvePath(base, spec) : spec, local, source };
}

/** A test file by the names test runners look for: `*.test.*`, `*.spec.*`, `*.e2e.*`, or under test/, tests/, __tests__/, e2e/. */
export function isTestFile(file: string): boolean {
  return /\.(?:test|spec|e2e)(?:-[\w-]+)?\.[cm]?[jt]sx?$/.test(file) || /[\\/](?:test|tests|__tests__|e2e)[\\/]/.test(file);
}
