import { buildApp } from '../app/build.js';
import { positionalArgs } from '../config/load-config.js';
import { streamToTerminal } from './stream.js';
import { runJsonl } from './jsonl.js';
import { isEntryPoint, runAsProcess, startup, type Command } from './common.js';
import { InputError } from '../answer/engine.js';

/** `npm run ask -- "问题"` answers one question; `npm run --silent ask -- --jsonl` answers stdin line by line. */
export const ask: Command = async (io) => {
  const { config, log, argv } = startup(io);
  const jsonl = argv.includes('--jsonl');
  const explain = argv.includes('--explain');
  const { engine } = await buildApp(config, log);
  if (jsonl) {
    await runJsonl(engine, io.stdin, io.stdout, log, { explain });
    return 0;
  }
  const question = positionalArgs(argv, ['--jsonl', '--explain']).join(' ');
  try {
    const { rest } = await streamToTerminal(engine.ask(question), (text) => io.stdout.write(text));
    io.stdout.write(rest + '\n');
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr.write(error.message + '\n');
    return 2;
  }
};

if (isEntryPoint(import.meta.url)) runAsProcess(ask);
