import type { Answer } from './types.js';
import type { Citation } from '../domain/citation.js';

/** The citation object of the `ask --jsonl` contract. */
export interface CitationJson {
  issue: { year: number; number: number; total: number; date: string };
  pages: [number, number];
  title: string;
  quote: string;
  score: number;
  /** Present when the citation is not an article: 'masthead'. */
  part?: 'masthead';
}

export interface AnswerJson {
  question: string;
  answer: string;
  found: boolean;
  citations: CitationJson[];
  retrieved: CitationJson[];
}

export function citationJson(c: Citation): CitationJson {
  return {
    issue: { ...c.issue },
    pages: [c.pages[0], c.pages[1]],
    title: c.title,
    quote: c.quote,
    score: c.score,
    ...(c.part ? { part: c.part } : {}),
  };
}

export function answerJson(a: Answer): AnswerJson {
  return {
    question: a.question,
    answer: a.text,
    found: a.found,
    citations: a.citations.map(citationJson),
    retrieved: a.retrieved.slice(0, 10).map(citationJson),
  };
}
