/**
 * The packed tarball, unpacked where `npm install` puts it, with only the runtime dependencies package-lock.json
 * gives it (no TypeScript, no typescript-eslint parser stack; ESLint 10 from this repo). Offline.
 * - Every relative link and image in every shipped markdown file resolves to a shipped file (a `#anchor`, to a
 *   heading of the target), as a user reading the installed README or a rule page follows them.
 * - `require()` fails with a message that says how to load the plugin; `import` gets the ES module; types resolve.
 * - A Python-only config lints Python.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScratchProject, packTarball, PACKAGE_NAME } from '../scripts/smoke/install-check.mjs';
import { runtimeClosure, type LockEntry } from './helpers/runtime-closure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------------------------------
// Markdown links

/** The text with fenced code blocks blanked (line count kept). */
function withoutFences(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null;
        return '';
      }
      if (m) {
        fence = m[1]!;
        return '';
      }
      return line;
    })
    .join('\n');
}

/** GitHub's heading anchors (and explicit `id`/`name` anchors) of a markdown file. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = withoutFences(markdown);
  for (const line of text.split('\n')) {
    const m = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const plain = m[1]!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[`*]/g, '');
    const slug = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  for (const m of text.matchAll(/\b(?:id|name)\s*=\s*["']([^"']+)["']/g)) anchors.add(m[1]!);
  return anchors;
}

/** Link and image destinations outside code: inline, reference definitions, HTML href/src. */
export function linksOf(markdown: string): string[] {
  const text = withoutFences(markdown).replace(/(`+)[^`][\s\S]*?\1/g, '');
  const out: string[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)) out.push(m[1]!);
  for (const m of text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)) out.push(m[1]!);
  return out;
}

/**
 * Every relative link of every `.md` among `files` (package-relative, `/`-separated), checked against `files`:
 * returns the broken ones as `file: link (reason)`, and how many relative links were checked.
 */
export function brokenLinks(files: ReadonlyMap<string, string>): { broken: string[]; checked: string[] } {
  const broken: string[] = [];
  const checked: string[] = [];
  const isDir = (p: string) => [...files.keys()].some((f) => f.startsWith(`${p}/`));
  for (const [file, text] of files) {
    if (!file.endsWith('.md')) continue;
    for (const link of linksOf(text)) {
      if (/^[a-z][a-z\d+.-]*:/i.test(link) || link.startsWith('//')) continue;
      checked.push(`${file} → ${link}`);
      const [rawPath, anchor] = link.split('#', 2) as [string, string | undefined];
      const target = rawPath ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(rawPath.split('?')[0]!))) : file;
      if (target.startsWith('../') || target === '..') {
        broken.push(`${file}: ${link} (outside the package)`);
        continue;
      }
      const dir = target.replace(/\/$/, '');
      if (!files.has(target) && !isDir(dir)) {
        broken.push(`${file}: ${link} (not shipped)`);
        continue;
      }
      if (anchor && target.endsWith('.md') && !anchorsOf(files.get(target)!).has(anchor)) {
        broken.push(`${file}: ${link} (no heading #${anchor} in ${target})`);
      }
    }
  }
  return { broken, checked };
}

describe('the markdown link checker', () => {
  it('reports missing files, missing headings and links out of the package; ignores code and URLs', () => {
    const files = new Map<string, string>([
      ['README.md', '# Title\n\n## Two words `code`\n\n[a](docs/a.md) [b](docs/gone.md) [c](#two-words-code) [d](#nope)\n'],
      ['docs/a.md', '# A\n\n## A\n\n[up](../README.md#title) [dir](rules) [x](../../x.md) [ok](#a-1) ![img](img/logo.png)\n'],
      ['docs/rules/r.md', '```js\nconst f = [g](h);\n```\n`[i](j.md)` [web](https://example.com/k.md) [mail](mailto:a@b.c)\n[ref]: ../a.md\n'],
    ]);
    const { broken, checked } = brokenLinks(files);
    expect(broken).toEqual([
      'README.md: docs/gone.md (not shipped)',
      'README.md: #nope (no heading #nope in README.md)',
      'docs/a.md: ../../x.md (outside the package)',
      'docs/a.md: img/logo.png (not shipped)',
    ]);
    expect(checked).toEqual([
      'README.md → docs/a.md',
      'README.md → docs/gone.md',
      'README.md → #two-words-code',
      'README.md → #nope',
      'docs/a.md → ../README.md#title',
      'docs/a.md → rules',
      'docs/a.md → ../../x.md',
      'docs/a.md → #a-1',
      'docs/a.md → img/logo.png',
      'docs/rules/r.md → ../a.md',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The installed package

const PY_BAD = `import requests
from gevent import monkey; monkey.patch_all()

requests.get("https://example.com")
`;
const PY_GOOD = `from gevent import monkey; monkey.patch_all()
import requests

requests.get("https://example.com")
`;

let packDir = '';
let project: ReturnType<typeof makeScratchProject> | undefined;
let pkgDir = '';
const shipped = new Map<string, string>();

beforeAll(() => {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  // Top-level runtime dependencies; nested copies come with the directory of the package that holds them.
  const only = runtimeClosure(lock.packages)
    .filter((k) => k.lastIndexOf('node_modules/') === 0)
    .map((k) => k.slice('node_modules/'.length));
  packDir = mkdtempSync(path.join(os.tmpdir(), 'patch-order-contents-'));
  const tarball = packTarball(ROOT, packDir);
  project = makeScratchProject({ root: ROOT, tarball, eslintDir: path.join(ROOT, 'node_modules', 'eslint'), only });
  pkgDir = path.join(project.dir, 'node_modules', PACKAGE_NAME);
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(pkgDir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else shipped.set(child, child.endsWith('.md') ? readFileSync(path.join(pkgDir, child), 'utf8') : '');
    }
  };
  walk('');
}, 60_000);

afterAll(() => {
  project?.cleanup();
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: project!.dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('shipped markdown', () => {
  it('has no relative link or image that does not resolve to a shipped file (and heading)', () => {
    const { broken, checked } = brokenLinks(shipped);
    expect(broken).toEqual([]);
    for (const link of ['README.md → docs/design.md', 'README.md → docs/rules/no-import-before-patch.md', 'docs/rules/no-import-before-patch.md → ../catalog.md']) {
      expect(checked).toContain(link);
    }
  });

  it('ships no doc outside docs/rules that no shipped page links to', () => {
    const targets = new Set<string>();
    for (const [file, text] of shipped) {
      if (!file.endsWith('.md')) continue;
      for (const link of linksOf(text)) targets.add(path.posix.normalize(path.posix.join(path.posix.dirname(file), link.split('#')[0]!)));
    }
    const docs = [...shipped.keys()].filter((f) => /^docs\/[^/]+\.md$/.test(f));
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.filter((f) => !targets.has(f))).toEqual([]);
  });
});

describe('loading the installed package', () => {
  it('require() fails with a message that says to use an ES module config and import', () => {
    const r = node(['-e', `require('${PACKAGE_NAME}')`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "Error: eslint-plugin-patch-order is an ES module and cannot be loaded with require(). " +
        'Name your ESLint config eslint.config.mjs (or set "type": "module" in package.json) ' +
        "and load the plugin with: import patchOrder from 'eslint-plugin-patch-order';",
    );
    const code = node(['-e', `try { require('${PACKAGE_NAME}'); } catch (e) { console.log(e.code); }`]);
    expect(code.stdout.trim()).toBe('ERR_REQUIRE_ESM');
  });

  it('import gets the ES module build', () => {
    const r = node([
      '--input-type=module',
      '-e',
      `const m = await import('${PACKAGE_NAME}');
       console.log(JSON.stringify({ url: import.meta.resolve('${PACKAGE_NAME}'), configs: Object.keys(m.default.configs) }));`,
    ]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { url: string; configs: string[] };
    expect(out.url.endsWith(`/node_modules/${PACKAGE_NAME}/dist/src/index.js`)).toBe(true);
    expect(out.configs).toEqual(['recommended', 'all', 'python']);
  });

  it('has types that resolve and type-check', () => {
    const file = path.join(project!.dir, 'check.mts');
    writeFileSync(file, `import patchOrder from '${PACKAGE_NAME}';\nexport const wrong: number = patchOrder.meta.name;\n`);
    const resolved = ts.resolveModuleName(PACKAGE_NAME, file, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }, ts.sys);
    expect(resolved.resolvedModule?.resolvedFileName.endsWith(`/node_modules/${PACKAGE_NAME}/dist/src/index.d.ts`)).toBe(true);
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    const messages = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    // The one error proves `meta.name` is typed as a string (not `any`): the declarations loaded.
    expect(messages).toEqual(["Type 'string' is not assignable to type 'number'."]);
  }, 30_000);
});

describe('a Python-only project (eslint and the plugin; no TypeScript installed)', () => {
  it('lints Python with configs.python', () => {
    const require = createRequire(path.join(pkgDir, 'package.json'));
    expect(() => require.resolve('typescript')).toThrow();
    mkdirSync(path.join(project!.dir, 'py-only'), { recursive: true });
    writeFileSync(path.join(project!.dir, 'py-only', 'bad.py'), PY_BAD);
    writeFileSync(path.join(project!.dir, 'py-only', 'good.py'), PY_GOOD);
    writeFileSync(
      path.join(project!.dir, 'py-only.config.mjs'),
      `import patchOrder from '${PACKAGE_NAME}';\n\nexport default [patchOrder.configs.python];\n`,
    );
    const r = project!.run(['--config', 'py-only.config.mjs', '--format', 'json', 'py-only']);
    expect(r.status, r.stderr).toBe(1);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
    const byFile = Object.fromEntries(results.map((x) => [path.basename(x.filePath), x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)]));
    expect(byFile).toEqual({ 'bad.py': ['1:8 patch-order/no-import-before-patch'], 'good.py': [] });
  }, 60_000);
});
