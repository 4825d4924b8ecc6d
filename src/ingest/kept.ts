import { formatIssueDated } from '../domain/format.js';
import type { ManifestFile } from '../store/manifest.js';

/**
 * The version of a bulletin still served after its file was overwritten by one that does not parse
 * (an editor's truncated save, a PDF without text, the TOC deleted). The manifest then lists the
 * file both under `files` (the old entry: its hash, size and time, its segment) and under `failed`
 * (the new content's hash and the parse error); nothing else records it, so the two cannot disagree.
 */
export interface KeptVersion {
  issue: ManifestFile['issue'];
  /** The content hash of the file as it was indexed. */
  sha256: string;
  /** When that version was indexed (its segment written), ISO 8601. */
  indexedAt: string;
}

/** A file that failed to parse, and the earlier version of it still served, if any. */
export interface FailedFile {
  file: string;
  error: string;
  kept?: KeptVersion;
}

export function keptVersionOf(entry: ManifestFile): KeptVersion {
  return { issue: entry.issue, sha256: entry.sha256, indexedAt: indexedAt(entry) };
}

/** When this version of a bulletin was indexed: its segment is written once, then never changed (a kept one is not rewritten). */
export function indexedAt(entry: ManifestFile): string {
  return new Date(entry.segmentMtimeMs).toISOString();
}

/** 2024年第4期（总第167期，2024-01-26） */
export function describeIssue(issue: ManifestFile['issue']): string {
  return formatIssueDated(issue, 'zh', 'iso');
}

/** One line for the log and the ingest summary: the parse error and, when one is kept, which version is still served. */
export function describeFailure(f: FailedFile): string {
  if (!f.kept) return f.error;
  return `${f.error} — still serving the version indexed ${localTime(f.kept.indexedAt)} (${describeIssue(f.kept.issue)}, sha256 ${f.kept.sha256.slice(0, 12)})`;
}

/** The service's log line of a failed file; the kept version's fields go beside it for JSON logs. */
export function failureLogLine(f: FailedFile): [string, Record<string, unknown> | undefined] {
  return f.kept
    ? [`new version not indexed: ${describeFailure(f)}`, { file: f.file, kept: f.kept }]
    : [`not indexed: ${f.error}`, undefined];
}

/** "2024-05-01 10:02" in the time zone of this machine (TZ), as an operator reads the file times next to it. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
