import type { ModuleSummary } from '../../graph/types.js';
import { parsePython } from './parse.js';
import { summarizePython, type PySummaryOptions } from './summarize.js';
import { internalError } from '../../util/guard.js';

/**
 * Parse and summarize a Python file's text (for dependency files the plugin reads itself). A file
 * that does not parse contributes no events and carries `parseError`; never throws.
 */
export function summarizePythonSource(text: string, filename: string, opts: PySummaryOptions): ModuleSummary {
  try {
    const parsed = parsePython(text);
    if (!parsed.ok) {
      return { path: filename, language: 'python', events: [], parseError: parsed.errors[0]?.message ?? 'syntax error' };
    }
    return summarizePython(parsed.ast, text, filename, opts);
  } catch (error) {
    internalError(`Python summary of ${filename}`, error);
    return { path: filename, language: 'python', events: [], parseError: String(error) };
  }
}
