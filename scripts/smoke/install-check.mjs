// Install smoke for the packed plugin: `npm pack` the repo, unpack the tarball into a scratch project's
// node_modules exactly where `npm install` would put it, give it its dependencies by symlinking the
// repo's node_modules entries (offline: nothing is fetched), write a flat config that uses the
// package's configs, and run an ESLint CLI on a small fixture. Used by test/package.test.ts (ESLint 10
// from this repo) and by `npm run smoke` (ESLint 9 from the npm registry).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PACKAGE_NAME = 'eslint-plugin-patch-order';

/** Packs the repo at `root` into `dest`; returns the tarball path. */
export function packTarball(root, dest) {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dest], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_ignore_scripts: 'true' },
  });
  return path.join(dest, out.trim().split('\n').pop());
}

const FIXTURE_CJS = `'use strict';
const express = require('express');
require('dd-trace').init();

const app = express();
app.listen(3000);
`;

const FIXTURE_OK = `'use strict';
require('dd-trace').init();
const express = require('express');

express().listen(3000);
`;

const FIXTURE_PY = `import threading
from gevent import monkey
monkey.patch_all()

threading.Thread(target=print).start()
`;

/**
 * Builds the scratch project. `eslintDir` is the ESLint package to run (its bin/eslint.js). `only`, when given,
 * lists the top-level packages of the repo's node_modules the plugin gets (e.g. its runtime dependencies from
 * package-lock.json, to see that nothing else is needed); by default it gets all of them.
 * Returns { dir, run(args) → { status, stdout, stderr } , cleanup() }.
 */
export function makeScratchProject({ root, tarball, eslintDir, only }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patch-order-install-'));
  const nm = path.join(dir, 'node_modules');
  const target = path.join(nm, PACKAGE_NAME);
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1', '--no-same-owner']);
  // Dependencies: every top-level entry of the repo's node_modules except the plugin itself and eslint
  // (the ESLint under test is passed in explicitly).
  const repoNm = path.join(root, 'node_modules');
  const wanted = (name) => !only || only.includes(name);
  for (const entry of readdirSync(repoNm)) {
    if (entry === PACKAGE_NAME || entry === '.bin' || entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const sub of readdirSync(path.join(repoNm, entry))) {
        if (!wanted(`${entry}/${sub}`)) continue;
        mkdirSync(path.join(nm, entry), { recursive: true });
        symlinkSync(path.join(repoNm, entry, sub), path.join(nm, entry, sub), 'dir');
      }
    } else if (entry !== 'eslint' && wanted(entry)) {
      symlinkSync(path.join(repoNm, entry), path.join(nm, entry), 'dir');
    }
  }
  symlinkSync(eslintDir, path.join(nm, 'eslint'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }, null, 2));
  writeFileSync(
    path.join(dir, 'eslint.config.js'),
    `import patchOrder from '${PACKAGE_NAME}';

export default [
  patchOrder.configs.all,
  ...(patchOrder.configs.python ? [patchOrder.configs.python] : []),
];
`,
  );
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'server.cjs'), FIXTURE_CJS);
  writeFileSync(path.join(dir, 'src', 'server-ok.cjs'), FIXTURE_OK);
  writeFileSync(path.join(dir, 'src', 'app.py'), FIXTURE_PY);
  const bin = path.join(eslintDir, 'bin', 'eslint.js');
  return {
    dir,
    run(args) {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the whole check; returns { ok, eslintVersion, lines: string[] } describing what was seen.
 * Expectations: the CLI loads the package (exit 0 or 1, never 2), no file has a fatal error, the correct
 * twin has no problem, and when the rules exist the fixture's known problems are reported.
 */
export function installCheck({ root, eslintDir, keep = false }) {
  const lines = [];
  const packDir = mkdtempSync(path.join(os.tmpdir(), 'patch-order-pack-'));
  let project;
  try {
    const tarball = packTarball(root, packDir);
    project = makeScratchProject({ root, tarball, eslintDir });
    const eslintVersion = JSON.parse(readFileSync(path.join(eslintDir, 'package.json'), 'utf8')).version;
    const r = project.run(['--format', 'json', '.']);
    lines.push(`eslint ${eslintVersion}: exit ${r.status}`);
    let results;
    try {
      results = JSON.parse(r.stdout);
    } catch {
      lines.push(`output is not JSON: ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 600)}`);
      return { ok: false, eslintVersion, lines };
    }
    const plugin = JSON.parse(readFileSync(path.join(project.dir, 'node_modules', PACKAGE_NAME, 'package.json'), 'utf8'));
    let ok = r.status === 0 || r.status === 1;
    const byFile = Object.fromEntries(results.map((x) => [path.relative(project.dir, x.filePath).split(path.sep).join('/'), x.messages]));
    for (const [file, messages] of Object.entries(byFile)) {
      const fatal = messages.filter((m) => m.fatal);
      if (fatal.length) {
        ok = false;
        lines.push(`${file}: fatal ${fatal[0].message}`);
      }
      lines.push(`${file}: ${messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`).join(', ') || 'clean'}`);
    }
    if ((byFile['src/server-ok.cjs'] ?? []).length) ok = false;
    const ruleFile = path.join(project.dir, 'node_modules', PACKAGE_NAME, 'dist', 'rules', 'no-import-before-patch.js');
    if (existsSync(ruleFile) && !(byFile['src/server.cjs'] ?? []).some((m) => m.ruleId === 'patch-order/no-import-before-patch')) {
      ok = false;
      lines.push('src/server.cjs: expected patch-order/no-import-before-patch');
    }
    lines.push(`package ${plugin.name}@${plugin.version} from ${path.basename(tarball)}`);
    return { ok, eslintVersion, lines, results: byFile };
  } finally {
    if (!keep) project?.cleanup();
    rmSync(packDir, { recursive: true, force: true });
  }
}

/** Installs an exact ESLint version from the npm registry under `prefixDir` (for ESLint 9 checks). */
export function installEslint(prefixDir, version) {
  const dir = path.join(prefixDir, 'node_modules', 'eslint');
  const pkg = path.join(dir, 'package.json');
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === version) return dir;
  mkdirSync(prefixDir, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', prefixDir, `eslint@${version}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return dir;
}
