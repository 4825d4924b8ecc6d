/**
 * Runs tasks one after another per key (a chat), different keys in parallel: answers in a chat keep
 * their order while other chats are not held up.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];

  run(key: string, task: () => Promise<void>): Promise<void> {
    this.pending++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task).finally(() => {
      this.pending--;
      if (this.tails.get(key) === next) this.tails.delete(key);
      if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
    });
    this.tails.set(key, next);
    return next;
  }

  get size(): number {
    return this.pending;
  }

  /** Resolves when no task is running or waiting (or after `timeoutMs`, with false). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.pending === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
