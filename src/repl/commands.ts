import type { AnswerEngine } from '../answer/engine.js';
import type { AskOptions, RetrievalMode } from '../answer/engine-types.js';
import { InputError } from '../answer/engine.js';
import { lastAnswer, newConversation, type Answer, type Conversation } from '../answer/types.js';
import { formatDate } from '../domain/format.js';
import { formatIssue } from '../domain/format.js';
import { texts } from '../answer/texts.js';
import { renderSources } from '../cli/render.js';
import { streamToTerminal } from '../cli/stream.js';
import { readSet, runSet } from '../eval/run.js';
import { truthFor } from '../eval/truth.js';
import { formatEvalReport } from '../eval/format-report.js';
import type { Logger } from '../util/log.js';
import { formatWhy } from './why.js';
import { explainWithCheck } from '../generate/explain-check.js';
import { answerInEveryVariant, renderComparison, variantsOf } from './compare.js';
import { appendCase, caseFor } from './cases.js';
import { PLAIN, wrap, type TerminalStyle } from './terminal.js';
import { originalCommand } from './originals.js';
import type { OriginalsDesk } from '../originals/types.js';
import { errorMessage } from '../util/app-error.js';

export const HELP = [
  '直接输入问题即可，例如：',
  '  广东到2027年要累计培育多少家专精特新“小巨人”企业？',
  '  哪一期提到广西推动面向东盟的数据跨境流动？',
  '  第42期有哪些文章？',
  '命令：',
  '  /sources          上一个回答的来源与原文摘录',
  '  /page [n]         把来源 n 所在的页面（标出引文）存为图片，显示文件路径',
  '  /pdf [n]          把来源 n 所在的文章截成单独的 PDF，显示文件路径',
  '  /why              上一个回答是怎么得出的（意图、候选、各项检查、门槛）',
  '  /compare          用每种检索方式（及有无语言模型）回答上一个问题，并排比较',
  '  /mode [方式]      切换本次会话的检索方式：keyword | dense | hybrid',
  '  /model on|off     本次会话是否用语言模型作答',
  '  /good             把上一个问答存为正确案例（写入评测集文件）',
  '  /bad [说明]       把上一个问答存为错误案例',
  '  /eval 文件        运行一个评测集，按意图汇总并列出未通过的问题',
  '  /issues           已收录的各期',
  '  /reset            清空对话（追问从头开始）',
  '  /help             显示本帮助',
  '  /quit             退出（Ctrl-C 取消正在生成的回答）',
].join('\n');

export type ReplResult = { output: string; quit?: boolean };

export interface ReplDeps {
  engine: AnswerEngine;
  log: Logger;
  /** Where /good and /bad append cases (EVAL_CASES_FILE). */
  casesFile: string;
  /** The cited pages themselves (/page, /pdf), and where their files are written (STATE_DIR/pages). */
  originals?: OriginalsDesk;
  pagesDir?: string;
  style?: TerminalStyle;
}

const MODES: RetrievalMode[] = ['keyword', 'dense', 'hybrid'];

/** One REPL session: a conversation over the engine, the tester's switches, and the slash commands. Knows no terminal. */
export class ReplSession {
  private conversation: Conversation = newConversation('repl');
  private mode: RetrievalMode | undefined;
  private model = true;
  private last: { question: string; context: string[]; answer: Answer } | null = null;
  private readonly style: TerminalStyle;

  constructor(private readonly deps: ReplDeps) {
    this.style = deps.style ?? PLAIN;
  }

  private get engine(): AnswerEngine {
    return this.deps.engine;
  }

  /** The switches in force, as a line for the banner and /mode. */
  describe(): string {
    const mode = this.mode ?? this.engine.retrievalMode;
    const answers = this.engine.answerMode === 'generated' && this.model ? '语言模型作答' : '原文摘录作答';
    return `检索：${mode}（可用：${this.engine.retrievalModes.join('、')}） · ${answers}`;
  }

  /**
   * `write` receives a generated answer's text as it streams; the result holds what is left to
   * show. An aborted `signal` (Ctrl-C) cancels the answer being written, not the session.
   */
  async handle(line: string, write: (text: string) => void = () => {}, signal?: AbortSignal): Promise<ReplResult> {
    const input = line.trim();
    if (!input) return { output: '' };
    const [command, ...args] = input.split(/\s+/);
    if (input.startsWith('/')) return this.command(command!.toLowerCase(), args, signal);
    try {
      return { output: await this.ask(input, write, signal) };
    } catch (error) {
      if (signal?.aborted) return { output: '（已取消）' };
      if (error instanceof InputError) return { output: error.message };
      this.deps.log.error('answer failed', { error });
      return { output: texts('zh').internalError };
    }
  }

  private async command(command: string, args: string[], signal?: AbortSignal): Promise<ReplResult> {
    switch (command) {
      case '/quit':
      case '/exit':
        return { output: '再见。', quit: true };
      case '/help':
        return { output: HELP };
      case '/reset':
        this.conversation = newConversation('repl');
        this.last = null;
        return { output: '对话已清空。' };
      case '/sources':
        return { output: renderSources(lastAnswer(this.conversation)) };
      case '/page':
      case '/pdf': {
        const { originals, pagesDir = 'pages' } = this.deps;
        const what = command === '/page' ? 'page' : 'pdf';
        return { output: await originalCommand(originals, lastAnswer(this.conversation), what, args[0], pagesDir, this.style) };
      }
      case '/issues':
        return { output: this.issues() };
      case '/why':
        return { output: this.last ? formatWhy(explainWithCheck(this.last.answer), this.style) : '还没有回答过问题。' };
      case '/mode':
        return { output: this.setMode(args[0]) };
      case '/model':
        return { output: this.setModel(args[0]) };
      case '/compare':
        return { output: await this.compare(signal) };
      case '/good':
      case '/bad':
        return { output: this.save(command === '/good' ? 'good' : 'bad', args.join(' ')) };
      case '/eval':
        return { output: await this.evaluate(args.join(' '), signal) };
    }
    return { output: `未知命令 ${command}，输入 /help 查看可用命令。` };
  }

  private options(signal?: AbortSignal): AskOptions {
    return { signal, extractiveOnly: !this.model, ...(this.mode ? { retrievalMode: this.mode } : {}) };
  }

  private async ask(question: string, write: (text: string) => void, signal?: AbortSignal): Promise<string> {
    const context = this.conversation.history.map((t) => t.question);
    const pending = this.engine.ask(question, this.conversation, this.options(signal));
    const cancelled = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(new Error('cancelled'));
      signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
    });
    const { answer, rest } = await Promise.race([streamToTerminal(pending, write), cancelled]);
    this.last = { question, context, answer };
    return wrap(this.style, rest);
  }

  private setMode(mode: string | undefined): string {
    if (!mode) return this.describe();
    if (!MODES.includes(mode as RetrievalMode)) return `检索方式只能是 ${MODES.join(' | ')}。`;
    if (!this.engine.retrievalModes.includes(mode as RetrievalMode)) {
      return `${mode} 检索不可用：嵌入模型没有加载或索引中没有对应的向量（可用：${this.engine.retrievalModes.join('、')}）。`;
    }
    this.mode = mode as RetrievalMode;
    return `已切换：${this.describe()}`;
  }

  private setModel(value: string | undefined): string {
    if (this.engine.answerMode !== 'generated') return '没有配置语言模型（LLM_API_KEY），回答都是原文摘录。';
    if (value !== 'on' && value !== 'off') return `用法：/model on|off（现在：${this.model ? 'on' : 'off'}）`;
    this.model = value === 'on';
    return `已切换：${this.describe()}`;
  }

  private async compare(signal?: AbortSignal): Promise<string> {
    if (!this.last) return '还没有回答过问题。';
    if (variantsOf(this.engine).length < 2)
      return '只有一种方式可比：关键词检索、原文摘录（没有配置语言模型 LLM_API_KEY，也没有可用的嵌入模型）。';
    const before = this.conversation.history.slice(0, Math.max(0, this.conversation.history.length - 1));
    const results = await answerInEveryVariant(this.engine, this.last.question, before, signal);
    return `比较：${this.last.question}\n\n${renderComparison(results, this.style)}`;
  }

  private save(verdict: 'good' | 'bad', note: string): string {
    if (!this.last) return '还没有回答过问题。';
    const mode = `${this.mode ?? this.engine.retrievalMode}${this.engine.answerMode === 'generated' && this.model ? '+model' : ''}`;
    const saved = caseFor(this.last.question, this.last.context, this.last.answer, verdict, note, this.engine.corpus.bulletins, mode);
    appendCase(this.deps.casesFile, saved);
    const what =
      verdict === 'good'
        ? `正确案例（${saved.targets.length}个目标文章${saved.must.length ? `，必含：${saved.must.join('、')}` : ''}）`
        : '错误案例（请在文件中补全 targets 和 must）';
    return `已存为${what}：${this.deps.casesFile}`;
  }

  private async evaluate(file: string, signal?: AbortSignal): Promise<string> {
    if (!file) return `用法：/eval 文件（例如 /eval ${this.deps.casesFile}）`;
    try {
      const questions = readSet(file);
      const { truth, from } = truthFor(file, undefined, this.engine.corpus.bulletins);
      const result = await runSet(this.engine, questions, truth, this.options(signal));
      return `${questions.length}个问题，按${from ?? '已收录各期的目录'}评分（${this.describe()}）\n${formatEvalReport(result)}`;
    } catch (error) {
      if (signal?.aborted) return '（已取消）';
      return `无法运行评测集 ${file}：${errorMessage(error)}`;
    }
  }

  private issues(): string {
    const bulletins = [...this.engine.corpus.bulletins].sort((a, b) => a.cover.date.localeCompare(b.cover.date));
    if (!bulletins.length) return '还没有收录任何一期。';
    return [
      `已收录${bulletins.length}期：`,
      ...bulletins.map((b) => `  ${formatIssue(b.cover)}，${formatDate(b.cover.date)}，${b.toc.length}篇文章，封面：${b.cover.headline}`),
    ].join('\n');
  }
}
