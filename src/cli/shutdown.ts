import type { Logger } from '../util/log.js';
import { errorMessage } from '../util/app-error.js';

/**
 * On SIGINT or SIGTERM: stop taking work, let answers in flight finish (or cancel them), exit.
 * A second signal exits at once.
 */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info(`${signal}: shutting down`);
    stop()
      .catch((error) => log.error('shutdown failed', { error: errorMessage(error) }))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('unhandledRejection', (reason) =>
    log.error('unhandled rejection', { error: reason instanceof Error ? reason.message : String(reason) }),
  );
}
