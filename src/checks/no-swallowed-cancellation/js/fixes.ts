/**
 * Suggestions for swallowed cancellations (never automatic: they change what an aborted run does).
 *  - a signal is visible in the protected code and in scope at the handler: `signal.throwIfAborted();`
 *    as the handler's first statement;
 *  - otherwise: `if (error instanceof Error && (error.name === 'AbortError' || …)) throw error;`
 *    (or `axios.isCancel(error)` when axios is imported), adding a binding to `catch {}` / `() =>`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
type Variable = TSESLint.Scope.Variable;
import { familyNames } from '../../../catalog/js-cancellation.js';
import { findVar, initOf, isParameter, propName, strip, within, type FileContext, type Node } from './ast.js';
import type { Finding } from './analyze.js';
import type { Source } from './sources.js';

export interface Suggestion {
  messageId: 'suggestThrowIfAborted' | 'suggestGuard';
  data: Record<string, string>;
  fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[];
}

/** A signal expression usable at `at`: `signal`, `opts.signal`, `this.controller.signal`. */
function usableSignal(ctx: FileContext, sources: readonly Source[], protectedRoot: Node, at: Node): { text: string; optional: boolean } | null {
  for (const s of sources) {
    if (!s.signal) continue;
    const sig = strip(s.signal);
    let root: Node = sig;
    let ok = true;
    while (root.type === 'MemberExpression') {
      if (root.computed || propName(root) === null) ok = false;
      root = strip(root.object);
    }
    if (!ok) continue;
    if (root.type === 'ThisExpression') return { text: ctx.sourceCode.getText(sig), optional: false };
    if (root.type !== 'Identifier') continue;
    const v = findVar(ctx.sourceCode, root, root.name);
    if (!v || v.defs.length === 0) continue;
    // Declared inside the try block: not in scope in the catch.
    if (v.defs.some((d) => within(d.name as Node, protectedRoot))) continue;
    const atVar = findVar(ctx.sourceCode, at, root.name);
    if (atVar !== v) continue;
    const init = initOf(v);
    const local = !!init && (strip(init).type === 'NewExpression' || (strip(init).type === 'CallExpression' && ctx.sourceCode.getText(strip(init)).startsWith('AbortSignal.')));
    const optional = sig.type === 'MemberExpression' ? !local && isParameter(v) : !local && !requiredTypedParameter(ctx, v);
    const text = ctx.sourceCode.getText(sig).replace(/\?\./gu, '.');
    return { text, optional };
  }
  return null;
}

function freeName(ctx: FileContext, at: Node): string {
  for (const name of ['error', 'err', 'caught', 'cancelError']) {
    if (!findVar(ctx.sourceCode, at, name) && !mentions(ctx, at, name)) return name;
  }
  return 'error_';
}

function mentions(ctx: FileContext, node: Node, name: string): boolean {
  return ctx.sourceCode.getTokens(node).some((t) => t.type === 'Identifier' && t.value === name);
}

function guardText(ctx: FileContext, family: Source['family'], err: string): { text: string; names: string } {
  if (family === 'axios') {
    for (const [local, b] of ctx.bindings) {
      if (b.module === 'axios' && (b.imported === 'default' || b.imported === '*')) {
        return { text: `if (${local}.isCancel(${err})) throw ${err};`, names: `${local}.isCancel` };
      }
    }
  }
  const names = familyNames[family];
  const cond = names.map((n) => `${err}.name === '${n}'`).join(' || ');
  return {
    text: `if (${err} instanceof Error && ${names.length > 1 ? `(${cond})` : cond}) throw ${err};`,
    names: names.join(', '),
  };
}

function indentOf(ctx: FileContext, node: Node): string {
  const line = ctx.sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/u.exec(line)![0];
}

/** Inserts `stmt` as the first statement of `block`. */
function insertFirst(ctx: FileContext, fixer: TSESLint.RuleFixer, block: TSESTree.BlockStatement, stmt: string): TSESLint.RuleFix {
  const open = ctx.sourceCode.getFirstToken(block)!;
  const first = block.body[0];
  const outer = indentOf(ctx, block);
  if (first) {
    if (first.loc.start.line === open.loc.end.line) return fixer.insertTextBefore(first, `${stmt} `);
    return fixer.insertTextAfter(open, `\n${indentOf(ctx, first)}${stmt}`);
  }
  const close = ctx.sourceCode.getLastToken(block)!;
  if (close.loc.start.line === open.loc.start.line) {
    return fixer.replaceText(block, `{\n${outer}  ${stmt}\n${outer}}`);
  }
  const inner = ctx.sourceCode.lines[open.loc.end.line] !== undefined ? `${outer}  ` : outer;
  return fixer.insertTextAfter(open, `\n${inner}${stmt}`);
}

export function suggestionsFor(ctx: FileContext, finding: Finding): Suggestion[] {
  const h = finding.handler;
  if (!h) return [];
  const family = h.sources[0]?.family ?? 'abort';
  if (h.type === 'catch') {
    const clause = h.clause;
    const tryNode = clause.parent as TSESTree.TryStatement;
    const signal = usableSignal(ctx, h.sources, tryNode.block, clause.body);
    if (signal) {
      const stmt = `${signal.text}${signal.optional ? '?.' : '.'}throwIfAborted();`;
      return [{ messageId: 'suggestThrowIfAborted', data: { statement: stmt }, fix: (fixer) => [insertFirst(ctx, fixer, clause.body, stmt)] }];
    }
    const param = clause.param;
    if (param && param.type !== 'Identifier') return [];
    const err = param ? param.name : freeName(ctx, clause.body);
    const guard = guardText(ctx, family, err);
    return [
      {
        messageId: 'suggestGuard',
        data: { statement: guard.text },
        fix: (fixer) => {
          const fixes = [insertFirst(ctx, fixer, clause.body, guard.text)];
          if (!param) {
            const catchToken = ctx.sourceCode.getFirstToken(clause)!;
            fixes.push(fixer.insertTextAfter(catchToken, ` (${err})`));
          }
          return fixes;
        },
      },
    ];
  }
  // Promise callbacks.
  const cb = h.callback;
  const signal = usableSignal(ctx, h.sources, strip((strip(h.call.callee) as TSESTree.MemberExpression).object), h.call);
  if (cb.type === 'ArrowFunctionExpression' || cb.type === 'FunctionExpression') {
    const param = cb.params[0];
    if (param && param.type !== 'Identifier' && !signal) return [];
    const err = param && param.type === 'Identifier' ? param.name : freeName(ctx, cb);
    const guard = signal ? { text: `${signal.text}${signal.optional ? '?.' : '.'}throwIfAborted();` } : guardText(ctx, family, err);
    const messageId = signal ? 'suggestThrowIfAborted' : 'suggestGuard';
    return [
      {
        messageId,
        data: { statement: guard.text },
        fix: (fixer) => {
          const fixes: TSESLint.RuleFix[] = [];
          if (cb.body.type === 'BlockStatement') {
            fixes.push(insertFirst(ctx, fixer, cb.body, guard.text));
          } else {
            // Replace the body with its wrapping parentheses: `() => ({ … })`.
            let start = cb.body.range[0];
            let end = cb.body.range[1];
            for (;;) {
              const before = ctx.sourceCode.getTokenBefore({ range: [start, end] } as unknown as Node);
              const after = ctx.sourceCode.getTokenAfter({ range: [start, end] } as unknown as Node);
              if (!before || !after || before.value !== '(' || after.value !== ')' || before.range[0] < cb.range[0] || before.range[0] < arrowEnd(ctx, cb)) break;
              start = before.range[0];
              end = after.range[1];
            }
            fixes.push(fixer.replaceTextRange([start, end], `{ ${guard.text} return ${ctx.sourceCode.getText(cb.body)}; }`));
          }
          if (!param && !signal) {
            const tokens = ctx.sourceCode.getTokens(cb);
            const open = tokens.find((t) => t.value === '(');
            if (open && open.range[0] < cb.body.range[0]) fixes.push(fixer.insertTextAfter(open, err));
          }
          return fixes;
        },
      },
    ];
  }
  if (cb.type === 'MemberExpression') {
    const err = freeName(ctx, h.call);
    const guard = signal ? { text: `${signal.text}${signal.optional ? '?.' : '.'}throwIfAborted();` } : guardText(ctx, family, err);
    const text = `(${err}) => { ${guard.text} ${ctx.sourceCode.getText(cb)}(${err}); }`;
    return [{ messageId: signal ? 'suggestThrowIfAborted' : 'suggestGuard', data: { statement: guard.text }, fix: (fixer) => [fixer.replaceText(cb, text)] }];
  }
  return [];
}

function arrowEnd(ctx: FileContext, cb: Node): number {
  const arrow = ctx.sourceCode.getTokens(cb).find((t) => t.value === '=>');
  return arrow ? arrow.range[1] : cb.range[0];
}

/** `signal: AbortSignal` (TypeScript, not optional, no `undefined` in the annotation). */
function requiredTypedParameter(ctx: FileContext, v: Variable): boolean {
  if (v.defs.length !== 1) return false;
  const def = v.defs[0]!;
  if (def.type !== 'Parameter') return false;
  const id = def.name as TSESTree.Identifier;
  if (id.parent && id.parent.type === 'AssignmentPattern') return false;
  if (id.optional || !id.typeAnnotation) return false;
  return !/\b(?:undefined|null|any|unknown)\b/u.test(ctx.sourceCode.getText(id.typeAnnotation));
}
