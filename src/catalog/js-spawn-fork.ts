/**
 * Spawn and fork APIs, as DATA (DESIGN.md §2): what re-runs a module in another process or thread
 * (fork points), what starts long-lived work (spawns) and how that work is meant to scale, and which
 * expressions tell processes apart (guards). One object per language: `jsSpawnFork` here; the Python
 * catalog (`pySpawnFork`, os.fork / multiprocessing / gunicorn) lives next to it with the same shape.
 *
 * Facts behind the entries: ../../docs/rules/no-spawn-before-fork.md and the Node docs
 * (cluster, worker_threads, child_process) and PM2's cluster-mode / environment pages.
 */

/**
 * A call written as a path from a module's export, in the notation of CallSite.modulePathOf:
 * `schedule` for `require('node-cron').schedule(…)`, `new CronJob()` for `new CronJob(…)`,
 * `new ()` for `new (require('bree'))(…)` (a default-exported class), `new CronJob().start` for
 * `new CronJob(…).start()` or `const job = new CronJob(…); job.start()`.
 */
export interface CallPattern {
  /** Module specifiers, without the `node:` prefix of builtins. */
  modules: string[];
  /** `call`: the callee's path is `path`; `new`: the constructed class's path is `path`. */
  kind: 'call' | 'new';
  path: string;
  /** Only when this argument is the literal `true` (`new CronJob(expr, fn, null, true)` starts it). */
  argTrue?: number;
  /** Only when argument `arg` is an object literal whose `key` is the literal `true` (`CronJob.from({ start: true })`). */
  objectKeyTrue?: { arg: number; key: string };
  /** Only with at least this many arguments (`new Cron(expr, fn)` runs; `new Cron(expr)` does not). */
  minArgs?: number;
}

export interface SpawnEntry extends CallPattern {
  /** Stable id used in messages and options: `node-cron.schedule`, `setInterval`. */
  id: string;
  /** What users know it as, for messages. */
  title: string;
  /**
   * `once`: must run in exactly one process (a cron job, a scheduler, an interval doing global work):
   * duplicated it does the work N+1 times. `per-process`: each process is meant to own one (a
   * connection, a subscription, a queue consumer, a worker pool): in a process that only forks
   * (the cluster primary) it is wasted and, for subscriptions, handles every message once more.
   */
  category: 'once' | 'per-process';
  /**
   * Written inside an explicit worker branch it is taken as meant per worker (a heartbeat
   * `setInterval(() => process.send('alive'))`), so only an unguarded one is reported.
   */
  workerBranchIsIntent?: boolean;
}

export interface ForkEntry extends CallPattern {
  id: string;
  title: string;
  /**
   * `cluster`: the library forks copies of the entry script (process.argv[1]); `self-arg`: the first
   * argument names the file the child runs, which re-runs this module only when it is this file.
   */
  how: 'cluster' | 'self-arg';
  /** Thread or process (worker_threads children share the process but re-run module scope). */
  unit: 'process' | 'thread';
  /** Recommended guard for code that must run once (used in messages and fixes). */
  primaryGuard: string;
}

/** `cluster.setupPrimary({ exec })`: forks run `exec` instead of this file. */
export interface ExecRedirectEntry extends CallPattern {
  id: string;
  /** Property of the first argument that names the worker script. */
  execKey: string;
}

/** A boolean the runtime sets that tells the roles apart. */
export interface RoleFlag {
  modules: string[];
  path: string;
  /** The role of the processes where the flag is truthy. */
  whenTrue: 'primary' | 'worker';
}

export interface SpawnForkCatalog {
  spawns: SpawnEntry[];
  forks: ForkEntry[];
  execRedirects: ExecRedirectEntry[];
  /** Global calls (no import): `setInterval(...)`. */
  globalSpawns: { name: string; id: string; title: string; category: 'once' | 'per-process'; workerBranchIsIntent?: boolean }[];
  roleFlags: RoleFlag[];
  /** process.env variables whose presence marks a child: cluster sets NODE_UNIQUE_ID in workers. */
  workerEnvVars: string[];
  /** process.env variables that number instances (PM2: NODE_APP_INSTANCE, pm_id). Instance '0' runs once-only work. */
  instanceEnvVars: string[];
  /** Config files PM2 reads, nearest directory first. */
  pm2ConfigFiles: string[];
}

const CLUSTER = ['cluster'];
const WT = ['worker_threads'];
const CP = ['child_process'];

export const jsSpawnFork: SpawnForkCatalog = {
  forks: [
    { id: 'cluster.fork', title: 'cluster.fork()', modules: CLUSTER, kind: 'call', path: 'fork', how: 'cluster', unit: 'process', primaryGuard: 'cluster.isPrimary' },
    { id: 'child_process.fork', title: 'child_process.fork()', modules: CP, kind: 'call', path: 'fork', how: 'self-arg', unit: 'process', primaryGuard: "process.argv[2] !== 'child'" },
    { id: 'worker_threads.Worker', title: 'new Worker()', modules: WT, kind: 'new', path: 'Worker', how: 'self-arg', unit: 'thread', primaryGuard: 'isMainThread' },
    // Libraries that wrap cluster: everything at module scope outside their callbacks runs in the
    // primary and in every worker they fork.
    { id: 'throng', title: 'throng()', modules: ['throng'], kind: 'call', path: '', how: 'cluster', unit: 'process', primaryGuard: 'cluster.isPrimary' },
    { id: 'sticky-cluster', title: 'sticky-cluster', modules: ['sticky-cluster'], kind: 'call', path: '', how: 'cluster', unit: 'process', primaryGuard: 'cluster.isPrimary' },
    { id: 'express-cluster', title: 'express-cluster', modules: ['express-cluster'], kind: 'call', path: '', how: 'cluster', unit: 'process', primaryGuard: 'cluster.isPrimary' },
    { id: 'cluster-service', title: 'cluster-service', modules: ['cluster-service'], kind: 'call', path: 'start', how: 'cluster', unit: 'process', primaryGuard: 'cluster.isPrimary' },
  ],
  execRedirects: [
    { id: 'cluster.setupPrimary', modules: CLUSTER, kind: 'call', path: 'setupPrimary', execKey: 'exec' },
    { id: 'cluster.setupMaster', modules: CLUSTER, kind: 'call', path: 'setupMaster', execKey: 'exec' },
  ],
  globalSpawns: [{ name: 'setInterval', id: 'setInterval', title: 'setInterval()', category: 'once', workerBranchIsIntent: true }],
  spawns: [
    // ---- once: schedulers and timers
    { id: 'setInterval', title: 'setInterval()', modules: ['timers'], kind: 'call', path: 'setInterval', category: 'once', workerBranchIsIntent: true },
    { id: 'setInterval', title: 'setInterval()', modules: ['timers/promises'], kind: 'call', path: 'setInterval', category: 'once', workerBranchIsIntent: true },
    { id: 'node-cron.schedule', title: 'cron.schedule()', modules: ['node-cron'], kind: 'call', path: 'schedule', category: 'once' },
    { id: 'cron.CronJob', title: 'new CronJob(…, true)', modules: ['cron'], kind: 'new', path: 'CronJob', argTrue: 3, category: 'once' },
    { id: 'cron.CronJob', title: 'CronJob.start()', modules: ['cron'], kind: 'call', path: 'new CronJob().start', category: 'once' },
    { id: 'cron.CronJob', title: 'CronJob.from({ start: true })', modules: ['cron'], kind: 'call', path: 'CronJob.from', objectKeyTrue: { arg: 0, key: 'start' }, category: 'once' },
    { id: 'cron.CronJob', title: 'CronJob.start()', modules: ['cron'], kind: 'call', path: 'CronJob.from().start', category: 'once' },
    { id: 'cron.job', title: 'cron.job(…, true)', modules: ['cron'], kind: 'call', path: 'job', argTrue: 3, category: 'once' },
    { id: 'node-schedule.scheduleJob', title: 'schedule.scheduleJob()', modules: ['node-schedule'], kind: 'call', path: 'scheduleJob', category: 'once' },
    { id: 'croner', title: 'new Cron(…, fn)', modules: ['croner'], kind: 'new', path: 'Cron', minArgs: 2, category: 'once' },
    { id: 'croner', title: 'Cron(…, fn)', modules: ['croner'], kind: 'call', path: 'Cron', minArgs: 2, category: 'once' },
    { id: 'croner', title: 'new Cron(…, fn)', modules: ['croner'], kind: 'new', path: '', minArgs: 2, category: 'once' },
    { id: 'croner', title: 'Cron(…, fn)', modules: ['croner'], kind: 'call', path: '', minArgs: 2, category: 'once' },
    { id: 'bree', title: 'bree.start()', modules: ['bree'], kind: 'call', path: 'new ().start', category: 'once' },
    { id: 'toad-scheduler', title: 'scheduler.addSimpleIntervalJob()', modules: ['toad-scheduler'], kind: 'call', path: 'new ToadScheduler().addSimpleIntervalJob', category: 'once' },
    { id: 'toad-scheduler', title: 'scheduler.addCronJob()', modules: ['toad-scheduler'], kind: 'call', path: 'new ToadScheduler().addCronJob', category: 'once' },
    // ---- per-process: each process owns one (wasted, or handling messages twice, in a primary that only forks)
    // Agenda locks jobs in MongoDB, so one processor per process is its documented scaling model.
    { id: 'agenda.start', title: 'agenda.start()', modules: ['agenda'], kind: 'call', path: 'new Agenda().start', category: 'per-process' },
    { id: 'agenda.start', title: 'agenda.start()', modules: ['agenda'], kind: 'call', path: 'new ().start', category: 'per-process' },
    { id: 'worker_threads.Worker', title: 'new Worker()', modules: WT, kind: 'new', path: 'Worker', category: 'per-process' },
    { id: 'child_process.fork', title: 'child_process.fork()', modules: CP, kind: 'call', path: 'fork', category: 'per-process' },
    { id: 'child_process.spawn', title: 'child_process.spawn()', modules: CP, kind: 'call', path: 'spawn', category: 'per-process' },
    { id: 'mongoose.connect', title: 'mongoose.connect()', modules: ['mongoose'], kind: 'call', path: 'connect', category: 'per-process' },
    { id: 'mongoose.createConnection', title: 'mongoose.createConnection()', modules: ['mongoose'], kind: 'call', path: 'createConnection', category: 'per-process' },
    { id: 'mongodb.connect', title: 'MongoClient.connect()', modules: ['mongodb'], kind: 'call', path: 'MongoClient.connect', category: 'per-process' },
    { id: 'mongodb.connect', title: 'client.connect()', modules: ['mongodb'], kind: 'call', path: 'new MongoClient().connect', category: 'per-process' },
    { id: 'ioredis', title: 'new Redis()', modules: ['ioredis'], kind: 'new', path: '', category: 'per-process' },
    { id: 'ioredis', title: 'new Redis()', modules: ['ioredis'], kind: 'new', path: 'Redis', category: 'per-process' },
    { id: 'redis.connect', title: 'redis client.connect()', modules: ['redis'], kind: 'call', path: 'createClient().connect', category: 'per-process' },
    { id: 'redis.subscribe', title: 'redis subscribe()', modules: ['redis'], kind: 'call', path: 'createClient().subscribe', category: 'per-process' },
    { id: 'redis.subscribe', title: 'redis subscribe()', modules: ['redis'], kind: 'call', path: 'createClient().duplicate().subscribe', category: 'per-process' },
    { id: 'pg.connect', title: 'pg client.connect()', modules: ['pg'], kind: 'call', path: 'new Client().connect', category: 'per-process' },
    { id: 'pg.connect', title: 'pg pool.connect()', modules: ['pg'], kind: 'call', path: 'new Pool().connect', category: 'per-process' },
    { id: 'mysql2.createConnection', title: 'mysql.createConnection()', modules: ['mysql2', 'mysql2/promise'], kind: 'call', path: 'createConnection', category: 'per-process' },
    { id: 'amqplib.connect', title: 'amqp.connect()', modules: ['amqplib', 'amqplib/callback_api'], kind: 'call', path: 'connect', category: 'per-process' },
    { id: 'bull.process', title: 'queue.process()', modules: ['bull', 'bee-queue'], kind: 'call', path: 'new ().process', category: 'per-process' },
    { id: 'bullmq.Worker', title: 'new Worker() (BullMQ)', modules: ['bullmq'], kind: 'new', path: 'Worker', category: 'per-process' },
    { id: 'kafkajs.consumer', title: 'consumer.run()', modules: ['kafkajs'], kind: 'call', path: 'new Kafka().consumer().run', category: 'per-process' },
  ],
  roleFlags: [
    { modules: CLUSTER, path: 'isPrimary', whenTrue: 'primary' },
    { modules: CLUSTER, path: 'isMaster', whenTrue: 'primary' },
    { modules: CLUSTER, path: 'isWorker', whenTrue: 'worker' },
    { modules: WT, path: 'isMainThread', whenTrue: 'primary' },
    { modules: WT, path: 'parentPort', whenTrue: 'worker' },
  ],
  workerEnvVars: ['NODE_UNIQUE_ID'],
  instanceEnvVars: ['NODE_APP_INSTANCE', 'pm_id'],
  pm2ConfigFiles: ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.mjs', 'ecosystem.config.json', 'ecosystem.json', 'pm2.json', 'pm2.config.js'],
};

/** `node:cluster` → `cluster`. */
export function normalizeSpecifier(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}
