import { buildApp } from '../app/build.js';
import { channelNamed } from '../channels/registry.js';
import { startup } from './common.js';
import { onShutdown } from './shutdown.js';

/** Runs one channel of the registry on its own (`npm run telegram`, `npm run feishu`). */
export async function runChannel(name: string): Promise<void> {
  const { config, log } = startup(process.argv.slice(2), 'json');
  const channel = channelNamed(name);
  if (!channel.isConfigured(config)) {
    process.stderr.write(`${channel.needs}\n`);
    process.exit(2);
  }
  const { engine } = await buildApp(config, log);
  const running = await channel.start(config, { engine, log });
  onShutdown(log, () => running.stop());
}
