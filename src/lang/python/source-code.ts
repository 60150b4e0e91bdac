/**
 * The `SourceCode` object Python rules see (`context.sourceCode`).
 *
 * Directive comments are Python comments: `# eslint-disable-next-line patch-order/x -- why`,
 * `# eslint-disable-line …`, `# eslint-disable …` / `# eslint-enable …` (blocks, as JS block comments),
 * and inline rule configuration `# eslint patch-order/x: off`.
 */
import type { DirectiveType, FileProblem, RulesConfig, SourceLocation, TraversalStep } from '@eslint/core';
import { ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';
import type { PyNode } from './ast.js';
import { parsePython } from './parse.js';

export interface PyLanguageOptions {
  [key: string]: unknown;
  /** Python version the code targets, "3.8" … "3.14" (major.minor). Rules may read it. */
  pythonVersion?: string;
}

const commentParser = new ConfigCommentParser();
const DIRECTIVE_LABELS = new Set(['eslint', 'eslint-disable', 'eslint-enable', 'eslint-disable-line', 'eslint-disable-next-line']);

interface ParsedDirective {
  label: string;
  value: string;
  justification: string;
}

export class PythonSourceCode extends TextSourceCodeBase<{
  LangOptions: PyLanguageOptions;
  RootNode: PyNode;
  SyntaxElementWithLoc: PyNode;
  ConfigNode: PyNode;
}> {
  /** Every `# …` comment, in source order (`type: 'comment'`, not part of `ast`). */
  readonly comments: PyNode[];
  /** Visitor keys of the language (every node type keeps its children in `children`). */
  readonly visitorKeys: Record<string, string[]> | undefined;
  readonly languageOptions: PyLanguageOptions;

  #parents = new WeakMap<PyNode, PyNode | undefined>();
  #parentsComplete = false;
  #directiveNodes: { node: PyNode; directive: ParsedDirective }[] | undefined;
  /** The tree `ast` reads: null once released (see `release`). */
  #tree: PyNode | null;
  /** ESLint has walked the whole tree (the rules' last listeners have run). */
  #traversed = false;
  /** Trees parsed again because a released source code's `ast` was read (tests). */
  static reparses = 0;

  constructor({
    text,
    ast,
    comments = [],
    visitorKeys,
    languageOptions = {},
  }: {
    text: string;
    ast: PyNode;
    comments?: PyNode[];
    visitorKeys?: Record<string, string[]>;
    languageOptions?: PyLanguageOptions;
  }) {
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.comments = comments;
    this.visitorKeys = visitorKeys;
    this.languageOptions = languageOptions;
    this.#tree = ast;
    Object.defineProperty(this, 'ast', { get: () => this.#root(), enumerable: true, configurable: true });
  }

  #root(): PyNode {
    if (this.#tree) return this.#tree;
    // The text parsed before, so it parses again (to an equal tree of new objects).
    const parsed = parsePython(this.text);
    if (!parsed.ok) throw new Error(`patch-order/python: a released source code no longer parses: ${parsed.errors[0]?.message}`);
    PythonSourceCode.reparses++;
    this.#tree = parsed.ast;
    return this.#tree;
  }

  /**
   * Drops the tree once ESLint has walked all of it; `ast` parses the text again if it is read later. ESLint keeps
   * every file's rule context, and through it this source code, reachable until a full collection (each rule
   * context's prototype is the file's context, and V8 keeps a prototype's users until then): the tree of every
   * linted file was copied out of the young generation, which made any rule cost a fifth of the parse time on its
   * own. The language calls this when it makes the next file's source code. Returns whether the tree was dropped.
   */
  release(): boolean {
    if (!this.#traversed) return false;
    this.#tree = null;
    // Parents of the dropped tree's nodes stay known (weakly); a new tree is indexed when asked.
    this.#parentsComplete = false;
    return true;
  }

  override getLoc(node: PyNode): SourceLocation {
    return node.loc;
  }

  override getRange(node: PyNode): [number, number] {
    return node.range;
  }

  /** The parent node; for a comment, the innermost node whose range contains it. */
  override getParent(node: PyNode): PyNode | undefined {
    if (node.type === 'comment') return this.#enclosing(node);
    if (!this.#parents.has(node) && !this.#parentsComplete) this.#indexParents();
    return this.#parents.get(node);
  }

  #indexParents(): void {
    const stack: PyNode[] = [this.ast];
    this.#parents.set(this.ast, undefined);
    while (stack.length) {
      const node = stack.pop()!;
      for (const child of node.children) {
        this.#parents.set(child, node);
        stack.push(child);
      }
    }
    this.#parentsComplete = true;
  }

  #enclosing(comment: PyNode): PyNode {
    let node = this.ast;
    for (;;) {
      const inner = node.children.find((c) => c.range[0] <= comment.range[0] && comment.range[1] <= c.range[1]);
      if (!inner) return node;
      node = inner;
    }
  }

  /**
   * Depth-first enter/exit steps over `ast` (comments are not visited), made as ESLint consumes them: ESLint walks
   * the steps once per file, and an array of two steps per node, kept for the whole lint of the file, was most of
   * the memory (and much of the time) a rule added over parsing alone.
   */
  override *traverse(): Iterable<TraversalStep> {
    // Iterative: generated code nests deeply (`1 + 1 + … + 1` is a left-leaning chain of binary_operator).
    // Parents are indexed only when a rule asks (getParent): most rules never do, and a WeakMap entry
    // per node is a large part of the traversal's cost.
    const stack: { node: PyNode; parent: PyNode | undefined; next: number }[] = [{ node: this.ast, parent: undefined, next: 0 }];
    yield new VisitNodeStep({ target: this.ast, phase: 1, args: [this.ast, undefined] });
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const child = top.node.children[top.next++];
      if (child) {
        yield new VisitNodeStep({ target: child, phase: 1, args: [child, top.node] });
        stack.push({ node: child, parent: top.node, next: 0 });
      } else {
        yield new VisitNodeStep({ target: top.node, phase: 2, args: [top.node, top.parent] });
        stack.pop();
      }
    }
    this.#traversed = true;
  }

  #directives(): { node: PyNode; directive: ParsedDirective }[] {
    if (this.#directiveNodes) return this.#directiveNodes;
    const found: { node: PyNode; directive: ParsedDirective }[] = [];
    for (const node of this.comments) {
      // The comment's text after `#` plays the role of a JS comment's value.
      const value = this.text.slice(node.range[0] + 1, node.range[1]);
      if (!value.includes('eslint')) continue;
      const parsed = commentParser.parseDirective(value);
      if (parsed && DIRECTIVE_LABELS.has(parsed.label)) {
        found.push({ node, directive: { label: parsed.label, value: parsed.value, justification: parsed.justification } });
      }
    }
    this.#directiveNodes = found;
    return found;
  }

  /** Comments that hold ESLint directives or inline configuration. */
  getInlineConfigNodes(): PyNode[] {
    return this.#directives().map((d) => d.node);
  }

  getDisableDirectives(): { directives: Directive[]; problems: FileProblem[] } {
    const directives: Directive[] = [];
    for (const { node, directive } of this.#directives()) {
      if (directive.label === 'eslint') continue;
      directives.push(
        new Directive({
          type: directive.label.slice('eslint-'.length) as DirectiveType,
          node,
          value: directive.value,
          justification: directive.justification,
        }),
      );
    }
    return { directives, problems: [] };
  }

  /** `# eslint rule-id: severity` / `# eslint rule-id: ["error", {…}]` comments. */
  applyInlineConfig(): { configs: { config: { rules: RulesConfig }; loc: SourceLocation }[]; problems: FileProblem[] } {
    const configs: { config: { rules: RulesConfig }; loc: SourceLocation }[] = [];
    const problems: FileProblem[] = [];
    for (const { node, directive } of this.#directives()) {
      if (directive.label !== 'eslint') continue;
      const result = commentParser.parseJSONLikeConfig(directive.value);
      if (result.ok) configs.push({ config: { rules: result.config }, loc: node.loc });
      else problems.push({ ruleId: null, message: result.error.message, loc: node.loc });
    }
    return { configs, problems };
  }
}
