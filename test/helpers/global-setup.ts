import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { makePdfFixtures, type PdfFixtures } from '../../scripts/pdf-fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The generated PDF fixtures of this run (test/helpers/pdf-fixtures.ts). */
    pdfFixtures: PdfFixtures;
    /** Where what OCR read is kept for the run (test/helpers/ocr.ts). */
    ocrCache: string;
  }
}

/**
 * Once per run, before any test file: the PDF fixtures (too large to commit with their font) are
 * made in a temporary folder that every test file reads, and a folder is made for what OCR reads;
 * both are removed after the run.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'test-run-'));
  project.provide('pdfFixtures', await makePdfFixtures(path.join(dir, 'pdf')));
  const ocrCache = path.join(dir, 'ocr');
  mkdirSync(ocrCache);
  project.provide('ocrCache', ocrCache);
  return () => rmSync(dir, { recursive: true, force: true });
}
