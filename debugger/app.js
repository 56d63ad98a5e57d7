// The signature debugger: loads wechatpay-wasm (wasm inlined, see scripts/build-debugger.mjs),
// builds the tab bar from the registry in tabs/index.js, and shows one tab at a time (#hash).
// In English or Chinese (i18n.js): switching re-renders every tab; keys stay (keystore.js).
import * as ui from './ui.js';
import { TABS } from './tabs/index.js';
import { lang, setLang, tr } from './i18n.js';

export const TEXT = {
  en: {
    pageTitle: 'WeChat Pay signature debugger',
    sub: 'the library\'s own Rust core, compiled to WebAssembly',
    offlineTitle: 'This page\'s Content-Security-Policy is connect-src \'none\': it cannot send anything anywhere.',
    offlineStrong: 'Nothing you type leaves this page.',
    offlineRest: 'It runs entirely in your browser and its security policy blocks every network request.',
    footerKeys: 'Keys stay in memory unless you tick “Remember in this browser” (then IndexedDB, until you click “Forget”).',
    footerCsp: 'the wasm is inlined, so it needs no download.',
    tabsLabel: 'Tools',
    loading: 'Loading the WebAssembly module…',
    loadFailed: 'Could not load wechatpay-wasm',
    loadHint: (message) => `${message}. Run "make build" (it writes debugger/vendor/) and serve with "make debugger".`,
    tabFailed: (error) => `This tab failed to start: ${error}`,
    groups: { 'API v2': 'API v2', 'API v3': 'API v3', Alipay: 'Alipay' },
    // The switch shows the other language, in that language.
    switchLabel: '中文', switchTitle: '切换到中文', switchLang: 'zh-CN',
  },
  zh: {
    pageTitle: '微信支付签名调试工具',
    sub: '本库自己的 Rust 核心，编译为 WebAssembly',
    offlineTitle: '本页的内容安全策略（CSP）为 connect-src \'none\'：它无法向任何地方发送任何数据。',
    offlineStrong: '您输入的内容不会离开本页面。',
    offlineRest: '它完全在您的浏览器中运行，其安全策略会拦截所有网络请求。',
    footerKeys: '密钥只保存在内存中，除非您勾选“在本浏览器中记住”（此时保存在 IndexedDB，直到您点击“删除”）。',
    footerCsp: 'wasm 已内联到脚本中，无需下载。',
    tabsLabel: '工具',
    loading: '正在加载 WebAssembly 模块…',
    loadFailed: '无法加载 wechatpay-wasm',
    loadHint: (message) => `${message}。请运行 "make build"（它会生成 debugger/vendor/），并用 "make debugger" 启动服务。`,
    tabFailed: (error) => `此标签页启动失败：${error}`,
    groups: { 'API v2': 'API v2', 'API v3': 'API v3', Alipay: '支付宝' },
    switchLabel: 'English', switchTitle: 'Switch to English', switchLang: 'en',
  },
};

const { h } = ui;
const main = document.getElementById('panels');
const nav = document.getElementById('tabs');
const langButton = document.getElementById('lang');

/** The static parts of index.html in the current language. */
function applyPage() {
  const T = tr(TEXT);
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  for (const [id, key] of [['heading', 'pageTitle'], ['sub', 'sub'], ['offline-strong', 'offlineStrong'], ['offline-rest', 'offlineRest'],
    ['footer-keys', 'footerKeys'], ['footer-csp', 'footerCsp']]) {
    document.getElementById(id).textContent = T[key];
  }
  document.getElementById('offline').title = T.offlineTitle;
  nav.setAttribute('aria-label', T.tabsLabel);
  const loading = main.querySelector('.loading');
  if (loading) loading.textContent = T.loading;
  langButton.textContent = T.switchLabel;
  langButton.title = T.switchTitle;
  langButton.lang = T.switchLang;
}
applyPage();

let lib;
try {
  lib = await import('./vendor/wechatpay-wasm.js');
} catch (e) {
  const T = tr(TEXT);
  main.replaceChildren(h('div.card.fatal', {}, h('h2', { text: T.loadFailed }), h('p', { text: T.loadHint(e.message) })));
  throw e;
}
document.getElementById('version').textContent = `v${lib.version}`;
ui.setErrorExplainer(lib.explainError);

const ctx = { lib, ui };
const panels = new Map();
const buttons = new Map();

/** The tab bar in the current language; panels are rendered when first shown. */
function buildTabs() {
  const T = tr(TEXT);
  nav.replaceChildren();
  buttons.clear();
  let group = null;
  for (const tab of TABS) {
    const text = tr(tab.TEXT);
    if (tab.group !== group) {
      group = tab.group;
      nav.append(h('span.group', { text: T.groups[group] ?? group }));
    }
    const btn = h(`button.tab#tab-${tab.id}`, { type: 'button', role: 'tab', 'aria-controls': `panel-${tab.id}`, title: text.description, text: text.title,
      onclick: () => { location.hash = tab.id; } });
    nav.append(btn);
    buttons.set(tab.id, btn);
  }
}

function show(id) {
  const tab = TABS.find((t) => t.id === id) ?? TABS[0];
  const text = tr(tab.TEXT);
  for (const [tid, btn] of buttons) {
    btn.setAttribute('aria-selected', String(tid === tab.id));
    btn.classList.toggle('active', tid === tab.id);
  }
  for (const [pid, panel] of panels) panel.hidden = pid !== tab.id;
  if (!panels.has(tab.id)) {
    const panel = h(`section.panel#panel-${tab.id}`, { role: 'tabpanel' }, h('p.lede', { text: text.description }));
    main.append(panel);
    panels.set(tab.id, panel);
    try {
      tab.render(panel, ctx);
    } catch (e) {
      panel.append(h('div.card.fatal', { text: tr(TEXT).tabFailed(ui.errorText(e)) }));
      console.error(e);
    }
  }
  document.title = `${text.title} · ${tr(TEXT).pageTitle}`;
}

// Switching language renders every tab again (what was typed is cleared; keys are kept).
langButton.addEventListener('click', () => {
  setLang(lang() === 'zh' ? 'en' : 'zh');
  applyPage();
  for (const panel of panels.values()) panel.remove();
  panels.clear();
  buildTabs();
  show(location.hash.slice(1));
  document.body.dataset.lang = lang();
});

main.querySelector('.loading')?.remove();
buildTabs();
addEventListener('hashchange', () => show(location.hash.slice(1)));
show(location.hash.slice(1));
document.body.dataset.lang = lang();
document.body.dataset.ready = 'true';
