import { readFileSync } from 'node:fs';
import { dataPath } from '../util/paths.js';

/** Administrative levels, most general first. */
export type PlaceLevel = 'province' | 'city' | 'new-area' | 'district' | 'county';

export interface Place {
  name: string;
  short: string;
  level: PlaceLevel;
  /** Short form of the province it lies in (itself for a province). */
  province: string;
  /** Short form (or full name) of its prefecture-level city, '' for provinces and new areas. */
  city: string;
  subProvincial: boolean;
  /** The capital (省会/首府) of its province. */
  capital: boolean;
}

/** A place named in a text: what was written, and every place it can stand for. */
export interface PlaceMention {
  text: string;
  index: number;
  places: Place[];
  /** The text writes the level out ("湖北省", "武汉市", "西城区"), not just the short form. */
  explicitLevel: boolean;
}

export const MUNICIPALITIES = ['北京', '天津', '上海', '重庆'];

/** District and county names that are everyday words in policy text ("新城区建设", "城区"). */
const GENERIC = /^(城区|郊区|矿区|东区|西区|南区|北区|新区|市中区|城中区|城关区|新城区|城东区|城西区|城南区|城北区|高新区|开发区|经开区)$/;

let byName: Map<string, Place[]> | null = null;
let longest = 0;

function gazetteer(): Map<string, Place[]> {
  if (byName) return byName;
  byName = new Map();
  for (const line of readFileSync(dataPath('places.tsv'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [name, short, level, province, city, note] = line.split('\t');
    if (!name || !level || GENERIC.test(name)) continue;
    const notes = (note ?? '').split(',');
    const place: Place = {
      name,
      short: short ?? '',
      level: level as PlaceLevel,
      province: province ?? '',
      city: city ?? '',
      subProvincial: notes.includes('sub-provincial'),
      capital: notes.includes('capital'),
    };
    for (const key of [name, place.short]) {
      if (!key || key.length < 2) continue;
      const list = byName.get(key) ?? [];
      if (!list.some((p) => p.name === place.name && p.province === place.province)) list.push(place);
      byName.set(key, list);
      longest = Math.max(longest, key.length);
    }
  }
  return byName;
}

/**
 * The places a text names, longest match first at each position ("湖北省" before "湖北"), in
 * order of appearance. A short form that stands for both a province and a city ("吉林") is the
 * province. Places a caller adds (fictional or local names from the corpus's own titles) count too.
 */
export function findPlaces(text: string, extra: Map<string, Place[]> = new Map()): PlaceMention[] {
  const names = gazetteer();
  const out: PlaceMention[] = [];
  const max = Math.max(longest, ...[...extra.keys()].map((k) => k.length));
  for (let i = 0; i < text.length; ) {
    let matched = 0;
    for (let n = Math.min(max, text.length - i); n >= 2 && !matched; n--) {
      const key = text.slice(i, i + n);
      const places = extra.get(key) ?? names.get(key);
      if (!places) continue;
      out.push({ text: key, index: i, places: preferGeneral(places), explicitLevel: /[省市区县]$|自治区$|新区$/.test(key) });
      matched = n;
    }
    i += matched || 1;
  }
  return out;
}

function preferGeneral(places: Place[]): Place[] {
  const order: PlaceLevel[] = ['province', 'city', 'new-area', 'district', 'county'];
  return [...places].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
}

/** The most likely reading of a mention: the most general place it can stand for. */
export function primary(mention: PlaceMention): Place {
  return mention.places[0]!;
}

/** True when `inner` lies within `outer` (a city in its province, a district in its city). */
export function within(inner: Place, outer: Place): boolean {
  if (inner.name === outer.name && inner.province === outer.province) return false;
  if (outer.level === 'province') return inner.province === outer.province && inner.level !== 'province';
  if (outer.level === 'city')
    return inner.city === (outer.short || outer.name) && inner.province === outer.province && inner.level !== 'city';
  return false;
}

export function samePlace(a: Place, b: Place): boolean {
  return a.name === b.name && a.province === b.province;
}

/** 省级 / 市级 / 区县级, as a reader would say it. */
export function levelLabel(place: Place): string {
  if (place.level === 'province') return MUNICIPALITIES.includes(place.short) ? '直辖市' : '省级';
  if (place.level === 'city') return place.subProvincial ? '副省级城市' : '市级';
  if (place.level === 'new-area') return '国家级新区';
  return '区县级';
}

/** Rank of a level for comparisons: a province is 1, a city 2, a district or county 3. */
export function levelRank(level: PlaceLevel): number {
  return level === 'province' ? 1 : level === 'city' || level === 'new-area' ? 2 : 3;
}

/** The province a place lies in, as a Place. */
export function provinceOf(place: Place): Place | undefined {
  return gazetteer()
    .get(place.province)
    ?.find((p) => p.level === 'province');
}

/**
 * "陕西省会", "广东的省会", "广西首府": the capital named by its province, written as the city
 * ("西安"), so that the rest of the core reads a city and not the province.
 */
export function resolveCapitals(text: string): string {
  return text.replace(/([\p{Script=Han}]{2,3}?)(?:省|自治区|壮族自治区)?(?:的)?(?:省会|首府)(?:城市)?/gu, (whole, province: string) => {
    const capital = [...gazetteer().values()].flat().find((p) => p.capital && p.province === province && p.level === 'city');
    return capital ? capital.short || capital.name : whole;
  });
}

/** A place by its name and the suffix that gives its level ("星海" + "市"), for names the gazetteer does not know. */
export function placeNamed(short: string, suffix: string): Place {
  const level = suffix === '省' ? 'province' : suffix === '市' ? 'city' : suffix === '县' ? 'county' : 'district';
  return {
    name: `${short}${suffix}`,
    short,
    level,
    province: level === 'province' ? short : '',
    city: level === 'city' ? short : '',
    subProvincial: false,
    capital: false,
  };
}
