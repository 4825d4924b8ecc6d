import { createInterface } from 'node:readline';
import { existsSync, readFileSync, appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../app/build.js';
import { ReplSession, HELP } from '../repl/commands.js';
import { fail, startup } from './common.js';

const HISTORY_LINES = 500;

/** `npm start`: the REPL over the bulletins, with line history kept in INDEX_DIR/.repl_history. */
async function main(): Promise<void> {
  const { config, log } = startup();
  const { engine, report } = await buildApp(config, log);
  const session = new ReplSession(engine, log);
  const historyFile = path.join(config.INDEX_DIR, '.repl_history');
  const history = existsSync(historyFile)
    ? readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_LINES).reverse()
    : [];

  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY,
    history,
    historySize: HISTORY_LINES,
    prompt: '问> ',
  });
  const interactive = Boolean(process.stdin.isTTY);
  if (interactive) {
    const answers = engine.answerMode === 'generated' ? '语言模型作答' : '原文摘录作答';
    process.stdout.write(
      `《大数据发展动态》问答 · 已收录${report?.issues ?? engine.corpus.bulletins.length}期 · 检索：${engine.retrievalMode} · ${answers}\n${HELP}\n\n`,
    );
  }
  if (interactive) rl.prompt();
  for await (const line of rl) {
    const result = await session.handle(line, (text) => process.stdout.write(text));
    if (result.output) process.stdout.write(result.output + '\n\n');
    if (interactive && line.trim()) {
      mkdirSync(path.dirname(historyFile), { recursive: true });
      appendFileSync(historyFile, line.trim().replace(/\n/g, ' ') + '\n');
    }
    if (result.quit) break;
    if (interactive) rl.prompt();
  }
  rl.close();
}

main().catch(fail);
