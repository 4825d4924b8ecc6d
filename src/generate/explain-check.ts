import type { Explain } from '../answer/explain-data.js';
import type { Answer } from '../answer/types.js';

/**
 * The answer decision with what the check of the model's answer removed (`model.removed`), as /why
 * and `--explain` show it: the check happens in the writer, after the decision was recorded.
 */
export function explainWithCheck(answer: Answer): Explain | undefined {
  const e = answer.explain;
  if (!e || !answer.modelCheck) return e;
  const { removed, fellBack } = answer.modelCheck;
  const model = e.model ?? { called: true, reason: '' };
  const reason = fellBack ? "no sentence of the model's answer passed the check; the core answered" : model.reason;
  return { ...e, model: { ...model, reason, removed, fellBack } };
}
