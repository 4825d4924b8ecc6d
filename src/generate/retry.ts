import { ModelCallError } from './model.js';
import { errorMessage } from '../util/app-error.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server's Retry-After is honoured up to this wait; longer means give up now. */
  maxRetryAfterMs: number;
}

export interface RetryDeps {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  onRetry?: (attempt: number, delayMs: number, error: ModelCallError) => void;
}

export const realSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new ModelCallError('aborted', false));
      },
      { once: true },
    );
  });

/**
 * Runs `attempt` until it succeeds, a failure is not retryable, or the retries are used up.
 * Waits the server's Retry-After when it gives one (within bounds), else exponential backoff with
 * full jitter.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  deps: Partial<RetryDeps> = {},
  signal?: AbortSignal,
): Promise<T> {
  const { sleep, random, onRetry } = { sleep: realSleep, random: Math.random, ...deps };
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const e = error instanceof ModelCallError ? error : new ModelCallError(errorMessage(error), false, null, null, { cause: error });
      if (!e.retryable || n >= policy.maxRetries || signal?.aborted) throw e;
      if (e.retryAfterMs !== null && e.retryAfterMs > policy.maxRetryAfterMs) throw e;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n) * (0.5 + random() / 2);
      const delay = e.retryAfterMs ?? backoff;
      onRetry?.(n + 1, delay, e);
      await sleep(delay, signal);
    }
  }
}
