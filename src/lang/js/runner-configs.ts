/**
 * Test runners' setup files from configs written as code — `vitest.config.*`, `vite.config.*` (its `test` key),
 * `jest.config.*` — read without running them: the config is parsed like a dependency file and every object
 * literal with a `setupFiles` / `setupFilesAfterEnv` property of string literals is a setup, scoped by the
 * `include` (vitest) or `testMatch` (jest) globs beside it when they are literals (vitest `projects`, jest
 * `projects` each have their own). Anything computed (`path.resolve(...)`, a variable, a spread) is not read: a
 * setup left out makes the plugin judge test files without it, as before.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { join, resolve as resolvePath } from 'node:path';
import { readListedText } from '../../util/dir-listings.js';
import { onlyInput } from '../../util/guard.js';
import { forEachChild } from './ast-helpers.js';
import type { StartCommand } from './entries.js';
import { parseDependency } from './parse.js';

const CONFIG_FILES = ['vitest.config', 'vite.config', 'jest.config'].flatMap((stem) => ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((ext) => `${stem}.${ext}`));
const SETUP_KEYS = new Set(['setupFiles', 'setupFilesAfterEnv']);
const SCOPE_KEYS = new Set(['include', 'testMatch']);

type Node = TSESTree.Node;

/**
 * What each config file's text declares, kept while its text is the same: start commands are read again every
 * second (an editor sees edits), and a config is parsed only when it changed.
 */
const declared = new Map<string, { text: string; setups: { setups: string[]; include?: string[] }[] }>();

/** The setups declared by the runner configs in `dir`. */
export function codeConfigSetups(dir: string): StartCommand[] {
  const out: StartCommand[] = [];
  for (const name of CONFIG_FILES) {
    const path = join(dir, name);
    const text = readListedText(path);
    if (text === null || !/setupFiles/.test(text)) continue;
    let known = declared.get(path);
    if (known?.text !== text) {
      let program: TSESTree.Program;
      try {
        program = parseDependency(path, text);
      } catch (error) {
        onlyInput(error); // dependency input: a config that does not parse declares nothing we can read
        continue;
      }
      known = { text, setups: setupsIn(program) };
      declared.set(path, known);
    }
    for (const found of known.setups) {
      const specs = found.setups.map((s) => s.replace(/^<rootDir>\//, './'));
      out.push({
        entry: null,
        preloads: specs.map((s) => (s.startsWith('.') || s.startsWith('/') ? resolvePath(dir, s) : s)),
        source: name,
        testsOnly: true,
        ...(found.include ? { include: found.include.map((g) => g.replace(/^<rootDir>\//, '').replace(/^\.\//, '')) } : {}),
      });
    }
  }
  return out;
}

/** Each object literal with setup files: the files and the globs beside them. */
function setupsIn(program: TSESTree.Program): { setups: string[]; include?: string[] }[] {
  const found: { setups: string[]; include?: string[] }[] = [];
  const visit = (n: Node): void => {
    if (n.type === 'ObjectExpression') {
      let setups: string[] = [];
      let include: string[] | undefined;
      for (const p of n.properties) {
        if (p.type !== 'Property' || p.computed) continue;
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : null;
        if (key && SETUP_KEYS.has(key)) setups = [...setups, ...(strings(p.value) ?? [])];
        else if (key && SCOPE_KEYS.has(key)) include = strings(p.value) ?? undefined;
      }
      if (setups.length) found.push({ setups, ...(include ? { include } : {}) });
    }
    forEachChild(n, visit);
  };
  visit(program);
  return found;
}

/** A string literal, or an array of them; null when any element is computed. */
function strings(value: Node): string[] | null {
  const one = (n: Node | null): string | null => {
    if (!n) return null;
    if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
    if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]!.value.cooked ?? null;
    return null;
  };
  if (value.type === 'ArrayExpression') {
    const out: string[] = [];
    for (const e of value.elements) {
      const s = one(e as Node | null);
      if (s === null) return null;
      out.push(s);
    }
    return out;
  }
  const s = one(value);
  if (s === null && value.type !== 'Literal') return null;
  return s === null ? null : [s];
}

