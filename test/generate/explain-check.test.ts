import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { explainWithCheck } from '../../src/generate/explain-check.js';
import { formatWhy } from '../../src/repl/why.js';
import { PLAIN } from '../../src/repl/terminal.js';

const explain = {
  normalized: '问',
  standalone: '问',
  followUp: { how: 'none', detail: '' },
  focus: '问',
  intent: { kind: 'value', count: false, cue: '' },
  filters: {},
  constraints: {
    years: [],
    months: null,
    places: [],
    level: null,
    excluded: [],
    documents: [],
    institutions: [],
    attribute: [],
    quotes: [],
  },
  candidates: [],
  decision: { path: 'extractive' as const, answered: true, reason: 'covered' },
  model: { called: true, reason: 'the model failed; the core answered' },
};
const answer: Answer = {
  question: '问',
  text: '答[1]',
  found: true,
  citations: [],
  retrieved: [],
  language: 'zh',
  kind: 'search',
  explain,
  modelCheck: { removed: [{ text: '罚款600万元。', reason: '600万元 in no excerpt it cites ([1])' }], fellBack: true },
};

describe('what the check of a model answer removed, in /why and --explain', () => {
  it('adds the removed sentences and their reasons to the decision', () => {
    const e = explainWithCheck(answer)!;
    expect(e.model).toEqual({
      called: true,
      reason: "no sentence of the model's answer passed the check; the core answered",
      removed: [{ text: '罚款600万元。', reason: '600万元 in no excerpt it cites ([1])' }],
      fellBack: true,
    });
    const why = formatWhy(e, PLAIN);
    expect(why).toContain('删去  模型回答中未通过核对的内容（全部未通过，改用摘录回答）：');
    expect(why).toContain('✗ 罚款600万元。（600万元 in no excerpt it cites ([1])）');
    expect(explainWithCheck({ ...answer, modelCheck: undefined })).toBe(explain);
  });
});
