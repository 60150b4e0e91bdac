/**
 * Where a Node program starts, read from the files where projects keep it (never run): package.json `main`,
 * `bin`, `exports` and the commands of its `scripts`; Dockerfile `CMD`/`ENTRYPOINT`/`RUN`, Procfile and
 * docker-compose command lines; PM2 ecosystem files; `nest start` through nest-cli.json. Each start command
 * also names its preloads (`node -r dd-trace/init dist/main.js`, `NODE_OPTIONS=--import ./otel.mjs`, PM2
 * `node_args`, dotenv-cli's `dotenv -- node …`). Build outputs are mapped back to their sources (tsconfig
 * `outDir`/`rootDir`, then `dist/`, `build/`, `lib/`, `out/` → `src/`).
 */
import { basename, dirname, extname, isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import { commandSegments } from '../../util/command-lines.js';
import { clearFolderProbes, listedKind, readListedText } from '../../util/dir-listings.js';
import { kindOf, readText, recordingReads, sameReads } from '../../util/fs-cache.js';
import { parseJsonc } from '../../util/jsonc.js';
import { isInside } from '../../util/paths.js';
import { nearestTsconfig } from './package-root.js';
import { readPm2Config } from './pm2.js';
import { codeConfigSetups } from './runner-configs.js';

export interface StartCommand {
  /** The entry file the command runs, as a source file of the project when one maps to it. */
  entry: string | null;
  /** Preload specifiers (`dd-trace/init`, or absolute local files). */
  preloads: string[];
  /** Where it was read, for messages: `package.json scripts.start`, `Dockerfile`, `ecosystem.config.js`. */
  source: string;
  /** A test runner's setup (mocha `--file`/`require`, jest `setupFiles`): it runs before test files only. */
  testsOnly?: boolean;
  /** Only the test files these globs match, relative to the directory the command was read in (vitest `include`). */
  include?: string[];
}

/** Runners whose first file argument is the program: `node x.js`, `ts-node src/main.ts`, `tsx watch src/x.ts`. */
const RUNNERS = new Set(['node', 'nodejs', 'ts-node', 'ts-node-dev', 'tsnd', 'tsx', 'nodemon', 'babel-node', 'esno', 'esr', 'bun', 'vite-node', 'node-dev']);
/** Options of those runners that take a value (so the value is not the program). */
const VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-e', '--eval', '-p', '--print', '--inspect-port', '--env-file', '--watch-path', '--exec', '-x', '--ext', '--ignore', '-i', '--project', '-P', '--tsconfig', '--signal', '--delay', '--config']);
const SOURCE_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];
const COMMAND_FILES = ['Dockerfile', 'Procfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];

const cache = new Map<string, { value: StartCommand[]; reads: Array<[string, string]>; checkedAt: number; until: number }>();
/** How long the texts a folder's start commands were read from are trusted before a stat (fs-cache's text TTL). */
const READS_TTL_MS = 1000;
const LAYOUT_LIFETIME_MS = 30_000;

// A flag at a word start, also inside NODE_OPTIONS="…" / '…' quoting.
const FLAG = /(?:^|[\s"'=])(?:-r|--require|--import|--loader|--experimental-loader)(?:\s+|=)(['"]?)([^\s'"]+)\1/g;

/** Preload flags in one command line (a package.json script, a NODE_OPTIONS value). */
export function preloadsInCommand(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(FLAG)) out.push(m[2]!);
  return out;
}

/**
 * Every start command declared in the package at `pkgDir` (package.json, deployment files, PM2 files).
 *
 * Each folder above every linted file is asked, and answering probes some twenty file names in it, nearly all absent.
 * So the answer is kept while the files it was read from hold the same text (checked by a stat each after the
 * freshness window: an edited start script is seen at the next lint), for at most `LAYOUT_LIFETIME_MS`: a deployment
 * file created where there was none is a change of layout, seen within 30 s like a new module (docs/editor.md).
 */
export function startCommands(pkgDir: string, root: string, now = Date.now()): StartCommand[] {
  const key = `${root}\0${pkgDir}`;
  const known = cache.get(key);
  if (known && now < known.until) {
    if (now - known.checkedAt < READS_TTL_MS) return known.value;
    if (sameReads(known.reads, now)) {
      known.checkedAt = now;
      return known.value;
    }
  }
  const { value, reads } = recordingReads(() => readStartCommands(pkgDir, root));
  cache.set(key, { value, reads, checkedAt: now, until: now + LAYOUT_LIFETIME_MS });
  return value;
}

/** The start command that runs `file`, from its package or a package above it (within `root`), or null. */
export function declaredStart(file: string, root: string): StartCommand | null {
  for (let dir = dirname(file); isInside(dir, root); dir = dirname(dir)) {
    for (const command of startCommands(dir, root)) if (command.entry === file) return command;
    if (dir === root || dir === dirname(dir)) break;
  }
  return null;
}

export function clearEntryCaches(): void {
  cache.clear();
  clearFolderProbes();
}

function readStartCommands(pkgDir: string, root: string): StartCommand[] {
  const out: StartCommand[] = [];
  const pkg = parseJsonc(readListedText(join(pkgDir, 'package.json')) ?? '') as Record<string, unknown> | undefined;
  if (pkg && typeof pkg === 'object') {
    const file = (spec: unknown, source: string) => {
      if (typeof spec === 'string') out.push({ entry: sourceOf(resolvePath(pkgDir, spec), pkgDir, root), preloads: [], source });
    };
    file(pkg.main, 'package.json main');
    if (typeof pkg.bin === 'string') file(pkg.bin, 'package.json bin');
    else if (pkg.bin && typeof pkg.bin === 'object') for (const [k, v] of Object.entries(pkg.bin)) file(v, `package.json bin.${k}`);
    for (const target of exportTargets(pkg.exports)) file(target, 'package.json exports');
    const scripts = pkg.scripts && typeof pkg.scripts === 'object' ? (pkg.scripts as Record<string, unknown>) : {};
    for (const [name, command] of Object.entries(scripts)) {
      if (typeof command !== 'string') continue;
      for (const c of commandsIn(command, pkgDir, root, `package.json scripts.${name}`)) out.push(c);
    }
  }
  for (const name of COMMAND_FILES) {
    const path = join(pkgDir, name);
    if (listedKind(path) !== 'file') continue;
    // A container's working directory is where the Dockerfile copies the package; paths stay relative to it.
    for (const c of commandsIn(readText(path) ?? '', pkgDir, root, name)) out.push(c);
  }
  for (const c of testRunnerSetups(pkgDir, pkg)) out.push(c);
  for (const name of ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.json', 'pm2.json']) {
    const path = join(pkgDir, name);
    if (listedKind(path) !== 'file') continue;
    for (const app of readPm2Config(path)) {
      out.push({ entry: sourceOf(app.script, pkgDir, root), preloads: app.nodeArgs ? preloadsInCommand(app.nodeArgs).map((s) => local(s, pkgDir)) : [], source: name });
    }
  }
  return out;
}

/** The start commands in one shell command line (several when it chains with `&&`). */
export function commandsIn(text: string, cwd: string, root: string, source: string): StartCommand[] {
  const out: StartCommand[] = [];
  // NODE_OPTIONS set anywhere on the line (or exported before it) applies to the node processes it starts.
  const lineOptions = preloadsInCommand([...text.matchAll(/NODE_OPTIONS=("[^"]*"|'[^']*'|\S+)/g)].map((m) => m[1]).join(' '));
  for (const tokens of commandSegments(text)) {
    const preloads = [...lineOptions];
    let i = 0;
    // Prefixes: env assignments, `exec`, `env`, `npx`, `cross-env`, dotenv-cli (`dotenv -e .env --`), `dotenvx run --`.
    for (;;) {
      const t = tokens[i];
      if (t === undefined) break;
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t) || t === 'exec' || t === 'env' || t === 'npx' || t === 'cross-env' || t === 'pnpm' && tokens[i + 1] === 'exec') {
        i += t === 'pnpm' ? 2 : 1;
        continue;
      }
      if (t === 'dotenv' || (t === 'dotenvx' && tokens[i + 1] === 'run')) {
        preloads.push('dotenv/config'); // the env file is loaded before the command runs
        const dash = tokens.indexOf('--', i);
        i = dash >= 0 ? dash + 1 : tokens.length;
        continue;
      }
      break;
    }
    const runner = tokens[i];
    if (runner === undefined) continue;
    if (runner === 'nest' && tokens[i + 1] === 'start') {
      out.push({ entry: nestEntry(cwd, root), preloads, source });
      continue;
    }
    if (basename(runner) === 'mocha') {
      // mocha's --require and --file modules run before every test file it loads.
      const setup = [...preloadsInCommand(tokens.slice(i).join(' '))];
      for (let k = i + 1; k < tokens.length; k++) if (tokens[k] === '--file' && tokens[k + 1]) setup.push(tokens[++k]!);
      if (setup.length) out.push({ entry: null, preloads: setup.map((s) => fileOrPackage(s, cwd)), source, testsOnly: true });
      if (preloads.length) out.push({ entry: null, preloads: preloads.map((s) => local(s, cwd)), source });
      continue;
    }
    if (!RUNNERS.has(basename(runner))) {
      // Another tool (jest, next, a process manager) with node flags: the preloads count, no entry is known.
      const flags = preloadsInCommand(tokens.slice(i).join(' '));
      if (flags.length || preloads.length) out.push({ entry: null, preloads: [...preloads, ...flags].map((s) => local(s, cwd)), source });
      continue;
    }
    let program: string | null = null;
    for (let k = i + 1; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (VALUE_OPTIONS.has(t)) {
        if (/^(?:-r|--require|--import|--loader|--experimental-loader)$/.test(t) && tokens[k + 1]) preloads.push(tokens[k + 1]!);
        k++;
        continue;
      }
      const eq = /^(--require|--import|--loader|--experimental-loader)=(.+)$/.exec(t);
      if (eq) {
        preloads.push(eq[2]!);
        continue;
      }
      if (t.startsWith('-') || t === 'watch' || t === 'run') continue;
      program = t;
      break;
    }
    out.push({ entry: program ? sourceOf(resolvePath(cwd, program), cwd, root) : null, preloads: preloads.map((s) => local(s, cwd)), source });
  }
  return out;
}

/**
 * Test runners' setup modules, from their config files and package.json keys: mocha (`.mocharc.json`/`.jsonc`/
 * `.yml`/`.yaml`, package.json `mocha`: `require`, `file`) and jest (`jest.config.json`, package.json `jest`:
 * `setupFiles`, `setupFilesAfterEnv`, with `<rootDir>`), and vitest / vite / jest configs written as code, read
 * without running them (src/lang/js/runner-configs.ts).
 */
function testRunnerSetups(pkgDir: string, pkg: Record<string, unknown> | undefined): StartCommand[] {
  const out: StartCommand[] = [];
  const add = (specs: unknown, source: string) => {
    const list = (Array.isArray(specs) ? specs : [specs]).filter((x): x is string => typeof x === 'string' && x.length > 0);
    if (list.length) out.push({ entry: null, preloads: list.map((x) => fileOrPackage(x.replace(/^<rootDir>\//, './'), pkgDir)), source, testsOnly: true });
  };
  const mocha = (cfg: unknown, source: string) => {
    if (cfg && typeof cfg === 'object') add([...listOf((cfg as Record<string, unknown>).require), ...listOf((cfg as Record<string, unknown>).file)], source);
  };
  const jest = (cfg: unknown, source: string) => {
    if (cfg && typeof cfg === 'object') add([...listOf((cfg as Record<string, unknown>).setupFiles), ...listOf((cfg as Record<string, unknown>).setupFilesAfterEnv)], source);
  };
  if (pkg) {
    mocha(pkg.mocha, 'package.json mocha');
    jest(pkg.jest, 'package.json jest');
  }
  for (const name of ['.mocharc.json', '.mocharc.jsonc']) {
    const text = readListedText(join(pkgDir, name));
    if (text) mocha(parseJsonc(text), name);
  }
  for (const name of ['.mocharc.yml', '.mocharc.yaml']) {
    const text = readListedText(join(pkgDir, name));
    if (text) mocha({ require: yamlList(text, 'require'), file: yamlList(text, 'file') }, name);
  }
  const jestJson = readListedText(join(pkgDir, 'jest.config.json'));
  if (jestJson) jest(parseJsonc(jestJson), 'jest.config.json');
  out.push(...codeConfigSetups(pkgDir));
  return out;
}

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** The values of a top-level YAML key: `key: value`, `key: [a, b]` or a `- item` block below it. */
function yamlList(text: string, key: string): string[] {
  const lines = text.split(/\r?\n/);
  const unquote = (v: string) => v.trim().replace(/^['"]|['"]$/g, '');
  for (let i = 0; i < lines.length; i++) {
    const m = new RegExp(`^${key}:\\s*(.*)$`).exec(lines[i]!);
    if (!m) continue;
    const rest = m[1]!.replace(/\s+#.*$/, '').trim();
    if (rest.startsWith('[')) return rest.slice(1, -1).split(',').map(unquote).filter(Boolean);
    if (rest) return [unquote(rest)];
    const out: string[] = [];
    for (let k = i + 1; k < lines.length && /^\s+-\s/.test(lines[k]!); k++) out.push(unquote(lines[k]!.replace(/^\s+-\s/, '')));
    return out;
  }
  return [];
}

function local(spec: string, cwd: string): string {
  return spec.startsWith('.') || isAbsolute(spec) ? resolvePath(cwd, spec) : spec;
}

/** A test runner's module argument: a file path relative to the package when such a file exists, else a package. */
function fileOrPackage(spec: string, cwd: string): string {
  const path = resolvePath(cwd, spec);
  return spec.startsWith('.') || isAbsolute(spec) || kindOf(path) === 'file' ? path : spec;
}

function exportTargets(exp: unknown): string[] {
  if (typeof exp === 'string') return [exp];
  if (Array.isArray(exp)) return exp.flatMap(exportTargets);
  if (exp && typeof exp === 'object') return Object.values(exp).flatMap(exportTargets);
  return [];
}

/** `nest start`: nest-cli.json `sourceRoot` + `entryFile` (defaults `src`, `main`). */
function nestEntry(dir: string, root: string): string | null {
  const cfg = parseJsonc(readText(join(dir, 'nest-cli.json')) ?? '') as { sourceRoot?: unknown; entryFile?: unknown } | undefined;
  const sourceRoot = typeof cfg?.sourceRoot === 'string' ? cfg.sourceRoot : 'src';
  const entryFile = typeof cfg?.entryFile === 'string' ? cfg.entryFile : 'main';
  return withSourceExt(resolvePath(dir, sourceRoot, entryFile), root);
}

/**
 * The source file a path stands for: itself when it is a source file of the project; for build output, the
 * source under tsconfig `rootDir` for a file under `outDir`, else the same path under `src/` for `dist/`, `build/`,
 * `lib/` or `out/`, with a TypeScript or JavaScript extension.
 */
export function sourceOf(path: string, pkgDir: string, root: string): string | null {
  if (!isInside(path, root)) return null;
  const candidates: string[] = [];
  const tsconfig = nearestTsconfig(join(pkgDir, 'package.json'), root);
  const opts = tsconfig ? readOutDirs(tsconfig.path) : null;
  if (opts?.outDir && isInside(path, opts.outDir)) candidates.push(join(opts.rootDir ?? join(pkgDir, 'src'), relative(opts.outDir, path)));
  const rel = relative(pkgDir, path).split(/[\\/]/);
  if (rel.length > 1 && ['dist', 'build', 'lib', 'out'].includes(rel[0]!)) {
    candidates.push(join(pkgDir, 'src', ...rel.slice(1)));
    candidates.push(join(pkgDir, ...rel.slice(1)));
  }
  candidates.push(path);
  for (const c of candidates) {
    const found = withSourceExt(c, root);
    if (found) return found;
  }
  return null;
}

function withSourceExt(path: string, root: string): string | null {
  if (!isInside(path, root)) return null;
  const stem = SOURCE_EXTS.includes(extname(path)) ? path.slice(0, -extname(path).length) : path;
  if (kindOf(path) === 'file' && !/\.d\.[cm]?ts$/.test(path)) return path;
  for (const ext of SOURCE_EXTS) if (kindOf(stem + ext) === 'file') return stem + ext;
  if (kindOf(path) === 'dir') for (const ext of SOURCE_EXTS) if (kindOf(join(path, `index${ext}`)) === 'file') return join(path, `index${ext}`);
  return null;
}

function readOutDirs(tsconfigPath: string): { outDir?: string; rootDir?: string } | null {
  const json = parseJsonc(readText(tsconfigPath) ?? '') as { compilerOptions?: { outDir?: unknown; rootDir?: unknown } } | undefined;
  const co = json?.compilerOptions;
  if (!co) return null;
  const base = dirname(tsconfigPath);
  return {
    ...(typeof co.outDir === 'string' ? { outDir: resolvePath(base, co.outDir) } : {}),
    ...(typeof co.rootDir === 'string' ? { rootDir: resolvePath(base, co.rootDir) } : {}),
  };
}
