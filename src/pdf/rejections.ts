/**
 * pdfjs (fake worker in Node) leaves some promises of its own unawaited when a file is damaged: the
 * read fails properly, and then the same FormatError also surfaces as an unhandled rejection, which
 * by default ends the process, and with it the ingest of the rest of the corpus. This listener
 * drops rejections that come from inside pdfjs. Any other rejection goes on as Node would treat it:
 * raised as an uncaught exception when no other listener is there to handle it.
 */
let installed = false;

export function containPdfjsRejections(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    if (fromPdfjs(reason)) return;
    if (process.listenerCount('unhandledRejection') === 1) throw reason;
  });
}

function fromPdfjs(reason: unknown): boolean {
  const stack = (reason as Error | undefined)?.stack ?? '';
  return /pdfjs-dist[\\/]|pdf\.js\/src\//.test(stack);
}
