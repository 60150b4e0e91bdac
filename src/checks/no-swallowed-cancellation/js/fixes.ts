/**
 * Suggestions for swallowed cancellations, and the automatic fix of the opt-in `fix: "autofix"` option
 * (docs: "Fix safety"). By default nothing is automatic: a fix changes what an aborted run does.
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
  messageId: 'suggestThrowIfAborted' | 'suggestGuard' | 'suggestReturnIfAborted';
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

/** Where a re-throw goes, and the name of the caught error there (`null`: the handler's shape has no place for one). */
interface GuardSite {
  err: string;
  /** The edits that insert `stmt` (a statement using `err`) as the handler's first statement. */
  edits: (fixer: TSESLint.RuleFixer, stmt: string) => TSESLint.RuleFix[];
}

function guardSite(ctx: FileContext, finding: Finding): GuardSite | null {
  const h = finding.handler;
  if (!h) return null;
  if (h.type === 'catch') {
    const clause = h.clause;
    const param = clause.param;
    if (param && param.type !== 'Identifier') return null;
    const err = param ? param.name : freeName(ctx, clause.body);
    return {
      err,
      edits: (fixer, stmt) => {
        const fixes = [insertFirst(ctx, fixer, clause.body, stmt)];
        if (!param) fixes.push(fixer.insertTextAfter(ctx.sourceCode.getFirstToken(clause)!, ` (${err})`));
        return fixes;
      },
    };
  }
  const cb = h.callback;
  if (cb.type === 'ArrowFunctionExpression' || cb.type === 'FunctionExpression') {
    const param = cb.params[0];
    if (param && param.type !== 'Identifier') return null;
    const err = param && param.type === 'Identifier' ? param.name : freeName(ctx, cb);
    return { err, edits: (fixer, stmt) => callbackEdits(ctx, fixer, cb, stmt, param ? null : err) };
  }
  if (cb.type === 'MemberExpression' || cb.type === 'Identifier') {
    const err = freeName(ctx, h.call);
    // `console.error` keeps its call as a statement; a named handler's result stays the callback's result.
    const call = cb.type === 'MemberExpression' ? `${ctx.sourceCode.getText(cb)}(${err});` : `return ${ctx.sourceCode.getText(cb)}(${err});`;
    return { err, edits: (fixer, stmt) => [fixer.replaceText(cb, `(${err}) => { ${stmt} ${call} }`)] };
  }
  return null;
}

/** Inserts `stmt` first in an inline callback; `addParam` names the error when the callback has no parameter. */
function callbackEdits(
  ctx: FileContext,
  fixer: TSESLint.RuleFixer,
  cb: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression,
  stmt: string,
  addParam: string | null,
): TSESLint.RuleFix[] {
  const fixes: TSESLint.RuleFix[] = [];
  if (cb.body.type === 'BlockStatement') {
    fixes.push(insertFirst(ctx, fixer, cb.body, stmt));
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
    fixes.push(fixer.replaceTextRange([start, end], `{ ${stmt} return ${ctx.sourceCode.getText(cb.body)}; }`));
  }
  if (addParam !== null) {
    const open = ctx.sourceCode.getTokens(cb).find((t) => t.value === '(');
    if (open && open.range[0] < cb.body.range[0]) fixes.push(fixer.insertTextAfter(open, addParam));
  }
  return fixes;
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
  }
  const site = guardSite(ctx, finding);
  if (h.type === 'catch') {
    if (!site) return [];
    const guard = guardText(ctx, family, site.err);
    return [{ messageId: 'suggestGuard', data: { statement: guard.text }, fix: (fixer) => site.edits(fixer, guard.text) }];
  }
  // Promise callbacks.
  const cb = h.callback;
  const signal = usableSignal(ctx, h.sources, strip((strip(h.call.callee) as TSESTree.MemberExpression).object), h.call);
  if (h.discarded) {
    // Nobody awaits this chain: a throw there would be an unhandled rejection. A retry stops on abort; a
    // handler that resolves an outer promise needs a `reject` the rule cannot always name (no suggestion).
    if (h.discarded !== 'retry' || !signal || (cb.type !== 'ArrowFunctionExpression' && cb.type !== 'FunctionExpression')) return [];
    const stmt = `if (${signal.text}${signal.optional ? '?.' : '.'}aborted) return;`;
    return [{ messageId: 'suggestReturnIfAborted', data: { statement: stmt }, fix: (fixer) => callbackEdits(ctx, fixer, cb, stmt, null) }];
  }
  if (signal && (cb.type === 'ArrowFunctionExpression' || cb.type === 'FunctionExpression')) {
    // The signal form needs no error binding, whatever the callback's parameter looks like.
    const stmt = `${signal.text}${signal.optional ? '?.' : '.'}throwIfAborted();`;
    return [{ messageId: 'suggestThrowIfAborted', data: { statement: stmt }, fix: (fixer) => callbackEdits(ctx, fixer, cb, stmt, null) }];
  }
  if (!site) return [];
  if (signal) {
    const stmt = `${signal.text}${signal.optional ? '?.' : '.'}throwIfAborted();`;
    return [{ messageId: 'suggestThrowIfAborted', data: { statement: stmt }, fix: (fixer) => site.edits(fixer, stmt) }];
  }
  const guard = guardText(ctx, family, site.err);
  return [{ messageId: 'suggestGuard', data: { statement: guard.text }, fix: (fixer) => site.edits(fixer, guard.text) }];
}

/** Predicates a file may already import, per family, that the automatic fix calls instead of an inline test. */
const IMPORTED_PREDICATES: Record<Source['family'], readonly string[]> = {
  abort: ['isAbortError'],
  axios: [],
  'cancel-error': [],
};

/**
 * The re-throw the automatic fix (`fix: "autofix"`) inserts first in the handler: only what is a
 * cancellation for every library that can cancel the protected code, so any other error takes the
 * handler's old path. `axios.isCancel(e)` when axios is imported and is the only source, an imported
 * `isAbortError(e)` for abort signals, else an inline test of `e.name`: `AbortError` (abort signals),
 * `CanceledError` (axios), `CancelError` (got). `TimeoutError` is left out: a handler may mean to turn a
 * timeout into its fallback.
 */
function autofixGuard(ctx: FileContext, families: ReadonlySet<Source['family']>, err: string): string {
  if (families.size === 1) {
    const family = [...families][0]!;
    if (family === 'axios') {
      for (const [local, b] of ctx.bindings) {
        if (b.module === 'axios' && (b.imported === 'default' || b.imported === '*')) return `if (${local}.isCancel(${err})) throw ${err};`;
        if (b.module === 'axios' && b.imported === 'isCancel') return `if (${local}(${err})) throw ${err};`;
      }
    }
    for (const [local, b] of ctx.bindings) {
      if (IMPORTED_PREDICATES[family].includes(b.imported) && local === b.imported) return `if (${local}(${err})) throw ${err};`;
    }
  }
  const names = new Set<string>();
  for (const f of families) names.add(familyNames[f][0]!);
  const cond = [...names].map((n) => `${err}.name === '${n}'`).join(' || ');
  return `if (${err} instanceof Error && ${names.size > 1 ? `(${cond})` : cond}) throw ${err};`;
}

/**
 * The automatic fix of a finding under `fix: "autofix"`: the cancellation re-throw as the handler's first
 * statement (never `signal.throwIfAborted()`, which also throws when another error meets an aborted
 * signal). `null` for `finally` findings, handlers with a destructured error, and rejection handlers of a
 * chain whose result is discarded.
 */
export function autofixFor(ctx: FileContext, finding: Finding): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[]) | null {
  const h = finding.handler;
  // A discarded chain: the re-throw would become an unhandled rejection (which ends a Node process).
  if (!h || (h.type === 'callback' && h.discarded)) return null;
  const site = guardSite(ctx, finding);
  if (!site) return null;
  const families = new Set(h.sources.map((s) => s.family));
  if (families.size === 0) families.add('abort');
  const stmt = autofixGuard(ctx, families, site.err);
  return (fixer) => site.edits(fixer, stmt);
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
