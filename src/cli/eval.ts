import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../app/build.js';
import { flagValue } from '../config/load.js';
import { answerJson, type AnswerJson } from '../answer/contract.js';
import { isMiss, scoreRow, summarize, type EvalQuestion, type IssueTruth } from '../eval/score.js';
import { fail, startup } from './common.js';

/**
 * `npm run eval -- --set ../shared/eval/dev.jsonl [--issues issues.json] [--json]`: answers every
 * question of the set and prints hit@1, hit@5, MRR, refusal accuracy and the misses.
 */
async function main(): Promise<void> {
  const { config, log, argv } = startup();
  const set = flagValue(argv, '--set');
  if (!set) throw new Error('usage: npm run eval -- --set QUESTIONS.jsonl [--issues issues.json] [--json]');
  const issuesFile = flagValue(argv, '--issues') ?? path.join(path.dirname(set), 'issues.json');
  const questions = readFileSync(set, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion);
  const issues = JSON.parse(readFileSync(issuesFile, 'utf8')) as Record<string, IssueTruth>;
  const { engine } = await buildApp(config, log);

  const answers: AnswerJson[] = [];
  for (const q of questions) answers.push(answerJson(await engine.answer(q.q)));
  const rows = questions.map((q, i) => scoreRow(issues, q, answers[i]!));
  const summary = summarize(rows);
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ summary, rows }, null, 1) + '\n');
    return;
  }
  for (const r of rows.filter(isMiss)) process.stdout.write(`MISS ${r.kind} ${r.q} rank ${r.rank ?? 'None'}\n`);
  process.stdout.write(`retrieval: ${engine.retrievalMode}\n`);
  process.stdout.write(JSON.stringify(summary, null, 1) + '\n');
}

main().catch(fail);
