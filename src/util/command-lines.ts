/**
 * Command lines as deployment files write them, read statically (nothing is run): Dockerfile `CMD` /
 * `ENTRYPOINT` / `RUN` (exec form and shell form), Procfile `web: …` lines, docker-compose `command:`, shell
 * scripts. Each simple command (split at `&&`, `||`, `;`, `|`) is one token list, with `VAR=value` prefixes and
 * `exec` / `env` / `npx` wrappers kept, for the reader to interpret.
 */

/** Token lists of every simple command in `text` (line continuations joined, comments dropped). */
export function commandSegments(text: string): string[][] {
  const out: string[][] = [];
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const rawLine of joined.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    let tokens: string[];
    const json = /\[\s*".*\]\s*$/.exec(line);
    if (json && /^(?:CMD|ENTRYPOINT|RUN)\b/i.test(line)) {
      const arr = parseJsonArray(json[0]);
      if (!arr) continue;
      tokens = arr;
    } else {
      // Dockerfile instruction, Procfile process type, compose `command:` key.
      tokens = shellTokens(line.replace(/^(?:(?:CMD|ENTRYPOINT|RUN)\s+|[\w.-]+:\s+)/i, ''));
    }
    out.push(...splitOperators(tokens));
  }
  return out;
}

/** A command line's tokens split at `&&`, `||`, `;` and `|`: each part is a command of its own. */
export function splitOperators(tokens: readonly string[]): string[][] {
  const out: string[][] = [];
  let segment: string[] = [];
  for (const t of tokens) {
    if (t === '&&' || t === '||' || t === ';' || t === '|') {
      if (segment.length) out.push(segment);
      segment = [];
    } else segment.push(t);
  }
  if (segment.length) out.push(segment);
  return out;
}

/**
 * The value of an option at `args[i]`, written `-w 4`, `--workers 4`, `--workers=4` or `-w4`, and the index of
 * the last token it used; null when `args[i]` is none of `names`.
 */
export function optionValue(args: readonly string[], i: number, names: readonly string[]): { value: string; next: number } | null {
  const a = args[i]!;
  for (const n of names) {
    if (a === n) return args[i + 1] !== undefined ? { value: args[i + 1]!, next: i + 1 } : null;
    if (n.startsWith('--') && a.startsWith(`${n}=`)) return { value: a.slice(n.length + 1), next: i };
    if (!n.startsWith('--') && a.startsWith(n) && a.length > n.length) return { value: a.slice(n.length), next: i };
  }
  return null;
}

/**
 * Shell words of one line: quotes removed, adjacent quoted and unquoted parts joined into one word
 * (`NODE_OPTIONS='--require x'` is one word), operators as their own tokens, a `#` word ends the line.
 */
export function shellTokens(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(&&|\|\||[;|])|([^\s"';|&]+)|(\s+)/g;
  let word: string | null = null;
  for (const m of line.matchAll(re)) {
    if (m[5] !== undefined || m[3] !== undefined) {
      if (word !== null) out.push(word);
      word = null;
      if (m[3] !== undefined) out.push(m[3]);
      continue;
    }
    if (m[4]?.startsWith('#') && word === null) break;
    word = (word ?? '') + (m[1] ?? m[2] ?? m[4]!);
  }
  if (word !== null) out.push(word);
  return out;
}

function parseJsonArray(text: string): string[] | null {
  try {
    const arr = JSON.parse(text) as unknown;
    return Array.isArray(arr) ? arr.filter((x): x is string => typeof x === 'string') : null;
  } catch (error) { // dependency input: an exec-form line that is not JSON starts nothing we can read
    if (!(error instanceof SyntaxError)) throw error;
    return null;
  }
}
