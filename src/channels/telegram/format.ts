import type { OriginalPassage } from '../../originals/types.js';
import type { Digest } from '../../subscriptions/digest.js';
import type { PresentedAnswer, PresentedSource } from '../present.js';

/** Telegram's limit for one message's text. */
export const MAX_MESSAGE = 4096;

/** Escapes text for parse_mode HTML: Telegram needs only these three. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A block of a message, kept whole when messages are split: its HTML and its plain form. */
interface Block {
  html: string;
  plain: string;
}

export interface Messages {
  html: string[];
  plain: string[];
}

/** The answer, then its sources as a compact numbered list. */
export function answerMessages(answer: PresentedAnswer, sourcesHeading = '来源'): Messages {
  const blocks: Block[] = answer.body.split('\n').map((line) => ({ html: escapeHtml(line), plain: line }));
  if (answer.sources.length) {
    blocks.push({ html: '', plain: '' }, { html: `<b>${escapeHtml(sourcesHeading)}</b>`, plain: sourcesHeading });
    for (const s of answer.sources) blocks.push(compactSource(s));
  }
  return pack(blocks);
}

/** /sources and the 查看来源 button: every source with its quote. */
export function sourcesMessages(heading: string, sources: PresentedSource[]): Messages {
  const blocks: Block[] = [{ html: `<b>${escapeHtml(heading)}</b>`, plain: heading }];
  for (const s of sources) {
    const head = compactSource(s);
    blocks.push(head, { html: `<blockquote>${escapeHtml(s.quote)}</blockquote>`, plain: `“${s.quote}”` });
  }
  return pack(blocks);
}

/** A new issue: title, date, headline, the table of contents by category with pages, the invitation to ask. */
export function digestMessages(d: Digest): Messages {
  const line = (html: string, plain: string): Block => ({ html, plain });
  const blocks: Block[] = [line(`<b>${escapeHtml(d.title)}已发布</b>`, `${d.title}已发布`), line(escapeHtml(d.date), d.date)];
  if (d.headline) blocks.push(line(`本期头条：<i>${escapeHtml(d.headline)}</i>`, `本期头条：${d.headline}`));
  blocks.push(line('', ''), line('<b>本期要目</b>', '本期要目'));
  for (const s of d.sections) {
    blocks.push(line(`<b>${escapeHtml(s.category)}</b>`, `【${s.category}】`));
    for (const e of s.entries) blocks.push(line(`${escapeHtml(e.pages)}　${escapeHtml(e.title)}`, `${e.pages}　${e.title}`));
  }
  blocks.push(line('', ''), ...d.invitation.split('\n').map((l) => line(escapeHtml(l), l)));
  return pack(blocks);
}

/** 查看原文 of a text bulletin: the citation, then the paragraph with the quoted sentence in bold. */
export function passageMessages(caption: string, p: OriginalPassage): Messages {
  return pack([
    { html: `<i>${escapeHtml(caption)}</i>`, plain: caption },
    { html: '', plain: '' },
    {
      html: `${escapeHtml(p.before)}<b>${escapeHtml(p.sentence)}</b>${escapeHtml(p.after)}`,
      plain: `${p.before}【${p.sentence}】${p.after}`,
    },
  ]);
}

export function plainMessages(text: string): Messages {
  return pack(text.split('\n').map((line) => ({ html: escapeHtml(line), plain: line })));
}

function compactSource(s: PresentedSource): Block {
  return { html: `[${s.marker}] ${escapeHtml(s.where)}《${escapeHtml(s.title)}》`, plain: `[${s.marker}] ${s.where}《${s.title}》` };
}

/**
 * Packs blocks into messages of at most 4096 characters, splitting only between blocks, so no tag
 * is ever cut; a block longer than a message is cut at sentence ends into blocks of its own.
 */
function pack(blocks: Block[]): Messages {
  const pieces = blocks.flatMap((b) => (b.html.length <= MAX_MESSAGE ? [b] : cutBlock(b)));
  const html: string[] = [];
  const plain: string[] = [];
  let h = '';
  let p = '';
  for (const b of pieces) {
    const nextH = h ? `${h}\n${b.html}` : b.html;
    if (nextH.length > MAX_MESSAGE && h) {
      html.push(h.trim());
      plain.push(p.trim());
      h = b.html;
      p = b.plain;
      continue;
    }
    h = nextH;
    p = p ? `${p}\n${b.plain}` : b.plain;
  }
  if (h.trim()) {
    html.push(h.trim());
    plain.push(p.trim());
  }
  return { html, plain };
}

/** An over-long block is plain text here (lines of prose or a quote): cut at sentence ends, escape each piece. */
function cutBlock(b: Block): Block[] {
  const fits = (text: string) => escapeHtml(text).length <= MAX_MESSAGE;
  const sentences = b.plain.match(/[^。！？!?.]*[。！？!?.]?/g)?.filter(Boolean) ?? [b.plain];
  const out: Block[] = [];
  let current = '';
  const flush = () => {
    if (current) out.push({ html: escapeHtml(current), plain: current });
    current = '';
  };
  for (const sentence of sentences) {
    if (fits(current + sentence)) {
      current += sentence;
      continue;
    }
    flush();
    // A single sentence longer than a message: cut by characters.
    for (const ch of sentence) {
      if (!fits(current + ch)) flush();
      current += ch;
    }
  }
  flush();
  return out;
}
