/**
 * The README's "What it finds" section shows code and what the plugin prints for it. Both are checked here:
 * each `<!-- readme-example -->` snippet is linted with the plugin's configs and must report its rule, and each
 * `<!-- readme-output -->` block must be exactly what the plugin prints (`file:line:column  message`), for the
 * snippet above it or for a file of a fixture project. `UPDATE_DOCS=1` rewrites the output blocks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README_PATH = path.join(ROOT, 'README.md');
const readme = readFileSync(README_PATH, 'utf8');

const EXAMPLE = /<!-- readme-example: (\S+) filename=(\S+) -->\n```\w*\n([\s\S]*?)```/g;
const OUTPUT = /<!-- readme-output(?: project=(\S+) file=(\S+))? -->\n```text\n([\s\S]*?)```/g;

interface Example {
  rule: string;
  filename: string;
  code: string;
  end: number;
}
const examples: Example[] = [...readme.matchAll(EXAMPLE)].map((m) => ({
  rule: m[1]!,
  filename: m[2]!,
  code: m[3]!,
  end: m.index + m[0].length,
}));

function configFor(filename: string): Linter.Config[] {
  return filename.endsWith('.py')
    ? [plugin.configs.python]
    : [{ files: ['**/*.{ts,mts,cts}'], languageOptions: { parser: tseslint.parser as never } }, plugin.configs.recommended];
}

const ours = (m: Linter.LintMessage) => m.ruleId?.startsWith('patch-order/');
const render = (file: string, messages: Linter.LintMessage[]) =>
  messages
    .filter(ours)
    .map((m) => `${file}:${m.line}:${m.column}  ${m.message}\n`)
    .join('');

function lintSnippet(e: Example): Linter.LintMessage[] {
  return new Linter({ cwd: '/virtual' }).verify(e.code, configFor(e.filename), `/virtual/${e.filename}`);
}

async function lintProjectFile(project: string, file: string): Promise<Linter.LintMessage[]> {
  const cwd = path.join(ROOT, project);
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: configFor(file) });
  const [result] = await eslint.lintFiles([file]);
  return result!.messages;
}

/** What each output block must say, in README order. */
async function expectedOutputs(): Promise<{ block: RegExpMatchArray; text: string }[]> {
  const out: { block: RegExpMatchArray; text: string }[] = [];
  for (const block of readme.matchAll(OUTPUT)) {
    if (block[1]) {
      out.push({ block, text: render(block[2]!, await lintProjectFile(block[1], block[2]!)) });
    } else {
      const example = [...examples].reverse().find((e) => e.end <= block.index!);
      if (!example) throw new Error(`README: a readme-output block at offset ${block.index} has no example above it`);
      out.push({ block, text: render(example.filename, lintSnippet(example)) });
    }
  }
  return out;
}

describe('README examples', () => {
  it('has one per rule family, and a Python one', () => {
    expect(new Set(examples.map((e) => e.rule)).size).toBe(3);
    expect(examples.some((e) => e.filename.endsWith('.py'))).toBe(true);
  });

  for (const e of examples) {
    it(`${e.filename} reports ${e.rule}, and nothing fails to parse`, () => {
      const messages = lintSnippet(e);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      expect(messages.map((m) => m.ruleId)).toContain(`patch-order/${e.rule}`);
    });
  }

  it('every output block is what the plugin prints', async () => {
    const outputs = await expectedOutputs();
    expect(outputs.length).toBeGreaterThanOrEqual(examples.length);
    if (process.env.UPDATE_DOCS === '1') {
      let text = readme;
      for (const { block, text: want } of [...outputs].reverse()) {
        const head = block[0].slice(0, block[0].indexOf('```text\n') + '```text\n'.length);
        text = text.slice(0, block.index!) + head + want + '```' + text.slice(block.index! + block[0].length);
      }
      writeFileSync(README_PATH, text);
      return;
    }
    for (const { block, text } of outputs) {
      expect(text, 'an output block must show at least one report').not.toBe('');
      expect(block[3], 'README output block differs from what the plugin prints (UPDATE_DOCS=1 rewrites it)').toBe(text);
    }
  });
});
