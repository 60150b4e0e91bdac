/**
 * The JS/TS half of `patch-order/no-swallowed-cancellation`: the handlers the rule's listeners collected
 * (`try` statements, `.catch(cb)` / `.then(ok, cb)` calls), analysed in the order they were met, as findings
 * with their suggestions. The rule reports them through `reportFindings`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { guard } from '../../../util/guard.js';
import type { Finding } from '../../report.js';
import type { Node } from './ast.js';
import { analyzePromiseCall, analyzeTry, createFileContext } from './analyze.js';
import type { CancellationOptions } from './config.js';
import { autofixFor, suggestionsFor } from './fixes.js';
import { findingData, type JsCancellationMessageId } from './messages.js';

const WHERE = 'no-swallowed-cancellation (JS)';

export type JsHandlerNode = TSESTree.TryStatement | TSESTree.CallExpression;

/** `x.catch(…)` / `x.then(…)`: the calls whose callbacks can handle a rejection. */
export function isPromiseHandlerCall(node: TSESTree.CallExpression): boolean {
  if (node.callee.type !== 'MemberExpression') return false;
  const p = node.callee.property;
  return p.type === 'Identifier' && (p.name === 'catch' || p.name === 'then');
}

/**
 * `autofix`: each finding with a handler also carries the automatic fix (the cancellation re-throw first,
 * docs "Fix safety"); otherwise findings carry suggestions only.
 */
export function checkJsCancellation(
  sourceCode: TSESLint.SourceCode,
  options: CancellationOptions | undefined,
  handlers: readonly JsHandlerNode[],
  autofix = false,
): Finding<JsCancellationMessageId>[] {
  if (handlers.length === 0) return [];
  const ctx = createFileContext(sourceCode, options, abortSignalTypeCheck(sourceCode));
  const out: Finding<JsCancellationMessageId>[] = [];
  for (const node of handlers) {
    // A handler whose analysis fails does not stop the others.
    const findings = guard(WHERE, () => (node.type === 'TryStatement' ? analyzeTry(ctx, node) : analyzePromiseCall(ctx, node)), []);
    for (const f of findings) {
      const fix = autofix ? guard(WHERE, () => autofixFor(ctx, f), null) : null;
      out.push({ loc: f.loc, messageId: f.kind, data: findingData(f), fix, suggest: guard(WHERE, () => suggestionsFor(ctx, f), []) });
    }
  }
  return out;
}

interface TypeServices {
  program?: { getTypeChecker(): { getTypeAtLocation(n: unknown): { symbol?: { name?: string }; types?: { symbol?: { name?: string } }[] } } } | null;
  esTreeNodeToTSNodeMap?: { get(n: unknown): unknown };
}

/** With type information: is `node` an `AbortSignal` (or a union with one)? `null` without type information. */
function abortSignalTypeCheck(sourceCode: TSESLint.SourceCode): ((node: Node) => boolean) | null {
  const services = sourceCode.parserServices as TypeServices | undefined;
  const program = services?.program;
  const map = services?.esTreeNodeToTSNodeMap;
  if (!program || !map) return null;
  const checker = program.getTypeChecker();
  return (node) =>
    guard(
      `${WHERE} type of a signal`,
      () => {
        const type = checker.getTypeAtLocation(map.get(node));
        if (type.symbol?.name === 'AbortSignal') return true;
        return !!type.types?.some((t) => t.symbol?.name === 'AbortSignal');
      },
      false,
    );
}
