import { createInterface } from 'node:readline';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../app/build.js';
import { ReplSession, HELP } from '../repl/commands.js';
import { openOriginals } from '../originals/open.js';
import { paint, terminalStyle } from '../repl/terminal.js';
import { isEntryPoint, runAsProcess, startup, type Command } from './common.js';
import { readStateFile, type StateFormat } from '../state/state-file.js';

const HISTORY_LINES = 1000;

/** STATE_DIR/repl_history: one line a question; binary content (NUL bytes) is not a history. */
const HISTORY_FORMAT: StateFormat<string[]> = {
  what: 'a line history',
  parse: (raw) => {
    if (raw.includes('\u0000')) throw new Error('binary content');
    return raw.split('\n').filter(Boolean);
  },
};

/**
 * `npm start`: the REPL over the bulletins. Line history survives sessions (STATE_DIR/repl_history);
 * Ctrl-C cancels an answer being written (a second Ctrl-C at the prompt leaves); long answers are
 * wrapped to the terminal; colours only on a terminal, and never with NO_COLOR.
 */
export const repl: Command = async (io) => {
  const { config, log } = startup(io);
  const { engine, report, manifest } = await buildApp(config, log);
  const { stdin, stdout } = io;
  const style = terminalStyle(stdout, io.env);
  const originals = await openOriginals(config, log, { corpus: () => engine.corpus, manifest });
  // The page renderer is a process of its own: closed however the session ends.
  try {
    const session = new ReplSession({
      engine,
      log,
      casesFile: config.EVAL_CASES_FILE,
      style,
      originals: originals.viewer,
      pagesDir: path.join(config.STATE_DIR, 'pages'),
    });
    const historyFile = path.join(config.STATE_DIR, 'repl_history');
    const read = await readStateFile(historyFile, HISTORY_FORMAT);
    if (read.kind === 'damaged')
      log.warn(`line history ${historyFile} is damaged (${read.damaged.reason}); starting a new one`, { keptAs: read.damaged.setAside });
    const history = read.kind === 'ok' ? read.value.slice(-HISTORY_LINES).reverse() : [];

    const interactive = Boolean(stdin.isTTY);
    const rl = createInterface({
      input: stdin,
      output: stdout,
      terminal: interactive,
      history,
      historySize: HISTORY_LINES,
      prompt: paint(style, 'cyan', '问> '),
    });
    if (interactive) {
      stdout.write(
        `${paint(style, 'bold', '《大数据发展动态》问答')} · 已收录${report?.issues ?? engine.corpus.bulletins.length}期 · ${session.describe()}\n${HELP}\n\n`,
      );
      rl.prompt();
    }

    let answering: AbortController | null = null;
    let lastInterrupt = 0;
    rl.on('SIGINT', () => {
      if (answering) {
        answering.abort();
        return;
      }
      // At the prompt: a first Ctrl-C clears the line, a second within two seconds leaves.
      if (Date.now() - lastInterrupt < 2000) {
        stdout.write('\n');
        rl.close();
        return;
      }
      lastInterrupt = Date.now();
      stdout.write('\n（再按一次 Ctrl-C 退出，或输入 /quit）\n');
      rl.prompt();
    });

    for await (const line of rl) {
      answering = new AbortController();
      const result = await session.handle(line, (text) => stdout.write(text), answering.signal);
      answering = null;
      if (result.output) stdout.write(result.output + '\n\n');
      if (interactive && line.trim()) {
        mkdirSync(path.dirname(historyFile), { recursive: true });
        appendFileSync(historyFile, line.trim().replace(/\n/g, ' ') + '\n');
      }
      if (result.quit) break;
      if (interactive) rl.prompt();
    }
    rl.close();
    return 0;
  } finally {
    await originals.close();
  }
};

if (isEntryPoint(import.meta.url)) runAsProcess(repl);
