/**
 * Activations the rule must recognise where real code writes them (issue 12): inside an async function called at
 * module time, a project's own env loader, an import TypeScript drops, a package that loads the polyfill itself,
 * stubs of single exports, module-alias aliases; and an in-process start in a native ES module. Each positive has a
 * correct twin a naive rule would flag.
 */
import rule from '../../../rules/no-import-before-patch.js';
import { createTsRuleTester, fixture } from '../../helpers/rule-tester.js';

const ruleTester = createTsRuleTester();
const cjs = fixture('unit/cjs/main.js'); // CommonJS package: statements run in order
const compiled = fixture('unit/cjs/compiled.js'); // import syntax in a CommonJS package: compiled, hoisted
const esm = fixture('unit/esm/main.js'); // "type": "module": native ESM
const esmApp = fixture('unit/esm-app/main.js'); // native ESM next to a local ./server.js
const tsCjs = fixture('unit/ts-cjs/src/main.ts'); // tsconfig "module": "commonjs"
const tsVerbatim = fixture('unit/ts-verbatim/src/main.ts'); // verbatimModuleSyntax: imports are kept as written
const alias = fixture('unit/cjs-alias/main.js'); // package.json "_moduleAliases": { "@lib": "lib", "config": "config" }

ruleTester.run('no-import-before-patch: activations', rule, {
  valid: [
    // What follows the first `await` of an async function runs after the top level: express loads after init().
    { filename: cjs, code: "async function main() {\n  await Promise.resolve();\n  require('express');\n}\nmain();\nrequire('dd-trace').init();\n" },
    // Started first inside bootstrap(), before anything is loaded, whichever way the promise is handled.
    { filename: cjs, code: "async function bootstrap() {\n  require('dd-trace').init();\n  const express = require('express');\n  express();\n}\nvoid bootstrap();\n" },
    { filename: cjs, code: "async function bootstrap() {\n  require('dd-trace').init();\n  await require('./server').listen();\n}\nbootstrap().then(() => console.log('up'));\n" },
    // Top-level await (ES modules): the module waits for bootstrap(), so what it loads after its await is in place.
    { filename: compiled, code: "import tracer from 'dd-trace';\nasync function bootstrap() {\n  await Promise.resolve();\n  tracer.init();\n}\nawait bootstrap();\nconst { default: express } = await import('express');\nexpress();\n" },
    // Own env loaders, reads after them.
    { filename: cjs, code: "const dotenv = require('dotenv');\nObject.assign(process.env, dotenv.parse(require('fs').readFileSync('.env')));\nmodule.exports = process.env.PORT;\n" },
    { filename: cjs, code: "const dotenv = require('dotenv');\nconst parsed = dotenv.parse(require('fs').readFileSync('.env'));\ndotenv.populate(process.env, parsed);\nmodule.exports = process.env.PORT;\n" },
    // The loader's own reads: its guard, its arguments, the consts and destructured names they use.
    { filename: cjs, code: "process.env.NODE_ENV !== 'production' && require('dotenv').config();\nmodule.exports = process.env.PORT;\n" },
    { filename: cjs, code: "const file = process.env.ENV_FILE ?? '.env';\nrequire('dotenv').config({ path: file });\nmodule.exports = process.env.PORT;\n" },
    { filename: cjs, code: "const { NODE_ENV } = process.env;\nrequire('dotenv').config({ path: `.env.${NODE_ENV}` });\nmodule.exports = process.env.PORT;\n" },
    { filename: cjs, code: "const isProd = process.env.NODE_ENV === 'production';\nif (!isProd) require('dotenv').config();\nmodule.exports = process.env.PORT;\n" },
    // Writing a parsed object that is not dotenv's into process.env is not an env loader (and reads nothing first).
    { filename: cjs, code: "const port = process.env.PORT;\nObject.assign(process.env, { TZ: 'UTC' });\nmodule.exports = port;\n" },
    // An activation import that TypeScript keeps: a side-effect import, `import type` written on purpose, verbatimModuleSyntax.
    { filename: tsCjs, code: "import 'elastic-apm-node/start';\nimport express from 'express';\nexpress();\n" },
    { filename: tsCjs, code: "import type apm from 'elastic-apm-node/start';\nexport type Agent = typeof apm;\n" },
    { filename: tsVerbatim, code: "import apm from 'elastic-apm-node/start';\nexport type Agent = typeof apm;\n" },
    // Nest loads reflect-metadata itself (through @nestjs/common): tsyringe after it sees the polyfill.
    { filename: compiled, code: "import { NestFactory } from '@nestjs/core';\nimport { container } from 'tsyringe';\nimport 'reflect-metadata';\nexport { NestFactory, container };\n" },
    { filename: cjs, code: "const { Module } = require('@nestjs/common');\nconst { container } = require('tsyringe');\nmodule.exports = { Module, container };\n" },
    // Native ESM: a module that only starts the agent, and the deferred entry point in one file.
    { filename: esm, code: "import * as Sentry from '@sentry/node';\nSentry.init({ tracesSampleRate: 1 });\n" },
    { filename: esm, code: "import * as Sentry from '@sentry/node';\nSentry.init({ tracesSampleRate: 1 });\nconst { default: express } = await import('express');\nexpress();\n" },
    // A spy on one export: copies of other exports, and spies on objects that are not modules, are fine.
    { filename: esm, code: "import fs, { existsSync } from 'fs';\nimport { jest } from '@jest/globals';\njest.spyOn(fs, 'readFile');\nexport { existsSync };\n" },
    { filename: esm, code: "import { jest } from '@jest/globals';\njest.spyOn(console, 'log');\n" },
    // The agent required for its API (its binding is used) is not judged as the start.
    { filename: cjs, code: "const express = require('express');\nconst nr = require('newrelic');\nexpress().use(() => nr.addCustomAttribute('a', 1));\n" },
    { filename: compiled, code: "import express from 'express';\nimport newrelic from 'newrelic';\nexpress().use(() => newrelic.addCustomAttribute('a', 1));\n" },
    // module-alias: packages are not aliases; an alias after the registration is fine.
    { filename: alias, code: "const express = require('express');\nrequire('module-alias/register');\nconst db = require('@lib/db');\nmodule.exports = { express, db };\n" },
    { filename: alias, code: "const configstore = require('configstore');\nrequire('module-alias/register');\nmodule.exports = configstore;\n" },
  ],
  invalid: [
    {
      // init() runs after bootstrap's first await, once the top level (and its require of express) has run.
      filename: cjs,
      code: "async function main() {\n  await Promise.resolve();\n  require('dd-trace').init();\n}\nmain();\nrequire('express');\n",
      output: null,
      errors: [{ messageId: 'loadedBeforePatch', line: 6, column: 1, endLine: 6, endColumn: 19 }],
    },
    {
      filename: cjs,
      code: "const express = require('express');\nasync function bootstrap() {\n  require('dd-trace').init();\n}\nbootstrap().catch((error) => console.error(error));\n",
      output: "bootstrap().catch((error) => console.error(error));\nconst express = require('express');\nasync function bootstrap() {\n  require('dd-trace').init();\n}\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 17, endLine: 1, endColumn: 35 }],
    },
    {
      filename: cjs,
      code: "const fs = require('fs');\nconst dotenv = require('dotenv');\nconst port = process.env.PORT;\nObject.assign(process.env, dotenv.parse(fs.readFileSync('.env')));\nmodule.exports = port;\n",
      output: null,
      errors: [{ messageId: 'envReadBeforeLoad', line: 3, column: 14, endLine: 3, endColumn: 30 }],
    },
    {
      filename: cjs,
      code: "const { parse } = require('dotenv');\nconst port = process.env.PORT;\nconst parsed = parse(require('fs').readFileSync('.env'));\nfor (const key in parsed) {\n  if (process.env[key] === undefined) process.env[key] = parsed[key];\n}\nmodule.exports = port;\n",
      output: null,
      errors: [{ messageId: 'envReadBeforeLoad', line: 2, column: 14, endLine: 2, endColumn: 30 }],
    },
    {
      filename: cjs,
      code: "const dotenv = require('dotenv');\nconst port = process.env.PORT;\nObject.entries(dotenv.parse(require('fs').readFileSync('.env'))).forEach(([k, v]) => {\n  process.env[k] = v;\n});\nmodule.exports = port;\n",
      output: null,
      errors: [{ messageId: 'envReadBeforeLoad', line: 2, column: 14, endLine: 2, endColumn: 30 }],
    },
    {
      // NODE_ENV configures the loader; PORT, destructured with it, is still read too early.
      filename: cjs,
      code: "const { NODE_ENV, PORT } = process.env;\nrequire('dotenv').config({ path: `.env.${NODE_ENV}` });\nmodule.exports = PORT;\n",
      output: null,
      errors: [{ messageId: 'envReadBeforeLoad', line: 1, column: 7, endLine: 1, endColumn: 39 }],
    },
    {
      filename: cjs,
      code: "const port = process.env.PORT;\nif (process.env.NODE_ENV !== 'production') require('dotenv').config();\nmodule.exports = port;\n",
      output: null,
      errors: [{ messageId: 'envReadBeforeLoad', line: 1, column: 14, endLine: 1, endColumn: 30 }],
    },
    {
      // Used as a type only: the binding stays for the type, the side-effect import goes above it.
      filename: tsCjs,
      code: "import apm from 'elastic-apm-node/start';\nimport express from 'express';\nexport type Agent = typeof apm;\nexpress();\n",
      output: null,
      errors: [
        {
          messageId: 'activationElided', line: 1, column: 1, endLine: 1, endColumn: 42,
          suggestions: [
            {
              messageId: 'useSideEffectImport',
              output: "import 'elastic-apm-node/start';\nimport apm from 'elastic-apm-node/start';\nimport express from 'express';\nexport type Agent = typeof apm;\nexpress();\n",
            },
          ],
        },
      ],
    },
    {
      // Never used: replaced by the side-effect import.
      filename: tsCjs,
      code: "import tracer from \"dd-trace/init\";\nimport express from 'express';\nexpress();\n",
      output: null,
      errors: [
        {
          messageId: 'activationElided', line: 1, column: 1, endLine: 1, endColumn: 36,
          suggestions: [{ messageId: 'useSideEffectImport', output: "import \"dd-trace/init\";\nimport express from 'express';\nexpress();\n" }],
        },
      ],
    },
    {
      filename: tsCjs,
      code: "import newrelic = require('newrelic');\nimport express = require('express');\nexpress();\n",
      output: null,
      errors: [
        {
          messageId: 'activationElided', line: 1, column: 1, endLine: 1, endColumn: 39,
          suggestions: [{ messageId: 'useSideEffectImport', output: "import 'newrelic';\nimport express = require('express');\nexpress();\n" }],
        },
      ],
    },
    {
      // tsyringe is loaded before anything loads the polyfill (Nest loads it one line later).
      filename: compiled,
      code: "import { container } from 'tsyringe';\nimport { NestFactory } from '@nestjs/core';\nimport 'reflect-metadata';\nexport { NestFactory, container };\n",
      output: "import 'reflect-metadata';\nimport { container } from 'tsyringe';\nimport { NestFactory } from '@nestjs/core';\nexport { NestFactory, container };\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 1, endLine: 1, endColumn: 38 }],
    },
    {
      // Bound but never used: it is the start, after express.
      filename: cjs,
      code: "const express = require('express');\nconst nr = require('newrelic');\nmodule.exports = express;\n",
      output: null,
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 17, endLine: 1, endColumn: 35 }],
    },
    {
      // An entry point made to start the agent is the start however its binding is used.
      filename: cjs,
      code: "const express = require('express');\nconst apm = require('elastic-apm-node/start');\napm.setUserContext({ id: 1 });\nmodule.exports = express;\n",
      output: null,
      errors: [{ messageId: 'loadedBeforePatch', line: 1, column: 17, endLine: 1, endColumn: 35 }],
    },
    {
      // Native ESM: the static import after the in-file start is loaded before it too.
      filename: esm,
      code: "import * as Sentry from '@sentry/node';\nSentry.init({ tracesSampleRate: 1 });\nimport express from 'express';\nexpress();\n",
      output: null,
      errors: [{ messageId: 'esmImportBeforeStart', line: 3, column: 1, endLine: 3, endColumn: 31 }],
    },
    {
      // Native ESM: the application is imported statically and nothing is deferred: the start is too late for it.
      filename: esmApp,
      code: "import * as Sentry from '@sentry/node';\nimport { start } from './server.js';\nSentry.init({ tracesSampleRate: 1 });\nstart();\n",
      output: null,
      errors: [{ messageId: 'esmNeedsPreload', line: 3, column: 1, endLine: 3, endColumn: 37 }],
    },
    {
      filename: esm,
      code: "import fs, { readFile } from 'fs';\nimport { jest } from '@jest/globals';\njest.spyOn(fs, 'readFile');\nexport { readFile };\n",
      output: null,
      errors: [{ messageId: 'capturedBeforePatch', line: 1, column: 1, endLine: 1, endColumn: 35 }],
    },
    {
      filename: alias,
      code: "const db = require('@lib/db');\nconst settings = require('config/settings');\nrequire('module-alias/register');\nmodule.exports = { db, settings };\n",
      output: "require('module-alias/register');\nconst db = require('@lib/db');\nconst settings = require('config/settings');\nmodule.exports = { db, settings };\n",
      errors: [
        { messageId: 'loadedBeforePatch', line: 1, column: 12, endLine: 1, endColumn: 30 },
        { messageId: 'loadedBeforePatch', line: 2, column: 18, endLine: 2, endColumn: 44 },
      ],
    },
    {
      filename: cjs,
      code: "const moduleAlias = require('module-alias');\nconst db = require('@db/client');\nmoduleAlias.addAliases({ '@db': __dirname + '/db' });\nmodule.exports = db;\n",
      output: "const moduleAlias = require('module-alias');\nmoduleAlias.addAliases({ '@db': __dirname + '/db' });\nconst db = require('@db/client');\nmodule.exports = db;\n",
      errors: [{ messageId: 'loadedBeforePatch', line: 2, column: 12, endLine: 2, endColumn: 33 }],
    },
  ],
});
