/**
 * What a language provides so that the language-neutral graph can walk its programs. `src/lang/js/front-end.ts`
 * and `src/lang/python/front-end.ts` implement it; `src/lang/project.ts` builds, once per ESLint configuration,
 * the cache, pre-scan index and graph walker around it. Adding a language means implementing this interface
 * (and, for a language ESLint cannot parse, an ESLint language object such as `src/lang/python/language.ts`).
 */
import type { LightScan, QuietTest } from '../graph/pre-scan.js';
import type { PatchEvent, ModuleSummary, ResolvedModule } from '../graph/types.js';
import type { PatchOrderSettings } from '../util/settings.js';
import type { LanguageId } from './language-of.js';

/** The part of ESLint's rule context the analysis reads. */
export interface LintedFile {
  cwd: string;
  filename: string;
  settings?: unknown;
  sourceCode: { text: string; ast: unknown };
}

export interface FrontEnd<State, Extra = unknown> {
  readonly id: LanguageId;
  /** The language's own per-configuration state: resolver, patcher catalog, detectors. */
  createState(root: string, roots: readonly string[], settings: PatchOrderSettings, extra: readonly Extra[]): State;
  /** Whether the walk may read this file (a source of this language, not in node_modules / site-packages). */
  readable(state: State, path: string): boolean;
  /** The summary of a dependency, from its text (the front end parses it); null when it runs nothing to read. */
  summarizeText(state: State, path: string, text: string): ModuleSummary;
  /** What the walk should do with a path that is not a plain file of the language (a namespace package). */
  summarizeOther?(state: State, path: string): ModuleSummary | null | undefined;
  /** The summary of the file being linted, from ESLint's AST. */
  summarizeLinted(state: State, file: LintedFile): ModuleSummary;
  /**
   * Whether that summary is also what the file does when another module loads it (JS: yes; Python: no, the
   * linted file is summarized as `__main__`), so it can serve the walks of other files.
   */
  readonly lintedServesDependents: boolean;
  /** Text-only scan: the file's local dependencies (by regex) and whether it mentions a patcher. */
  preScan(state: State, path: string, text: string): LightScan;
  /** Modules a package (or standard-library module) loads when it loads, from the catalog's tables. */
  packageLoads(state: State, resolved: ResolvedModule): readonly string[];
  /** Module keys worth keeping in walk facts (patch targets); default: all. */
  interesting?(state: State): (key: string) => boolean;
  /** A cheap word test over texts, to know a project none of whose files can mention a patcher (`ReachIndex.quietFiles`). */
  quietTest?(state: State): QuietTest;
  /**
   * Whether an activation covers every target its patcher can have (a later activation of it then has nothing to be
   * too late for): lets a program walk stop waiting for files that only name that patcher. Absent: never.
   */
  coversAll?(state: State, event: PatchEvent): boolean;
  /**
   * Whether a dependency's summary is the same under every `emitter` setting (configurations that differ only there,
   * a monorepo's build groups, then share it instead of parsing the file again). Absent: never.
   */
  sameForEveryEmitter?(summary: ModuleSummary): boolean;
}
