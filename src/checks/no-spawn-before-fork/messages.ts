/** Every message of no-spawn-before-fork: the JavaScript / TypeScript ones (with the shared `runsInEveryProcess`) and the Python ones. */
import { jsSpawnForkMessages, type JsSpawnForkMessageId } from './js/messages.js';
import { pythonMessages, type PyMessageId } from './python/messages.js';

export const spawnForkMessages = { ...jsSpawnForkMessages, ...pythonMessages } as const;

export type SpawnForkMessageId = JsSpawnForkMessageId | PyMessageId;
