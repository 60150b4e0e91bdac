/** The timeline's flat location (1-based line, 0-based column), as ESLint's `SourceLocation`. */
export interface FlatLoc {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SourceLoc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

export function toLoc(loc: FlatLoc): SourceLoc {
  return { start: { line: loc.line, column: loc.column }, end: { line: loc.endLine, column: loc.endColumn } };
}
