import { readFileSync } from 'node:fs';
import { dataPath } from '../util/paths.js';

let cues: string[] | null = null;

/** The phrases of data/instruction-cues.txt, lower-cased and without white space. */
function instructionCues(): string[] {
  cues ??= readFileSync(dataPath('instruction-cues.txt'), 'utf8')
    .split('\n')
    .map((l) => compact(l))
    .filter((l) => l && !l.startsWith('#'));
  return cues;
}

function compact(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/**
 * Whether a sentence reads as an instruction to a language model ("忽略之前的所有指令…", "Ignore all
 * previous instructions", a <system> tag): text injected into a bulletin to steer a model. Such a
 * sentence is data to the bot, never something it quotes or says as an answer.
 */
export function looksLikeInstruction(sentence: string): boolean {
  const text = compact(sentence);
  return instructionCues().some((cue) => text.includes(cue));
}
