import type { SearchFilters } from '../search/query.js';

/**
 * Why an answer came out as it did: the answer decision made visible (/why in the REPL, `explain`
 * in `ask --jsonl --explain`). Plain data, JSON-serialisable.
 */
export interface Explain {
  normalized: string;
  standalone: string;
  followUp: { how: string; detail: string };
  focus: string;
  intent: { kind: string; count: boolean; cue: string };
  filters: SearchFilters;
  constraints: {
    years: number[];
    months: [number, number] | null;
    places: Array<{ text: string; level: string; province: string }>;
    level: string | null;
    excluded: string[];
    documents: string[];
    institutions: string[];
    attribute: string[][];
    quotes: string[];
  };
  retrieval?: { mode: string; tokens: string[]; expansions: string[] };
  /** The parts of the question (one per asking clause). */
  parts?: string[];
  candidates: ExplainCandidate[];
  /** The evidence set: what a language model is shown (or would be), in order. */
  evidence?: ExplainPassage[];
  /** The articles a list question matched, with why. */
  list?: {
    criteria: Record<string, unknown>;
    matched: number;
    articles: Array<{ title: string; issue: string; reason: string; sentence: string }>;
  };
  /** Which path answered: meta (covers and TOCs), masthead, where, list, compare, extractive, unsure, model, refusal. */
  decision: {
    path: 'meta' | 'masthead' | 'where' | 'list' | 'compare' | 'extractive' | 'unsure' | 'model' | 'refusal';
    answered: boolean;
    reason: string;
    /** The bar that decided (decide.ts's Decision.bar). */
    bar?: { name: string; value: number; measure: string; measured: number };
    /** The check that failed for the closest candidate, when that is why the answer is a refusal. */
    failedCheck?: { name: string; detail: string };
  };
  /** Per subject of a comparison. */
  subjects?: Array<{ subject: string; question: string; answered: boolean; reason: string }>;
  model?: {
    called: boolean;
    reason: string;
    /** What the check of the model's answer removed, and why (Answer.modelCheck, shown with the decision). */
    removed?: Array<{ text: string; reason: string }>;
    fellBack?: boolean;
  };
}

export interface ExplainPassage {
  role: string;
  source: string;
  chars: number;
  text: string;
}

export interface ExplainCandidate {
  rank: number;
  title: string;
  issue: string;
  pages: [number, number | null];
  keyword?: { rank: number; score: number };
  dense?: { rank: number; score: number };
  fused?: { score: number };
  coverage: number;
  articleCoverage: number;
  topicCoverage: number;
  sentence: string;
  /** The answer model's probability that this article answers. */
  score?: number;
  /** Per part, the best sentences with the sentence model's probability. */
  sentences?: Array<Array<{ sentence: string; score: number }>>;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
  passed: boolean;
}
