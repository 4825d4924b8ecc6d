import { readFileSync } from 'node:fs';
import { dataPath } from '../util/paths.js';

let groupsOf: Map<string, string[][]> | null = null;

/** Term → the synonym groups (data/synonyms.tsv) it belongs to; lower-cased. */
function groups(): Map<string, string[][]> {
  if (groupsOf) return groupsOf;
  groupsOf = new Map();
  for (const line of readFileSync(dataPath('synonyms.tsv'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const group = line
      .split('\t')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    for (const term of group) groupsOf.set(term, [...(groupsOf.get(term) ?? []), group]);
  }
  return groupsOf;
}

/** Every word that may stand for `term` in a passage, the term itself first. */
export function variantsOf(term: string): string[] {
  const lower = term.toLowerCase();
  const out = new Set([lower]);
  for (const group of groups().get(lower) ?? []) for (const t of group) out.add(t);
  return [...out];
}

/** The words of the synonym list that a text contains, longest first. */
export function synonymsIn(text: string): string[] {
  const lower = text.toLowerCase();
  return [...groups().keys()].filter((term) => contains(lower, term)).sort((a, b) => b.length - a.length);
}

/**
 * The bulletins' terms for the everyday words a text uses ("芯片" → 集成电路 半导体), for query
 * expansion. A text that already uses a group's first (the bulletins') term brings nothing: the
 * passages use that term themselves.
 */
export function expansionsFor(text: string): string[] {
  const lower = text.toLowerCase();
  const out = new Set<string>();
  for (const [term, termGroups] of groups()) {
    if (!contains(lower, term)) continue;
    for (const group of termGroups) {
      if (group[0] === term) continue;
      for (const t of group) if (!contains(lower, t)) out.add(t);
    }
  }
  return [...out];
}

/** Latin terms ("ai", "vr") match whole words only: "ai" is not in "email". */
function contains(text: string, term: string): boolean {
  if (!/^[a-z0-9]+$/.test(term)) return term.length >= 2 && text.includes(term);
  return new RegExp(`(?<![a-z])${term}(?![a-z])`).test(text);
}
