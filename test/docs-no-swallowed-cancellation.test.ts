/**
 * The examples of docs/rules/no-swallowed-cancellation.md are executed: every block marked
 * `<!-- example: invalid … -->` must report this rule, every `<!-- example: valid … -->` must not.
 * (A shared docs test covers all pages; this one keeps the page honest while it is being written.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import rule from '../rules/no-swallowed-cancellation.js';

const DOC = fileURLToPath(new URL('../docs/rules/no-swallowed-cancellation.md', import.meta.url));
const text = readFileSync(DOC, 'utf8').replace(/\r\n?/gu, '\n');
const lines = text.split('\n');

interface Example {
  kind: 'valid' | 'invalid';
  lang: string;
  code: string;
  line: number;
  filename?: string;
  options: unknown[];
}

function parse(): Example[] {
  const out: Example[] = [];
  let marker: Omit<Example, 'lang' | 'code' | 'line'> | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = /^<!--\s*example:\s*(valid|invalid)\b(.*?)-->\s*$/u.exec(line.trim());
    if (m) {
      const rest = m[2]!;
      const opt = /options=(.*)$/u.exec(rest.trim());
      const file = /(?:^|\s)filename=(\S+)/u.exec(rest);
      const options = opt ? (JSON.parse(opt[1]!) as unknown) : [];
      marker = { kind: m[1] as Example['kind'], filename: file?.[1], options: Array.isArray(options) ? options : [options] };
      continue;
    }
    const fence = /^```(\w*)/u.exec(line);
    if (fence) {
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !lines[j]!.startsWith('```'); j++) body.push(lines[j]!);
      if (marker) out.push({ ...marker, lang: fence[1]!, code: `${body.join('\n')}\n`, line: i + 1 });
      marker = null;
      i = j;
      continue;
    }
    if (line.trim() !== '') marker = null;
  }
  return out;
}

const examples = parse();
const linter = new Linter({ configType: 'flat' });

function lint(e: Example): Linter.LintMessage[] {
  const filename = e.filename ?? `example.${e.lang === 'ts' ? 'ts' : 'js'}`;
  return linter.verify(
    e.code,
    [
      {
        files: ['**/*.{js,ts}'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { 'patch-order': { rules: { 'no-swallowed-cancellation': rule as never } } },
        rules: { 'patch-order/no-swallowed-cancellation': ['error', ...e.options] as Linter.RuleEntry },
      },
    ],
    filename,
  );
}

describe('docs/rules/no-swallowed-cancellation.md', () => {
  it('starts with the rule id and the description from meta.docs', () => {
    expect(lines[0]).toBe('# patch-order/no-swallowed-cancellation');
    const first = lines.slice(1).find((l) => l.trim() !== '');
    expect(first).toBe(rule.meta.docs?.description);
  });

  it('has the sections in order', () => {
    const headings = lines.filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## What it does',
      '## Why it is a bug',
      '## Examples',
      '## Options',
      '## Fix safety',
      '## When not to use it',
      '## Related rules and prior art',
    ]);
    expect(lines).toContain('### Python');
  });

  it('has both kinds of examples', () => {
    expect(examples.filter((e) => e.kind === 'invalid').length).toBeGreaterThanOrEqual(5);
    expect(examples.filter((e) => e.kind === 'valid').length).toBeGreaterThanOrEqual(5);
  });

  for (const e of examples) {
    it(`line ${e.line}: ${e.kind} ${e.lang} example`, () => {
      const messages = lint(e);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      const own = messages.filter((m) => m.ruleId === 'patch-order/no-swallowed-cancellation');
      if (e.kind === 'invalid') expect(own.length).toBeGreaterThan(0);
      else expect(own.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
    });
  }
});
