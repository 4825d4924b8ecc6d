import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';

/** Every run's figures, appended (history); git-ignored. */
export const FIGURES = path.join(ROOT, '.reliability', 'figures.jsonl');
/** This run's figures only: docs/RELIABILITY.md is written from it when the whole suite passed. */
export const RUN_FILE = path.join(ROOT, '.reliability', 'run.jsonl');

/** The load and fault cases, in the order docs/RELIABILITY.md lists them. */
export const CASES = {
  coreKeyword: 'core, 200 questions at once, keyword retrieval, extractive answers',
  coreHybrid: 'core, 200 questions at once, hybrid retrieval (test model), extractive',
  telegramHealthy: 'Telegram burst, model healthy',
  telegramFailing: 'Telegram burst, model answering 429 then 5xx',
  telegramSlow: 'Telegram burst, model slower than its 1 s timeout',
  feishuBurst: 'Feishu burst, signed + encrypted events, 50 re-deliveries',
  fuzzedMessages:
    'fuzzed messages on both channels: random Unicode, control and zero-width characters, lone surrogates, a 100 KB text, HTML and Markdown injection, prompt injection, a model that obeys it',
  indexDamage: 'index files corrupted, then the index folder deleted, while serving; then rebuilt by `ingest`',
} as const;

/** What a case measured; lost and duplicates are counted from the replies the fakes received (absent where they mean nothing). */
export interface CaseFigures {
  messages: number;
  chats?: number;
  errors: number;
  lost?: number;
  duplicates?: number;
  p50Ms?: number;
  p95Ms?: number;
  peakRssMiB?: number;
  note?: string;
}

export function record(id: keyof typeof CASES, figures: CaseFigures): void {
  write({ kind: 'case', id, name: CASES[id], ...figures });
}

/** Records what a probe of the webhooks observed (see probes.ts for what is expected). */
export function observe(id: string, observed: string, figures: Record<string, unknown> = {}): void {
  write({ kind: 'probe', id, observed, ...figures });
}

function write(entry: Record<string, unknown>): void {
  mkdirSync(path.dirname(FIGURES), { recursive: true });
  const line = JSON.stringify({ at: new Date().toISOString(), ...entry }) + '\n';
  appendFileSync(FIGURES, line);
  appendFileSync(RUN_FILE, line);
}

/** Messages that got no reply and replies beyond the first, from the ids each reply answered. */
export function deliveryCounts(expected: Iterable<string>, repliedTo: Iterable<string>): { lost: number; duplicates: number } {
  const replies = new Map<string, number>();
  for (const id of repliedTo) replies.set(id, (replies.get(id) ?? 0) + 1);
  let lost = 0;
  let duplicates = 0;
  for (const id of new Set(expected)) {
    const n = replies.get(id) ?? 0;
    if (n === 0) lost++;
    else duplicates += n - 1;
  }
  return { lost, duplicates };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
}

/** Samples a resident set size every 10 ms until stopped; returns the peak in MiB. */
export function memoryPeak(rss: () => number = () => process.memoryUsage().rss): () => number {
  let peak = rss();
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 10);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, rss()) / 2 ** 20);
  };
}
