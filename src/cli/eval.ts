import { existsSync } from 'node:fs';
import { buildApp } from '../app/build.js';
import { flagValue } from '../config/load-config.js';
import { isMiss } from '../eval/score.js';
import { truthFor } from '../eval/truth.js';
import { readSet, runSet } from '../eval/run.js';
import { formatEvalReport } from '../eval/format-report.js';
import { isEntryPoint, runAsProcess, startup, UsageError, type Command, type CommandIo } from './common.js';

const USAGE =
  'usage: npm run eval -- --set QUESTIONS.jsonl [--issues issues.json] [--json] [--report]\n' +
  '       npm run eval -- --suite [--floors] [--json]      (the committed question sets, data/eval/sets.json)\n' +
  '       npm run eval -- --cross-issue [--json]           (leave one issue out: fit on the others, test on it)';

/**
 * `npm run eval`: a question set answered and scored (hit@k, refusals, must strings, per kind and
 * intent), the committed sets with the committed weights (`--suite`, `--floors` failing below
 * data/eval/floors.json), or leave-one-issue-out fitting (`--cross-issue`).
 */
export const evalCommand: Command = async (io) => {
  const { config, log, argv } = startup(io);
  if (argv.includes('--suite') || argv.includes('--cross-issue')) return suiteCommand(argv, io, (line) => log.info(line));
  const set = flagValue(argv, '--set');
  if (!set) throw new UsageError(USAGE);
  if (!existsSync(set)) throw new UsageError(`question set not found: ${set}`);
  const questions = readSet(set);
  const { engine } = await buildApp(config, log);
  const { truth, from } = truthFor(set, flagValue(argv, '--issues'), engine.corpus.bulletins);
  log.info(`scoring against ${from ?? 'the indexed bulletins’ own tables of contents'}`);
  const result = await runSet(engine, questions, truth);
  if (argv.includes('--json')) {
    io.stdout.write(JSON.stringify({ summary: result.summary, rows: result.rows }, null, 1) + '\n');
    return 0;
  }
  if (argv.includes('--report')) {
    io.stdout.write(formatEvalReport(result) + '\n');
    return 0;
  }
  for (const r of result.rows.filter(isMiss)) io.stdout.write(`MISS ${r.kind} ${r.q} rank ${r.rank ?? 'None'}\n`);
  io.stdout.write(`retrieval: ${engine.retrievalMode}\n`);
  io.stdout.write(JSON.stringify(result.summary, null, 1) + '\n');
  return 0;
};

/**
 * The committed sets: each over its corpus, keyword retrieval, no model (the held-out setting). Its
 * modules (the suite, fitting, cross-issue) are loaded only here: a --set run does not need them.
 */
async function suiteCommand(argv: string[], io: CommandIo, progress: (line: string) => void): Promise<number> {
  const [{ readSuite }, { evaluate, figures, loadSuite }, { crossIssue }, { formatCrossIssue, formatSuite }, { belowFloors, readFloors }] =
    await Promise.all([
      import('../eval/manifest.js'),
      import('../eval/suite.js'),
      import('../eval/cross-issue.js'),
      import('../eval/suite-report.js'),
      import('../eval/floors.js'),
    ]);
  const { defaultWeights } = await import('../answer/decision/weights.js');
  const suite = readSuite();
  for (const m of suite.missing) io.stderr.write(`skipped ${m.set}: ${m.path} is missing\n`);
  if (!suite.sets.length) throw new UsageError('no committed question set can run here: the paths above are missing');
  const data = await loadSuite(suite);
  try {
    if (argv.includes('--cross-issue')) {
      const result = await crossIssue(
        data,
        defaultWeights(),
        suite.sets.map((s) => s.name),
        progress,
      );
      io.stdout.write(
        argv.includes('--json')
          ? JSON.stringify({ folds: result.folds, heldOut: result.heldOut, inSample: result.inSample }, null, 1) + '\n'
          : formatCrossIssue(result) + '\n',
      );
      return 0;
    }
    const scored = await evaluate(data, data.questions);
    const all = figures(scored);
    io.stdout.write(argv.includes('--json') ? JSON.stringify(all, null, 1) + '\n' : formatSuite(scored) + '\n');
    if (argv.includes('--floors')) {
      const failed = belowFloors(all, readFloors());
      if (failed.length) {
        io.stderr.write(`below the floors in data/eval/floors.json:\n${failed.map((l) => `  ${l}`).join('\n')}\n`);
        return 1;
      }
    }
    return 0;
  } finally {
    data.dispose();
  }
}

if (isEntryPoint(import.meta.url)) runAsProcess(evalCommand);
