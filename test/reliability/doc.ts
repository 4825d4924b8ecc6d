import { cpus } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { CASES } from './figures.js';
import { PROBES } from './probes.js';
import { FAULTS } from './faults.js';

export const DOC = path.join(ROOT, 'docs', 'RELIABILITY.md');

/** The parts of docs/RELIABILITY.md the suite writes, between these markers; the prose around them is written by hand. */
export const SECTIONS = {
  figures: { begin: '<!-- figures: written by npm run test:reliability -->', end: '<!-- /figures -->' },
  probes: { begin: '<!-- probes: written by npm run test:reliability -->', end: '<!-- /probes -->' },
  faults: { begin: '<!-- faults: written by npm run test:reliability -->', end: '<!-- /faults -->' },
} as const;

export interface RunEntry {
  kind: 'case' | 'probe' | 'fault';
  id: string;
  at: string;
  [figure: string]: unknown;
}

/** Why this run's entries cannot be written to the doc (a case or probe did not run), or null. */
export function missingFrom(entries: RunEntry[]): string | null {
  const have = new Set(entries.map((e) => `${e.kind}:${e.id}`));
  const missing = [
    ...Object.keys(CASES).filter((id) => !have.has(`case:${id}`)),
    ...Object.keys(PROBES).filter((id) => !have.has(`probe:${id}`)),
    ...Object.keys(FAULTS).filter((id) => !have.has(`fault:${id}`)),
  ];
  return missing.length ? `not measured in this run: ${missing.join(', ')}` : null;
}

const cell = (v: unknown) => (v === undefined || v === null ? '–' : String(v).replace(/\|/g, '\\|'));
const ms = (v: unknown) => (typeof v === 'number' ? (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`) : '–');

export function renderFigures(entries: RunEntry[]): string {
  const last = new Map(entries.filter((e) => e.kind === 'case').map((e) => [e.id, e]));
  const when =
    entries
      .map((e) => e.at)
      .sort()[0]
      ?.slice(0, 10) ?? '';
  const rows = Object.entries(CASES).map(([id, name]) => {
    const e = last.get(id) ?? ({} as RunEntry);
    const faults = [e.errors, e.lost, e.duplicates].map(cell).join(' / ');
    return `| ${name} | ${cell(e.messages)} | ${cell(e.chats)} | ${faults} | ${ms(e.p50Ms)} | ${ms(e.p95Ms)} | ${e.peakRssMiB === undefined ? '–' : `${e.peakRssMiB} MiB`} | ${cell(e.note)} |`;
  });
  return [
    `Measured ${when} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}:`,
    '',
    '| case | messages | chats | errors / lost / duplicates | p50 | p95 | peak RSS | notes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export function renderProbes(entries: RunEntry[]): string {
  const last = new Map(entries.filter((e) => e.kind === 'probe').map((e) => [e.id, e]));
  return [
    '| probe | expected | observed |',
    '| --- | --- | --- |',
    ...Object.entries(PROBES).map(([id, p]) => `| ${cell(p.probe)} | ${cell(p.expected)} | ${cell(last.get(id)?.observed)} |`),
  ].join('\n');
}

export function renderFaults(entries: RunEntry[]): string {
  const last = new Map(entries.filter((e) => e.kind === 'fault').map((e) => [e.id, e]));
  return [
    '| fault | test | fixed: expected | observed |',
    '| --- | --- | --- | --- |',
    ...Object.entries(FAULTS).map(
      ([id, f]) => `| ${cell(f.fault)} | ${cell(f.test)} | ${cell(f.expected)} | ${cell(last.get(id)?.observed)} |`,
    ),
  ].join('\n');
}

/** The rows of the doc's fault table, as [fault, test, expected, observed] cells. */
export function faultRows(doc: string): string[][] {
  return tableRows(doc, 'faults', '| fault |');
}

/** The doc with its written sections replaced. */
export function withSections(doc: string, content: Record<keyof typeof SECTIONS, string>): string {
  let out = doc;
  for (const [name, { begin, end }] of Object.entries(SECTIONS)) {
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/RELIABILITY.md has no ${name} section (${begin} … ${end})`);
    out = `${out.slice(0, from + begin.length)}\n${content[name as keyof typeof SECTIONS]}\n${out.slice(to)}`;
  }
  return out;
}

/** The rows of the doc's probe table, as [probe, expected, observed] cells. */
export function probeRows(doc: string): string[][] {
  return tableRows(doc, 'probes', '| probe |');
}

/** The body rows of a written table, as cells (escaped bars restored). */
function tableRows(doc: string, name: keyof typeof SECTIONS, header: string): string[][] {
  const { begin, end } = SECTIONS[name];
  const section = doc.slice(doc.indexOf(begin) + begin.length, doc.indexOf(end));
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith(header) && !l.startsWith('| ---'))
    .map((l) =>
      l
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((c) => c.replace(/\\\|/g, '|')),
    );
}

export function figureRows(doc: string): string[][] {
  const { begin, end } = SECTIONS.figures;
  const section = doc.slice(doc.indexOf(begin) + begin.length, doc.indexOf(end));
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| case |') && !l.startsWith('| ---'))
    .map((l) => l.slice(2, -2).split(/ (?<!\\)\| /));
}
