import { readFileSync } from 'node:fs';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { promptPath } from '../util/paths.js';
import { PromptError } from './prompt-error.js';

export { PromptError };

export interface Prompts {
  /** The system prompt's text, to recognise an answer that repeats it. */
  system: string;
  /** System prompt + answer template: fills {excerpts} and {question}. */
  answer: ChatPromptTemplate;
  /** Rewrites a follow-up into a standalone question: fills {history} and {question}. */
  rewrite: ChatPromptTemplate;
}

const REQUIRED = {
  'system.md': [],
  'answer.md': ['excerpts', 'question'],
  'rewrite.md': ['history', 'question'],
} as const;

/** Prompts are data: files in prompts/ (or `dir`), read and checked once. */
export function loadPrompts(dir?: string): Prompts {
  const read = (name: keyof typeof REQUIRED) => {
    const file = dir ? `${dir}/${name}` : promptPath(name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new PromptError(`prompt file ${file} is missing`);
    }
    const found = variablesOf(text);
    const expected = [...REQUIRED[name]].sort();
    if (found.join(',') !== expected.join(',')) {
      throw new PromptError(
        `${file} uses {${found.join('}, {')}} but must use exactly {${expected.join('}, {')}} (write a literal brace as {{ or }})`,
      );
    }
    return text;
  };
  const system = read('system.md');
  return {
    system,
    answer: ChatPromptTemplate.fromMessages([
      ['system', system],
      ['human', read('answer.md')],
    ]),
    rewrite: ChatPromptTemplate.fromMessages([
      ['system', system],
      ['human', read('rewrite.md')],
    ]),
  };
}

/** {name} placeholders of an f-string template; {{ and }} are literal braces. */
export function variablesOf(template: string): string[] {
  const names = new Set<string>();
  const stripped = template.replace(/\{\{|\}\}/g, '');
  for (const m of stripped.matchAll(/\{([^{}]*)\}/g)) names.add(m[1]!.trim());
  return [...names].sort();
}
