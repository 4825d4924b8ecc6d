import { issuersOf, mentionsInstitution } from '../../knowledge/institutions.js';
import { documentMatch } from '../articles.js';
import type { Check, CheckContext } from './types.js';

/** A document the question names (《…》 or a formal name) must be the article, not one it mentions. */
export function documentCheck({ q, article, articleText }: CheckContext): Check[] {
  const title = article.toc.title;
  return q.constraints.documents.map((name) => {
    if (documentMatch(name, title) > 0) return { name: 'document', ok: true, detail: `《${name}》 is this article` };
    const mentioned = articleText.includes(name.toLowerCase());
    return {
      name: 'document',
      ok: false,
      detail: mentioned ? `《${name}》 is only mentioned in this article` : `《${name}》 is not this article`,
      instead: mentioned ? `简报收录的是《${title}》，其中提到了《${name}》，但没有刊登它的内容` : `已收录的简报中没有《${name}》`,
    };
  });
}

/**
 * An institution the question names must be in the article, unless the article names no issuer
 * at all (a statistics bulletin does not say who compiled it): then nothing contradicts it.
 */
export function institutionCheck({ q, article, articleText, catalog }: CheckContext): Check[] {
  const title = article.toc.title;
  const issuers = issuersOf(title, catalog.lead(article));
  return q.constraints.institutions.map((m) => {
    const named = m.institutions.some((i) => mentionsInstitution(articleText, i));
    const others = issuers.filter((x) => !x.institutions.some((i) => m.institutions.includes(i)));
    const ok = named || !others.length;
    const otherNames = [...new Set(others.map((o) => o.text))].join('、');
    return {
      name: 'institution',
      ok,
      detail: named
        ? `${m.text} is named in the article`
        : ok
          ? `${m.text} is not named, nor is any other issuer`
          : `${m.text} is not named; the article names ${otherNames}`,
      instead: ok ? undefined : `《${title}》是${otherNames}的文件，文中没有提到${m.text}`,
    };
  });
}
