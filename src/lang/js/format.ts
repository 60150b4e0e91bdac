import { extname } from 'node:path';
import { nearestPackageJson, nearestTsconfig } from './package-root.js';

export interface FormatInfo {
  /** What the runtime evaluates: ES module or CommonJS. */
  format: 'esm' | 'cjs';
  /**
   * `hoisted`: static imports run before the body (ESM, and Babel/esbuild/swc output of ESM syntax).
   * `textual`: statements run in source order (CommonJS; TypeScript emitted to CommonJS by tsc).
   */
  order: 'hoisted' | 'textual';
  /** Node runs this file as ES module itself (.mjs, "type": "module"): require hooks cannot see its imports. */
  nativeEsm: boolean;
  isTypeScript: boolean;
  /** TypeScript drops imports whose bindings are used only as types. */
  elideUnusedImports: boolean;
  /**
   * Every import that is not `import type` is kept: `verbatimModuleSyntax`, or (TypeScript < 5.5)
   * `importsNotUsedAsValues: "preserve"` or `"error"`, which keep it as a side-effect import.
   */
  verbatimModuleSyntax: boolean;
  /**
   * TypeScript < 5.5 `preserveValueImports`: an import of a value is kept even when unused; without types the
   * plugin cannot tell a value from a type, so an unused import is neither a load nor a dropped activation.
   */
  preserveValueImports?: boolean;
  /** Why, for messages and docs. */
  reason: string;
}

export type Emitter = 'auto' | 'tsc' | 'babel' | 'esbuild' | 'swc';

const CJS_MODULES = new Set(['commonjs', 'umd', 'amd', 'system', 'none']);
const NODE_MODULES = new Set(['node16', 'node18', 'node20', 'nodenext']);

/**
 * Decide how a file is evaluated (DESIGN.md §3): extension, nearest package.json "type", tsconfig
 * `module` / `verbatimModuleSyntax`, and the configured emitter. When the emitter of TypeScript-to-
 * CommonJS is unknown, the order every emitter agrees on is textual-before: tsc keeps source order,
 * Babel and esbuild hoist, so only what is textually before a patch is loaded before it for all.
 */
export function formatOf(file: string, root: string, hasModuleSyntax: boolean, emitter: Emitter = 'auto'): FormatInfo {
  const ext = extname(file).toLowerCase();
  const isTypeScript = ['.ts', '.tsx', '.mts', '.cts'].includes(ext);
  const pkgType = nearestPackageJson(file, root)?.type;
  const ts = isTypeScript ? nearestTsconfig(file, root) : null;
  const keepsAll = ts?.importsNotUsedAsValues === 'preserve' || ts?.importsNotUsedAsValues === 'error';
  const verbatim = !!ts?.verbatimModuleSyntax || keepsAll;
  const base = {
    isTypeScript,
    elideUnusedImports: isTypeScript && !verbatim,
    verbatimModuleSyntax: verbatim,
    ...(ts?.preserveValueImports && !verbatim ? { preserveValueImports: true } : {}),
  };
  const esm = (nativeEsm: boolean, reason: string): FormatInfo => ({ ...base, format: 'esm', order: 'hoisted', nativeEsm, reason });
  const cjs = (reason: string): FormatInfo => {
    const hoists = hasModuleSyntax && (emitter === 'babel' || emitter === 'esbuild' || emitter === 'swc');
    return { ...base, format: 'cjs', order: hoists ? 'hoisted' : 'textual', nativeEsm: false, reason };
  };

  if (ext === '.mjs' || ext === '.mts') return esm(true, `${ext} files are ES modules`);
  if (ext === '.cjs' || ext === '.cts') return cjs(`${ext} files are CommonJS`);
  if (isTypeScript) {
    const mod = ts?.module;
    if (mod && CJS_MODULES.has(mod)) return cjs(`tsconfig "module": "${mod}" emits CommonJS`);
    if (mod && NODE_MODULES.has(mod)) {
      return pkgType === 'module'
        ? esm(true, `tsconfig "module": "${mod}" with package.json "type": "module"`)
        : cjs(`tsconfig "module": "${mod}" without "type": "module" emits CommonJS`);
    }
    if (mod) return esm(pkgType === 'module' && ts?.moduleResolution !== 'bundler', `tsconfig "module": "${mod}" emits ES modules`);
    if (pkgType === 'module') return esm(true, 'package.json "type": "module"');
    return hasModuleSyntax ? cjs('TypeScript without a tsconfig "module": emitter unknown') : cjs('CommonJS');
  }
  if (pkgType === 'module') return esm(true, 'package.json "type": "module"');
  if (hasModuleSyntax) {
    // import/export syntax in a CommonJS package: a compiler (Babel, a bundler) turns it into
    // something that evaluates the imports first.
    return { ...base, format: 'esm', order: 'hoisted', nativeEsm: false, reason: 'import/export syntax, compiled (hoisted)' };
  }
  return cjs('CommonJS');
}
