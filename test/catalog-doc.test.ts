import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderCatalogDoc } from '../src/catalog/render-doc.js';
import { jsPatchers } from '../src/catalog/js-patchers.js';
import { pythonPatchers } from '../src/catalog/python-patchers.js';

it('docs/catalog.md is what the catalog data renders (run `npm run docs:catalog`)', () => {
  expect(readFileSync(new URL('../docs/catalog.md', import.meta.url), 'utf8')).toBe(renderCatalogDoc());
});

it('catalog entries are well formed: unique ids, activations, a symptom', () => {
  const all = [...jsPatchers, ...pythonPatchers];
  expect(new Set(all.map((e) => `${e.language}:${e.id}`)).size).toBe(all.length);
  for (const e of all) {
    expect(e.activations.length, e.id).toBeGreaterThan(0);
    expect(e.symptom.length, e.id).toBeGreaterThan(10);
  }
  expect(jsPatchers.length).toBeGreaterThanOrEqual(25);
});
