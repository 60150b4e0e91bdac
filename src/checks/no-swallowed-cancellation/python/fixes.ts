/**
 * Suggestions (never automatic fixes, see the docs' "Fix safety") for Python cancellation findings.
 * Each returns `{ messageId, data, fix }` with a single text edit; outputs are re-linted clean by the tests.
 */
import { childByField, type PyNode } from '../../../lang/python/ast.js';
import { PY_CANCELLED_IS_BASE_EXCEPTION_SINCE, PY_TASK_CANCELLING_SINCE } from '../../../catalog/python-cancellation.js';
import { moduleAlias, preferredCancelHandler, type PyBindings } from './imports.js';
import { handlerTypes, isCheckpoint, type PyFinding } from './analyze.js';
import { findIn } from './paths.js';

export interface PyEdit {
  range: [number, number];
  text: string;
}

export interface PySuggestion {
  messageId: string;
  data?: Record<string, string>;
  edit: PyEdit;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** Leading whitespace of the line where `offset` sits, if only whitespace precedes `offset` there. */
function indentAt(text: string, offset: number): string | undefined {
  const before = text.slice(lineStart(text, offset), offset);
  return /^[ \t]*$/u.test(before) ? before : undefined;
}

function unitFor(indent: string): string {
  return indent.includes('\t') ? '\t' : '    ';
}

function blockOf(handler: PyNode): PyNode | undefined {
  return handler.children.find((c) => c.type === 'block');
}

function sameLine(a: PyNode, b: PyNode): boolean {
  return a.loc.start.line === b.loc.start.line;
}

/** Insert `raise` as the last statement of the handler. */
function reraiseEdit(text: string, handler: PyNode): PyEdit | undefined {
  const block = blockOf(handler);
  const first = block?.children[0];
  if (!block || !first) return undefined;
  // A handler that is only `pass` becomes `raise`.
  if (block.children.length === 1 && first.type === 'pass_statement') return { range: first.range, text: 'raise' };
  if (sameLine(handler, block)) {
    if (block.loc.end.line !== block.loc.start.line) return undefined;
    return { range: [block.range[1], block.range[1]], text: '; raise' };
  }
  const indent = indentAt(text, first.range[0]);
  if (indent === undefined) return undefined;
  const end = lineEnd(text, block.range[1]);
  return { range: [end, end], text: `${eolOf(text)}${indent}raise` };
}

/** Insert `if <aio>.current_task().cancelling(): raise` as the first statement of the handler. */
function cancellingGuardEdit(text: string, handler: PyNode, aio: string): PyEdit | undefined {
  const block = blockOf(handler);
  const first = block?.children[0];
  const hIndent = indentAt(text, handler.range[0]);
  if (!block || !first || hIndent === undefined) return undefined;
  const eol = eolOf(text);
  const guard = `if ${aio}.current_task().cancelling():`;
  if (sameLine(handler, block)) {
    const colon = text.lastIndexOf(':', block.range[0] - 1);
    if (colon < handler.range[0]) return undefined;
    const inner = hIndent + unitFor(hIndent);
    return { range: [colon + 1, block.range[0]], text: `${eol}${inner}${guard}${eol}${inner}${unitFor(hIndent)}raise${eol}${inner}` };
  }
  const indent = indentAt(text, first.range[0]);
  if (indent === undefined) return undefined;
  return { range: [first.range[0], first.range[0]], text: `${guard}${eol}${indent}${unitFor(indent)}raise${eol}${indent}` };
}

export function pythonSuggestions(finding: PyFinding, text: string, bindings: PyBindings, minor: number): PySuggestion[] {
  const out: PySuggestion[] = [];
  const eol = eolOf(text);
  if (finding.kind === 'finally') return out;
  const aio = moduleAlias(bindings, 'asyncio');
  if (finding.kind === 'suppress') {
    if (finding.awaitedCancelledTask && aio) {
      const indent = indentAt(text, finding.withNode.range[0]);
      if (indent !== undefined)
        out.push({
          messageId: 'suggestWaitFirst',
          data: { statement: `await ${aio}.wait([${finding.awaitedCancelledTask}])`, task: finding.awaitedCancelledTask },
          edit: { range: [finding.withNode.range[0], finding.withNode.range[0]], text: `await ${aio}.wait([${finding.awaitedCancelledTask}])${eol}${indent}` },
        });
    }
    return out;
  }
  const { handler, tryNode } = finding;
  const block = blockOf(handler);
  if (finding.mode === 'cancel' && finding.awaitedCancelledTask) {
    const task = finding.awaitedCancelledTask;
    const indent = indentAt(text, tryNode.range[0]);
    if (aio && indent !== undefined)
      out.push({
        messageId: 'suggestWaitFirst',
        data: { statement: `await ${aio}.wait([${task}])`, task },
        edit: { range: [tryNode.range[0], tryNode.range[0]], text: `await ${aio}.wait([${task}])${eol}${indent}` },
      });
    if (aio && minor >= PY_TASK_CANCELLING_SINCE) {
      const edit = cancellingGuardEdit(text, handler, aio);
      if (edit) out.push({ messageId: 'suggestCancellingGuard', data: { statement: `if ${aio}.current_task().cancelling(): raise` }, edit });
    }
    return out;
  }
  if (finding.mode === 'cancel' && finding.broad && finding.task) {
    const h = preferredCancelHandler(bindings);
    const hIndent = indentAt(text, handler.range[0]);
    const first = block?.children[0];
    if (h && hIndent !== undefined && block && first) {
      const bIndent = sameLine(handler, block) ? hIndent + unitFor(hIndent) : indentAt(text, first.range[0]);
      const kw = finding.isStar ? 'except*' : 'except';
      if (bIndent !== undefined)
        out.push({
          messageId: 'suggestReraiseFirst',
          data: { statement: `${kw} ${h.text}: raise` },
          edit: { range: [handler.range[0], handler.range[0]], text: `${kw} ${h.text}:${eol}${bIndent}raise${eol}${hIndent}` },
        });
    }
  }
  if (finding.exits.every((e) => e.kind === 'fallthrough') && (finding.broad === null || finding.onlyLogs)) {
    const edit = reraiseEdit(text, handler);
    if (edit) out.push({ messageId: 'suggestReraise', edit });
  }
  if ((finding.mode === 'cancel' || finding.mode === 'greenlet') && (finding.broad === 'bare' || finding.broad === 'base')) {
    const body = childByField(tryNode, 'body');
    const checkpoint = !!body && !!findIn(body, (c) => isCheckpoint(c, text));
    const narrowOk = minor >= PY_CANCELLED_IS_BASE_EXCEPTION_SINCE || !finding.fn.isAsync || !checkpoint;
    const { elements } = handlerTypes(handler, text);
    if (narrowOk && finding.broad === 'bare')
      out.push({ messageId: 'suggestNarrowToException', edit: { range: [handler.range[0], handler.range[0] + 6], text: 'except Exception' } });
    else if (narrowOk && finding.broad === 'base' && elements.length === 1 && 'type' in finding.typeTarget)
      out.push({ messageId: 'suggestNarrowToException', edit: { range: finding.typeTarget.range, text: 'Exception' } });
  }
  return out;
}
