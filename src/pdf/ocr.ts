/** Reading pages that have no text layer (scanned pages) with an OCR engine behind a small interface. */

/** An 8-bit greyscale raster, row by row from the top. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** One recognised line, its box in image pixels (origin top left). */
export interface OcrLine {
  text: string;
  box: { x0: number; y0: number; x1: number; y1: number };
}

export interface PageOcr {
  /** Which model reads the pages, for the log ("tesseract chi_sim"). */
  readonly name: string;
  recognize(image: GreyImage): Promise<OcrLine[]>;
  /** Frees the engine; called once the PDF has been read. */
  close(): Promise<void>;
}

/** A PGM (P5) file of the image: the simplest format every OCR engine reads. */
export function greyPgm(image: GreyImage): Buffer {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1');
  return Buffer.concat([header, Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength)]);
}

/**
 * OCR engines put a space between Chinese characters they recognise one by one; the printed text
 * has none. Spaces between Latin words and numbers stay.
 */
export function tidyOcrText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/(?<=[\p{Script=Han}\p{P}]) (?=[\p{Script=Han}\p{P}])/gu, '')
    .trim();
}
