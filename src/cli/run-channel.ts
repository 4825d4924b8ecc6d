import { buildApp } from '../app/build.js';
import { channelNamed } from '../channels/registry.js';
import { openOriginals } from '../originals/open.js';
import { processIo, startup } from './common.js';
import { onShutdown } from './shutdown.js';
import { errorMessage } from '../util/app-error.js';

/** Runs one channel of the registry on its own (`npm run telegram`, `npm run feishu`). */
export async function runChannel(name: string): Promise<void> {
  const { config, log } = startup(processIo(), 'json');
  const channel = channelNamed(name);
  if (!channel.isConfigured(config)) {
    process.stderr.write(`${channel.needs}\n`);
    process.exit(2);
  }
  const { engine, manifest } = await buildApp(config, log);
  const originals = await openOriginals(config, log, { corpus: () => engine.corpus, manifest });
  let running;
  try {
    running = await channel.start(config, { engine, log, services: { originals: originals.viewer } });
  } catch (error) {
    // Through the log, which redacts secrets: a platform's error can carry what was sent.
    log.error(`${name}: could not start`, { error: errorMessage(error) });
    process.exit(1);
  }
  const started = running;
  onShutdown(log, async () => {
    await started.stop();
    await originals.close();
  });
}
