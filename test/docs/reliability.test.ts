import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASES } from '../reliability/figures.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DOC, faultRows, figureRows, probeRows, SECTIONS } from '../reliability/doc.js';
import { PROBES } from '../reliability/probes.js';
import { FAULTS } from '../reliability/faults.js';
import { ROOT } from '../helpers/paths.js';

/**
 * docs/RELIABILITY.md's tables are written by `npm run test:reliability` from what it measured;
 * this keeps them to the cases and probes the suite defines, so that neither can drift alone.
 */
describe('docs/RELIABILITY.md', () => {
  const doc = readFileSync(DOC, 'utf8');

  it('has the sections the suite writes', () => {
    for (const { begin, end } of Object.values(SECTIONS)) {
      expect(doc).toContain(begin);
      expect(doc.indexOf(end)).toBeGreaterThan(doc.indexOf(begin));
    }
  });

  it('lists every probe the suite runs, with what is expected and what was observed', () => {
    const rows = probeRows(doc);
    expect(rows.map(([probe, expected]) => [probe, expected])).toEqual(Object.values(PROBES).map((p) => [p.probe, p.expected]));
    for (const [probe, , observed] of rows) expect(observed, probe).toMatch(/\S/);
    for (const [probe, , observed] of rows) expect(observed, probe).not.toBe('–');
  });

  it('lists every case the suite measures, each with its measured counts', () => {
    const rows = figureRows(doc);
    expect(rows.map((r) => r[0])).toEqual(Object.values(CASES));
    for (const row of rows) expect(row[3], row[0]).toMatch(/^\d+ \/ (\d+|–) \/ (\d+|–)$/);
  });

  it('lists every fault issue 22 found, with its test and what the last run observed', () => {
    const rows = faultRows(doc);
    expect(rows.map(([fault, test, expected]) => [fault, test, expected])).toEqual(
      Object.values(FAULTS).map((f) => [f.fault, f.test, f.expected]),
    );
    for (const [fault, , , observed] of rows) expect(observed, fault).not.toBe('–');
  });

  it('names, for every fault, a test that exists under that title', () => {
    for (const f of Object.values(FAULTS)) {
      const [file, title] = f.test.split(' › ') as [string, string];
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
      expect(readFileSync(path.join(ROOT, file), 'utf8'), f.test).toContain(title);
    }
  });
});
