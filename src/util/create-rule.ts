/**
 * Rule creation for the JS/TS rules, without a runtime dependency on `@typescript-eslint/utils` (whose
 * peer dependency on `typescript` would make npm install TypeScript for every user, Python-only ones
 * included): typescript-eslint's types are used at compile time only.
 */
import type { TSESLint } from '@typescript-eslint/utils';

export interface PatchOrderDocs {
  description: string;
  /** Part of `configs.recommended`. */
  recommended?: boolean;
}

/** The repository (package.json `repository`, without `git+` and `.git`); rule pages live under docs/rules. */
export const REPOSITORY_URL = 'https://github.com/patch-order/eslint-plugin-patch-order';
const REPO_DOCS = `${REPOSITORY_URL}/blob/main/docs/rules`;

export function docsUrl(name: string): string {
  return `${REPO_DOCS}/${name}.md`;
}

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `base` with `over` merged in: nested objects merge, anything else (arrays included) from `over` wins. */
function mergeOptions(base: PlainObject, over: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? mergeOptions(prev, value) : value;
  }
  return out;
}

/** Each default option, with the user's option at the same index merged over it (objects) or replacing it. */
export function applyDefaultOptions<Options extends readonly unknown[]>(defaults: Options, user: readonly unknown[] | undefined): Options {
  const out: unknown[] = [...structuredClone(defaults)];
  out.forEach((def, i) => {
    const given = user?.[i];
    if (given === undefined) return;
    out[i] = isPlainObject(def) && isPlainObject(given) ? mergeOptions(def, given) : given;
  });
  return out as unknown as Options;
}

interface RuleSpec<Options extends readonly unknown[], MessageIds extends string> {
  name: string;
  meta: Omit<TSESLint.RuleMetaData<MessageIds, PatchOrderDocs, Options>, 'docs'> & { docs: PatchOrderDocs };
  defaultOptions: Options;
  create: (context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, options: Readonly<Options>) => TSESLint.RuleListener;
}

export type PatchOrderRule<MessageIds extends string, Options extends readonly unknown[]> = TSESLint.RuleModule<
  MessageIds,
  Options,
  PatchOrderDocs
> & { name: string };

/** JS/TS rules: typed options, `defaultOptions` merged under the user's options, `docs.url` from the rule name. */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  spec: Readonly<RuleSpec<Options, MessageIds>>,
): PatchOrderRule<MessageIds, Options> {
  const { name, meta, defaultOptions, create } = spec;
  let last: { given: readonly unknown[]; merged: Options } | null = null;
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: docsUrl(name) } },
    defaultOptions,
    create: (context) => create(context, mergedOptions(context.options)),
  };

  /**
   * ESLint gives each file a new options array holding the same option objects (those of the config that applies),
   * so the merge of the last options given is kept while its items are the same: a clone of the defaults per rule
   * per file was measurable on applications (tens of milliseconds per thousand files). Shared between files, so
   * rules take it as `Readonly` (not frozen: it holds the user's own option objects).
   */
  function mergedOptions(given: readonly unknown[] | undefined): Options {
    if (last && sameItems(last.given, given)) return last.merged;
    const merged = applyDefaultOptions(defaultOptions, given);
    last = { given: given ? [...given] : [], merged };
    return merged;
  }
}

/** Whether two option lists hold the same items (missing and `undefined` items alike). */
function sameItems(a: readonly unknown[], b: readonly unknown[] | undefined): boolean {
  const n = Math.max(a.length, b?.length ?? 0);
  for (let i = 0; i < n; i++) if (a[i] !== b?.[i]) return false;
  return true;
}
