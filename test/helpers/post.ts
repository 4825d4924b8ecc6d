import { request } from 'node:http';

export interface PostResult {
  /** The HTTP status, or null when the connection was cut before one arrived. */
  status: number | null;
  body: string;
  /** Bytes of the body written before the server answered or closed. */
  written: number;
}

/**
 * POSTs a body in chunks with Transfer-Encoding: chunked (no Content-Length), the way a client
 * that streams an endless body would; stops writing as soon as the server answers.
 */
export function postChunked(url: string, headers: Record<string, string>, totalBytes: number, chunkBytes = 64 * 1024): Promise<PostResult> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(chunkBytes, 'a');
    let written = 0;
    let answered = false;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      const done = () => {
        resolve({ status: res.statusCode ?? null, body, written });
        req.destroy();
      };
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', () => {
      if (!answered) resolve({ status: null, body: '', written });
    });
    const pump = () => {
      while (!answered && written < totalBytes) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}
