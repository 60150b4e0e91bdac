import type { Rule } from 'eslint';
import type { ForkEvent, Loc, SpawnEvent } from '../../../graph/types.js';
import { childByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import { dottedText, topInsertionOffset } from '../../../lang/python/ast-helpers.js';
import { guard } from '../../../util/guard.js';

/*
 * Suggestions (automatic fixes only under the opt-in `fix: "autofix"`, and only moveUnderMain / wrapInMain when
 * {@link mechanicalMove} holds: each changes which process runs the work) for the Python side of
 * no-spawn-before-fork:
 *
 * - moveAfterFork: move a `….start()` statement below the multiprocessing call that forks (same block),
 *   or to the top of the `with Pool(…) as p:` body;
 * - useSpawnContext: `multiprocessing.Pool(…)` → `multiprocessing.get_context("spawn").Pool(…)`,
 *   `ProcessPoolExecutor(…)` → `ProcessPoolExecutor(…, mp_context=multiprocessing.get_context("spawn"))`,
 *   `get_context("fork")` → `get_context("spawn")`;
 * - startInChild: `EXPR` → `os.register_at_fork(after_in_child=lambda: EXPR)` for a top-level start in an
 *   app a pre-fork server imports in its master (gunicorn runs Python's at-fork hooks in each worker);
 * - moveUnderMain: a top-level start moves to the top of the module's `if __name__ == "__main__":` body
 *   (spawn/forkserver children re-import the module but skip that block);
 * - wrapInMain: in a module without that block, a top-level start is wrapped in a new one where it stands;
 * - moveIntoPostFork: in a gunicorn config, a top-level start moves into a new `post_fork(server, worker)`
 *   hook (when the file defines none).
 *
 * A missing `import os` / `import multiprocessing` is added above the first statement (after the
 * docstring and `from __future__` imports). Every helper returns null when the shape is not plain.
 */

export interface PyFix {
  messageId: 'useSpawnContext' | 'moveAfterFork' | 'startInChild' | 'moveUnderMain' | 'wrapInMain' | 'moveIntoPostFork';
  data?: Record<string, string>;
  fix: (fixer: Rule.RuleFixer) => Rule.Fix[];
}

type Ctx = Pick<Rule.RuleContext, 'sourceCode'>;

/** The offsets of a summary location of this file (the summary was built from this very text). */
function rangeOf(context: Ctx, loc: Loc): [number, number] | null {
  const sc = context.sourceCode as unknown as { getIndexFromLoc(l: { line: number; column: number }): number };
  const range = (): [number, number] => [sc.getIndexFromLoc({ line: loc.line, column: loc.column }), sc.getIndexFromLoc({ line: loc.endLine, column: loc.endColumn })];
  return guard('no-spawn-before-fork: Python fix range', range, null);
}

/** Nodes from the module down to the node with exactly `range` (inclusive), or null. */
export function pathTo(module: PyNode, range: [number, number]): PyNode[] | null {
  const path: PyNode[] = [module];
  let node = module;
  for (let i = 0; i < 500; i++) {
    const next = node.children.find((c) => c.range[0] <= range[0] && range[1] <= c.range[1]);
    // The deepest node with exactly the range (`expression_statement` and its call share one).
    if (!next) return node !== module && node.range[0] === range[0] && node.range[1] === range[1] ? path : null;
    path.push(next);
    node = next;
  }
  return null;
}

/** The statement (child of a block or the module) that holds the last node of `path`, and its index. */
function statementOf(path: PyNode[]): { stmt: PyNode; parent: PyNode; index: number } | null {
  for (let i = path.length - 1; i > 0; i--) {
    const parent = path[i - 1]!;
    if (parent.type === 'block' || parent.type === 'module') return { stmt: path[i]!, parent, index: parent.children.indexOf(path[i]!) };
  }
  return null;
}

/** `expression_statement` that is exactly the call. */
function isCallStatement(stmt: PyNode, call: PyNode): boolean {
  return stmt.type === 'expression_statement' && stmt.children.length === 1 && stmt.children[0] === call;
}

/** Module-level import bindings: local name → dotted module or `module.name`. */
export function moduleImports(module: PyNode, text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const stmt of module.children) {
    if (stmt.type === 'import_statement') {
      for (const item of stmt.children) {
        if (item.type === 'dotted_name') {
          const d = dottedText(item, text);
          out.set(d.split('.')[0]!, d.split('.')[0]!);
        } else if (item.type === 'aliased_import') {
          const n = childByField(item, 'name');
          const a = childByField(item, 'alias');
          if (n && a) out.set(nodeText(a, text), dottedText(n, text));
        }
      }
    } else if (stmt.type === 'import_from_statement') {
      const mod = childByField(stmt, 'module_name');
      if (!mod || mod.type !== 'dotted_name') continue;
      const base = dottedText(mod, text);
      for (const item of stmt.children) {
        if (item.field !== 'name') continue;
        const n = item.type === 'aliased_import' ? childByField(item, 'name') : item;
        const a = item.type === 'aliased_import' ? childByField(item, 'alias') : item;
        if (n && a) out.set(nodeText(a, text), `${base}.${dottedText(n, text)}`);
      }
    }
  }
  return out;
}

/** How to refer to module `name` (e.g. `os`), and the import to add when it is not bound; null when the name is taken. */
function moduleRef(module: PyNode, text: string, name: string): { ref: string; add: string | null } | null {
  const imports = moduleImports(module, text);
  for (const [local, dotted] of imports) if (dotted === name) return { ref: local, add: null };
  if (imports.has(name) || new RegExp(`^\\s*(?:def|class)\\s+${name}\\b|^\\s*${name}\\s*=`, 'm').test(text)) return null;
  return { ref: name, add: `import ${name}` };
}

function newline(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function addImport(fixer: Rule.RuleFixer, module: PyNode, text: string, line: string): Rule.Fix {
  const at = topInsertionOffset(module, text);
  if (at >= text.length && text.length && !text.endsWith('\n')) return fixer.insertTextAfterRange([at, at], `${newline(text)}${line}${newline(text)}`);
  return fixer.insertTextBeforeRange([at, at], `${line}${newline(text)}`);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

/** The statement alone on its lines (only indentation before, only a comment after): its line span. */
function ownLines(text: string, stmt: PyNode): { start: number; end: number; indent: string; body: string } | null {
  const start = lineStart(text, stmt.range[0]);
  const indent = text.slice(start, stmt.range[0]);
  if (indent.trim() !== '') return null;
  const end = lineEnd(text, stmt.range[1]);
  const after = text.slice(stmt.range[1], end).replace(/\r$/, '');
  if (!/^\s*(?:#.*)?$/.test(after)) return null;
  return { start, end, indent, body: text.slice(stmt.range[0], end).replace(/\r$/, '') };
}

export function moveAfterFork(context: Ctx, module: PyNode, spawn: SpawnEvent, fork: ForkEvent, forkTitle: string): PyFix | null {
  if (!fork.forkId.includes('@')) return null; // os.fork: after it the start would run in parent and child
  // ProcessPoolExecutor forks on the first submit(), not in the constructor: right after it is still before.
  if (fork.forkId.startsWith('concurrent.futures.ProcessPoolExecutor@')) return null;
  const text = context.sourceCode.text;
  const sr = rangeOf(context, spawn.loc);
  const fr = rangeOf(context, fork.loc);
  if (!sr || !fr) return null;
  const sp = pathTo(module, sr);
  const fp = pathTo(module, fr);
  if (!sp || !fp) return null;
  const s = statementOf(sp);
  const f = statementOf(fp);
  if (!s || !f || s.parent !== f.parent || s.index >= f.index) return null;
  if (!isCallStatement(s.stmt, sp[sp.length - 1]!)) return null;
  const lines = ownLines(text, s.stmt);
  if (!lines) return null;
  const nl = newline(text);
  const removeEnd = lines.end < text.length ? lines.end + 1 : lines.end;
  let insert: (fixer: Rule.RuleFixer) => Rule.Fix;
  if (f.stmt.type === 'with_statement') {
    const body = childByField(f.stmt, 'body');
    const first = body?.children[0];
    if (!first) return null;
    const bodyStart = lineStart(text, first.range[0]);
    const bodyIndent = text.slice(bodyStart, first.range[0]);
    if (bodyIndent.trim() !== '' || first.loc.start.line === f.stmt.loc.start.line) return null;
    insert = (fixer) => fixer.insertTextBeforeRange([bodyStart, bodyStart], `${bodyIndent}${lines.body}${nl}`);
  } else if (f.stmt.type === 'expression_statement') {
    const end = lineEnd(text, f.stmt.range[1]);
    if (!/^\s*(?:#.*)?\r?$/.test(text.slice(f.stmt.range[1], end))) return null;
    const at = end > 0 && text[end - 1] === '\r' ? end - 1 : end;
    insert = (fixer) => fixer.insertTextAfterRange([at, at], `${nl}${lines.indent}${lines.body}`);
  } else {
    return null;
  }
  return {
    messageId: 'moveAfterFork',
    data: { fork: forkTitle },
    fix: (fixer) => [fixer.removeRange([lines.start, removeEnd]), insert(fixer)],
  };
}

export function useSpawnContext(context: Ctx, module: PyNode, fork: ForkEvent, forkTitle: string): PyFix | null {
  const at = fork.forkId.indexOf('@');
  if (at < 0) return null;
  const id = fork.forkId.slice(0, at);
  const declared = fork.forkId.slice(at + 1);
  if (declared !== 'default' && declared !== 'fork') return null;
  const text = context.sourceCode.text;
  const r = rangeOf(context, fork.loc);
  const path = r ? pathTo(module, r) : null;
  let call = path?.[path.length - 1];
  if (!call || call.type !== 'call') return null;
  if (id === 'multiprocessing.Process') {
    // `X.Process(…).start()`: rewrite the constructor.
    const fn = childByField(call, 'function');
    const obj = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    if (obj?.type !== 'call') return null;
    call = obj;
  }
  const fn = childByField(call, 'function');
  if (!fn) return null;
  const imports = moduleImports(module, text);
  const data = { fork: forkTitle };

  // get_context("fork").Pool(…): change the literal.
  if (fn.type === 'attribute') {
    const obj = childByField(fn, 'object');
    if (obj?.type === 'call') {
      const inner = childByField(obj, 'function');
      const args = childByField(obj, 'arguments');
      const lit = args?.children[0];
      if (!inner || !lit || lit.type !== 'string' || !/get_context$/.test(nodeText(inner, text))) return null;
      return { messageId: 'useSpawnContext', data, fix: (fixer) => [fixer.replaceTextRange(lit.range, '"spawn"')] };
    }
  }
  if (declared !== 'default') return null;

  if (id === 'concurrent.futures.ProcessPoolExecutor') {
    const args = childByField(call, 'arguments');
    if (!args || args.type !== 'argument_list' || /\bmp_context\b|\*/.test(nodeText(args, text))) return null;
    const mp = moduleRef(module, text, 'multiprocessing');
    if (!mp) return null;
    const inner = nodeText(args, text).slice(1, -1);
    const kw = `mp_context=${mp.ref}.get_context("spawn")`;
    const closing = args.range[1] - 1;
    const trailingComma = /,\s*$/.test(inner);
    const insert = inner.trim() === '' ? kw : trailingComma ? ` ${kw}` : `, ${kw}`;
    const lastArg = args.children[args.children.length - 1];
    const insertAt = lastArg && !trailingComma ? lastArg.range[1] : closing;
    return {
      messageId: 'useSpawnContext',
      data,
      fix: (fixer) => [...(mp.add ? [addImport(fixer, module, text, mp.add)] : []), fixer.insertTextBeforeRange([insertAt, insertAt], insert)],
    };
  }

  // multiprocessing.Pool(…) / mp.Pool(…)
  if (fn.type === 'attribute') {
    const obj = childByField(fn, 'object');
    if (obj?.type !== 'identifier') return null;
    const bound = imports.get(nodeText(obj, text));
    if (bound !== 'multiprocessing') return null;
    return { messageId: 'useSpawnContext', data, fix: (fixer) => [fixer.insertTextAfterRange(obj.range, '.get_context("spawn")')] };
  }
  // Pool(…) imported from multiprocessing
  if (fn.type === 'identifier') {
    const bound = imports.get(nodeText(fn, text));
    if (!bound?.startsWith('multiprocessing.')) return null;
    const attr = bound.slice('multiprocessing.'.length);
    if (attr.includes('.')) return null;
    const mp = moduleRef(module, text, 'multiprocessing');
    if (!mp) return null;
    return {
      messageId: 'useSpawnContext',
      data,
      fix: (fixer) => [...(mp.add ? [addImport(fixer, module, text, mp.add)] : []), fixer.replaceTextRange(fn.range, `${mp.ref}.get_context("spawn").${attr}`)],
    };
  }
  return null;
}

/** A spawn that is a whole call statement at the top level of the module: the statement and the call. */
function topLevelCall(context: Ctx, module: PyNode, spawn: SpawnEvent): { stmt: PyNode; call: PyNode } | null {
  const r = rangeOf(context, spawn.loc);
  const path = r ? pathTo(module, r) : null;
  if (!path) return null;
  const s = statementOf(path);
  const call = path[path.length - 1]!;
  return s && s.parent === module && isCallStatement(s.stmt, call) ? { stmt: s.stmt, call } : null;
}

export function startInChild(context: Ctx, module: PyNode, spawn: SpawnEvent): PyFix | null {
  const text = context.sourceCode.text;
  const call = topLevelCall(context, module, spawn)?.call;
  if (!call) return null;
  const os = moduleRef(module, text, 'os');
  if (!os) return null;
  return {
    messageId: 'startInChild',
    fix: (fixer) => [
      ...(os.add ? [addImport(fixer, module, text, os.add)] : []),
      fixer.replaceTextRange(call.range, `${os.ref}.register_at_fork(after_in_child=lambda: ${nodeText(call, text)})`),
    ],
  };
}

/** A top-level call statement alone on its lines: its span, or null. */
function topLevelStart(context: Ctx, module: PyNode, spawn: SpawnEvent): { stmt: PyNode; lines: NonNullable<ReturnType<typeof ownLines>> } | null {
  const stmt = topLevelCall(context, module, spawn)?.stmt;
  const lines = stmt ? ownLines(context.sourceCode.text, stmt) : null;
  return stmt && lines && lines.indent === '' ? { stmt, lines } : null;
}

function isMainIf(stmt: PyNode, text: string): boolean {
  if (stmt.type !== 'if_statement') return false;
  const cond = childByField(stmt, 'condition');
  const t = cond ? nodeText(cond, text).replace(/\s+/g, '').replace(/'/g, '"') : '';
  return t === '__name__=="__main__"' || t === '"__main__"==__name__';
}

export function moveUnderMain(context: Ctx, module: PyNode, spawn: SpawnEvent): PyFix | null {
  const text = context.sourceCode.text;
  const start = topLevelStart(context, module, spawn);
  if (!start) return null;
  const main = module.children.find((c) => isMainIf(c, text));
  const body = main ? childByField(main, 'consequence') : undefined;
  const first = body?.children[0];
  if (!main || !first || first.loc.start.line === main.loc.start.line) return null;
  const at = lineStart(text, first.range[0]);
  const indent = text.slice(at, first.range[0]);
  if (indent.trim() !== '' || start.lines.body.includes('\n')) return null;
  const nl = newline(text);
  const removeEnd = start.lines.end < text.length ? start.lines.end + 1 : start.lines.end;
  return {
    messageId: 'moveUnderMain',
    fix: (fixer) => [fixer.removeRange([start.lines.start, removeEnd]), fixer.insertTextBeforeRange([at, at], `${indent}${start.lines.body}${nl}`)],
  };
}

export function wrapInMain(context: Ctx, module: PyNode, spawn: SpawnEvent): PyFix | null {
  const text = context.sourceCode.text;
  if (module.children.some((c) => isMainIf(c, text))) return null;
  const start = topLevelStart(context, module, spawn);
  if (!start || start.lines.body.includes('\n')) return null;
  const nl = newline(text);
  return {
    messageId: 'wrapInMain',
    fix: (fixer) => [fixer.replaceTextRange([start.lines.start, start.lines.end], `if __name__ == "__main__":${nl}    ${start.lines.body}`)],
  };
}

/** Statements that run nothing of their own when the module runs: definitions (and their decorators), docstrings, `pass`. */
function definesOnly(stmt: PyNode): boolean {
  if (['function_definition', 'class_definition', 'decorated_definition', 'pass_statement'].includes(stmt.type)) return true;
  return stmt.type === 'expression_statement' && stmt.children.length === 1 && stmt.children[0]!.type === 'string';
}

/**
 * The move (or wrap) of a top-level start is mechanical — what the parent process runs, and in which order, stays the
 * same; only the re-importing children stop running it — when the start is a one-line call statement and either the
 * module has no `if __name__ == "__main__":` (the wrap keeps it in place), or every statement between it and that
 * block (which follows it) only defines things.
 */
export function mechanicalMove(context: Ctx, module: PyNode, spawn: SpawnEvent): boolean {
  const text = context.sourceCode.text;
  const start = topLevelStart(context, module, spawn);
  if (!start || start.lines.body.includes('\n')) return false;
  const mainIndex = module.children.findIndex((c) => isMainIf(c, text));
  if (mainIndex < 0) return true;
  const at = module.children.indexOf(start.stmt);
  if (at < 0 || at > mainIndex) return false;
  return module.children.slice(at + 1, mainIndex).every(definesOnly) && module.children.filter((c) => isMainIf(c, text)).length === 1;
}

export function moveIntoPostFork(context: Ctx, module: PyNode, spawn: SpawnEvent): PyFix | null {
  const text = context.sourceCode.text;
  if (/^(?:async\s+)?def\s+post_fork\b|^post_fork\s*=/m.test(text)) return null;
  const start = topLevelStart(context, module, spawn);
  if (!start) return null;
  const nl = newline(text);
  const body = start.lines.body
    .split(/\r?\n/)
    .map((l) => (l.trim() ? `    ${l}` : l))
    .join(nl);
  return {
    messageId: 'moveIntoPostFork',
    fix: (fixer) => [fixer.replaceTextRange([start.lines.start, start.lines.end], `def post_fork(server, worker):${nl}${body}`)],
  };
}
