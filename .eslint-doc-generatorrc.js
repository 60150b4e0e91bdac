// eslint-doc-generator settings (README rule table, rule doc headers). Checked for drift by
// test/readme-table.test.ts; regenerate with `npx eslint-doc-generator` after `npm run build`.
// The rule's description is written by hand as the first line after the generated header (the
// docs test compares it with meta.docs.description), so the header itself shows no description.

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  ruleDocTitleFormat: 'prefix-name',
  ruleDocNotices: ['deprecated', 'configs', 'fixableAndHasSuggestions', 'requiresTypeChecking'],
  ruleDocSectionInclude: [
    'What it does',
    'Why it is a bug',
    'Examples',
    'Options',
    'Fix safety',
    'When not to use it',
    'Related rules and prior art',
  ],
  // The Options section is required above for every rule, with or without options.
  ruleDocSectionOptions: false,
  ruleListColumns: ['name', 'description', 'configsError', 'configsWarn', 'fixable', 'hasSuggestions', 'deprecated'],
  pathRuleList: 'README.md',
  configEmoji: [
    ['recommended', '✅'],
    ['all', '🌐'],
    ['python', '🐍'],
  ],
};

export default config;
