import { fail } from './common.js';
import { runChannel } from './run-channel.js';

/** `npm run feishu`: the Feishu (Lark) bot, by long connection (default) or webhook. */
runChannel('feishu').catch(fail);
