import { realpathSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { createLogger, type LogFormat, type Logger } from '../util/log.js';
import { AppError } from '../util/app-error.js';

/** What a command reads and writes: the process's own, or a test's streams when it runs in the test's process. */
export interface CommandIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable;
  /** The .env file read under the environment ('.env' by default; null: none). */
  envFile?: string | null;
}

/** A command: resolves with its exit status. */
export type Command = (io: CommandIo) => Promise<number>;

export interface Startup {
  config: Config;
  log: Logger;
  argv: string[];
}

/** Parses config once for a command (a bad config throws ConfigError, listing every bad key); logs go to its stderr. */
export function startup(io: CommandIo, defaultFormat: LogFormat = 'text'): Startup {
  const config = loadConfig({ argv: io.argv, env: io.env, envFile: io.envFile });
  const log = createLogger(config.LOG_LEVEL, (line) => io.stderr.write(line + '\n'), config.LOG_FORMAT ?? defaultFormat);
  return { config, log, argv: io.argv };
}

/** A command used wrongly (a missing flag, a file that is not there): one line, no stack. */
export class UsageError extends AppError {
  override readonly name = 'UsageError';
}

/**
 * Says why a command failed and returns its exit status: a bad config lists every bad key (2); an
 * AppError says what failed in its message, printed as one line (1); anything else is a bug, printed
 * with its stack (1).
 */
export function reportFailure(error: unknown, stderr: Writable): number {
  if (error instanceof ConfigError) {
    stderr.write(`${error.message}\nSee .env.example for every key.\n`);
    return 2;
  }
  if (error instanceof AppError) stderr.write(`error: ${error.message}\n`);
  else stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** Runs a command in this process with the given streams (tests); resolves with its exit status. */
export async function runCommand(command: Command, io: CommandIo): Promise<number> {
  try {
    return await command(io);
  } catch (error) {
    return reportFailure(error, io.stderr);
  }
}

/** Whether the module at `moduleUrl` is the script this process was started with (`npm run …`). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  const real = (file: string) => {
    try {
      return realpathSync(file);
    } catch {
      return file;
    }
  };
  return real(script) === real(fileURLToPath(moduleUrl));
}

/** The process's own arguments, environment and streams. */
export function processIo(): CommandIo {
  return { argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Runs a command as this process: its status becomes the exit code; a failure is printed and exits at once. */
export function runAsProcess(command: Command): void {
  command(processIo()).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => process.exit(reportFailure(error, process.stderr)),
  );
}

/** A command that fails: prints why and exits (for the long-running entry points, which have no status to return). */
export function fail(error: unknown): never {
  process.exit(reportFailure(error, process.stderr));
}
