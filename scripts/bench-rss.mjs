// Preloaded into the benchmark's child processes (scripts/bench-process.ts): writes the process's
// peak resident memory (KiB) and CPU time (µs, user + system) to BENCH_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file)
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
