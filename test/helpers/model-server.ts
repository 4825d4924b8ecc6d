import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface FakeModelHub {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for a Hugging Face mirror on 127.0.0.1: serves `{model}/resolve/{revision}/{file}`
 * from a local folder over real HTTP, or 404 for everything when no folder is given.
 */
export async function startFakeModelHub(modelsRoot: string | null): Promise<FakeModelHub> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '/');
    requests.push(url);
    const m = /^\/(.+)\/resolve\/[^/]+\/(.+)$/.exec(url);
    const file = m && modelsRoot ? path.join(modelsRoot, m[1]!, m[2]!) : null;
    if (!file || !file.startsWith(modelsRoot!) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Entry not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    // Ends keep-alive connections too: close() alone waits for the client's to time out (seconds).
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
