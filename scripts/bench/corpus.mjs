// Corpus preparation shared by the bench and the smoke run: pinned npm packages unpacked with
// `npm pack` + tar (no dependencies, no install scripts, no node_modules in the path, so ESLint's
// default ignores do not hide them), this machine's CPython stdlib, and Debian Python packages
// unpacked with `apt-get download` + `dpkg-deb -x` (nothing is installed system-wide).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

/** `spec` is `name@exact-version`; returns the unpacked package directory (…/<name>-<version>). */
export function fetchNpmPackage(destRoot, spec) {
  const at = spec.lastIndexOf('@');
  const name = spec.slice(0, at);
  const version = spec.slice(at + 1);
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`pin an exact version: ${spec}`);
  const dir = path.join(destRoot, `${name.replace('/', '__')}-${version}`);
  const done = path.join(dir, '.unpacked');
  if (existsSync(done)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`fetching ${spec} …`);
  const out = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tgz = out.trim().split('\n').pop();
  execFileSync('tar', ['xzf', path.join(dir, tgz), '-C', dir, '--strip-components=1', '--no-same-owner']);
  rmSync(path.join(dir, tgz), { force: true });
  writeFileSync(done, spec);
  return dir;
}

/** The directory of this machine's CPython standard library, or null. */
export function pythonStdlib() {
  const r = spawnSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' });
  const dir = r.status === 0 ? r.stdout.trim() : '';
  return dir && existsSync(dir) ? dir : null;
}

let aptUpdated = false;

/**
 * Downloads and unpacks a Debian package (without installing it) into destRoot/<pkg>/.
 * Returns the unpack root, or null with a printed note when apt is unavailable or the download fails.
 */
export function fetchDebianPackage(destRoot, pkg) {
  const dir = path.join(destRoot, pkg);
  const done = path.join(dir, '.unpacked');
  if (existsSync(done)) return dir;
  const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (!has('apt-get') || !has('dpkg-deb')) {
    log(`note: apt-get/dpkg-deb not available; skipping Debian package ${pkg}`);
    return null;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const download = () => spawnSync('apt-get', ['download', pkg], { cwd: dir, encoding: 'utf8' });
  let r = download();
  if (r.status !== 0 && !aptUpdated) {
    log('running apt-get update once …');
    aptUpdated = true;
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    r = download();
  }
  const deb = r.status === 0 ? readdirSync(dir).find((f) => f.endsWith('.deb')) : undefined;
  if (!deb) {
    log(`note: could not download Debian package ${pkg} (${(r.stderr || '').trim().split('\n').pop()}); skipping it`);
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const x = spawnSync('dpkg-deb', ['-x', deb, 'root'], { cwd: dir, encoding: 'utf8' });
  rmSync(path.join(dir, deb), { force: true });
  if (x.status !== 0) {
    log(`note: dpkg-deb -x failed for ${pkg}; skipping it`);
    return null;
  }
  writeFileSync(done, pkg);
  return dir;
}

/** Recursively lists files under `dir` whose name matches `re`, skipping directories matched by `skipDir`. */
export function listFiles(dir, re, skipDir = /^(node_modules|\.git|__pycache__)$/) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!skipDir.test(e.name)) walk(p);
      } else if (e.isFile() && re.test(e.name)) out.push(p);
    }
  };
  if (existsSync(dir) && statSync(dir).isDirectory()) walk(dir);
  return out;
}

export const JS_FILE_RE = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;
export const PY_FILE_RE = /\.py$/;
