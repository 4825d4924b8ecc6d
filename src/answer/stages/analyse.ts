import type { Logger } from '../../util/log.js';
import type { ArticleCatalog } from '../articles.js';
import type { QuestionRewriter } from '../engine-types.js';
import { analyzeQuestion, analyzeStandalone, type QuestionAnalysis } from '../question/analyze.js';
import { normalizeQuestion } from '../question/normalize.js';
import type { Conversation } from '../types.js';

/** A follow-up longer than this is not sent to the rewriter: a question that long names its own subject. */
const REWRITE_MAX_CHARS = 120;

/**
 * The analyse stage: the question normalised, a follow-up made standalone (by the language model's
 * rewriter when one is configured, else by putting what it names into the previous question's
 * frame), its focus, intent, constraints and parts.
 */
export async function analyse(
  raw: string,
  conversation: Conversation | undefined,
  deps: { catalog: ArticleCatalog; rewriter: QuestionRewriter | null; log: Logger },
  signal?: AbortSignal,
): Promise<QuestionAnalysis> {
  const extraPlaces = deps.catalog.extraPlaces();
  const history = conversation?.history ?? [];
  if (deps.rewriter && history.length && raw.length <= REWRITE_MAX_CHARS) {
    const rewritten = await deps.rewriter.rewrite(normalizeQuestion(raw), history, signal).catch((error: unknown) => {
      deps.log.warn('follow-up rewrite failed; resolving it without the model', {
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    });
    if (rewritten) {
      const normalized = normalizeQuestion(raw);
      const standalone = normalizeQuestion(rewritten);
      return analyzeStandalone(
        raw.trim(),
        normalized,
        { standalone, how: standalone === normalized ? 'none' : 'rewritten', detail: 'by the language model' },
        extraPlaces,
      );
    }
  }
  return analyzeQuestion(raw, conversation, { resolveFollowUps: true, extraPlaces });
}
