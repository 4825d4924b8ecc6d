import { buildApp } from '../app/build.js';
import { startTelegram } from '../channels/telegram/run.js';
import { fail, startup } from './common.js';
import { onShutdown } from './shutdown.js';

/** `npm run telegram`: the Telegram bot (long polling, or a webhook with TELEGRAM_MODE=webhook). */
async function main(): Promise<void> {
  const { config, log } = startup(process.argv.slice(2), 'json');
  if (!config.TELEGRAM_BOT_TOKEN) {
    process.stderr.write('TELEGRAM_BOT_TOKEN is not set (get one from @BotFather; see .env.example)\n');
    process.exit(2);
  }
  const { engine } = await buildApp(config, log);
  const telegram = await startTelegram(config, engine, log);
  onShutdown(log, () => telegram.stop());
}

main().catch(fail);
