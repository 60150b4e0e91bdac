/**
 * The Python text pre-scan: from a file's text alone, its local imports (resolved, so `import a.b.c` lists
 * a/__init__.py and a/b/__init__.py too) and whether it can activate a patcher (an import of a patcher package,
 * `importlib.import_module` of one, or an env setting a patcher lists). It may list too much, never too little.
 */
import type { PyPatcherEntry } from '../../catalog/python-patchers.js';
import type { LightScan, QuietTest } from '../../graph/pre-scan.js';
import type { PythonResolver } from './resolve.js';
import { textDigest } from '../../util/digest.js';
import { detached } from '../../util/strings.js';
import { mentionsSpawn } from './spawn-words.js';

const IMPORT_LINE = /^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import\b[ \t(]*([\w \t,]*)|import[ \t]+([\w. \t,]+))/gm;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Modules every file imports: a mention of the module proves nothing, the call itself must appear. */
const TOO_COMMON = new Set(['os', 'sys']);

export interface PyMentions {
  /** Top-level packages whose import can activate a patcher (`gevent`, `ddtrace`, `opentelemetry`). */
  tops: Set<string>;
  /** Text that activates one without an import of its own: env variables, `environ[...] =`, importlib. */
  text: RegExp;
  /** Strings `text` cannot match without (each of its alternatives holds one of them). */
  literals: readonly string[];
}

/**
 * What a file must contain to activate a patcher: an import of a patcher package (a docstring naming
 * one does not count), `importlib.import_module("…")` of one, or an env setting a patcher lists.
 */
export function pyMentions(patchers: readonly PyPatcherEntry[]): PyMentions {
  const tops = new Set<string>();
  const words = new Set<string>();
  const others = new Set<string>();
  const literals = new Set<string>(['import_module', '__import__']);
  for (const e of patchers) {
    for (const a of e.activations) {
      if (a.kind === 'mock') {
        words.add(escape(a.callee));
        literals.add(a.callee);
      } else if (a.kind === 'call' && TOO_COMMON.has(a.module)) {
        // Env settings count only for their variables: the variable's name must appear in the text.
        if (e.envVars?.length) {
          for (const v of e.envVars) {
            words.add(escape(v));
            literals.add(v);
          }
        } else {
          // `os.environ.__setitem__` is written `environ["X"] = …`; `os.putenv` as `putenv(`.
          others.add(`\\b${escape(a.call).replace(/\\\.__setitem__$/, '\\s*\\[[^\\]\\n]*\\]\\s*=(?!=)')}`);
          literals.add(a.call.split('.')[0]!);
        }
      } else tops.add(a.module.split('.')[0]!);
    }
  }
  others.add(`(?:import_module|__import__)\\(\\s*['"](?:${[...tops].map(escape).join('|')})\\b`);
  return { tops, text: new RegExp([...(words.size ? [`\\b(?:${[...words].join('|')})\\b`] : []), ...others].join('|')), literals: [...literals] };
}

/** Texts whose import lines are kept for a second scan (a dependency read from disk, later linted): the newest. */
const TEXT_MEMO_LIMIT = 2048;

/** What the pre-scan finds in a text alone: the dotted names it may load (each once, in order) and its mentions. */
interface TextFacts {
  /** The text's length and SHA-1, not the text: 2,048 texts of a large project (SymPy) held tens of MiB. */
  digest: string;
  names: string[];
  hit: boolean;
  spawn: boolean;
  /** The last scan of this text, and when it was made (its resolutions are as fresh as the resolver's). */
  scan: LightScan;
  at: number;
}

/**
 * The scanner behind the reach index and the linted file's own pre-scan. A file is often scanned twice with the same
 * text: read from disk as another file's dependency, then as the text ESLint lints. Its import lines are found once
 * per text (kept per path until the text differs, the newest TEXT_MEMO_LIMIT files); its names are resolved again
 * once `ttlMs` has passed (the resolver's own freshness), so a module created meanwhile is still seen.
 */
export function pyLightScanner(resolver: PythonResolver, mentions: PyMentions, ttlMs = 1000): ((path: string, text: string) => LightScan) & { textScans: () => number } {
  const memo = new Map<string, TextFacts>();
  let textScans = 0;
  const resolveAll = (path: string, names: readonly string[]): string[] => {
    const deps: string[] = [];
    for (const name of names) {
      const r = resolver.resolve(name, path);
      if (r.type === 'file') deps.push(r.path);
    }
    return deps;
  };
  const scanner = (path: string, text: string): LightScan => {
    const now = Date.now();
    const known = memo.get(path);
    const digest = textDigest(text);
    if (known && known.digest === digest) {
      if (now - known.at < ttlMs) return known.scan;
      known.scan = { deps: resolveAll(path, known.names), hit: known.hit, spawn: known.spawn };
      known.at = now;
      return known.scan;
    }
    textScans++;
    const { names, hit } = textFacts(text, mentions);
    const spawn = mentionsSpawn(text);
    const scan: LightScan = { deps: resolveAll(path, names), hit, spawn };
    memo.delete(path);
    // The names are copied out of the text: a slice of it would keep the whole text alive.
    memo.set(path, { digest, names: names.map(detached), hit, spawn, scan, at: now });
    if (memo.size > TEXT_MEMO_LIMIT) memo.delete(memo.keys().next().value!);
    return scan;
  };
  return Object.assign(scanner, { textScans: () => textScans });
}


/** The dotted names a text may load, each once (`import a.b.c` lists a, a.b, a.b.c), and whether it mentions a patcher. */
function textFacts(text: string, mentions: PyMentions): { names: string[]; hit: boolean } {
  let hit = false;
  // Each dotted name once per file: `from a.b import c, d` and the next `from a.b import e` all load a and a.b.
  const seen = new Set<string>();
  const load = (part: string) => seen.add(part);
  for (const m of text.matchAll(IMPORT_LINE)) {
    // `from pkg import sub` may load the submodule pkg.sub: list it too (a miss would be unsafe).
    const specs = m[1] !== undefined ? [m[1], ...names(m[2] ?? '').map((n) => (m[1]!.endsWith('.') ? `${m[1]}${n}` : `${m[1]}.${n}`))] : names(m[3]!);
    for (const spec of specs) {
      if (!spec) continue;
      if (spec.startsWith('.')) {
        load(spec);
        continue;
      }
      // `import a.b.c` runs a/__init__.py and a/b/__init__.py too.
      let dot = spec.indexOf('.');
      if (!hit && mentions.tops.has(dot < 0 ? spec : spec.slice(0, dot))) hit = true;
      while (dot >= 0) {
        load(spec.slice(0, dot));
        dot = spec.indexOf('.', dot + 1);
      }
      load(spec);
    }
  }
  return { names: [...seen], hit: hit || mentions.text.test(text) };
}

/** The names of an import list, `as` aliases dropped. */
function names(list: string): string[] {
  return list.split(',').map((s) => s.trim().split(/\s+/)[0]!).filter(Boolean);
}

/**
 * A text that names none of the patcher packages as a word, and has none of the other mentions, cannot be a hit: an
 * import of one names it (`import gevent.monkey`, `from ddtrace import patch_all`). Folders skipped: where no project
 * module can be loaded from (installed packages, virtualenvs, caches, hidden folders: a package name is an identifier).
 */
export function pyQuietTest(mentions: PyMentions): QuietTest {
  const words = new RegExp(`\\b(?:${[...mentions.tops].map(escape).join('|')})\\b`);
  // One pass over most texts: the words and the strings together; only a text holding one is asked again.
  const any = new RegExp([`\\b(?:${[...mentions.tops].map(escape).join('|')})\\b`, ...mentions.literals.map(escape)].join('|'));
  const mayHit = (text: string) => any.test(text) && (words.test(text) || (mentions.literals.some((l) => text.includes(l)) && mentions.text.test(text)));
  const tops = [...mentions.tops].map((w) => Buffer.from(w));
  const literals = mentions.literals.map((l) => Buffer.from(l));
  return {
    // The other mentions' expression only where one of its strings is (most texts hold none).
    mayHit,
    // Byte searches first: a text holding none of the words and strings cannot match either expression. Searches in
    // the bytes, not one expression over a Latin-1 string of them: that was faster on its own (Django: 6-15 ms against
    // 33), but the strings, made while the first linted tree is alive, set off V8's pretenuring of tree nodes, and
    // the bench's run of the rule on Django then peaked at 318-333 MiB of RSS against 194 and took 150 ms more CPU.
    mayHitBytes: (bytes) => (tops.some((w) => hasWordBytes(bytes, w)) || literals.some((l) => bytes.includes(l))) && mayHit(bytes.toString('utf8')),
    skipDir: /^(?:node_modules|site-packages|venv|__pycache__|\..+)$/,
    loadable: /\.py$/,
  };
}


/** Whether `word` (ASCII) appears in `bytes` between bytes outside [A-Za-z0-9_], as a `\b` sees the decoded text. */
function hasWordBytes(bytes: Buffer, word: Buffer): boolean {
  for (let i = bytes.indexOf(word); i >= 0; i = bytes.indexOf(word, i + 1)) {
    if (!isWordByte(bytes[i - 1]) && !isWordByte(bytes[i + word.length])) return true;
  }
  return false;
}

function isWordByte(b: number | undefined): boolean {
  return b !== undefined && ((b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95);
}
