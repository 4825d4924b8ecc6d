import { createCanvas, loadImage, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';

/*
 * The 2D canvas pages are rendered on: @napi-rs/canvas (Skia), whose prebuilt binary for each
 * platform is an npm package of its own (@napi-rs/canvas-linux-x64-gnu, …) with no install
 * script, so `npm ci` fetches it from the registry like any other package and nothing is compiled
 * or downloaded at run time. It is also the package pdfjs-dist 4 loads in Node for its own canvas
 * needs (an optional dependency of pdfjs-dist), so both agree on one canvas implementation.
 */

export type { Canvas, SKRSContext2D as CanvasContext };

/** A white canvas of the given size in pixels. */
export function whiteCanvas(width: number, height: number): { canvas: Canvas; context: SKRSContext2D } {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  return { canvas, context };
}

export function encodePng(canvas: Canvas): Buffer {
  return canvas.toBuffer('image/png');
}

/** An image's pixels, RGBA row by row from the top. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Decodes a PNG (or JPEG) into its pixels, scaled to `width` when given (for comparisons at low resolution). */
export async function decodeImage(bytes: Uint8Array, width?: number): Promise<Pixels> {
  const image = await loadImage(Buffer.from(bytes));
  const w = width ?? image.width;
  const h = width ? Math.max(1, Math.round((image.height * width) / image.width)) : image.height;
  const { context } = whiteCanvas(w, h);
  context.drawImage(image, 0, 0, w, h);
  const { data } = context.getImageData(0, 0, w, h);
  return { width: w, height: h, data };
}
