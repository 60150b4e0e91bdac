import type { Rule } from 'eslint';
import type { PatchEvent } from '../../../graph/types.js';
import { nodeText, type PyNode } from '../../../lang/python/ast.js';
import { topInsertionOffset } from '../../../lang/python/ast-helpers.js';
import { isFileHeader, lineStartOf, moveLineBlocks } from '../../../util/lines.js';

/**
 * The automatic fix of no-import-before-patch on Python: move the patch call, with the import that
 * binds its callee, to the top of the module (after the docstring and `from __future__` imports).
 * Returned only when it cannot change what a correct program does:
 * - the call is a module-level statement, and so is the import binding its callee;
 * - nothing the call's arguments read is bound by the statements it jumps over;
 * - each moved statement sits alone on its lines (or only with the other moved one: `import gevent.monkey; gevent.monkey.patch_all()`).
 * Whole lines move: a comment after a statement on its line, and the comment lines directly above it,
 * go with it. The patch lands above the comment lines attached to the first statement it must precede,
 * unless they open the file and hold a directive or a header (shebang, encoding line, licence). Blank lines stay tidy (moveLineBlocks).
 */
export function movePatchToTop(module: PyNode, text: string, event: PatchEvent): Rule.ReportFixer | null {
  if (!event.statementRange) return null;
  const stmts = module.children;
  const callIndex = stmts.findIndex((s) => s.range[0] === event.statementRange![0] && s.range[1] === event.statementRange![1]);
  if (callIndex < 0) return null;
  const call = stmts[callIndex]!;
  const root = /^\s*([A-Za-z_]\w*)/.exec(nodeText(call, text))?.[1];
  if (!root) return null;
  const insertAt = topInsertionOffset(module, text);
  const firstIndex = stmts.findIndex((s) => s.range[0] >= insertAt);
  if (firstIndex < 0 || firstIndex >= callIndex) return null;

  // The import that binds the callee's root name, before the call.
  let importIndex = -1;
  for (let i = callIndex - 1; i >= 0; i--) {
    if (bindings(stmts[i]!, text).includes(root)) {
      importIndex = /^import_(?:from_)?statement$/.test(stmts[i]!.type) ? i : -2;
      break;
    }
  }
  if (importIndex === -2) return null; // bound by something other than an import
  const moved = importIndex >= firstIndex ? [stmts[importIndex]!, call] : [call];

  const reads = new Set(event.dependsOn ?? []);
  reads.delete(root);
  for (let i = firstIndex; i < callIndex; i++) {
    if (i === importIndex) continue;
    if (bindings(stmts[i]!, text).some((n) => reads.has(n))) return null;
  }

  // Whole lines only: each moved statement's lines hold nothing else but the other moved one.
  const blocks: [number, number][] = [];
  for (const s of moved) {
    const lineStart = lineStartOf(text, s.range[0]);
    const eol = /\r\n|\r|\n|$/.exec(text.slice(s.range[1]))!;
    const lineEnd = s.range[1] + eol.index + eol[0].length;
    const before = text.slice(lineStart, s.range[0]);
    const after = text.slice(s.range[1], s.range[1] + eol.index);
    const others = moved.filter((o) => o !== s);
    const strip = (part: string) => others.reduce((acc, o) => acc.replace(nodeText(o, text), ''), part);
    if (!/^[\s;]*$/.test(strip(before)) || !/^[\s;]*(#.*)?$/.test(strip(after))) return null;
    const previous = stmts[stmts.indexOf(s) - 1];
    blocks.push([commentLinesAbove(text, lineStart, previous ? previous.range[1] : 0), lineEnd]);
  }
  const first = stmts[firstIndex]!;
  const firstLine = lineStartOf(text, first.range[0]);
  const landingOnOwnLine = /^[ \t]*$/.test(text.slice(firstLine, first.range[0]));
  const codeBefore = firstIndex > 0 ? stmts[firstIndex - 1]!.range[1] : -1;
  const above = landingOnOwnLine ? commentLinesAbove(text, firstLine, Math.max(codeBefore, 0)) : insertAt;
  const landing = !landingOnOwnLine ? insertAt : codeBefore < 0 && isFileHeader(text.slice(above, firstLine)) ? firstLine : above;
  const move = moveLineBlocks(text, mergeRanges(blocks), landing);
  return (fixer) => [...move.removals.map((r) => fixer.removeRange(r)), fixer.insertTextBeforeRange([move.insertAt, move.insertAt], move.insertion)];
}

/**
 * Start of the run of `#` comment lines directly above the line at `lineStart` (no blank line in the run
 * or before that line), not reaching back before `floor` (the end of the previous statement).
 */
function commentLinesAbove(text: string, lineStart: number, floor: number): number {
  let start = lineStart;
  while (start > 0) {
    const breakStart = text[start - 1] === '\n' && text[start - 2] === '\r' ? start - 2 : start - 1;
    const prev = lineStartOf(text, breakStart);
    if (prev < floor || !/^[ \t]*#/.test(text.slice(prev, breakStart))) break;
    start = prev;
  }
  return start;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([...r]);
  }
  return out;
}

/** Names a module-level statement binds (imports, assignments, def, class, for, with). */
function bindings(stmt: PyNode, text: string): string[] {
  const src = nodeText(stmt, text);
  switch (stmt.type) {
    case 'import_statement':
      return src
        .replace(/^import\s+/, '')
        .split(',')
        .map((part) => {
          const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?/.exec(part);
          return m ? (m[2] ?? m[1]!.split('.')[0]!) : '';
        })
        .filter(Boolean);
    case 'import_from_statement': {
      const list = src.replace(/^from\s+\S+\s+import\s+/, '').replace(/[()\\\r\n]/g, ' ');
      return list
        .split(',')
        .map((part) => {
          const m = /^\s*(\w+)(?:\s+as\s+(\w+))?/.exec(part);
          return m ? (m[2] ?? m[1]!) : '';
        })
        .filter(Boolean);
    }
    case 'function_definition':
    case 'class_definition':
    case 'decorated_definition': {
      const m = /(?:def|class)\s+(\w+)/.exec(src);
      return m ? [m[1]!] : [];
    }
    default: {
      // Assignment targets and other binding forms: every identifier left of `=` / after for/as.
      const names = new Set<string>();
      for (const m of src.matchAll(/(?:^|[;\n])\s*([\w\s,.[\]()*]+?)\s*(?::[^=\n]+)?=(?!=)/g)) {
        for (const n of m[1]!.matchAll(/[A-Za-z_]\w*/g)) names.add(n[0]);
      }
      for (const m of src.matchAll(/\b(?:for|as)\s+([A-Za-z_][\w\s,]*)/g)) for (const n of m[1]!.matchAll(/[A-Za-z_]\w*/g)) names.add(n[0]);
      for (const m of src.matchAll(/\b([A-Za-z_]\w*)\s*:=/g)) names.add(m[1]!);
      return [...names];
    }
  }
}
