/**
 * Links and addresses a model may write: URLs, e-mail addresses and bare domain names. One that no
 * excerpt the sentence cites contains is cut out of the sentence (a model's invented address sends
 * readers, and Telegram's preview, anywhere).
 */
const LINK =
  /(?:https?:\/\/|www\.)[^\s<>"'（）()[\]【】，。；、！？]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|gov|edu|io|info|top|xyz|cc|me|ai|co|app|dev|site|online|link)\b(?:\/[^\s，。；、！？）)]*)?/gi;
/** A Markdown link: its text stays, its address goes through the same check. */
const MARKDOWN_LINK = /\[([^\]]*)\]\(([^)\s]+)\)/g;

export interface LinkCut {
  text: string;
  /** The links and addresses removed. */
  removed: string[];
}

/** Removes from `sentence` every link or address that `allowed` (the cited excerpts' text) does not contain. */
export function cutLinks(sentence: string, allowed: string): LinkCut {
  const haystack = allowed.toLowerCase();
  const removed: string[] = [];
  const keep = (link: string) => {
    const bare = link.replace(/[.,;:]+$/, '');
    if (haystack.includes(bare.toLowerCase())) return true;
    removed.push(bare);
    return false;
  };
  const text = sentence
    .replace(MARKDOWN_LINK, (all, label: string, url: string) => (keep(url) ? all : label))
    .replace(LINK, (link) => (keep(link) ? link : ''))
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([，。；！？,.;!?\]】])/g, '$1')
    .replace(/[（(]\s*[)）]/g, '');
  return { text, removed };
}
