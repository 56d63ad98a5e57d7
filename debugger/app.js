// The signature debugger: loads wechatpay-wasm (wasm inlined, see scripts/build-debugger.mjs),
// builds the tab bar from the registry in tabs/index.js, and shows one tab at a time (#hash).
import * as ui from './ui.js';
import { TABS } from './tabs/index.js';

const { h } = ui;
const main = document.getElementById('panels');
const nav = document.getElementById('tabs');

let lib;
try {
  lib = await import('./vendor/wechatpay-wasm.js');
} catch (e) {
  main.replaceChildren(h('div.card.fatal', {}, h('h2', { text: 'Could not load wechatpay-wasm' }),
    h('p', { text: `${e.message}. Run "make build" (it writes debugger/vendor/) and serve with "make debugger".` })));
  throw e;
}
document.getElementById('version').textContent = `v${lib.version}`;

const ctx = { lib, ui };
const panels = new Map();
const buttons = new Map();

let group = null;
for (const tab of TABS) {
  if (tab.group !== group) {
    group = tab.group;
    nav.append(h('span.group', { text: group }));
  }
  const btn = h(`button.tab#tab-${tab.id}`, { type: 'button', role: 'tab', 'aria-controls': `panel-${tab.id}`, title: tab.description, text: tab.title,
    onclick: () => { location.hash = tab.id; } });
  nav.append(btn);
  buttons.set(tab.id, btn);
}

function show(id) {
  const tab = TABS.find((t) => t.id === id) ?? TABS[0];
  for (const [tid, btn] of buttons) {
    btn.setAttribute('aria-selected', String(tid === tab.id));
    btn.classList.toggle('active', tid === tab.id);
  }
  for (const [pid, panel] of panels) panel.hidden = pid !== tab.id;
  if (!panels.has(tab.id)) {
    const panel = h(`section.panel#panel-${tab.id}`, { role: 'tabpanel' }, h('p.lede', { text: tab.description }));
    main.append(panel);
    panels.set(tab.id, panel);
    try {
      tab.render(panel, ctx);
    } catch (e) {
      panel.append(h('div.card.fatal', { text: `This tab failed to start: ${ui.errorText(e)}` }));
      console.error(e);
    }
  }
  document.title = `${tab.title} · WeChat Pay signature debugger`;
}

main.querySelector('.loading')?.remove();
addEventListener('hashchange', () => show(location.hash.slice(1)));
show(location.hash.slice(1));
document.body.dataset.ready = 'true';
