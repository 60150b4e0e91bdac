/**
 * `settings['patch-order']`: the schema (as data), its validator, and the typed accessor every reader
 * goes through.
 *
 * A wrong setting must not silently switch the rules off (the rules never let an analysis error escape,
 * so a `roots: 'src'` read as an array would only ever yield 0 findings). Each rule's `create()` calls
 * {@link readSettings} first, outside any `try`, so a bad value throws there and ESLint fails the run with
 * "Error while loading rule '…': patch-order: invalid settings['patch-order'].roots: expected …".
 * Validation runs once per distinct settings object (ESLint passes the same object for every file of
 * one configuration); later calls are a WeakMap lookup.
 */
import { stats } from '../util/stats.js';

export const SETTINGS_DOCS = 'https://github.com/patch-order/eslint-plugin-patch-order#settings';

export const EMITTERS = ['tsc', 'babel', 'esbuild', 'swc'] as const;

/** `settings['patch-order']`, validated. Every key is optional. */
export interface PatchOrderSettings {
  /** Directories the plugin may read (default: ESLint's cwd). Nothing outside them is read. */
  roots?: string[];
  /** Who compiles TypeScript/ESM syntax to CommonJS: decides hoisting for .ts emitted as CommonJS. */
  emitter?: (typeof EMITTERS)[number];
  /** Patchers or files started before the entry by means the plugin cannot read (Dockerfile, PM2). */
  preloaded?: string[];
  /**
   * The files that start programs (paths or globs, relative to ESLint's cwd). When set, a file is judged as a
   * program start only if it is listed here or a start command the plugin reads runs it; otherwise also every
   * file that no project file loads.
   */
  entries?: string[];
  /** How long a file's stat is trusted, ms (default 1000; 0 = always re-check). */
  cacheFreshnessMs?: number;
  /** Bounds of the import graph walk. */
  maxDepth?: number;
  maxModules?: number;
  /** Extra Python source roots, absolute or relative to the project root. */
  pythonPath?: string[];
  /** Target Python, "3.N". */
  pythonVersion?: string;
}

export type SettingSpec =
  | { kind: 'strings'; expected: string; item: string; description: string; docs: string }
  | { kind: 'enum'; values: readonly string[]; expected: string; description: string; docs: string }
  | { kind: 'integer'; min: number; expected: string; description: string; docs: string }
  | { kind: 'pattern'; pattern: RegExp; expected: string; description: string; docs: string };

/** "3.0" … "3.99": major 3 and a minor, as the language option `pythonVersion` accepts. */
const PYTHON_VERSION = /^3\.(?:0|[1-9]\d?)$/u;

/** The schema: one entry per key, in the README's order. */
export const SETTINGS_SCHEMA: { readonly [K in keyof Required<PatchOrderSettings>]: SettingSpec } = {
  roots: {
    kind: 'strings',
    expected: 'an array of directory paths',
    item: 'a directory path (a non-empty string)',
    description: 'directories the plugin may read; nothing outside them is read',
    docs: SETTINGS_DOCS,
  },
  emitter: {
    kind: 'enum',
    values: EMITTERS,
    expected: `one of ${EMITTERS.map((e) => `"${e}"`).join(', ')}`,
    description: 'who compiles TypeScript emitted as CommonJS',
    docs: SETTINGS_DOCS,
  },
  preloaded: {
    kind: 'strings',
    expected: 'an array of package specifiers or file paths',
    item: 'a package specifier or file path (a non-empty string)',
    description: 'patchers or files started before the entry by means the plugin does not read',
    docs: SETTINGS_DOCS,
  },
  entries: {
    kind: 'strings',
    expected: 'an array of file paths or globs',
    item: 'a file path or glob (a non-empty string)',
    description: 'the files that start programs (paths or globs); when set, files nothing imports are no longer judged as starts',
    docs: SETTINGS_DOCS,
  },
  cacheFreshnessMs: {
    kind: 'integer',
    min: 0,
    expected: 'a non-negative integer (milliseconds)',
    description: "how long a file's stat is trusted in a long-lived process",
    docs: SETTINGS_DOCS,
  },
  maxDepth: {
    kind: 'integer',
    min: 1,
    expected: 'a positive integer',
    description: 'how deep the import-graph walk goes',
    docs: SETTINGS_DOCS,
  },
  maxModules: {
    kind: 'integer',
    min: 1,
    expected: 'a positive integer',
    description: 'how many modules the import-graph walk visits',
    docs: SETTINGS_DOCS,
  },
  pythonPath: {
    kind: 'strings',
    expected: 'an array of directory paths',
    item: 'a directory path (a non-empty string)',
    description: 'extra Python source roots',
    docs: SETTINGS_DOCS,
  },
  pythonVersion: {
    kind: 'pattern',
    pattern: PYTHON_VERSION,
    expected: 'a Python 3 version "major.minor" as a string, like "3.12"',
    description: 'target Python, for version-dependent semantics',
    docs: SETTINGS_DOCS,
  },
};

const KEYS = Object.keys(SETTINGS_SCHEMA) as (keyof PatchOrderSettings)[];

/** One problem: where (`roots`, `roots[1]`, or '' for the settings object itself) and what. */
interface Problem {
  path: string;
  text: string;
  docs: string;
}

/** How a value is named in a message: `the string "src"`, `the number 3.7`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
      return value === '' ? 'an empty string' : `the string ${JSON.stringify(shown)}`;
    }
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'bigint':
      return `the bigint ${String(value)}n`;
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return 'an object';
  }
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The known key an unknown one was probably meant to be (case-insensitive edit distance ≤ 2), if any. */
export function didYouMean(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of KEYS) {
    const d = levenshtein(key.toLowerCase(), known.toLowerCase());
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return bestDistance <= 2 && bestDistance < key.length ? best : undefined;
}

function checkValue(key: string, spec: SettingSpec, value: unknown, out: Problem[]): void {
  const fail = (path: string, expected: string, got: unknown, extra = '') =>
    out.push({ path, text: `expected ${expected}, got ${describeValue(got)}${extra}`, docs: spec.docs });
  switch (spec.kind) {
    case 'strings':
      if (!Array.isArray(value)) {
        fail(key, spec.expected, value);
        return;
      }
      value.forEach((item: unknown, i) => {
        if (typeof item !== 'string' || item.trim() === '') fail(`${key}[${i}]`, spec.item, item);
      });
      return;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) fail(key, spec.expected, value);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < spec.min) fail(key, spec.expected, value);
      return;
    case 'pattern':
      if (typeof value !== 'string' || !spec.pattern.test(value)) {
        // 3.10 written as a number is 3.1: say why a number is not taken.
        const hint = typeof value === 'number' ? ' (write it as a string: the number 3.10 is 3.1)' : '';
        fail(key, spec.expected, value, hint);
      }
      return;
  }
}

/** Every problem of a `settings['patch-order']` value, in key order (unknown keys first). Pure. */
export function settingsProblems(value: unknown): Problem[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ path: '', text: `expected an object, got ${describeValue(value)}`, docs: SETTINGS_DOCS }];
  }
  const record = value as Record<string, unknown>;
  const out: Problem[] = [];
  for (const key of Object.keys(record)) {
    if (Object.hasOwn(SETTINGS_SCHEMA, key)) continue;
    const guess = didYouMean(key);
    out.push({
      path: '',
      text: guess
        ? `unknown key ${JSON.stringify(key)} (did you mean ${JSON.stringify(guess)}?)`
        : `unknown key ${JSON.stringify(key)} (known keys: ${KEYS.join(', ')})`,
      docs: SETTINGS_DOCS,
    });
  }
  for (const key of KEYS) {
    // `undefined` means unset (a JS config may write `roots: process.env.ROOTS && [...]`).
    if (record[key] !== undefined) checkValue(key, SETTINGS_SCHEMA[key], record[key], out);
  }
  return out;
}

/** The error text for a list of problems: one line per problem, then where the settings are documented. */
export function formatSettingsProblems(problems: readonly Problem[]): string {
  const lines = problems.map((p) => `patch-order: invalid settings['patch-order']${p.path ? `.${p.path}` : ''}: ${p.text}.`);
  const docs = [...new Set(problems.map((p) => p.docs))].join(', ');
  return `${lines.join('\n')} See ${docs}`;
}

type Checked = { ok: true; settings: PatchOrderSettings } | { ok: false; message: string };

function check(value: unknown): Checked {
  stats.settingsValidations++;
  const problems = settingsProblems(value);
  return problems.length ? { ok: false, message: formatSettingsProblems(problems) } : { ok: true, settings: (value ?? {}) as PatchOrderSettings };
}

/** Validates a `settings['patch-order']` value; throws an Error naming each bad key. */
export function validateSettings(value: unknown): PatchOrderSettings {
  const result = check(value);
  if (!result.ok) throw new Error(result.message);
  return result.settings;
}

/** Per settings object (the whole `context.settings`): its checked `patch-order` part. */
const checked = new WeakMap<object, Checked>();
/** Per `patch-order` value, as JSON: the same result (and settings object) for equal values. */
const byContent = new Map<string, Checked>();
const BY_CONTENT_LIMIT = 64;

/** JSON of a settings value, or undefined when it has none (a cycle, a BigInt, a function: checked as it is). */
function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch (error) {
    if (error instanceof TypeError) return undefined; // not JSON: validated on its own, and the check names the key
    throw error;
  }
}

/** Anything with ESLint's `settings` (a JS or a Python rule context). */
export interface HasSettings {
  readonly settings?: unknown;
}

/**
 * The validated `settings['patch-order']` of a rule context (`{}` when unset). Throws on a bad value, every
 * time it is asked (a fresh Error each time: ESLint prefixes the message of the error it is given).
 * Call it first thing in `create()`, outside any `try`, so the run fails instead of the rule going quiet.
 */
export function readSettings(context: HasSettings): PatchOrderSettings {
  const all = context.settings;
  if (all === undefined || all === null || typeof all !== 'object') return {};
  let entry = checked.get(all);
  if (!entry) {
    // A language may hand every file its own settings object: equal values are checked (and kept) once.
    const raw = (all as Record<string, unknown>)['patch-order'];
    const text = jsonOf(raw);
    entry = text === undefined ? undefined : byContent.get(text);
    if (!entry) {
      entry = check(raw);
      if (text !== undefined) {
        if (byContent.size >= BY_CONTENT_LIMIT) byContent.delete(byContent.keys().next().value!);
        byContent.set(text, entry);
      }
    }
    checked.set(all, entry);
  }
  if (!entry.ok) throw new Error(entry.message);
  return entry.settings;
}
