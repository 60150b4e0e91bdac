export declare const ONLY: readonly string[];
export declare const USAGE: string;

export interface BenchOptions {
  only: string | null;
  sizes: number[];
  repeat: number;
  perRule: boolean;
  corpus: string[];
  timeout: number;
  concurrency: string;
  eslintContextFix: boolean;
  help: boolean;
}

export declare function parseBenchArgs(argv: readonly string[], cwd?: string): BenchOptions;
