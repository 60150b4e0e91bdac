/**
 * The arrows of docs/design.md, checked: rules → checks → lang → graph, catalog, util; no import between the two
 * front ends; no check imports another rule's check; the graph knows no language. And rule files stay thin.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Every relative import / export-from / dynamic import of a file, as repo paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|(?<![:'"`\\])\/\/[^\n]*/g, '');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)) {
    out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
  }
  return out;
}

const RANK: Record<string, number> = { rules: 4, checks: 3, lang: 2, graph: 1, catalog: 1, util: 0 };

/** `rules`, `checks`, `lang`, `graph`, `catalog`, `util` (src/index.ts and src/rules.ts sit above everything). */
function layer(file: string): string | null {
  if (file.startsWith('rules/')) return 'rules';
  const m = /^src\/(checks|lang|graph|catalog|util)\//.exec(file);
  return m ? m[1]! : null;
}

/** The sub-part a sibling may not import across: a front end (`lang/js`) or a rule's check (`checks/<rule>`). */
function part(file: string): string | null {
  const m = /^src\/(lang\/(?:js|python)|checks\/[^/]+)\//.exec(file);
  return m ? m[1]! : null;
}

export function violations(files: readonly string[], importsOfFile: (file: string) => string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = layer(file);
    if (!from) continue;
    for (const target of importsOfFile(file)) {
      const to = layer(target);
      if (!to) {
        if (target.startsWith('src/') || target.startsWith('rules/')) out.push(`${file} → ${target} (above every layer)`);
        continue;
      }
      if (to !== from && RANK[to]! >= RANK[from]!) out.push(`${file} → ${target} (${from} may not import ${to})`);
      if (to !== from) continue;
      const a = part(file);
      const b = part(target);
      if (a && b && a !== b) out.push(`${file} → ${target} (${a} and ${b} are siblings)`);
    }
  }
  return out;
}

describe('architecture', () => {
  const files = [...sources('src'), ...sources('rules')];

  it('arrows point down only; front ends and rule checks do not import their siblings', () => {
    expect(violations(files, importsOf)).toEqual([]);
  });

  it('the checker sees a wrong arrow', () => {
    const fake: Record<string, string[]> = {
      'src/lang/python/a.ts': ['src/lang/js/b.ts', 'src/lang/project.ts', 'src/graph/walk.ts'],
      'src/graph/walk.ts': ['src/lang/js/b.ts'],
      'src/checks/x/a.ts': ['src/checks/y/b.ts', 'src/checks/report.ts'],
      'src/util/a.ts': ['src/graph/types.ts'],
      'rules/r.ts': ['src/checks/x/check.ts', 'src/index.ts'],
    };
    expect(violations(Object.keys(fake), (f) => fake[f]!)).toEqual([
      'src/lang/python/a.ts → src/lang/js/b.ts (lang/python and lang/js are siblings)',
      'src/graph/walk.ts → src/lang/js/b.ts (graph may not import lang)',
      'src/checks/x/a.ts → src/checks/y/b.ts (checks/x and checks/y are siblings)',
      'src/util/a.ts → src/graph/types.ts (util may not import graph)',
      'rules/r.ts → src/index.ts (above every layer)',
    ]);
  });

  it('each rule file is at most 150 lines', () => {
    const long = sources('rules')
      .map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 150);
    expect(long).toEqual([]);
  });
});

describe('no object literal with an accessor in src/ (docs/design.md, "Caching and freshness")', () => {
  // V8 gives each such object a map of its own that holds the accessor, and the accessor's closure with it, until a
  // full collection: the Python cancellation analysis kept every analysed tree alive that way. Classes instead.
  it('every getter and setter is a class member', async () => {
    const ts = (await import('typescript')).default;
    const found: string[] = [];
    for (const file of [...sources('src'), ...sources('rules')].filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
      const sf = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (n: import('typescript').Node): void => {
        if ((ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) && ts.isObjectLiteralExpression(n.parent)) {
          found.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(found).toEqual([]);
  });
});
