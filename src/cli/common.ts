import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { CorpusError } from '../ingest/corpus.js';
import { IndexLoadError } from '../store/load.js';
import { ModelUnavailableError } from '../embedding/embedder.js';
import { PromptError } from '../generate/prompt-error.js';
import { ModelSettingsError } from '../embedding/settings.js';
import { createLogger, type LogFormat, type Logger } from '../util/log.js';

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

/** Known failures print one line; anything else prints its stack. Exits with status 1. */
/** A command used wrongly (a missing flag, a file that is not there): one line, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function fail(error: unknown): never {
  const known = [CorpusError, IndexLoadError, ModelUnavailableError, PromptError, ModelSettingsError, UsageError].some(
    (type) => error instanceof type,
  );
  if (known) process.stderr.write(`error: ${(error as Error).message}\n`);
  else process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
