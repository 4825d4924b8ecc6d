import { readFileSync } from 'node:fs';
import { openPdfForRendering, renderPage } from './src/pdf/render.js';
import { decodeImage, type Pixels } from './src/vendors/canvas.js';
const [TW, W] = [Number(process.argv[2]), Number(process.argv[3])];
const grey = (p: Pixels) => { const g = new Float64Array(p.width*p.height); for (let i=0;i<g.length;i++) g[i]=0.299*p.data[i*4]!+0.587*p.data[i*4+1]!+0.114*p.data[i*4+2]!; return {w:p.width,h:p.height,g}; };
const shrink = (im: {w:number;h:number;g:Float64Array}, w: number) => { const f = im.w / w; const h = Math.floor(im.h / f); const g = new Float64Array(w*h); for (let y=0;y<h;y++) for (let x=0;x<w;x++){ let s=0,n=0; for (let yy=Math.floor(y*f); yy<Math.floor((y+1)*f); yy++) for (let xx=Math.floor(x*f); xx<Math.floor((x+1)*f); xx++){ s+=im.g[yy*im.w+xx]!; n++; } g[y*w+x]=s/n; } return {w,h,g}; };
const corr = (a: Float64Array, b: Float64Array, n: number) => { let ma=0,mb=0; for (let i=0;i<n;i++){ma+=a[i]!;mb+=b[i]!;} ma/=n; mb/=n; let c=0,va=0,vb=0; for (let i=0;i<n;i++){c+=(a[i]!-ma)*(b[i]!-mb);va+=(a[i]!-ma)**2;vb+=(b[i]!-mb)**2;} return c/Math.sqrt(va*vb); };
for (const [pdf, pre] of [['test/fixtures/pdf/chromium/issue-c.pdf', 'c'], ['test/fixtures/pdf/writer/issue-d.pdf', 'w']] as const) {
  const doc = await openPdfForRendering('x', readFileSync(pdf));
  const ours = [];
  for (let p = 1; p <= doc.numPages; p++) ours.push(shrink(grey(await decodeImage((await renderPage(doc, p, 1200)).png)), W));
  let worst = 1, bestOther = 0;
  for (let p = 1; p <= doc.numPages; p++) {
    const a = shrink(grey(await decodeImage(readFileSync(`/tmp/p23/t${TW}/${pre}-${p}.png`))), W);
    const n = Math.min(a.h, ours[0]!.h) * W;
    const cs = ours.map((b) => corr(a.g, b.g, n));
    worst = Math.min(worst, cs[p-1]!); bestOther = Math.max(bestOther, ...cs.filter((_, i) => i !== p-1));
  }
  console.log(pre, TW, W, 'worst own', worst.toFixed(3), 'best other', bestOther.toFixed(3));
}
