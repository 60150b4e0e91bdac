/**
 * The entry of no-spawn-before-fork's analysis: one check per language, each returning findings for the file
 * being linted (the rule picks the check with `languageOf` and reports through `reportFindings`).
 */
import { checkJsFile } from './js/check.js';
import { checkPythonFile } from './python/check.js';

export { spawnForkMessages, type SpawnForkMessageId } from './messages.js';
export type { SpawnForkOptions } from './options.js';

/** The check for each front end (an object, so a test can make one throw). */
export const spawnForkChecks = {
  js: checkJsFile,
  python: checkPythonFile,
};
