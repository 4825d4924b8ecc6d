import type { Bm25Index } from '../../search/bm25.js';
import type { Retriever } from '../../search/retriever.js';
import type { ArticleCatalog } from '../articles.js';
import { QuestionTerms } from './terms.js';
import { expectedValueOrNumber } from '../answer-type.js';
import { askedKind } from '../answer-kind.js';
import type { AnswerWeights } from '../decision/weights.js';
import { analyzeStandalone, attributeOf, type QuestionAnalysis } from '../question/analyze.js';
import { retrieve, type Retrieval } from '../search.js';
import { asksWhetherCollected } from '../shapes/yes-no.js';
import { buildCandidates } from './candidates.js';
import { listEvidence } from './list-matches.js';
import { modelPassages } from './model-context.js';
import { ASKS_TARGET } from './scope.js';
import { compareSubjects, partSubjects } from './subjects.js';
import type { Evidence, EvidenceGroup, PartQuery } from './types.js';

export interface GatherDeps {
  keyword: Bm25Index;
  catalog: ArticleCatalog;
  weights: AnswerWeights;
  /** Chunks fetched from the retriever for a question. */
  retrieveLimit: number;
  /** Characters of evidence (with the prompt's own text) a language model is shown. */
  contextMaxChars: number;
}

export interface GatherOptions {
  retriever: Retriever;
  /** Articles a follow-up points back at (the previous answer's), ranked first. */
  preferred: string[];
  keepAllSentences?: boolean;
}

/**
 * The evidence stage: from the analysed question, everything that answers it. For each part (and
 * each subject of a comparison) the candidate articles with their scored sentences; for a list
 * question every article whose text speaks of the asked topic; and the passages a language model
 * is shown, within the character budget. The question is read, never changed.
 */
export async function gatherEvidence(q: QuestionAnalysis, deps: GatherDeps, options: GatherOptions): Promise<Evidence> {
  const retrieval = await retrieve(q, options.retriever, deps.keyword, deps.catalog, deps.retrieveLimit, options.preferred);
  const list = q.intent.kind === 'list' || asksWhetherCollected(q) ? listEvidence(q, deps.catalog, retrieval.terms) : null;
  const compared = q.intent.kind === 'compare' ? compareSubjects(q) : [];
  const subjects = compared.length >= 2 ? compared : (partSubjects(q) ?? []);
  const groups: EvidenceGroup[] = [];
  if (subjects.length >= 2) {
    for (const s of subjects) {
      const sub = analyzeStandalone(
        s.question,
        s.question,
        { standalone: s.question, how: 'none', detail: '' },
        deps.catalog.extraPlaces(),
      );
      // Each subject is asked for its own figure: "哪个更高" becomes "是多少" in its question.
      const asked: QuestionAnalysis = {
        ...sub,
        intent: { ...sub.intent, kind: sub.intent.kind === 'compare' ? 'value' : sub.intent.kind },
      };
      const r = await retrieve(asked, options.retriever, deps.keyword, deps.catalog, deps.retrieveLimit);
      groups.push(group(asked, s.subject, r, deps, options));
    }
  } else groups.push(group(q, '', retrieval, deps, options));
  const evidence = { retrieval, groups, list, passages: [] };
  return { ...evidence, passages: modelPassages(evidence, deps.contextMaxChars) };
}

function group(q: QuestionAnalysis, subject: string, retrieval: Retrieval, deps: GatherDeps, options: GatherOptions): EvidenceGroup {
  const parts = partQueries(q, deps.keyword, retrieval.terms);
  const candidates = buildCandidates({
    q,
    parts,
    terms: retrieval.terms,
    ranked: retrieval.ranked,
    catalog: deps.catalog,
    weights: deps.weights,
    keepAllSentences: options.keepAllSentences,
  });
  return { subject, question: q, parts, terms: retrieval.terms, retrieval, candidates };
}

/** The parts of a question with their weighted words and the kind of value each asks. */
export function partQueries(q: QuestionAnalysis, keyword: Bm25Index, questionTerms: QuestionTerms): PartQuery[] {
  return q.parts.map((p, index) => {
    const value = expectedValueOrNumber(p.text);
    return {
      index,
      text: p.text,
      // What a part asks is read from its own words: a question's background sentences are context only.
      terms:
        p.text === q.focus && p.clause === q.focus
          ? questionTerms
          : new QuestionTerms(q.parts.length === 1 ? p.clause : p.text, q.language, keyword),
      value,
      attribute: value ? attributeOf(p.text, q.language) : [],
      asksTarget: ASKS_TARGET.test(p.text),
      kind: value ? null : askedKind(p.clause),
    };
  });
}
