import type { Logger } from '../../util/log.js';

/**
 * Counts what a channel refuses (bad signatures, oversized bodies, messages from bots, …) and logs
 * each reason at most once per interval with the count since its last line, so that a flood of
 * bad requests cannot flood the log. The totals are shown in /healthz.
 */
export class RejectionLog {
  private readonly totals = new Map<string, number>();
  private readonly pending = new Map<string, { count: number; lastLogAt: number }>();

  constructor(
    private readonly channel: string,
    private readonly log: Logger,
    private readonly intervalMs = 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records one rejection; `fields` go with the line when one is written (never secrets). */
  reject(reason: string, fields: Record<string, unknown> = {}): void {
    this.totals.set(reason, (this.totals.get(reason) ?? 0) + 1);
    const t = this.now();
    const entry = this.pending.get(reason) ?? { count: 0, lastLogAt: -Infinity };
    entry.count++;
    this.pending.set(reason, entry);
    if (t - entry.lastLogAt < this.intervalMs) return;
    this.log.warn(`${this.channel}: rejected: ${reason}`, { ...fields, count: entry.count });
    entry.count = 0;
    entry.lastLogAt = t;
  }

  /** Rejections since start, by reason. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.totals);
  }
}
