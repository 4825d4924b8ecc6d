import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { pdfToBulletinText } from '../../src/pdf/convert.js';
import { PdfReadError } from '../../src/pdf/read-error.js';
import { BulletinParseError } from '../../src/bulletin/parse-error.js';
import { pdfFixtures } from '../helpers/pdf-fixtures.js';

/** The reason a PDF is refused; 'read' when it is not, the error's text when it is not a PDF error. */
async function problemOf(bytes: Uint8Array): Promise<string> {
  try {
    await pdfToBulletinText('x.pdf', bytes);
    return 'read';
  } catch (error) {
    expect(error).toBeInstanceOf(BulletinParseError);
    return error instanceof PdfReadError ? error.reason : String(error);
  }
}

describe('unreadable PDFs', () => {
  it('each get their own reason', async () => {
    const fx = await pdfFixtures();
    expect(await problemOf(readFileSync(fx.scanned))).toBe('no-text-layer');
    expect(await problemOf(readFileSync(fx.encrypted))).toBe('encrypted');
    expect(await problemOf(readFileSync(fx.truncated))).toBe('damaged');
  });

  it('are damaged when their inside is garbage or they are no PDF at all', async () => {
    const fx = await pdfFixtures();
    const junk = Buffer.from(readFileSync(fx.issueA));
    junk.fill(0x41, 3000, 60000);
    expect(await problemOf(junk)).toBe('damaged');
    expect(await problemOf(Buffer.from('not a PDF\n%%EOF\n'))).toBe('damaged');
    const cut = readFileSync(fx.issueA);
    expect(await problemOf(Buffer.concat([cut.subarray(0, 20000), cut.subarray(cut.length - 2000)]))).toBe('damaged');
  });
});
