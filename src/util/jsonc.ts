/** The last texts parsed (package.json and tsconfig files are read again for every file of a project). */
const parsed = new Map<string, unknown>();
const PARSED_LIMIT = 256;

/**
 * Parse JSON with comments and trailing commas (tsconfig.json). Returns undefined on bad input. The result is
 * shared between callers with the same text: read it, never change it.
 */
export function parseJsonc(text: string): unknown {
  if (parsed.has(text)) return parsed.get(text);
  const value = parseJsoncText(text);
  if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value!);
  parsed.set(text, value);
  return value;
}

function parseJsoncText(text: string): unknown {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch { // dependency input: a malformed JSON file reads as absent (JSON.parse throws nothing else)
    return undefined;
  }
}
