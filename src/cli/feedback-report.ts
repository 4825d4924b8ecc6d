import { flagValue } from '../config/load-config.js';
import { readFeedback } from '../feedback/read.js';
import { buildReport, formatReport } from '../feedback/editors-report.js';
import { fail, startup } from './common.js';

/** `npm run report -- --days 7 [--json]`: the questions of the last days from the feedback log under STATE_DIR. */
async function main(): Promise<void> {
  const { config, argv } = startup();
  const days = Number(flagValue(argv, '--days') ?? 7);
  const top = Number(flagValue(argv, '--top') ?? 10);
  if (!Number.isFinite(days) || days <= 0 || !Number.isInteger(top) || top <= 0) {
    process.stderr.write('usage: npm run report -- [--days N] [--top N] [--json]\n');
    process.exit(2);
  }
  const data = await readFeedback(config.STATE_DIR);
  const report = buildReport(data, { days, now: new Date(), top });
  if (argv.includes('--json')) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    if (!data.files.length) process.stderr.write(`no feedback log in ${config.STATE_DIR} yet (npm run serve writes it)\n`);
    process.stdout.write(formatReport(report) + '\n');
  }
}

main().catch(fail);
