import type { IssueRef } from '../bulletin/types.js';
import type { Language } from '../search/query.js';
import type { Explain } from './explain.js';

/** A source of an answer: which issue, which printed pages, which article, and the quoted passage. */
export interface Citation {
  issue: IssueRef;
  /** [start, end] printed pages; for an open-ended last article both are its start page. */
  pages: [number, number];
  /** True when the article's end page is not printed (the issue's last article). */
  openEnded: boolean;
  title: string;
  quote: string;
  score: number;
  /** The [n] that stands for this source in the answer text, when the text has markers. */
  marker?: number;
  /**
   * What is cited when it is not an article: the masthead (which stands before page 1; `pages` then
   * carry the issue's first printed page so they stay inside its range).
   */
  part?: 'masthead';
}

export type AnswerKind = 'search' | 'meta' | 'refusal';

export interface Answer {
  question: string;
  /** The answer as plain text, citations written out after the sentences they support. */
  text: string;
  found: boolean;
  /** The sources the text uses, in order of first use. */
  citations: Citation[];
  /** The ranked retrieval results, best first, up to 10. */
  retrieved: Citation[];
  language: Language;
  kind: AnswerKind;
  /**
   * The answer with [n] markers instead of written-out citations, for channels that list the
   * sources separately. Absent when `text` has no markers (meta answers, refusals).
   */
  markedText?: string;
  /** Written by the language model (its [n] markers name `citations` by their `marker`). */
  generated?: boolean;
  /** Milliseconds spent retrieving (with follow-up rewriting) and writing the answer. */
  timings?: { retrieveMs: number; generateMs: number };
  /** The question actually searched for (a follow-up rewritten into a standalone question). */
  standaloneQuestion?: string;
  /** Why the answer came out as it did (intent, candidates, checks, the bar that decided). */
  explain?: Explain;
}

export interface Turn {
  question: string;
  answer: Answer;
}

/** What a channel keeps per chat: the recent turns, for follow-ups and /sources. */
export interface Conversation {
  id: string;
  history: Turn[];
}

export function newConversation(id: string): Conversation {
  return { id, history: [] };
}

export function lastAnswer(conversation: Conversation): Answer | undefined {
  return conversation.history.at(-1)?.answer;
}
