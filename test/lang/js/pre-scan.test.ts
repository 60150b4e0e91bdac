// The JS text pre-scan: which patchers a file's text may activate. A program walk waits for a file only while one of
// those patchers can still matter, so the scan may name too many (safe: the walk goes on), never too few.
import { describe, expect, it } from 'vitest';
import { jsLightScanner, patcherMentions } from '../../../src/lang/js/pre-scan.js';
import { buildCatalog } from '../../../src/lang/js/patches.js';
import type { Resolver } from '../../../src/graph/types.js';

const noFiles: Resolver = { resolve: (specifier) => ({ type: 'package', name: specifier }) };
const scan = jsLightScanner(noFiles, patcherMentions(buildCatalog([])));
const of = (text: string) => {
  const s = scan('/p/src/a.ts', text);
  return { hit: s.hit, patchers: s.patchers ?? null };
};

describe('jsLightScanner: the patchers a file may activate', () => {
  it('the activating call by name: Sentry.init starts Sentry', () => {
    expect(of(`import * as Sentry from '@sentry/node';\nSentry.init({ dsn });\n`)).toEqual({ hit: true, patchers: ['@sentry/node'] });
  });

  it('the package named without its activating call (addBreadcrumb): a mention, but no patcher to wait for', () => {
    expect(of(`import { addBreadcrumb } from '@sentry/node';\naddBreadcrumb({ message: 'x' });\n`)).toEqual({ hit: true, patchers: [] });
  });

  it('a side-effect activation by its module: newrelic, dd-trace/init', () => {
    expect(of(`import 'newrelic';\n`).patchers).toEqual(['newrelic']);
    expect(of(`require('dd-trace/init');\n`).patchers).toEqual(['dd-trace']);
  });

  it('dd-trace: init, and the enable call `use`', () => {
    expect(of(`import tracer from 'dd-trace';\ntracer.use('pg');\n`).patchers).toEqual(['dd-trace']);
    expect(of(`import tracer from 'dd-trace';\nexport const span = tracer.startSpan('x');\n`).patchers).toEqual([]);
  });

  it('OpenTelemetry: `new NodeSDK().start` is found by its class name', () => {
    expect(of(`import { NodeSDK } from '@opentelemetry/sdk-node';\nnew NodeSDK({}).start();\n`).patchers).toEqual(['@opentelemetry/sdk-node']);
  });

  it('dotenv: any use may load it (its own parse written into process.env counts)', () => {
    expect(of(`import dotenv from 'dotenv';\nprocess.env = { ...dotenv.parse(text), ...process.env };\n`).patchers).toEqual(['dotenv']);
  });

  it('a type-only import loads nothing: not a mention at all', () => {
    expect(of(`import type { Tracer } from 'dd-trace';\nexport let t: Tracer;\n`)).toEqual({ hit: false, patchers: null });
    expect(of(`export type { Span } from 'dd-trace';\n`)).toEqual({ hit: false, patchers: null });
  });

  it('an import that names types inside braces is still a mention (it may be kept for its side effect)', () => {
    expect(of(`import { type Tracer } from 'dd-trace';\nrequire('dd-trace').init();\n`).patchers).toEqual(['dd-trace']);
  });

  it('a mock call may stand for any patcher: no list (the walk waits for the file to run)', () => {
    expect(of(`import { jest } from '@jest/globals';\njest.spyOn(fs, 'readFile');\n`)).toEqual({ hit: true, patchers: null });
    // Every mock call of the catalog is searched for, each as plain text.
    for (const call of ["mock.module('./db.js', {})", "jest.unstable_mockModule('./db.js', () => ({}))", "sinon.stub(db, 'query')", "vi.spyOn(db, 'query')"]) {
      expect(of(`import { db } from './db.js';\n${call};\n`), call).toEqual({ hit: true, patchers: null });
    }
    expect(of(`import { db } from './db.js';\nmockModule(db);\n`)).toEqual({ hit: false, patchers: null });
  });

  it('no patcher named: no mention', () => {
    expect(of(`import express from 'express';\nexpress();\n`)).toEqual({ hit: false, patchers: null });
  });
});

describe('jsLightScanner: what a file may copy out of the modules it loads', () => {
  const files: Resolver = {
    resolve: (specifier) => (specifier.startsWith('.') ? { type: 'file', path: `/p/src/${specifier.slice(2)}.ts` } : specifier.startsWith('node:') ? { type: 'builtin', name: specifier.slice(5) } : { type: 'package', name: specifier.split('/')[0]! }),
  };
  const withFiles = jsLightScanner(files, patcherMentions(buildCatalog([])));

  it('a require call: it may destructure one (a copy); import syntax alone, compiled, takes none', () => {
    expect(withFiles('/p/src/a.ts', `const { store } = require('./storage');\n`).requireCall).toBe(true);
    expect(withFiles('/p/src/a.ts', `const { store } = require (\n  "./storage"\n);\n`).requireCall).toBe(true);
    expect(withFiles('/p/src/a.ts', `import storage from './storage';\nimport { x } from 'lodash';\n`).requireCall).toBe(false);
  });

  it('the packages and built-in modules it names, once each, by package name (not the local files)', () => {
    const s = withFiles('/p/src/a.ts', `import fs from 'node:fs';\nimport get from 'lodash/get';\nimport { map } from 'lodash';\nimport s from './storage';\n`);
    expect(s.packages).toEqual(['fs', 'lodash']);
    expect(s.deps).toEqual(['/p/src/storage.ts']);
  });
});
