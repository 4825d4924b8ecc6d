import type { Config } from '../config/schema.js';
import type { Logger } from '../util/log.js';
import { buildApp } from '../app/build.js';
import type { ChannelDefinition, ChannelHealth, RunningChannel } from '../channels/core/definition.js';
import { CHANNELS } from '../channels/registry.js';
import { startHealthServer, type HealthState } from './health.js';
import { closeServer } from './http.js';
import { IndexWatcher } from './index-watcher.js';
import type { IngestJobRunner } from './ingest-runner.js';
import { Weekly } from './weekly.js';
import { errorMessage } from '../util/app-error.js';
import type { JobRunner } from '../originals/renderer.js';

export interface Service {
  healthPort: number;
  /** What /healthz reports, as of now. */
  readonly state: HealthState;
  /** Reloads the index now (what SIGHUP does). */
  reload(): Promise<void>;
  /** Ingests BULLETINS_DIR now in the background process (what a change in the folder does). */
  ingest(reason: string): Promise<unknown>;
  stop(): Promise<void>;
}

export interface ServiceDeps {
  /** The channels to start when configured (the registry by default). */
  channels?: readonly ChannelDefinition[];
  /** Where ingest jobs run (the ingest process by default). */
  runIngestJob?: IngestJobRunner;
  /** Where 查看原文's pages are rendered (the renderer process by default). */
  renderer?: JobRunner;
}

/** A channel that failed to start is tried again after this long. */
const CHANNEL_RETRY_MS = 30_000;

type Slot = { kind: 'off' } | { kind: 'starting' } | { kind: 'down'; error: string } | { kind: 'running'; running: RunningChannel };

/**
 * Every configured channel in one process over one loaded index and model, a health endpoint that
 * answers 503 until all is up, and a switch to a new index whenever `ingest` writes one.
 */
export async function startService(config: Config, log: Logger, deps: ServiceDeps = {}): Promise<Service> {
  const channels = deps.channels ?? CHANNELS;
  const slots = new Map<string, Slot>(channels.map((c) => [c.name, c.isConfigured(config) ? { kind: 'starting' } : { kind: 'off' }]));
  const core: Omit<HealthState, 'channels'> = {
    phase: 'starting',
    engine: null,
    manifest: null,
    embeddingModel: null,
    startedAt: Date.now(),
  };
  let weekly: Weekly | null = null;
  let watcher: IndexWatcher | null = null;
  const snapshot = (): HealthState => ({
    ...core,
    channels: Object.fromEntries([...slots].map(([name, slot]) => [name, slotHealth(slot)])),
    weekly: weekly?.health() ?? null,
    indexProblem: watcher?.problem() ?? null,
  });
  const health = await startHealthServer(config.HEALTH_PORT, config.HEALTH_HOST, snapshot);
  log.info(`health on ${config.HEALTH_HOST}:${health.port}/healthz`);

  let app;
  try {
    app = await buildApp(config, log);
  } catch (error) {
    await closeServer(health.server);
    throw error;
  }
  const built = app;
  core.engine = built.engine;
  core.manifest = built.manifest();
  core.embeddingModel = built.engine.retrievalMode === 'keyword' ? null : config.EMBEDDING_MODEL;
  const indexWatcher = new IndexWatcher(
    config.INDEX_DIR,
    built.manifest,
    async () => {
      const manifest = await built.reload();
      core.manifest = manifest;
      // However the index changed (a file copied in, an upload, `npm run ingest`), new issues are announced.
      void weekly?.indexSwitched();
      return manifest;
    },
    log,
  );
  watcher = indexWatcher;
  indexWatcher.start();
  try {
    weekly = await Weekly.create(config, log, {
      engine: built.engine,
      switchIndex: (reason) => indexWatcher.check(reason),
      manifest: built.manifest,
      runIngestJob: deps.runIngestJob,
      renderer: deps.renderer,
      channel: (name) => {
        const slot = slots.get(name);
        return slot?.kind === 'running' ? slot.running : null;
      },
    });
  } catch (error) {
    indexWatcher.stop();
    await closeServer(health.server);
    throw error;
  }
  const loop = weekly;
  loop.startupIngest(built.report);

  const retries = new Set<NodeJS.Timeout>();
  const stopping = () => core.phase === 'stopping';
  const startChannel = async (channel: ChannelDefinition): Promise<void> => {
    if (stopping()) return;
    try {
      const running = await channel.start(config, { engine: built.engine, log, services: loop.services });
      // Stopped while it was starting: it must not outlive the service.
      if (stopping()) return void (await running.stop());
      slots.set(channel.name, { kind: 'running', running });
    } catch (error) {
      const message = errorMessage(error);
      slots.set(channel.name, { kind: 'down', error: message });
      log.error(`${channel.name}: could not start; retrying in ${CHANNEL_RETRY_MS / 1000} s`, { error: message });
      const timer = setTimeout(() => {
        retries.delete(timer);
        void startChannel(channel);
      }, CHANNEL_RETRY_MS);
      retries.add(timer);
    }
  };
  const configured = channels.filter((c) => slots.get(c.name)!.kind !== 'off');
  if (!configured.length) log.warn(`no channel configured (${channels.map((c) => c.needs).join('; ')}): serving health only`);
  await Promise.all(configured.map(startChannel));
  await loop.indexSwitched();
  await loop.start();
  core.phase = 'ready';
  log.info('service ready', {
    channels: Object.fromEntries([...slots].map(([name, slot]) => [name, stateOf(slotHealth(slot))])),
    issues: built.engine.corpus.bulletins.length,
    retrieval: built.engine.retrievalMode,
    answers: built.engine.answerMode,
  });

  return {
    healthPort: health.port,
    get state() {
      return snapshot();
    },
    reload: () => indexWatcher.check('SIGHUP', true),
    ingest: (reason) => loop.ingest(reason),
    async stop() {
      core.phase = 'stopping';
      indexWatcher.stop();
      for (const t of retries) clearTimeout(t);
      await Promise.all(
        [...slots].map(([name, slot]) =>
          slot.kind === 'running'
            ? slot.running.stop().catch((error) => log.error(`${name}: stop failed`, { error: errorMessage(error) }))
            : Promise.resolve(),
        ),
      );
      await loop.stop();
      await closeServer(health.server);
    },
  };
}

const stateOf = (health: ChannelHealth | 'off') => (health === 'off' ? 'off' : health.state);

function slotHealth(slot: Slot): ChannelHealth | 'off' {
  if (slot.kind === 'off') return 'off';
  if (slot.kind === 'running') return slot.running.health();
  if (slot.kind === 'down') return { state: 'down', problems: [`could not start: ${slot.error}`], rejected: {} };
  return { state: 'starting', problems: [], rejected: {} };
}
