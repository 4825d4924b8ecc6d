import type { OriginalPassage } from '../../originals/types.js';
import type { Digest } from '../../subscriptions/digest.js';
import type { Button } from '../core/adapter.js';
import type { PresentedAnswer, PresentedSource } from '../present.js';

/** Feishu card markdown treats these as syntax; as entities they show as themselves. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[&<>*_~`[\]#|\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TITLE = '《大数据发展动态》问答';

/**
 * An answer card (JSON 2.0): the answer, its sources (issue, pages, article), and the quoted
 * passages in a folded panel. `update_multi` lets the bot patch the card while it streams.
 */
export function answerCard(answer: PresentedAnswer, options: { draft?: boolean; buttons?: Button[] } = {}): string {
  const elements: unknown[] = [{ tag: 'markdown', content: escapeMarkdown(answer.body) + (options.draft ? ' …' : '') }];
  if (answer.sources.length) {
    elements.push({ tag: 'hr' });
    elements.push({ tag: 'markdown', content: `**来源**\n${answer.sources.map(sourceLine).join('\n')}` });
    elements.push({
      tag: 'collapsible_panel',
      expanded: false,
      header: { title: { tag: 'markdown', content: '原文摘录' } },
      elements: answer.sources.map((s) => ({ tag: 'markdown', content: `**[${s.marker}]** ${escapeMarkdown(s.quote)}` })),
    });
  }
  if (options.buttons?.length) elements.push(...buttonRows(options.buttons));
  return JSON.stringify({
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: TITLE }, template: 'blue' },
    body: { elements },
  });
}

function sourceLine(s: PresentedSource): string {
  return `[${s.marker}] ${escapeMarkdown(s.where)}《${escapeMarkdown(s.title)}》`;
}

/** The same answer as a plain text message, for when a card is refused. */
export function answerText(answer: PresentedAnswer): string {
  const sources = answer.sources.length
    ? `\n\n来源：\n${answer.sources.map((s) => `[${s.marker}] ${s.where}《${s.title}》`).join('\n')}`
    : '';
  return JSON.stringify({ text: answer.body + sources });
}

export function plainText(text: string): string {
  return JSON.stringify({ text });
}

/** /sources: each source with its quote. */
export function sourcesText(heading: string, sources: PresentedSource[]): string {
  return JSON.stringify({ text: [heading, ...sources.map((s) => `[${s.marker}] ${s.where}《${s.title}》\n“${s.quote}”`)].join('\n') });
}

/** The core's buttons, a row of them side by side per button row. */
export function buttonRows(buttons: Button[]): unknown[] {
  const rows = new Map<number, Button[]>();
  for (const b of buttons) rows.set(b.row ?? 0, [...(rows.get(b.row ?? 0) ?? []), b]);
  return [...rows].sort((a, b) => a[0] - b[0]).map(([, row]) => buttonRow(row));
}

/** Buttons side by side; a press comes back as card.action.trigger with `{action}` as its value. */
export function buttonRow(buttons: Button[]): unknown {
  return {
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: '8px',
    columns: buttons.map((b) => ({
      tag: 'column',
      width: 'auto',
      elements: [
        {
          tag: 'button',
          text: { tag: 'plain_text', content: b.label },
          type: 'default',
          size: 'small',
          behaviors: [{ type: 'callback', value: { action: b.action } }],
        },
      ],
    })),
  };
}

/** A plain sentence with buttons under it (an admin's choice). */
export function choiceCard(text: string, buttons: Button[]): string {
  return JSON.stringify({
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: TITLE }, template: 'blue' },
    body: { elements: [{ tag: 'markdown', content: escapeMarkdown(text) }, ...buttonRows(buttons)] },
  });
}

/** 查看原文 of a text bulletin: the citation, then the paragraph with the quoted sentence in bold. */
export function passageCard(caption: string, p: OriginalPassage): string {
  const body = `${escapeMarkdown(p.before)}**${escapeMarkdown(p.sentence)}**${escapeMarkdown(p.after)}`;
  return JSON.stringify({
    schema: '2.0',
    header: { title: { tag: 'plain_text', content: '原文' }, template: 'blue' },
    body: { elements: [{ tag: 'markdown', content: escapeMarkdown(caption) }, { tag: 'hr' }, { tag: 'markdown', content: body }] },
  });
}

/** A new issue: date, 期, the editors' headline, the table of contents by category with pages, the invitation to ask. */
export function digestCard(d: Digest): string {
  const toc = d.sections.map(
    (s) =>
      `**${escapeMarkdown(s.category)}**\n${s.entries.map((e) => `${escapeMarkdown(e.pages)}　${escapeMarkdown(e.title)}`).join('\n')}`,
  );
  const elements: unknown[] = [{ tag: 'markdown', content: escapeMarkdown(d.date) }];
  if (d.headline) elements.push({ tag: 'markdown', content: `本期头条：**${escapeMarkdown(d.headline)}**` });
  elements.push({ tag: 'hr' }, { tag: 'markdown', content: `**本期要目**\n${toc.join('\n')}` });
  elements.push({ tag: 'hr' }, { tag: 'markdown', content: escapeMarkdown(d.invitation) });
  return JSON.stringify({
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: `${d.title}已发布` }, template: 'green' },
    body: { elements },
  });
}
