import type { AnswerEngine } from '../answer/engine.js';
import { InputError } from '../answer/engine.js';
import { lastAnswer, newConversation, type Conversation } from '../answer/types.js';
import { formatDate } from '../answer/meta.js';
import { renderSources } from '../cli/render.js';
import { streamToTerminal } from '../cli/stream.js';
import type { Logger } from '../util/log.js';
import { texts } from '../answer/texts.js';

export const HELP = [
  '直接输入问题即可，例如：',
  '  广东到2027年要累计培育多少家专精特新“小巨人”企业？',
  '  哪一期提到广西推动面向东盟的数据跨境流动？',
  '  第42期有哪些文章？',
  '命令：',
  '  /sources  上一个回答的来源与原文摘录',
  '  /issues   已收录的各期',
  '  /reset    清空对话（追问从头开始）',
  '  /help     显示本帮助',
  '  /quit     退出',
].join('\n');

export type ReplResult = { output: string; quit?: boolean };

/** One REPL session: a conversation over the engine, and the slash commands. Knows no terminal. */
export class ReplSession {
  private conversation: Conversation = newConversation('repl');

  constructor(
    private readonly engine: AnswerEngine,
    private readonly log: Logger,
  ) {}

  /** `write` receives a generated answer's text as it streams; the result holds what is left to show. */
  async handle(line: string, write: (text: string) => void = () => {}): Promise<ReplResult> {
    const input = line.trim();
    if (!input) return { output: '' };
    switch (input.split(/\s+/)[0]!.toLowerCase()) {
      case '/quit':
      case '/exit':
        return { output: '再见。', quit: true };
      case '/help':
        return { output: HELP };
      case '/reset':
        this.conversation = newConversation('repl');
        return { output: '对话已清空。' };
      case '/sources':
        return { output: renderSources(lastAnswer(this.conversation)) };
      case '/issues':
        return { output: this.issues() };
    }
    if (input.startsWith('/')) return { output: `未知命令 ${input.split(/\s+/)[0]}，输入 /help 查看可用命令。` };
    try {
      return { output: await this.streamAnswer(input, write) };
    } catch (error) {
      if (error instanceof InputError) return { output: error.message };
      this.log.error('answer failed', { error });
      return { output: texts('zh').internalError };
    }
  }

  private async streamAnswer(question: string, write: (text: string) => void): Promise<string> {
    return (await streamToTerminal(this.engine.ask(question, this.conversation), write)).rest;
  }

  private issues(): string {
    const bulletins = [...this.engine.corpus.bulletins].sort((a, b) => a.cover.date.localeCompare(b.cover.date));
    if (!bulletins.length) return '还没有收录任何一期。';
    return [
      `已收录${bulletins.length}期：`,
      ...bulletins.map(
        (b) =>
          `  ${b.cover.year}年第${b.cover.number}期（总第${b.cover.total}期），${formatDate(b.cover.date)}，${b.toc.length}篇文章，封面：${b.cover.headline}`,
      ),
    ].join('\n');
  }
}
