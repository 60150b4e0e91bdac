/**
 * Where a project's root is when `settings.roots` is not set. ESLint's cwd is the root; typescript-eslint's
 * RuleTester (and a lint run started from `/`) passes the filesystem root, and listing the whole disk would make
 * the answer depend on whatever else the machine holds: the nearest directory above the file with a project file
 * is used instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'node:path';
import { clearProjects, projectFor } from '../../src/lang/project.js';
import { jsFrontEnd } from '../../src/lang/js/front-end.js';
import { fixture, repoRoot } from '../helpers/rule-tester.js';

const file = (cwd: string, filename: string) => ({ cwd, filename, sourceCode: { text: '', ast: {} } });
const fsRoot = parse(repoRoot).root;

afterEach(() => clearProjects());

describe('project root', () => {
  it('is the cwd when the cwd is a directory', () => {
    expect(projectFor(jsFrontEnd, file(repoRoot, fixture('unit/cjs/main.js'))).root).toBe(repoRoot);
  });

  it('with the filesystem root as cwd, is the nearest directory holding package.json', () => {
    expect(projectFor(jsFrontEnd, file(fsRoot, fixture('unit/cjs/main.js'))).root).toBe(fixture('unit/cjs'));
    expect(projectFor(jsFrontEnd, file(fsRoot, fixture('projects/shape-env-parse/src/main.js'))).root).toBe(fixture('projects/shape-env-parse'));
  });

  it('with the filesystem root as cwd, looks as far up as the first project file (here the repository’s own)', () => {
    // Neither fixtures/unit/no-such-dir nor fixtures/ holds a project file; the repository does.
    expect(projectFor(jsFrontEnd, file(fsRoot, fixture('unit/no-such-dir/x.js'))).root).toBe(repoRoot);
  });

  it('settings.roots, when set, wins', () => {
    const withRoots = { ...file(fsRoot, fixture('unit/cjs/main.js')), settings: { 'patch-order': { roots: [fixture('unit')] } } };
    expect(projectFor(jsFrontEnd, withRoots).root).toBe(fixture('unit'));
  });
});
