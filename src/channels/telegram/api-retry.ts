import type { Transformer } from 'grammy';

/**
 * Honours Telegram's flood control: a 429 with parameters.retry_after is retried after that many
 * seconds, when it is within the cap; otherwise the error goes back to the caller.
 */
export function retryAfterTransformer(
  maxRetryAfterSeconds: number,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  attempts = 3,
): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      const result = await prev(method, payload, signal);
      const retryAfter = !result.ok && result.error_code === 429 ? result.parameters?.retry_after : undefined;
      if (retryAfter === undefined || retryAfter > maxRetryAfterSeconds || attempt + 1 >= attempts) return result;
      await sleep(retryAfter * 1000);
    }
  };
}
