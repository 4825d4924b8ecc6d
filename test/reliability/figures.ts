import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';

export const FIGURES = path.join(ROOT, '.reliability', 'figures.jsonl');

/** Records what a case measured (one JSON line in .reliability/figures.jsonl) and prints it. */
export function record(caseName: string, figures: Record<string, unknown>): void {
  mkdirSync(path.dirname(FIGURES), { recursive: true });
  appendFileSync(FIGURES, JSON.stringify({ case: caseName, at: new Date().toISOString(), ...figures }) + '\n');
  process.stdout.write(`[reliability] ${caseName}: ${JSON.stringify(figures)}\n`);
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
}

/** Samples the process's resident memory every 20 ms until stopped; returns the peak in MiB. */
export function memoryPeak(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20);
  };
}
