// The part of TOML the example's wrangler.toml (and the README's copy) is written in, for the
// tests that configure miniflare from it.
import assert from 'node:assert/strict';

/**
 * Comments, [table], [[array.of.tables]] and key = value with JSON-compatible values (strings,
 * arrays of strings, numbers, booleans). Anything else is an error, so a test never silently
 * ignores a line of the configuration.
 */
export function parseToml(text) {
  const root = {};
  let table = root;
  const walk = (path) => path.reduce((t, k) => {
    const next = t[k] ??= {};
    return Array.isArray(next) ? next.at(-1) : next;
  }, root);
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+#[^"]*$/, '').trim(); // a trailing comment (one without quotes)
    if (line === '' || line.startsWith('#')) return;
    let m;
    if ((m = /^\[\[([\w.]+)\]\]$/.exec(line))) {
      const path = m[1].split('.');
      const parent = walk(path.slice(0, -1));
      const list = parent[path.at(-1)] ??= [];
      assert.ok(Array.isArray(list), `line ${i + 1}: ${m[1]} is not an array of tables`);
      list.push(table = {});
    } else if ((m = /^\[([\w.]+)\]$/.exec(line))) {
      table = walk(m[1].split('.'));
    } else if ((m = /^(\w+)\s*=\s*(.+)$/.exec(line))) {
      assert.ok(!(m[1] in table), `line ${i + 1}: ${m[1]} given twice`);
      table[m[1]] = JSON.parse(m[2]);
    } else {
      throw new Error(`line ${i + 1}: not in the TOML subset this test reads: ${raw}`);
    }
  });
  return root;
}
