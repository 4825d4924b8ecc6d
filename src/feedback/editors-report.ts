import type { FeedbackData } from './read.js';
import type { AnswerRecord, LoggedCitation } from './records.js';
import { formatCitation } from '../domain/format.js';

export interface ReportOptions {
  days: number;
  now: Date;
  /** Rows in each list. */
  top?: number;
}

export interface RefusedQuestion {
  /** The question as it was last asked. */
  question: string;
  count: number;
  lastAt: string;
}

export interface DownVotedAnswer {
  id: string;
  at: string;
  channel: string;
  question: string;
  found: boolean;
  text: string;
  /** 2031年第9期（总第301期）第17–19页《…》 */
  citations: string[];
  up: number;
  down: number;
}

export interface SlowAnswer {
  id: string;
  at: string;
  channel: string;
  question: string;
  latencyMs: number;
  retrieval: string;
  generated: boolean;
  found: boolean;
}

export interface FeedbackReport {
  from: string;
  to: string;
  days: number;
  questions: number;
  answered: number;
  /** answered / questions; null without questions. */
  answeredShare: number | null;
  byChannel: Record<string, { questions: number; answered: number }>;
  votes: { up: number; down: number };
  refused: RefusedQuestion[];
  downVoted: DownVotedAnswer[];
  slowest: SlowAnswer[];
}

/**
 * The editors' week: how many questions, how many answered, which refused questions came most
 * often, which answers readers voted down (a user's last vote on an answer counts), and the slowest.
 * Votes count for answers asked in the period, wherever the vote falls.
 */
export function buildReport(data: FeedbackData, o: ReportOptions): FeedbackReport {
  const top = o.top ?? 10;
  const to = o.now.getTime();
  const from = to - o.days * 24 * 3600_000;
  const inPeriod = data.answers.filter((a) => {
    const t = Date.parse(a.at);
    return t >= from && t <= to;
  });

  const byChannel: FeedbackReport['byChannel'] = {};
  for (const a of inPeriod) {
    const c = (byChannel[a.channel] ??= { questions: 0, answered: 0 });
    c.questions++;
    if (a.found) c.answered++;
  }
  const answered = inPeriod.filter((a) => a.found).length;

  // A user's latest vote on an answer replaces the earlier ones.
  const latest = new Map<string, { answerId: string; vote: 'up' | 'down'; at: string }>();
  for (const v of data.votes) {
    const key = `${v.answerId}\u0000${v.user ?? `anon:${v.at}`}`;
    const seen = latest.get(key);
    if (!seen || seen.at <= v.at) latest.set(key, { answerId: v.answerId, vote: v.vote, at: v.at });
  }
  const tally = new Map<string, { up: number; down: number }>();
  for (const v of latest.values()) {
    const t = tally.get(v.answerId) ?? { up: 0, down: 0 };
    t[v.vote]++;
    tally.set(v.answerId, t);
  }
  const votes = { up: 0, down: 0 };
  for (const a of inPeriod) {
    const t = tally.get(a.id);
    if (t) {
      votes.up += t.up;
      votes.down += t.down;
    }
  }

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    days: o.days,
    questions: inPeriod.length,
    answered,
    answeredShare: inPeriod.length ? answered / inPeriod.length : null,
    byChannel,
    votes,
    refused: mostRefused(inPeriod, top),
    downVoted: inPeriod
      .filter((a) => (tally.get(a.id)?.down ?? 0) > 0)
      .map((a) => ({
        id: a.id,
        at: a.at,
        channel: a.channel,
        question: a.question,
        found: a.found,
        text: a.text,
        citations: a.citations.map(citationLine),
        ...tally.get(a.id)!,
      }))
      .sort((x, y) => y.down - x.down || y.at.localeCompare(x.at))
      .slice(0, top),
    slowest: [...inPeriod]
      .sort((x, y) => y.latencyMs - x.latencyMs)
      .slice(0, Math.min(top, 5))
      .map((a) => ({
        id: a.id,
        at: a.at,
        channel: a.channel,
        question: a.question,
        latencyMs: a.latencyMs,
        retrieval: a.retrieval,
        generated: a.generated,
        found: a.found,
      })),
  };
}

/** Refused questions grouped by their wording (spaces, case and end punctuation aside), most asked first. */
function mostRefused(answers: AnswerRecord[], top: number): RefusedQuestion[] {
  const groups = new Map<string, RefusedQuestion>();
  for (const a of answers) {
    if (a.found) continue;
    const key = questionKey(a.question);
    const g = groups.get(key);
    if (!g) groups.set(key, { question: a.question, count: 1, lastAt: a.at });
    else {
      g.count++;
      if (a.at >= g.lastAt) Object.assign(g, { question: a.question, lastAt: a.at });
    }
  }
  return [...groups.values()].sort((x, y) => y.count - x.count || y.lastAt.localeCompare(x.lastAt)).slice(0, top);
}

export function questionKey(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[?？!！。.,，、~～]+$/u, '');
}

function citationLine(c: LoggedCitation): string {
  return formatCitation({ ...c, issue: c, openEnded: c.openEnded ?? false }, 'zh', { name: false });
}

/** The report as text for a terminal. */
export function formatReport(r: FeedbackReport): string {
  const day = (iso: string) => iso.slice(0, 10);
  const time = (iso: string) => iso.replace('T', ' ').slice(0, 16);
  const share = r.answeredShare === null ? '–' : `${Math.round(r.answeredShare * 100)}%`;
  const lines = [
    `Questions ${day(r.from)} – ${day(r.to)} (${r.days} days)`,
    `  asked: ${r.questions}   answered: ${r.answered} (${share})   votes: 👍 ${r.votes.up} / 👎 ${r.votes.down}`,
  ];
  for (const [channel, c] of Object.entries(r.byChannel)) lines.push(`  ${channel}: ${c.questions} asked, ${c.answered} answered`);
  lines.push('', 'Refused questions, most asked first:');
  if (!r.refused.length) lines.push('  (none)');
  for (const q of r.refused) lines.push(`  ${String(q.count).padStart(3)}×  ${q.question}`);
  lines.push('', 'Answers voted down:');
  if (!r.downVoted.length) lines.push('  (none)');
  for (const a of r.downVoted) {
    lines.push(`  👎 ${a.down} 👍 ${a.up}  ${time(a.at)} ${a.channel}  ${a.question}`);
    lines.push(`      ${a.found ? 'answered' : 'refused'}: ${a.text.replace(/\s+/g, ' ').slice(0, 120)}`);
    for (const c of a.citations) lines.push(`      ${c}`);
  }
  lines.push('', 'Slowest answers:');
  if (!r.slowest.length) lines.push('  (none)');
  for (const a of r.slowest)
    lines.push(
      `  ${String(a.latencyMs).padStart(6)} ms  ${time(a.at)} ${a.channel} ${a.retrieval}${a.generated ? '+model' : ''}  ${a.question}`,
    );
  return lines.join('\n');
}
