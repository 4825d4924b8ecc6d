import { ChatPromptTemplate } from '@langchain/core/prompts';
import { PromptError } from './prompt-error.js';
import { readPromptFiles, variablesOf } from './prompt-files.js';

export { PromptError, variablesOf };

export interface Prompts {
  /** The system prompt's text, to recognise an answer that repeats it. */
  system: string;
  /** System prompt + answer template: fills {excerpts} and {question}. */
  answer: ChatPromptTemplate;
  /** Characters of the system prompt and the answer template without what fills them. */
  answerTemplateChars: number;
  /** Rewrites a follow-up into a standalone question: fills {history} and {question}. */
  rewrite: ChatPromptTemplate;
}

/** Prompts are data: files in prompts/ (or `dir`), read and checked once. */
export function loadPrompts(dir?: string): Prompts {
  const texts = readPromptFiles(dir);
  return {
    system: texts.system,
    answer: ChatPromptTemplate.fromMessages([
      ['system', texts.system],
      ['human', texts.answer],
    ]),
    answerTemplateChars: texts.system.length + texts.answer.replace(/\{(?:excerpts|question)\}/g, '').length,
    rewrite: ChatPromptTemplate.fromMessages([
      ['system', texts.system],
      ['human', texts.rewrite],
    ]),
  };
}
