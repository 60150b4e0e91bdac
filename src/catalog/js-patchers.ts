import type { PackageLoads, PatcherEntry } from './types.js';

/*
 * JavaScript/TypeScript patchers and what they must see first. Facts and quotes behind each entry
 * are in docs/catalog.md (sources: the vendors' own load-order docs). Target lists name what the
 * agent instruments; an agent's contract "load me before any other module" is narrowed to those
 * targets so that `import path from 'node:path'` above the agent is not reported.
 */

/*
 * Each agent's targets come from the vendor's own list of what it instruments (the page is the entry's
 * `source`; docs/catalog.md shows the full lists). A library an agent does not instrument is not a target of it:
 * Sentry has no sequelize integration, New Relic none for sequelize or typeorm.
 * Left out everywhere: instrumentations that only subscribe to diagnostics_channel (undici and global fetch in
 * OpenTelemetry, Sentry, New Relic and Elastic APM), which see requests made by a module loaded earlier too, and
 * Prisma's tracing (a global flag the client reads per query).
 */

/** `@aws-sdk/*` v3 clients load `@smithy/smithy-client`, which the agents hook; the clients are named for projects without node_modules. */
const AWS_V3 = ['@smithy/smithy-client', '@aws-sdk/smithy-client', '@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs', '@aws-sdk/client-sns', '@aws-sdk/client-lambda'];

/** Exports the agents replace on the module object (the HTTP client entry points); everything else they patch on prototypes or inside. */
const HTTP_CLIENT_REPLACED = { http: ['request', 'get'], https: ['request', 'get'] };

/**
 * Core modules the require-in-the-middle based agents (OpenTelemetry and Sentry, dd-trace, Elastic, Splunk) and
 * New Relic (core modules at start-up) wrap in place: loading them first is fine, copying `request` out is not.
 */
const CORE_TARGETS = ['http', 'https', 'http2', 'net', 'dns'];

/** dd-trace 5.x: docs.datadoghq.com compatibility page and the plugin table of dd-trace-js (packages/dd-trace/src/plugins/index.js). */
const DD_TRACE_TARGETS = [
  'http', 'https', 'http2', 'net', 'dns', 'undici',
  'express', 'connect', 'fastify', 'find-my-way', 'graphql', '@apollo/gateway', '@grpc/grpc-js', '@hapi/hapi', 'hapi',
  'hono', 'koa', '@koa/router', 'koa-router', 'microgateway-core', 'moleculer', 'next', 'restify', 'router', 'ws',
  'aerospike', 'cassandra-driver', 'couchbase', '@elastic/elasticsearch', 'elasticsearch', '@opensearch-project/opensearch',
  'ioredis', 'iovalkey', 'knex', 'mariadb', 'memcached', 'mongodb', 'mongodb-core', 'mongoose', 'mysql', 'mysql2',
  'oracledb', 'pg', '@prisma/client', 'redis', '@redis/client', 'sharedb', 'tedious',
  'amqp10', 'amqplib', '@google-cloud/pubsub', 'kafkajs', '@confluentinc/kafka-javascript', 'rhea', '@azure/service-bus',
  '@azure/event-hubs', 'aws-sdk', ...AWS_V3,
  'openai', '@anthropic-ai/sdk', 'ai', '@google/genai', '@google-cloud/vertexai', 'langchain', '@langchain/core',
  'bunyan', 'pino', 'winston',
];

/** dd-trace plugin names whose modules differ from the name (`tracer.use('http')` covers https too). */
const DD_TRACE_PLUGIN_TARGETS: Record<string, string[]> = {
  http: ['http', 'https'],
  'mongodb-core': ['mongodb', 'mongodb-core'],
  elasticsearch: ['@elastic/elasticsearch', 'elasticsearch'],
  grpc: ['@grpc/grpc-js'],
  hapi: ['@hapi/hapi', 'hapi'],
  koa: ['koa', '@koa/router', 'koa-router'],
  redis: ['redis', '@redis/client'],
  'aws-sdk': ['aws-sdk', ...AWS_V3],
};

/** New Relic agent 12.x: compatibility.md of newrelic/node-newrelic (the docs page's "Instrumented modules" table), plus core http/https. */
const NEWRELIC_TARGETS = [
  'http', 'https',
  'express', 'connect', 'fastify', '@hapi/hapi', 'koa', '@koa/router', 'koa-router', 'koa-route', 'next', 'restify',
  '@nestjs/core', '@apollo/server', '@apollo/gateway', 'apollo-server', 'apollo-server-express', '@grpc/grpc-js',
  '@elastic/elasticsearch', '@opensearch-project/opensearch', 'cassandra-driver', 'ioredis', 'memcached', 'mongodb',
  'mysql', 'mysql2', 'pg', 'pg-native', '@prisma/client', 'redis', '@redis/client',
  'amqplib', 'kafkajs', 'aws-sdk', ...AWS_V3, '@aws-sdk/lib-dynamodb', '@aws-sdk/client-bedrock-runtime',
  'openai', '@langchain/core', 'superagent', 'generic-pool', 'bluebird', 'q', 'when',
  'bunyan', 'pino', 'winston',
];

/** Elastic APM Node.js agent 4.x: elastic.co/docs/reference/apm/agents/nodejs/supported-technologies, plus core http/https/http2. */
const ELASTIC_TARGETS = [
  'http', 'https', 'http2',
  'express', 'fastify', '@hapi/hapi', 'koa-router', '@koa/router', 'next', 'restify', 'express-graphql',
  'apollo-server-express', '@apollo/server', 'graphql', 'handlebars', 'pug', 'ws',
  'aws-sdk', '@aws-sdk/client-s3', '@aws-sdk/client-sns', '@aws-sdk/client-sqs', '@aws-sdk/client-dynamodb',
  'cassandra-driver', 'elasticsearch', '@elastic/elasticsearch', 'ioredis', 'memcached', 'mongodb-core', 'mongodb',
  'mongojs', 'mongoose', 'mysql', 'mysql2', 'pg', 'redis', 'tedious', 'kafkajs', 'knex', 'bluebird', 'generic-pool',
  'express-queue',
];

/**
 * @opentelemetry/auto-instrumentations-node 0.5x–0.6x: the instrumentations it enables by default
 * (packages/auto-instrumentations-node/src/utils.ts; fs and host-metrics are off by default), by the modules they hook.
 */
const OTEL_TARGETS = [
  'http', 'https', 'net', 'dns',
  'express', 'connect', 'fastify', '@hapi/hapi', 'koa', '@koa/router', 'restify', 'router', '@nestjs/core', 'graphql',
  '@grpc/grpc-js', 'socket.io', 'dataloader',
  'amqplib', 'kafkajs', 'aws-sdk', ...AWS_V3, 'cassandra-driver', 'generic-pool', 'ioredis', 'knex', 'lru-memoizer',
  'memcached', 'mongodb', 'mongoose', 'mysql', 'mysql2', 'oracledb', 'pg', 'pg-pool', 'redis', '@redis/client', 'tedious',
  'openai', 'bunyan', 'pino', 'winston',
];

/**
 * Sentry SDK 8–10 (`@sentry/node`, OpenTelemetry-based) with tracing on: the integrations docs.sentry.io lists
 * as enabled by default "when performance monitoring is enabled" (getAutoPerformanceIntegrations in
 * packages/node). knex and dataloader are opt-in; there is no sequelize or typeorm integration.
 */
const SENTRY_TRACING_TARGETS = [
  'http', 'https',
  'express', 'connect', 'fastify', '@hapi/hapi', 'koa', '@koa/router', 'graphql',
  'amqplib', 'kafkajs', 'generic-pool', 'lru-memoizer', 'ioredis', 'redis', 'mongodb', 'mongoose', 'mysql', 'mysql2',
  'pg', 'tedious', 'openai', '@anthropic-ai/sdk', 'ai',
];

/**
 * Sentry without tracing: the default `httpIntegration` still wraps the `http` and `https` modules (breadcrumbs,
 * request isolation); the framework and database integrations are not installed.
 */
const SENTRY_DEFAULT_TARGETS = ['http', 'https'];

/**
 * Sentry enables tracing (and with it the performance integrations) when `tracesSampleRate` or `tracesSampler`
 * is set (SDK 8 also `enableTracing: true`). `SENTRY_TRACES_SAMPLE_RATE` in the environment does too; the
 * linter cannot see a deployment's environment, so write the option in the init call to have it checked.
 */
const SENTRY_TRACING_WHEN = (targets: string[]) => [
  { option: 'tracesSampleRate', present: true as const, targets },
  { option: 'tracesSampler', present: true as const, targets },
  { option: 'enableTracing', equals: true, targets },
];

/** IBM Instana Node.js collector 4.x: ibm.com/docs "Supported Node.js libraries and frameworks" (and its tracer list in @instana/core). */
const INSTANA_TARGETS = [
  'http', 'https', 'http2', 'superagent', 'node-fetch',
  'express', 'fastify', '@hapi/hapi', 'koa-router', 'graphql', '@apollo/server', '@apollo/subgraph', '@grpc/grpc-js',
  '@elastic/elasticsearch', 'ioredis', 'memcached', 'mongodb', 'mongoose', 'mssql', 'tedious', 'mysql', 'mysql2', 'pg',
  'pg-native', '@prisma/client', 'redis', 'couchbase', 'ibm_db',
  'amqplib', 'kafkajs', 'kafka-node', 'node-rdkafka', 'nats', 'node-nats-streaming', 'bull',
  'aws-sdk', ...AWS_V3, '@google-cloud/pubsub', '@google-cloud/storage', '@azure/storage-blob', 'bluebird',
  'bunyan', 'log4js', 'pino', 'winston',
];

/** Splunk OpenTelemetry JS: the OpenTelemetry instrumentations above plus its own sequelize, typeorm and elasticsearch ones (signalfx/splunk-otel-js README). */
const SPLUNK_TARGETS = [...OTEL_TARGETS, 'sequelize', 'typeorm', '@elastic/elasticsearch'];

/**
 * For agents whose list of supported libraries is not encoded here (AppDynamics, SolarWinds): the common web,
 * data and logging modules of the agents above.
 */
const GENERAL_APM_TARGETS = [
  'http', 'https', 'http2', 'net', 'dns',
  'express', 'koa', 'fastify', '@hapi/hapi', 'restify', 'connect', '@nestjs/core', 'graphql', 'next',
  'pg', 'pg-pool', 'mysql', 'mysql2', 'mongodb', 'mongoose', 'redis', 'ioredis', '@elastic/elasticsearch', 'knex',
  'tedious', 'oracledb', 'cassandra-driver', 'memcached', 'amqplib', 'kafkajs', '@grpc/grpc-js', 'aws-sdk', ...AWS_V3,
  'pino', 'winston', 'bunyan',
];

const apmSymptom = 'it is never instrumented: no spans or errors from it, and no warning at start-up';

export const jsPatchers: PatcherEntry[] = [
  {
    id: 'dd-trace', language: 'js', title: 'Datadog APM (dd-trace)', family: 'instrument-first',
    activations: [
      { kind: 'call', module: 'dd-trace', call: 'init' },
      { kind: 'side-effect', module: 'dd-trace/init' },
      { kind: 'side-effect', module: 'dd-trace/initialize.mjs' },
    ],
    targets: DD_TRACE_TARGETS, esmNeedsPreload: true,
    // `plugins: false` turns every integration off; `tracer.use(name)` turns one back on.
    targetsWhen: [{ option: 'plugins', equals: false, targets: [] }],
    enableCalls: { module: 'dd-trace', calls: ['use', 'init().use'], targets: DD_TRACE_PLUGIN_TARGETS },
    replacedExports: HTTP_CLIENT_REPLACED, copyOnlyTargets: CORE_TARGETS,
    preloads: ['dd-trace/init', 'dd-trace/initialize.mjs', 'dd-trace/register.js'],
    esmStart: '--import dd-trace/initialize.mjs',
    symptom: apmSymptom,
    // With DD_TRACE_DEBUG=true dd-trace logs "Package '…' was loaded before dd-trace" (docs/catalog.md).
    source: 'docs.datadoghq.com/tracing/trace_collection/compatibility/nodejs (dd-trace 5.x; plugin table in dd-trace-js packages/dd-trace/src/plugins/index.js); `plugins`: datadog.github.io/dd-trace-js',
  },
  {
    id: 'newrelic', language: 'js', title: 'New Relic Node.js agent', family: 'instrument-first',
    activations: [{ kind: 'side-effect', module: 'newrelic' }],
    targets: NEWRELIC_TARGETS, esmNeedsPreload: true, preloads: ['newrelic', 'newrelic/esm-loader.mjs'],
    replacedExports: HTTP_CLIENT_REPLACED, copyOnlyTargets: CORE_TARGETS,
    esmStart: '--import newrelic/esm-loader.mjs -r newrelic',
    symptom: apmSymptom,
    source: 'docs.newrelic.com/docs/apm/agents/nodejs-agent/getting-started/compatibility-requirements-nodejs-agent (agent 12.x; compatibility.md in newrelic/node-newrelic)',
  },
  {
    id: 'elastic-apm-node', language: 'js', title: 'Elastic APM Node.js agent', family: 'instrument-first',
    activations: [
      { kind: 'call', module: 'elastic-apm-node', call: 'start' },
      { kind: 'side-effect', module: 'elastic-apm-node/start' },
    ],
    targets: ELASTIC_TARGETS, esmNeedsPreload: true,
    // `active: false` starts nothing; `instrument: false` keeps the agent but patches no module.
    targetsWhen: [
      { option: 'active', equals: false, targets: [] },
      { option: 'instrument', equals: false, targets: [] },
    ],
    replacedExports: HTTP_CLIENT_REPLACED, copyOnlyTargets: CORE_TARGETS,
    preloads: ['elastic-apm-node/start', 'elastic-apm-node/start.js', 'elastic-apm-node/loader.mjs'],
    esmStart: '--experimental-loader=elastic-apm-node/loader.mjs -r elastic-apm-node/start.js',
    symptom: apmSymptom,
    source: 'elastic.co/docs/reference/apm/agents/nodejs/supported-technologies (agent 4.x); starting-agent; `active`, `instrument`: configuration',
  },
  {
    id: '@opentelemetry/sdk-node', language: 'js', title: 'OpenTelemetry NodeSDK', family: 'instrument-first',
    activations: [{ kind: 'call', module: '@opentelemetry/sdk-node', call: 'new NodeSDK().start' }],
    targets: OTEL_TARGETS, esmNeedsPreload: true, replacedExports: HTTP_CLIENT_REPLACED, copyOnlyTargets: CORE_TARGETS,
    preloads: ['@opentelemetry/auto-instrumentations-node/register', '@opentelemetry/instrumentation/hook.mjs'],
    esmStart: '--experimental-loader=@opentelemetry/instrumentation/hook.mjs --import <init file>',
    symptom: apmSymptom,
    source: 'open-telemetry/opentelemetry-js doc/esm-support.md; targets: opentelemetry-js-contrib packages/auto-instrumentations-node (0.5x–0.6x)',
  },
  {
    id: '@opentelemetry/instrumentation', language: 'js', title: 'OpenTelemetry registerInstrumentations', family: 'instrument-first',
    activations: [{ kind: 'call', module: '@opentelemetry/instrumentation', call: 'registerInstrumentations' }],
    targets: OTEL_TARGETS, esmNeedsPreload: true, replacedExports: HTTP_CLIENT_REPLACED, copyOnlyTargets: CORE_TARGETS,
    symptom: apmSymptom,
    source: 'opentelemetry-js instrumentation.ts _warnOnPreloadedModules; targets: opentelemetry-js-contrib packages/auto-instrumentations-node (0.5x–0.6x)',
  },
  {
    id: '@opentelemetry/auto-instrumentations-node', language: 'js', title: 'OpenTelemetry zero-code register', family: 'instrument-first',
    activations: [{ kind: 'side-effect', module: '@opentelemetry/auto-instrumentations-node/register' }],
    targets: OTEL_TARGETS, esmNeedsPreload: true, replacedExports: HTTP_CLIENT_REPLACED, copyOnlyTargets: CORE_TARGETS,
    preloads: ['@opentelemetry/auto-instrumentations-node/register'],
    symptom: apmSymptom, source: 'opentelemetry.io zero-code Node.js docs; opentelemetry-js-contrib packages/auto-instrumentations-node README, "Supported instrumentations" (0.5x–0.6x)',
  },
  ...['@sentry/node', '@sentry/nestjs', '@sentry/aws-serverless', '@sentry/google-cloud-serverless'].map(
    (pkg): PatcherEntry => {
      const tracing = pkg === '@sentry/nestjs' ? [...SENTRY_TRACING_TARGETS, '@nestjs/core'] : SENTRY_TRACING_TARGETS;
      return {
        id: pkg, language: 'js', title: `Sentry (${pkg})`, family: 'instrument-first',
        activations: [{ kind: 'call', module: pkg, call: 'init' }],
        targets: SENTRY_DEFAULT_TARGETS, targetsWhen: SENTRY_TRACING_WHEN(tracing),
        replacedExports: HTTP_CLIENT_REPLACED, copyOnlyTargets: CORE_TARGETS,
        esmNeedsPreload: true, preloads: [`${pkg}/preload`],
        esmStart: '--import <init file>',
        symptom: 'it is not instrumented (Sentry logs "[Sentry] express is not instrumented")',
        source: 'docs.sentry.io/platforms/javascript/guides/node/install (SDK 8–10); targets: docs.sentry.io/platforms/javascript/guides/node/configuration/integrations ("enabled by default when performance monitoring is enabled"; Http: "wraps the http and https modules")',
      };
    },
  ),
  {
    id: 'applicationinsights', language: 'js', title: 'Azure Application Insights', family: 'instrument-first',
    activations: [{ kind: 'call', module: 'applicationinsights', call: 'setup().start' }],
    targets: ['http', 'https', 'mongodb', 'mongodb-core', 'mysql', 'redis', 'pg', 'pg-pool', 'bunyan', 'winston', 'console'],
    replacedExports: HTTP_CLIENT_REPLACED,
    symptom: 'its dependencies and logs are not collected',
    source: 'microsoft/ApplicationInsights-node.js README (2.x: diagnostic-channel-publishers, plus http/https auto-collection)',
  },
  {
    id: '@google-cloud/trace-agent', language: 'js', title: 'Google Cloud Trace agent', family: 'instrument-first',
    activations: [{ kind: 'call', module: '@google-cloud/trace-agent', call: 'start' }],
    targets: ['http', 'https', 'http2', 'express', 'koa', '@hapi/hapi', 'restify', '@grpc/grpc-js', 'pg', 'mysql', 'mysql2', 'mongodb', 'redis', 'ioredis', 'knex'],
    replacedExports: HTTP_CLIENT_REPLACED,
    symptom: 'it is not traced (the agent warns "Tracing might not work as the following modules were loaded before the trace agent was initialized")',
    source: 'googleapis/cloud-trace-nodejs README (deprecated agent)',
  },
  {
    id: '@instana/collector', language: 'js', title: 'IBM Instana collector', family: 'instrument-first',
    activations: [{ kind: 'call', module: '@instana/collector', call: '' }],
    targets: INSTANA_TARGETS, esmNeedsPreload: true, preloads: ['@instana/collector/src/immediate', '@instana/collector/esm-register.mjs'],
    esmStart: '--import @instana/collector/esm-register.mjs',
    replacedExports: HTTP_CLIENT_REPLACED,
    symptom: 'it is not traced (the Instana docs call this "TOO LATE!")',
    source: 'ibm.com/docs/en/instana-observability "Supported Node.js libraries and frameworks" (collector 4.x)',
  },
  {
    id: 'appdynamics', language: 'js', title: 'Splunk AppDynamics agent', family: 'instrument-first',
    activations: [{ kind: 'call', module: 'appdynamics', call: 'profile' }],
    targets: GENERAL_APM_TARGETS, esmNeedsPreload: true,
    replacedExports: HTTP_CLIENT_REPLACED,
    symptom: 'its business transactions and exit calls are missing',
    source: 'AppDynamics docs "Install the Node.js Agent" (first-line contract); no per-library list encoded: general APM targets',
  },
  {
    id: '@splunk/otel', language: 'js', title: 'Splunk OpenTelemetry distribution', family: 'instrument-first',
    activations: [
      { kind: 'call', module: '@splunk/otel', call: 'start' },
      { kind: 'side-effect', module: '@splunk/otel/instrument' },
    ],
    targets: SPLUNK_TARGETS, esmNeedsPreload: true, replacedExports: HTTP_CLIENT_REPLACED, copyOnlyTargets: CORE_TARGETS,
    preloads: ['@splunk/otel/instrument'], symptom: apmSymptom,
    source: 'signalfx/splunk-otel-js README, "Default instrumentation packages"',
  },
  {
    id: 'solarwinds-apm', language: 'js', title: 'SolarWinds APM', family: 'instrument-first',
    activations: [{ kind: 'side-effect', module: 'solarwinds-apm' }],
    replacedExports: HTTP_CLIENT_REPLACED,
    targets: GENERAL_APM_TARGETS, esmNeedsPreload: true, preloads: ['solarwinds-apm'], symptom: apmSymptom,
    source: 'no per-library list encoded: general APM targets',
  },
  {
    id: 'reflect-metadata', language: 'js', title: 'reflect-metadata polyfill', family: 'polyfill-first',
    activations: [
      { kind: 'side-effect', module: 'reflect-metadata' },
      { kind: 'side-effect', module: 'reflect-metadata/lite' },
    ],
    // typeorm and @nestjs/* import reflect-metadata themselves, so they are not targets. Loading a decorator library
    // (class-transformer, inversify, typedi, type-graphql, routing-controllers) reads no metadata: its decorators do,
    // when a decorated class is evaluated. tsyringe checks for the polyfill when it loads and throws without it.
    targets: ['tsyringe'],
    symptom: 'its decorators find no metadata ("TypeError: Reflect.getMetadata is not a function", or tsyringe\'s "tsyringe requires a reflect polyfill")',
    source: 'tsyringe README ("Installation": a Reflect polyfill must be imported first; its index throws "tsyringe requires a reflect polyfill" at load); typestack/class-transformer src (Reflect.getMetadata only inside decorators)',
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
      { kind: 'call', module: 'module-alias', call: 'addAlias' },
    ],
    // Also the aliases it registers (package.json `_moduleAliases`, or the `addAliases` / `addAlias` arguments):
    // src/lang/js/patches.ts adds them as targets of each activation.
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
    // It replaces the request functions and the global agent of both modules.
    replacedExports: { http: ['request', 'get', 'globalAgent'], https: ['request', 'get', 'globalAgent'] },
    symptom: 'requests through that copy bypass the proxy',
    source: 'gajus/global-agent README ("Supported libraries"; it overrides http(s).get, http(s).request and http(s).globalAgent)',
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
    id: 'jest.spyOn', language: 'js', title: 'Jest / Vitest spies on module exports', family: 'mock-before-import',
    activations: [
      { kind: 'mock', callee: 'jest.spyOn' },
      { kind: 'mock', callee: 'vi.spyOn' },
    ],
    // `jest.spyOn(fs, 'readFile')` replaces the property on the module object: a copy taken before (a destructured
    // require, a named import in a native ES module) keeps the real function.
    targets: ['<mocked>'], captureOnly: true,
    symptom: 'the copy keeps calling the real function: the spy records no calls and its mock implementation never runs',
    source: 'jestjs.io/docs/jest-object#jestspyonobject-methodname',
  },
  {
    id: 'nock', language: 'js', title: 'nock HTTP mocking', family: 'mock-before-import',
    activations: [
      { kind: 'call', module: 'nock', call: '' },
      { kind: 'call', module: 'nock', call: 'activate' },
    ],
    targets: ['http', 'https'], captureOnly: true,
    // "nock monkeypatches the get and request methods in both the http and https Node built-in modules", and
    // replaces http.ClientRequest (which https uses too).
    replacedExports: { http: ['request', 'get', 'ClientRequest'], https: ['request', 'get'] },
    symptom: 'requests through the copy reach the real network',
    source: 'nock/nock lib/common.js (overrideRequests, overrideClientRequest); quoted in getsentry/sentry-javascript#4619',
  },
];

/**
 * Packages that load patch targets when they load. Used to report `import fastify` before the agent when
 * pino is what the agent wraps, without reading node_modules. Not listed: sequelize and knex, which load their
 * driver only when a connection object is made (`new Sequelize(url)`, `knex({ client: 'pg' })`).
 */
export const jsPackageLoads: PackageLoads = {
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
  '@nestjs/platform-express': ['express', 'http', '@nestjs/common'],
  // Every Nest package imports @nestjs/common (its decorators), which imports reflect-metadata.
  ...Object.fromEntries(
    [
      'microservices', 'platform-fastify', 'platform-socket.io', 'websockets', 'testing', 'config', 'typeorm', 'sequelize',
      'mongoose', 'graphql', 'swagger', 'jwt', 'passport', 'schedule', 'bull', 'bullmq', 'terminus', 'event-emitter',
      'axios', 'cqrs', 'throttler', 'cache-manager', 'serve-static',
    ].map((name) => [`@nestjs/${name}`, ['@nestjs/common']]),
  ),
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
