import { fail } from './common.js';
import { runChannel } from './run-channel.js';

/** `npm run telegram`: the Telegram bot (long polling, or a webhook with TELEGRAM_MODE=webhook). */
runChannel('telegram').catch(fail);
