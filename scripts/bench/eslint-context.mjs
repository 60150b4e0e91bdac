// A diagnostic for `npm run bench -- --eslint-context-fix`: what ESLint costs for running any rule at all, apart from
// what the rules themselves cost.
//
// ESLint (10.x) makes each rule's context with `fileContext.extend(…)`, which is `Object.create(fileContext)`: a
// fresh prototype per linted file. Measured on Novu's 1,762 server files with any one rule on (a core rule such as
// no-debugger alike): 575 MiB promoted to the old generation instead of 323, and 450–600 ms more collection; with the
// replacement below, a rule that does nothing costs what parse-only costs. The likely mechanism: V8 gives objects made
// from a new prototype a new hidden class (map); maps live in the old generation and point at their prototype, here
// the file context, which points at the file's SourceCode (AST, tokens, scopes). A young-generation collection treats
// what old objects point at as alive, so each file's SourceCode outlives the scavenges and is copied into the old
// generation, to be freed only by a full collection.
//
// The replacement below gives each rule context its own copy of the file context's fields instead (same values,
// same frozen object, no per-file prototype). Only the bench's child processes use it, and only when asked; users'
// runs pay ESLint's cost, and the budget verdict is for the unchanged ESLint.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** ESLint's internal file-context module, found beside its public entry (deep imports are closed by its exports map). */
function fileContextModule() {
  const api = fileURLToPath(import.meta.resolve('eslint'));
  return path.join(path.dirname(api), 'linter', 'file-context.js');
}

/**
 * Replaces `FileContext.prototype.extend` for this process. Returns a function that puts the original back, or
 * throws naming what is missing when this ESLint has no such method (the diagnostic then does not apply).
 */
export function keepRuleContextsOwn() {
  const file = fileContextModule();
  let FileContext;
  try {
    ({ FileContext } = require(file));
  } catch (error) {
    throw new Error(`--eslint-context-fix: this ESLint has no ${path.basename(file)} (${error.code ?? error.message})`);
  }
  const original = FileContext?.prototype?.extend;
  if (typeof original !== 'function') throw new Error('--eslint-context-fix: this ESLint has no FileContext.prototype.extend');
  FileContext.prototype.extend = function extend(extension) {
    const own = Object.create(FileContext.prototype);
    return Object.freeze(Object.assign(own, this, extension));
  };
  return () => {
    FileContext.prototype.extend = original;
  };
}
