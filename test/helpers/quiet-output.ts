/**
 * Test output stays quiet: what code under test writes straight to stderr or stdout (ingest's
 * progress lines, a library's warning) goes through the console instead, where vitest keeps it with
 * the test that wrote it and shows it only when that test fails (`silent: 'passed-only'`).
 */
function throughConsole(stream: NodeJS.WriteStream, log: (line: string) => void): void {
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, done?: () => void) => {
    log(String(chunk).replace(/\n$/, ''));
    (typeof encoding === 'function' ? (encoding as () => void) : done)?.();
    return true;
  }) as typeof stream.write;
}

throughConsole(process.stderr, (line) => console.error(line));
throughConsole(process.stdout, (line) => console.log(line));
