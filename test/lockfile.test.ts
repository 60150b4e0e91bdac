/**
 * A fresh `npm ci` must accept the lockfile forever. A dependency spec that is a dist-tag (`latest`, `next`, …)
 * resolves to whatever the tag points at on the day of the install: once the tag moves, `npm ci` rejects the lock
 * ("lock file's X@a does not satisfy X@b") on every clean checkout. Such a spec is allowed only where an override
 * pins it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface LockEntry {
  name?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
interface Overrides {
  [name: string]: string | Overrides;
}

/** A spec that is neither a semver range nor a URL, path, alias or git reference is a dist-tag. */
export function isDistTag(spec: string): boolean {
  if (semver.validRange(spec) !== null) return false;
  return !/^(npm:|file:|link:|workspace:|git(\+\w+)?:|https?:|github:|[\w.-]+\/[\w.-]+(#.*)?$|\.{0,2}\/)/.test(spec);
}

/** The package name an entry of `packages` stands for (`node_modules/a/node_modules/@s/b` → `@s/b`). */
function ownerName(key: string, entry: LockEntry): string {
  if (entry.name) return entry.name;
  const at = key.lastIndexOf('node_modules/');
  return at < 0 ? key : key.slice(at + 'node_modules/'.length);
}

/** Whether the root overrides pin `dep` everywhere, or under `owner`. */
function pinned(overrides: Overrides, owner: string, dep: string): boolean {
  const fixed = (v: string | Overrides | undefined): boolean =>
    typeof v === 'string' ? !isDistTag(v) || v.startsWith('$') : typeof v === 'object' && typeof v['.'] === 'string' && !isDistTag(v['.']);
  if (fixed(overrides[dep])) return true;
  const scoped = Object.entries(overrides).find(([k]) => k === owner || k.startsWith(`${owner}@`))?.[1];
  return typeof scoped === 'object' && fixed(scoped[dep]);
}

export function unpinnedDistTags(lock: { packages: Record<string, LockEntry> }, overrides: Overrides): string[] {
  const out: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    const owner = ownerName(key, entry);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
      for (const [dep, spec] of Object.entries(entry[field] ?? {})) {
        if (isDistTag(spec) && !pinned(overrides, owner, dep)) out.push(`${key || '(root)'} ${field}.${dep}: "${spec}"`);
      }
    }
  }
  return out;
}

describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { overrides?: Overrides };

  it('resolves no dependency through a dist-tag that an override does not pin', () => {
    expect(unpinnedDistTags(lock, pkg.overrides ?? {})).toEqual([]);
  });

  it('tells a dist-tag from a range, an alias or a URL', () => {
    for (const tag of ['latest', 'next', 'beta', 'canary']) expect(isDistTag(tag), tag).toBe(true);
    for (const spec of ['^1.2.3', '1.x', '*', '', '>=2 <3', 'npm:foo@1', 'file:../x', 'github:a/b', 'a/b', 'https://x.test/y.tgz', 'workspace:*']) {
      expect(isDistTag(spec), spec).toBe(false);
    }
  });

  it('catches a dist-tag in the tree, unless an override pins it globally or under its owner', () => {
    const lock = {
      packages: {
        '': { dependencies: { a: '^1.0.0' } },
        'node_modules/a': { dependencies: { chardet: 'latest', b: '^2' } },
        'node_modules/c/node_modules/d': { peerDependencies: { e: 'next' } },
      },
    };
    expect(unpinnedDistTags(lock, {})).toEqual(['node_modules/a dependencies.chardet: "latest"', 'node_modules/c/node_modules/d peerDependencies.e: "next"']);
    expect(unpinnedDistTags(lock, { a: { chardet: '4.1.0' }, e: '1.0.0' })).toEqual([]);
    expect(unpinnedDistTags(lock, { a: { chardet: 'latest' }, d: { e: '$e' } })).toEqual(['node_modules/a dependencies.chardet: "latest"']);
  });
});
