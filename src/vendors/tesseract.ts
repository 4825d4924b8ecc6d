import { createRequire } from 'node:module';
import path from 'node:path';
import { greyPgm, tidyOcrText, type OcrLine, type PageOcr } from '../pdf/ocr.js';

/**
 * Tesseract (tesseract.js, WebAssembly) with the Simplified Chinese model that the npm package
 * @tesseract.js-data/chi_sim ships (the LSTM integer model, 1.7 MB): everything is read from
 * node_modules, nothing is downloaded or cached on disk. The worker starts on the first page that
 * needs it (≈2 s) and reads an A5 page at 150 dpi in ≈5–7 s on two cores.
 */
export function createTesseractOcr(): PageOcr {
  let worker: Promise<import('tesseract.js').Worker> | null = null;
  const start = async () => {
    const { createWorker } = await import('tesseract.js');
    const require = createRequire(import.meta.url);
    const data = path.dirname(require.resolve('@tesseract.js-data/chi_sim/package.json'));
    return createWorker('chi_sim', 1, { langPath: path.join(data, '4.0.0_best_int'), gzip: true, cacheMethod: 'none' });
  };
  return {
    name: 'tesseract chi_sim',
    async recognize(image) {
      worker ??= start();
      const { data } = await (await worker).recognize(greyPgm(image), {}, { blocks: true });
      const lines: OcrLine[] = [];
      for (const block of data.blocks ?? [])
        for (const paragraph of block.paragraphs)
          for (const line of paragraph.lines) {
            const text = tidyOcrText(line.text);
            if (text) lines.push({ text, box: line.bbox });
          }
      return lines;
    },
    async close() {
      if (worker) await (await worker).terminate();
      worker = null;
    },
  };
}
