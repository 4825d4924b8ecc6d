/**
 * `npx tsx scripts/make-archive.ts --issues 500 --out DIR`: writes a synthetic archive of N issues
 * made from the invented fixture bulletins (see scripts/archive.ts); `--seed N` for another one.
 */
import { flagValue } from '../src/config/load-config.js';
import { writeArchive } from './archive.js';

const argv = process.argv.slice(2);
const out = flagValue(argv, '--out');
const issues = Number(flagValue(argv, '--issues') ?? 100);
if (!out || !Number.isInteger(issues) || issues < 1) {
  process.stderr.write('usage: npx tsx scripts/make-archive.ts --issues N --out DIR [--seed N]\n');
  process.exit(2);
}
const names = writeArchive(out, { issues, seed: Number(flagValue(argv, '--seed') ?? 15) });
process.stdout.write(`${names.length} issues written to ${out} (${names[0]} … ${names.at(-1)})\n`);
