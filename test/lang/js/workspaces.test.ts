import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { JsResolver } from '../../../src/lang/js/resolve.js';
import { expandWorkspaceGlobs, globToRegExp, pnpmWorkspacePackages, WorkspaceIndex, workspacePatterns } from '../../../src/lang/js/workspaces.js';
import { clearFsCaches } from '../../../src/util/fs-cache.js';
import { lintProject } from '../../helpers/lint-project.js';
import { fixture } from '../../helpers/rule-tester.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A project on disk: path → text (objects are written as JSON). Returns its absolute folder. */
function layout(files: Record<string, string | object>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-ws-')));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

/** What `specifier` imported from apps/api/src/main.ts resolves to, with paths relative to the project. */
function resolveFrom(dir: string, specifier: string, options: { roots?: string[]; from?: string } = {}): unknown {
  const resolver = new JsResolver(options.roots?.[0] ?? dir, options.roots ? { roots: options.roots } : {});
  const r = resolver.resolve(specifier, join(dir, options.from ?? 'apps/api/src/main.ts'));
  return r.type === 'file' ? { file: r.path.slice(dir.length + 1) } : r;
}

const npmRoot = { 'package.json': { name: 'root', private: true, workspaces: ['apps/*', 'packages/*'] }, 'apps/api/src/main.ts': '' };

describe('pnpm-workspace.yaml packages:', () => {
  it('block list with quotes, comments and later keys', () => {
    const text = [
      '\uFEFF# workspace',
      'packages:',
      '  # apps',
      "  - 'apps/*'",
      '  - "packages/**"   # any depth',
      '  - tools/cli',
      "  - '!**/test/**'",
      '',
      'catalog:',
      '  - not-a-package',
    ].join('\r\n');
    expect(pnpmWorkspacePackages(text)).toEqual(['apps/*', 'packages/**', 'tools/cli', '!**/test/**']);
  });

  it('flow list, also over several lines', () => {
    expect(pnpmWorkspacePackages("packages: ['apps/*', \"packages/*\"]\n")).toEqual(['apps/*', 'packages/*']);
    expect(pnpmWorkspacePackages("packages: [\n  'apps/*',\n  'libs/*', # shared\n]\nonlyBuiltDependencies: [esbuild]\n")).toEqual(['apps/*', 'libs/*']);
  });

  it('no packages key: null; a key that only starts alike is not it', () => {
    expect(pnpmWorkspacePackages('catalog:\n  react: ^18\n')).toBeNull();
    expect(pnpmWorkspacePackages('packagesExtra:\n  - a/*\n')).toBeNull();
    expect(pnpmWorkspacePackages('packages:\n')).toEqual([]);
  });
});

describe('workspace configuration of a folder', () => {
  it('package.json workspaces: an array or { packages }', () => {
    expect(workspacePatterns(layout({ 'package.json': { workspaces: ['packages/*'] } }))).toEqual(['packages/*']);
    expect(workspacePatterns(layout({ 'package.json': { workspaces: { packages: ['apps/*'], nohoist: ['**/x'] } } }))).toEqual(['apps/*']);
  });

  it('pnpm-workspace.yaml and lerna.json (packages, or lerna’s default packages/*)', () => {
    expect(workspacePatterns(layout({ 'package.json': {}, 'pnpm-workspace.yaml': 'packages:\n  - libs/*\n' }))).toEqual(['libs/*']);
    expect(workspacePatterns(layout({ 'lerna.json': { packages: ['modules/*'] } }))).toEqual(['modules/*']);
    expect(workspacePatterns(layout({ 'lerna.json': { version: '1.0.0' } }))).toEqual(['packages/*']);
  });

  it('a package.json without workspaces declares none', () => {
    expect(workspacePatterns(layout({ 'package.json': { name: 'app', dependencies: {} } }))).toBeNull();
  });
});

describe('workspace globs', () => {
  it.each([
    ['packages/*', 'packages/a', true],
    ['packages/*', 'packages/a/b', false],
    ['packages/**', 'packages', true],
    ['packages/**', 'packages/a/b/c', true],
    ['**/test/**', 'packages/a/test', true],
    ['**/test/**', 'packages/a/test/x', true],
    ['**/test/**', 'packages/a/tests', false],
    ['packages/**/plugin-*', 'packages/x/y/plugin-a', true],
    ['packages/**/plugin-*', 'packages/plugin-a', true],
    ['./apps/*/', 'apps/web', true],
    ['apps/web-?', 'apps/web-1', true],
    ['apps/web-?', 'apps/web-12', false],
  ])('%s against %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });

  const tree = () =>
    layout({
      'packages/a/package.json': { name: 'a' },
      'packages/group/b/package.json': { name: 'b' },
      'packages/group/b/test/fixture/package.json': { name: 'fixture' },
      'packages/internal-c/package.json': { name: 'c' },
      'packages/no-manifest/index.ts': '',
      'packages/node_modules/d/package.json': { name: 'd' },
      'packages/.cache/e/package.json': { name: 'e' },
      'apps/web/package.json': { name: 'web' },
    });
  const rel = (root: string, dirs: string[]) => dirs.map((d) => d.slice(root.length + 1));

  it('`*` is one level; folders without a package.json are not packages', () => {
    const root = tree();
    expect(rel(root, expandWorkspaceGlobs(root, ['packages/*'], [root]))).toEqual(['packages/a', 'packages/internal-c']);
  });

  it('`**` is any depth, never into node_modules or dot folders', () => {
    const root = tree();
    expect(rel(root, expandWorkspaceGlobs(root, ['packages/**'], [root]))).toEqual([
      'packages/a',
      'packages/group/b',
      'packages/group/b/test/fixture',
      'packages/internal-c',
    ]);
  });

  it('`!` excludes what it matches, whatever the order', () => {
    const root = tree();
    expect(rel(root, expandWorkspaceGlobs(root, ['!packages/internal-*', 'packages/**', '!**/test/**', 'apps/*'], [root]))).toEqual([
      'apps/web',
      'packages/a',
      'packages/group/b',
    ]);
  });

  it('a glob that leaves the workspace root is not followed', () => {
    const root = tree();
    expect(expandWorkspaceGlobs(join(root, 'apps'), ['../packages/*'], [root])).toEqual([]);
  });

  it('a workspace folder linked from outside the roots is not read', () => {
    const outside = layout({ 'shared/package.json': { name: '@acme/outside' } });
    const root = layout({ 'package.json': { workspaces: ['packages/*', 'linked'] }, 'packages/a/package.json': { name: 'a' } });
    symlinkSync(join(outside, 'shared'), join(root, 'packages/linked-shared'));
    symlinkSync(join(outside, 'shared'), join(root, 'linked'));
    expect(rel(root, expandWorkspaceGlobs(root, ['packages/*', 'linked'], [root]))).toEqual(['packages/a']);
  });
});

describe('resolving a workspace package without node_modules', () => {
  it('main points at dist/: the same path under src/ with a TS extension', () => {
    const dir = layout({ ...npmRoot, 'packages/shared/package.json': { name: '@acme/shared', main: 'dist/index.js' }, 'packages/shared/src/index.ts': '' });
    expect(resolveFrom(dir, '@acme/shared')).toEqual({ file: 'packages/shared/src/index.ts' });
  });

  it('the tsconfig outDir maps back to rootDir (through extends)', () => {
    const dir = layout({
      ...npmRoot,
      'tsconfig.base.json': { compilerOptions: { outDir: 'packages/shared/out' } },
      'packages/shared/tsconfig.json': { extends: '../../tsconfig.base.json', compilerOptions: { rootDir: 'lib' } },
      'packages/shared/package.json': { name: '@acme/shared', main: 'out/server/index.js' },
      'packages/shared/lib/server/index.ts': '',
    });
    expect(resolveFrom(dir, '@acme/shared')).toEqual({ file: 'packages/shared/lib/server/index.ts' });
  });

  it('.mjs and .d.ts outputs map to .mts and .ts sources', () => {
    const dir = layout({
      ...npmRoot,
      'packages/esm/package.json': { name: 'esm', module: 'dist/index.mjs' },
      'packages/esm/src/index.mts': '',
      'packages/typed/package.json': { name: 'typed', types: 'dist/main.d.ts' },
      'packages/typed/src/main.ts': '',
    });
    expect(resolveFrom(dir, 'esm')).toEqual({ file: 'packages/esm/src/index.mts' });
    expect(resolveFrom(dir, 'typed')).toEqual({ file: 'packages/typed/src/main.ts' });
  });

  it('no source for the built file: the built file when it exists, else the package by name', () => {
    const built = layout({ ...npmRoot, 'packages/shared/package.json': { name: '@acme/shared', main: 'dist/index.js' }, 'packages/shared/dist/index.js': '' });
    expect(resolveFrom(built, '@acme/shared')).toEqual({ file: 'packages/shared/dist/index.js' });
    const none = layout({ ...npmRoot, 'packages/shared/package.json': { name: '@acme/shared', main: 'dist/index.js' } });
    expect(resolveFrom(none, '@acme/shared')).toEqual({ type: 'package', name: '@acme/shared' });
  });

  it('the source is preferred over a built file that exists', () => {
    const dir = layout({
      ...npmRoot,
      'packages/shared/package.json': { name: '@acme/shared', main: './dist/index.js' },
      'packages/shared/dist/index.js': '',
      'packages/shared/src/index.ts': '',
    });
    expect(resolveFrom(dir, '@acme/shared')).toEqual({ file: 'packages/shared/src/index.ts' });
  });

  it('package.json source, and types when it is a .ts source', () => {
    const dir = layout({
      ...npmRoot,
      'packages/a/package.json': { name: 'a', source: 'lib/entry.ts', main: 'dist/index.js' },
      'packages/a/lib/entry.ts': '',
      'packages/a/src/index.ts': '',
      'packages/b/package.json': { name: 'b', types: 'lib/b.ts', main: 'dist/index.js' },
      'packages/b/lib/b.ts': '',
      'packages/b/src/index.ts': '',
    });
    expect(resolveFrom(dir, 'a')).toEqual({ file: 'packages/a/lib/entry.ts' });
    expect(resolveFrom(dir, 'b')).toEqual({ file: 'packages/b/lib/b.ts' });
  });

  it('exports: development, source and types conditions that point at .ts sources win; .d.ts and dev builds do not', () => {
    const dir = layout({
      ...npmRoot,
      'packages/dev/package.json': { name: 'dev', exports: { '.': { development: './lib/index.ts', default: './dist/index.js' } } },
      'packages/dev/lib/index.ts': '',
      'packages/src/package.json': { name: 'src', exports: { import: { source: './lib/x.ts', default: './dist/x.mjs' } } },
      'packages/src/lib/x.ts': '',
      'packages/types/package.json': { name: 'types', exports: { '.': { types: './lib/t.ts', require: './dist/t.js' } } },
      'packages/types/lib/t.ts': '',
      'packages/dts/package.json': { name: 'dts', exports: { '.': { types: './dist/index.d.ts', development: './dist/dev.js', default: './dist/index.js' } } },
      'packages/dts/src/index.ts': '',
    });
    expect(resolveFrom(dir, 'dev')).toEqual({ file: 'packages/dev/lib/index.ts' });
    expect(resolveFrom(dir, 'src')).toEqual({ file: 'packages/src/lib/x.ts' });
    expect(resolveFrom(dir, 'types')).toEqual({ file: 'packages/types/lib/t.ts' });
    // No source condition: the run-time target ./dist/index.js, mapped back to src/.
    expect(resolveFrom(dir, 'dts')).toEqual({ file: 'packages/dts/src/index.ts' });
  });

  it('subpaths: exports keys and patterns (mapped to src/), paths without exports, subpaths exports does not list', () => {
    const dir = layout({
      ...npmRoot,
      'packages/shared/package.json': {
        name: '@acme/shared',
        exports: { '.': './dist/index.js', './db': { import: './dist/db/index.mjs', require: './dist/db/index.js' }, './utils/*': './dist/utils/*.js' },
      },
      'packages/shared/src/index.ts': '',
      'packages/shared/src/db/index.ts': '',
      'packages/shared/src/utils/time.ts': '',
      'packages/plain/package.json': { name: 'plain', main: 'index.js' },
      'packages/plain/index.js': '',
      'packages/plain/helpers/log.js': '',
    });
    expect(resolveFrom(dir, '@acme/shared/db')).toEqual({ file: 'packages/shared/src/db/index.ts' });
    expect(resolveFrom(dir, '@acme/shared/utils/time')).toEqual({ file: 'packages/shared/src/utils/time.ts' });
    expect(resolveFrom(dir, '@acme/shared/internal')).toEqual({ type: 'package', name: '@acme/shared', subpath: 'internal' });
    expect(resolveFrom(dir, 'plain')).toEqual({ file: 'packages/plain/index.js' });
    expect(resolveFrom(dir, 'plain/helpers/log')).toEqual({ file: 'packages/plain/helpers/log.js' });
  });

  it('pnpm-workspace.yaml with a negation: the excluded folder is not a package', () => {
    const dir = layout({
      'package.json': { name: 'root' },
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - 'packages/**'\n  - '!packages/legacy/**'\n",
      'apps/api/src/main.ts': '',
      'packages/legacy/shared/package.json': { name: '@acme/legacy' },
      'packages/legacy/shared/index.ts': '',
      'packages/core/shared/package.json': { name: '@acme/shared' },
      'packages/core/shared/index.ts': '',
    });
    expect(resolveFrom(dir, '@acme/shared')).toEqual({ file: 'packages/core/shared/index.ts' });
    expect(resolveFrom(dir, '@acme/legacy')).toEqual({ type: 'package', name: '@acme/legacy' });
  });

  it('lerna.json packages', () => {
    const dir = layout({
      'lerna.json': { packages: ['modules/*'] },
      'apps/api/src/main.ts': '',
      'modules/shared/package.json': { name: '@acme/shared', main: 'dist/index.js' },
      'modules/shared/src/index.ts': '',
    });
    expect(resolveFrom(dir, '@acme/shared')).toEqual({ file: 'modules/shared/src/index.ts' });
  });

  it('a name no workspace folder declares stays a package', () => {
    const dir = layout({ ...npmRoot, 'packages/shared/package.json': { name: '@acme/shared' }, 'packages/shared/index.ts': '' });
    expect(resolveFrom(dir, 'express')).toEqual({ type: 'package', name: 'express' });
    expect(resolveFrom(dir, '@acme/other')).toEqual({ type: 'package', name: '@acme/other' });
  });

  it('the nearest folder that declares workspaces is the workspace', () => {
    const dir = layout({
      'package.json': { workspaces: ['packages/*'] },
      'packages/shared/package.json': { name: '@acme/shared' },
      'packages/shared/index.ts': '',
      'nested/package.json': { workspaces: ['libs/*'] },
      'nested/libs/shared/package.json': { name: '@acme/shared' },
      'nested/libs/shared/index.ts': '',
      'nested/app/main.ts': '',
    });
    expect(resolveFrom(dir, '@acme/shared', { from: 'nested/app/main.ts' })).toEqual({ file: 'nested/libs/shared/index.ts' });
    expect(resolveFrom(dir, '@acme/shared', { from: 'packages/shared/index.ts' })).toEqual({ file: 'packages/shared/index.ts' });
  });

  it('a workspace declared above the roots is not read', () => {
    const dir = layout({ ...npmRoot, 'packages/shared/package.json': { name: '@acme/shared' }, 'packages/shared/index.ts': '' });
    expect(resolveFrom(dir, '@acme/shared', { roots: [join(dir, 'apps/api')] })).toEqual({ type: 'package', name: '@acme/shared' });
    // With the packages folder as a second root, the workspace is still above every root.
    expect(resolveFrom(dir, '@acme/shared', { roots: [join(dir, 'apps'), join(dir, 'packages')] })).toEqual({ type: 'package', name: '@acme/shared' });
  });

  it('a node_modules link that points inside the roots wins over the workspace configuration', () => {
    const dir = layout({
      ...npmRoot,
      'packages/shared/package.json': { name: '@acme/shared' },
      'packages/shared/index.ts': '',
      'vendor/shared/package.json': { name: '@acme/shared', main: 'dist/index.js' },
      'vendor/shared/src/index.ts': '',
    });
    mkdirSync(join(dir, 'node_modules/@acme'), { recursive: true });
    symlinkSync(join(dir, 'vendor/shared'), join(dir, 'node_modules/@acme/shared'));
    // The link's package is resolved the same way: its source, not its (absent) build output.
    expect(resolveFrom(dir, '@acme/shared')).toEqual({ file: 'vendor/shared/src/index.ts' });
  });

  it('an installed copy in node_modules is what runs: the package, not the workspace folder', () => {
    const dir = layout({
      ...npmRoot,
      'packages/shared/package.json': { name: '@acme/shared' },
      'packages/shared/index.ts': '',
      'node_modules/@acme/shared/package.json': { name: '@acme/shared', main: 'index.js' },
      'node_modules/@acme/shared/index.js': '',
    });
    expect(resolveFrom(dir, '@acme/shared')).toEqual({ type: 'package', name: '@acme/shared' });
  });

  it('an edited workspace configuration is seen once the cache window has passed', () => {
    const dir = layout({ ...npmRoot, 'packages/shared/package.json': { name: '@acme/shared' }, 'packages/shared/index.ts': '' });
    const index = new WorkspaceIndex([dir], 0);
    const from = join(dir, 'apps/api/src/main.ts');
    expect(index.packageFor('@acme/shared', from)?.dir).toBe(join(dir, 'packages/shared'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ workspaces: ['libs/*'] }));
    clearFsCaches(); // the shared stat/text caches have their own window
    expect(index.packageFor('@acme/shared', from)).toBeNull();
    expect(index.workspaceOf(from)?.root).toBe(dir);
  });

  it('package folders are listed again after 30 s; an edited package.json of a known package is seen after the TTL', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(100_000);
      const dir = layout({ ...npmRoot, 'packages/shared/package.json': { name: '@acme/shared' } });
      const index = new WorkspaceIndex([dir], 1000);
      const from = join(dir, 'apps/api/src/main.ts');
      expect([...index.workspaceOf(from)!.packages.keys()]).toEqual(['@acme/shared']);
      mkdirSync(join(dir, 'packages/queue'));
      writeFileSync(join(dir, 'packages/queue/package.json'), JSON.stringify({ name: '@acme/queue' }));
      writeFileSync(join(dir, 'packages/shared/package.json'), JSON.stringify({ name: '@acme/common-lib' }));
      vi.setSystemTime(102_000);
      expect([...index.workspaceOf(from)!.packages.keys()]).toEqual(['@acme/common-lib']);
      vi.setSystemTime(131_000);
      expect([...index.workspaceOf(from)!.packages.keys()].sort()).toEqual(['@acme/common-lib', '@acme/queue']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('no-import-before-patch through a workspace package (no node_modules)', () => {
  const rule = { 'patch-order/no-import-before-patch': 'error' as const };
  const brief = (p: { file: string; messageId?: string; line: number; column: number }) => `${p.file}:${p.line}:${p.column} ${p.messageId}`;
  const expected =
    "'express' is loaded before Datadog APM (dd-trace) takes effect at packages/tracing/src/index.ts:3 (reached from line 2). Symptom: it is never instrumented: no spans or errors from it, and no warning at start-up. Activate Datadog APM (dd-trace) first.";

  it.each(['workspace-pnpm', 'workspace-npm'])('%s: express imported above @acme/tracing (main: dist/index.js, not built) is reported', async (name) => {
    const { problems } = await lintProject(fixture('projects', name), rule);
    expect(problems.map(brief)).toEqual(['apps/api/src/main.ts:1:1 loadedBeforePatch']);
    expect(problems[0]!.message).toBe(expected);
  });

  it.each(['workspace-pnpm-fixed', 'workspace-npm-fixed'])('%s: @acme/tracing imported first is clean', async (name) => {
    expect((await lintProject(fixture('projects', name), rule)).problems).toEqual([]);
  });

  it('with a root below the workspace, its configuration is not read (nothing to see, nothing reported)', async () => {
    const cwd = fixture('projects', 'workspace-pnpm');
    const { problems } = await lintProject(cwd, rule, ['apps/api/src/main.ts'], { roots: [join(cwd, 'apps/api')] });
    expect(problems).toEqual([]);
  });
});

describe('resolution memo', () => {
  it('one resolution per directory and specifier; another directory or specifier resolves again', async () => {
    const { resetStats, stats } = await import('../../../src/util/stats.js');
    const dir = layout({ ...npmRoot, 'apps/api/src/a.ts': '', 'apps/api/src/b.ts': '', 'apps/api/lib/c.ts': '', 'apps/api/src/util.ts': '' });
    clearFsCaches();
    const resolver = new JsResolver(dir);
    resetStats();
    const fromA = resolver.resolve('./util', join(dir, 'apps/api/src/a.ts'));
    const fromB = resolver.resolve('./util', join(dir, 'apps/api/src/b.ts'));
    expect(fromB).toEqual(fromA);
    expect(fromA).toEqual({ type: 'file', path: join(dir, 'apps/api/src/util.ts') });
    expect(stats.resolutions).toBe(1);
    expect(resolver.resolve('./util', join(dir, 'apps/api/lib/c.ts'))).toEqual({ type: 'unresolved', name: './util' });
    resolver.resolve('express', join(dir, 'apps/api/src/a.ts'));
    expect(stats.resolutions).toBe(3);
  });
});
