/**
 * The bench's `--eslint-context-fix` diagnostic (scripts/bench/eslint-context.mjs): rule contexts get their own copy of
 * ESLint's file context instead of a per-file prototype. Checked here: ESLint still gives rules the same context (same
 * fields, frozen, same reports and fixes), the replacement is undone, and it is what removes the per-file prototype.
 * What it saves is measured by `npm run bench -- --only apps --eslint-context-fix`, not here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { keepRuleContextsOwn } from '../scripts/bench/eslint-context.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Seen = { context: Record<string, unknown>; proto: object | null };

function lintOnce(): { seen: Seen[]; messages: Linter.LintMessage[]; fixed: string } {
  const seen: Seen[] = [];
  const plugin = {
    rules: {
      probe: {
        meta: { fixable: 'code' as const, schema: [{ type: 'string' }] },
        create(context: any) {
          seen.push({ context, proto: Object.getPrototypeOf(context) });
          return {
            Identifier(node: any) {
              if (node.name === 'a') context.report({ node, message: `${context.id} ${context.options[0]} ${context.filename}`, fix: (f: any) => f.replaceText(node, 'b') });
            },
          };
        },
      },
    },
  };
  const config = [{ plugins: { x: plugin }, rules: { 'x/probe': ['error', 'opt'] as any, 'no-debugger': 'error' as const }, settings: { s: 1 } }];
  const linter = new Linter({ cwd: '/w' });
  const messages = linter.verify('debugger; const a = 1;', config, 'f.js');
  const fixed = linter.verifyAndFix('const a = 1;', config, 'f.js').output;
  return { seen, messages, fixed };
}

describe('--eslint-context-fix', () => {
  let undo: (() => void) | null = null;
  afterEach(() => {
    undo?.();
    undo = null;
  });

  it('rules see the same context, reports and fixes with and without it', () => {
    const before = lintOnce();
    undo = keepRuleContextsOwn();
    const after = lintOnce();
    expect(after.messages).toEqual(before.messages);
    expect(after.messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual(["no-debugger: Unexpected 'debugger' statement.", 'x/probe: x/probe opt f.js']);
    expect(after.fixed).toBe('const b = 1;');
    const [b, a] = [before.seen[0]!.context, after.seen[0]!.context];
    for (const key of ['cwd', 'filename', 'physicalFilename', 'languageOptions', 'settings', 'id', 'options']) expect(a[key]).toEqual(b[key]);
    expect((a.sourceCode as { text: string }).text).toBe((b.sourceCode as { text: string }).text);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('without it each file\'s rule contexts share a prototype made for that file; with it, none is made', () => {
    const plain = lintOnce().seen[0]!;
    // ESLint's own: the prototype is the file context (it has the file's fields as its own).
    expect(Object.hasOwn(plain.proto!, 'sourceCode')).toBe(true);
    undo = keepRuleContextsOwn();
    const own = lintOnce().seen[0]!;
    expect(Object.hasOwn(own.context, 'sourceCode')).toBe(true);
    expect(Object.hasOwn(own.proto!, 'sourceCode')).toBe(false);
    expect(own.proto).toBe(Object.getPrototypeOf(plain.proto));
  });

  it('is undone', () => {
    keepRuleContextsOwn()();
    expect(Object.hasOwn(lintOnce().seen[0]!.proto!, 'sourceCode')).toBe(true);
  });
});

describe('the bench child with eslintContextFix', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'po-ctxfix-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'server.cjs');
  writeFileSync(file, "const express = require('express');\nrequire('dd-trace').init();\n");

  function child(extra: Record<string, unknown>): Record<string, unknown> {
    const spec = path.join(dir, `spec-${Object.keys(extra).join('-') || 'plain'}.json`);
    const base = { cwd: dir, files: [file], lang: 'js', rules: ['no-import-before-patch'], dist: path.join(ROOT, 'dist', 'src') };
    writeFileSync(spec, JSON.stringify({ ...base, ...extra }));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bench', 'child.mjs'), spec], { encoding: 'utf8', cwd: ROOT });
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  }

  it('applies the replacement when asked, lints as without it, and refuses worker threads', () => {
    const plain = child({});
    const fixed = child({ eslintContextFix: true });
    expect(plain).toMatchObject({ files: 1, problems: 1, byRule: { 'patch-order/no-import-before-patch': 1 } });
    expect(plain.eslintContextFix).toBeUndefined();
    expect(fixed).toMatchObject({ files: 1, problems: 1, byRule: plain.byRule, eslintContextFix: true });
    expect(fixed.error).toBeUndefined();
    expect(child({ eslintContextFix: true, concurrency: '2' }).error).toBe('--eslint-context-fix runs without --concurrency');
  });
});
