import { createServer, type Server } from 'node:http';
import type { AnswerEngine } from '../answer/engine.js';
import type { Manifest } from '../store/manifest.js';

export type ChannelState = 'off' | 'starting' | 'up' | 'down';

export interface HealthState {
  phase: 'starting' | 'ready' | 'stopping';
  engine: AnswerEngine | null;
  manifest: Manifest | null;
  embeddingModel: string | null;
  channels: Record<string, ChannelState>;
  startedAt: number;
}

/** The health document; HTTP 503 until the index is loaded and every configured channel is up. */
export function healthOf(state: HealthState): { status: number; body: Record<string, unknown> } {
  const configured = Object.values(state.channels).filter((s) => s !== 'off');
  const ready = state.phase === 'ready' && state.engine !== null && configured.every((s) => s === 'up');
  return {
    status: ready ? 200 : 503,
    body: {
      status: ready ? 'ok' : state.phase === 'ready' ? 'degraded' : state.phase,
      indexLoaded: state.engine !== null,
      issuesIndexed: state.engine?.corpus.bulletins.length ?? 0,
      chunks: state.engine?.corpus.chunks.length ?? 0,
      indexBuiltAt: state.manifest?.builtAt ?? null,
      retrievalMode: state.engine?.retrievalMode ?? null,
      modelMode: state.engine ? { answers: state.engine.answerMode, embedding: state.embeddingModel } : null,
      channels: state.channels,
      uptimeSeconds: Math.round((Date.now() - state.startedAt) / 1000),
    },
  };
}

export async function startHealthServer(port: number, host: string, state: () => HealthState): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/healthz') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const { status, body } = healthOf(state());
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return { server, port: (server.address() as { port: number }).port };
}
