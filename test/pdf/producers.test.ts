import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pdfToBulletinText, type PdfText } from '../../src/pdf/convert.js';
import { parseBulletin } from '../../src/bulletin/parse.js';
import type { Bulletin } from '../../src/domain/bulletin.js';
import { chunkBulletin } from '../../src/ingest/chunk.js';
import { splitSentences } from '../../src/text/sentences.js';
import { normalizeText } from '../../src/text/normalize.js';
import { FIXTURE_BULLETINS } from '../helpers/paths.js';
import { printedPages, producerFixtures, squash, squashPrinted, type ProducerFixture } from '../helpers/pdf-fixtures.js';

/**
 * PDFs from real producers (Chromium print-to-PDF, LibreOffice Writer export), committed with the
 * ground truth pdftotext read from them at generation time: which text stands on which printed page.
 */
const fixtures = producerFixtures();
const converted = new Map<string, { text: PdfText; bulletin: Bulletin }>();

beforeAll(async () => {
  for (const fx of fixtures) {
    const text = await pdfToBulletinText(path.basename(fx.pdf), readFileSync(fx.pdf));
    converted.set(fx.producer, { text, bulletin: parseBulletin(path.basename(fx.pdf), normalizeText(text.text)) });
  }
});

it('has fixtures from Chromium and LibreOffice Writer', () => {
  expect(fixtures.map((f) => f.producer).sort()).toEqual(['chromium', 'writer']);
});

describe.each(fixtures.map((f) => [f.producer, f] as const))('%s', (_, fx: ProducerFixture) => {
  const get = () => converted.get(fx.producer)!;
  const fromText = () => parseBulletin(fx.source, readFileSync(path.join(FIXTURE_BULLETINS, fx.source), 'utf8'));

  it('cites every sentence with the printed page it stands on', () => {
    const { bulletin } = get();
    let sentences = 0;
    for (const chunk of chunkBulletin(bulletin)) {
      const toc = bulletin.articles[chunk.articleIndex]!.toc;
      const printed = printedPages(fx.truth, toc.page, toc.endPage ?? Infinity);
      const pages = splitSentences(chunk.text).flatMap((sentence) => {
        const s = squashPrinted(sentence);
        const at = printed.text.indexOf(s);
        expect(at, `"${sentence}" is printed on pages ${toc.page}–${toc.endPage ?? ''}`).toBeGreaterThanOrEqual(0);
        sentences++;
        return printed.pages.slice(at, at + s.length);
      });
      expect(chunk.pages, chunk.text.slice(0, 30)).toEqual({ start: Math.min(...pages), end: Math.max(...pages) });
    }
    expect(sentences).toBeGreaterThanOrEqual(20);
  });

  it('yields the same bulletin as the text file it was made from', () => {
    const { bulletin } = get();
    const text = fromText();
    expect(bulletin.cover).toEqual(text.cover);
    expect(bulletin.toc).toEqual(text.toc);
    // Word processors space CJK from digits ("示例路 1 号"); the roles and their values are the same.
    const roles = (b: Bulletin) => Object.fromEntries(Object.entries(b.masthead.roles).map(([k, v]) => [k, squash(v)]));
    expect(roles(bulletin)).toEqual(roles(text));
    expect(bulletin.articles).toHaveLength(text.articles.length);
    bulletin.articles.forEach((a, i) => {
      const b = text.articles[i]!;
      expect(squash(a.printedTitle)).toBe(squash(b.printedTitle));
      expect(squash(a.editorNote)).toBe(squash(b.editorNote));
      expect([a.documentNumber, a.source]).toEqual([b.documentNumber, b.source]);
      expect(a.paragraphs.map((p) => [p.sectionPath, squash(p.text)])).toEqual(b.paragraphs.map((p) => [p.sectionPath, squash(p.text)]));
    });
    expect(bulletin.warnings).toEqual([]);
  });

  it('finds every title on its TOC page', () => {
    for (const a of get().bulletin.articles) expect(a.titlePage).toBe(a.toc.page);
  });

  it('numbers the pages from the footers, front matter unnumbered', () => {
    const { text } = get();
    expect(text.numbering).toEqual({ from: 'footers', disagreements: [] });
    expect(text.pages).toEqual(fx.truth.pages.map((p) => p.printed));
    expect(text.pages.slice(0, 3)).toEqual([null, null, null]);
    const last = fx.truth.pages.at(-1)!;
    expect(text.notes).toEqual([
      `printed pages from the footers: PDF pages 4–${last.pdf} are printed pages 1–${last.printed}, PDF pages 1–3 unnumbered (cover, masthead, contents)`,
    ]);
  });

  it('drops the running header and the footer', () => {
    const { text } = get();
    const header = fx.truth.pages.find((p) => p.printed !== null)!.header;
    const footer = fx.truth.pages.find((p) => p.printed !== null)!.footer;
    expect(header.length).toBeGreaterThan(5);
    for (const line of text.text.split('\n')) {
      expect(squashPrinted(line)).not.toBe(squashPrinted(header));
      expect(squashPrinted(line)).not.toBe(squashPrinted(footer));
    }
  });

  it('reads a table row by row, left to right, each row a paragraph of its own', () => {
    const { bulletin } = get();
    const source = readFileSync(path.join(FIXTURE_BULLETINS, fx.source), 'utf8');
    const rows = source.split('\n').filter((l) => /^\|/.test(l) && !/^\|[\s:|-]+\|$/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const paragraphs = bulletin.articles.flatMap((a) => a.paragraphs.map((p) => p.text));
    const at = paragraphs.findIndex((p) => p.startsWith('|'));
    expect(paragraphs.slice(at, at + rows.length).map(squash)).toEqual(rows.map(squash));
    // The paragraph after the table is the one the source has there, not merged with the last row.
    const after = source
      .split('\n')
      .slice(source.split('\n').indexOf(rows.at(-1)!) + 1)
      .find((l) => l.trim())!;
    expect(squash(paragraphs[at + rows.length]!)).toBe(squash(after));
  });

  it('keeps a heading that ends a page apart from the text on the next page', () => {
    const { bulletin } = get();
    const ending = fx.truth.pages.find(
      (p) => p.printed !== null && /^[一二三四五六七八九十]+、\S+$/.test(p.body.trim().split('\n').at(-1)!.trim()),
    );
    expect(ending, 'the fixture has a page that ends with a heading').toBeDefined();
    const heading = ending!.body.trim().split('\n').at(-1)!.trim();
    const under = bulletin.articles.flatMap((a) => a.paragraphs).find((p) => p.sectionPath.at(-1) === heading)!;
    expect(under.pages).toEqual([ending!.printed! + 1, ending!.printed! + 1]);
  });
});

describe('Chromium with Noto CJK', () => {
  it('writes look-alike radicals that the converter reads as the ideographs they stand for', async () => {
    const fx = fixtures.find((f) => f.producer === 'chromium')!;
    const doc = await getDocument({ data: new Uint8Array(readFileSync(fx.pdf)), disableFontFace: true, verbosity: 0 }).promise;
    const content = await (await doc.getPage(3)).getTextContent();
    const raw = content.items.map((i) => ('str' in i ? i.str : '')).join('');
    await doc.destroy();
    // U+2F6C KANGXI RADICAL EYE in 本期要⽬ (pdfjs returns the font's mapping as it is).
    expect(raw).toContain('本期要\u2f6c');
    const { text } = converted.get('chromium')!;
    expect(text.text).toContain('本期要目');
    expect(text.text).not.toMatch(/[\u2e80-\u2fdf]/);
  });
});
