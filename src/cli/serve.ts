import { startService } from '../server/service.js';
import { fail, processIo, startup } from './common.js';
import { onShutdown } from './shutdown.js';

/** `npm run serve`: Telegram and Feishu (whichever are configured) in one process, with /healthz. */
async function main(): Promise<void> {
  const { config, log } = startup(processIo(), 'json');
  const service = await startService(config, log);
  process.on('SIGHUP', () => void service.reload());
  onShutdown(log, () => service.stop());
}

main().catch(fail);
