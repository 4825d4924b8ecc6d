import { lexicon } from '../../knowledge/lexicon.js';

/**
 * The parts of a question that asks more than one thing ("每年发多少？有效期多久？", "目标是多少，由哪个
 * 部门牵头？"): each clause that asks is a part, and the evidence and the answer hold one sentence per
 * part. Clauses before the first asking one ("贵阳贵安的智算力券，") set the subject of every part.
 * A question that asks once is one part: the whole question.
 */
export interface QuestionPartText {
  /** What the part asks, with the shared subject in front of the later parts. */
  text: string;
  /** The asking clause alone (for /why). */
  clause: string;
}

/** Parts beyond this are read as one: a question rarely asks more, and each part costs a sentence. */
const MAX_PARTS = 3;
/** An asking clause shorter than this ("是多少？") continues the one before it rather than asking anew. */
const MIN_PART_CHARS = 4;

export function questionParts(focus: string): QuestionPartText[] {
  const asks = lexicon().askingCue;
  // Sentences of background before the first one that asks ("我在福州开了一家小公司。") are no part of what is asked.
  const sentences = focus.split(/(?<=[。！!？?])/).filter((s) => s.trim());
  const firstAsking = sentences.findIndex((s) => asks.test(s));
  const asked = firstAsking > 0 ? sentences.slice(firstAsking).join('') : focus;
  const clauses = asked
    .split(/(?<=[，,；;？?。！!])/)
    .map((c) => c.trim())
    .filter(Boolean);
  const asking = clauses.map((c) => asks.test(c) && c.replace(/[\p{P}\s]/gu, '').length >= MIN_PART_CHARS);
  const first = asking.indexOf(true);
  if (first < 0 || asking.filter(Boolean).length < 2) return [{ text: focus, clause: asked }];
  // Clauses before the first that asks ("贵阳贵安的智算力券，") are the subject of every part.
  const subject = clauses.slice(0, first).join('');
  const parts: string[] = [];
  for (let i = first; i < clauses.length; i++) {
    if (asking[i] || !parts.length) parts.push(clauses[i]!);
    else parts[parts.length - 1] += clauses[i]!;
  }
  const kept = parts.slice(0, MAX_PARTS);
  if (parts.length > MAX_PARTS) kept[MAX_PARTS - 1] += parts.slice(MAX_PARTS).join('');
  return kept.map((clause) => ({ text: `${subject}${clause}`, clause }));
}
