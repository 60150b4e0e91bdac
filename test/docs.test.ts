/**
 * Rule docs are part of the product: every rule in the registry has docs/rules/<id>.md with a fixed
 * outline, and the examples on that page are linted here with the rule alone (❌ blocks must report,
 * ✅ blocks must not), so a page can never show an example the rule does not agree with.
 *
 * Example markers (an HTML comment on the line(s) before a fenced block):
 *   <!-- example: invalid -->                        linted, must report ≥ 1 problem of this rule
 *   <!-- example: valid filename=src/main.mts -->    linted, must report 0 problems of this rule
 *   <!-- example: invalid options={"x": true} -->    options (JSON, the rest of the comment) for the rule
 *   <!-- example: file filename=src/app.js -->       not linted: written to disk next to the linted
 *                                                     examples of this page (cross-file examples)
 * ```py / ```python blocks are linted through the plugin's Python language once src/lang/python/language.ts
 * exists; until then they are counted as skipped.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Linter, type ESLint, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { rules as registry } from '../src/rules.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PREFIX = 'patch-order';

export const REQUIRED_SECTIONS = [
  '## What it does',
  '## Why it is a bug',
  '## Examples',
  '## Options',
  '## Fix safety',
  '## When not to use it',
  '## Related rules and prior art',
] as const;

const HEADER_MARKER = '<!-- end auto-generated rule header -->';
const JS_LANGS = new Set(['js', 'javascript', 'jsx', 'mjs', 'cjs', 'ts', 'typescript', 'tsx', 'mts', 'cts']);
const PY_LANGS = new Set(['py', 'python']);

type AnyRule = Rule.RuleModule;

interface Example {
  kind: 'invalid' | 'valid' | 'file';
  lang: string;
  code: string;
  /** 1-based line of the opening fence in the doc. */
  line: number;
  filename?: string;
  options?: unknown[];
  /** Set when the marker itself could not be read. */
  markerError?: string;
}

interface ParsedDoc {
  lines: string[];
  title: string;
  description: string | undefined;
  headings: { text: string; line: number }[];
  /** Body text of each `## ` section, keyed by heading. */
  sections: Map<string, string>;
  examples: Example[];
  /** Fenced blocks that have no example marker (for information). */
  unmarkedBlocks: number;
}

const MARKER_RE = /^<!--\s*example:\s*(invalid|valid|file)\b(.*?)-->\s*$/u;

function parseMarker(line: string): Pick<Example, 'kind' | 'filename' | 'options' | 'markerError'> | undefined {
  const m = MARKER_RE.exec(line.trim());
  if (!m) return undefined;
  const kind = m[1] as Example['kind'];
  let rest = m[2]!.trim();
  const out: Pick<Example, 'kind' | 'filename' | 'options' | 'markerError'> = { kind };
  const optIndex = rest.search(/\boptions=/u);
  if (optIndex >= 0) {
    const json = rest.slice(optIndex + 'options='.length).trim();
    rest = rest.slice(0, optIndex).trim();
    try {
      const value: unknown = JSON.parse(json);
      out.options = Array.isArray(value) ? value : [value];
    } catch {
      out.markerError = `options=… is not JSON: ${json}`;
    }
  }
  const fm = /(?:^|\s)filename=(\S+)/u.exec(rest);
  if (fm) out.filename = fm[1]!;
  if (kind === 'file' && !out.filename) out.markerError = 'an `example: file` block needs filename=…';
  return out;
}

export function parseDoc(text: string): ParsedDoc {
  const lines = text.replace(/\r\n?/gu, '\n').split('\n');
  const headings: ParsedDoc['headings'] = [];
  const sections = new Map<string, string>();
  const examples: Example[] = [];
  let unmarkedBlocks = 0;
  let current: string | undefined;
  let pendingMarker: ReturnType<typeof parseMarker>;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/u.exec(line);
    if (fence) {
      const [, indent, ticks, lang] = fence;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        if (l.trim().startsWith(ticks!) && l.trim().replace(/[`~]/gu, '') === '') break;
        body.push(indent && l.startsWith(indent) ? l.slice(indent.length) : l);
      }
      const code = body.join('\n') + '\n';
      if (pendingMarker) examples.push({ ...pendingMarker, lang: (lang ?? '').toLowerCase(), code, line: i + 1 });
      else unmarkedBlocks++;
      pendingMarker = undefined;
      if (current !== undefined) sections.set(current, `${sections.get(current)}\n${lines.slice(i, j + 1).join('\n')}`);
      i = j;
      continue;
    }
    const marker = parseMarker(line);
    if (marker) {
      pendingMarker = marker;
    } else if (line.trim() !== '' && !line.trim().startsWith('<!--')) {
      pendingMarker = undefined;
    }
    if (/^##\s/u.test(line)) {
      current = line.trim();
      headings.push({ text: current, line: i + 1 });
      sections.set(current, '');
    } else if (current !== undefined) {
      sections.set(current, `${sections.get(current)}\n${line}`);
    }
  }
  // The description: the first paragraph line after the generator's header marker (or after the title).
  const markerIndex = lines.findIndex((l) => l.trim() === HEADER_MARKER);
  let description: string | undefined;
  for (let i = markerIndex >= 0 ? markerIndex + 1 : 1; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === '' || (markerIndex < 0 && /^\p{Extended_Pictographic}/u.test(l))) continue;
    if (l.startsWith('#') || l.startsWith('<!--')) break;
    description = l;
    break;
  }
  return { lines, title: lines[0] ?? '', description, headings, sections, examples, unmarkedBlocks };
}

/** Every property name an option schema defines, at any depth. */
export function optionNames(schema: unknown): string[] {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (obj.properties && typeof obj.properties === 'object') {
      for (const [key, value] of Object.entries(obj.properties)) {
        names.add(key);
        visit(value);
      }
    }
    for (const key of ['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'definitions', '$defs', 'prefixItems']) {
      const child = obj[key];
      if (key === 'definitions' || key === '$defs') {
        if (child && typeof child === 'object') Object.values(child).forEach(visit);
      } else visit(child);
    }
  };
  visit(schema);
  return [...names];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** Outline problems of one rule page (everything except linting the examples). */
export function structureProblems(id: string, rule: AnyRule, text: string): string[] {
  const problems: string[] = [];
  const doc = parseDoc(text);
  if (doc.title !== `# ${PREFIX}/${id}`) problems.push(`first line must be "# ${PREFIX}/${id}", found "${doc.title}"`);
  const expected = rule.meta?.docs?.description;
  if (!expected) problems.push('rule has no meta.docs.description');
  else if (doc.description !== expected) {
    problems.push(`description line must equal meta.docs.description "${expected}", found "${doc.description ?? '(none)'}"`);
  }
  const texts = doc.headings.map((h) => h.text);
  let from = 0;
  for (const section of REQUIRED_SECTIONS) {
    const at = texts.indexOf(section, from);
    if (at < 0) {
      problems.push(texts.includes(section) ? `section "${section}" is out of order` : `missing section "${section}"`);
    } else from = at + 1;
    if (texts.filter((t) => t === section).length > 1) problems.push(`section "${section}" appears twice`);
  }
  const optionsBody = doc.sections.get('## Options') ?? '';
  for (const name of optionNames(rule.meta?.schema)) {
    if (!new RegExp(`(^|[^\\w$])${escapeRe(name)}([^\\w$]|$)`, 'u').test(optionsBody)) {
      problems.push(`"## Options" does not name the option "${name}"`);
    }
  }
  const linted = doc.examples.filter((e) => e.kind !== 'file');
  if (!linted.some((e) => e.kind === 'invalid')) problems.push('no <!-- example: invalid --> block');
  if (!linted.some((e) => e.kind === 'valid')) problems.push('no <!-- example: valid --> block');
  for (const e of doc.examples) {
    if (e.markerError) problems.push(`line ${e.line}: ${e.markerError}`);
    if (!JS_LANGS.has(e.lang) && !PY_LANGS.has(e.lang) && e.kind !== 'file') {
      problems.push(`line ${e.line}: example fence language "${e.lang}" is neither JS/TS nor Python`);
    }
  }
  return problems;
}

interface LintOutcome {
  skipped?: string;
  problems: string[];
}

let pythonLanguage: unknown;
const pythonLanguagePath = path.join(ROOT, 'src', 'python', 'language.ts');

async function loadPythonLanguage(): Promise<unknown> {
  if (pythonLanguage !== undefined || !existsSync(pythonLanguagePath)) return pythonLanguage;
  const mod = (await import(pathToFileURL(pythonLanguagePath).href)) as { pythonLanguage?: unknown };
  pythonLanguage = mod.pythonLanguage ?? null;
  return pythonLanguage;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function defaultFilename(lang: string): string {
  if (PY_LANGS.has(lang)) return 'example.py';
  if (lang === 'typescript') return 'example.ts';
  if (lang === 'javascript') return 'example.js';
  return `example.${lang || 'js'}`;
}

/** Lints the examples of one page with `rule` alone; returns one line per failed expectation. */
export async function exampleProblems(id: string, rule: AnyRule, text: string): Promise<LintOutcome[]> {
  const doc = parseDoc(text);
  const dir = mkdtempSync(path.join(tmpdir(), `patch-order-doc-${id}-`));
  tempDirs.push(dir);
  for (const e of doc.examples) {
    if (e.kind !== 'file' || !e.filename) continue;
    const target = path.join(dir, e.filename);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, e.code);
  }
  const python = doc.examples.some((e) => PY_LANGS.has(e.lang)) ? await loadPythonLanguage() : undefined;
  const plugin = {
    meta: { name: 'eslint-plugin-patch-order', namespace: PREFIX },
    rules: { [id]: rule },
    ...(python ? { languages: { python } } : {}),
  } as unknown as ESLint.Plugin;
  const linter = new Linter({ configType: 'flat', cwd: dir });
  const outcomes: LintOutcome[] = [];
  for (const e of doc.examples) {
    if (e.kind === 'file' || e.markerError) continue;
    const where = `docs/rules/${id}.md:${e.line} (${e.kind} ${e.lang})`;
    const isPy = PY_LANGS.has(e.lang);
    if (!isPy && !JS_LANGS.has(e.lang)) continue;
    if (isPy && !python) {
      outcomes.push({ skipped: `${where}: Python language not available yet`, problems: [] });
      continue;
    }
    const filename = path.join(dir, e.filename ?? defaultFilename(e.lang));
    const ruleEntry: Linter.RuleEntry = ['error', ...(e.options ?? [])];
    const config: Linter.Config[] = isPy
      ? [{ files: ['**/*.py'], plugins: { [PREFIX]: plugin }, language: `${PREFIX}/python`, rules: { [`${PREFIX}/${id}`]: ruleEntry } }]
      : [
          {
            files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
            languageOptions: {
              parser: tseslint.parser as Linter.Parser,
              parserOptions: { ecmaFeatures: { jsx: true } },
            },
            plugins: { [PREFIX]: plugin },
            rules: { [`${PREFIX}/${id}`]: ruleEntry },
          },
        ];
    const problems: string[] = [];
    let messages: Linter.LintMessage[] = [];
    try {
      messages = linter.verify(e.code, config, filename);
    } catch (error) {
      problems.push(`${where}: linting threw: ${(error as Error).message.split('\n')[0]}`);
    }
    const fatal = messages.filter((m) => m.fatal || !m.ruleId);
    for (const m of fatal) problems.push(`${where}: does not parse: ${m.line}:${m.column} ${m.message}`);
    const own = messages.filter((m) => m.ruleId === `${PREFIX}/${id}`);
    if (fatal.length === 0 && e.kind === 'invalid' && own.length === 0) {
      problems.push(`${where}: invalid example, but ${PREFIX}/${id} reported nothing`);
    }
    if (e.kind === 'valid' && own.length > 0) {
      problems.push(
        `${where}: valid example, but ${PREFIX}/${id} reported: ${own.map((m) => `${m.line}:${m.column} ${m.message}`).join(' | ')}`,
      );
    }
    outcomes.push({ problems });
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------------------
// The real pages.

const ids = Object.keys(registry).sort();

describe('rule docs', () => {
  it('the registry is readable (an empty registry is a valid state)', () => {
    expect(Array.isArray(ids)).toBe(true);
  });

  for (const id of ids) {
    const rule = registry[id] as AnyRule;
    const file = path.join(ROOT, 'docs', 'rules', `${id}.md`);
    describe(id, () => {
      it(`has docs/rules/${id}.md`, () => {
        expect(existsSync(file), `missing docs/rules/${id}.md`).toBe(true);
      });
      it('has the title, the description and the sections in order, and names every option', () => {
        if (!existsSync(file)) return;
        expect(structureProblems(id, rule, readFileSync(file, 'utf8'))).toEqual([]);
      });
      it('examples: every ❌ reports and every ✅ does not (rule alone)', async () => {
        if (!existsSync(file)) return;
        const outcomes = await exampleProblems(id, rule, readFileSync(file, 'utf8'));
        for (const o of outcomes) if (o.skipped) console.warn(`[docs] skipped ${o.skipped}`);
        expect(outcomes.flatMap((o) => o.problems)).toEqual([]);
      });
    });
  }

  it('every page in docs/rules belongs to a registered rule', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = path.join(ROOT, 'docs', 'rules');
    const pages = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
    expect(pages.filter((f) => !ids.includes(f.slice(0, -3)))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The checker itself, on a made-up rule, so it is proven even while the registry is empty.

const fooRule: AnyRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow identifiers named foo' },
    schema: [
      {
        type: 'object',
        properties: { allow: { type: 'array', items: { type: 'string' } }, nested: { type: 'object', properties: { depth: { type: 'number' } } } },
        additionalProperties: false,
      },
    ],
    messages: { foo: 'No foo.' },
  },
  create(context) {
    const allow = new Set<string>(((context.options[0] as { allow?: string[] } | undefined)?.allow) ?? []);
    const allowed = allow.has(context.filename.split(/[\\/]/u).pop()!);
    return {
      Identifier(node) {
        if (node.name === 'foo' && !allowed) context.report({ node, messageId: 'foo' });
      },
      // The Python language's node type for names.
      identifier(node: Rule.Node) {
        if (context.sourceCode.getText(node) === 'foo' && !allowed) context.report({ node, messageId: 'foo' });
      },
    } as Rule.RuleListener;
  },
};

const goodDoc = `# patch-order/no-foo

🔧 This rule is automatically fixable.

${HEADER_MARKER}

Disallow identifiers named foo

## What it does

Reports \`foo\`.

## Why it is a bug

Because.

## Examples

<!-- example: invalid -->
\`\`\`js
const foo = 1;
\`\`\`

<!-- example: valid filename=src/ok.ts -->
\`\`\`ts
const bar: number = 1;
\`\`\`

<!-- example: file filename=src/helper.js -->
\`\`\`js
export const foo = 1;
\`\`\`

<!-- example: valid filename=allowed.js options={"allow": ["allowed.js"]} -->
\`\`\`js
const foo = 1;
\`\`\`

<!-- example: invalid -->
\`\`\`python
foo = 1
\`\`\`

## Options

- \`allow\`: file names where foo is fine.
- \`nested.depth\`: unused.

## Fix safety

None.

## When not to use it

Never.

## Related rules and prior art

None.
`;

describe('the docs checker itself', () => {
  it('accepts a well-formed page', () => {
    expect(structureProblems('no-foo', fooRule, goodDoc)).toEqual([]);
    const doc = parseDoc(goodDoc);
    expect(doc.examples.map((e) => [e.kind, e.lang, e.filename, e.options])).toEqual([
      ['invalid', 'js', undefined, undefined],
      ['valid', 'ts', 'src/ok.ts', undefined],
      ['file', 'js', 'src/helper.js', undefined],
      ['valid', 'js', 'allowed.js', [{ allow: ['allowed.js'] }]],
      ['invalid', 'python', undefined, undefined],
    ]);
    expect(optionNames(fooRule.meta!.schema).sort()).toEqual(['allow', 'depth', 'nested']);
  });

  it('lints examples with the rule alone, with options and filenames', async () => {
    const outcomes = await exampleProblems('no-foo', fooRule, goodDoc);
    expect(outcomes.flatMap((o) => o.problems)).toEqual([]);
    // 3 JS/TS examples + the Python one (linted once the language exists, skipped before).
    expect(outcomes).toHaveLength(4);
    expect(outcomes.filter((o) => o.skipped)).toHaveLength(existsSync(pythonLanguagePath) ? 0 : 1);
  });

  it('finds every kind of defect', async () => {
    const bad = goodDoc
      .replace('# patch-order/no-foo', '# no-foo')
      .replace('\nDisallow identifiers named foo\n', '\nDisallows foo.\n')
      .replace('## Fix safety', '## Fixes')
      .replace('- `nested.depth`: unused.', '')
      .replace('const bar: number = 1;', 'const foo: number = 1;')
      .replace('<!-- example: invalid -->\n```js\nconst foo = 1;', '<!-- example: invalid -->\n```js\nconst baz = 1;');
    const s = structureProblems('no-foo', fooRule, bad);
    expect(s).toEqual([
      'first line must be "# patch-order/no-foo", found "# no-foo"',
      'description line must equal meta.docs.description "Disallow identifiers named foo", found "Disallows foo."',
      'missing section "## Fix safety"',
      '"## Options" does not name the option "nested"',
      '"## Options" does not name the option "depth"',
    ]);
    const lint = (await exampleProblems('no-foo', fooRule, bad)).flatMap((o) => o.problems);
    expect(lint).toEqual([
      'docs/rules/no-foo.md:20 (invalid js): invalid example, but patch-order/no-foo reported nothing',
      'docs/rules/no-foo.md:25 (valid ts): valid example, but patch-order/no-foo reported: 1:7 No foo.',
    ]);
  });

  it('reports sections out of order, examples that do not parse, and bad markers', async () => {
    const swapped = goodDoc.replace('## What it does', '## TMP').replace('## Why it is a bug', '## What it does').replace('## TMP', '## Why it is a bug');
    expect(structureProblems('no-foo', fooRule, swapped)).toEqual(['section "## Why it is a bug" is out of order']);
    const broken = goodDoc
      .replace('const bar: number = 1;', 'const = ;')
      .replace('<!-- example: file filename=src/helper.js -->', '<!-- example: file -->')
      .replace('options={"allow": ["allowed.js"]}', 'options={allow}');
    expect(structureProblems('no-foo', fooRule, broken)).toEqual([
      'line 30: an `example: file` block needs filename=…',
      'line 35: options=… is not JSON: {allow}',
    ]);
    const lint = (await exampleProblems('no-foo', fooRule, broken)).flatMap((o) => o.problems);
    expect(lint).toEqual(["docs/rules/no-foo.md:25 (valid ts): does not parse: 1:6 Parsing error: Variable declaration expected."]);
  });
});
