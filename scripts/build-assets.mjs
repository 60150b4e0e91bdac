// Second step of `npm run build` (after tsc): puts into dist/ what the compiler does not emit.
//
// - dist/grammar/tree-sitter-python.wasm and dist/grammar/tree-sitter-python.LICENSE: the Python grammar the
//   plugin loads (src/lang/python/parse.ts), with its licence. tree-sitter-python is only a devDependency: as a
//   dependency, its install script (node-gyp-build, for a native addon the plugin never loads) would run on
//   every install of the plugin.
// - dist/src/require.cjs (from src/require.cjs): the `require` export condition, an error that tells a
//   CommonJS config how to load this ES module.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const require = createRequire(path.join(ROOT, 'package.json'));

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const wanted = pkg.devDependencies?.['tree-sitter-python'];
const grammarPkgPath = require.resolve('tree-sitter-python/package.json');
const grammarDir = path.dirname(grammarPkgPath);
const installed = JSON.parse(readFileSync(grammarPkgPath, 'utf8')).version;
if (installed !== wanted) {
  // src/lang/python/visitor-keys.ts is generated from one grammar version; shipping another would not match it.
  throw new Error(`tree-sitter-python ${installed} is installed, package.json pins ${wanted}: run npm ci`);
}

mkdirSync(path.join(DIST, 'grammar'), { recursive: true });
copyFileSync(path.join(grammarDir, 'tree-sitter-python.wasm'), path.join(DIST, 'grammar', 'tree-sitter-python.wasm'));
copyFileSync(path.join(grammarDir, 'LICENSE'), path.join(DIST, 'grammar', 'tree-sitter-python.LICENSE'));

mkdirSync(path.join(DIST, 'src'), { recursive: true });
copyFileSync(path.join(ROOT, 'src', 'require.cjs'), path.join(DIST, 'src', 'require.cjs'));
