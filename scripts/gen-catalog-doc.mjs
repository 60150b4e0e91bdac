#!/usr/bin/env node
// Writes docs/catalog.md from the built catalog (run `npm run build` first; `npm run docs:catalog` does).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCatalogDoc } from '../dist/src/catalog/render-doc.js';

writeFileSync(fileURLToPath(new URL('../docs/catalog.md', import.meta.url)), renderCatalogDoc());
console.log('docs/catalog.md written');
