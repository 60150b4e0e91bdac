/**
 * What each agent patches, per configuration: the per-agent target lists of the catalog, and the literal init
 * options read at the activation call (src/lang/js/patches.ts targetsAtCall).
 */
import { describe, expect, it } from 'vitest';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { jsPatchers } from '../../../src/catalog/js-patchers.js';
import type { PatcherEntry } from '../../../src/catalog/types.js';
import { buildCatalog, patchCallDetector, targetsAtCall } from '../../../src/lang/js/patches.js';
import { summarizeJs } from '../../../src/lang/js/summarize.js';
import type { FormatInfo } from '../../../src/lang/js/format.js';

const entry = (id: string): PatcherEntry => jsPatchers.find((e) => e.id === id)!;

/** The targets of the first activation call in `code` (its first argument read as the options). */
function targetsOf(id: string, code: string): string[] {
  const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
  const stmt = program.body[program.body.length - 1] as TSESTree.ExpressionStatement;
  return targetsAtCall(entry(id), (stmt.expression as TSESTree.CallExpression).arguments[0]);
}

const cjs: FormatInfo = { format: 'cjs', order: 'textual', nativeEsm: false, isTypeScript: false, elideUnusedImports: false, verbatimModuleSyntax: false, reason: 'test' };

function patches(code: string): string[] {
  const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
  const summary = summarizeJs(program, {
    filename: '/x/main.js', format: cjs, resolver: { resolve: (s) => ({ type: 'package', name: s }) },
    detectors: [patchCallDetector(buildCatalog(), cjs)],
  });
  return summary.events.flatMap((e) => (e.kind === 'patch' ? [`${e.patcherId} ${e.loc.line}: ${e.targets.length > 6 ? `${e.targets.length} targets` : e.targets.join(', ') || 'none'}`] : []));
}

describe('per-agent target lists', () => {
  it('Sentry has no sequelize or typeorm integration, in any configuration', () => {
    for (const id of ['@sentry/node', '@sentry/nestjs', '@sentry/aws-serverless', '@sentry/google-cloud-serverless']) {
      const all = [...entry(id).targets, ...(entry(id).targetsWhen ?? []).flatMap((w) => w.targets)];
      expect(all, id).not.toContain('sequelize');
      expect(all, id).not.toContain('typeorm');
    }
  });

  it('Sentry ≥ 8 without tracing wraps only http and https; with tracesSampleRate/tracesSampler the framework and database integrations come in', () => {
    const sentry = entry('@sentry/node');
    expect(sentry.targets).toEqual(['http', 'https']);
    expect(targetsOf('@sentry/node', "Sentry.init({ dsn: process.env.SENTRY_DSN, environment: 'production' })")).toEqual(['http', 'https']);
    for (const options of ['{ dsn, tracesSampleRate: 1 }', '{ tracesSampleRate: 0 }', '{ tracesSampler: () => 0.1 }', '{ tracesSampler(ctx) { return 1; } }', '{ tracesSampleRate: env.RATE }', '{ enableTracing: true }']) {
      const targets = targetsOf('@sentry/node', `Sentry.init(${options})`);
      expect(targets, options).toEqual(expect.arrayContaining(['http', 'koa', 'express', 'pg', 'ioredis', 'mysql2', 'mongodb']));
    }
    // Written but off: `undefined`/`null`, and `enableTracing: false`.
    expect(targetsOf('@sentry/node', 'Sentry.init({ tracesSampleRate: undefined, enableTracing: false })')).toEqual(['http', 'https']);
    expect(targetsOf('@sentry/node', 'Sentry.init({ tracesSampleRate: null })')).toEqual(['http', 'https']);
  });

  it('options that are not a literal keep the documented default', () => {
    // A variable, a spread that may hold the key, a computed key: unknown.
    expect(targetsOf('@sentry/node', 'Sentry.init(options)')).toEqual(['http', 'https']);
    expect(targetsOf('@sentry/node', 'Sentry.init({ tracesSampleRate: 1, ...base })')).toEqual(['http', 'https']);
    expect(targetsOf('@sentry/node', 'Sentry.init({ [key]: 1 })')).toEqual(['http', 'https']);
    expect(targetsOf('dd-trace', "tracer.init({ plugins: process.env.DD_PLUGINS === 'on' })")).toBe(entry('dd-trace').targets);
    expect(targetsOf('dd-trace', 'tracer.init(config)')).toBe(entry('dd-trace').targets);
    // A key written after the spread is known.
    expect(targetsOf('@sentry/node', 'Sentry.init({ ...base, tracesSampleRate: 0.2 })')).toContain('koa');
    expect(targetsOf('dd-trace', 'tracer.init({ ...base, plugins: false })')).toEqual([]);
  });

  it('dd-trace with `plugins: false` patches nothing; `tracer.use(name)` turns that integration on', () => {
    expect(targetsOf('dd-trace', "tracer.init({ service: 'api', plugins: false })")).toEqual([]);
    expect(targetsOf('dd-trace', 'tracer.init({ plugins: true })')).toBe(entry('dd-trace').targets);
    expect(patches("const tracer = require('dd-trace').init({ plugins: false });\ntracer.use('pg');\ntracer.use('http', { client: true });\ntracer.use(name);\n")).toEqual([
      'dd-trace 1: none',
      'dd-trace 2: pg',
      'dd-trace 3: http, https',
    ]);
    expect(patches("const tracer = require('dd-trace');\ntracer.init({ plugins: false });\ntracer.use('express');\n")).toEqual(['dd-trace 2: none', 'dd-trace 3: express']);
    expect(patches("require('dd-trace').init({ plugins: false }).use('koa');\n")).toEqual(['dd-trace 1: none', 'dd-trace 1: koa, @koa/router, koa-router']);
  });

  it('Elastic APM with `active: false` or `instrument: false` patches nothing', () => {
    expect(targetsOf('elastic-apm-node', "apm.start({ serviceName: 'api', active: false })")).toEqual([]);
    expect(targetsOf('elastic-apm-node', 'apm.start({ instrument: false })')).toEqual([]);
    expect(targetsOf('elastic-apm-node', "apm.start({ serviceName: 'api' })")).toBe(entry('elastic-apm-node').targets);
  });

  it('each agent with a vendor list has its own list and cites it', () => {
    const agents = jsPatchers.filter((e) => e.family === 'instrument-first');
    for (const e of agents) expect(e.source, e.id).toBeTruthy();
    const lists = new Set(['dd-trace', 'newrelic', 'elastic-apm-node', '@opentelemetry/sdk-node', '@sentry/node', '@instana/collector', '@splunk/otel'].map((id) => entry(id).targets.join()));
    expect(lists.size).toBe(7);
    // Vendor facts behind some differences: New Relic has no sequelize, Elastic instruments Koa through its routers only.
    expect(entry('newrelic').targets).not.toContain('sequelize');
    expect(entry('elastic-apm-node').targets).toEqual(expect.arrayContaining(['koa-router', '@koa/router']));
    expect(entry('elastic-apm-node').targets).not.toContain('koa');
  });
});
