// Pasted parameters → an ordered field map. Shared by the CLI (dist/cli.mjs) and the signature
// debugger page; not part of the package's public API. Runtime-neutral (no node:*, no DOM).
import { v2 } from './v2.js';
import { invalidArgument } from './errors.js';

const PERCENT = /%[0-9A-Fa-f]{2}/;

/** Which format `text` is in: 'xml', 'json', 'query' or 'empty'. */
export function detectFormat(text) {
  const t = String(text ?? '').trim();
  if (!t) return 'empty';
  if (t.startsWith('<')) return 'xml';
  if (t.startsWith('{')) return 'json';
  return 'query';
}

/**
 * Parses v2 parameters pasted as XML (strict, as WeChat Pay sends them), a JSON object, or a
 * query string / stringA / stringSignTemp (`k=v&k=v`, or one `k=v` per line; a full URL's query
 * is used). Query values are taken verbatim, not URL-decoded: that is how stringA is written, and
 * `v2.diagnose` tries the decoded values itself. A trailing `key=…` (a pasted stringSignTemp) is
 * returned as `key`, not as a field.
 *
 * Returns `{ format, params: Map<name, value>, key?, notes: string[] }`; throws WechatPayError
 * (XML_*, INVALID_ARGUMENT) for input it cannot read.
 */
export function parseParamsText(text) {
  const src = String(text ?? '');
  const format = detectFormat(src);
  const params = new Map();
  const notes = [];
  if (format === 'empty') return { format, params, notes };

  if (format === 'xml') {
    for (const [k, v] of Object.entries(v2.fromXml(src.trim()))) params.set(k, v);
    return { format, params, notes };
  }

  if (format === 'json') {
    let obj;
    try {
      obj = JSON.parse(src);
    } catch (e) {
      throw invalidArgument(`not valid JSON: ${e.message}`);
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw invalidArgument('the JSON must be an object of field names to values');
    for (const [k, v] of Object.entries(obj)) {
      if (v === null || v === undefined) params.set(k, '');
      else if (typeof v === 'string') params.set(k, v);
      else if (typeof v === 'number' || typeof v === 'boolean') params.set(k, String(v));
      else throw invalidArgument(`field ${JSON.stringify(k)} is ${Array.isArray(v) ? 'an array' : 'an object'}: v2 parameters are flat`);
    }
    return { format, params, notes };
  }

  let query = src.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^?#\s]*\?([^#]*)/i.exec(query);
  if (url) {
    query = url[1];
    notes.push('used the query string of the URL');
  } else if (query.startsWith('?')) {
    query = query.slice(1);
  }
  const parts = query.split(/&|\r?\n/).filter((p) => p.trim() !== '');
  let key;
  parts.forEach((part, i) => {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).replace(/\r$/, '');
    if (!name) throw invalidArgument(`"${part}" has no field name`);
    if (name === 'key' && i === parts.length - 1) {
      key = value;
      notes.push('the trailing key=… (a pasted stringSignTemp) was taken as the API key, not as a field');
      return;
    }
    if (params.has(name)) notes.push(`field ${name} appears twice: the last value is used`);
    params.set(name, value);
  });
  if ([...params.values()].some((v) => PERCENT.test(v))) notes.push('values are taken verbatim, not URL-decoded (the diagnosis tries decoding them)');
  return key === undefined ? { format, params, notes } : { format, params, key, notes };
}
