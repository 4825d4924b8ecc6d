import { startService } from '../server/service.js';
import { fail, startup } from './common.js';
import { onShutdown } from './shutdown.js';

/** `npm run serve`: Telegram and Feishu (whichever are configured) in one process, with /healthz. */
async function main(): Promise<void> {
  const { config, log } = startup(process.argv.slice(2), 'json');
  const service = await startService(config, log);
  process.on('SIGHUP', () => void service.reload());
  onShutdown(log, () => service.stop());
}

main().catch(fail);
