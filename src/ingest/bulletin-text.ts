import path from 'node:path';
import { BulletinParseError } from '../bulletin/parse-error.js';
import type { CorpusFile } from './corpus.js';
import type { PageOcr } from '../pdf/ocr.js';
import { normalizeText } from '../text/normalize.js';

export interface BulletinText {
  text: string;
  /** What the conversion wants printed (how printed pages were found, pages that disagree, pages without text). */
  notes: string[];
}

/** Makes the OCR engine that reads PDF pages without a text layer (tesseract by default). */
export type OcrFactory = () => PageOcr;

export interface TextOptions {
  /** Scanned PDF pages read by OCR at most (OCR_MAX_PAGES); a PDF with more fails before any is read. Unset: no cap. */
  ocrMaxPages?: number;
  /** The OCR engine (tesseract unless given). */
  ocr?: OcrFactory;
}

/**
 * The text the parser reads: a PDF converted with page markers, a text file decoded as UTF-8; both
 * normalised (look-alike radicals folded, zero-width characters out) before anything reads them.
 */
export async function bulletinText(file: Pick<CorpusFile, 'name' | 'bytes'>, options: TextOptions = {}): Promise<BulletinText> {
  // The same words for every kind of file: a 0-byte PDF is empty, not damaged.
  if (!file.bytes.length) throw new BulletinParseError(file.name, 'the file is empty');
  if (path.extname(file.name).toLowerCase() === '.pdf') {
    // Imported here: pdfjs and the OCR wrapper cost ≈0.9 s and ≈140 MiB that a text-only ingest does not need.
    const [{ pdfToBulletinText }, { createTesseractOcr }] = await Promise.all([
      import('../pdf/convert.js'),
      import('../vendors/tesseract.js'),
    ]);
    const pdf = await pdfToBulletinText(file.name, file.bytes, {
      ocr: options.ocr ?? createTesseractOcr,
      ocrName: 'tesseract chi_sim',
      ocrMaxPages: options.ocrMaxPages,
    });
    return { text: normalizeText(pdf.text), notes: pdf.notes };
  }
  try {
    return { text: normalizeText(utf8(file.bytes)), notes: [] };
  } catch {
    // UTF-8 text cut at a byte count (a save or copy that stopped) ends inside a character; say so rather than "binary".
    const cut = [1, 2, 3].some((n) => file.bytes.length > n && decodes(file.bytes.subarray(0, file.bytes.length - n)));
    throw new BulletinParseError(
      file.name,
      cut ? 'the file ends in the middle of a character (cut off: saved or copied only in part?)' : 'the file is binary or not UTF-8 text',
    );
  }
}

const utf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

function decodes(bytes: Uint8Array): boolean {
  try {
    utf8(bytes);
    return true;
  } catch {
    return false;
  }
}
