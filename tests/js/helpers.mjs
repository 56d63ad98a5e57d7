// Shared by the Node tests: the vectors, and an independent v2 signer built on node:crypto.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const v2Vectors = JSON.parse(readFileSync(new URL('../vectors/v2-official.json', import.meta.url), 'utf8'));

// Written from the WeChat Pay spec, independently of the Rust code: drop `sign` and empty
// values, sort names by their UTF-8 bytes, join k=v with &, append &key=KEY.
export function referenceSign(params, key, signType = 'MD5') {
  const names = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '' && params[k] !== undefined && params[k] !== null)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const temp = names.map((k) => `${k}=${params[k]}`).join('&') + `&key=${key}`;
  const h = signType === 'MD5' ? createHash('md5') : createHmac('sha256', key);
  return h.update(temp, 'utf8').digest('hex').toUpperCase();
}

// A small deterministic PRNG so a failing random case can be reproduced from its seed.
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '_', '0', '&', '=', ' ', '+', '%', '中', '文', '😀', 'é', '<', ']]>', '\n', '\t', '"', "'", '\r'];

export function randomText(rand, maxLen, alphabet = ALPHABET) {
  const n = Math.floor(rand() * (maxLen + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789'.split('');

export function randomParams(rand, { maxFields = 40, emptyRate = 0.15, text = randomText } = {}) {
  const n = Math.floor(rand() * (maxFields + 1));
  const params = {};
  for (let i = 0; i < n; i++) {
    const name = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(rand() * 26)] + randomText(rand, 12, NAME_CHARS);
    params[name] = rand() < emptyRate ? '' : text(rand, 30);
  }
  return params;
}
