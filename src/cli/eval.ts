import { existsSync } from 'node:fs';
import { buildApp } from '../app/build.js';
import { flagValue } from '../config/load-config.js';
import { isMiss } from '../eval/score.js';
import { truthFor } from '../eval/truth.js';
import { readSet, runSet } from '../eval/run.js';
import { formatEvalReport } from '../eval/format-report.js';
import { isEntryPoint, runAsProcess, startup, UsageError, type Command } from './common.js';

/**
 * `npm run eval -- --set QUESTIONS.jsonl [--issues issues.json] [--json] [--report]`: answers every
 * question of the set and prints hit@1, hit@5, MRR, refusal accuracy, the misses, and the same per
 * question kind and per intent. `--report` prints the table and each miss with its /why instead.
 * Without --issues (and no issues.json beside the set) the truth is the indexed bulletins' own TOCs.
 */
export const evalCommand: Command = async (io) => {
  const { config, log, argv } = startup(io);
  const set = flagValue(argv, '--set');
  if (!set) throw new UsageError('usage: npm run eval -- --set QUESTIONS.jsonl [--issues issues.json] [--json] [--report]');
  if (!existsSync(set)) throw new UsageError(`question set not found: ${set}`);
  const questions = readSet(set);
  const { engine } = await buildApp(config, log);
  const { truth, from } = truthFor(set, flagValue(argv, '--issues'), engine.corpus.bulletins);
  log.info(`scoring against ${from ?? 'the indexed bulletins’ own tables of contents'}`);
  const result = await runSet(engine, questions, truth);
  if (argv.includes('--json')) {
    io.stdout.write(JSON.stringify({ summary: result.summary, rows: result.rows }, null, 1) + '\n');
    return 0;
  }
  if (argv.includes('--report')) {
    io.stdout.write(formatEvalReport(result) + '\n');
    return 0;
  }
  for (const r of result.rows.filter(isMiss)) io.stdout.write(`MISS ${r.kind} ${r.q} rank ${r.rank ?? 'None'}\n`);
  io.stdout.write(`retrieval: ${engine.retrievalMode}\n`);
  io.stdout.write(JSON.stringify(result.summary, null, 1) + '\n');
  return 0;
};

if (isEntryPoint(import.meta.url)) runAsProcess(evalCommand);
