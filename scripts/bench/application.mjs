// A generated TypeScript back-end of about N source files, shaped like a real service rather than a chain of
// modules: an entry (and a worker entry) that start an APM agent through a tracing module first, a logger
// that starts error reporting and is imported almost everywhere, route → service → repository → model layers,
// utilities (some of them legacy CommonJS .js), jobs, and a few files that load instrumentation targets
// (express, pg, ioredis, axios). Compiled by tsc to CommonJS (package.json scripts run dist/).
// Used by the editor bench (scripts/bench/editor.mjs) and the work-count test (test/editor-work.test.ts).
// Same (n, seed) → byte-identical tree.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: small, seedable. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The line of the probe file that the edits rewrite (`reviseProbe`). */
const REVISION = /^export const REVISION = \d+;$/m;

/**
 * Writes the application into `dir` (emptied first). `config` is the text of eslint.config.mjs, or null for none.
 * Returns { dir, files, probe }: relative paths of every source file, and the mid-graph service the editor
 * measurements open (imported by routes and other services; imports repositories, the logger, utilities).
 */
export function generateApplication(dir, n, { seed = 1, config = null } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rand = rng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const files = [];
  const write = (rp, lines) => {
    const abs = path.join(dir, rp);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, lines.join('\n') + '\n');
    if (/\.(?:[cm]?[jt]s)$/.test(rp)) files.push(rp);
  };
  const rel = (from, to) => {
    let r = path.posix.relative(path.posix.dirname(from), to).replace(/\.(?:ts|js)$/, '');
    if (!r.startsWith('.')) r = `./${r}`;
    return r;
  };

  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: `generated-app-${n}`,
        private: true,
        scripts: { build: 'tsc -p .', start: 'node dist/index.js', worker: 'node dist/worker.js' },
        dependencies: { '@sentry/node': '^8.0.0', axios: '^1.0.0', 'dd-trace': '^5.0.0', express: '^4.0.0', ioredis: '^5.0.0', lodash: '^4.0.0', pg: '^8.0.0', winston: '^3.0.0' },
      },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', rootDir: 'src', outDir: 'dist', strict: true, esModuleInterop: true, allowJs: true } }, null, 2) + '\n',
  );
  if (config !== null) writeFileSync(path.join(dir, 'eslint.config.mjs'), config);

  // Layer sizes: what is left after the fixed files, split as a typical service splits it.
  const fixed = 12;
  const rest = Math.max(n - fixed, 10);
  const count = { route: Math.max(1, Math.round(rest * 0.08)), job: Math.max(1, Math.round(rest * 0.04)), repo: Math.max(1, Math.round(rest * 0.16)), model: Math.max(1, Math.round(rest * 0.2)) };
  count.util = Math.max(2, Math.round(rest * 0.2));
  count.service = Math.max(2, rest - count.route - count.job - count.repo - count.model - count.util);
  const P = {
    route: (i) => `src/routes/${Math.floor(i / 50)}/route${i}.ts`,
    service: (i) => `src/services/${Math.floor(i / 100)}/service${i}.ts`,
    repo: (i) => `src/db/repos/repo${i}.ts`,
    model: (i) => `src/models/${Math.floor(i / 100)}/model${i}.ts`,
    util: (i) => (i % 5 === 4 ? `src/util/legacy${i}.js` : `src/util/util${i}.ts`),
    job: (i) => `src/jobs/job${i}.ts`,
  };
  const LOGGER = 'src/lib/logger.ts';

  // Fixed files: entries, the tracing and logging modules, the server, clients of instrumented packages.
  write('src/tracing.ts', [`import tracer from 'dd-trace';`, ``, `tracer.init({ service: 'api', logInjection: true });`, ``, `export default tracer;`]);
  write(LOGGER, [
    `import * as Sentry from '@sentry/node';`,
    `import winston from 'winston';`,
    ``,
    `Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 0.1 });`,
    ``,
    `export const logger = winston.createLogger({`,
    `  level: process.env.LOG_LEVEL ?? 'info',`,
    `  format: winston.format.json(),`,
    `  transports: [new winston.transports.Console()],`,
    `});`,
    ``,
    `export function reportError(error: unknown, context: Record<string, unknown> = {}): void {`,
    `  logger.error(String(error), context);`,
    `  Sentry.captureException(error, { extra: context });`,
    `}`,
  ]);
  write('src/index.ts', [
    `import './tracing';`,
    `import { logger } from './lib/logger';`,
    `import { startServer } from './server';`,
    ``,
    `startServer(Number(process.env.PORT ?? 3000)).then(() => logger.info('api started'));`,
  ]);
  write('src/worker.ts', [
    `import './tracing';`,
    `import { logger } from './lib/logger';`,
    `import { startJobs } from './jobs';`,
    ``,
    `startJobs();`,
    `logger.info('worker started');`,
  ]);
  write('src/server.ts', [
    `import express from 'express';`,
    `import { logger } from './lib/logger';`,
    `import { mountRoutes } from './routes';`,
    ``,
    `export function startServer(port: number): Promise<void> {`,
    `  const app = express();`,
    `  app.use(express.json());`,
    `  mountRoutes(app);`,
    `  return new Promise((resolve) => app.listen(port, () => {`,
    `    logger.info('listening', { port });`,
    `    resolve();`,
    `  }));`,
    `}`,
  ]);
  const routeIndex = [`import type { Express } from 'express';`];
  for (let i = 0; i < count.route; i++) routeIndex.push(`import { router${i} } from '${rel('src/routes/index.ts', P.route(i))}';`);
  routeIndex.push(``, `export function mountRoutes(app: Express): void {`);
  for (let i = 0; i < count.route; i++) routeIndex.push(`  app.use('/api/r${i}', router${i});`);
  routeIndex.push(`}`);
  write('src/routes/index.ts', routeIndex);
  const jobIndex = [];
  for (let i = 0; i < count.job; i++) jobIndex.push(`import { job${i} } from '${rel('src/jobs/index.ts', P.job(i))}';`);
  jobIndex.push(``, `export function startJobs(): void {`);
  for (let i = 0; i < count.job; i++) jobIndex.push(`  setInterval(() => void job${i}(), ${60_000 + i * 1000}).unref();`);
  jobIndex.push(`}`);
  write('src/jobs/index.ts', jobIndex);
  write('src/db/client.ts', [
    `import { Pool } from 'pg';`,
    `import { logger } from '../lib/logger';`,
    ``,
    `export const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });`,
    `pool.on('error', (error) => logger.error('pg pool error', { error }));`,
  ]);
  write('src/lib/redis.ts', [`import Redis from 'ioredis';`, ``, `export const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');`]);
  write('src/lib/http.ts', [`import axios from 'axios';`, ``, `export const http = axios.create({ timeout: 5000 });`]);
  write('src/models/base.ts', [
    `export abstract class BaseModel {`,
    `  constructor(public readonly id: string, public readonly createdAt = new Date()) {}`,
    `  toJSON(): Record<string, unknown> {`,
    `    return { id: this.id, createdAt: this.createdAt.toISOString() };`,
    `  }`,
    `}`,
  ]);
  write('src/types.ts', [`export interface Page<T> {`, `  items: T[];`, `  next: string | null;`, `}`, ``, `export type Id = string;`]);

  // Utilities: pure helpers; each may use an earlier one; every fifth is legacy CommonJS.
  for (let i = 0; i < count.util; i++) {
    const me = P.util(i);
    if (me.endsWith('.js')) {
      const lines = [`'use strict';`];
      if (i > 0 && rand() < 0.5) lines.push(`const earlier = require('${rel(me, P.util(int(0, i - 1)))}');`);
      lines.push(`function legacy${i}(value) {`, `  if (value == null) return '';`, `  return String(value).trim().toLowerCase().slice(0, ${20 + i % 40});`, `}`, `module.exports = { legacy${i} };`);
      write(me, lines);
      continue;
    }
    const lines = [];
    if (rand() < 0.3) lines.push(`import { chunk } from 'lodash';`);
    const dep = i > 0 && rand() < 0.6 ? int(0, i - 1) : -1;
    if (dep >= 0) lines.push(dep % 5 === 4 ? `import { legacy${dep} } from '${rel(me, P.util(dep))}';` : `import { util${dep} } from '${rel(me, P.util(dep))}';`);
    lines.push(
      ``,
      `export function util${i}(input: string[], size = ${2 + (i % 7)}): string[] {`,
      `  const out: string[] = [];`,
      `  for (const item of input) {`,
      `    if (item.length > size) out.push(item.slice(0, size));`,
      `    else out.push(item.padEnd(size, '-'));`,
      `  }`,
      lines.some((l) => l.includes('lodash')) ? `  return chunk(out, size).flat();` : `  return out;`,
      `}`,
    );
    write(me, lines);
  }
  const someUtil = (me) => {
    const i = int(0, count.util - 1);
    return { line: i % 5 === 4 ? `import { legacy${i} } from '${rel(me, P.util(i))}';` : `import { util${i} } from '${rel(me, P.util(i))}';`, call: i % 5 === 4 ? `legacy${i}` : `util${i}` };
  };

  // Models: classes over BaseModel, with an interface of fields; some use another model's type only.
  for (let i = 0; i < count.model; i++) {
    const me = P.model(i);
    const lines = [`import { BaseModel } from '${rel(me, 'src/models/base.ts')}';`];
    if (i > 0 && rand() < 0.4) lines.push(`import type { Model${int(0, i - 1)}Fields as Related } from '${rel(me, P.model(int(0, i - 1)))}';`);
    else lines.push(`type Related = Record<string, never>;`);
    lines.push(
      ``,
      `export interface Model${i}Fields {`,
      `  name: string;`,
      `  count: number;`,
      `  related?: Related;`,
      `}`,
      ``,
      `export class Model${i} extends BaseModel {`,
      `  constructor(id: string, public fields: Model${i}Fields) {`,
      `    super(id);`,
      `  }`,
      `  override toJSON(): Record<string, unknown> {`,
      `    return { ...super.toJSON(), ...this.fields };`,
      `  }`,
      `}`,
    );
    write(me, lines);
  }

  // Repositories: SQL through the shared pool, errors through the logger.
  for (let i = 0; i < count.repo; i++) {
    const me = P.repo(i);
    const m = int(0, count.model - 1);
    write(me, [
      `import { pool } from '../client';`,
      `import { logger } from '${rel(me, LOGGER)}';`,
      `import { Model${m}, type Model${m}Fields } from '${rel(me, P.model(m))}';`,
      ``,
      `export async function find${i}(id: string): Promise<Model${m} | null> {`,
      `  const { rows } = await pool.query('SELECT * FROM t${i} WHERE id = $1', [id]);`,
      `  if (!rows[0]) return null;`,
      `  return new Model${m}(id, rows[0] as Model${m}Fields);`,
      `}`,
      ``,
      `export async function save${i}(model: Model${m}): Promise<void> {`,
      `  try {`,
      `    await pool.query('INSERT INTO t${i} (id, data) VALUES ($1, $2)', [model.id, JSON.stringify(model)]);`,
      `  } catch (error) {`,
      `    logger.error('save${i} failed', { error });`,
      `    throw error;`,
      `  }`,
      `}`,
    ]);
  }

  // Services: repositories, later services (an occasional earlier one: a cycle), the logger, clients, utilities.
  const probeIndex = Math.floor(count.service / 2);
  for (let i = 0; i < count.service; i++) {
    const me = P.service(i);
    const lines = [`import { logger, reportError } from '${rel(me, LOGGER)}';`];
    const repos = [...new Set(Array.from({ length: int(1, 3) }, () => int(0, count.repo - 1)))];
    for (const r of repos) lines.push(`import { find${r}, save${r} } from '${rel(me, P.repo(r))}';`);
    const others = [];
    for (let k = int(0, 2); k > 0; k--) {
      const j = i + 1 + int(0, 40);
      if (j < count.service && !others.includes(j)) others.push(j);
    }
    if (i > 10 && rand() < 0.05) others.push(int(0, i - 1));
    for (const j of others) lines.push(`import * as service${j} from '${rel(me, P.service(j))}';`);
    const util = someUtil(me);
    lines.push(util.line);
    const client = rand();
    if (client < 0.1) lines.push(`import { redis } from '${rel(me, 'src/lib/redis.ts')}';`);
    else if (client < 0.2) lines.push(`import { http } from '${rel(me, 'src/lib/http.ts')}';`);
    if (i === probeIndex) lines.push(``, `export const REVISION = 0;`);
    lines.push(``, `export async function get${i}(id: string): Promise<unknown> {`);
    lines.push(`  const found = await find${repos[0]}(id);`);
    if (client < 0.1) lines.push(`  await redis.set('s${i}:' + id, JSON.stringify(found), 'EX', 60);`);
    for (const j of others) lines.push(`  void service${j};`);
    lines.push(`  logger.debug('get${i}', { id, keys: ${util.call}([id]) });`, `  return found;`, `}`);
    lines.push(``, `export async function update${i}(id: string): Promise<void> {`, `  const found = await find${repos[0]}(id);`, `  if (found) await save${repos[0]}(found);`, `}`);
    if (client >= 0.1 && client < 0.2) {
      lines.push(
        ``,
        `export async function fetch${i}(url: string, signal: AbortSignal): Promise<unknown> {`,
        `  try {`,
        `    const res = await http.get(url, { signal });`,
        `    return res.data;`,
        `  } catch (error) {`,
        `    if ((error as Error).name === 'AbortError' || (error as Error).name === 'CanceledError') throw error;`,
        `    reportError(error, { url });`,
        `    return null;`,
        `  }`,
        `}`,
      );
    } else lines.push(``, `export function fail${i}(error: unknown): void {`, `  reportError(error, { service: ${i} });`, `}`);
    write(me, lines);
  }

  // Routes: an express Router over a few services.
  for (let i = 0; i < count.route; i++) {
    const me = P.route(i);
    const services = [...new Set(Array.from({ length: int(1, 4) }, () => int(0, count.service - 1)))];
    // The probe is a mid-graph file: the first route always uses it.
    if (i === 0 && !services.includes(probeIndex)) services.push(probeIndex);
    const lines = [`import { Router } from 'express';`, `import { logger } from '${rel(me, LOGGER)}';`];
    for (const s of services) lines.push(`import { get${s} } from '${rel(me, P.service(s))}';`);
    lines.push(``, `export const router${i} = Router();`, ``);
    for (const s of services) {
      lines.push(
        `router${i}.get('/s${s}/:id', async (req, res, next) => {`,
        `  try {`,
        `    res.json(await get${s}(req.params.id));`,
        `  } catch (error) {`,
        `    logger.warn('route${i} failed', { error });`,
        `    next(error);`,
        `  }`,
        `});`,
      );
    }
    write(me, lines);
  }

  // Jobs: one service each.
  for (let i = 0; i < count.job; i++) {
    const me = P.job(i);
    const s = int(0, count.service - 1);
    write(me, [
      `import { logger } from '${rel(me, LOGGER)}';`,
      `import { update${s} } from '${rel(me, P.service(s))}';`,
      ``,
      `export async function job${i}(): Promise<void> {`,
      `  logger.info('job${i}');`,
      `  await update${s}('job-${i}');`,
      `}`,
    ]);
  }

  const probe = P.service(probeIndex);
  return { dir, files, probe };
}

/** The probe's text after edit number `k` (the REVISION line rewritten; nothing else changes). */
export function reviseProbe(text, k) {
  if (!REVISION.test(text)) throw new Error('the probe file has no REVISION line');
  return text.replace(REVISION, `export const REVISION = ${k};`);
}
