// README.zh-CN.md is a complete translation of README.md, kept in step: the same headings (each
// Chinese heading ends in `<a id="…"></a>` with the English heading's GitHub anchor, so links
// like (#limits) work in both), in the same order, and in every section the same code blocks,
// byte for byte (code is not translated). A failure names the section to add or fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const read = (p) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const EN = 'README.md';
const ZH = 'README.zh-CN.md';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to '-', repeats get -1, -2. */
function slugger() {
  const seen = new Map();
  return (title) => {
    const base = title.toLowerCase().replace(/<[^>]*>/g, '').replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').trim().replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n ? `${base}-${n}` : base;
  };
}

/** `[{ level, title, anchor, line, blocks: [code block text] }]`; text before the first heading is section 0. */
export function sections(markdown) {
  const slug = slugger();
  const out = [{ level: 0, title: '(before the first heading)', anchor: '', line: 1, blocks: [] }];
  let fence = null;
  let block = [];
  markdown.split('\n').forEach((line, i) => {
    if (fence) {
      block.push(line);
      if (line.trim() === fence) {
        out.at(-1).blocks.push(block.join('\n'));
        fence = null;
      }
      return;
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open) { fence = open[1]; block = [line]; return; }
    const h = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (!h) return;
    const explicit = /\s*<a id="([^"]+)"><\/a>$/.exec(h[2]);
    const title = explicit ? h[2].slice(0, explicit.index) : h[2];
    out.push({ level: h[1].length, title, anchor: explicit ? explicit[1] : slug(title), line: i + 1, blocks: [] });
  });
  assert.equal(fence, null, 'every code block is closed');
  return out;
}

const en = sections(read(EN));
const zh = sections(read(ZH));
const label = (s) => `${'#'.repeat(s.level)} ${s.title} (#${s.anchor}, ${EN} line ${s.line})`;

test('README.zh-CN.md has every section of README.md, at the same level, in the same order', () => {
  const zhAnchors = new Map(zh.map((s) => [s.anchor, s]));
  const enAnchors = new Set(en.map((s) => s.anchor));
  const problems = [];
  en.forEach((s, i) => {
    const other = zhAnchors.get(s.anchor);
    const after = i > 0 ? ` after "${en[i - 1].title}"` : '';
    if (!other) problems.push(`missing: ${label(s)} — add it to ${ZH}${after} as "${'#'.repeat(s.level)} <中文标题> <a id="${s.anchor}"></a>"`);
    else if (other.level !== s.level) problems.push(`level: #${s.anchor} is h${s.level} in ${EN}, h${other.level} in ${ZH} (line ${other.line})`);
  });
  for (const s of zh) if (!enAnchors.has(s.anchor)) problems.push(`extra: ${ZH} line ${s.line} "${s.title}" (#${s.anchor}) has no section in ${EN} (renamed or removed there?)`);
  if (!problems.length) {
    const i = en.findIndex((s, k) => s.anchor !== zh[k]?.anchor);
    if (i >= 0) problems.push(`order: section ${i} is #${en[i].anchor} in ${EN} but #${zh[i].anchor} in ${ZH} (line ${zh[i].line})`);
  }
  assert.deepEqual(problems, [], `\n  ${problems.join('\n  ')}`);
});

test('every section has the same code blocks in both, byte for byte', () => {
  const zhAnchors = new Map(zh.map((s) => [s.anchor, s]));
  const problems = [];
  for (const s of en) {
    const other = zhAnchors.get(s.anchor);
    if (!other) continue; // reported by the headings test
    if (other.blocks.length !== s.blocks.length) {
      problems.push(`#${s.anchor}: ${s.blocks.length} code blocks in ${EN}, ${other.blocks.length} in ${ZH} (line ${other.line})`);
      continue;
    }
    s.blocks.forEach((b, k) => {
      if (b === other.blocks[k]) return;
      const [x, y] = [b.split('\n'), other.blocks[k].split('\n')];
      const j = x.findIndex((l, n) => l !== y[n]);
      problems.push(`#${s.anchor}: code block ${k + 1} differs at its line ${j + 1}:\n      ${EN}: ${x[j]}\n      ${ZH}: ${y[j]}`);
    });
  }
  assert.deepEqual(problems, [], `\n  ${problems.join('\n  ')}`);
});

test('the translation is Chinese, the two link to each other and the npm README links to both', () => {
  const zhText = read(ZH);
  const prose = zhText.replace(/```[\s\S]*?```/g, '');
  assert.ok((prose.match(/[\u4e00-\u9fff]/g) ?? []).length > 10000, 'README.zh-CN.md prose is Chinese');
  assert.match(read(EN), /\]\(README\.zh-CN\.md\)/, `${EN} links to ${ZH}`);
  assert.match(zhText, /\]\(README\.md\)/, `${ZH} links to ${EN}`);
  const npm = read('pkg-template/README.md');
  assert.match(npm, /\]\([^)]*README\.md\)/, 'the npm README links to README.md');
  assert.match(npm, /\]\([^)]*README\.zh-CN\.md\)/, 'the npm README links to README.zh-CN.md');
  // Images are the language's own: the Chinese README shows the Chinese debugger.
  assert.match(zhText, /docs\/debugger\.zh-CN\.png/);
  assert.match(read(EN), /docs\/debugger\.png/);
});

test('the parser reads anchors as GitHub does', () => {
  const s = sections('# a\n## Quick start: Node server\n```js\n## not a heading\n```\n## `v2.diagnose` — why\n## 限制 <a id="limits"></a>\n## Quick start: Node server\n');
  assert.deepEqual(s.map((x) => x.anchor), ['', 'a', 'quick-start-node-server', 'v2diagnose--why', 'limits', 'quick-start-node-server-1']);
  assert.deepEqual(s[2].blocks, ['```js\n## not a heading\n```']);
});
