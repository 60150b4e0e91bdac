'use strict';
// The package's `require` export condition (copied to dist/src/ by scripts/build-assets.mjs). The plugin is an
// ES module with a top-level await (the Python grammar loads before any file is parsed), which require() cannot
// load even where Node supports require(esm); this says what to do instead. The error code is Node's own for
// this case, so loaders that fall back to import() on it still work.
const error = new Error(
  "eslint-plugin-patch-order is an ES module and cannot be loaded with require(). " +
    'Name your ESLint config eslint.config.mjs (or set "type": "module" in package.json) ' +
    "and load the plugin with: import patchOrder from 'eslint-plugin-patch-order';",
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
