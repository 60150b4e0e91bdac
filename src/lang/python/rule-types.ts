/**
 * Types for rules that run on `patch-order/python` (`context.sourceCode` is a `PythonSourceCode`, visitor
 * keys are Python node types such as `call`, `import_statement`, `except_clause:exit`, or esquery selectors).
 *
 * ```ts
 * const rule = {
 *   meta: { type: 'problem', messages: { noX: '…' }, schema: [], languages: ['patch-order/python'] },
 *   create(context) { return { call(node) { context.report({ node, messageId: 'noX' }); } }; },
 * } satisfies PyRuleDefinition<{ RuleOptions: []; MessageIds: 'noX' }>;
 * ```
 */
import type { CustomRuleDefinitionType, CustomRuleTypeDefinitions, CustomRuleVisitorWithExit } from '@eslint/plugin-kit';
import type { RuleVisitor } from '@eslint/core';
import type { PyNode } from './ast.js';
import type { PyLanguageOptions, PythonSourceCode } from './source-code.js';
import type { PyNodeType } from './visitor-keys.js';

/** One handler per node type (`PyNode` is not a discriminated union, so every handler gets a `PyNode`). */
export type PyNodeVisitor = { [K in PyNodeType]?: (node: PyNode, parent?: PyNode) => void };

export interface PyRuleVisitor extends RuleVisitor, Partial<CustomRuleVisitorWithExit<PyNodeVisitor>> {}

export type PyRuleDefinition<O extends Partial<CustomRuleTypeDefinitions> = {}> = CustomRuleDefinitionType<
  { LangOptions: PyLanguageOptions; Code: PythonSourceCode; Visitor: PyRuleVisitor; Node: PyNode },
  O
>;

export type { PyNode, PyPosition } from './ast.js';
export type { PyLanguageOptions, PythonSourceCode } from './source-code.js';
