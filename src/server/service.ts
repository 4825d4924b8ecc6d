import type { Server } from 'node:http';
import type { Config } from '../config/schema.js';
import type { Logger } from '../util/log.js';
import { buildApp } from '../app/build.js';
import { startTelegram } from '../channels/telegram/run.js';
import { startFeishu } from '../channels/feishu/run.js';
import { startHealthServer, type HealthState } from './health.js';
import { IndexWatcher } from './index-watcher.js';

export interface Service {
  healthPort: number;
  state: HealthState;
  /** Reloads the index now (what SIGHUP does). */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

interface Running {
  stop(): Promise<void>;
}

const CHANNEL_RETRY_MS = 30_000;

/**
 * Every configured channel in one process over one loaded index and model, a health endpoint that
 * answers 503 until all is up, and a switch to a new index whenever `ingest` writes one.
 */
export async function startService(config: Config, log: Logger): Promise<Service> {
  const state: HealthState = {
    phase: 'starting',
    engine: null,
    manifest: null,
    embeddingModel: null,
    channels: {
      telegram: config.TELEGRAM_BOT_TOKEN ? 'starting' : 'off',
      feishu: config.FEISHU_APP_ID && config.FEISHU_APP_SECRET ? 'starting' : 'off',
    },
    startedAt: Date.now(),
  };
  const health = await startHealthServer(config.HEALTH_PORT, config.HEALTH_HOST, () => state);
  log.info(`health on ${config.HEALTH_HOST}:${health.port}/healthz`);

  let app;
  try {
    app = await buildApp(config, log);
  } catch (error) {
    await closeServer(health.server);
    throw error;
  }
  const built = app;
  state.engine = built.engine;
  state.manifest = built.manifest();
  state.embeddingModel = built.engine.retrievalMode === 'keyword' ? null : config.EMBEDDING_MODEL;
  const watcher = new IndexWatcher(
    config.INDEX_DIR,
    built.manifest,
    async () => {
      const manifest = await built.reload();
      state.manifest = manifest;
      return manifest;
    },
    log,
  );
  watcher.start();

  const running = new Map<string, Running>();
  const retries = new Set<NodeJS.Timeout>();
  const starters: Record<string, () => Promise<Running>> = {
    telegram: () => startTelegram(config, built.engine, log),
    feishu: () => startFeishu(config, built.engine, log),
  };
  const startChannel = async (name: string): Promise<void> => {
    if (state.phase === 'stopping') return;
    try {
      running.set(name, await starters[name]!());
      state.channels[name] = 'up';
    } catch (error) {
      state.channels[name] = 'down';
      log.error(`${name}: could not start; retrying in ${CHANNEL_RETRY_MS / 1000} s`, { error: (error as Error).message });
      const timer = setTimeout(() => {
        retries.delete(timer);
        void startChannel(name);
      }, CHANNEL_RETRY_MS);
      retries.add(timer);
    }
  };
  const names = Object.entries(state.channels)
    .filter(([, s]) => s !== 'off')
    .map(([n]) => n);
  if (!names.length) log.warn('no channel configured (TELEGRAM_BOT_TOKEN, FEISHU_APP_ID/FEISHU_APP_SECRET): serving health only');
  await Promise.all(names.map(startChannel));
  state.phase = 'ready';
  log.info('service ready', {
    channels: state.channels,
    issues: built.engine.corpus.bulletins.length,
    retrieval: built.engine.retrievalMode,
    answers: built.engine.answerMode,
  });

  return {
    healthPort: health.port,
    state,
    reload: () => watcher.check('SIGHUP', true),
    async stop() {
      state.phase = 'stopping';
      watcher.stop();
      for (const t of retries) clearTimeout(t);
      await Promise.all(
        [...running.values()].map((r) => r.stop().catch((error) => log.error('channel stop failed', { error: (error as Error).message }))),
      );
      await closeServer(health.server);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
