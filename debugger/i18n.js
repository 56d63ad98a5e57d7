// The page's language, English or Chinese: the one the user chose last (localStorage), else the
// browser's (navigator.languages / navigator.language: any zh-* is Chinese), else English.
// Every user-visible string lives in a `const TEXT = { en: { key: '…' }, zh: { key: '…' } }`
// table at the top of its file (a value may be a function of the specifics); `tr(TEXT)` gives
// the current language's strings, English for a key the Chinese table lacks.
export const LANGS = Object.freeze(['en', 'zh']);
const STORAGE_KEY = 'wechatpay-wasm-debugger-lang';

function remembered() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

/** 'zh' for any Chinese tag (zh, zh-CN, zh-Hans-CN, zh-TW), else 'en'. */
export function fromBrowser(tags = [...(navigator.languages ?? []), navigator.language]) {
  const first = tags.find((t) => typeof t === 'string' && t);
  return first && /^zh\b/i.test(first) ? 'zh' : 'en';
}

let current = LANGS.includes(remembered()) ? remembered() : fromBrowser();

export const lang = () => current;

/** Switches and remembers the choice (the page re-renders itself, see app.js). */
export function setLang(next) {
  if (!LANGS.includes(next)) throw new Error(`unknown language ${next}`);
  current = next;
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* private mode: this page only */ }
}

export function tr(table) {
  return current === 'en' ? table.en : { ...table.en, ...table[current] };
}
