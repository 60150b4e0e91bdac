import type { PackageLoads, PatcherEntry } from './types.js';

/*
 * JavaScript/TypeScript patchers and what they must see first. Facts and quotes behind each entry
 * are in docs/catalog.md (sources: the vendors' own load-order docs). Target lists name what the
 * agent instruments; an agent's contract "load me before any other module" is narrowed to those
 * targets so that `import path from 'node:path'` above the agent is not reported.
 */

const HTTP = ['http', 'https', 'http2', 'undici'];
const NET = ['net', 'dns', 'tls'];
const WEB = ['express', 'koa', 'fastify', '@hapi/hapi', 'restify', 'connect', '@nestjs/core', 'graphql', 'hono', 'next'];
const DATA = [
  'pg', 'pg-pool', 'mysql', 'mysql2', 'mongodb', 'mongoose', 'redis', 'ioredis', '@elastic/elasticsearch',
  'knex', 'sequelize', 'typeorm', '@prisma/client', 'tedious', 'oracledb', 'cassandra-driver', 'memcached',
  'amqplib', 'kafkajs', '@grpc/grpc-js', 'aws-sdk', '@aws-sdk/client-s3', '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-sqs', '@aws-sdk/client-lambda',
];
const LOGGERS = ['pino', 'winston', 'bunyan'];
const APM_TARGETS = [...HTTP, ...NET, ...WEB, ...DATA, ...LOGGERS];

const apmSymptom = 'it is never instrumented: no spans or errors from it, and no warning at start-up';

export const jsPatchers: PatcherEntry[] = [
  {
    id: 'dd-trace', language: 'js', title: 'Datadog APM (dd-trace)', family: 'instrument-first',
    activations: [
      { kind: 'call', module: 'dd-trace', call: 'init' },
      { kind: 'side-effect', module: 'dd-trace/init' },
      { kind: 'side-effect', module: 'dd-trace/initialize.mjs' },
    ],
    targets: APM_TARGETS, esmNeedsPreload: true,
    preloads: ['dd-trace/init', 'dd-trace/initialize.mjs', 'dd-trace/register.js'],
    esmStart: '--import dd-trace/initialize.mjs',
    symptom: apmSymptom,
    // With DD_TRACE_DEBUG=true dd-trace logs "Package '…' was loaded before dd-trace" (docs/catalog.md).
    source: 'docs.datadoghq.com/tracing/trace_collection/dd_libraries/nodejs',
  },
  {
    id: 'newrelic', language: 'js', title: 'New Relic Node.js agent', family: 'instrument-first',
    activations: [{ kind: 'side-effect', module: 'newrelic' }],
    targets: APM_TARGETS, esmNeedsPreload: true, preloads: ['newrelic', 'newrelic/esm-loader.mjs'],
    esmStart: '--import newrelic/esm-loader.mjs -r newrelic',
    symptom: apmSymptom, source: 'newrelic npm README ("load the newrelic module before any other module")',
  },
  {
    id: 'elastic-apm-node', language: 'js', title: 'Elastic APM Node.js agent', family: 'instrument-first',
    activations: [
      { kind: 'call', module: 'elastic-apm-node', call: 'start' },
      { kind: 'side-effect', module: 'elastic-apm-node/start' },
    ],
    targets: APM_TARGETS, esmNeedsPreload: true,
    preloads: ['elastic-apm-node/start', 'elastic-apm-node/start.js', 'elastic-apm-node/loader.mjs'],
    esmStart: '--experimental-loader=elastic-apm-node/loader.mjs -r elastic-apm-node/start.js',
    symptom: apmSymptom, source: 'elastic.co/docs/reference/apm/agents/nodejs/starting-agent',
  },
  {
    id: '@opentelemetry/sdk-node', language: 'js', title: 'OpenTelemetry NodeSDK', family: 'instrument-first',
    activations: [{ kind: 'call', module: '@opentelemetry/sdk-node', call: 'new NodeSDK().start' }],
    targets: APM_TARGETS, esmNeedsPreload: true,
    preloads: ['@opentelemetry/auto-instrumentations-node/register', '@opentelemetry/instrumentation/hook.mjs'],
    esmStart: '--experimental-loader=@opentelemetry/instrumentation/hook.mjs --import <init file>',
    symptom: apmSymptom,
    source: 'open-telemetry/opentelemetry-js doc/esm-support.md',
  },
  {
    id: '@opentelemetry/instrumentation', language: 'js', title: 'OpenTelemetry registerInstrumentations', family: 'instrument-first',
    activations: [{ kind: 'call', module: '@opentelemetry/instrumentation', call: 'registerInstrumentations' }],
    targets: APM_TARGETS, esmNeedsPreload: true,
    symptom: apmSymptom,
    source: 'opentelemetry-js instrumentation.ts _warnOnPreloadedModules',
  },
  {
    id: '@opentelemetry/auto-instrumentations-node', language: 'js', title: 'OpenTelemetry zero-code register', family: 'instrument-first',
    activations: [{ kind: 'side-effect', module: '@opentelemetry/auto-instrumentations-node/register' }],
    targets: APM_TARGETS, esmNeedsPreload: true,
    preloads: ['@opentelemetry/auto-instrumentations-node/register'],
    symptom: apmSymptom, source: 'opentelemetry.io zero-code Node.js docs',
  },
  ...['@sentry/node', '@sentry/nestjs', '@sentry/aws-serverless', '@sentry/google-cloud-serverless'].map(
    (pkg): PatcherEntry => ({
      id: pkg, language: 'js', title: `Sentry (${pkg})`, family: 'instrument-first',
      activations: [{ kind: 'call', module: pkg, call: 'init' }],
      targets: [...HTTP, ...WEB, ...DATA], esmNeedsPreload: true, preloads: [`${pkg}/preload`],
      esmStart: '--import <init file>',
      symptom: 'it is not instrumented (Sentry logs "[Sentry] express is not instrumented")',
      source: 'docs.sentry.io/platforms/javascript/guides/node/install',
    }),
  ),
  {
    id: 'applicationinsights', language: 'js', title: 'Azure Application Insights', family: 'instrument-first',
    activations: [{ kind: 'call', module: 'applicationinsights', call: 'setup().start' }],
    targets: [...HTTP, 'mongodb', 'mysql', 'redis', 'pg', 'pg-pool', ...LOGGERS, 'console'],
    symptom: 'its dependencies and logs are not collected',
    source: 'microsoft/ApplicationInsights-node.js README',
  },
  {
    id: '@google-cloud/trace-agent', language: 'js', title: 'Google Cloud Trace agent', family: 'instrument-first',
    activations: [{ kind: 'call', module: '@google-cloud/trace-agent', call: 'start' }],
    targets: [...HTTP, 'express', 'koa', '@hapi/hapi', 'restify', '@grpc/grpc-js', 'pg', 'mysql', 'mysql2', 'mongodb', 'redis', 'ioredis', 'knex'],
    symptom: 'it is not traced (the agent warns "Tracing might not work as the following modules were loaded before the trace agent was initialized")',
  },
  {
    id: '@instana/collector', language: 'js', title: 'IBM Instana collector', family: 'instrument-first',
    activations: [{ kind: 'call', module: '@instana/collector', call: '' }],
    targets: APM_TARGETS, esmNeedsPreload: true, preloads: ['@instana/collector/src/immediate', '@instana/collector/esm-register.mjs'],
    esmStart: '--import @instana/collector/esm-register.mjs',
    symptom: 'it is not traced (the Instana docs call this "TOO LATE!")',
  },
  {
    id: 'appdynamics', language: 'js', title: 'Splunk AppDynamics agent', family: 'instrument-first',
    activations: [{ kind: 'call', module: 'appdynamics', call: 'profile' }],
    targets: APM_TARGETS, esmNeedsPreload: true,
    symptom: 'its business transactions and exit calls are missing',
  },
  {
    id: '@splunk/otel', language: 'js', title: 'Splunk OpenTelemetry distribution', family: 'instrument-first',
    activations: [
      { kind: 'call', module: '@splunk/otel', call: 'start' },
      { kind: 'side-effect', module: '@splunk/otel/instrument' },
    ],
    targets: APM_TARGETS, esmNeedsPreload: true, preloads: ['@splunk/otel/instrument'], symptom: apmSymptom,
  },
  {
    id: 'solarwinds-apm', language: 'js', title: 'SolarWinds APM', family: 'instrument-first',
    activations: [{ kind: 'side-effect', module: 'solarwinds-apm' }],
    targets: APM_TARGETS, esmNeedsPreload: true, preloads: ['solarwinds-apm'], symptom: apmSymptom,
  },
  {
    id: 'reflect-metadata', language: 'js', title: 'reflect-metadata polyfill', family: 'polyfill-first',
    activations: [
      { kind: 'side-effect', module: 'reflect-metadata' },
      { kind: 'side-effect', module: 'reflect-metadata/lite' },
    ],
    // typeorm and @nestjs/* import reflect-metadata themselves, so they are not targets.
    targets: ['tsyringe', 'inversify', 'typedi', 'class-transformer', 'type-graphql', 'routing-controllers'],
    symptom: 'its decorators find no metadata ("TypeError: Reflect.getMetadata is not a function", or tsyringe\'s "tsyringe requires a reflect polyfill")',
    source: 'typestack/class-transformer#267 ("must be the first line of the file you start")',
  },
  {
    id: 'promise-polyfill', language: 'js', title: 'Promise polyfills (core-js, es6-promise) before zone.js', family: 'polyfill-first',
    activations: [
      'core-js', 'core-js/stable', 'core-js/actual', 'core-js/full', 'core-js/es/promise', 'core-js/stable/promise',
      'core-js/features/promise', 'es6-promise/auto', 'promise-polyfill/src/polyfill',
    ].map((module) => ({ kind: 'side-effect' as const, module })),
    targets: ['zone.js'],
    symptom: 'the polyfill replaces the Promise zone.js patched ("Zone.js has detected that ZoneAwarePromise `(window|global).Promise` has been overwritten")',
    source: 'angular/zone.js assertZonePatched',
  },
  {
    id: 'source-map-support', language: 'js', title: 'source-map-support', family: 'polyfill-first',
    activations: [
      { kind: 'side-effect', module: 'source-map-support/register' },
      { kind: 'call', module: 'source-map-support', call: 'install' },
    ],
    // It patches Error.prepareStackTrace when called; stacks built later are mapped whatever loaded
    // first, so it has no load-order target. Listed so it counts as a patcher (preloads, fixes).
    targets: [], symptom: 'stack traces point into compiled output',
  },
  {
    id: 'module-alias', language: 'js', title: 'module-alias', family: 'polyfill-first',
    activations: [
      { kind: 'side-effect', module: 'module-alias/register' },
      { kind: 'call', module: 'module-alias', call: '' },
      { kind: 'call', module: 'module-alias', call: 'addAliases' },
    ],
    targets: ['<local>'], preloads: ['module-alias/register'],
    symptom: 'its alias imports fail with "Cannot find module \'@alias/…\'"',
  },
  {
    id: 'tsconfig-paths', language: 'js', title: 'tsconfig-paths', family: 'polyfill-first',
    activations: [
      { kind: 'side-effect', module: 'tsconfig-paths/register' },
      { kind: 'call', module: 'tsconfig-paths', call: 'register' },
    ],
    targets: ['<local>'], preloads: ['tsconfig-paths/register'],
    symptom: 'its path-alias imports fail with "Cannot find module"',
  },
  {
    id: 'ts-node', language: 'js', title: 'ts-node require hook', family: 'polyfill-first',
    activations: [
      { kind: 'side-effect', module: 'ts-node/register' },
      { kind: 'side-effect', module: 'ts-node/register/transpile-only' },
      { kind: 'call', module: 'ts-node', call: 'register' },
    ],
    targets: ['<local>'], preloads: ['ts-node/register', 'ts-node/register/transpile-only', 'ts-node/esm'],
    symptom: 'its TypeScript is not compiled (SyntaxError or ERR_UNKNOWN_FILE_EXTENSION)',
  },
  {
    id: '@babel/register', language: 'js', title: '@babel/register require hook', family: 'polyfill-first',
    activations: [
      { kind: 'side-effect', module: '@babel/register' },
      { kind: 'call', module: '@babel/register', call: '' },
    ],
    targets: ['<local>'], preloads: ['@babel/register'],
    symptom: 'it is not compiled by Babel (SyntaxError on JSX or ESM syntax)',
  },
  {
    id: 'global-agent', language: 'js', title: 'global-agent proxy bootstrap', family: 'polyfill-first',
    activations: [
      { kind: 'side-effect', module: 'global-agent/bootstrap' },
      { kind: 'call', module: 'global-agent', call: 'bootstrap' },
    ],
    targets: ['http', 'https'], captureOnly: true, preloads: ['global-agent/bootstrap'],
    symptom: 'requests through that copy bypass the proxy',
  },
  {
    id: 'dotenv', language: 'js', title: 'dotenv', family: 'env-first',
    activations: [
      { kind: 'side-effect', module: 'dotenv/config' },
      { kind: 'call', module: 'dotenv', call: 'config' },
      { kind: 'side-effect', module: '@dotenvx/dotenvx/config' },
      { kind: 'call', module: '@dotenvx/dotenvx', call: 'config' },
    ],
    targets: ['process.env'], preloads: ['dotenv/config', '@dotenvx/dotenvx/config'],
    symptom: 'its module-level reads of process.env see undefined',
    source: 'motdotla/dotenv README ("How do I use dotenv with import?")',
  },
  {
    id: 'jest.unstable_mockModule', language: 'js', title: 'Jest ESM module mock', family: 'mock-before-import',
    activations: [{ kind: 'mock', callee: 'jest.unstable_mockModule' }],
    targets: ['<mocked>'],
    symptom: 'the test runs against the real module',
    source: 'jestjs.io/docs/ecmascript-modules',
  },
  {
    id: 'node:test mock.module', language: 'js', title: 'node:test mock.module()', family: 'mock-before-import',
    activations: [
      { kind: 'mock', callee: 'mock.module' },
      { kind: 'mock', callee: 't.mock.module' },
      { kind: 'mock', callee: 'context.mock.module' },
    ],
    targets: ['<mocked>'],
    symptom: 'the test keeps the real module ("mock.module() does not change references that were imported before the mock was created")',
  },
  {
    id: 'sinon.stub', language: 'js', title: 'sinon stubs of module exports', family: 'mock-before-import',
    activations: [
      { kind: 'mock', callee: 'sinon.stub' },
      { kind: 'mock', callee: 'sinon.replace' },
      { kind: 'mock', callee: 'sinon.spy' },
    ],
    targets: ['<mocked>'], captureOnly: true,
    symptom: 'the copy keeps calling the real function',
    source: 'sinon docs: "the stubbed method cannot be destructured"',
  },
  {
    id: 'nock', language: 'js', title: 'nock HTTP mocking', family: 'mock-before-import',
    activations: [
      { kind: 'call', module: 'nock', call: '' },
      { kind: 'call', module: 'nock', call: 'activate' },
    ],
    targets: ['http', 'https'], captureOnly: true,
    symptom: 'requests through the copy reach the real network',
  },
];

/**
 * Packages that load patch targets when they load. Used to report `import knex` before the agent
 * when pg is what the agent wraps, without reading node_modules.
 */
export const jsPackageLoads: PackageLoads = {
  knex: ['pg', 'mysql2', 'sqlite3'],
  sequelize: ['pg', 'mysql2'],
  typeorm: ['reflect-metadata'],
  '@nestjs/common': ['reflect-metadata'],
  axios: ['http', 'https', 'follow-redirects'],
  got: ['http', 'https', 'http2'],
  'node-fetch': ['http', 'https'],
  superagent: ['http', 'https'],
  express: ['http'],
  koa: ['http'],
  fastify: ['http', 'pino'],
  '@nestjs/core': ['@nestjs/common'],
  '@nestjs/platform-express': ['express', 'http'],
  'socket.io': ['http'],
  bullmq: ['ioredis'],
  bull: ['ioredis'],
  'connect-redis': ['redis'],
  '@apollo/server': ['graphql', 'express'],
  'apollo-server-express': ['graphql', 'express'],
  mongoose: ['mongodb'],
  'pg-promise': ['pg'],
  'mysql2/promise': ['mysql2'],
  'aws-sdk': ['http', 'https'],
};
