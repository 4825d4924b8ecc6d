import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGrammyBot, TELEGRAM_LIMITS } from '../../src/vendors/grammy.js';
import { silentLogger } from '../../src/util/log.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { advanceUntilSettled, STEP_MS, useFakeClock } from '../helpers/fake-clock.js';

/**
 * The bot's own API plugins with Telegram's limits, on a fake clock: the throttler's spacing and
 * auto-retry's wait are measured in fake milliseconds, so a minute of Telegram's limits takes a
 * moment. The HTTP to the fake Bot API server is real; the server stamps a call when it arrives, not
 * when the throttler lets it go, so gaps are checked to within a step of the clock.
 */
describe('createGrammyBot: Telegram’s send limits and retry_after, on a fake clock', () => {
  let api: FakeTelegram | null = null;
  afterEach(async () => {
    vi.useRealTimers();
    await api?.close();
    api = null;
  });

  async function bot(maxRetryAfterSeconds = 30) {
    api = await new FakeTelegram().start();
    useFakeClock();
    return createGrammyBot({ token: '123456:LIMITS-test', apiRoot: api.url, maxRetryAfterSeconds, log: silentLogger });
  }

  const arrivals = (chat: number) => api!.calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chat).map((c) => c.at);

  it('sends to one private chat at most once a second, in order, while other chats go on', async () => {
    const b = await bot();
    const t0 = Date.now();
    await advanceUntilSettled(Promise.all([...['1', '2', '3'].map((t) => b.api.sendMessage(42, t)), b.api.sendMessage(43, 'other')]));
    const to42 = api!.calls.filter((c) => c.payload.chat_id === 42);
    expect(to42.map((c) => c.payload.text)).toEqual(['1', '2', '3']);
    const [a, c, d] = arrivals(42) as [number, number, number];
    expect(c - a).toBeGreaterThanOrEqual(TELEGRAM_LIMITS.perChatMs - STEP_MS);
    expect(d - c).toBeGreaterThanOrEqual(TELEGRAM_LIMITS.perChatMs - STEP_MS);
    // The other chat does not queue behind the first.
    expect(arrivals(43)[0]! - t0).toBeLessThan(TELEGRAM_LIMITS.perChatMs);
  });

  it('sends at most 20 messages a minute to a group', async () => {
    const b = await bot();
    const group = -1001;
    await advanceUntilSettled(Promise.all(Array.from({ length: 21 }, (_, i) => b.api.sendMessage(group, `m${i}`))));
    const at = arrivals(group);
    expect(at).toHaveLength(21);
    // Twenty go out a second apart; the 21st waits for the minute to be over.
    expect(at[19]! - at[0]!).toBeLessThan(20_000 + STEP_MS);
    expect(at[20]! - at[0]!).toBeGreaterThanOrEqual(60_000 - STEP_MS);
  });

  it('waits out a 429 for its retry_after and sends once more; a longer wait than allowed fails the call', async () => {
    const b = await bot(5);
    api!.floodOnce.set('sendMessage', 3);
    await advanceUntilSettled(b.api.sendMessage(42, 'after a flood'));
    const [refused, retried] = arrivals(42) as [number, number];
    expect(retried - refused).toBeGreaterThanOrEqual(3000 - STEP_MS);

    api!.floodOnce.set('sendMessage', 60);
    await expect(advanceUntilSettled(b.api.sendMessage(42, 'too long a wait'))).rejects.toThrow(/retry after 60/);
  });
});
