import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearEntryCaches, commandsIn, declaredStart, sourceOf, startCommands, type StartCommand } from '../../../src/lang/js/entries.js';
import { nearestTsconfig } from '../../../src/lang/js/package-root.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'patch-order-entries-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  clearEntryCaches();
  return dir;
}

const rel = (dir: string) => (p: string | null) => (p ? path.relative(dir, p) : null);

describe('start commands', () => {
  const dir = project({ 'src/main.ts': '', 'src/worker.js': '', 'server.js': '', 'tsconfig.json': '{ "compilerOptions": { "outDir": "build", "rootDir": "src" } }' });
  const r = rel(dir);
  const brief = (text: string) => commandsIn(text, dir, dir, 'x').map((c) => [r(c.entry), c.preloads.map((p) => (p.startsWith('/') ? r(p) : p))]);

  it('node and its preload flags, in every spelling', () => {
    expect(brief('node -r dd-trace/init --require=./otel.js --import ./x.mjs build/main.js --port 3')).toEqual([
      ['src/main.ts', ['dd-trace/init', 'otel.js', 'x.mjs']],
    ]);
    expect(brief("NODE_OPTIONS='--require newrelic' node server.js")).toEqual([['server.js', ['newrelic']]]);
    expect(brief('cross-env NODE_ENV=production node --enable-source-maps dist/main.js')).toEqual([['src/main.ts', []]]);
  });

  it('runners other than node: ts-node, tsx watch, nodemon --exec, and chains', () => {
    expect(brief('ts-node -r tsconfig-paths/register src/main.ts')).toEqual([['src/main.ts', ['tsconfig-paths/register']]]);
    expect(brief('tsx watch src/worker.js')).toEqual([['src/worker.js', []]]);
    expect(brief('npm run build && node build/main.js')).toEqual([['src/main.ts', []]]);
  });

  it('dotenv-cli and dotenvx run load the env file before the program', () => {
    expect(brief('dotenv -e ../.env -- node server.js')).toEqual([['server.js', ['dotenv/config']]]);
    expect(brief('dotenvx run -- node server.js')).toEqual([['server.js', ['dotenv/config']]]);
  });

  it('a tool that is not a runner keeps its preloads, with no entry', () => {
    expect(brief('mocha -r dotenv/config test/**/*.js')).toEqual([[null, ['dotenv/config']]]);
    expect(brief('next start')).toEqual([]);
  });

  it('Dockerfile exec form and Procfile lines', () => {
    expect(brief('CMD ["node", "--require", "dd-trace/init", "build/main.js"]')).toEqual([['src/main.ts', ['dd-trace/init']]]);
    expect(brief('web: node server.js\nworker: node src/worker.js')).toEqual([
      ['server.js', []],
      ['src/worker.js', []],
    ]);
  });
});

describe('build outputs map back to sources', () => {
  it('tsconfig outDir/rootDir first, then dist|build|lib|out → src, then the path itself', () => {
    const dir = project({ 'src/a.ts': '', 'src/b/index.ts': '', 'lib/c.js': '', 'tsconfig.json': '{ "compilerOptions": { "outDir": "out", "rootDir": "src" } }' });
    const r = rel(dir);
    expect(r(sourceOf(path.join(dir, 'out/a.js'), dir, dir))).toBe('src/a.ts');
    expect(r(sourceOf(path.join(dir, 'dist/b'), dir, dir))).toBe('src/b/index.ts');
    expect(r(sourceOf(path.join(dir, 'lib/c.js'), dir, dir))).toBe('lib/c.js');
    expect(sourceOf(path.join(dir, 'dist/missing.js'), dir, dir)).toBeNull();
    expect(sourceOf('/elsewhere/x.js', dir, dir)).toBeNull();
  });
});

describe('declared entries', () => {
  it('package.json main, bin, exports, scripts; nest start through nest-cli.json; PM2 apps', () => {
    const dir = project({
      'package.json': JSON.stringify({ main: 'dist/index.js', bin: { tool: 'bin/tool.js' }, scripts: { start: 'nest start' } }),
      'nest-cli.json': '{ "sourceRoot": "apps/api", "entryFile": "boot" }',
      'src/index.ts': '',
      'bin/tool.js': '',
      'apps/api/boot.ts': '',
      'ecosystem.config.js': "module.exports = { apps: [{ script: 'worker.js', node_args: ['-r', 'newrelic'] }] };",
      'worker.js': '',
      'src/lib.ts': '',
    });
    const r = rel(dir);
    expect(startCommands(dir, dir).map((c) => [c.source, r(c.entry), c.preloads])).toEqual([
      ['package.json main', 'src/index.ts', []],
      ['package.json bin.tool', 'bin/tool.js', []],
      ['package.json scripts.start', 'apps/api/boot.ts', []],
      ['ecosystem.config.js', 'worker.js', ['newrelic']],
    ]);
    expect(declaredStart(path.join(dir, 'apps/api/boot.ts'), dir)?.source).toBe('package.json scripts.start');
    expect(declaredStart(path.join(dir, 'src/lib.ts'), dir)).toBeNull();
  });

  it('mocha --require/--file and mocharc / jest setup files are setups for test files', () => {
    const dir = project({
      'package.json': JSON.stringify({ scripts: { e2e: 'mocha --require ts-node/register --file e2e/setup.ts e2e/**/*.ts' }, jest: { setupFiles: ['<rootDir>/jest.setup.js'] } }),
      '.mocharc.yml': 'require:\n  - dotenv/config\nfile: ./test/setup.js\n',
    });
    const r = rel(dir);
    expect(startCommands(dir, dir).map((c) => [c.source, c.testsOnly ?? false, c.preloads.map((p) => (p.startsWith('/') ? r(p) : p))])).toEqual([
      ['package.json scripts.e2e', true, ['ts-node/register', 'e2e/setup.ts']],
      ['package.json jest', true, ['jest.setup.js']],
      ['.mocharc.yml', true, ['dotenv/config', 'test/setup.js']],
    ]);
  });
});

describe('start commands over time (docs/editor.md)', () => {
  afterEach(() => vi.useRealTimers());
  const old = (dir: string, name: string, seconds: number) => utimesSync(path.join(dir, name), seconds, seconds);

  it('kept while the files they were read from are unchanged; an edited script is seen after the TTL, a new deployment file within 30 s', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const dir = project({ 'src/main.ts': '', 'package.json': '{ "scripts": { "start": "node src/main.ts" } }' });
    old(dir, 'package.json', 1_600_000_000);
    const preloadsOf = (commands: StartCommand[]) => commands.map((c) => [c.source, c.preloads]);
    const first = startCommands(dir, dir);
    expect(preloadsOf(first)).toEqual([['package.json scripts.start', []]]);
    vi.setSystemTime(Date.now() + 5_000);
    expect(startCommands(dir, dir)).toBe(first); // read again by a stat: the same text, the same answer

    writeFileSync(path.join(dir, 'package.json'), '{ "scripts": { "start": "node -r dd-trace/init src/main.ts" } }');
    old(dir, 'package.json', 1_600_000_100);
    vi.setSystemTime(Date.now() + 1_500);
    const edited = startCommands(dir, dir);
    expect(preloadsOf(edited)).toEqual([['package.json scripts.start', ['dd-trace/init']]]);

    writeFileSync(path.join(dir, 'Procfile'), 'web: node -r newrelic src/main.ts\n');
    vi.setSystemTime(Date.now() + 5_000);
    expect(startCommands(dir, dir)).toBe(edited); // a file that was absent: the layout, kept up to 30 s
    vi.setSystemTime(Date.now() + 30_000);
    expect(preloadsOf(startCommands(dir, dir))).toEqual([
      ['package.json scripts.start', ['dd-trace/init']],
      ['Procfile', ['newrelic']],
    ]);
  });

  it('the tsconfig that maps a built file to its source is among the reads: a changed outDir is seen after the TTL', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const dir = project({
      'app/main.ts': '',
      'tsconfig.json': '{ "compilerOptions": { "outDir": "compiled", "rootDir": "app" } }',
      'package.json': '{ "scripts": { "start": "node compiled/main.js" } }',
    });
    old(dir, 'tsconfig.json', 1_600_000_000);
    old(dir, 'package.json', 1_600_000_000);
    // Its own cache is warm before the start commands are read: they still see the change.
    expect(nearestTsconfig(path.join(dir, 'app/main.ts'), dir)?.outDir).toBe(path.join(dir, 'compiled'));
    expect(startCommands(dir, dir).map((c) => c.entry)).toEqual([path.join(dir, 'app/main.ts')]);

    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "outDir": "elsewhere", "rootDir": "app" } }');
    old(dir, 'tsconfig.json', 1_600_000_100);
    vi.setSystemTime(Date.now() + 1_500);
    expect(startCommands(dir, dir).map((c) => c.entry)).not.toEqual([path.join(dir, 'app/main.ts')]);
  });
});
