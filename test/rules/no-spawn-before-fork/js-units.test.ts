import { describe, expect, it } from 'vitest';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { summarizeJs } from '../../../src/lang/js/summarize.js';
import type { FormatInfo } from '../../../src/lang/js/format.js';
import type { ForkEvent, SpawnEvent } from '../../../src/graph/types.js';
import { spawnForkDetector } from '../../../src/lang/js/events/spawn-fork-detector.js';
import { GuardAnalyzer, join, meet } from '../../../src/lang/js/events/spawn-fork-guards.js';
import { modulePathOf } from '../../../src/lang/js/module-path.js';
import { pm2EntryFor, readPm2Config } from '../../../src/lang/js/pm2.js';
import { jsSpawnFork } from '../../../src/catalog/js-spawn-fork.js';
import { fixture } from '../../helpers/rule-tester.js';

const resolver = { resolve: (s: string) => ({ type: 'package' as const, name: s }) };
const cjs: FormatInfo = { format: 'cjs', order: 'textual', nativeEsm: false, isTypeScript: false, elideUnusedImports: false, verbatimModuleSyntax: false, reason: 'test' };
const esm: FormatInfo = { ...cjs, format: 'esm', order: 'hoisted' };

/** Spawn and fork events of a dependency-style parse (no parent pointers), as the graph sees them. */
function events(code: string, format = cjs, file = '/p/src/main.js'): string[] {
  const program = parse(code, { range: true, loc: true, jsx: false }) as TSESTree.Program;
  const summary = summarizeJs(program, { filename: file, format, resolver, detectors: [spawnForkDetector] });
  // Sorted: the order of exclusive if/else branches does not matter here (see the report on walk order).
  return summary.events.flatMap((e) => {
    if (e.kind === 'spawn') return [`spawn ${(e as SpawnEvent).spawnId} ${e.category} ${e.guard?.role ?? 'all'} @${e.loc.line}`];
    if (e.kind === 'fork') return [`fork ${(e as ForkEvent).forkId}${e.reRunsSelf ? ' self' : ''} ${e.guard?.role ?? 'all'} @${e.loc.line}`];
    return [];
  }).sort();
}

describe('spawnForkDetector (summaries of dependency files)', () => {
  it('classifies schedulers, timers, connections and forks with their guards', () => {
    expect(
      events(
        "const cluster = require('cluster');\nconst cron = require('node-cron');\ncron.schedule('* * * * *', f);\nif (cluster.isPrimary) { setInterval(f, 1); cluster.fork(); }\nelse require('mongoose').connect('x');\n",
      ),
    ).toEqual(['spawn node-cron.schedule once all @3', 'spawn setInterval once primary @4', 'fork cluster.fork self primary @4', 'spawn mongoose.connect per-process worker @5'].sort());
  });
  it('self paths: __filename, process.argv[1], import.meta.url forms, path.join(__dirname, own name)', () => {
    expect(events("const { Worker } = require('worker_threads');\nnew Worker(__filename);\nnew Worker(process.argv[1]);\nnew Worker(require('path').join(__dirname, 'main.js'));\nnew Worker('./other.js');\n")).toEqual([
      'fork worker_threads.Worker self all @2',
      'fork worker_threads.Worker self all @3',
      'fork worker_threads.Worker self all @4',
      'spawn worker_threads.Worker per-process all @5',
    ].sort());
    expect(
      events(
        "import { Worker } from 'node:worker_threads';\nimport { fileURLToPath } from 'node:url';\nnew Worker(new URL(import.meta.url));\nnew Worker(fileURLToPath(import.meta.url));\nnew Worker(import.meta.filename);\nnew Worker(new URL('./main.js', import.meta.url));\nnew Worker(new URL('./w.js', import.meta.url));\n",
        esm,
      ),
    ).toEqual([
      'fork worker_threads.Worker self all @3',
      'fork worker_threads.Worker self all @4',
      'fork worker_threads.Worker self all @5',
      'fork worker_threads.Worker self all @6',
      'spawn worker_threads.Worker per-process all @7',
    ].sort());
  });
  it('cron: only started jobs; croner only with a function; two-step activations', () => {
    expect(
      events(
        "const { CronJob } = require('cron');\nnew CronJob('* * * * *', f);\nnew CronJob('* * * * *', f, null, true);\nconst j = new CronJob('* * * * *', f);\nj.start();\nCronJob.from({ cronTime: 'x', onTick: f, start: true });\nconst { Cron } = require('croner');\nnew Cron('x');\nnew Cron('x', f);\n",
      ),
    ).toEqual(['spawn cron.CronJob once all @3', 'spawn cron.CronJob once all @5', 'spawn cron.CronJob once all @6', 'spawn croner once all @9'].sort());
  });
  it('guards through function dispatch, ternaries, negation and early return inside a followed function', () => {
    expect(
      events(
        "const cluster = require('cluster');\nfunction primary() { setInterval(f, 1); }\nfunction worker() { if (cluster.isPrimary) return; setInterval(f, 2); }\ncluster.isPrimary ? primary() : worker();\n!cluster.isWorker && setInterval(f, 3);\n",
      ),
    ).toEqual(['spawn setInterval once primary @2', 'spawn setInterval once worker @3', 'spawn setInterval once primary @5'].sort());
  });
  it('require.main === module is not a role guard', () => {
    expect(events('if (require.main === module) setInterval(f, 1);\n')).toEqual(['spawn setInterval once all @1']);
  });
  it('top-level early return in a dependency: seen when the CallSite carries the Program (requested contract field)', () => {
    const code = "const cluster = require('cluster');\nif (cluster.isWorker) return;\nsetInterval(f, 1);\n";
    const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
    const stmt = program.body[2] as TSESTree.ExpressionStatement;
    const node = stmt.expression as TSESTree.CallExpression;
    const bindings = new Map([['cluster', { specifier: 'cluster', imported: '*' }]]);
    const site = {
      node, ancestors: [stmt], bindings, filename: '/p/main.js', format: 'cjs' as const, conditional: false,
      modulePathOf: (n: TSESTree.Node) => modulePathOf(n, bindings, new Map()),
    };
    const without = spawnForkDetector(site)[0] as SpawnEvent;
    const withProgram = spawnForkDetector({ ...site, program } as typeof site)[0] as SpawnEvent;
    expect(without.guard).toBeNull(); // no parent pointers in dependency ASTs: limitation until CallSite.program exists
    expect(withProgram.guard?.role).toBe('primary');
  });
  it('calls that do not run at module time are not events', () => {
    expect(events('module.exports = () => setInterval(f, 1);\nfunction never() { setInterval(f, 2); }\n')).toEqual([]);
  });
});

function guardOfLast(code: string): string {
  const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
  const last = program.body[program.body.length - 1]!;
  const bindings = new Map([
    ['cluster', { specifier: 'node:cluster', imported: 'default' }],
    ['isMainThread', { specifier: 'worker_threads', imported: 'isMainThread' }],
    ['parentPort', { specifier: 'worker_threads', imported: 'parentPort' }],
  ]);
  const a = new GuardAnalyzer({ modulePathOf: (n) => modulePathOf(n, bindings, new Map()), program });
  const target = last.type === 'IfStatement' ? last.consequent : last;
  const g = a.guardOf(target, last === target ? [] : [last]);
  return g?.role ?? 'all';
}

describe('guard conditions', () => {
  const cases: [string, string][] = [
    ['if (cluster.isPrimary) x();', 'primary'],
    ['if (cluster.isMaster) x();', 'primary'],
    ['if (cluster.isWorker) x();', 'worker'],
    ['if (!cluster.isWorker) x();', 'primary'],
    ['if (cluster.isWorker === false) x();', 'primary'],
    ['if (isMainThread) x();', 'primary'],
    ['if (parentPort) x();', 'worker'],
    ['if (parentPort === null) x();', 'primary'],
    ["if (process.env.NODE_APP_INSTANCE === '0') x();", 'single-instance'],
    ['if (process.env.NODE_APP_INSTANCE == 0) x();', 'single-instance'],
    ["if (process.env.NODE_APP_INSTANCE !== '0') x();", 'all'],
    ["if ((process.env.NODE_APP_INSTANCE || '0') === '0') x();", 'single-instance'],
    ['if (parseInt(process.env.pm_id, 10) === 0) x();', 'single-instance'],
    ["if (!process.env.NODE_APP_INSTANCE || process.env.NODE_APP_INSTANCE === '0') x();", 'single-instance'],
    ['if (process.env.NODE_UNIQUE_ID) x();', 'worker'],
    ['if (!process.env.NODE_UNIQUE_ID) x();', 'primary'],
    ["if ('NODE_UNIQUE_ID' in process.env) x();", 'worker'],
    ['if (process.env.NODE_UNIQUE_ID === undefined) x();', 'primary'],
    ['if (process.send) x();', 'worker'],
    ["if (typeof process.send === 'function') x();", 'worker'],
    ["if (typeof process.send === 'undefined') x();", 'primary'],
    ["if (process.argv[2] === 'child') x();", 'worker'],
    ["if (process.argv[2] !== 'child') x();", 'primary'],
    ["if (process.argv.includes('--worker')) x();", 'worker'],
    ['if (process.argv.length > 2) x();', 'worker'],
    ['if (require.main === module) x();', 'all'],
    ['if (import.meta.main) x();', 'all'],
    ['if (cluster.isPrimary && process.env.FOO) x();', 'primary'],
    ['if (cluster.isPrimary || process.env.FOO) x();', 'all'],
    ["if (cluster.isWorker && process.env.NODE_APP_INSTANCE === '0') x();", 'single-instance'],
    ['if (cluster.isWorker) return;\nx();', 'primary'],
    ['if (cluster.isPrimary) { y(); } else { process.exit(0); }\nx();', 'primary'],
    ['if (cluster.isPrimary) { y(); }\nx();', 'all'],
    ['if (cluster.isPrimary) { return; } else { return; }\nx();', 'all'],
  ];
  for (const [code, role] of cases) it(`${code.replace(/\n/g, ' ')} → ${role}`, () => expect(guardOfLast(code)).toBe(role));

  it('switch on argv and switch (true)', () => {
    const program = parse("switch (process.argv[2]) { case 'child': x(); break; default: y(); }", { range: true, loc: true }) as TSESTree.Program;
    const sw = program.body[0] as TSESTree.SwitchStatement;
    const a = new GuardAnalyzer({ modulePathOf: () => null, program });
    expect(a.guardOf(sw.cases[0]!.consequent[0]!, [sw, sw.cases[0]!])?.role).toBe('worker');
    expect(a.guardOf(sw.cases[1]!.consequent[0]!, [sw, sw.cases[1]!])).toBeNull();
  });

  it('meet and join', () => {
    expect(meet(null, 'worker')).toBe('worker');
    expect(meet('worker', 'single-instance')).toBe('single-instance');
    expect(meet('primary', 'single-instance')).toBe('primary');
    expect(join('primary', 'worker')).toBeNull();
    expect(join('primary', 'single-instance')).toBe('single-instance');
  });
});

describe('PM2 ecosystem files (read statically, never executed)', () => {
  it('reads apps from ecosystem.config.js and pm2.json', () => {
    const apps = readPm2Config(fixture('js-spawn-pm2/ecosystem.config.js'));
    expect(apps.map((a) => [a.name, a.execMode, a.instances, a.instanceVar])).toEqual([
      ['api', 'cluster', 'max', 'NODE_APP_INSTANCE'],
      ['single', 'fork', 1, 'NODE_APP_INSTANCE'],
      ['custom', 'cluster', 4, 'INSTANCE_ID'],
    ]);
    expect(apps[0]!.script).toBe(fixture('js-spawn-pm2/server.js'));
    expect(readPm2Config(fixture('js-spawn-pm2/json/pm2.json')).map((a) => [a.name, a.instances])).toEqual([['worker', 2]]);
  });
  it('finds the multi-instance app that starts a file, not single-instance ones', () => {
    const root = fixture('js-spawn-pm2');
    expect(pm2EntryFor(fixture('js-spawn-pm2/server.js'), root)?.count).toBe('one instance per CPU');
    expect(pm2EntryFor(fixture('js-spawn-pm2/custom.js'), root)?.instanceVar).toBe('INSTANCE_ID');
    expect(pm2EntryFor(fixture('js-spawn-pm2/single.js'), root)).toBeNull();
    expect(pm2EntryFor(fixture('js-spawn-pm2/jobs.js'), root)).toBeNull();
    expect(pm2EntryFor(fixture('js-spawn-pm2/json/worker.js'), root)?.execMode).toBe('fork');
  });
  it('never reads above the root', () => {
    expect(pm2EntryFor(fixture('js-spawn-pm2/server.js'), fixture('js-spawn-pm2/json'))).toBeNull();
  });
  it('a broken config file yields no apps', () => {
    expect(readPm2Config(fixture('js-spawn-pm2/package.json'))).toEqual([]);
  });
});

describe('catalog', () => {
  it('every spawn is categorised and every id has a title', () => {
    for (const s of jsSpawnFork.spawns) {
      expect(['once', 'per-process']).toContain(s.category);
      expect(s.title).toBeTruthy();
    }
    expect(jsSpawnFork.forks.map((f) => f.id)).toContain('cluster.fork');
  });
});
