export declare const PACKAGE_NAME: string;

export interface LintMessageLike {
  ruleId: string | null;
  message: string;
  line: number;
  column: number;
  fatal?: boolean;
}

export declare function packTarball(root: string, dest: string): string;

export declare function makeScratchProject(options: { root: string; tarball: string; eslintDir: string; only?: readonly string[] }): {
  dir: string;
  run(args: string[]): { status: number | null; stdout: string; stderr: string };
  cleanup(): void;
};

export declare function installCheck(options: { root: string; eslintDir: string; keep?: boolean }): {
  ok: boolean;
  eslintVersion?: string;
  lines: string[];
  results?: Record<string, LintMessageLike[]>;
};

export declare function installEslint(prefixDir: string, version: string): string;
