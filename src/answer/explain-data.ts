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
  candidates: ExplainCandidate[];
  /** Which path answered: meta (covers and TOCs), masthead, where, list, compare, extractive, model, refusal. */
  decision: {
    path: 'meta' | 'masthead' | 'where' | 'list' | 'compare' | 'extractive' | 'model' | 'refusal';
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
  checks: Array<{ name: string; ok: boolean; detail: string }>;
  passed: boolean;
}
