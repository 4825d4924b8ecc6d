import type { IntentKind } from '../question/intent.js';
import type { Candidate } from './candidates.js';
import type { Check } from './checks.js';

/**
 * The bars an answer is measured against (all shares 0–1 of the question's weighted terms):
 * - `minCoverage`: the window of text that answers must hold this much of the question
 *   (value, summary, yes/no, general questions, and each subject of a comparison);
 * - `whereCoverage`: a where-question's description, over the window or the whole article
 *   (it describes the article, often from several places in it);
 * - `topicCoverage`: the question's topic alone (places left out) must reach this in the window,
 *   else the question is unrelated ("明天贵阳会下雨吗" shares only 贵阳): no answer, and with a
 *   language model no call either.
 */
export interface AnswerBars {
  minCoverage: number;
  whereCoverage: number;
  topicCoverage: number;
}

/** The bars that are not settings (`minCoverage` is ANSWER_MIN_COVERAGE, whose default is in the config schema). */
export const INTERNAL_BARS: Omit<AnswerBars, 'minCoverage'> = { whereCoverage: 0.5, topicCoverage: 0.15 };

export interface Decision {
  answer: boolean;
  chosen: Candidate | null;
  /** The bar that decided and the measure compared with it. */
  bar: { name: keyof AnswerBars; value: number; measure: string; measured: number };
  /** One sentence for /why. */
  reason: string;
  /** The closest candidate that covered the question but failed a constraint, and that constraint. */
  nearMiss: { candidate: Candidate; check: Check } | null;
  /** No candidate speaks of the question's topic at all (places left out): it is about something else. */
  unrelated?: boolean;
}

/**
 * The measure a candidate is held to for an intent. A where-question describes the article (from
 * anywhere in it); other questions need the window, though a reader's description of the document
 * ("山东科技厅拉上工信厅一起出的那套措施") is read against the whole article: half and half.
 */
export function measureOf(c: Candidate, intent: IntentKind): number {
  return intent === 'where'
    ? Math.max(c.coverage, 0.9 * c.articleCoverage)
    : Math.max(c.coverage, 0.5 * c.coverage + 0.5 * c.articleCoverage);
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
  const related = (c: Candidate) => c.topicCoverage >= bars.topicCoverage;
  const chosen = ordered.find((c) => c.passed && related(c) && measureOf(c, intent) >= bar) ?? null;
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
  const covering = ordered.filter((c) => measureOf(c, intent) >= bar && related(c));
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
    unrelated: !ordered.some(related),
    reason: !best
      ? 'retrieval found nothing'
      : ordered.some((c) => measureOf(c, intent) >= bar)
        ? `unrelated: where the question is covered, its topic (places left out) reaches at most ${round(Math.max(...ordered.filter((c) => measureOf(c, intent) >= bar).map((c) => c.topicCoverage)))} < ${bars.topicCoverage}`
        : `no candidate reaches the bar: best ${barInfo.measure} ${round(measured)} < ${bar}`,
    nearMiss: null,
  };
}

function score(c: Candidate, intent: IntentKind): number {
  return measureOf(c, intent) + 0.1 / c.rank;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
