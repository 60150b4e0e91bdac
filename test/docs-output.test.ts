/**
 * Output shown in the docs is what the plugin prints. A fenced block right after one of
 *   <!-- output: FILE -->           ESLint's default formatter (stylish) on FILE, the project path shortened
 *   <!-- output: FILE message -->   the messages alone, one a line (what SARIF's message.text holds)
 *   <!-- output: FILE fixed -->     FILE after `eslint --fix`
 * (optionally ending in `from=PAGE`, a page under docs/ whose example FILE is) must equal that output.
 * FILE names an example of the page (`<!-- example: … filename=FILE -->`, as test/docs.test.ts reads them):
 * the page's `file` examples and FILE are written to a fresh project and FILE is linted there with
 * patch-order/no-import-before-patch alone. `UPDATE_DOCS=1 npx vitest run test/docs-output.test.ts`
 * rewrites the blocks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));
const RULE = 'patch-order/no-import-before-patch';
const PAGES = ['rules/no-import-before-patch.md', 'ci.md'];

interface Example {
  kind: string;
  filename: string;
  code: string;
  line: number;
}

interface OutputBlock {
  file: string;
  mode: 'stylish' | 'message' | 'fixed';
  from: string;
  /** The page the block is on. */
  page: string;
  /** 0-based indexes of the block's first and last content lines. */
  start: number;
  end: number;
  text: string;
  line: number;
}

const EXAMPLE_RE = /^<!--\s*example:\s*(invalid|valid|file)\b.*?\bfilename=(\S+).*?-->\s*$/u;
const OUTPUT_RE = /^<!--\s*output:\s*(\S+)(?:\s+(message|fixed))?(?:\s+from=(\S+))?\s*-->\s*$/u;

function parse(page: string, text: string): { examples: Example[]; outputs: OutputBlock[] } {
  const lines = text.split('\n');
  const examples: Example[] = [];
  const outputs: OutputBlock[] = [];
  let pending: { example?: { kind: string; filename: string }; output?: Omit<OutputBlock, 'start' | 'end' | 'text' | 'line' | 'page'> } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^(`{3,}|~{3,})/u.exec(line);
    if (fence) {
      let j = i + 1;
      while (j < lines.length && !(lines[j]!.startsWith(fence[1]!) && lines[j]!.replace(/[`~]/gu, '').trim() === '')) j++;
      const body = lines.slice(i + 1, j);
      if (pending?.example) examples.push({ ...pending.example, code: `${body.join('\n')}\n`, line: i + 1 });
      if (pending?.output) outputs.push({ ...pending.output, page, start: i + 1, end: j - 1, text: body.join('\n'), line: i + 1 });
      pending = null;
      i = j;
      continue;
    }
    const ex = EXAMPLE_RE.exec(line.trim());
    const out = OUTPUT_RE.exec(line.trim());
    if (ex) pending = { example: { kind: ex[1]!, filename: ex[2]! } };
    else if (out) pending = { output: { file: out[1]!, mode: (out[2] as 'message' | 'fixed' | undefined) ?? 'stylish', from: out[3] ?? page } };
    else if (line.trim() !== '' && !line.trim().startsWith('<!--')) pending = null;
  }
  return { examples, outputs };
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** What the plugin prints for `block`, from a project made of the examples of its page. */
async function render(block: OutputBlock): Promise<string> {
  const source = parse(block.from, readFileSync(path.join(DOCS, block.from), 'utf8'));
  const candidates = source.examples.filter((e) => e.filename === block.file);
  // The example of that name nearest above the output block (or the first one, when the output comes first).
  const target = (block.from === block.page ? candidates.filter((e) => e.line < block.line).pop() : undefined) ?? candidates[0];
  if (!target) throw new Error(`docs/${block.from} has no example with filename=${block.file}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'patch-order-docs-output-'));
  tempDirs.push(dir);
  for (const e of [...source.examples.filter((x) => x.kind === 'file'), target]) {
    const file = path.join(dir, e.filename);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, e.code);
  }
  const rules: Linter.RulesRecord = { [RULE]: 'error' };
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    fix: block.mode === 'fixed',
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser as never } },
      { files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'], plugins: { 'patch-order': plugin as never }, rules },
      { files: ['**/*.py'], plugins: { 'patch-order': plugin as never }, language: 'patch-order/python', rules },
    ],
  });
  const results = await eslint.lintFiles([block.file]);
  if (block.mode === 'fixed') return (results[0]!.output ?? target.code).replace(/\n$/u, '');
  if (block.mode === 'message') return results.flatMap((r) => r.messages.map((m) => m.message)).join('\n');
  const formatter = await eslint.loadFormatter('stylish');
  const printed = await formatter.format(results);
  return printed.split(`${dir}${path.sep}`).join('').replace(/^\n/u, '').replace(/\n$/u, '');
}

describe('output blocks in the docs are what the plugin prints', () => {
  for (const page of PAGES) {
    it(`docs/${page}`, async () => {
      const file = path.join(DOCS, page);
      const text = readFileSync(file, 'utf8');
      const { outputs } = parse(page, text);
      expect(outputs.length, `docs/${page} has no <!-- output: … --> block`).toBeGreaterThan(0);
      const lines = text.split('\n');
      const mismatches: string[] = [];
      // From the last block up, so that rewriting one keeps the line numbers of the others.
      for (const block of [...outputs].reverse()) {
        const actual = await render(block);
        if (actual === block.text) continue;
        mismatches.push(`docs/${page}:${block.line} (${block.file} ${block.mode})\n--- shown\n${block.text}\n--- printed\n${actual}`);
        lines.splice(block.start, block.end - block.start + 1, ...actual.split('\n'));
      }
      if (mismatches.length && process.env.UPDATE_DOCS === '1') {
        writeFileSync(file, lines.join('\n'));
        return;
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('the checker reads markers, examples and blocks', () => {
    const page = [
      '<!-- example: file filename=a.js -->',
      '```js',
      'x();',
      '```',
      '<!-- output: a.js message from=other.md -->',
      '```text',
      'one',
      'two',
      '```',
      'prose',
      '```text',
      'unmarked',
      '```',
    ].join('\n');
    const { examples, outputs } = parse('p.md', page);
    expect(examples).toEqual([{ kind: 'file', filename: 'a.js', code: 'x();\n', line: 2 }]);
    expect(outputs).toEqual([{ file: 'a.js', mode: 'message', from: 'other.md', page: 'p.md', start: 6, end: 7, text: 'one\ntwo', line: 6 }]);
  });
});
