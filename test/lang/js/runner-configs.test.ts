/**
 * Test runners' configs written as code, read without running them (src/lang/js/runner-configs.ts): literal
 * setup files, scoped by the literal globs beside them; anything computed is left out.
 */
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeConfigSetups } from '../../../src/lang/js/runner-configs.js';
import { clearFsCaches } from '../../../src/util/fs-cache.js';
import { resetStats, stats } from '../../../src/util/stats.js';

function read(files: Record<string, string>) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-runner-')));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  clearFsCaches();
  return codeConfigSetups(dir).map((c) => ({ ...c, preloads: c.preloads.map((p) => (p.startsWith(dir) ? p.slice(dir.length + 1) : p)) }));
}

describe('runner configs written as code', () => {
  it('vitest: a root setupFiles string and per-project arrays with their include globs', () => {
    const text = [
      "export default defineConfig({ test: { setupFiles: './setup.ts', projects: [",
      "  { test: { include: ['api/**/*.test.ts'], setupFiles: ['./api/setup.ts', 'reflect-metadata'] } },",
      '  { test: { include: [`web/**/*.test.tsx`], setupFiles: [] } },',
      '] } });',
    ].join('\n');
    expect(read({ 'vitest.config.ts': text })).toEqual([
      { entry: null, preloads: ['setup.ts'], source: 'vitest.config.ts', testsOnly: true },
      { entry: null, preloads: ['api/setup.ts', 'reflect-metadata'], source: 'vitest.config.ts', testsOnly: true, include: ['api/**/*.test.ts'] },
    ]);
  });

  it('jest.config.js: setupFiles and setupFilesAfterEnv with <rootDir>, testMatch as the scope', () => {
    const text = "module.exports = { testMatch: ['<rootDir>/test/**/*.spec.js'], setupFiles: ['<rootDir>/test/env.js'], setupFilesAfterEnv: ['./test/after.js'] };\n";
    expect(read({ 'jest.config.js': text })).toEqual([
      { entry: null, preloads: ['test/env.js', 'test/after.js'], source: 'jest.config.js', testsOnly: true, include: ['test/**/*.spec.js'] },
    ]);
  });

  it('a config is parsed again only when its text changed (start commands are read again every second)', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'patch-order-runner-')));
    writeFileSync(join(dir, 'vitest.config.ts'), "export default { test: { setupFiles: ['./a.ts'] } };\n");
    resetStats();
    for (let i = 0; i < 3; i++) {
      clearFsCaches();
      expect(codeConfigSetups(dir).map((c) => c.preloads)).toEqual([[join(dir, 'a.ts')]]);
    }
    expect(stats.filesParsed).toBe(1);
    writeFileSync(join(dir, 'vitest.config.ts'), "export default { test: { setupFiles: ['./b.ts'] } };\n");
    clearFsCaches();
    expect(codeConfigSetups(dir).map((c) => c.preloads)).toEqual([[join(dir, 'b.ts')]]);
    expect(stats.filesParsed).toBe(2);
  });

  it('computed values are not read (a setup left out, never one invented); a config that does not parse declares nothing', () => {
    expect(read({ 'vitest.config.mjs': "export default { test: { setupFiles: [path.resolve(__dirname, 'setup.js')] } };\n" })).toEqual([]);
    expect(read({ 'vite.config.ts': 'export default { test: { setupFiles: [\n' })).toEqual([]);
  });
});
