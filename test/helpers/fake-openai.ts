import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake model does with one request. */
export type Behaviour =
  | { reply: string; chunk?: number; chunkDelayMs?: number }
  | { status: number; headers?: Record<string, string>; body?: string }
  | { delayMs: number; then: Behaviour }
  | { garbled: true }
  | { brokenStream: string }
  | { empty: true };

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: { model: string; stream?: boolean; messages: Array<{ role: string; content: string }> };
}

export interface FakeOpenAi {
  /** Base URL to give as LLM_BASE_URL (ends in /v1). */
  url: string;
  requests: RecordedRequest[];
  /** Behaviours used in order, one per request; afterwards `fallback` answers. */
  script(...behaviours: Behaviour[]): void;
  fallback: (req: RecordedRequest) => Behaviour;
  close(): Promise<void>;
}

/** The first sentence of excerpt 1 of the prompt, cited as [1]: a model that cites correctly. */
export function citeFirstExcerpt(req: RecordedRequest): Behaviour {
  const user = req.body.messages.at(-1)?.content ?? '';
  if (user.includes('<history>')) {
    const q = /<question>\s*([\s\S]*?)\s*<\/question>/.exec(user)?.[1] ?? '';
    return { reply: q };
  }
  const excerpt = /<excerpt id="1">\n出处：[^\n]*\n([\s\S]*?)\n<\/excerpt>/.exec(user)?.[1] ?? '';
  const sentence = /^[^。！？]*[。！？]/.exec(excerpt)?.[0] ?? excerpt.slice(0, 60);
  return { reply: `${sentence}[1]` };
}

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1, over real HTTP: JSON or SSE streaming,
 * scripted replies, and faults (429 with Retry-After, 5xx, slow, garbled, cut-off streams, empty).
 */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  const fake: FakeOpenAi = {
    url: '',
    requests,
    script: (...b) => queue.push(...b),
    fallback: citeFirstExcerpt,
    // Ends keep-alive connections too: close() alone waits for the client's to time out (seconds).
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer(async (req, res) => {
    const raw = await body(req);
    if (!req.url?.endsWith('/chat/completions') || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const recorded: RecordedRequest = {
      path: req.url,
      authorization: req.headers.authorization,
      body: JSON.parse(raw) as RecordedRequest['body'],
    };
    requests.push(recorded);
    await respond(res, queue.shift() ?? fake.fallback(recorded), recorded);
  });
  server.on('connection', (socket) => socket.on('error', () => {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const chunkJson = (content: string | null, finish: string | null) =>
  JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'fake',
    choices: [{ index: 0, delta: content === null ? {} : { role: 'assistant', content }, finish_reason: finish }],
  });

async function respond(res: ServerResponse, b: Behaviour, req: RecordedRequest): Promise<void> {
  if ('delayMs' in b) {
    await new Promise((r) => setTimeout(r, b.delayMs));
    if (res.destroyed) return;
    return respond(res, b.then, req);
  }
  if ('status' in b) {
    res.writeHead(b.status, { 'content-type': 'application/json', ...b.headers });
    res.end(b.body ?? JSON.stringify({ error: { message: `fake error ${b.status}`, type: 'server_error' } }));
    return;
  }
  if ('garbled' in b) {
    res.writeHead(200, { 'content-type': req.body.stream ? 'text/event-stream' : 'application/json' });
    res.end(req.body.stream ? 'data: {"choices": [{"delta": {"content": \n\ndata: ###not json###\n\n' : '<html>502 Bad Gateway</html>');
    return;
  }
  if (!req.body.stream) {
    const content = 'reply' in b ? b.reply : '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 0,
        model: 'fake',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  if ('brokenStream' in b) {
    res.write(`data: ${chunkJson(b.brokenStream, null)}\n\n`);
    await new Promise((r) => setTimeout(r, 20));
    res.socket?.destroy();
    return;
  }
  const text = 'reply' in b ? b.reply : '';
  const size = 'reply' in b ? (b.chunk ?? 4) : 1;
  const pause = 'reply' in b ? (b.chunkDelayMs ?? 0) : 0;
  for (let i = 0; i < text.length; i += size) {
    res.write(`data: ${chunkJson(text.slice(i, i + size), null)}\n\n`);
    if (pause) await new Promise((r) => setTimeout(r, pause));
  }
  res.write(`data: ${chunkJson(null, 'stop')}\n\n`);
  res.end('data: [DONE]\n\n');
}
