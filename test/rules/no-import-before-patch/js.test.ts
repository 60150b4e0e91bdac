import rule from '../../../rules/no-import-before-patch.js';
import { createTsRuleTester, fixture } from '../../helpers/rule-tester.js';

const ruleTester = createTsRuleTester();
const cjs = fixture('unit/cjs/main.js'); // CommonJS package: statements run in order
const compiled = fixture('unit/cjs/compiled.js'); // import syntax in a CommonJS package: compiled, hoisted
const esm = fixture('unit/esm/main.js'); // "type": "module": native ESM
const tsCjs = fixture('unit/ts-cjs/src/main.ts'); // tsconfig "module": "commonjs"
const babel = { 'patch-order': { emitter: 'babel' } };
const myAgent = {
  id: 'my-agent', language: 'js' as const, title: 'My agent', family: 'instrument-first' as const,
  activations: [{ kind: 'call' as const, module: 'my-agent', call: 'start' }],
  targets: ['http', 'express'], symptom: 'it is not traced by my agent',
  targetsWhen: [{ option: 'off', equals: true, targets: [] }],
  replacedExports: { http: ['request'] }, copyOnlyTargets: ['http'],
};

ruleTester.run('no-import-before-patch', rule, {
  valid: [
    // Activation first, target after (CommonJS).
    { filename: cjs, code: "require('dd-trace').init();\nconst express = require('express');\n" },
    // Targets the agent does not instrument may come first.
    { filename: cjs, code: "const path = require('path');\nrequire('dd-trace').init();\n" },
    // Destructuring after the activation copies the patched function.
    { filename: cjs, code: "require('dd-trace').init();\nconst { request } = require('http');\n" },
    // A require inside a function that is never called at module time is not a load.
    { filename: cjs, code: "function later() { return require('pg'); }\nrequire('dd-trace').init();\nmodule.exports = later;\n" },
    // Side-effect init import first, compiled ESM.
    { filename: compiled, code: "import 'dd-trace/init';\nimport express from 'express';\n" },
    // await import() after the activation runs after it even with hoisting.
    { filename: compiled, code: "import tracer from 'dd-trace';\ntracer.init();\nconst { default: express } = await import('express');\n" },
    // A dynamic import that is not awaited evaluates after the module's top level.
    { filename: compiled, code: "import tracer from 'dd-trace';\nimport('express').then((m) => m.default());\ntracer.init();\n" },
    // tsc keeps textual order when it emits CommonJS; the emitter is not known to hoist.
    { filename: tsCjs, code: "import tracer from 'dd-trace';\ntracer.init();\nimport express from 'express';\nexpress();\n" },
    // Type-only imports are not loads, even when hoisting (Babel).
    { filename: tsCjs, settings: babel, code: "import type { Express } from 'express';\nimport tracer from 'dd-trace';\ntracer.init();\nexport let app: Express;\n" },
    // An import used only as a type is elided by TypeScript.
    { filename: tsCjs, settings: babel, code: "import { Express } from 'express';\nimport tracer from 'dd-trace';\ntracer.init();\nexport let app: Express;\n" },
    { filename: tsCjs, settings: babel, code: "import { type Express } from 'express';\nimport tracer from 'dd-trace';\ntracer.init();\nexport let app: Express;\n" },
    // Preloaded with `node -r dd-trace/init` in package.json scripts.
    { filename: fixture('unit/cjs-preload/main.js'), code: "const express = require('express');\nrequire('dd-trace').init();\n" },
    // A local preload file (`--import ./instrument.mjs`) that initialises Sentry.
    { filename: fixture('unit/esm-preload/main.js'), code: "import express from 'express';\nimport * as Sentry from '@sentry/node';\nSentry.init({});\n" },
    // Vitest and babel-jest hoist vi.mock / jest.mock above the imports.
    { filename: compiled, code: "import { getUser } from './user.js';\nvi.mock('./user.js', () => ({ getUser: () => 1 }));\n" },
    { filename: compiled, code: "import { getUser } from './user.js';\njest.mock('./user.js');\n" },
    // ESM mock registered before a dynamic import.
    { filename: esm, code: "import { jest } from '@jest/globals';\njest.unstable_mockModule('./user.js', () => ({ getUser: () => 1 }));\nconst { getUser } = await import('../user.js');\n" },
    // Env loaded before any read.
    { filename: cjs, code: "require('dotenv').config();\nconst port = process.env.PORT;\n" },
    // Writing process.env is not a read.
    { filename: cjs, code: "process.env.NODE_ENV = 'production';\nrequire('dotenv').config();\n" },
    // nock only breaks copies of http.request, not loads of http.
    { filename: cjs, code: "const http = require('http');\nconst nock = require('nock');\nnock('https://api.example.com').get('/').reply(200);\nmodule.exports = () => http.get('https://api.example.com');\n" },
    // zone.js after the Promise polyfill.
    { filename: compiled, code: "import 'core-js/stable';\nimport 'zone.js';\n" },
    // Something else called `init` is not an agent.
    { filename: cjs, code: "const express = require('express');\nconst db = require('./db');\ndb.init();\n" },
    // The declared tracer first (the twin of the declaration fix), with its comment above it.
    { filename: cjs, code: "// tracing first\nconst tracer = require('dd-trace').init({ service: 'api' });\nconst express = require('express');\n" },
    // Requiring dd-trace without init() activates nothing.
    { filename: cjs, code: "const tracer = require('dd-trace');\nconst express = require('express');\nmodule.exports = tracer;\n" },
    // The require hook before every project file.
    { filename: cjs, code: "require('ts-node/register');\nrequire('./a');\nrequire('./b');\n" },
    // Both offending lines disabled by their own directives.
    { filename: cjs, code: "// eslint-disable-next-line\nconst express = require('express');\n// eslint-disable-next-line\nconst pg = require('pg');\nrequire('dd-trace').init();\n" },
    // Compiled ESM (Babel, esbuild, swc) reads `_http.request` at each call: not a copy. And loading a core module
    // first is fine: the agent wraps the module object in place when it is next required.
    { filename: compiled, code: "import { request } from 'http';\nimport * as Sentry from '@sentry/node';\nSentry.init({});\n" },
    // Constants and classes are not replaced on the module object: copying them before the agent is not a finding.
    { filename: cjs, code: "const { STATUS_CODES, Agent } = require('http');\nrequire('dd-trace').init();\nmodule.exports = { STATUS_CODES, Agent };\n" },
    // tsc emits `sequelize_1.Op` at each use, and Sentry has no sequelize integration (with tracing on, too).
    { filename: tsCjs, code: "import { Op } from 'sequelize';\nimport * as Sentry from '@sentry/node';\nSentry.init({ tracesSampleRate: 1 });\nexport const q = { [Op.eq]: 1 };\n" },
    // Sentry ≥ 8 without tracesSampleRate/tracesSampler installs no framework or database instrumentation.
    { filename: cjs, code: "const Koa = require('koa');\nconst Sentry = require('@sentry/node');\nSentry.init({ dsn: process.env.SENTRY_DSN });\n" },
    // dd-trace with `plugins: false` patches nothing until `tracer.use()` turns an integration on.
    { filename: cjs, code: "const express = require('express');\nrequire('dd-trace').init({ plugins: false });\n" },
    { filename: cjs, code: "const tracer = require('dd-trace').init({ plugins: false });\nconst pg = require('pg');\ntracer.use('express');\nconst express = require('express');\n" },
    // nock only breaks copies, and compiled ESM makes none (the twin of the native-ESM case below).
    { filename: compiled, code: "import { request } from 'http';\nimport nock from 'nock';\nnock('https://api.example.com');\nexport default request;\n" },
    // A patcher from the rule's options, in the catalog's shape: `off: true` at the call turns every target off.
    { filename: cjs, options: [{ patchers: [myAgent] }], code: "const express = require('express');\nrequire('my-agent').start({ off: true });\n" },
    // Its copy-only target loaded first, and a copy of an export it does not replace: clean.
    { filename: cjs, options: [{ patchers: [myAgent] }], code: "const { get } = require('http');\nrequire('my-agent').start();\nmodule.exports = get;\n" },
  ],
  invalid: [
    {
      // A comment on the activation's line moves with it; the activation stays a paragraph of its own and
      // leaves no doubled blank line behind.
      filename: cjs,
      code: "'use strict';\n\nconst express = require('express'); // web\n\nrequire('dd-trace').init(); // tracing\n",
      output: "'use strict';\n\nrequire('dd-trace').init(); // tracing\n\nconst express = require('express'); // web\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 3, column: 17, endLine: 3, endColumn: 35 }],
    },
    {
      // The comment lines directly above the activation move with it.
      filename: cjs,
      code: "const express = require('express');\n\n// Start tracing before anything else.\n// (dd-trace patches modules as they load)\nrequire('dd-trace').init();\n\nexpress();\n",
      output: "// Start tracing before anything else.\n// (dd-trace patches modules as they load)\nrequire('dd-trace').init();\n\nconst express = require('express');\n\nexpress();\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 17, endLine: 1, endColumn: 35 }],
    },
    {
      // It lands above the comment attached to the first require, below a directive that opens the file.
      filename: cjs,
      code: "// @ts-check\nconst express = require('express');\n// web framework\nconst pg = require('pg');\n// tracing\nrequire('dd-trace').init();\n",
      output: "// @ts-check\n// tracing\nrequire('dd-trace').init();\nconst express = require('express');\n// web framework\nconst pg = require('pg');\n",
      errors: [
        { messageId: 'loadedBeforePatch', line: 2, column: 17, endLine: 2, endColumn: 35 },
        { messageId: 'loadedBeforePatch', line: 4, column: 12, endLine: 4, endColumn: 25 },
      ],
    },
    {
      // Each statement that loads a target first is its own report, so a directive covers only its line.
      filename: cjs,
      code: "const express = require('express');\nconst pg = require('pg');\nrequire('dd-trace').init();\n",
      output: "require('dd-trace').init();\nconst express = require('express');\nconst pg = require('pg');\n",
      errors: [
        { messageId: 'loadedBeforePatch', line: 1, column: 17, endLine: 1, endColumn: 35 },
        { messageId: 'loadedBeforePatch', line: 2, column: 12, endLine: 2, endColumn: 25 },
      ],
    },
    {
      filename: cjs,
      code: "// eslint-disable-next-line\nconst express = require('express');\nconst pg = require('pg');\nrequire('dd-trace').init();\n",
      output: "// eslint-disable-next-line\nconst express = require('express');\nrequire('dd-trace').init();\nconst pg = require('pg');\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 3, column: 12, endLine: 3, endColumn: 25 }],
    },
    {
      // A require hook: every project file loaded before it is reported, not only the first.
      filename: cjs,
      code: "require('./a');\nrequire('./b');\nrequire('ts-node/register');\n",
      output: "require('ts-node/register');\nrequire('./a');\nrequire('./b');\n",
      errors: [
        { messageId: 'loadedBeforePatch', line: 1, column: 1, endLine: 1, endColumn: 15 },
        { messageId: 'loadedBeforePatch', line: 2, column: 1, endLine: 2, endColumn: 15 },
      ],
    },
    {
      // The common CommonJS form: the activation declares the tracer.
      filename: cjs,
      code: "const express = require('express');\nconst tracer = require('dd-trace').init({ service: 'api' });\nmodule.exports = { express, tracer };\n",
      output: "const tracer = require('dd-trace').init({ service: 'api' });\nconst express = require('express');\nmodule.exports = { express, tracer };\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 17, endLine: 1, endColumn: 35, suggestions: [] }],
    },
    {
      // Not moved: the options are declared between the require and the activation.
      filename: cjs,
      code: "const express = require('express');\nconst config = { service: 'api' };\nconst tracer = require('dd-trace').init(config);\n",
      output: null,
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 17, endLine: 1, endColumn: 35, suggestions: [] }],
    },
    {
      // `tracer` is read above the declaration: moving it is offered for review, not applied by --fix.
      filename: cjs,
      code: "function handler() {\n  return tracer;\n}\nconst express = require('express');\nconst tracer = require('dd-trace').init();\nmodule.exports = { express, handler };\n",
      output: null,
      errors: [
        {
          messageId: 'loadedBeforePatch', line: 4, column: 17, endLine: 4, endColumn: 35,
          suggestions: [
            {
              messageId: 'moveActivationUp',
              data: { line: '4', name: 'tracer' },
              output: "function handler() {\n  return tracer;\n}\nconst tracer = require('dd-trace').init();\nconst express = require('express');\nmodule.exports = { express, handler };\n",
            },
          ],
        },
      ],
    },
    {
      // `var tracer` declared twice: moving one of them changes which value wins, so nothing is offered.
      filename: cjs,
      code: "var tracer;\nconst express = require('express');\nvar tracer = require('dd-trace').init();\n",
      output: null,
      errors: [{ messageId: 'loadedBeforePatch', line: 2, column: 17, endLine: 2, endColumn: 35, suggestions: [] }],
    },
    {
      // Two declarators: the other one would move too.
      filename: cjs,
      code: "const express = require('express');\nconst port = 80, tracer = require('dd-trace').init();\n",
      output: null,
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 17, endLine: 1, endColumn: 35, suggestions: [] }],
    },
    {
      filename: cjs,
      code: "const express = require('express');\nrequire('dd-trace').init();\n",
      output: "require('dd-trace').init();\nconst express = require('express');\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 17, endLine: 1, endColumn: 35 }],
    },
    {
      // Hoisting: the import written below init() still loads first.
      filename: compiled,
      code: "import tracer from 'dd-trace';\ntracer.init();\nimport express from 'express';\n",
      output: null,
      errors: [
        {
          messageId: 'loadedBeforePatch', line: 3, column: 1, endLine: 3, endColumn: 31,
          suggestions: [{ messageId: 'useSideEffectEntry', output: "import 'dd-trace/init';\nimport tracer from 'dd-trace';\nimport express from 'express';\n" }],
        },
      ],
    },
    {
      // Same code under Babel's CommonJS transform of TypeScript.
      filename: tsCjs,
      settings: babel,
      code: "import tracer from 'dd-trace';\ntracer.init();\nimport express from 'express';\nexpress();\n",
      output: null,
      errors: [
        {
          messageId: 'loadedBeforePatch', line: 3, column: 1, endLine: 3, endColumn: 31,
          suggestions: [{ messageId: 'useSideEffectEntry', output: "import 'dd-trace/init';\nimport tracer from 'dd-trace';\nimport express from 'express';\nexpress();\n" }],
        },
      ],
    },
    {
      // Native ESM: in-process activation cannot see static imports at all: the import is reported.
      filename: esm,
      code: "import tracer from 'dd-trace';\ntracer.init();\nimport express from 'express';\n",
      output: null,
      errors: [{ messageId: 'esmImportBeforeStart', line: 3, column: 1, endLine: 3, endColumn: 31 }],
    },
    {
      filename: compiled,
      code: "import express from 'express';\nimport 'dd-trace/init';\n",
      output: "import 'dd-trace/init';\nimport express from 'express';\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 1, endLine: 1, endColumn: 31 }],
    },
    {
      filename: cjs,
      code: "const { request } = require('http');\nrequire('dd-trace').init();\n",
      output: "require('dd-trace').init();\nconst { request } = require('http');\n",
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 7, endLine: 1, endColumn: 36 }],
    },
    {
      // Native ESM: a named import of a CommonJS module (node's http included) is a snapshot taken at import.
      filename: esm,
      code: "import { request } from 'http';\nimport nock from 'nock';\nnock('https://api.example.com');\nexport default request;\n",
      output: null,
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 1, endLine: 1, endColumn: 32, suggestions: [] }],
    },
    {
      // Sentry with tracing on instruments koa: loaded before init, it is reported (the twin without tracing is clean).
      filename: cjs,
      code: "const Koa = require('koa');\nconst Sentry = require('@sentry/node');\nSentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 1 });\n",
      output: null,
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 13, endLine: 1, endColumn: 27, suggestions: [] }],
    },
    {
      // `tracer.use('express')` after `plugins: false`: express loaded before that call is not instrumented.
      filename: cjs,
      code: "const tracer = require('dd-trace').init({ plugins: false });\nconst express = require('express');\ntracer.use('express');\n",
      output: "const tracer = require('dd-trace').init({ plugins: false });\ntracer.use('express');\nconst express = require('express');\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 2, column: 17, endLine: 2, endColumn: 35 }],
    },
    {
      // Instana's documented "TOO LATE!" pitfall: required first, activated after another require.
      filename: cjs,
      code: "const instana = require('@instana/collector');\nconst express = require('express');\ninstana();\n",
      output: "const instana = require('@instana/collector');\ninstana();\nconst express = require('express');\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 2, column: 17, endLine: 2, endColumn: 35 }],
    },
    {
      // Two-step OpenTelemetry start through a variable.
      filename: cjs,
      code: "const { NodeSDK } = require('@opentelemetry/sdk-node');\nconst sdk = new NodeSDK({});\nconst pg = require('pg');\nsdk.start();\n",
      output: "const { NodeSDK } = require('@opentelemetry/sdk-node');\nconst sdk = new NodeSDK({});\nsdk.start();\nconst pg = require('pg');\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 3, column: 12, endLine: 3, endColumn: 25 }],
    },
    {
      // Not moved automatically: the activation reads `config`, declared after the offending require.
      filename: cjs,
      code: "const pg = require('pg');\nconst config = { service: 'api' };\nrequire('dd-trace').init(config);\n",
      output: null,
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 12, endLine: 1, endColumn: 25 }],
    },
    {
      // Activation inside a local function called at module time.
      filename: cjs,
      code: "function setupTracing() {\n  require('dd-trace').init();\n}\nconst pg = require('pg');\nsetupTracing();\n",
      output: "function setupTracing() {\n  require('dd-trace').init();\n}\nsetupTracing();\nconst pg = require('pg');\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 4, column: 12, endLine: 4, endColumn: 25 }],
    },
    {
      // A conditional require is still a load.
      filename: cjs,
      code: "if (process.env.DB) require('pg');\nrequire('dd-trace').init();\n",
      output: "require('dd-trace').init();\nif (process.env.DB) require('pg');\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 21, endLine: 1, endColumn: 34 }],
    },
    {
      filename: cjs,
      code: "const port = process.env.PORT;\nrequire('dotenv').config();\n",
      output: null,
      errors: [{ messageId: 'envReadBeforeLoad', line: 1, column: 14, endLine: 1, endColumn: 30 }],
    },
    {
      filename: compiled,
      code: "import { container } from 'tsyringe';\nimport 'reflect-metadata';\n",
      output: "import 'reflect-metadata';\nimport { container } from 'tsyringe';\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 1, endLine: 1, endColumn: 38 }],
    },
    {
      filename: compiled,
      code: "import 'zone.js';\nimport 'core-js/stable';\n",
      output: "import 'core-js/stable';\nimport 'zone.js';\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 1, endLine: 1, endColumn: 18 }],
    },
    {
      // A require hook must come before the project's own files.
      filename: cjs,
      code: "require('./app');\nrequire('ts-node/register');\n",
      output: "require('ts-node/register');\nrequire('./app');\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 1, endLine: 1, endColumn: 17 }],
    },
    {
      filename: esm,
      code: "import { jest } from '@jest/globals';\nimport { getUser } from './user.js';\njest.unstable_mockModule('./user.js', () => ({ getUser: () => 1 }));\n",
      output: null,
      errors: [{ messageId: 'mockAfterImport', line: 2, column: 1, endLine: 2, endColumn: 37 }],
    },
    {
      filename: esm,
      code: "import { mock, test } from 'node:test';\nimport { readConfig } from './config.js';\ntest('reads', (t) => {\n  t.mock.module('./config.js', { namedExports: { readConfig: () => ({}) } });\n});\n",
      output: null,
      errors: [{ messageId: 'mockAfterImport', line: 2, column: 1, endLine: 2, endColumn: 42 }],
    },
    {
      filename: cjs,
      code: "const fs = require('fs');\nconst { readFileSync } = require('fs');\nconst sinon = require('sinon');\nsinon.stub(fs, 'readFileSync');\n",
      output: null,
      errors: [{ messageId: 'capturedBeforePatch', line: 2, column: 7, endLine: 2, endColumn: 39 }],
    },
    {
      // nock only breaks copies: `request` taken before nock activates bypasses it (the load of http alone is fine).
      filename: cjs,
      code: "const { request } = require('http');\nconst nock = require('nock');\nnock('https://api.example.com');\nmodule.exports = request;\n",
      // Not moved: the activation reads `nock`, declared after the copy.
      output: null,
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 7, endLine: 1, endColumn: 36 }],
    },
    {
      // init() with options: replacing it with the env-configured entry would drop them: no suggestion.
      filename: compiled,
      code: "import tracer from 'dd-trace';\ntracer.init({ service: 'api' });\nimport express from 'express';\n",
      output: null,
      errors: [{ messageId: 'loadedBeforePatch', line: 3, column: 1, endLine: 3, endColumn: 31, suggestions: [] }],
    },
    {
      // The same patcher: a copy of the export it replaces, taken before it starts.
      filename: cjs,
      options: [{ patchers: [myAgent] }],
      code: "const { request } = require('http');\nrequire('my-agent').start();\nmodule.exports = request;\n",
      output: "require('my-agent').start();\nconst { request } = require('http');\nmodule.exports = request;\n",
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 7, endLine: 1, endColumn: 36 }],
    },
  ],
});
