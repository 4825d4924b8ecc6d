import type { IntentKind } from '../question/intent.js';
import type { Candidate } from './candidates.js';
import type { Check } from './checks.js';

/**
 * The bars an answer is measured against (all shares 0–1 of the question's weighted terms):
 * - `minCoverage`: the window of text that answers must hold this much of the question
 *   (value, summary, yes/no, general questions, and each subject of a comparison);
 * - `whereCoverage`: a where-question's description, over the window or the whole article
 *   (it describes the article, often from several places in it);
 * - `modelCoverage`: with a language model, the question's topic (places left out) must reach this
 *   in some window, else the question is unrelated and the model is not called.
 */
export interface AnswerBars {
  minCoverage: number;
  whereCoverage: number;
  modelCoverage: number;
}

export const DEFAULT_BARS: AnswerBars = { minCoverage: 0.36, whereCoverage: 0.5, modelCoverage: 0.25 };

export interface Decision {
  answer: boolean;
  chosen: Candidate | null;
  /** The bar that decided and the measure compared with it. */
  bar: { name: keyof AnswerBars; value: number; measure: string; measured: number };
  /** One sentence for /why. */
  reason: string;
  /** The closest candidate that covered the question but failed a constraint, and that constraint. */
  nearMiss: { candidate: Candidate; check: Check } | null;
}

/** The measure a candidate is held to for an intent. */
export function measureOf(c: Candidate, intent: IntentKind): number {
  return intent === 'where' ? Math.max(c.coverage, 0.9 * c.articleCoverage) : c.coverage;
}

/**
 * Decides whether the candidates answer the question. The first candidate (in a ranking of
 * coverage with a small bonus for retrieval rank) that passes every constraint and reaches the bar
 * answers. None: a refusal, naming the near miss when a candidate covered the question but failed
 * a constraint (another year, level, place, document or institution).
 */
export function decide(candidates: Candidate[], intent: IntentKind, bars: AnswerBars): Decision {
  const barName: keyof AnswerBars = intent === 'where' ? 'whereCoverage' : 'minCoverage';
  const bar = bars[barName];
  const ordered = [...candidates].sort((a, b) => score(b, intent) - score(a, intent));
  const chosen = ordered.find((c) => c.passed && measureOf(c, intent) >= bar) ?? null;
  const best = ordered[0];
  const measured = chosen ? measureOf(chosen, intent) : best ? measureOf(best, intent) : 0;
  const barInfo = {
    name: barName,
    value: bar,
    measure: intent === 'where' ? 'max(window, 0.9 × article) coverage' : 'window coverage',
    measured: round(measured),
  };
  if (chosen) {
    return {
      answer: true,
      chosen,
      bar: barInfo,
      reason: `《${chosen.article.toc.title}》 passes every check with ${barInfo.measure} ${round(measured)} ≥ ${bar}`,
      nearMiss: null,
    };
  }
  const covering = ordered.filter((c) => measureOf(c, intent) >= bar);
  const miss = covering.find((c) => !c.passed);
  if (miss) {
    const check = miss.checks.find((c) => !c.ok)!;
    return {
      answer: false,
      chosen: null,
      bar: barInfo,
      reason: `the best-covering candidate 《${miss.article.toc.title}》 fails the ${check.name} check: ${check.detail}`,
      nearMiss: { candidate: miss, check },
    };
  }
  return {
    answer: false,
    chosen: null,
    bar: barInfo,
    reason: best ? `no candidate reaches the bar: best ${barInfo.measure} ${round(measured)} < ${bar}` : 'retrieval found nothing',
    nearMiss: null,
  };
}

function score(c: Candidate, intent: IntentKind): number {
  return measureOf(c, intent) + 0.1 / c.rank;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
