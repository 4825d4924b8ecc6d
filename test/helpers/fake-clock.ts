import { vi } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A fake clock for code that waits (a throttler, a retry_after, a timeout) while it talks to a fake
 * server over real loopback HTTP: timers and Date are faked, I/O is not. Call vi.useRealTimers() after.
 */
export function useFakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

/** How far the fake clock moves at a time: a wait measured across an HTTP round trip is exact to within a step. */
export const STEP_MS = 50;

/**
 * Moves the fake clock on a step at a time, letting real I/O run in between, until `work` settles;
 * resolves or rejects as it does.
 */
export async function advanceUntilSettled<T>(work: Promise<T>, stepMs = STEP_MS): Promise<T> {
  let settled = false;
  const result = work.finally(() => (settled = true));
  result.catch(() => undefined); // its caller sees the failure; it is not unhandled meanwhile
  while (!settled) {
    for (let i = 0; i < 5; i++) await nextTurn();
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  return result;
}
