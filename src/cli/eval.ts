import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../app/build.js';
import { flagValue } from '../config/load.js';
import { isMiss, type IssueTruth } from '../eval/score.js';
import { readSet, runSet } from '../eval/run.js';
import { formatEvalReport } from '../eval/report.js';
import { fail, startup } from './common.js';

/**
 * `npm run eval -- --set QUESTIONS.jsonl [--issues issues.json] [--json] [--report]`: answers every
 * question of the set and prints hit@1, hit@5, MRR, refusal accuracy, the misses, and the same per
 * question kind and per intent. `--report` prints the table and each miss with its /why instead.
 */
async function main(): Promise<void> {
  const { config, log, argv } = startup();
  const set = flagValue(argv, '--set');
  if (!set) throw new Error('usage: npm run eval -- --set QUESTIONS.jsonl [--issues issues.json] [--json] [--report]');
  const issuesFile = flagValue(argv, '--issues') ?? path.join(path.dirname(set), 'issues.json');
  const questions = readSet(set);
  const issues = JSON.parse(readFileSync(issuesFile, 'utf8')) as Record<string, IssueTruth>;
  const { engine } = await buildApp(config, log);
  const result = await runSet(engine, questions, issues);
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ summary: result.summary, rows: result.rows }, null, 1) + '\n');
    return;
  }
  if (argv.includes('--report')) {
    process.stdout.write(formatEvalReport(result) + '\n');
    return;
  }
  for (const r of result.rows.filter(isMiss)) process.stdout.write(`MISS ${r.kind} ${r.q} rank ${r.rank ?? 'None'}\n`);
  process.stdout.write(`retrieval: ${engine.retrievalMode}\n`);
  process.stdout.write(JSON.stringify(result.summary, null, 1) + '\n');
}

main().catch(fail);
