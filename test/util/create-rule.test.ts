/** createRule: the plugin's own replacement for typescript-eslint's RuleCreator (no runtime dependency on it). */
import { describe, expect, it } from 'vitest';
import { applyDefaultOptions, createRule, docsUrl, REPOSITORY_URL } from '../../src/util/create-rule.js';

describe('applyDefaultOptions', () => {
  it('merges object options deeply over the defaults; arrays and other values replace them', () => {
    const defaults = [{ a: 1, nested: { x: 1, y: 2 }, list: [1, 2] }, 'mode'] as const;
    const merged = applyDefaultOptions(defaults, [{ nested: { y: 3 }, list: [9] }, 'other']);
    expect(merged).toEqual([{ a: 1, nested: { x: 1, y: 3 }, list: [9] }, 'other']);
    expect(defaults[0]).toEqual({ a: 1, nested: { x: 1, y: 2 }, list: [1, 2] });
  });

  it('gives a copy of the defaults where the user gives nothing', () => {
    const defaults: [{ nested: { x: number } }] = [{ nested: { x: 1 } }];
    const merged = applyDefaultOptions(defaults, undefined);
    expect(merged).toEqual([{ nested: { x: 1 } }]);
    merged[0].nested.x = 2;
    expect(defaults[0].nested.x).toBe(1);
    expect(applyDefaultOptions(defaults, [undefined])).toEqual([{ nested: { x: 1 } }]);
  });
});

/** A rule with defaults `{ a: 1, b: 2 }` that records the options each file's `create` gets. */
function recordingRule() {
  const seen: unknown[] = [];
  const rule = createRule<[{ a: number; b: number }], 'm'>({
    name: 'some-rule',
    meta: { type: 'problem', docs: { description: 'd' }, messages: { m: 'x' }, schema: [] },
    defaultOptions: [{ a: 1, b: 2 }],
    create(_context, [options]) {
      seen.push(options);
      return {};
    },
  });
  return { rule, seen };
}

describe('createRule', () => {
  it('sets docs.url from the name and passes the merged options to create', () => {
    const { rule, seen } = recordingRule();
    expect(rule.meta.docs?.url).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/some-rule.md`);
    expect(docsUrl('some-rule')).toBe(rule.meta.docs?.url);
    expect(rule.name).toBe('some-rule');
    rule.create({ options: [{ b: 5 }] } as unknown as Parameters<typeof rule.create>[0]);
    expect(seen).toEqual([{ a: 1, b: 5 }]);
  });

  it('merges once while files get the same option objects (ESLint passes a new array per file), again when they change', () => {
    const { rule, seen } = recordingRule();
    const lint = (options: unknown[] | undefined) => rule.create({ options } as unknown as Parameters<typeof rule.create>[0]);
    const user = { b: 5 };
    lint([user]);
    lint([user]);
    expect(seen[1]).toBe(seen[0]);
    lint([{ b: 6 }]);
    expect(seen[2]).toEqual({ a: 1, b: 6 });
    lint([]);
    lint(undefined);
    lint([undefined]);
    expect(seen[3]).toEqual({ a: 1, b: 2 });
    expect(seen[4]).toBe(seen[3]);
    expect(seen[5]).toBe(seen[3]);
    lint([user]);
    expect(seen[6]).toEqual({ a: 1, b: 5 });
    expect(user).toEqual({ b: 5 });
  });
});
