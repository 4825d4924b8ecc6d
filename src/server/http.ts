import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * The HTTP plumbing every entry point shares (Telegram's webhook, Feishu's event endpoint, /healthz):
 * listening, closing, a bounded body reader and a constant-time comparison of secrets.
 */

/** The largest body any webhook accepts: Telegram updates and Feishu events are a few KB. */
export const MAX_WEBHOOK_BODY = 1 << 20;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too large' | 'aborted' };

/**
 * Reads a request body, counting bytes as they arrive, whatever the transfer encoding (a chunked
 * body has no Content-Length to check). At `limit` it stops reading and drops what it kept, so
 * memory stays at `limit` however much is sent; the caller answers with `refuse`.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.pause();
      resolve({ ok: false, reason: 'too large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      chunks.length = 0;
      resolve({ ok: false, reason: 'too large' });
    };
    const onEnd = () => resolve({ ok: true, body: Buffer.concat(chunks, size) });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () => resolve({ ok: false, reason: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, reason: 'aborted' });
    });
  });
}

/**
 * Answers a request refused before its body was read (401, 404, 413). The answer goes out at once.
 * What the client still sends is read and dropped for a while (closing at once would reset the
 * connection, and the client could lose the answer); a client that goes on sending regardless is
 * cut off after `lingerBytes` more bytes or `lingerMs`, whichever comes first.
 */
export function refuse(res: ServerResponse, status: number, body: unknown, linger = { bytes: 4 << 20, ms: 5000 }): void {
  sendJson(res, status, body);
  const req = res.req;
  if (req.complete) return;
  let dropped = 0;
  let cutting = false;
  // Our end of the connection closes first (the client reads the answer, then the end) and reading
  // stops; the connection is dropped a moment later. Dropping it at once could reset it before the
  // client has read the answer.
  const cut = () => {
    if (cutting) return;
    cutting = true;
    req.pause();
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 2000).unref();
  };
  const timer = setTimeout(cut, linger.ms).unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > linger.bytes) cut();
  });
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Compares a secret in constant time. Both sides are hashed first, so neither the content nor
 * the length of the expected value shows in the timing.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** Only the path, without a query string. */
export function pathOf(req: IncomingMessage): string {
  return (req.url ?? '').split('?')[0]!;
}

export function listen(server: Server, port: number, host: string): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as { address: string; port: number };
      resolve({ host: address.address, port: address.port });
    });
  });
}

/** Stops listening and ends open connections (keep-alive ones would hold `close` for minutes). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
