import type { Answer } from '../../answer/types.js';
import { channelTexts } from '../texts.js';
import type { Button } from './adapter.js';

/**
 * What a button's action says, in a few bytes (Telegram allows 64): `src:ID` 查看来源, `up:ID` and
 * `down:ID` the votes, `pg:ID` 查看原文 and `dl:ID` 下载原文 (`pg:ID.2`: of the answer's second
 * source), `rep:TOKEN` and `keep:TOKEN` an admin's choice about an upload.
 */
export type Action =
  | { kind: 'sources'; id: string }
  | { kind: 'vote'; id: string; vote: 'up' | 'down' }
  | { kind: 'original'; id: string; what: 'page' | 'pdf'; source: number | null }
  | { kind: 'upload'; token: string; replace: boolean };

export function parseAction(action: string): Action | null {
  const m = /^(src|up|down|rep|keep|pg|dl):([\w-]{4,40})(?:\.(\d{1,2}))?$/.exec(action);
  if (!m) return null;
  const [, kind, id, source] = m as unknown as [string, string, string, string | undefined];
  if (kind === 'pg' || kind === 'dl')
    return { kind: 'original', id, what: kind === 'pg' ? 'page' : 'pdf', source: source ? Number(source) : null };
  if (source !== undefined) return null;
  if (kind === 'src') return { kind: 'sources', id };
  if (kind === 'up' || kind === 'down') return { kind: 'vote', id, vote: kind };
  return { kind: 'upload', token: id, replace: kind === 'rep' };
}

/** The action of a 查看原文 or 下载原文 button, for one source (1-based) or, without, for the answer. */
export function originalAction(id: string, what: 'page' | 'pdf', source?: number): string {
  return `${what === 'page' ? 'pg' : 'dl'}:${id}${source === undefined ? '' : `.${source}`}`;
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
