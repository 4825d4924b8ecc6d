/**
 * Runs the real commands (`src/cli/*.ts`) as child processes for the archive benchmark and
 * measures what a user sees: wall time, peak resident memory (the kernel's maxrss, written by
 * scripts/bench-rss.mjs when the child exits), and resident memory while it runs (/proc).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const RSS_PRELOAD = path.join(ROOT, 'scripts', 'bench-rss.mjs');

export interface ProcessFigures {
  seconds: number;
  /** CPU time of the process (all its threads): unlike wall time, hardly changed by other work on the machine. */
  cpuSeconds: number;
  peakMiB: number;
  stdout: string;
  stderr: string;
}

interface Started {
  child: ChildProcess;
  started: number;
  /** Peak RSS in MiB and CPU seconds, once the child has exited. */
  peak: () => number;
  cpu: () => number;
  cleanup: () => void;
}

function start(script: string, args: string[], env: Record<string, string>): Started {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-rss-'));
  const rssFile = path.join(dir, 'maxrss');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', RSS_PRELOAD, '--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return {
    child,
    started,
    peak: () => Number(readFileSync(rssFile, 'utf8').split(' ')[0]) / 1024,
    cpu: () => Number(readFileSync(rssFile, 'utf8').split(' ')[1]) / 1e6,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a command to its end; a non-zero exit is an error with the command's stderr. */
export async function runCommand(script: string, args: string[], env: Record<string, string>): Promise<ProcessFigures> {
  const s = start(script, args, env);
  let stdout = '';
  let stderr = '';
  s.child.stdout!.on('data', (d) => (stdout += d));
  s.child.stderr!.on('data', (d) => (stderr += d));
  s.child.stdin!.end();
  const code = await new Promise<number | null>((resolve) => s.child.on('exit', resolve));
  const seconds = (performance.now() - s.started) / 1000;
  try {
    if (code !== 0) throw new Error(`${script} exited with ${code}:\n${stderr.slice(-2000)}`);
    return { seconds, cpuSeconds: s.cpu(), peakMiB: s.peak(), stdout, stderr };
  } finally {
    s.cleanup();
  }
}

/** CPU seconds (user + system) a running process has used so far (Linux); null elsewhere. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Resident memory of a running process now, in MiB (Linux); null elsewhere. */
export function residentMiB(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return line ? Number(line[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export interface AskFigures {
  /** From starting the process to the first answer line, and the CPU time it had used by then. */
  firstAnswerSeconds: number;
  firstAnswerCpuSeconds: number | null;
  /** Resident memory after every question was answered, and the peak over the whole run. */
  rssMiB: number | null;
  peakMiB: number;
  answers: string[];
}

/** `ask --jsonl` as a user runs it: questions one per line, the first answered after a cold start. */
export async function runAsk(questions: string[], env: Record<string, string>): Promise<AskFigures> {
  const s = start('src/cli/ask.ts', ['--jsonl'], env);
  let stderr = '';
  s.child.stderr!.on('data', (d) => (stderr += d));
  const answers: string[] = [];
  let firstAnswerSeconds = 0;
  let firstAnswerCpuSeconds: number | null = null;
  let rssMiB: number | null = null;
  let buffer = '';
  const done = new Promise<void>((resolve, reject) => {
    s.child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ask exited with ${code}:\n${stderr.slice(-2000)}`))));
    s.child.stdout!.on('data', (data) => {
      buffer += data;
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        answers.push(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
        if (answers.length === 1) {
          firstAnswerSeconds = (performance.now() - s.started) / 1000;
          firstAnswerCpuSeconds = cpuSecondsOf(s.child.pid!);
        }
        if (answers.length < questions.length) s.child.stdin!.write(JSON.stringify({ q: questions[answers.length] }) + '\n');
        else {
          rssMiB = residentMiB(s.child.pid!);
          s.child.stdin!.end();
        }
      }
    });
  });
  s.child.stdin!.write(JSON.stringify({ q: questions[0] }) + '\n');
  try {
    await done;
    return { firstAnswerSeconds, firstAnswerCpuSeconds, rssMiB, peakMiB: s.peak(), answers };
  } finally {
    s.cleanup();
  }
}

export interface ServeFigures {
  readySeconds: number;
  rssMiB: number | null;
  /** After `whileServing` changed the index: seconds until /healthz reported the new issue count, and memory then. */
  switchSeconds: number | null;
  rssAfterSwitchMiB: number | null;
  peakMiB: number;
}

/**
 * `serve` without channels: started, asked for /healthz until the index is loaded, measured; then
 * `whileServing` (an ingest that adds an issue) runs and the switch to the new index is timed.
 */
export async function runServe(env: Record<string, string>, whileServing?: () => Promise<void>): Promise<ServeFigures> {
  const port = await freePort();
  const s = start('src/cli/serve.ts', [], { ...env, HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' });
  let stderr = '';
  s.child.stderr!.on('data', (d) => (stderr += d));
  s.child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => s.child.on('exit', resolve));
  const issues = async () => {
    for (;;) {
      if (s.child.exitCode !== null) throw new Error(`serve exited with ${s.child.exitCode}:\n${stderr.slice(-2000)}`);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => r.json() as Promise<{ issuesIndexed?: number }>)
        .catch(() => null);
      if (health?.issuesIndexed) return health.issuesIndexed;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    const before = await issues();
    const readySeconds = (performance.now() - s.started) / 1000;
    const rssMiB = residentMiB(s.child.pid!);
    let switchSeconds: number | null = null;
    let rssAfterSwitchMiB: number | null = null;
    if (whileServing) {
      await whileServing();
      const t = performance.now();
      while ((await issues()) === before) await new Promise((r) => setTimeout(r, 50));
      switchSeconds = (performance.now() - t) / 1000;
      rssAfterSwitchMiB = residentMiB(s.child.pid!);
    }
    s.child.kill('SIGTERM');
    await exited;
    return { readySeconds, rssMiB, switchSeconds, rssAfterSwitchMiB, peakMiB: s.peak() };
  } finally {
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
    s.cleanup();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
