/**
 * A package that the linted file loads counts what the package itself loads (catalog table): loading
 * `@nestjs/platform-express` loads express, so dd-trace started after it misses express.
 */
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../../src/index.js';
import { fixture } from '../../helpers/rule-tester.js';

const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { 'patch-order': plugin as never }, rules: { 'patch-order/no-import-before-patch': 'error' } }];
const lint = (code: string) => new Linter({ configType: 'flat' }).verify(code, config, fixture('unit/cjs/main.js'));

describe("the linted file's own package loads", () => {
  it('a package that loads a target, before the agent: reported at its require, naming the target', () => {
    const messages = lint("const { ExpressAdapter } = require('@nestjs/platform-express');\nrequire('dd-trace').init();\n");
    expect(messages.map((m) => `${m.line}:${m.column}`)).toEqual(['1:28']);
    expect(messages[0]!.message).toMatch(/^'express' is loaded before Datadog APM \(dd-trace\) takes effect at line 2/);
  });

  it('the same package after the agent: clean', () => {
    expect(lint("require('dd-trace').init();\nconst { ExpressAdapter } = require('@nestjs/platform-express');\n")).toEqual([]);
  });
});
