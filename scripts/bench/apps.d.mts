export interface AppGroup {
  dirs: string[];
  settings: Record<string, unknown>;
}

export interface App {
  name: string;
  dir: string;
  lang: 'js' | 'py' | 'auto';
  what: string;
  groups: AppGroup[];
  env: string;
}

export interface AppCorpus {
  name: string;
  what: string;
  cwd: string;
  lang: 'js' | 'py';
  files: string[];
  extraConfigs: Array<{ files: string[]; settings: { 'patch-order': Record<string, unknown> } }>;
  app: true;
  revision?: string | null;
}

export interface AppMode {
  name: string;
  rules: string[];
  budget?: boolean;
  /** Run without ESLint's per-file rule-context cost (scripts/bench/eslint-context.mjs). */
  contextFix?: boolean;
}

export interface ChildResult {
  error?: string;
  lintMs?: number;
  cpuMs?: number;
  maxRssMiB?: number;
  files?: number;
  problems?: number;
  fatal?: number;
  stats?: Record<string, number>;
}

export interface AppRow {
  mode: string;
  error?: string;
  runs?: number;
  wallMs?: number;
  cpuMs?: number;
  rssMiB?: number;
  wallRatio?: number;
  cpuRatio?: number;
  rssRatio?: number;
  files?: number;
  problems?: number;
  fatal?: number;
  stats?: Record<string, number> | null;
  verdict?: string | null;
}

export interface Budget {
  wall: number;
  rss: number;
}

export declare const APP_BUDGET: Budget;
export declare const APP_SKIP_DIR: RegExp;
export declare const APP_PRESETS: ReadonlyArray<{
  env: string;
  name: string | null;
  repo: string;
  lang: 'js' | 'py';
  what: string;
  groups: AppGroup[];
}>;

export declare function appsFromEnv(
  env: Record<string, string | undefined>,
  options?: { isDir?: (p: string) => boolean; cwd?: string },
): { apps: App[]; notes: string[] };
export declare function expandDir(root: string, pattern: string): string[];
export declare function appCorpora(app: App): AppCorpus[];
export declare function appModes(rules: readonly string[], perRule: boolean, noop?: string | null, contextFix?: boolean): AppMode[];
export declare const CONTEXT_FIX_MARK: string;
export declare function median(xs: readonly number[]): number;
export declare function appRows(modes: readonly AppMode[], runs: Map<string, ChildResult[]>, budget?: Budget): AppRow[];
export declare function verdict(row: Pick<AppRow, 'wallRatio' | 'rssRatio'>, budget?: Budget): string;
export declare function formatCounters(stats: Record<string, number> | null | undefined): string;
export declare function formatAppTable(
  corpus: { name: string; what: string; lang: string; cwd: string; revision?: string | null },
  rows: readonly AppRow[],
  info: { repeat: number; budget?: Budget },
): string[];
