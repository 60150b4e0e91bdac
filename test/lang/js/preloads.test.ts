import { describe, expect, it } from 'vitest';
import { preloadsInCommand, preloadsFor } from '../../../src/lang/js/preloads.js';
import { preloadedPatchers } from '../../../src/checks/no-import-before-patch/js/preloaded-patchers.js';
import { buildCatalog } from '../../../src/lang/js/patches.js';
import { fixture } from '../../helpers/rule-tester.js';

describe('preload flags in commands', () => {
  it.each([
    ['node -r dd-trace/init dist/main.js', ['dd-trace/init']],
    ['node --require=newrelic app.js', ['newrelic']],
    ['node --import ./instrument.mjs --enable-source-maps main.js', ['./instrument.mjs']],
    ['node --loader ts-node/esm src/main.ts', ['ts-node/esm']],
    ['node --experimental-loader=@opentelemetry/instrumentation/hook.mjs --import ./otel.mjs app.mjs', ['@opentelemetry/instrumentation/hook.mjs', './otel.mjs']],
    ['NODE_OPTIONS="--require dotenv/config" node main.js', ['dotenv/config']],
    ["NODE_OPTIONS='--import @sentry/node/preload' node main.js", ['@sentry/node/preload']],
    ['cross-env NODE_OPTIONS=--require=elastic-apm-node/start node app.js', ['elastic-apm-node/start']],
    ['tsx --import ./instrument.ts src/index.ts', ['./instrument.ts']],
    // Not preloads: a flag value that only looks alike, a script name.
    ['node scripts/require-check.js', []],
    ['eslint --rule no-console:off', []],
  ])('%s', (command, expected) => {
    expect(preloadsInCommand(command)).toEqual(expected);
  });
});

describe('preloads of a project', () => {
  it('reads package.json scripts and settings; maps packages to patcher ids', () => {
    const file = fixture('unit/cjs-preload/main.js');
    const preloads = preloadsFor(file, fixture(), ['@sentry/node/preload']);
    expect(preloads.map((p) => [p.specifier, p.source])).toEqual([
      ['dd-trace/init', 'package.json scripts.start'],
      ['dotenv/config', 'package.json scripts.dev'],
      ['@sentry/node/preload', 'settings["patch-order"].preloaded'],
    ]);
    const ids = preloadedPatchers(preloads, buildCatalog(), () => null);
    expect([...ids].sort()).toEqual(['@sentry/node', 'dd-trace', 'dotenv']);
  });
});
