/**
 * Runs work one at a time per key, in the order it was handed in, and different keys in parallel
 * (the answers in a chat keep their order; chats do not wait for each other). Our own: grammY's
 * `sequentialize` does this, but as middleware of a Telegram library, and the queues on npm would
 * need one queue per key managed by hand (p-queue) or schedule through timers (bottleneck); a
 * promise chain per key, dropped when it runs dry, is all it takes.
 */
export class SerialPerKey {
  /** Per key, the end of its chain: settles once the last work handed in has settled (never rejects). */
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` after the work handed in before under the same key has settled; resolves or rejects as `work` does. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
