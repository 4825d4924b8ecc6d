import type { ChildMessage, ParentMessage } from './render-jobs.js';
import { OriginalUnavailableError } from './types.js';

/**
 * The renderer process: renders pages and cuts articles, one job at a time, for as long as the
 * service keeps it. Opening a PDF, laying out its text and painting a page hold the CPU for a
 * second; here they cannot delay an answer in another chat, and a PDF that exhausts memory takes
 * only this process down (the service starts a new one for the next job).
 *
 * Source maps are turned off before pdfjs is loaded: tsx turns them on, and Node then keeps the
 * maps of pdfjs's two 2 MB bundles parsed in memory, which measured ≈120 MiB of this process's
 * peak (367 → 243 MiB rendering the fixture's pages). Errors reach the service as messages anyway.
 */
process.setSourceMapsEnabled(false);
// Loaded while the first message may already be arriving: the listener below is there from the start.
const workbench = Promise.all([import('./workbench.js'), import('../vendors/tesseract.js')]).then(
  ([{ PdfWorkbench }, { createTesseractOcr }]) => new PdfWorkbench(createTesseractOcr),
);

const send = (m: ChildMessage) => process.send!(m);
let queue: Promise<void> = Promise.resolve();

process.on('message', (m: ParentMessage) => {
  if (m.type === 'usage') {
    send({ type: 'usage', id: m.id, maxRssBytes: process.resourceUsage().maxRSS * 1024 });
    return;
  }
  queue = queue.then(async () => {
    try {
      send({ type: 'done', id: m.id, result: await (await workbench).run(m.job) });
    } catch (error) {
      const known = error instanceof OriginalUnavailableError;
      send({
        type: 'failed',
        id: m.id,
        problem: known ? error.problem : 'failed',
        detail: known ? error.detail : error instanceof Error ? error.message : String(error),
      });
    }
  });
});
// The service went away: nothing is left to do.
process.on('disconnect', () => process.exit(0));
