import type { TSESTree } from '@typescript-eslint/utils';
import type { Guard } from '../../../graph/types.js';
import type { ModulePath } from '../detector-types.js';
import { jsSpawnFork, normalizeSpecifier, type SpawnForkCatalog } from '../../../catalog/js-spawn-fork.js';

type Node = TSESTree.Node;

/**
 * Which processes run a piece of code: `primary` (the process that forks / the main thread),
 * `worker` (every child / worker thread), `single-instance` (one numbered instance: PM2
 * `NODE_APP_INSTANCE === '0'`), or null (every process).
 */
export type Role = Guard['role'];

export interface GuardContext {
  modulePathOf(node: Node): ModulePath | null;
  /** The Program, for top-level early returns when nodes carry no `parent` (dependency ASTs). */
  program?: TSESTree.Program | null;
  /** Extra instance variables (PM2 `instance_var`). */
  instanceVars?: readonly string[];
  /** The initializer of a const the identifier refers to, if known (aliases such as `const isChild = …`). */
  resolveIdentifier?(id: TSESTree.Identifier): Node | null;
  catalog?: SpawnForkCatalog;
}

interface Cond {
  t: Role | null;
  f: Role | null;
  /** What decided it, for messages: `cluster.isPrimary`. */
  text: string;
}

const NONE: Cond = { t: null, f: null, text: '' };

export function meet(a: Role | null, b: Role | null): Role | null {
  if (!a) return b;
  if (!b) return a;
  if (a === b) return a;
  if (a === 'primary' || b === 'primary') return 'primary';
  if (a === 'single-instance' || b === 'single-instance') return 'single-instance';
  return a;
}

export function join(a: Role | null, b: Role | null): Role | null {
  if (a === b) return a;
  if ((a === 'primary' && b === 'single-instance') || (a === 'single-instance' && b === 'primary')) return 'single-instance';
  return null;
}

function swap(c: Cond): Cond {
  return { t: c.f, f: c.t, text: c.text ? `!(${c.text})` : '' };
}

function unwrap(node: Node): Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ChainExpression') {
    n = n.expression as Node;
  }
  return n;
}

function isId(node: Node, name: string): boolean {
  return node.type === 'Identifier' && node.name === name;
}

/** `process.<name>` (also `globalThis.process.<name>`). */
function processMember(node: Node): string | null {
  const n = unwrap(node);
  if (n.type !== 'MemberExpression') return null;
  const obj = unwrap(n.object);
  const isProcess =
    isId(obj, 'process') ||
    (obj.type === 'MemberExpression' && !obj.computed && isId(obj.object, 'globalThis') && isId(obj.property, 'process'));
  if (!isProcess) return null;
  if (!n.computed && n.property.type === 'Identifier') return n.property.name;
  return null;
}

/** `process.env.NAME` / `process.env['NAME']` → NAME. */
export function envVarName(node: Node): string | null {
  const n = unwrap(node);
  if (n.type !== 'MemberExpression' || processMember(n.object) !== 'env') return null;
  if (!n.computed && n.property.type === 'Identifier') return n.property.name;
  if (n.property.type === 'Literal' && typeof n.property.value === 'string') return n.property.value;
  return null;
}

/** `process.argv[k]` with k ≥ 2 (the arguments a parent passes to its child). */
function argvRoleIndex(node: Node): boolean {
  const n = unwrap(node);
  return (
    n.type === 'MemberExpression' &&
    n.computed &&
    processMember(n.object) === 'argv' &&
    n.property.type === 'Literal' &&
    typeof n.property.value === 'number' &&
    n.property.value >= 2
  );
}

/** `process.argv` or `process.argv.slice(k)`. */
function isArgvList(node: Node): boolean {
  const n = unwrap(node);
  if (processMember(n) === 'argv') return true;
  return (
    n.type === 'CallExpression' &&
    n.callee.type === 'MemberExpression' &&
    isId(n.callee.property, 'slice') &&
    processMember(n.callee.object) === 'argv'
  );
}

/** The env variable an instance-number expression reads: `process.env.NODE_APP_INSTANCE`, `Number(…)`, `(… ?? '0')`. */
function instanceVarRead(node: Node, vars: readonly string[]): string | null {
  const n = unwrap(node);
  const name = envVarName(n);
  if (name !== null) return vars.includes(name) ? name : null;
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && ['Number', 'parseInt', 'parseFloat', 'String'].includes(n.callee.name) && n.arguments[0]) {
    return instanceVarRead(n.arguments[0] as Node, vars);
  }
  if (n.type === 'UnaryExpression' && n.operator === '+') return instanceVarRead(n.argument, vars);
  if (n.type === 'LogicalExpression' && (n.operator === '??' || n.operator === '||')) return instanceVarRead(n.left, vars);
  return null;
}

function isLiteralLike(node: Node): boolean {
  const n = unwrap(node);
  return (
    (n.type === 'Literal' && (typeof n.value === 'string' || typeof n.value === 'number' || typeof n.value === 'boolean' || n.value === null)) ||
    (n.type === 'TemplateLiteral' && n.expressions.length === 0) ||
    isId(n, 'undefined')
  );
}

function literalValue(node: Node): unknown {
  const n = unwrap(node);
  if (n.type === 'Literal') return n.value;
  if (n.type === 'TemplateLiteral') return n.quasis[0]?.value.cooked;
  return undefined;
}

export class GuardAnalyzer {
  readonly catalog: SpawnForkCatalog;
  readonly instanceVars: readonly string[];

  constructor(readonly ctx: GuardContext) {
    this.catalog = ctx.catalog ?? jsSpawnFork;
    this.instanceVars = [...this.catalog.instanceEnvVars, ...(ctx.instanceVars ?? [])];
  }

  /** The condition's role when true / false. */
  cond(expr: Node, depth = 0): Cond {
    if (depth > 6) return NONE;
    const n = unwrap(expr);
    switch (n.type) {
      case 'UnaryExpression':
        return n.operator === '!' ? swap(this.cond(n.argument, depth + 1)) : NONE;
      case 'LogicalExpression': {
        if (n.operator === '??') return NONE;
        const l = this.cond(n.left, depth + 1);
        const r = this.cond(n.right, depth + 1);
        const text = [l.text, r.text].filter(Boolean).join(n.operator === '&&' ? ' && ' : ' || ');
        // `!process.env.NODE_APP_INSTANCE || process.env.NODE_APP_INSTANCE === '0'`: one process either way.
        return n.operator === '&&' ? { t: meet(l.t, r.t), f: join(l.f, r.f), text } : { t: join(l.t, r.t), f: meet(l.f, r.f), text };
      }
      case 'BinaryExpression':
        return this.binary(n, depth);
      case 'CallExpression': {
        // process.argv.includes('child'), process.argv.slice(2).includes('--worker')
        if (n.callee.type === 'MemberExpression' && isId(n.callee.property, 'includes') && isArgvList(n.callee.object)) {
          return { t: 'worker', f: 'primary', text: 'process.argv.includes(…)' };
        }
        if (n.callee.type === 'Identifier' && n.callee.name === 'Boolean' && n.arguments[0]) return this.cond(n.arguments[0] as Node, depth + 1);
        return NONE;
      }
      case 'Identifier': {
        const flag = this.flag(n);
        if (flag) return flag;
        const init = this.ctx.resolveIdentifier?.(n);
        return init ? this.cond(init, depth + 1) : NONE;
      }
      case 'MemberExpression': {
        const flag = this.flag(n);
        if (flag) return flag;
        const env = envVarName(n);
        if (env !== null && this.catalog.workerEnvVars.includes(env)) return { t: 'worker', f: 'primary', text: `process.env.${env}` };
        // `!process.env.NODE_APP_INSTANCE`: not under PM2, a single process.
        if (env !== null && this.instanceVars.includes(env)) return { t: null, f: 'single-instance', text: `process.env.${env}` };
        const pm = processMember(n);
        if (pm === 'send' || pm === 'channel' || pm === 'connected') return { t: 'worker', f: 'primary', text: `process.${pm}` };
        if (argvRoleIndex(n)) return { t: 'worker', f: 'primary', text: 'process.argv[…]' };
        return NONE;
      }
      default:
        return NONE;
    }
  }

  /** cluster.isPrimary, isMainThread, … (through imports and destructuring). */
  flag(n: Node): Cond | null {
    const mp = this.ctx.modulePathOf(n);
    if (!mp) return null;
    const spec = normalizeSpecifier(mp.specifier);
    for (const f of this.catalog.roleFlags) {
      if (f.modules.includes(spec) && f.path === mp.path) {
        return { t: f.whenTrue, f: f.whenTrue === 'primary' ? 'worker' : 'primary', text: `${spec}.${f.path}` };
      }
    }
    return null;
  }

  binary(n: TSESTree.BinaryExpression, depth: number): Cond {
    const op = n.operator;
    const left = n.left as Node;
    const right = n.right as Node;
    if (op === 'in') {
      const key = literalValue(left);
      if (typeof key === 'string' && processMember(right) === 'env' && this.catalog.workerEnvVars.includes(key)) {
        return { t: 'worker', f: 'primary', text: `'${key}' in process.env` };
      }
      return NONE;
    }
    // process.argv.length > 2
    if ((op === '>' || op === '>=') && unwrap(left).type === 'MemberExpression') {
      const l = unwrap(left) as TSESTree.MemberExpression;
      if (!l.computed && isId(l.property, 'length') && isArgvList(l.object) && typeof literalValue(right) === 'number') {
        return { t: 'worker', f: 'primary', text: 'process.argv.length' };
      }
    }
    const negated = op === '!==' || op === '!=';
    if (!negated && op !== '===' && op !== '==') return NONE;
    let subject: Node;
    let lit: Node;
    if (isLiteralLike(right)) [subject, lit] = [left, right];
    else if (isLiteralLike(left)) [subject, lit] = [right, left];
    else return NONE;
    const value = unwrap(lit).type === 'Identifier' ? undefined : literalValue(lit);
    const out = this.compare(subject, value, depth);
    return negated ? swap(out) : out;
  }

  /** `subject === value`. */
  compare(subject: Node, value: unknown, depth: number): Cond {
    const s = unwrap(subject);
    const inst = instanceVarRead(s, this.instanceVars);
    if (inst !== null && value !== undefined && value !== null) {
      return { t: 'single-instance', f: null, text: `process.env.${inst} === ${JSON.stringify(value)}` };
    }
    if (argvRoleIndex(s) && typeof value === 'string') return { t: 'worker', f: 'primary', text: `process.argv[…] === ${JSON.stringify(value)}` };
    if (s.type === 'UnaryExpression' && s.operator === 'typeof') {
      const pm = processMember(s.argument);
      if (pm === 'send' || pm === 'channel') {
        if (value === 'function' || value === 'object') return { t: 'worker', f: 'primary', text: `typeof process.${pm}` };
        if (value === 'undefined') return { t: 'primary', f: 'worker', text: `typeof process.${pm}` };
      }
      return NONE;
    }
    if (value === undefined || value === null) {
      // process.env.NODE_UNIQUE_ID === undefined, process.send === undefined, parentPort === null
      const c = this.cond(s, depth + 1);
      return c.t || c.f ? swap(c) : NONE;
    }
    if (value === true) return this.cond(s, depth + 1);
    if (value === false) return swap(this.cond(s, depth + 1));
    return NONE;
  }

  /** Does this statement always leave the enclosing function / module? */
  alwaysExits(stmt: Node): boolean {
    switch (stmt.type) {
      case 'ReturnStatement':
      case 'ThrowStatement':
        return true;
      case 'ExpressionStatement': {
        const e = unwrap(stmt.expression);
        return e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && processMember(e.callee) === 'exit';
      }
      case 'BlockStatement':
        return stmt.body.some((s) => this.alwaysExits(s));
      case 'IfStatement':
        return !!stmt.alternate && this.alwaysExits(stmt.consequent) && this.alwaysExits(stmt.alternate);
      default:
        return false;
    }
  }

  /** Role under which the statements after `stmt` (a sibling) run, from an early exit in it. */
  afterExit(stmt: Node): Cond | null {
    if (stmt.type !== 'IfStatement') return null;
    const c = this.cond(stmt.test);
    if (!c.t && !c.f) return null;
    const thenExits = this.alwaysExits(stmt.consequent);
    const elseExits = !!stmt.alternate && this.alwaysExits(stmt.alternate);
    if (thenExits && !elseExits) return { t: c.f, f: null, text: c.text ? `!(${c.text})` : '' };
    if (elseExits && !thenExits) return { t: c.t, f: null, text: c.text };
    return null;
  }

  /**
   * The guard `node` runs under, from its ancestors (outermost first): if/else branches, ternaries,
   * `&&` / `||`, `switch` cases and early exits (`if (cluster.isWorker) return;`) before it in any
   * enclosing block, function body or the module's top level.
   */
  guardOf(node: Node, ancestors: readonly Node[], opts: { topLevel?: boolean } = {}): Guard | null {
    let role: Role | null = null;
    const texts: string[] = [];
    const add = (r: Role | null, text: string): void => {
      if (!r) return;
      role = meet(role, r);
      if (text) texts.push(text);
    };
    const chain = [...ancestors, node];
    // Top level: statements before the first ancestor in the Program body.
    const top = chain[0];
    const program = this.ctx.program ?? ((top as { parent?: Node } | undefined)?.parent?.type === 'Program' ? ((top as { parent?: Node }).parent as TSESTree.Program) : null);
    if (top && program && opts.topLevel !== false) this.siblings(program.body as Node[], top, add);
    for (let i = 0; i < chain.length - 1; i++) {
      const a = chain[i]!;
      const child = chain[i + 1]!;
      switch (a.type) {
        case 'IfStatement': {
          if (child === a.test) break;
          const c = this.cond(a.test);
          if (child === a.consequent) add(c.t, c.text);
          else if (child === a.alternate) add(c.f, c.text ? `else of ${c.text}` : '');
          break;
        }
        case 'ConditionalExpression': {
          if (child === a.test) break;
          const c = this.cond(a.test);
          if (child === a.consequent) add(c.t, c.text);
          else if (child === a.alternate) add(c.f, c.text ? `else of ${c.text}` : '');
          break;
        }
        case 'LogicalExpression': {
          if (child !== a.right) break;
          const c = this.cond(a.left);
          if (a.operator === '&&') add(c.t, c.text);
          else if (a.operator === '||') add(c.f, c.text ? `!(${c.text})` : '');
          break;
        }
        case 'SwitchCase': {
          if (child === a.test || !a.test) break;
          const sw = chain[i - 1];
          if (sw?.type !== 'SwitchStatement') break;
          const disc = unwrap(sw.discriminant);
          const c =
            disc.type === 'Literal' && disc.value === true
              ? this.cond(a.test)
              : isLiteralLike(a.test)
                ? this.compare(disc, literalValue(a.test), 0)
                : NONE;
          add(c.t, c.text);
          break;
        }
        case 'BlockStatement':
        case 'StaticBlock':
          this.siblings(a.body as Node[], child, add);
          break;
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
          // Summaries list a followed function's body statements right after the function.
          if (a.body.type === 'BlockStatement' && child !== a.body) this.siblings(a.body.body as Node[], child, add);
          break;
      }
    }
    return role ? { role, text: texts.join(' && ') } : null;
  }

  siblings(body: readonly Node[], child: Node, add: (r: Role | null, text: string) => void): void {
    const idx = body.indexOf(child);
    for (let k = 0; k < idx; k++) {
      const c = this.afterExit(body[k]!);
      if (c) add(c.t, c.text);
    }
  }
}
