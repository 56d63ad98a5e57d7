// PlatformKeys: the WeChat Pay keys that verify API v3 responses and notifications — the
// WeChat Pay public key (public-key mode, id PUB_KEY_ID_…) and/or the platform certificates of
// GET /v3/certificates — loaded, cached in a key store, refreshed before they expire and once
// when a response names a serial it does not know. Runtime-neutral: no timers (refreshes happen
// on use), an injectable clock.
import { v3 } from './v3.js';
import { WechatPayError } from './errors.js';
import { toText } from './http.js';

const HOUR = 3600;

const isVerifier = (v) => v instanceof v3.Verifier;

/**
 * Trust decision for a /v3/certificates download (documented in the README): the certificates
 * are encrypted with AEAD_AES_256_GCM under the API v3 key, which only WeChat Pay and the merchant
 * know, so a certificate that decrypts is authentic. The response's own signature must then
 * verify with a key we already trust or with one of the certificates it delivers (that is how a
 * rotation arrives: the response may already be signed with the new certificate). On the first
 * download, when nothing is trusted yet, only the second case is possible.
 */
export class PlatformKeys {
  #apiV3Key;
  #publicKey;
  #publicKeyId;
  #downloadEnabled;
  #store;
  #storeName;
  #refreshInterval;
  #minRefreshInterval;
  #clock;
  #onError;
  #download = null;
  #mchId = null;

  #verifier = new v3.Verifier();
  #certificates = []; // { serialNo, effectiveTime, expireTime, notAfter, pem }
  #fetchedAt = null; // ms of the last successful download (or of the cached one)
  #lastForced = -Infinity; // ms of the last refresh caused by an unknown serial
  #loading = null;
  #refreshing = null;
  #downloads = 0;
  #lastError = null;
  #generation = 0; // bumped whenever the certificate set changes
  #encryptionKeys = new Map(); // id → Promise<public key handle>, for encryptionKey()

  /**
   * @param {object} options
   * - `apiV3Key`: decrypts /v3/certificates (required to download certificates);
   * - `publicKey` (PEM or a v3 public key handle) and `publicKeyId` (`PUB_KEY_ID_…`): public-key mode;
   * - `certificates`: download platform certificates (default: true unless a public key is given);
   * - `store` (a key store with get/put) and `storeName`: where downloaded certificates are cached;
   * - `refreshInterval` (seconds, default 12 h), `minRefreshInterval` (seconds between refreshes
   *   caused by unknown serials, default 60), `clock` (() => ms, default Date.now);
   * - `download`: async () => ({ status, headers, body }) — the signed GET /v3/certificates; set
   *   by createV3Client when omitted;
   * - `onError(error)`: a refresh failed while older keys were still usable.
   */
  constructor(options = {}) {
    const o = options ?? {};
    this.#apiV3Key = o.apiV3Key;
    this.#publicKey = o.publicKey;
    this.#publicKeyId = o.publicKeyId;
    if (this.#publicKey !== undefined && (typeof this.#publicKeyId !== 'string' || !this.#publicKeyId)) {
      throw new WechatPayError('INVALID_ARGUMENT', 'publicKeyId (PUB_KEY_ID_…) is required with publicKey');
    }
    this.#downloadEnabled = o.certificates ?? this.#publicKey === undefined;
    if (this.#downloadEnabled && (typeof this.#apiV3Key !== 'string' || !this.#apiV3Key)) {
      throw new WechatPayError('INVALID_ARGUMENT', 'apiV3Key is required to download platform certificates (or give publicKey + publicKeyId for public-key mode)');
    }
    if (o.store !== undefined && (o.store === null || typeof o.store.get !== 'function')) throw new WechatPayError('INVALID_ARGUMENT', 'store must be a key store (get/put)');
    this.#store = o.store;
    this.#storeName = o.storeName;
    this.#refreshInterval = (o.refreshInterval ?? 12 * HOUR) * 1000;
    this.#minRefreshInterval = (o.minRefreshInterval ?? 60) * 1000;
    this.#clock = o.clock ?? (() => Date.now());
    this.#onError = o.onError;
    if (o.download) this.#download = o.download;
  }

  /** Called by createV3Client: the signed certificate download, unless one was given. */
  attach({ download, mchId }) {
    if (!this.#download && download) this.#download = download;
    if (!this.#mchId && mchId) this.#mchId = mchId;
  }

  get storeName() {
    return this.#storeName ?? (this.#mchId ? `wechatpay-platform-certificates-${this.#mchId}` : 'wechatpay-platform-certificates');
  }

  /** Unix seconds by the injected clock. */
  now() { return Math.floor(this.#clock() / 1000); }

  /** How many times /v3/certificates was downloaded. */
  get downloads() { return this.#downloads; }
  /** The last refresh error (reported through onError too). */
  get lastError() { return this.#lastError; }
  /** The trusted ids: certificate serials and the public key id. */
  ids() { return this.#verifier.ids(); }
  /** The platform certificates in use: `[{ serialNo, effectiveTime, expireTime, notAfter }]`. */
  get certificates() { return this.#certificates.map(({ pem, ...c }) => c); }

  /** The v3 Verifier with current keys, after loading / refreshing when due. */
  async verifier() {
    this.#loading ??= this.#load().catch((e) => { this.#loading = null; throw e; });
    await this.#loading;
    if (this.#downloadEnabled && this.#due()) {
      try {
        await this.refresh();
      } catch (e) {
        if (this.#verifier.size === 0) throw e;
        this.#report(e);
      }
    }
    if (this.#verifier.size === 0) throw new WechatPayError('SERIAL_UNKNOWN', 'no WeChat Pay platform key is available');
    return this.#verifier;
  }

  /**
   * Runs `fn(verifier)`; when it fails with SERIAL_UNKNOWN (a rotated platform certificate),
   * downloads the certificates once — at most once per minRefreshInterval, concurrent callers
   * sharing it — and runs `fn` again.
   */
  async withVerifier(fn) {
    const verifier = await this.verifier();
    const generation = this.#generation;
    try {
      return await fn(verifier);
    } catch (e) {
      if (e?.code !== 'SERIAL_UNKNOWN' || !this.#downloadEnabled) throw e;
      // Another caller's refresh completed meanwhile: try its keys first.
      if (this.#generation !== generation) return this.withVerifier(fn);
      const now = this.#clock();
      if (!this.#refreshing && now - this.#lastForced < this.#minRefreshInterval) throw e;
      if (!this.#refreshing) this.#lastForced = now;
      try {
        await this.refresh();
      } catch (refreshError) {
        throw new WechatPayError('SERIAL_UNKNOWN', `${e.message}; refreshing the platform certificates failed: ${refreshError.message}`, { cause: refreshError, refreshError });
      }
      return fn(this.#verifier);
    }
  }

  /**
   * The key to encrypt request fields with, `{ id, key }` (id = the Wechatpay-Serial to send): the
   * WeChat Pay public key in public-key mode, else the valid platform certificate that took
   * effect last (during a rotation, the new one).
   */
  async encryptionKey() {
    await this.verifier();
    let id = this.#publicKey !== undefined ? this.#publicKeyId : undefined;
    let source = this.#publicKey;
    if (id === undefined) {
      const now = this.now();
      const valid = this.#certificates.filter((c) => c.notAfter === undefined || c.notAfter > now);
      const effective = (c) => Date.parse(c.effectiveTime) || 0;
      const newest = valid.reduce((a, c) => (a === undefined || effective(c) > effective(a) ? c : a), undefined);
      if (!newest) throw new WechatPayError('SERIAL_UNKNOWN', 'no valid WeChat Pay key to encrypt with');
      ({ serialNo: id, pem: source } = newest);
    }
    if (!this.#encryptionKeys.has(id)) {
      const imported = typeof source === 'string' ? v3.importPublicKey(source) : Promise.resolve(source);
      this.#encryptionKeys.set(id, imported.catch((e) => { this.#encryptionKeys.delete(id); throw e; }));
    }
    return { id, key: await this.#encryptionKeys.get(id) };
  }

  /** Downloads /v3/certificates now (concurrent calls share one request). */
  refresh() {
    if (!this.#downloadEnabled) return Promise.resolve(this.ids());
    this.#refreshing ??= this.#downloadAndApply().finally(() => { this.#refreshing = null; });
    return this.#refreshing;
  }

  #due() {
    const now = this.#clock();
    if (this.#fetchedAt === null) return true;
    if (now - this.#fetchedAt >= this.#refreshInterval) return true;
    // A certificate about to expire: look for its successor early (not more than once a minute).
    const soonest = Math.min(...this.#certificates.map((c) => c.notAfter * 1000));
    return soonest - now < this.#refreshInterval && now - this.#fetchedAt >= this.#minRefreshInterval;
  }

  #report(e) {
    this.#lastError = e;
    try { this.#onError?.(e); } catch { /* a logging callback must not break verification */ }
  }

  async #load() {
    if (this.#publicKey !== undefined) {
      this.#verifier.add(typeof this.#publicKey === 'string' ? await v3.importPublicKey(this.#publicKey) : this.#publicKey, this.#publicKeyId);
    }
    if (!this.#downloadEnabled || !this.#store) return;
    let cached;
    try {
      const text = toText(await this.#store.get(this.storeName));
      if (text) cached = JSON.parse(text);
    } catch (e) {
      this.#report(new WechatPayError('STORE_ERROR', `cached platform certificates unreadable: ${e.message}`, { cause: e }));
      return;
    }
    if (!cached || !Array.isArray(cached.certificates) || !Number.isFinite(cached.fetchedAt)) return;
    try {
      await this.#apply(cached.certificates, cached.fetchedAt);
    } catch (e) {
      this.#report(e);
    }
  }

  async #downloadAndApply() {
    if (!this.#download) throw new WechatPayError('INVALID_ARGUMENT', 'PlatformKeys cannot download certificates: pass it to createV3Client (or give options.download)');
    this.#downloads += 1;
    const res = await this.#download();
    const body = toText(res.body) ?? '';
    if (res.status !== 200) {
      let code = 'HTTP_ERROR';
      let message = `GET /v3/certificates answered HTTP ${res.status}`;
      try {
        const err = JSON.parse(body);
        if (typeof err.code === 'string') ({ code } = err);
        if (typeof err.message === 'string') message = `${message}: ${err.message}`;
      } catch { /* not JSON */ }
      throw new WechatPayError(code, message, { status: res.status });
    }
    // 1. Decrypt: only a holder of the API v3 key can have produced these certificates.
    const entries = v3.decryptCertificates(body, this.#apiV3Key);
    const now = this.now();
    const fresh = [];
    for (const e of entries) {
      const key = await v3.importPublicKey(e.certificate_pem);
      if (key.notAfter !== undefined && key.notAfter <= now) continue; // expired
      fresh.push({ e, key });
    }
    if (fresh.length === 0) throw new WechatPayError('SERIAL_UNKNOWN', '/v3/certificates returned no certificate that is still valid');
    // 2. The response's signature: a key we already trust, or one of the certificates it delivers.
    const check = new v3.Verifier();
    try {
      for (const id of this.#verifier.ids()) {
        const known = this.#certificates.find((c) => c.serialNo === id);
        if (known) check.add(known.pem);
        else if (id === this.#publicKeyId && this.#publicKey !== undefined) check.add(this.#publicKey, id);
      }
      for (const { key } of fresh) check.add(key);
      await v3.verifyResponse({ verifier: check, headers: res.headers, body, now });
    } finally {
      check.free();
    }
    // 3. Use them, and cache them.
    const fetchedAt = this.#clock();
    await this.#apply(fresh.map(({ e }) => e), fetchedAt, fresh.map(({ key }) => key));
    if (this.#store && typeof this.#store.put === 'function') {
      try {
        await this.#store.put(this.storeName, JSON.stringify({ fetchedAt, certificates: fresh.map(({ e }) => e) }));
      } catch (e) {
        this.#report(new WechatPayError('STORE_ERROR', `caching the platform certificates failed: ${e.message}`, { cause: e }));
      }
    }
    return this.ids();
  }

  /** Replaces the certificate set (the public key stays). `keys`: handles already parsed. */
  async #apply(entries, fetchedAt, keys) {
    const now = this.now();
    const next = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const key = keys?.[i] ?? (await v3.importPublicKey(e.certificate_pem));
      if (key.notAfter !== undefined && key.notAfter <= now) continue;
      next.push({ key, cert: { serialNo: key.serialNo ?? e.serial_no, effectiveTime: e.effective_time, expireTime: e.expire_time, notAfter: key.notAfter, pem: e.certificate_pem } });
    }
    if (next.length === 0) throw new WechatPayError('SERIAL_UNKNOWN', 'no platform certificate is still valid');
    for (const { key } of next) this.#verifier.add(key);
    const keep = new Set(next.map(({ cert }) => cert.serialNo));
    for (const old of this.#certificates) if (!keep.has(old.serialNo)) this.#verifier.remove(old.serialNo);
    this.#certificates = next.map(({ cert }) => cert);
    this.#fetchedAt = fetchedAt;
    this.#generation += 1;
  }
}

/** Runs `fn(verifier)` with a PlatformKeys (refresh on unknown serial) or a fixed v3 Verifier. */
export async function withKeys(keys, fn) {
  if (keys instanceof PlatformKeys) return keys.withVerifier(fn);
  if (isVerifier(keys)) return fn(keys);
  throw new WechatPayError('INVALID_ARGUMENT', 'keys must be a PlatformKeys or a v3.Verifier');
}
