/**
 * opencc-js 1.4 ships declarations whose own imports ('./core', without an extension) do not resolve
 * under NodeNext, so everything they export is typed as an error (and any use of it is unsafe to
 * the linter). The one entry point the code imports is declared here instead.
 */
declare module 'opencc-js/t2cn' {
  type Locale = 'cn' | 'tw' | 'twp' | 'hk' | 'jp' | 't';
  export function Converter(options: { from: Locale; to: Locale }): (text: string) => string;
}
