import { z } from 'zod';

/** A source as the log keeps it: enough to find the passage again, without the quote. */
const loggedCitation = z.object({
  year: z.number(),
  number: z.number(),
  total: z.number(),
  pages: z.tuple([z.number(), z.number()]),
  title: z.string(),
  /** Written only when true (the article's end page is not printed) and for the masthead; older lines have neither. */
  openEnded: z.boolean().optional(),
  part: z.literal('masthead').optional(),
});

/** One answered question. No user names; `user` is an HMAC of the user id (null when the platform gave none). */
export const answerRecord = z.object({
  type: z.literal('answer'),
  /** The answer's id: its 👍/👎 buttons carry it. */
  id: z.string(),
  at: z.string(),
  channel: z.string(),
  chat: z.enum(['private', 'group']),
  user: z.string().nullable(),
  question: z.string(),
  found: z.boolean(),
  kind: z.string(),
  /** The start of the answer text, for the report's down-voted answers. */
  text: z.string(),
  citations: z.array(loggedCitation),
  retrieval: z.string(),
  generated: z.boolean(),
  latencyMs: z.number(),
});

/** A 👍 or 👎 on an answer; a user's later vote on the same answer replaces the earlier one. */
export const voteRecord = z.object({
  type: z.literal('vote'),
  at: z.string(),
  answerId: z.string(),
  channel: z.string(),
  user: z.string().nullable(),
  vote: z.enum(['up', 'down']),
});

export const feedbackRecord = z.discriminatedUnion('type', [answerRecord, voteRecord]);

export type AnswerRecord = z.infer<typeof answerRecord>;
export type VoteRecord = z.infer<typeof voteRecord>;
export type FeedbackRecord = z.infer<typeof feedbackRecord>;
export type LoggedCitation = z.infer<typeof loggedCitation>;
