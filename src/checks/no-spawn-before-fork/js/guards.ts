/**
 * The role check a repair of no-spawn-before-fork puts around work (`cluster.isPrimary`, `isMainThread`,
 * `process.argv[2] !== 'child'`), spelled with the file's own bindings. Null when the file gives no way to
 * say it: an ES module that does not import the module the check needs (a `require` there would not run).
 */
import type { FileScan, ForkPoint } from './scan.js';

export class RoleGuards {
  /** `commonJs`: the file is CommonJS, so `require('node:cluster').isPrimary` works without an import. */
  constructor(
    private readonly scan: FileScan,
    private readonly commonJs: () => boolean,
  ) {}

  /** The check that holds in the process that runs `fork` (the primary, main thread or parent). */
  primary(fork: ForkPoint): string | null {
    const entry = fork.match.entry;
    if (entry.how === 'cluster') return this.cluster('isPrimary');
    return entry.unit === 'thread' ? this.thread() : argvGuard(fork);
  }

  cluster(flag: 'isPrimary' | 'isWorker'): string | null {
    const ns = this.scan.namespaceOf('cluster');
    if (ns) return `${ns}.${flag}`;
    const named = this.scan.namedOf('cluster', flag) ?? (flag === 'isPrimary' ? this.scan.namedOf('cluster', 'isMaster') : null);
    if (named) return named;
    return this.commonJs() ? `require('node:cluster').${flag}` : null;
  }

  thread(): string | null {
    const named = this.scan.namedOf('worker_threads', 'isMainThread');
    if (named) return named;
    const ns = this.scan.namespaceOf('worker_threads');
    if (ns) return `${ns}.isMainThread`;
    return this.commonJs() ? "require('node:worker_threads').isMainThread" : null;
  }
}

/** `fork(__filename, ['child'])` → `process.argv[2] !== 'child'`. */
export function argvGuard(fork: ForkPoint): string | null {
  const args = fork.node.arguments[1];
  if (args?.type !== 'ArrayExpression') return null;
  const firstArg = args.elements[0];
  if (firstArg?.type !== 'Literal' || typeof firstArg.value !== 'string') return null;
  return `process.argv[2] !== ${JSON.stringify(firstArg.value).replace(/^"|"$/g, "'")}`;
}
