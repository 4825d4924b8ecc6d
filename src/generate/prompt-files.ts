import { readFileSync } from 'node:fs';
import { promptPath } from '../util/paths.js';
import { PromptError } from './prompt-error.js';

/**
 * The prompt files read and checked, as text. Kept apart from the LangChain templates built from
 * them (prompts.ts) so that an extractive bot checks its prompt files at start-up without loading
 * LangChain (≈0.7 s and ≈55 MiB of every start).
 */
export interface PromptTexts {
  system: string;
  answer: string;
  rewrite: string;
}

const REQUIRED = {
  'system.md': [],
  'answer.md': ['excerpts', 'question'],
  'rewrite.md': ['history', 'question'],
} as const;

/** Reads the prompt files from prompts/ (or `dir`); a missing file or wrong {variables} is a PromptError. */
export function readPromptFiles(dir?: string): PromptTexts {
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
  return { system: read('system.md'), answer: read('answer.md'), rewrite: read('rewrite.md') };
}

/** {name} placeholders of an f-string template; {{ and }} are literal braces. */
export function variablesOf(template: string): string[] {
  const names = new Set<string>();
  const stripped = template.replace(/\{\{|\}\}/g, '');
  for (const m of stripped.matchAll(/\{([^{}]*)\}/g)) names.add(m[1]!.trim());
  return [...names].sort();
}
