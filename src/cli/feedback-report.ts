import { flagValue } from '../config/load-config.js';
import { readFeedback } from '../feedback/read.js';
import { buildReport, formatReport } from '../feedback/editors-report.js';
import { isEntryPoint, runAsProcess, startup, type Command } from './common.js';

/** `npm run report -- --days 7 [--json]`: the questions of the last days from the feedback log under STATE_DIR. */
export const reportCommand: Command = async (io) => {
  const { config, argv } = startup(io);
  const days = Number(flagValue(argv, '--days') ?? 7);
  const top = Number(flagValue(argv, '--top') ?? 10);
  if (!Number.isFinite(days) || days <= 0 || !Number.isInteger(top) || top <= 0) {
    io.stderr.write('usage: npm run report -- [--days N] [--top N] [--json]\n');
    return 2;
  }
  const data = await readFeedback(config.STATE_DIR);
  const report = buildReport(data, { days, now: new Date(), top });
  if (argv.includes('--json')) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    if (!data.files.length) io.stderr.write(`no feedback log in ${config.STATE_DIR} yet (npm run serve writes it)\n`);
    io.stdout.write(formatReport(report) + '\n');
  }
  return 0;
};

if (isEntryPoint(import.meta.url)) runAsProcess(reportCommand);
