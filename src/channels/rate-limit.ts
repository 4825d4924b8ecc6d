/**
 * At most `limit` events per key within a sliding window. Our own: the limiters on npm (bottleneck,
 * which the Telegram throttler uses) queue work for later, while a question over the limit must be
 * refused at once with the time to wait.
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records an event; returns 0 when allowed, else the milliseconds until the next one is. */
  take(key: string): number {
    const t = this.now();
    const recent = (this.events.get(key) ?? []).filter((x) => t - x < this.windowMs);
    if (recent.length >= this.limit) {
      this.events.set(key, recent);
      return this.windowMs - (t - recent[0]!);
    }
    recent.push(t);
    this.events.set(key, recent);
    if (this.events.size > 10_000) this.prune(t);
    return 0;
  }

  private prune(t: number): void {
    for (const [key, times] of this.events) if (times.every((x) => t - x >= this.windowMs)) this.events.delete(key);
  }
}
