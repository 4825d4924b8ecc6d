import { AppError } from '../util/app-error.js';

/**
 * Raised at start-up when a prompt file is missing or its {variables} are not the ones the code fills.
 * In a module of its own so that catching it (src/cli/common.ts) does not load LangChain.
 */
export class PromptError extends AppError {
  override readonly name = 'PromptError';
}
