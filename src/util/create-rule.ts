import { ESLintUtils } from '@typescript-eslint/utils';

export interface PatchOrderDocs {
  description: string;
  /** Part of `configs.recommended`. */
  recommended?: boolean;
}

const REPO_DOCS = 'https://github.com/patch-order/eslint-plugin-patch-order/blob/main/docs/rules';

/** JS/TS rules: typed options, `defaultOptions` merged, `docs.url` from the rule name. */
export const createRule = ESLintUtils.RuleCreator<PatchOrderDocs>((name) => `${REPO_DOCS}/${name}.md`);

export function docsUrl(name: string): string {
  return `${REPO_DOCS}/${name}.md`;
}
