import { Bot } from 'grammy';

/** The grammY bot, pointed at the configured Bot API server (a self-hosted one, or a test's fake). */
export function createGrammyBot(token: string, apiRoot: string): Bot {
  return new Bot(token, { client: { apiRoot: apiRoot.replace(/\/+$/, ''), timeoutSeconds: 60 } });
}
