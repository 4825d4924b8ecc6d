import { describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load-index.js';
import { citationFromChunk } from '../../src/domain/citation.js';
import { formatCitation } from '../../src/domain/format.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { pdfFixtures, readTruth } from '../helpers/pdf-fixtures.js';
import { ocrOncePerRun } from '../helpers/ocr.js';

describe('ingest with PDF bulletins', () => {
  it('indexes PDFs beside text files, names each unreadable PDF with its own reason, and indexes the rest', async () => {
    const fx = await pdfFixtures();
    const corpus = fixtureCorpus('issue-a.txt', 'injection.txt');
    for (const f of [fx.issueB, fx.scanned, fx.encrypted, fx.truncated]) copyFileSync(f, path.join(corpus, path.basename(f)));
    const warnings: string[] = [];
    const infos: string[] = [];
    const log = { debug() {}, info: (m: string) => infos.push(m), warn: (m: string) => warnings.push(m), error() {} };

    const report = await ingest({ corpusDir: corpus, indexDir: tempDir() }, { log, ocr: ocrOncePerRun });

    expect(report.failed.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'encrypted.pdf', error: 'encrypted.pdf: the PDF is encrypted; save an unprotected copy' },
      { file: 'scanned.pdf', error: 'scanned.pdf: the PDF has no text layer (scanned images?) (OCR read no text on PDF page 1)' },
      { file: 'truncated.pdf', error: 'truncated.pdf: the PDF is damaged or truncated (no %%EOF at the end of the file)' },
    ]);
    expect(report).toMatchObject({ issues: 3, articles: 5 + 2 + 4 });
    const { frontPages, pdfPages } = readTruth(fx.issueB);
    expect(infos).toContain(
      `issue-b.pdf: printed pages from the table of contents (PDF page − 4, 4 of 4 titles agree): PDF pages ${frontPages + 1}–${pdfPages} are printed pages 1–${pdfPages - frontPages}, PDF pages 1–${frontPages} unnumbered (cover, masthead, contents)`,
    );
    expect(warnings.filter((w) => !w.startsWith('skipped '))).toEqual([]);
  });

  it('cites the exact printed pages of PDF passages and the TOC range of text passages', async () => {
    const fx = await pdfFixtures();
    const corpus = fixtureCorpus('issue-a.txt');
    copyFileSync(fx.issueB, path.join(corpus, 'issue-b.pdf'));
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir });
    const { corpus: data } = await loadIndex(indexDir);

    const fromPdf = data.chunks.find((c) => c.file === 'issue-b.pdf' && c.text.includes('累计完成软件业务收入18640亿元'))!;
    expect(fromPdf.pages).toEqual({ start: 9, end: 9 });
    expect(formatCitation(citationFromChunk(fromPdf, '', 1))).toBe(
      '《大数据发展动态》2031年第10期（总第302期）第9页《2031年1-2月软件和信息技术服务业运行情况》',
    );

    const fromText = data.chunks.find((c) => c.file === 'issue-a.txt' && c.text.includes('每架次补贴300元'))!;
    expect(fromText.pages).toEqual({ start: 11, end: 16 });
  });
});
