/**
 * Dependency files are parsed by oxc-parser when it is installed (src/lang/js/parse.ts), and by typescript-estree
 * otherwise or when oxc reports an error. The rule must not depend on which one ran: every JS/TS file of the
 * fixtures and of the plugin's own sources is summarized from both ASTs, and the summaries must be identical.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TSESTree } from '@typescript-eslint/utils';
import { jsFrontEnd } from '../../../src/lang/js/front-end.js';
import { dependencyParser, parseWithOxc, parseWithTypeScriptEstree } from '../../../src/lang/js/parse.js';
import { clearProjects, projectFor } from '../../../src/lang/project.js';
import { repoRoot } from '../../helpers/rule-tester.js';

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourcesUnder(path));
    else if (e.isFile() && SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const files = [...sourcesUnder(join(repoRoot, 'fixtures')), ...sourcesUnder(join(repoRoot, 'src')), ...sourcesUnder(join(repoRoot, 'scripts'))];
const project = projectFor(jsFrontEnd, { cwd: repoRoot, filename: join(repoRoot, 'src/index.ts'), sourceCode: { text: '', ast: {} } });
const summaryOf = (filename: string, ast: TSESTree.Program, text: string) =>
  JSON.stringify(jsFrontEnd.summarizeLinted(project.state, { cwd: repoRoot, filename, sourceCode: { text, ast } }));

/** Nodes (objects with a string `type` and a `range`) reachable through any own property that have no `loc`. */
function withoutLoc(root: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) return value.forEach(visit);
    const node = value as Record<string, unknown>;
    // `#!` lines are comments to every rule (oxc keeps them as Program.hashbang, outside its visitor keys).
    if (typeof node.type === 'string' && node.type !== 'Hashbang' && Array.isArray(node.range) && !node.loc) out.push(node.type);
    for (const key of Object.keys(node)) if (key !== 'parent' && key !== 'loc') visit(node[key]);
  };
  visit(root);
  return out;
}

afterAll(() => clearProjects());

describe('dependency parsers give the same summaries', () => {
  it('oxc-parser is the dependency parser here (installed as an optional dependency)', () => {
    expect(dependencyParser()).toBe('oxc-parser');
  });

  it('on every JS/TS file of fixtures/, src/ and scripts/', () => {
    expect(files.length).toBeGreaterThan(300);
    let compared = 0;
    const fellBack: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let reference: TSESTree.Program | null = null;
      try {
        reference = parseWithTypeScriptEstree(file, text);
      } catch {
        // typescript-estree rejects it: oxc must not accept it either (the file stays skipped, as before)
      }
      const fast = parseWithOxc(file, text);
      if (!reference) {
        expect(fast, file).toBeNull();
        continue;
      }
      if (!fast) {
        fellBack.push(file);
        continue;
      }
      expect(summaryOf(file, fast, text), file).toBe(summaryOf(file, reference, text));
      // loc is added by oxc's visitor keys: no node may be left without it.
      expect(withoutLoc(fast), file).toEqual([]);
      compared++;
    }
    expect(compared).toBeGreaterThan(files.length * 0.9);
    // Files oxc rejects and typescript-estree accepts are parsed by typescript-estree: listed to notice a change.
    expect(fellBack.map((f) => f.slice(repoRoot.length + 1))).toMatchSnapshot();
  });

  it('PATCH_ORDER_DEPENDENCY_PARSER=typescript-estree turns oxc off (the built plugin, in a fresh process)', () => {
    const script = "const m = await import('./dist/src/lang/js/parse.js'); console.log(m.dependencyParser());";
    const run = (value?: string) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, PATCH_ORDER_DEPENDENCY_PARSER: value ?? '' },
      }).stdout.trim();
    expect(run('typescript-estree')).toBe('typescript-estree');
    expect(run()).toBe('oxc-parser');
  });

  it('a syntax error is left to typescript-estree (oxc returns nothing)', () => {
    expect(parseWithOxc('/x/a.ts', 'const = ;')).toBeNull();
  });

  it('loc is added from the range, in UTF-16 columns, on every node', () => {
    const program = parseWithOxc('/x/a.ts', "const s = 'é€😀';\nrequire('x');\n")!;
    const call = (program.body[1] as TSESTree.ExpressionStatement).expression;
    expect(call.loc).toEqual({ start: { line: 2, column: 0 }, end: { line: 2, column: 12 } });
    expect(program.body[0]!.loc).toEqual({ start: { line: 1, column: 0 }, end: { line: 1, column: 17 } });
  });

  it('every JS line terminator starts a line (\\r\\n, lone \\r, U+2028, U+2029), as typescript-estree counts them', () => {
    const text = "require('a');\r\nrequire('b');\rrequire('c');\u2028require('d');\u2029require('e');\n";
    const lines = (p: TSESTree.Program) => p.body.map((s) => [s.loc.start.line, s.loc.start.column, s.loc.end.line]);
    expect(lines(parseWithOxc('/x/a.js', text)!)).toEqual([[1, 0, 1], [2, 0, 2], [3, 0, 3], [4, 0, 4], [5, 0, 5]]);
    expect(lines(parseWithOxc('/x/a.js', text)!)).toEqual(lines(parseWithTypeScriptEstree('/x/a.js', text)!));
  });
});
