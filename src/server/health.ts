import { createServer, type Server } from 'node:http';
import type { AnswerEngine } from '../answer/engine.js';
import type { ChannelHealth } from '../channels/core/definition.js';
import type { Manifest } from '../store/manifest.js';
import type { WeeklyHealth } from './weekly.js';
import { listen, pathOf, sendJson } from './http.js';

export interface HealthState {
  phase: 'starting' | 'ready' | 'stopping';
  engine: AnswerEngine | null;
  manifest: Manifest | null;
  embeddingModel: string | null;
  /** Every registered channel: 'off' when not configured, else how it is doing. */
  channels: Record<string, ChannelHealth | 'off'>;
  startedAt: number;
  /** Background ingest, subscriptions and digests, the feedback log (once the service has them). */
  weekly?: WeeklyHealth | null;
  /** Why the index on disk is not the one served (its last reload failed), or null. */
  indexProblem?: string | null;
}

/**
 * The health document. HTTP 503 until the index is loaded and every configured channel is up
 * (status "starting", or "degraded" when a channel is down); 200 once all is up, with status
 * "degraded" and the problems listed when something works less well than it should (e.g.
 * de-duplication kept in memory only because the state store cannot be written).
 */
export function healthOf(state: HealthState): { status: number; body: Record<string, unknown> } {
  const channels = Object.entries(state.channels);
  const configured = channels.flatMap(([, c]) => (c === 'off' ? [] : [c]));
  const ready = state.phase === 'ready' && state.engine !== null && configured.every((c) => c.state === 'up');
  const problems = [
    ...channels.flatMap(([name, c]) => (c === 'off' ? [] : c.problems.map((p) => `${name}: ${p}`))),
    ...(state.indexProblem ? [state.indexProblem] : []),
    ...(state.weekly?.problems ?? []),
  ];
  return {
    status: ready ? 200 : 503,
    body: {
      status: ready ? (problems.length ? 'degraded' : 'ok') : state.phase === 'ready' ? 'degraded' : state.phase,
      indexLoaded: state.engine !== null,
      issuesIndexed: state.engine?.corpus.bulletins.length ?? 0,
      chunks: state.engine?.corpus.chunks.length ?? 0,
      indexBuiltAt: state.manifest?.builtAt ?? null,
      retrievalMode: state.engine?.retrievalMode ?? null,
      modelMode: state.engine ? { answers: state.engine.answerMode, embedding: state.embeddingModel } : null,
      channels: Object.fromEntries(channels.map(([name, c]) => [name, c === 'off' ? 'off' : c.state])),
      problems,
      rejected: Object.fromEntries(channels.flatMap(([name, c]) => (c === 'off' ? [] : [[name, c.rejected]]))),
      lastIngest: state.weekly?.lastIngest ?? null,
      ingestRunning: state.weekly?.ingestRunning ?? false,
      watchingBulletins: state.weekly?.watching ?? false,
      subscriptions: state.weekly?.subscriptions ?? 0,
      digestsPending: state.weekly?.digestsPending ?? 0,
      digestsOverdue: state.weekly?.digestsOverdue ?? [],
      uptimeSeconds: Math.round((Date.now() - state.startedAt) / 1000),
    },
  };
}

export async function startHealthServer(port: number, host: string, state: () => HealthState): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    // Requests are not read: whatever body comes is dropped with the connection.
    if (req.method !== 'GET' || pathOf(req) !== '/healthz') return sendJson(res, 404, { error: 'not found' });
    const { status, body } = healthOf(state());
    sendJson(res, status, body, { 'cache-control': 'no-store' });
  });
  const address = await listen(server, port, host);
  return { server, port: address.port };
}
