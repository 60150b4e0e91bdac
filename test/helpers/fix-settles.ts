import { Linter, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../src/index.js';

export interface FixCase {
  code: string;
  filename: string;
  settings?: Record<string, unknown>;
  options?: unknown[];
}

/**
 * Apply every automatic fix and every suggestion of `ruleId` to `code`, one at a time, and return what
 * went wrong: outputs that no longer parse, or that report the same message at the same line again.
 */
export function fixProblems(ruleId: string, c: FixCase): string[] {
  const linter = new Linter({ cwd: '/' });
  const config: Linter.Config[] = [
    { files: ['**/*'], languageOptions: { parser: tseslint.parser as never } },
    {
      files: ['**/*'],
      plugins: { 'patch-order': plugin as never },
      rules: { [`patch-order/${ruleId}`]: ['error', ...(c.options ?? [])] as Linter.RuleEntry },
      settings: c.settings ?? {},
    },
  ];
  const problems: string[] = [];
  const messages = linter.verify(c.code, config, c.filename);
  const candidates: { label: string; fix: Rule.Fix; messageId?: string; line: number }[] = [];
  for (const m of messages) {
    if (m.fix) candidates.push({ label: `fix of ${m.messageId}@${m.line}`, fix: m.fix, messageId: m.messageId, line: m.line });
    for (const s of m.suggestions ?? []) candidates.push({ label: `suggestion ${s.messageId} of ${m.messageId}@${m.line}`, fix: s.fix, messageId: m.messageId, line: m.line });
  }
  for (const cand of candidates) {
    const out = c.code.slice(0, cand.fix.range[0]) + cand.fix.text + c.code.slice(cand.fix.range[1]);
    const again = linter.verify(out, config, c.filename);
    const fatal = again.find((m) => m.fatal);
    if (fatal) problems.push(`${cand.label}: output does not parse: ${fatal.message}`);
    // The same problem must not come back at the place the fix moved it from or to.
    const repeat = again.find((m) => m.messageId === cand.messageId && m.ruleId === `patch-order/${ruleId}` && messages.filter((x) => x.messageId === m.messageId).length <= again.filter((x) => x.messageId === m.messageId).length);
    if (repeat) problems.push(`${cand.label}: reports ${repeat.messageId} again at ${repeat.line}:${repeat.column}`);
  }
  return problems;
}
