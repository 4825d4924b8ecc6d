import type { Chunk } from '../domain/chunk.js';
import type { CorpusData, BulletinSummary } from '../domain/corpus.js';
import type { TocEntry } from '../domain/bulletin.js';
import { foldWidth, titleKey, bigramDice } from '../bulletin/normalize.js';
import { articleKey } from '../search/retriever.js';
import { splitSentences } from '../text/sentences.js';
import { tokenize } from '../search/tokenize.js';
import { synonymsIn, variantsOf } from '../knowledge/synonyms.js';
import { findPlaces, levelRank, placeNamed, type Place, type PlaceMention } from '../knowledge/places.js';

/** What the answer layer knows of one article: its TOC entry, issuer place and level, its text. */
export interface ArticleProfile {
  key: string;
  bulletin: BulletinSummary;
  toc: TocEntry;
  chunks: Chunk[];
  /** Places named in the title: the issuer ("北京市西城区…" → 北京, 西城区). */
  titlePlaces: PlaceMention[];
  /** The issuer's level from the title's most specific place; national when the title names none. */
  level: 'national' | 'province' | 'city' | 'district';
}

/**
 * The corpus's articles, built on first use (a corpus of hundreds of issues should not pay for
 * this at start-up): chunks grouped by article, titles read for places, article texts folded once
 * and kept.
 */
export class ArticleCatalog {
  private byKey: Map<string, ArticleProfile> | null = null;
  private readonly texts = new Map<string, string>();
  private readonly compact = new Map<string, string>();
  private readonly leads = new Map<string, string>();
  private places: Map<string, Place[]> | null = null;
  private vocabulary: Set<string> | null = null;

  constructor(private readonly corpus: CorpusData) {}

  all(): ArticleProfile[] {
    return [...this.profiles().values()];
  }

  get(key: string): ArticleProfile | undefined {
    return this.profiles().get(key);
  }

  ofChunk(chunk: Chunk): ArticleProfile {
    return this.profiles().get(articleKey(chunk))!;
  }

  /** The article's title and text, width-folded and lower-cased, for containment checks. */
  text(article: ArticleProfile): string {
    let text = this.texts.get(article.key);
    if (text === undefined) {
      text = foldWidth(`${article.toc.title} ${article.chunks.map((c) => c.text).join(' ')}`).toLowerCase();
      this.texts.set(article.key, text);
    }
    return text;
  }

  /** The article's text without whitespace, for phrases quoted in a question ("5G 全连接工厂" = "5G全连接工厂"). */
  compactText(article: ArticleProfile): string {
    let text = this.compact.get(article.key);
    if (text === undefined) {
      text = this.text(article).replace(/\s+/g, '');
      this.compact.set(article.key, text);
    }
    return text;
  }

  /** The editor's note and the first sentences of the body: where the issuer is usually named. */
  lead(article: ArticleProfile): string {
    let lead = this.leads.get(article.key);
    if (lead === undefined) {
      const note = article.chunks.filter((c) => c.kind === 'editor-note').map((c) => c.text);
      const body = article.chunks.find((c) => c.kind === 'body');
      lead = [...note, ...splitSentences(body?.text ?? '').slice(0, 2)].join('');
      this.leads.set(article.key, lead);
    }
    return lead;
  }

  /**
   * Issuer places in the corpus's own titles that the gazetteer does not know (a new district,
   * an invented place in a fixture): "澜江省加快…" → 澜江省, level province.
   */
  extraPlaces(): Map<string, Place[]> {
    if (this.places) return this.places;
    this.places = new Map();
    for (const b of this.corpus.bulletins) {
      for (const e of b.toc) {
        const m = /^(?:关于(?:推动|加快|支持|促进)?)?([\p{Script=Han}]{2,4}?)(省|市|区|县)(?=[\p{Script=Han}])/u.exec(e.title);
        if (!m || findPlaces(`${m[1]}${m[2]}`).length) continue;
        const place = placeNamed(m[1]!, m[2]!);
        this.places.set(place.name, [place]);
        this.places.set(place.short, [place]);
      }
    }
    return this.places;
  }

  /** The words of every title: what documents are about ("元宇宙", "算力", "数据要素"). */
  titleVocabulary(): Set<string> {
    this.vocabulary ??= new Set(this.all().flatMap((a) => tokenize(a.toc.title)));
    return this.vocabulary;
  }

  /** Articles whose title is the named document (or contains it), best match first. */
  findByTitle(name: string): Array<{ article: ArticleProfile; similarity: number }> {
    return this.all()
      .map((article) => ({ article, similarity: documentMatch(name, article.toc.title) }))
      .filter((m) => m.similarity > 0)
      .sort((a, b) => b.similarity - a.similarity);
  }

  private profiles(): Map<string, ArticleProfile> {
    if (this.byKey) return this.byKey;
    const byKey = new Map<string, ArticleProfile>();
    const bulletins = new Map(this.corpus.bulletins.map((b) => [b.cover.total, b]));
    for (const chunk of this.corpus.chunks) {
      const key = articleKey(chunk);
      let profile = byKey.get(key);
      if (!profile) {
        const bulletin = bulletins.get(chunk.issue.total)!;
        const toc = bulletin.toc[chunk.articleIndex]!;
        profile = { key, bulletin, toc, chunks: [], titlePlaces: [], level: 'national' };
        byKey.set(key, profile);
      }
      profile.chunks.push(chunk);
    }
    this.byKey = byKey;
    const extra = this.extraPlaces();
    for (const profile of byKey.values()) {
      profile.titlePlaces = findPlaces(titlePrefix(profile.toc.title), extra);
      const ranks = profile.titlePlaces.map((p) => levelRank(p.places[0]!.level));
      const most = ranks.length ? Math.max(...ranks) : 0;
      profile.level = most === 0 ? 'national' : most === 1 ? 'province' : most === 2 ? 'city' : 'district';
    }
    return byKey;
  }
}

/**
 * The part of a title that names the issuer: up to the document's name, so that a place the
 * document is about ("…支持广州建设…") is not taken for the issuer. "工信部发布《…》" has none.
 */
function titlePrefix(title: string): string {
  const cut = title.search(/《|关于|加快|推动|促进|支持|构建|建设|深化|印发|发布|联合/);
  const head = cut > 0 ? title.slice(0, cut) : title.slice(0, 12);
  // "关于推动广东省信息通信业…": the issuer comes after 关于…
  if (cut === 0) return title.slice(0, 14);
  return head;
}

/** Brackets and what they hold ("（征求意见稿）", "(2023—2025年)"): editions of one document, not another one. */
const EDITION = /[（(][^（）()]*[）)]/g;

/**
 * How well a document name matches an article title, 0 (another document) to 1: one contains the
 * other, or they are nearly the same words and name no different place ("元宇宙产业创新发展三年
 * 行动计划" is not "重庆市元宇宙产业发展行动计划").
 */
export function documentMatch(name: string, title: string): number {
  const a = titleKey(name.replace(EDITION, ''));
  const b = titleKey(title.replace(EDITION, ''));
  if (a.length < 2 || b.length < 2) return 0;
  if (b.includes(a) || a.includes(b)) return 1;
  const placesOf = (t: string) => findPlaces(t).map((m) => m.places[0]!.name);
  const pa = placesOf(name);
  const pb = placesOf(title);
  if (pa.join() !== pb.join()) return 0;
  const dice = bigramDice(a, b);
  if (dice >= 0.75) return dice;
  return wordsInTitle(a, b) ? INFORMAL_NAME_MATCH : 0;
}

/** The match of a shortened name whose every word is in the title (below a containment's 1). */
const INFORMAL_NAME_MATCH = 0.7;
/** Words a shortened name adds or drops without naming another document. */
const CONNECTIVES = new Set(['关于', '加快', '推动', '推进', '促进', '支持', '进一步', '有关']);

/**
 * A name as people shorten it ("厦门新基建三年行动计划" for 厦门市新型基础设施建设三年行动计划,
 * "山东数字经济指导意见" for 山东省关于加快数字经济高质量发展的指导意见): every word of it is in
 * the title, an everyday word counting when the title has the bulletins' term for it. Both are
 * title keys (no punctuation, no editions) and name the same places.
 */
function wordsInTitle(name: string, title: string): boolean {
  let rest = name.replace(/的/g, '');
  for (const word of synonymsIn(rest)) if (variantsOf(word).some((v) => v !== word && title.includes(v))) rest = rest.split(word).join(' ');
  const words = tokenize(rest).filter((w) => w.length >= 2 && !CONNECTIVES.has(w) && !/^\d+$/.test(w));
  return words.length >= 3 && words.every((w) => title.includes(w));
}
