import { readFileSync, writeFileSync } from 'node:fs';
import { openPdfForRendering, renderPage } from './src/pdf/render.js';
const doc = await openPdfForRendering('x', readFileSync('test/fixtures/pdf/writer/issue-d.pdf'));
writeFileSync('/tmp/p23/w6.png', (await renderPage(doc, 6, 600)).png);
