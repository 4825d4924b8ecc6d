import { request } from 'node:http';
import { connect } from 'node:net';

export interface PostResult {
  /** The HTTP status, or null when the connection was cut before one arrived. */
  status: number | null;
  /** Bytes of the body written before the server answered (polite) or cut the connection (attacker). */
  written: number;
}

/**
 * POSTs a body in chunks with Transfer-Encoding: chunked (no Content-Length). A polite client
 * (Node's) stops writing as soon as the server answers. With `ignoreAnswer` it is an attacker's
 * client on a raw socket: it sends every byte whatever the answer, until the server cuts it off.
 */
export function postChunked(
  url: string,
  headers: Record<string, string>,
  totalBytes: number,
  options: { chunkBytes?: number; ignoreAnswer?: boolean } = {},
): Promise<PostResult> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  return options.ignoreAnswer ? rawChunked(url, headers, totalBytes, chunkBytes) : politeChunked(url, headers, totalBytes, chunkBytes);
}

function politeChunked(url: string, headers: Record<string, string>, totalBytes: number, chunkBytes: number): Promise<PostResult> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(chunkBytes, 'a');
    let written = 0;
    let status: number | null = null;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
    req.on('response', (res) => {
      status = res.statusCode ?? null;
      res.resume();
      // Answered: the rest of the body is not sent.
      res.on('end', () => req.destroy());
    });
    req.on('close', () => resolve({ status, written }));
    req.on('error', () => {});
    const pump = () => {
      while (status === null && written < totalBytes) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (status === null) req.end();
    };
    pump();
  });
}

function rawChunked(url: string, headers: Record<string, string>, totalBytes: number, chunkBytes: number): Promise<PostResult> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const frame = Buffer.concat([Buffer.from(`${chunkBytes.toString(16)}\r\n`), Buffer.alloc(chunkBytes, 'a'), Buffer.from('\r\n')]);
    let written = 0;
    let status: number | null = null;
    let closed = false;
    const socket = connect(Number(u.port), u.hostname, () => {
      const head = Object.entries({ host: u.host, 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(`POST ${u.pathname} HTTP/1.1\r\n${head}\r\n`);
      pump();
    });
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      status ??= Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]) || null;
    });
    const done = () => {
      if (closed) return;
      closed = true;
      socket.destroy();
      resolve({ status, written });
    };
    socket.on('error', done);
    socket.on('close', done);
    const pump = () => {
      while (!closed && written < totalBytes) {
        written += chunkBytes;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
      if (!closed) socket.end('0\r\n\r\n');
    };
  });
}
