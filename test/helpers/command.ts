import { PassThrough, Readable } from 'node:stream';
import { runCommand, type Command } from '../../src/cli/common.js';
import type { RunResult } from './run.js';
import { tempDir } from './paths.js';

/**
 * Runs a command (`ask`, `repl`, `ingestCommand`, …) in the test's own process, as `npm run` would
 * run it: the arguments, the environment (the test's, with `env` over it, no .env file; STATE_DIR a
 * fresh folder unless given, never the working tree's `state/`), `input` on
 * stdin; what it writes to stdout and stderr, and its exit status, come back. Tests of the real
 * process (its exit code, what reaches stdout) spawn it instead and are tagged `process`.
 */
export async function runInProcess(command: Command, argv: string[], input = '', env: Record<string, string> = {}): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const status = await runCommand(command, {
    argv,
    env: { STATE_DIR: tempDir('state-'), ...process.env, ...env },
    envFile: null,
    stdin: Readable.from([input]),
    stdout,
    stderr,
  });
  return { status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
