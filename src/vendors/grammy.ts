import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Bot, type Transformer } from 'grammy';
import type { Logger } from '../util/log.js';
import { errorMessage } from '../util/app-error.js';

/**
 * What a bot may send (Telegram's Bot API FAQ, "My bot is hitting limits, how do I avoid this?"):
 * about one message a second in a chat, 20 a minute in a group, 30 a second in all.
 */
export interface SendLimits {
  /** Least time between two messages to the same chat. */
  perChatMs: number;
  perGroupPerMinute: number;
  perSecond: number;
}

export const TELEGRAM_LIMITS: SendLimits = { perChatMs: 1000, perGroupPerMinute: 20, perSecond: 30 };

export interface GrammyBotOptions {
  token: string;
  /** The Bot API server (a self-hosted one, or a test's fake). */
  apiRoot: string;
  /** A 429's retry_after is waited out up to this many seconds; longer, the call fails. */
  maxRetryAfterSeconds: number;
  log: Logger;
  /** Telegram's own by default; tests of what the bot says use none, and test the spacing on its own. */
  limits?: SendLimits;
}

/**
 * The grammY bot with the API plugins every call goes through: the throttler keeps within
 * Telegram's outgoing limits (one message a second per chat, 20 a minute per group, 30 a second in
 * all) by queueing, and auto-retry waits out a 429's retry_after and retries 5xx a few times.
 * Network errors are not retried here: they go back to the caller (the runner retries getUpdates).
 */
export function createGrammyBot(o: GrammyBotOptions): Bot {
  const bot = new Bot(o.token, { client: { apiRoot: o.apiRoot.replace(/\/+$/, ''), timeoutSeconds: 60 } });
  bot.api.config.use(logConnectionFailures(o.log));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: o.maxRetryAfterSeconds, rethrowHttpErrors: true }));
  // Installed last, so it runs first: a retry waits inside the chat's slot and keeps the chat's order.
  bot.api.config.use(apiThrottler(throttlerOptions(o.limits ?? TELEGRAM_LIMITS)));
  return bot;
}

/** The throttler's queues (bottleneck): per private chat, per group, and for the bot as a whole. */
function throttlerOptions(l: SendLimits): Parameters<typeof apiThrottler>[0] {
  return {
    global: { reservoir: l.perSecond, reservoirRefreshAmount: l.perSecond, reservoirRefreshInterval: 1000 },
    group: {
      maxConcurrent: 1,
      minTime: l.perChatMs,
      reservoir: l.perGroupPerMinute,
      reservoirRefreshAmount: l.perGroupPerMinute,
      reservoirRefreshInterval: 60_000,
    },
    out: { maxConcurrent: 1, minTime: l.perChatMs },
  };
}

/**
 * grammY retries getMe (at start-up) and the runner retries getUpdates on their own, for as long as
 * Telegram cannot be reached, and say so only through console.error or the debug module: each
 * failure goes to our log instead (their backoff doubles, so the lines thin out).
 */
function logConnectionFailures(log: Logger): Transformer {
  const watched = new Set(['getMe', 'getUpdates']);
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (watched.has(method) && !result.ok)
        log.warn(`telegram: ${method} failed`, { code: result.error_code, description: result.description });
      return result;
    } catch (error) {
      if (watched.has(method) && !signal?.aborted) log.warn(`telegram: ${method} failed; retrying`, { error: errorMessage(error) });
      throw error;
    }
  };
}

/** Long polling with grammY's runner: updates are handled concurrently (ordered per chat by the channel core). */
export function startPolling(bot: Bot, allowedUpdates: ReadonlyArray<'message' | 'callback_query'>): RunnerHandle {
  return run(bot, {
    runner: { fetch: { timeout: 30, allowed_updates: allowedUpdates }, silent: true },
    sink: { concurrency: 500 },
  });
}
