import { describe, expect, it } from 'vitest';
import { fixProblems } from '../../helpers/fix-settles.js';
import { fixture } from '../../helpers/rule-tester.js';

const cjs = fixture('unit/cjs/main.js');
const compiled = fixture('unit/cjs/compiled.js');

// Every fixable shape of the rule's tests, re-linted after the fix: parses, and the problem is gone.
const cases = [
  { filename: cjs, code: "const express = require('express');\nrequire('dd-trace').init();\n" },
  { filename: cjs, code: "const { request } = require('http');\nrequire('dd-trace').init();\n" },
  { filename: cjs, code: "const instana = require('@instana/collector');\nconst express = require('express');\ninstana();\n" },
  { filename: cjs, code: "const { NodeSDK } = require('@opentelemetry/sdk-node');\nconst sdk = new NodeSDK({});\nconst pg = require('pg');\nsdk.start();\n" },
  { filename: cjs, code: "function setupTracing() {\n  require('dd-trace').init();\n}\nconst pg = require('pg');\nsetupTracing();\n" },
  { filename: cjs, code: "if (process.env.DB) require('pg');\nrequire('dd-trace').init();\n" },
  { filename: cjs, code: "require('./app');\nrequire('ts-node/register');\n" },
  { filename: compiled, code: "import express from 'express';\nimport 'dd-trace/init';\n" },
  { filename: compiled, code: "import tracer from 'dd-trace';\ntracer.init();\nimport express from 'express';\n" },
  { filename: compiled, code: "import { container } from 'tsyringe';\nimport 'reflect-metadata';\n" },
  { filename: compiled, code: "import 'zone.js';\nimport 'core-js/stable';\n" },
  { filename: cjs, code: "const pg = require('pg');\r\nconst redis = require('redis');\r\nrequire('dd-trace').init();\r\n" },
  { filename: cjs, code: "'use strict';\n\nconst express = require('express'); // web\n\nrequire('dd-trace').init(); // tracing\n" },
  // The declaration form, automatic and as a suggestion.
  { filename: cjs, code: "const express = require('express');\nconst tracer = require('dd-trace').init({ service: 'api' });\nmodule.exports = { express, tracer };\n" },
  { filename: cjs, code: "function handler() {\n  return tracer;\n}\nconst express = require('express');\nconst tracer = require('dd-trace').init();\nmodule.exports = { express, handler };\n" },
  // Leading comments move along; the landing skips a directive that opens the file.
  { filename: cjs, code: "const express = require('express');\n\n// Start tracing before anything else.\n// (dd-trace patches modules as they load)\nrequire('dd-trace').init();\n\nexpress();\n" },
  { filename: cjs, code: "// @ts-check\nconst express = require('express');\n// web framework\nconst pg = require('pg');\n// tracing\nrequire('dd-trace').init();\n" },
  { filename: cjs, code: "#!/usr/bin/env node\n/* tracing */ const express = require('express');\nrequire('dd-trace').init();" },
  { filename: cjs, code: "require('./a');\nrequire('./b');\nrequire('ts-node/register');\n" },
];

describe('no-import-before-patch fixes settle', () => {
  for (const c of cases) {
    it(JSON.stringify(c.code), () => {
      expect(fixProblems('no-import-before-patch', c)).toEqual([]);
    });
  }
});
