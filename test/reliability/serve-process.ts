import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';

export interface ServeProcess {
  child: ChildProcess;
  /** The JSON log lines written so far. */
  lines(): Array<Record<string, unknown>>;
  /** GET /healthz, as JSON. */
  health(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * `npm run serve` as its own process (node with tsx, as the npm script runs it), with JSON logs;
 * resolves once it says it is ready, and rejects with its stderr if it exits or takes too long.
 */
export async function startServe(env: Record<string, string>, timeoutMs = 90_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/serve.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1', ...env },
  });
  let stderr = '';
  let exited: number | null = null;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.once('exit', (code) => (exited = code ?? -1));
  const until = Date.now() + timeoutMs;
  while (!stderr.includes('"service ready"')) {
    if (exited !== null) throw new Error(`npm run serve exited with status ${exited} before it was ready:\n${stderr.slice(-2000)}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`npm run serve was not ready after ${timeoutMs / 1000} s:\n${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const lines = () =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const port = /health on [\d.]+:(\d+)\/healthz/.exec(stderr)?.[1];
  return {
    child,
    lines,
    health: async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).json() as Promise<Record<string, unknown>>,
    stop: async () => {
      if (exited !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    },
  };
}
