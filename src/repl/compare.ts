import type { AnswerEngine } from '../answer/engine.js';
import type { AskOptions, RetrievalMode } from '../answer/engine-types.js';
import type { Answer, Conversation, Turn } from '../answer/types.js';
import { formatWhere } from '../domain/format.js';
import { paint, padTo, wrap, type TerminalStyle } from './terminal.js';

export interface Variant {
  label: string;
  options: AskOptions;
}

/** Every retrieval mode the engine allows, each with and without the language model when one is configured. */
export function variantsOf(engine: AnswerEngine): Variant[] {
  const models = engine.answerMode === 'generated' ? [true, false] : [false];
  return engine.retrievalModes.flatMap((mode: RetrievalMode) =>
    models.map((model) => ({
      label: `${mode}${engine.answerMode === 'generated' ? (model ? ' · 模型' : ' · 摘录') : ''}`,
      options: { retrievalMode: mode, extractiveOnly: !model },
    })),
  );
}

/** Answers one question in every variant, each in a copy of the conversation as it stood before it. */
export async function answerInEveryVariant(
  engine: AnswerEngine,
  question: string,
  history: Turn[],
  signal?: AbortSignal,
): Promise<Array<{ variant: Variant; answer: Answer }>> {
  const out: Array<{ variant: Variant; answer: Answer }> = [];
  for (const variant of variantsOf(engine)) {
    const conversation: Conversation = { id: `compare-${variant.label}`, history: [...history] };
    out.push({ variant, answer: await engine.ask(question, conversation, { ...variant.options, signal }).answer });
  }
  return out;
}

function block(v: { variant: Variant; answer: Answer }, style: TerminalStyle, width: number): string[] {
  const a = v.answer;
  const head = `${paint(style, 'bold', v.variant.label)}  ${a.found ? paint(style, 'green', '✓ 作答') : paint(style, 'yellow', '✗ 不作答')}`;
  const body = (a.markedText ?? a.text).split('\n').slice(0, 6).join('\n');
  const sources = (a.citations.length ? a.citations : a.retrieved.slice(0, 3)).map(
    (c, i) => `${a.citations.length ? `[${c.marker ?? i + 1}]` : '·'} ${formatWhere(c, a.language)}《${c.title}》`,
  );
  const lines = [head, ...body.split('\n'), a.citations.length ? '来源：' : '最接近：', ...sources];
  return lines.flatMap((l) => (width ? wrap({ ...style, width }, l).split('\n') : [l]));
}

/** The answers side by side in columns when the terminal is wide enough, else one after another. */
export function renderComparison(results: Array<{ variant: Variant; answer: Answer }>, style: TerminalStyle): string {
  const gap = 3;
  const columns = style.width && style.width >= 60 * Math.min(results.length, 3) ? Math.min(results.length, 3) : 1;
  if (columns === 1) return results.map((r) => block(r, style, style.width).join('\n')).join('\n\n');
  const width = Math.floor((style.width - gap * (columns - 1)) / columns);
  const rows: string[] = [];
  for (let start = 0; start < results.length; start += columns) {
    const blocks = results.slice(start, start + columns).map((r) => block(r, style, width));
    const height = Math.max(...blocks.map((b) => b.length));
    for (let i = 0; i < height; i++)
      rows.push(
        blocks
          .map((b) => padTo(b[i] ?? '', width))
          .join(' '.repeat(gap))
          .trimEnd(),
      );
    rows.push('');
  }
  return rows.join('\n').trimEnd();
}
