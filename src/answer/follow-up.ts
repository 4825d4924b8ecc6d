import type { Turn } from './types.js';

/** Short questions that lean on the previous one: "那广东呢？", "还有呢", "What about Guangdong?" */
const LEANS_ON_PREVIOUS = /^(那|那么|那个|还有|另外|再|这个|那这个|and|what about|how about)|呢[？?]?$|^.{0,6}[？?]$/i;

/**
 * Without a language model, a follow-up is made standalone by putting the previous standalone
 * question in front of it, so keyword retrieval sees both subjects ("广东" and the earlier topic).
 */
export function standaloneQuestion(question: string, history: Turn[]): string {
  const previous = history.at(-1);
  if (!previous || question.length > 24 || !LEANS_ON_PREVIOUS.test(question.trim())) return question;
  const before = previous.answer.standaloneQuestion ?? previous.question;
  return `${before} ${question}`;
}
