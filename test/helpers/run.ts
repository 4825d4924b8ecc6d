import { spawn } from 'node:child_process';
import { ROOT, tempDir } from './paths.js';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an npm script without blocking the test's event loop (fake servers in the test keep answering);
 * STATE_DIR is a fresh folder unless given, never the working tree's `state/`.
 */
export function runNpm(args: string[], input: string, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: ROOT, env: { STATE_DIR: tempDir('state-'), ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}
