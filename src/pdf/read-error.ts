import { BulletinParseError } from '../bulletin/parse-error.js';

/** Why a PDF cannot be read as a bulletin; each asks the user for something different. */
export type PdfProblem = 'no-text-layer' | 'too-many-scanned-pages' | 'encrypted' | 'damaged';

const PROBLEMS: Record<PdfProblem, string> = {
  'no-text-layer': 'the PDF has no text layer (scanned images?)',
  'too-many-scanned-pages': 'the PDF has more scanned pages than OCR reads; send a PDF with a text layer',
  encrypted: 'the PDF is encrypted; save an unprotected copy',
  damaged: 'the PDF is damaged or truncated',
};

/** A PDF bulletin that cannot be read; a BulletinParseError so that ingest skips it like any bad file. */
export class PdfReadError extends BulletinParseError {
  constructor(
    file: string,
    readonly reason: PdfProblem,
    detail?: string,
  ) {
    super(file, detail ? `${PROBLEMS[reason]} (${detail})` : PROBLEMS[reason]);
  }
}
