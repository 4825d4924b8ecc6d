/** Progress of a long step: a bar with rate and time left on a terminal, a plain line every 10% otherwise. */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  unit: string;
  stream?: NodeJS.WriteStream;
  now?: () => number;
}

export function createProgress({ label, total, unit, stream = process.stderr, now = () => performance.now() }: ProgressOptions): Progress {
  const started = now();
  const tty = Boolean(stream.isTTY);
  let lastDecile = -1;
  let last = 0;
  const line = (done: number) => {
    const seconds = Math.max(1e-3, (now() - started) / 1000);
    const rate = done / seconds;
    const left = rate > 0 ? (total - done) / rate : 0;
    return { rate, left, text: `${label} ${done}/${total} ${unit} · ${rate.toFixed(1)} ${unit}/s · ${formatSeconds(left)} left` };
  };
  return {
    update(done: number) {
      last = done;
      if (tty) {
        const width = 24;
        const filled = total ? Math.round((done / total) * width) : width;
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(done).text}   `);
        return;
      }
      const decile = total ? Math.floor((done / total) * 10) : 10;
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(line(done).text + '\n');
      }
    },
    finish() {
      const seconds = (now() - started) / 1000;
      const summary = `${label} ${last}/${total} ${unit} in ${seconds.toFixed(1)} s (${(last / Math.max(seconds, 1e-3)).toFixed(1)} ${unit}/s)`;
      stream.write(tty ? `\r${summary}${' '.repeat(30)}\n` : summary + '\n');
    },
  };
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}
