import { ConfigError, loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { createLogger, type LogFormat, type Logger } from '../util/log.js';
import { AppError } from '../util/app-error.js';

export interface Startup {
  config: Config;
  log: Logger;
  argv: string[];
}

/** Parses config once for a command; a bad config lists every bad key and exits with status 2. */
export function startup(argv = process.argv.slice(2), defaultFormat: LogFormat = 'text'): Startup {
  try {
    const config = loadConfig({ argv });
    return { config, log: createLogger(config.LOG_LEVEL, undefined, config.LOG_FORMAT ?? defaultFormat), argv };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every key.\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** A command used wrongly (a missing flag, a file that is not there): one line, no stack. */
export class UsageError extends AppError {
  override readonly name = 'UsageError';
}

/**
 * Exits with status 1. An AppError says what failed in its message: that one line is printed.
 * Anything else is a bug: its stack is printed.
 */
export function fail(error: unknown): never {
  if (error instanceof AppError) process.stderr.write(`error: ${error.message}\n`);
  else process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
