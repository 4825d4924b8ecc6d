import path from 'node:path';
import { BulletinParseError } from '../bulletin/errors.js';
import { pdfToBulletinText } from '../pdf/convert.js';
import type { CorpusFile } from './corpus.js';
import { normalizeText } from '../text/normalize.js';

export interface BulletinText {
  text: string;
  /** What the conversion wants logged (how printed pages were found, pages without text). */
  notes: string[];
}

/**
 * The text the parser reads: a PDF converted with page markers, a text file decoded as UTF-8; both
 * normalised (look-alike radicals folded, zero-width characters out) before anything reads them.
 */
export async function bulletinText(file: CorpusFile): Promise<BulletinText> {
  if (path.extname(file.name).toLowerCase() === '.pdf') {
    const pdf = await pdfToBulletinText(file.name, file.bytes);
    const numbering =
      pdf.numbering.from === 'footers'
        ? 'printed pages from the footers'
        : `printed pages from the table of contents (PDF page − ${pdf.numbering.offset})`;
    return { text: normalizeText(pdf.text), notes: [numbering, ...pdf.notes] };
  }
  try {
    return { text: normalizeText(new TextDecoder('utf-8', { fatal: true }).decode(file.bytes)), notes: [] };
  } catch {
    throw new BulletinParseError(file.name, 'the file is binary or not UTF-8 text');
  }
}
