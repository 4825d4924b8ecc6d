import { createTesseractOcr } from '../vendors/tesseract.js';
import type { ChildMessage, ParentMessage } from './render-jobs.js';
import { OriginalUnavailableError } from './types.js';
import { PdfWorkbench } from './workbench.js';

/**
 * The renderer process: renders pages and cuts articles, one job at a time, for as long as the
 * service keeps it. Opening a PDF, laying out its text and painting a page hold the CPU for a
 * second; here they cannot delay an answer in another chat, and a PDF that exhausts memory takes
 * only this process down (the service starts a new one for the next job).
 */
const send = (m: ChildMessage) => process.send!(m);
const workbench = new PdfWorkbench(createTesseractOcr);
let queue: Promise<void> = Promise.resolve();

process.on('message', (m: ParentMessage) => {
  if (m.type === 'usage') {
    send({ type: 'usage', id: m.id, maxRssBytes: process.resourceUsage().maxRSS * 1024 });
    return;
  }
  queue = queue.then(async () => {
    try {
      send({ type: 'done', id: m.id, result: await workbench.run(m.job) });
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
