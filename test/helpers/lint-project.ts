import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../src/index.js';

export interface Problem {
  file: string;
  ruleId: string | null;
  messageId?: string;
  line: number;
  column: number;
  message: string;
  fatal?: boolean;
}

/** Lint a fixture project with the plugin's rules through the ESLint class, as a user's CLI run would. */
export async function lintProject(
  cwd: string,
  rules: Record<string, 'error' | ['error', unknown]>,
  files: string[] = ['.'],
  settings: Record<string, unknown> = {},
): Promise<{ problems: Problem[]; results: ESLint.LintResult[] }> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser as never } },
      {
        files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'],
        plugins: { 'patch-order': plugin as never },
        rules,
        settings: { 'patch-order': settings },
      },
    ],
  });
  const results = await eslint.lintFiles(files);
  const problems = results.flatMap((r) =>
    r.messages.map((m) => ({
      file: r.filePath.slice(cwd.length + 1),
      ruleId: m.ruleId,
      messageId: m.messageId,
      line: m.line,
      column: m.column,
      message: m.message,
      fatal: m.fatal,
    })),
  );
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { problems, results };
}
