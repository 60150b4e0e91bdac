/**
 * The full text of no-import-before-patch's messages, as a user reads them: the fixture projects the rule's
 * tests and the demo use (and a few inline cases for the message kinds they do not cover) are linted
 * through the ESLint class with this rule alone, and every report is written as
 * `fixtures-relative/file:line:col  message` (suggestions indented below it) to a file snapshot.
 * A wording change shows up as a readable diff of that file; `vitest -u` rewrites it.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../../src/index.js';
import { firstSentence, HEADLINE_MAX } from '../../../src/checks/no-import-before-patch/messages.js';

const RULE = 'patch-order/no-import-before-patch';
const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

interface Project {
  label: string;
  dir: string;
  files?: string[];
  settings?: Record<string, unknown>;
}

/** Inline cases for message kinds and shapes the fixture projects do not show. */
const INLINE: Record<string, Record<string, string>> = {
  'cjs-each-statement': {
    'package.json': '{ "type": "commonjs" }\n',
    'main.js': "const express = require('express');\nconst pg = require('pg');\nrequire('dd-trace').init();\n",
  },
  'cjs-declared-tracer': {
    'package.json': '{ "type": "commonjs" }\n',
    'main.js': "function handler() {\n  return tracer;\n}\nconst express = require('express');\nconst tracer = require('dd-trace').init({ service: 'api' });\nmodule.exports = { express, handler };\n",
  },
  'cjs-copies': {
    'package.json': '{ "type": "commonjs" }\n',
    'main.js': "const { request, get, Agent } = require('http');\nrequire('newrelic');\n",
  },
  'cjs-require-hook': {
    'package.json': '{ "type": "commonjs" }\n',
    'main.js': "require('./a');\nrequire('./b');\nrequire('ts-node/register');\n",
    'a.js': 'module.exports = 1;\n',
    'b.js': 'module.exports = 2;\n',
  },
  'cjs-one-line-two-targets': {
    'package.json': '{ "type": "commonjs" }\n',
    'main.js': "require('./server');\nrequire('elastic-apm-node').start();\n",
    'server.js': "const express = require('express');\nconst { Pool } = require('pg');\nmodule.exports = { express, Pool };\n",
  },
  'cjs-env': {
    'package.json': '{ "type": "commonjs" }\n',
    'main.js': "const port = process.env.PORT;\nconst { HOST, USER } = process.env;\nrequire('dotenv').config();\n",
  },
  'cjs-sinon': {
    'package.json': '{ "type": "commonjs" }\n',
    'test.js': "const fs = require('fs');\nconst { readFileSync } = require('fs');\nconst sinon = require('sinon');\nsinon.stub(fs, 'readFileSync');\nmodule.exports = readFileSync;\n",
  },
  'esm-hoisted-entry': {
    'package.json': '{ "type": "commonjs" }\n',
    'main.js': "import tracer from 'dd-trace';\ntracer.init();\nimport express from 'express';\nexpress();\n",
  },
  'esm-polyfills': {
    'package.json': '{ "type": "commonjs" }\n',
    'main.js': "import { container } from 'tsyringe';\nimport 'reflect-metadata';\nimport 'zone.js';\nimport 'core-js/stable';\nexport { container };\n",
  },
  'node-test-mock': {
    'package.json': '{ "type": "module" }\n',
    'config.test.js': "import { mock, test } from 'node:test';\nimport { readConfig } from './config.js';\ntest('reads', (t) => {\n  t.mock.module('./config.js', { namedExports: { readConfig: () => ({}) } });\n  readConfig();\n});\n",
    'config.js': 'export const readConfig = () => ({});\n',
  },
  'py-gevent-targets': {
    'app.py': 'import threading\nfrom threading import Lock, Event\nfrom socket import create_connection\nfrom time import sleep\nimport requests\n\nfrom gevent import monkey\nmonkey.patch_all()\n',
  },
  'py-patch-thread': {
    'worker.py': 'from _thread import allocate_lock\nimport threading\nimport gevent.monkey; gevent.monkey.patch_thread()\n',
  },
  'py-env-and-polyfills': {
    'train.py': 'import torch\nimport tensorflow\nimport os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0"\n',
    'plot.py': 'import matplotlib.pyplot as plt\nimport matplotlib\nmatplotlib.use("Agg")\n',
    'setup.py': 'import distutils.core\nimport setuptools\n',
    'web.py': 'from flask import Flask\nfrom opentelemetry.instrumentation.flask import FlaskInstrumentor\nFlaskInstrumentor().instrument()\napp = Flask(__name__)\n',
  },
};

let inlineRoot = '';
beforeAll(() => {
  inlineRoot = mkdtempSync(path.join(tmpdir(), 'patch-order-import-messages-'));
  for (const [name, files] of Object.entries(INLINE)) {
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(inlineRoot, name, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
});
afterAll(() => {
  if (inlineRoot) rmSync(inlineRoot, { recursive: true, force: true });
});

function projects(): Project[] {
  const dirs = (parent: string) => readdirSync(path.join(FIXTURES, parent), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const py = readdirSync(FIXTURES).filter((n) => /^py-(seed-\d+|local-chain)-/u.test(n)).sort();
  return [
    { label: 'examples', dir: path.join(FIXTURES, 'examples') },
    ...dirs('projects').map((n) => ({ label: `projects/${n}`, dir: path.join(FIXTURES, 'projects', n), ...(n === 'broken' ? { files: ['main.js'] } : {}) })),
    { label: 'projects/ts-cjs (emitter babel)', dir: path.join(FIXTURES, 'projects', 'ts-cjs'), settings: { emitter: 'babel' } },
    ...py.map((n) => ({ label: n, dir: path.join(FIXTURES, n) })),
    ...Object.keys(INLINE).map((n) => ({ label: `inline/${n}`, dir: path.join(inlineRoot, n) })),
  ];
}

interface Dump {
  lines: string[];
  messages: string[];
}

async function dump(): Promise<Dump> {
  const lines: string[] = [];
  const messages: string[] = [];
  for (const p of projects()) {
    const settings = { 'patch-order': p.settings ?? {} };
    const rules: Linter.RulesRecord = { [RULE]: 'error' };
    const eslint = new ESLint({
      cwd: p.dir,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser as never } },
        { files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'], plugins: { 'patch-order': plugin as never }, settings, rules },
        { files: ['**/*.py'], plugins: { 'patch-order': plugin as never }, language: 'patch-order/python', settings, rules },
      ],
      errorOnUnmatchedPattern: false,
    });
    const results = await eslint.lintFiles(p.files ?? ['.']);
    results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    for (const r of results) {
      const file = path.relative(p.dir, r.filePath).split(path.sep).join('/');
      for (const m of r.messages) {
        if (m.ruleId !== RULE) continue;
        lines.push(`${p.label}/${file}:${m.line}:${m.column}  ${m.message}`);
        for (const s of m.suggestions ?? []) lines.push(`    suggestion: ${s.desc}`);
        messages.push(m.message);
      }
    }
  }
  return { lines, messages };
}

describe('no-import-before-patch messages', () => {
  let result: Dump;
  beforeAll(async () => {
    result = await dump();
  }, 120_000);

  it('the text of every report on the fixture projects, the demo and the inline cases', async () => {
    expect(result.messages.length).toBeGreaterThan(30);
    await expect(`${result.lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/messages.txt');
  });

  it(`every message's first sentence says what is wrong and where, in at most ${HEADLINE_MAX} characters`, () => {
    const long = result.messages.map((m) => firstSentence(m)).filter((s) => s.length > HEADLINE_MAX);
    expect(long).toEqual([]);
    // The first sentence is a sentence of its own, with the details after it.
    for (const m of result.messages) expect(m.length, m).toBeGreaterThan(firstSentence(m).length);
  });

  it('a finding about threading does not talk about ssl, and one about ssl does not talk about threading locks', () => {
    const threading = result.messages.filter((m) => /^'threading' is loaded|copied out of 'threading'/u.test(m));
    const ssl = result.messages.filter((m) => /copied out of 'ssl'|^'ssl' is loaded/u.test(m));
    expect(threading.length).toBeGreaterThan(2);
    expect(ssl.length).toBeGreaterThan(0);
    for (const m of threading) expect(m).not.toMatch(/ssl/iu);
    for (const m of ssl) expect(m).not.toMatch(/Lock|threading/u);
  });
});

describe('firstSentence', () => {
  it("ends at the first '. ' or ': '", () => {
    expect(firstSentence("'pg' is loaded before X takes effect at line 2. Symptom: it is lost.")).toBe("'pg' is loaded before X takes effect at line 2.");
    expect(firstSentence('Replace it: now.')).toBe('Replace it:');
    expect(firstSentence('No end')).toBe('No end');
  });
});
