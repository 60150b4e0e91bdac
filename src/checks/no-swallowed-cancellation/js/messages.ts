/**
 * What `no-swallowed-cancellation` says on JavaScript / TypeScript files. Each message starts with one short
 * sentence that names the problem and the handler it is reported on; the path, where the cancellation
 * comes from, and the repair follow. (Python files have their own wording: src/checks/no-swallowed-cancellation/python/messages.ts.)
 */
import type { Node } from './ast.js';
import type { Finding } from './analyze.js';
import { isCancelState, type Exit } from './paths.js';

export const jsCancellationMessages = {
  swallowedInCatch:
    'This catch swallows a cancellation: it {{path}} without re-throwing it, so the cancelled work is treated as an ordinary failure. A cancellation can reach it because {{source}}. Re-throw cancellations on every path.',
  swallowedInLoop:
    'This catch in a loop swallows a cancellation: it {{path}} without re-throwing it, so after an abort the loop keeps working (retrying or polling) instead of stopping. A cancellation can reach it because {{source}}. Re-throw cancellations before the loop continues.',
  swallowedInCallback:
    'This rejection handler swallows a cancellation: it {{path}} without re-throwing it, so the aborted promise settles as if nothing went wrong. A cancellation can reach it because {{source}}. Re-throw cancellations in the callback.',
  convertedToValue:
    'This handler turns a cancellation into a normal result: it {{path}}, so the caller gets a value instead of the abort. A cancellation can reach it because {{source}}. Re-throw cancellations before returning a fallback value.',
  retriedInCallback:
    'This rejection handler retries after a cancellation: it {{path}} and starts the work again, so after an abort it keeps retrying instead of stopping. A cancellation can reach it because {{source}}. Stop when the signal is aborted before retrying.',
  endsStreamQuietly:
    "This handler in an async generator ends the stream quietly on a cancellation: it {{path}}, so the consumer's `for await` loop ends as if the stream were complete instead of seeing the abort. A cancellation can reach it because {{source}}. Re-throw cancellations so the consumer sees the abort.",
  fanOutPartialResult:
    'This handler turns the cancellation of one item of a fan-out into a result: it {{path}}, so after an abort `Promise.all` keeps going and resolves with a partial result as if it were complete. A cancellation can reach it because {{source}}. Re-throw cancellations so the whole fan-out rejects.',
  finallyReturn:
    'This `{{statement}}` in `finally` discards a pending cancellation: when the `try` block is aborted, the abort is replaced by a normal completion. A cancellation can reach the `try` block because {{source}}. Move the `{{statement}}` out of `finally`.',
  finallyYield:
    "This `yield` in `finally` keeps the generator alive after `.return()`: when a consumer `break`s or the work is cancelled, `.return()` gets this value instead of finishing the generator. Clean up without a plain `yield` in `finally`.",
  suggestThrowIfAborted: 'Insert `{{statement}}` as the first statement of the handler.',
  suggestGuard: 'Re-throw cancellations first: insert `{{statement}}`.',
  suggestReturnIfAborted: 'Stop when aborted: insert `{{statement}}` as the first statement of the handler.',
} as const;

export type JsCancellationMessageId = keyof typeof jsCancellationMessages;

/** `returns at line 5`, `reaches the end of the handler (line 9) when it is a cancellation`, … */
export function describeExit(exit: Exit | null): string {
  if (!exit) return 'takes a path';
  const line = exit.kind === 'fallthrough' ? exit.node.loc.end.line : exit.node.loc.start.line;
  const when = isCancelState(exit.state) ? ' when it is a cancellation' : '';
  switch (exit.kind) {
    case 'fallthrough':
      return `reaches the end of the handler (line ${line})${when}`;
    case 'return':
      return `returns at line ${line}${when}`;
    case 'return-value':
      return `returns a value at line ${line}${when}`;
    case 'break':
      return `breaks out at line ${line}${when}`;
    case 'continue':
      return `continues the loop at line ${line}${when}`;
    case 'throw-other':
      return `throws a different error at line ${line}${when}`;
  }
}

function statementWord(node: Node | undefined): string {
  if (!node) return 'return';
  if (node.type === 'BreakStatement') return 'break';
  if (node.type === 'ContinueStatement') return 'continue';
  return 'return';
}

/** The message data of a finding. */
export function findingData(finding: Finding): Record<string, string> {
  const source = finding.source?.text ?? 'the protected code can be cancelled';
  if (finding.kind === 'finallyReturn') return { statement: statementWord(finding.statement), source };
  return { source, path: describeExit(finding.exit) };
}
