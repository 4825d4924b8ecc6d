/** Whether a model's text holds a marker ([n], 【n】, [n, m]) of an excerpt that exists (1…excerpts). */
export function citesAny(text: string, excerpts: number): boolean {
  return [...text.matchAll(/[[【]\s*(\d{1,2}(?:\s*[,，、]\s*\d{1,2})*)\s*[\]】]/g)].some((m) =>
    m[1]!.split(/\s*[,，、]\s*/).some((n) => Number(n) >= 1 && Number(n) <= excerpts),
  );
}

/** A model's "the excerpts do not answer this" (it then cites nothing). */
export function saysNotFound(text: string): boolean {
  return /没有找到|未找到|未能找到|找不到|无法回答|没有相关|未提及|没有提及|do(es)? not answer|no (relevant )?information|not (found|mentioned)/i.test(
    text,
  );
}
