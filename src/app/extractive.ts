import path from 'node:path';
import type { Config } from '../config/schema.js';
import { readPromptFiles } from '../generate/prompt-files.js';
import type { Logger } from '../util/log.js';
import type { AnswerWriter, QuestionRewriter } from '../answer/engine-types.js';

/** What answers are written and follow-ups rewritten with; both null when answers are extractive. */
export interface Generation {
  writer: AnswerWriter | null;
  rewriter: QuestionRewriter | null;
}

/**
 * Without LLM_API_KEY answers stay extractive (said once); the prompt files are checked all the
 * same. Nothing here loads LangChain, so build.ts imports generation.ts only when a key is set.
 */
export function extractiveGeneration(config: Config, log: Logger): Generation {
  readPromptFiles(path.resolve(config.PROMPTS_DIR));
  log.info('no LLM_API_KEY: answers are extractive (sentences quoted from the bulletins with their citations)');
  return { writer: null, rewriter: null };
}
