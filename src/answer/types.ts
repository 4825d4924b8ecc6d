import type { Citation } from '../domain/citation.js';
import type { Language } from '../domain/language.js';
import type { Explain } from './explain-data.js';

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
  /** What the sentence-by-sentence check of a model's answer took out, when it took anything (src/generate/verify-answer.ts). */
  modelCheck?: ModelCheck;
}

/** Sentences (or links in them) removed from a model's answer, each with why; `fellBack`: nothing cited was left, the core answered. */
export interface ModelCheck {
  removed: Array<{ text: string; reason: string }>;
  fellBack: boolean;
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
