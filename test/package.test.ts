/**
 * What `npm publish` would ship, what installing it installs, and whether that package works when installed:
 * offline and fast. (ESLint 9 is checked by `npm run smoke`, which may fetch it from the npm registry; links in
 * the shipped markdown and loading through `require`/`import` are in package-contents.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { installCheck } from '../scripts/smoke/install-check.mjs';
import { rules } from '../src/rules.js';
import { runtimeClosure, type LockEntry } from './helpers/runtime-closure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  repository: { type: string; url: string };
  bugs: { url: string };
  homepage: string;
};

/** Files a user of the plugin needs, and nothing else. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE(\.md|\.txt)?$/,
  /^dist\/.+\.js$/,
  /^dist\/.+\.d\.ts$/,
  /^dist\/.+\.json$/,
  // The `require` export condition: an error saying how to load the plugin from a CommonJS config.
  /^dist\/src\/require\.cjs$/,
  // The Python grammar (tree-sitter-python is a devDependency) and its licence.
  /^dist\/grammar\/tree-sitter-python\.(wasm|LICENSE)$/,
  /^docs\/rules\/[\w-]+\.md$/,
  // Docs the README and rule pages link to (package-contents.test.ts checks every link resolves).
  /^docs\/[\w-]+\.md$/,
];

let files: string[] = [];

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'src', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const parsed = JSON.parse(out) as { files: { path: string }[] }[];
  files = parsed[0]!.files.map((f) => f.path).sort();
});

describe('npm pack --dry-run', () => {
  it('ships only what a user needs', () => {
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || f.startsWith('dist/test/') || f.includes('fixtures/'))).toEqual([]);
  });

  it('ships package.json, README.md and a LICENSE', () => {
    expect(files).toContain('package.json');
    expect(files, 'README.md is missing from the package (and from the repo?)').toContain('README.md');
    expect(files.some((f) => /^LICENSE(\.md|\.txt)?$/.test(f)), 'no LICENSE file in the package (package.json says MIT)').toBe(true);
  });

  it('ships every export target, with types', () => {
    const targets: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') targets.push(v.replace(/^\.\//, ''));
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(pkg.exports);
    expect(targets).toContain('dist/src/index.js');
    expect(targets).toContain('dist/src/index.d.ts');
    for (const t of targets) expect(files, `export target ${t}`).toContain(t);
  });

  it('ships a .d.ts next to every .js', () => {
    const js = files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    expect(js.filter((f) => !files.includes(f.replace(/\.js$/, '.d.ts')))).toEqual([]);
  });

  it('ships every rule page', () => {
    const dir = path.join(ROOT, 'docs', 'rules');
    const pages = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
    for (const page of pages) expect(files).toContain(`docs/rules/${page}`);
  });

  it('ships the Python grammar: the wasm and the licence of the pinned tree-sitter-python devDependency', () => {
    expect(pkg.devDependencies['tree-sitter-python']).toBe('0.25.0');
    expect(pkg.dependencies['tree-sitter-python']).toBeUndefined();
    expect(pkg.dependencies['web-tree-sitter']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.peerDependencies.eslint).toBe('^9.15.0 || ^10.0.0');
    expect(files.filter((f) => f.endsWith('.wasm'))).toEqual(['dist/grammar/tree-sitter-python.wasm']);
    expect(files).toContain('dist/grammar/tree-sitter-python.LICENSE');
    const grammar = path.join(ROOT, 'node_modules', 'tree-sitter-python');
    for (const [shipped, source] of [
      ['dist/grammar/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
      ['dist/grammar/tree-sitter-python.LICENSE', 'LICENSE'],
    ] as const) {
      expect(readFileSync(path.join(ROOT, shipped)).equals(readFileSync(path.join(grammar, source))), `${shipped} is a copy of ${source}`).toBe(true);
    }
    expect(readFileSync(path.join(ROOT, 'dist/grammar/tree-sitter-python.LICENSE'), 'utf8')).toMatch(/^The MIT License/);
  });

  it('links the repository, and every rule links its page in it', () => {
    const repo = repositoryUrl(pkg.repository.url);
    expect(repo).toBe('https://github.com/patch-order/eslint-plugin-patch-order');
    expect(pkg.repository.type).toBe('git');
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
    expect(pkg.homepage).toBe(`${repo}#readme`);
    const ids = Object.keys(rules);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const url = (rules[id]!.meta?.docs as { url?: string } | undefined)?.url;
      expect(url, id).toBe(`${repo}/blob/main/docs/rules/${id}.md`);
      expect(existsSync(path.join(ROOT, 'docs', 'rules', `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
      expect(files).toContain(`docs/rules/${id}.md`);
    }
  });
});

/** `git+https://host/owner/name.git` → `https://host/owner/name`. */
function repositoryUrl(url: string): string {
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

describe('what installing the package installs (package-lock.json)', () => {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const closure = runtimeClosure(lock.packages);
  const names = closure.map((k) => k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length));

  it('runs no install script (npm 11 warns about every one not covered by allowScripts)', () => {
    expect(closure).toContain('node_modules/web-tree-sitter');
    expect(closure.filter((k) => lock.packages[k]!.hasInstallScript).map((k) => `${k}@${lock.packages[k]!.version}`)).toEqual([]);
  });

  it('installs neither TypeScript nor typescript-eslint\'s parser stack, nor any devDependency', () => {
    expect(names).not.toContain('typescript');
    expect(names.filter((n) => /^@typescript-eslint\/(utils|typescript-estree|parser|scope-manager)$/.test(n))).toEqual([]);
    expect(names).not.toContain('tree-sitter-python');
    expect(closure.filter((k) => lock.packages[k]!.dev)).toEqual([]);
  });

  it('finds nested copies first, skips optional peers and never walks devDependencies', () => {
    const packages: Record<string, LockEntry> = {
      '': { dependencies: { a: '^1' }, optionalDependencies: { gone: '^1' }, peerDependencies: { p: '^1' } },
      'node_modules/a': { dependencies: { b: '^2' }, peerDependencies: { q: '^1', r: '^1' }, peerDependenciesMeta: { r: { optional: true } } },
      'node_modules/a/node_modules/b': { hasInstallScript: true },
      'node_modules/b': {},
      'node_modules/q': { dependencies: { b: '^1' } },
      'node_modules/r': {},
      'node_modules/p': {},
      'node_modules/dev-only': { dev: true },
    };
    expect(runtimeClosure(packages)).toEqual(['node_modules/a', 'node_modules/a/node_modules/b', 'node_modules/b', 'node_modules/q']);
    expect(() => runtimeClosure({ '': { dependencies: { missing: '1.0.0' } } })).toThrow(/needs missing/);
  });
});

describe('installed from the tarball', () => {
  it('loads in ESLint 10 through its configs and lints a fixture', () => {
    const result = installCheck({ root: ROOT, eslintDir: path.join(ROOT, 'node_modules', 'eslint') });
    expect(result.ok, result.lines.join('\n')).toBe(true);
    expect(result.eslintVersion).toMatch(/^10\./);
    expect(result.results?.['src/server-ok.cjs']).toEqual([]);
  }, 60_000);
});
