import type { Answer } from '../../answer/types.js';
import type { Citation } from '../../domain/citation.js';
import { formatCitation, formatIssue, formatPages } from '../../domain/format.js';
import { OriginalUnavailableError, type OriginalsDesk, type OriginalView } from '../../originals/types.js';
import type { Logger } from '../../util/log.js';
import { channelTexts } from '../texts.js';
import type { Button, ChannelAdapter, InboundMessage } from './adapter.js';
import { originalAction } from './buttons.js';

/**
 * "Typing…" is shown only when a page takes longer than this: a cached page goes out at once, and
 * on Telegram a chat action counts against the chat's one message a second (grammY's throttler
 * would hold the photo back behind it).
 */
const TYPING_AFTER_MS = 700;
/** Choice buttons name a source by its place and the start of its title, this many characters. */
const CHOICE_TITLE_CHARS = 12;

export interface OriginalsContext<M extends InboundMessage, Out, Ref> {
  adapter: ChannelAdapter<M, Out, Ref>;
  desk: OriginalsDesk;
  log: Logger;
}

/**
 * The answer's sources that 查看原文 (`page`) or 下载原文 (`pdf`) can show, as indexes into its
 * citations: for pages every source with a file (PDF or text), once per quote; for downloads the
 * PDF articles, once each.
 */
export function originalSources(answer: Answer, desk: OriginalsDesk, what: 'page' | 'pdf'): number[] {
  const seen = new Set<string>();
  return answer.citations.flatMap((c, i) => {
    const kind = desk.kindOf(c);
    if (kind === null || (what === 'pdf' && kind !== 'pdf')) return [];
    const key = what === 'pdf' ? `${c.issue.total}|${c.title}` : `${c.issue.total}|${c.title}|${c.quote}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [i];
  });
}

/** 查看原文 and 下载原文 under an answer, in a row below 查看来源 and 👍/👎, when its sources have them. */
export function originalButtons(id: string, answer: Answer, desk: OriginalsDesk): Button[] {
  const texts = channelTexts(answer.language === 'en' ? answer.question : null);
  const pdfs = originalSources(answer, desk, 'pdf').length > 0;
  // A press may follow: the renderer starts now rather than when it comes.
  if (pdfs) desk.warm?.();
  return [
    ...(originalSources(answer, desk, 'page').length ? [{ label: texts.originalButton, action: originalAction(id, 'page'), row: 1 }] : []),
    ...(pdfs ? [{ label: texts.downloadButton, action: originalAction(id, 'pdf'), row: 1 }] : []),
  ];
}

/**
 * A press of 查看原文 or 下载原文: with several sources and none chosen yet, the choice; else the
 * pages as pictures (or a text bulletin's paragraph), or the article as a PDF, in reply to the
 * question the answer replied to. Whatever fails, the user gets one polite sentence. Never rejects.
 */
export async function deliverOriginal<M extends InboundMessage, Out, Ref>(
  ctx: OriginalsContext<M, Out, Ref>,
  to: M,
  answer: Answer,
  press: { id: string; what: 'page' | 'pdf'; source: number | null },
): Promise<void> {
  const { adapter, desk, log } = ctx;
  const language = answer.language;
  const texts = channelTexts(language === 'en' ? answer.question : null);
  const say = (text: string, buttons?: Button[]) => adapter.send(to, adapter.render.text(text, buttons));
  const typing = setTimeout(() => void adapter.typing?.(to).catch(() => undefined), TYPING_AFTER_MS);
  try {
    const sources = originalSources(answer, desk, press.what);
    if (!sources.length) return void (await say(texts.noOriginal));
    if (press.source === null && sources.length > 1) {
      const buttons = sources.map((i) => ({
        label: choiceLabel(answer.citations[i]!, i, language),
        action: originalAction(press.id, press.what, i + 1),
        row: i,
      }));
      return void (await say(press.what === 'page' ? texts.chooseOriginal(sources.length) : texts.chooseDownload(sources.length), buttons));
    }
    const index = press.source === null ? sources[0]! : press.source - 1;
    if (!sources.includes(index)) return void (await say(texts.noOriginal));
    const citation = answer.citations[index]!;
    if (press.what === 'pdf') {
      const doc = await desk.cut(citation);
      const caption = formatCitation(doc.citation, language) + texts.articlePages(doc.pageCount);
      await adapter.sendFile!(to, { bytes: doc.bytes, fileName: doc.fileName, caption });
      return;
    }
    await sendView(adapter, to, await desk.view(citation), language, texts);
  } catch (error) {
    if (error instanceof OriginalUnavailableError) return void (await say(texts.originalProblem[error.problem]).catch(() => undefined));
    log.error('original: could not be sent', { what: press.what, error: adapter.describeError(error) });
    await say(texts.originalProblem.failed).catch(() => undefined);
  } finally {
    clearTimeout(typing);
  }
}

async function sendView<M extends InboundMessage, Out, Ref>(
  adapter: ChannelAdapter<M, Out, Ref>,
  to: M,
  view: OriginalView,
  language: Answer['language'],
  texts: ReturnType<typeof channelTexts>,
): Promise<void> {
  if (view.kind === 'passage') {
    const caption = formatCitation(view.citation, language);
    const { before, sentence, after } = view.passage;
    const out = adapter.render.passage?.(caption, view.passage) ?? adapter.render.text(`${caption}\n\n${before}${sentence}${after}`);
    await adapter.send(to, out);
    return;
  }
  for (const [i, page] of view.pages.entries()) {
    const place =
      page.printed === null
        ? view.citation
        : { ...view.citation, pages: [page.printed, page.printed] as [number, number], openEnded: false };
    const caption =
      formatCitation(place, language) +
      (view.pages.length > 1 ? texts.pageOf(i + 1, view.pages.length) : '') +
      (page.highlighted ? '' : texts.notMarked);
    const fileName = `${view.citation.issue.total}-p${page.printed ?? `pdf${page.pdfPage}`}.png`;
    await adapter.sendImage!(to, { png: page.png, fileName, caption });
  }
}

/** [2] 2031年第14期第3页《关于加快公共算力…》 */
function choiceLabel(c: Citation, index: number, language: Answer['language']): string {
  const title = [...c.title].length > CHOICE_TITLE_CHARS ? `${[...c.title].slice(0, CHOICE_TITLE_CHARS).join('')}…` : c.title;
  return `[${c.marker ?? index + 1}] ${formatIssue(c.issue, language, { total: false })}${language === 'en' ? ', ' : ''}${formatPages(c, language)}《${title}》`;
}
