import type { Check } from '../checks/types.js';
import { isHard } from '../checks/registry.js';
import type { Candidate, Evidence, EvidenceGroup, ScoredSentence } from '../evidence/types.js';
import type { Thresholds } from './weights.js';

/**
 * What the decision made of one question (or one subject of a comparison):
 * - answer: the chosen article answers; `sentences` are quoted, one or two per part;
 * - unsure: the best article might answer but the score is below the bar: the reply says so and
 *   shows its closest sentences, labelled as the closest;
 * - refuse: nothing answers (a near miss names the constraint the closest article fails);
 * - unrelated: nothing in the bulletins speaks of the question at all (no model call either).
 */
export type Outcome = 'answer' | 'unsure' | 'refuse' | 'unrelated';

export interface GroupDecision {
  outcome: Outcome;
  /** The answering article (answer), the closest one (unsure), else null. */
  chosen: Candidate | null;
  /** Per part, the sentences to quote (answer and unsure). */
  sentences: ScoredSentence[][];
  /** The answer model's probability for the chosen (or best) article. */
  probability: number;
  /** The closest article that would have answered but fails a constraint the question states. */
  nearMiss: { candidate: Candidate; check: Check } | null;
  /** One sentence for /why. */
  reason: string;
}

export interface Decision {
  groups: GroupDecision[];
  /** A list question: the matching articles decide (found when there is one). */
  listFound: boolean | null;
  /** Nothing in the bulletins speaks of the question: no answer and no model call. */
  unrelated: boolean;
}

/**
 * The decision stage: per group, the best-scored candidate that passes every hard check answers
 * when its probability reaches the fitted bar, is offered as the closest when it reaches the
 * lower one, else the question is refused; a question whose best candidate scores below the gate
 * is about something else. Nothing of the evidence is changed.
 */
export function decide(evidence: Evidence, thresholds: Thresholds): Decision {
  const groups = evidence.groups.map((g) => decideGroup(g, thresholds));
  const listFound = evidence.list && !evidence.list.empty ? evidence.list.matches.length > 0 : null;
  const unrelated = listFound !== true && groups.every((g) => g.outcome === 'unrelated');
  return { groups, listFound, unrelated };
}

function decideGroup(g: EvidenceGroup, t: Thresholds): GroupDecision {
  const ordered = [...g.candidates].sort((a, b) => b.score - a.score);
  // An article the about check finds about something else says nothing of the question's relevance.
  const relevant = ordered.filter((c) => !c.checks.some((k) => k.name === 'about' && !k.ok));
  const best = relevant[0] ?? ordered[0];
  const topic = Math.max(0, ...relevant.map((c) => c.topicCoverage));
  if (!best || !relevant.length || best.score < t.gate.value || topic < t.topicGate.value)
    return {
      outcome: 'unrelated',
      chosen: null,
      sentences: [],
      probability: best?.score ?? 0,
      nearMiss: null,
      reason: !best
        ? 'retrieval found nothing'
        : !relevant.length
          ? 'unrelated: every candidate article is about something else (the about check)'
          : topic < t.topicGate.value
            ? `unrelated: the question's topic is covered at most ${r3(topic)} < ${t.topicGate.value}`
            : `unrelated: the best article 《${best.article.toc.title}》 scores ${r3(best.score)} < gate ${t.gate.value}`,
    };
  const passing = ordered.find((c) => c.passed);
  const failing = ordered.find((c) => !c.passed);
  if (passing && passing.score >= t.answer.value)
    return {
      outcome: 'answer',
      chosen: passing,
      sentences: quoted(passing, t),
      probability: passing.score,
      nearMiss: null,
      reason: `《${passing.article.toc.title}》 answers: score ${r3(passing.score)} ≥ ${t.answer.value}`,
    };
  // The closest article fails a constraint the question states (another year, place, level, document,
  // issuer): the refusal names it, when it is at least as close as any article that passes.
  if (failing && failing.score >= t.unsure.value && (!passing || failing.score > passing.score)) {
    const check = failing.checks.find((c) => !c.ok && isHard(c))!;
    return {
      outcome: 'refuse',
      chosen: null,
      sentences: [],
      probability: failing.score,
      nearMiss: { candidate: failing, check },
      reason: `the best-scored article 《${failing.article.toc.title}》 (${r3(failing.score)}) fails the ${check.name} check: ${check.detail}`,
    };
  }
  // "Not sure" offers the closest sentences only from an article about the question: one the soft
  // checks find about something else ("上海今天股市行情如何" and a Shanghai policy) is no near answer.
  if (passing && passing.score >= t.unsure.value && offerable(passing))
    return {
      outcome: 'unsure',
      chosen: passing,
      sentences: passing.chosen.map((s) => [s]),
      probability: passing.score,
      nearMiss: null,
      reason: `not sure: 《${passing.article.toc.title}》 scores ${r3(passing.score)}, between ${t.unsure.value} and ${t.answer.value}`,
    };
  // Every article fails a constraint: the closest one names it ("已收录的简报中没有《…》").
  const missed = !passing && failing ? { candidate: failing, check: failing.checks.find((c) => !c.ok && isHard(c))! } : null;
  return {
    outcome: 'refuse',
    chosen: null,
    sentences: [],
    probability: passing?.score ?? best.score,
    nearMiss: missed,
    reason: passing
      ? `no article reaches the bar: the best one that passes the checks scores ${r3(passing.score)} < ${t.unsure.value}`
      : `every candidate fails a constraint the question states (best: ${best.checks.find((c) => !c.ok && isHard(c))?.detail ?? ''})`,
  };
}

/**
 * Share of the question's topic (places aside) the closest article's window must hold for its
 * sentences to be offered as the closest when not sure. Hand-set, not fitted: "not sure" and a
 * refusal are both "not found" to the figures; this only keeps a sentence that shares a word or
 * two ("购置价格" for 售价) from being offered for a question about something else.
 */
const UNSURE_MIN_TOPIC = 0.5;

/** The article is near the question: the about and topic checks do not say otherwise, and it holds most of the topic. */
function offerable(c: Candidate): boolean {
  return !c.checks.some((k) => !k.ok && (k.name === 'about' || k.name === 'topic')) && c.topicCoverage >= UNSURE_MIN_TOPIC;
}

/**
 * Per part: the chosen sentence, and the next best when it scores nearly as well (within the
 * fitted share of the first): then it is about as likely to hold the asked fact.
 */
function quoted(c: Candidate, t: Thresholds): ScoredSentence[][] {
  return c.chosen.map((first, p) => {
    const second = (c.sentences[p] ?? []).find((s) => s !== first && s.sentence !== first.sentence);
    return second && second.score >= t.secondSentence.value * first.score ? [first, second] : [first];
  });
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
