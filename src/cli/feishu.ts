import { buildApp } from '../app/build.js';
import { startFeishu } from '../channels/feishu/run.js';
import { fail, startup } from './common.js';
import { onShutdown } from './shutdown.js';

/** `npm run feishu`: the Feishu (Lark) bot, by long connection (default) or webhook. */
async function main(): Promise<void> {
  const { config, log } = startup(process.argv.slice(2), 'json');
  if (!config.FEISHU_APP_ID || !config.FEISHU_APP_SECRET) {
    process.stderr.write('FEISHU_APP_ID and FEISHU_APP_SECRET must be set (see .env.example)\n');
    process.exit(2);
  }
  const { engine } = await buildApp(config, log);
  const feishu = await startFeishu(config, engine, log);
  onShutdown(log, () => feishu.stop());
}

main().catch(fail);
