/**
 * What `npm publish` would ship, and whether that package works when installed: offline and fast.
 * (ESLint 9 is checked by `npm run smoke`, which may fetch it from the npm registry.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { installCheck } from '../scripts/smoke/install-check.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

/** Files a user of the plugin needs, and nothing else. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE(\.md|\.txt)?$/,
  /^dist\/.+\.js$/,
  /^dist\/.+\.d\.ts$/,
  /^dist\/.+\.json$/,
  /^docs\/rules\/[\w-]+\.md$/,
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

  it('gets the tree-sitter wasm from its dependency, not from a copy', () => {
    expect(files.filter((f) => f.endsWith('.wasm'))).toEqual([]);
    expect(pkg.dependencies['tree-sitter-python']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies['web-tree-sitter']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(path.join(ROOT, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'))).toBe(true);
    expect(pkg.peerDependencies.eslint).toBe('^9.15.0 || ^10.0.0');
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
