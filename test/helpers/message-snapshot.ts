/**
 * Message text as a user reads it: lint fixture projects (and inline cases written to a temp dir) through
 * the `ESLint` class with one rule of the plugin on, and print one line per report —
 * `project/file:line:col  ruleId  message` — followed by one indented line per suggestion.
 * The rule tests snapshot these lines to a file (`toMatchFileSnapshot`), so a wording change shows up as
 * a readable diff.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../src/index.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export interface Project {
  /** Label printed before each file path (`py-seed-004-bad`, `inline/suppress`). */
  label: string;
  /** The project directory: ESLint's cwd, so paths in messages are relative to it. */
  dir: string;
  /** Rule options. */
  options?: unknown[];
  settings?: Record<string, unknown>;
}

export interface Report {
  /** `label/relative/path`. */
  file: string;
  messageId: string | undefined;
  message: string;
  suggestions: { messageId: string | undefined; desc: string }[];
}

export interface MessageDump {
  lines: string[];
  reports: Report[];
}

/** Lints `projects` with `patch-order/<rule>` alone; files are listed in path order, reports in position order. */
export async function dumpMessages(rule: string, projects: Project[]): Promise<MessageDump> {
  const lines: string[] = [];
  const reports: Report[] = [];
  const ruleId = `patch-order/${rule}`;
  for (const p of projects) {
    const ruleConfig: Linter.RuleEntry = p.options ? ['error', ...p.options] : 'error';
    const settings = { 'patch-order': p.settings ?? {} };
    const eslint = new ESLint({
      cwd: p.dir,
      overrideConfigFile: true,
      overrideConfig: [
        { linterOptions: { reportUnusedDisableDirectives: 'off' } },
        { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser as never } },
        { files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'], plugins: { 'patch-order': plugin as never }, settings, rules: { [ruleId]: ruleConfig } },
        { files: ['**/*.py'], plugins: { 'patch-order': plugin as never }, language: 'patch-order/python', settings, rules: { [ruleId]: ruleConfig } },
      ],
      errorOnUnmatchedPattern: false,
    });
    const results = await eslint.lintFiles(['.']);
    results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    for (const r of results) {
      const file = path.relative(p.dir, r.filePath).split(path.sep).join('/');
      for (const m of r.messages) {
        // Only this rule's reports (a fixture may hold a file that does not parse, on purpose).
        if (m.ruleId !== ruleId) continue;
        lines.push(`${p.label}/${file}:${m.line}:${m.column}  ${m.ruleId}  ${m.message}`);
        const suggestions = (m.suggestions ?? []).map((s) => ({ messageId: s.messageId, desc: s.desc }));
        for (const s of suggestions) lines.push(`    suggestion: ${s.desc}`);
        reports.push({ file: `${p.label}/${file}`, messageId: m.messageId, message: m.message, suggestions });
      }
    }
  }
  return { lines, reports };
}

/** Writes `files` (relative path → text) under a fresh temp dir per case; returns the projects and a clean-up. */
export function writeCases(cases: Record<string, Record<string, string>>, extra: (name: string) => Partial<Project> = () => ({})): { projects: Project[]; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'patch-order-messages-'));
  const projects: Project[] = [];
  for (const [name, files] of Object.entries(cases)) {
    const dir = path.join(root, name);
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(dir, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    projects.push({ label: `inline/${name}`, dir, ...extra(name) });
  }
  return { projects, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The first sentence of a message: up to the first '. ', ': ' or '; ' (or the whole message). */
export function firstSentence(message: string): string {
  const m = /[.:;] /u.exec(message);
  return m ? message.slice(0, m.index + 1) : message;
}

export interface DocOutput {
  /** 1-based line of the output block's marker in the page. */
  line: number;
  /** The lines of the ```text block under `<!-- example-output -->`. */
  shown: string;
  /** What the plugin prints for the ❌ example just above it: `file:line:col  message`, one line per report. */
  printed: string;
  /** 0-based lines [first, end) of the text block's content in the page. */
  content: [number, number];
}

const PY_LANGS = new Set(['py', 'python']);

/**
 * Output blocks of a rule page: a `<!-- example-output -->` marker and a ```text block right after an
 * `<!-- example: invalid … -->` example. The example is linted the way test/docs.test.ts lints it (the page's
 * `<!-- example: file filename=… -->` blocks written to a temp dir, the example as `filename=…` or
 * `example.js` / `example.py` there), with the plugin's rule `rule` alone.
 */
export function docOutputs(rule: string, text: string): DocOutput[] {
  const lines = text.replace(/\r\n?/gu, '\n').split('\n');
  interface Block {
    marker: string;
    markerLine: number;
    lang: string;
    code: string;
    content: [number, number];
  }
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(`{3,})\s*([\w+-]*)\s*$/u.exec(lines[i]!);
    if (!fence) continue;
    let j = i + 1;
    while (j < lines.length && lines[j] !== fence[1]) j++;
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const marker = k >= 0 && /^<!--.*-->$/u.test(lines[k]!.trim()) ? lines[k]!.trim() : '';
    blocks.push({ marker, markerLine: k + 1, lang: fence[2]!.toLowerCase(), code: lines.slice(i + 1, j).join('\n') + '\n', content: [i + 1, j] });
    i = j;
  }
  const dir = mkdtempSync(path.join(tmpdir(), `patch-order-doc-output-${rule}-`));
  try {
    for (const b of blocks) {
      const m = /^<!--\s*example:\s*file\s+filename=(\S+)/u.exec(b.marker);
      if (!m) continue;
      const target = path.join(dir, m[1]!);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, b.code);
    }
    const ruleId = `patch-order/${rule}`;
    const out: DocOutput[] = [];
    const linter = new Linter({ configType: 'flat', cwd: dir });
    for (let i = 1; i < blocks.length; i++) {
      const b = blocks[i]!;
      if (!/^<!--\s*example-output\s*-->$/u.test(b.marker)) continue;
      const example = blocks[i - 1]!;
      const m = /^<!--\s*example:\s*invalid\b(.*?)-->$/u.exec(example.marker);
      if (!m) throw new Error(`docs line ${b.markerLine}: an example-output block must follow an invalid example`);
      const filename = /(?:^|\s)filename=(\S+)/u.exec(m[1]!)?.[1] ?? (PY_LANGS.has(example.lang) ? 'example.py' : 'example.js');
      const optionsJson = /\boptions=(.*)$/u.exec(m[1]!.trim())?.[1];
      const entry: Linter.RuleEntry = ['error', ...(optionsJson ? [JSON.parse(optionsJson) as unknown] : [])];
      const config: Linter.Config[] = PY_LANGS.has(example.lang)
        ? [{ files: ['**/*.py'], plugins: { 'patch-order': plugin as never }, language: 'patch-order/python', rules: { [ruleId]: entry } }]
        : [
            {
              files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
              languageOptions: { parser: tseslint.parser as never },
              plugins: { 'patch-order': plugin as never },
              rules: { [ruleId]: entry },
            },
          ];
      const messages = linter.verify(example.code, config, path.join(dir, filename)).filter((x) => x.ruleId === ruleId);
      out.push({
        line: b.markerLine,
        shown: b.code.trimEnd(),
        printed: messages.map((x) => `${filename}:${x.line}:${x.column}  ${x.message}`).join('\n'),
        content: b.content,
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page with every output block replaced by what the plugin prints (`UPDATE_DOCS=1`). */
export function withPrintedOutputs(text: string, outputs: DocOutput[]): string {
  const lines = text.split('\n');
  for (const o of [...outputs].sort((a, b) => b.content[0] - a.content[0])) lines.splice(o.content[0], o.content[1] - o.content[0], ...o.printed.split('\n'));
  return lines.join('\n');
}
