import { buildApp } from '../app/build.js';
import { positionalArgs } from '../config/load-config.js';
import { streamToTerminal } from './stream.js';
import { runJsonl } from './jsonl.js';
import { fail, startup } from './common.js';
import { InputError } from '../answer/engine.js';

/** `npm run ask -- "问题"` answers one question; `npm run --silent ask -- --jsonl` answers stdin line by line. */
async function main(): Promise<void> {
  const { config, log, argv } = startup();
  const jsonl = argv.includes('--jsonl');
  const explain = argv.includes('--explain');
  const { engine } = await buildApp(config, log);
  if (jsonl) {
    await runJsonl(engine, process.stdin, process.stdout, log, { explain });
    return;
  }
  const question = positionalArgs(argv, ['--jsonl', '--explain']).join(' ');
  try {
    const { rest } = await streamToTerminal(engine.ask(question), (text) => process.stdout.write(text));
    process.stdout.write(rest + '\n');
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(error.message + '\n');
      process.exitCode = 2;
    } else throw error;
  }
}

main().catch(fail);
