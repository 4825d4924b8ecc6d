import type { Answer } from '../../answer/types.js';
import { channelTexts } from '../texts.js';
import type { Button } from './adapter.js';

/**
 * What a button's action says, in a few bytes (Telegram allows 64): `src:ID` 查看来源, `up:ID` and
 * `down:ID` the votes, `rep:TOKEN` and `keep:TOKEN` an admin's choice about an upload.
 */
export type Action =
  | { kind: 'sources'; id: string }
  | { kind: 'vote'; id: string; vote: 'up' | 'down' }
  | { kind: 'upload'; token: string; replace: boolean };

export function parseAction(action: string): Action | null {
  const m = /^(src|up|down|rep|keep):([\w-]{4,40})$/.exec(action);
  if (!m) return null;
  const [, kind, id] = m as unknown as [string, string, string];
  if (kind === 'src') return { kind: 'sources', id };
  if (kind === 'up' || kind === 'down') return { kind: 'vote', id, vote: kind };
  return { kind: 'upload', token: id, replace: kind === 'rep' };
}

/** Under an answer: 查看来源 (where the answer itself does not show the quotes), 👍 and 👎. */
export function answerButtons(id: string, answer: Answer, quotesShown: boolean): Button[] {
  const texts = channelTexts(answer.language === 'en' ? answer.question : null);
  const hasSources = answer.citations.length > 0 || answer.retrieved.length > 0;
  return [
    ...(hasSources && !quotesShown ? [{ label: texts.sourcesButton, action: `src:${id}` }] : []),
    { label: '👍', action: `up:${id}` },
    { label: '👎', action: `down:${id}` },
  ];
}

/** An admin's choice: replace the issue already indexed, or keep it. */
export function replaceButtons(token: string): Button[] {
  return [
    { label: '替换旧文件', action: `rep:${token}` },
    { label: '保留旧文件', action: `keep:${token}` },
  ];
}
