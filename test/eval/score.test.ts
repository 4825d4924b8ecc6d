import { describe, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { answerJson } from '../../src/answer/contract.js';
import { scoreRow, summarize, type EvalQuestion, type IssueTruth } from '../../src/eval/score.js';
import { engineFor } from '../helpers/engine.js';
import { ROOT, SHARED_BULLETINS, tempDir } from '../helpers/paths.js';
import { itShared } from '../helpers/shared.js';

const EVAL = path.resolve(ROOT, '..', 'shared', 'eval');

describe('eval scoring', () => {
  itShared(['bulletins', 'eval'], 'computes the same summary as ../shared/eval/score.py on the same answers', async () => {
    const questions = readFileSync(path.join(EVAL, 'dev.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EvalQuestion);
    const issues = JSON.parse(readFileSync(path.join(EVAL, 'issues.json'), 'utf8')) as Record<string, IssueTruth>;
    const engine = await engineFor(SHARED_BULLETINS);
    const answers: ReturnType<typeof answerJson>[] = [];
    for (const q of questions) answers.push(answerJson(await engine.answer(q.q)));
    const ours = summarize(questions.map((q, i) => scoreRow(issues, q, answers[i]!)));

    const file = path.join(tempDir(), 'answers.jsonl');
    writeFileSync(file, answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const theirs = (
      JSON.parse(
        execFileSync('python3', [path.join(EVAL, 'score.py'), path.join(EVAL, 'dev.jsonl'), file, '--json'], { encoding: 'utf8' }),
      ) as { summary: Record<string, unknown> }
    ).summary;
    for (const [key, value] of Object.entries(theirs)) {
      if (typeof value === 'number') expect(ours[key as keyof typeof ours]).toBeCloseTo(value, 9);
      else expect(ours[key as keyof typeof ours]).toEqual(value);
    }
    // What the core issue asks of the bot.
    expect(theirs.citations_valid).toBe(1);
  });
});
