import { readFileSync } from 'node:fs';
import { dataPath } from '../util/paths.js';

export interface Institution {
  /** Full name, the first column of data/institutions.tsv. */
  name: string;
  aliases: string[];
}

export interface InstitutionMention {
  text: string;
  index: number;
  institutions: Institution[];
}

let byAlias: Map<string, Institution[]> | null = null;

function table(): Map<string, Institution[]> {
  if (byAlias) return byAlias;
  byAlias = new Map();
  for (const line of readFileSync(dataPath('institutions.tsv'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const names = line
      .split('\t')
      .map((n) => n.trim().toLowerCase())
      .filter(Boolean);
    const institution: Institution = { name: names[0]!, aliases: names };
    for (const alias of names) byAlias.set(alias, [...(byAlias.get(alias) ?? []), institution]);
  }
  return byAlias;
}

/** Institutions a text names, longest alias first at each position ("国家发改委" before "发改委"). */
export function findInstitutions(text: string): InstitutionMention[] {
  const aliases = table();
  const lower = text.toLowerCase();
  const max = Math.max(...[...aliases.keys()].map((k) => k.length));
  const out: InstitutionMention[] = [];
  for (let i = 0; i < lower.length; ) {
    let matched = 0;
    for (let n = Math.min(max, lower.length - i); n >= 2 && !matched; n--) {
      const found = aliases.get(lower.slice(i, i + n));
      if (!found) continue;
      out.push({ text: text.slice(i, i + n), index: i, institutions: found });
      matched = n;
    }
    i += matched || 1;
  }
  return out;
}

/** True when the text names the institution under any of its names. */
export function mentionsInstitution(text: string, institution: Institution): boolean {
  const lower = text.toLowerCase();
  return institution.aliases.some((a) => lower.includes(a));
}

/** Words that make an institution in a lead the document's issuer: "工信部印发", "由信通院发布". */
const ISSUING = /^[^，。；]{0,14}?(?:印发|发布|出台|制定|公布|联合|起草|审议通过|编制|编写|牵头|对外发布|发文|近日|日前)/;

/**
 * The institutions that issued the article: any in its title, and those in its lead that are the
 * subject of an issuing verb. "落实党中央国务院各项决策部署" names 国务院 without making it the issuer.
 */
export function issuersOf(title: string, lead: string): InstitutionMention[] {
  const inLead = findInstitutions(lead).filter((m) => ISSUING.test(lead.slice(m.index + m.text.length)));
  return [...findInstitutions(title), ...inLead];
}
