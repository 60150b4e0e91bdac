/**
 * What names mean in a Python module, for the cancellation checks: the module's import bindings
 * (`import asyncio as aio`, `from asyncio import CancelledError as CE`, `from contextlib import suppress`),
 * collected from EVERY import statement of the file (nested ones too, like flake8-async), and the
 * qualification of `except` expressions through them (`aio.CancelledError` → `asyncio.CancelledError`). Inside
 * trio's and anyio's own packages, relative imports are resolved and private module paths count as the public
 * names (`_core.CancelScope`, `from ._traps import cancel_shielded_checkpoint`).
 */
import { childByField, nodeText, type PyNode } from '../../../lang/python/ast.js';
import {
  pyCancelClasses,
  pyGreenletModules,
  pyLibraryPreference,
  pyOwnSpellingLibraries,
  pyShieldedCheckpoints,
  pySpawnCalls,
  type PyCancelLibrary,
} from '../../../catalog/python-cancellation.js';

export interface PyBindings {
  /** Local name → fully qualified names it may stand for (several when imported differently in branches). */
  names: Map<string, Set<string>>;
  /** Cancellation libraries the module imports (any form). */
  libraries: Set<PyCancelLibrary>;
  /** The module imports gevent, eventlet or greenlet: greenlet code, where `GreenletExit` can arrive. */
  greenlet: boolean;
  /**
   * The linted module, when it is part of trio's or anyio's own package (`trio._core._run`): its relative
   * imports are resolved (`from .. import _core` binds `_core` to `trio._core`). Other packages' relative
   * imports name local code and stay unbound.
   */
  own?: OwnModule;
}

/** A module's dotted name, and whether it is a package's `__init__.py` (its relative imports start there). */
export interface OwnModule {
  name: string;
  isPackage: boolean;
}

const LIBS = new Set<string>(['asyncio', 'trio', 'anyio']);
/** Node types that can hold statements (or are imports): the only ones a statement walk enters. */
export const STATEMENT_CONTAINERS: ReadonlySet<string> = new Set([
  'module',
  'block',
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
  'match_statement',
  'case_clause',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'import_statement',
  'import_from_statement',
]);

function add(b: PyBindings, local: string, qualified: string): void {
  let set = b.names.get(local);
  if (!set) b.names.set(local, (set = new Set()));
  set.add(qualified);
  noteModule(b, qualified);
}

/** Records what importing `module` (any form) says about the file: a cancellation library, greenlet code. */
function noteModule(b: PyBindings, module: string): void {
  const top = module.split('.')[0]!;
  if (LIBS.has(top)) b.libraries.add(top as PyCancelLibrary);
  if (GREENLET.has(top)) b.greenlet = true;
}

const GREENLET = new Set(pyGreenletModules);
/** anyio's function, as anyio's own modules import it relatively (`from ._core._eventloop import …`). */
const ANYIO_CANCELLED = 'get_cancelled_exc_class';

/**
 * `own` only when the module belongs to a library whose own spellings are resolved (catalog
 * `pyOwnSpellingLibraries`): elsewhere it changes nothing.
 */
export function emptyBindings(own?: OwnModule): PyBindings {
  const b: PyBindings = { names: new Map(), libraries: new Set(), greenlet: false };
  if (own && pyOwnSpellingLibraries.includes(own.name.split('.')[0]!)) b.own = own;
  return b;
}

/** The absolute module a relative import names from `own` (`..` in `trio._core._run` is `trio`), or undefined above the top. */
export function absoluteModule(relative: string, own: OwnModule): string | undefined {
  const dots = /^\.*/u.exec(relative)![0].length;
  const rest = relative.slice(dots);
  const pkg = own.name.split('.');
  if (!own.isPackage) pkg.pop();
  if (dots - 1 >= pkg.length) return undefined;
  const base = pkg.slice(0, pkg.length - (dots - 1));
  return [...base, ...(rest ? rest.split('.') : [])].join('.');
}

/** Iterative walk over the statements (imports can sit inside `try`, `if`, functions). */
export function collectBindings(root: PyNode, text: string, own?: OwnModule): PyBindings {
  const b = emptyBindings(own);
  const stack: PyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (addImport(node, text, b)) continue;
    // Imports are statements: descend only into statements, their clauses and blocks, never expressions.
    for (let i = node.children.length - 1; i >= 0; i--) {
      const c = node.children[i]!;
      if (STATEMENT_CONTAINERS.has(c.type)) stack.push(c);
    }
  }
  return b;
}

/** Records the bindings of an import statement; false for any other node. */
export function addImport(node: PyNode, text: string, b: PyBindings): boolean {
  {
    if (node.type === 'import_statement') {
      for (const child of node.children) {
        if (child.type === 'dotted_name') {
          // `import a.b.c` binds `a` (to the package a).
          const dotted = nodeText(child, text).replace(/\s+/gu, '');
          add(b, dotted.split('.')[0]!, dotted.split('.')[0]!);
          noteModule(b, dotted);
        } else if (child.type === 'aliased_import') {
          const name = childByField(child, 'name');
          const alias = childByField(child, 'alias');
          if (name && alias) add(b, nodeText(alias, text), nodeText(name, text).replace(/\s+/gu, ''));
        }
      }
      return true;
    }
    if (node.type === 'import_from_statement') {
      const mod = childByField(node, 'module_name');
      if (!mod) return true;
      const absolute = mod.type !== 'dotted_name' && b.own ? absoluteModule(nodeText(mod, text).replace(/\s+/gu, ''), b.own) : undefined;
      if (mod.type !== 'dotted_name' && absolute === undefined) {
        // Relative imports name local code (resolved above only inside trio's / anyio's own package), except
        // anyio's function, which anyio's own modules import relatively (also when the package is not known).
        for (const child of node.children) {
          if (child === mod) continue;
          const name = child.type === 'aliased_import' ? childByField(child, 'name') : child;
          const local = child.type === 'aliased_import' ? childByField(child, 'alias') : child;
          if (name?.type === 'dotted_name' && local && nodeText(name, text) === ANYIO_CANCELLED) add(b, nodeText(local, text), `anyio.${ANYIO_CANCELLED}`);
        }
        return true;
      }
      const module = absolute ?? nodeText(mod, text).replace(/\s+/gu, '');
      noteModule(b, module);
      for (const child of node.children) {
        if (child === mod) continue;
        if (child.type === 'dotted_name') {
          const name = nodeText(child, text);
          add(b, name, `${module}.${name}`);
        } else if (child.type === 'aliased_import') {
          const name = childByField(child, 'name');
          const alias = childByField(child, 'alias');
          if (name && alias) add(b, nodeText(alias, text), `${module}.${nodeText(name, text)}`);
        } else if (child.type === 'wildcard_import') {
          // `from asyncio import *`: the library's own names are available unqualified.
          for (const c of pyCancelClasses) {
            for (const q of c.qualifiedNames) if (q.startsWith(`${module}.`) && !q.slice(module.length + 1).includes('.')) add(b, q.slice(module.length + 1), q);
          }
        }
      }
      return true;
    }
  }
  return false;
}

/**
 * The public names of trio's / anyio's catalog entries, by library and last name: the same object reached
 * through the library's private modules (`trio._core._traps.cancel_shielded_checkpoint`, `trio._core.Cancelled`,
 * `anyio._core._eventloop.get_cancelled_exc_class`) is given its public spelling too (catalog
 * `pyOwnSpellingLibraries`).
 */
const PUBLIC_BY_LAST = (() => {
  const out = new Map<string, string[]>();
  for (const q of [...pyCancelClasses.flatMap((c) => c.qualifiedNames), ...pyShieldedCheckpoints, ...pySpawnCalls.filter((c) => !c.startsWith('.'))]) {
    const parts = q.split('.');
    if (!pyOwnSpellingLibraries.includes(parts[0]!)) continue;
    const key = `${parts[0]!}\0${parts[parts.length - 1]!}`;
    out.set(key, [...(out.get(key) ?? []), q]);
  }
  return out;
})();

/** `trio._core.Cancelled` → also `trio.Cancelled` (a private module path of a library, to its public name). */
function withPublic(qs: string[]): string[] {
  const out = qs;
  for (const q of qs) {
    const parts = q.split('.');
    if (parts.length < 3 || !parts.slice(1, -1).some((p) => p.startsWith('_'))) continue;
    const pub = PUBLIC_BY_LAST.get(`${parts[0]!}\0${parts[parts.length - 1]!}`);
    if (pub) for (const p of pub) if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** Qualified spellings of an identifier / attribute chain (`[]` for anything else). */
export function qualify(node: PyNode, text: string, b: PyBindings): string[] {
  if (node.type === 'identifier') {
    const name = nodeText(node, text);
    const bound = b.names.get(name);
    return bound ? withPublic([...bound]) : [name];
  }
  if (node.type === 'attribute') {
    const object = childByField(node, 'object');
    const attribute = childByField(node, 'attribute');
    if (!object || !attribute) return [];
    const attr = nodeText(attribute, text);
    return withPublic(qualify(object, text, b).map((q) => `${q}.${attr}`));
  }
  if (node.type === 'parenthesized_expression' && node.children.length === 1) return qualify(node.children[0]!, text, b);
  return [];
}

/** Is `local` an unshadowed name for `qualified` (no import binds it to something else)? */
function unboundOr(b: PyBindings, local: string, qualified: string): boolean {
  const bound = b.names.get(local);
  return !bound || bound.has(qualified);
}

/**
 * How the module spells a library's cancellation class in a new handler, or undefined when no binding
 * makes it reachable (the fix never adds an import).
 */
export function cancelHandlerText(b: PyBindings, library: PyCancelLibrary): string | undefined {
  const entry = pyCancelClasses.find((c) => c.library === library)!;
  for (const [local, qs] of b.names) {
    if (qs.has(library)) return entry.handlerText.replace('{mod}', local);
  }
  for (const [local, qs] of b.names) {
    if (entry.qualifiedNames.some((q) => qs.has(q))) return entry.call ? `${local}()` : local;
  }
  return undefined;
}

/** The module's preferred library (anyio, trio, asyncio) with a spelling for its cancellation class. */
export function preferredCancelHandler(b: PyBindings): { library: PyCancelLibrary; text: string } | undefined {
  for (const library of pyLibraryPreference) {
    if (!b.libraries.has(library)) continue;
    const text = cancelHandlerText(b, library);
    if (text) return { library, text };
  }
  return undefined;
}

/** The local name bound to a module (`asyncio` → `aio` after `import asyncio as aio`), if any. */
export function moduleAlias(b: PyBindings, module: string): string | undefined {
  for (const [local, qs] of b.names) if (qs.has(module)) return local;
  return undefined;
}

export { unboundOr };
