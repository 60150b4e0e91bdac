import { pySpawnFork } from '../../catalog/python-spawn-fork.js';

/**
 * Whether a Python text may start a spawn of the catalog, from its words alone: a spawn event is a call whose name,
 * qualified through the file's own imports, is one of the catalog's (`threading.Thread().start`). Each name before
 * the call appears in the text as a word (`threading` in the import, `Thread` in it or in the access), so a text
 * without all of them cannot start that spawn. The pre-scan asks it of every text it reads (`LightScan.spawn`).
 */
export function mentionsSpawn(text: string): boolean {
  const present = new Set<string>();
  for (const m of text.matchAll(ANY_WORD)) {
    if (present.has(m[0])) continue;
    present.add(m[0]);
    if (present.size >= FEWEST_WORDS && CALL_WORDS.some((words) => words.every((w) => present.has(w)))) return true;
  }
  return false;
}

/** Per catalog call, the words its text must hold: the qualified name up to the first call (`threading`, `Thread`). */
const CALL_WORDS: readonly (readonly string[])[] = pySpawnFork.spawns.flatMap((s) => s.calls.map((call) => call.split('()')[0]!.split('.')));
const FEWEST_WORDS = Math.min(...CALL_WORDS.map((words) => new Set(words).size));
/** Every such word, whole (catalog names are identifiers: nothing to escape), found in one pass over the text. */
const ANY_WORD = new RegExp(`(?<!\\w)(?:${[...new Set(CALL_WORDS.flat())].sort((a, b) => b.length - a.length).join('|')})(?!\\w)`, 'g');
