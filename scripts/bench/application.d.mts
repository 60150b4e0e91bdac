export declare function generateApplication(
  dir: string,
  n: number,
  options?: { seed?: number; config?: string | null },
): { dir: string; files: string[]; probe: string };

export declare function reviseProbe(text: string, k: number): string;
