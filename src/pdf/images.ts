import { OPS, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { GreyImage } from './ocr.js';

/** A picture on a page and where it stands: the page coordinates of the image's unit square. */
export interface PlacedImage {
  image: GreyImage;
  /** [a, b, c, d, e, f]: the image's unit square in PDF user space (y grows upwards). */
  matrix: number[];
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: number[]): Matrix => [
  m[0] * n[0]! + m[2] * n[1]!,
  m[1] * n[0]! + m[3] * n[1]!,
  m[0] * n[2]! + m[2] * n[3]!,
  m[1] * n[2]! + m[3] * n[3]!,
  m[0] * n[4]! + m[2] * n[5]! + m[4],
  m[1] * n[4]! + m[3] * n[5]! + m[5],
];

/**
 * The largest picture drawn on a page (a scanned page is one picture), decoded to greyscale, with
 * its placement from the page's transformation matrices. Null when the page draws none.
 */
export async function largestImage(page: PDFPageProxy): Promise<PlacedImage | null> {
  const ops = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let best: { id: string; matrix: Matrix; area: number } | null = null;
  ops.fnArray.forEach((fn, i) => {
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as number[]);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args[0])) ctm = multiply(ctm, args[0] as number[]);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.paintImageXObject) {
      const area = Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
      if (!best || area > best.area) best = { id: args[0] as string, matrix: ctm, area };
    }
  });
  const found = best as { id: string; matrix: Matrix } | null;
  if (!found) return null;
  const { id, matrix } = found;
  const objs = id.startsWith('g_') ? page.commonObjs : page.objs;
  const raw = await new Promise<{ width: number; height: number; kind: number; data?: Uint8ClampedArray }>((resolve) => {
    objs.get(id, resolve);
  });
  if (!raw?.data) return null;
  return { image: toGrey(raw as Required<typeof raw>), matrix };
}

/** pdfjs's ImageKind: 1 one bit a pixel (rows padded to bytes), 2 RGB, 3 RGBA. */
function toGrey(raw: { width: number; height: number; kind: number; data: Uint8ClampedArray }): GreyImage {
  const { width, height, kind, data } = raw;
  const out = new Uint8Array(width * height);
  if (kind === 1) {
    const stride = Math.ceil(width / 8);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) out[y * width + x] = data[y * stride + (x >> 3)]! & (0x80 >> (x & 7)) ? 255 : 0;
  } else {
    const n = kind === 2 ? 3 : 4;
    for (let p = 0; p < width * height; p++)
      out[p] = Math.round(0.299 * data[p * n]! + 0.587 * data[p * n + 1]! + 0.114 * data[p * n + 2]!);
  }
  return { width, height, data: out };
}
