import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { OcrLine, PageOcr } from '../../src/pdf/ocr.js';
import { writeFileAtomic } from '../../src/store/atomic.js';
import { createTesseractOcr } from '../../src/vendors/tesseract.js';

/**
 * Tesseract, each picture read once per run: what it reads is kept in the run's OCR folder (made by
 * the global setup) under the picture's hash, and a test file that meets the same picture later
 * takes it from there instead of starting Tesseract again (seconds per picture on two cores).
 */
export function ocrOncePerRun(): PageOcr {
  const tesseract = createTesseractOcr();
  const dir = inject('ocrCache');
  return {
    name: tesseract.name,
    async recognize(image) {
      const key = createHash('sha256').update(`${image.width}x${image.height}:`).update(image.data).digest('hex');
      const file = path.join(dir, `${key}.json`);
      if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as OcrLine[];
      const lines = await tesseract.recognize(image);
      await writeFileAtomic(file, JSON.stringify(lines));
      return lines;
    },
    close: () => tesseract.close(),
  };
}
