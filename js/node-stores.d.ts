// Types of `wechatpay-wasm/node` (Node only).

/**
 * Node only: a key store over a directory's files (no `node:fs` in the main entry).
 * @module wechatpay-wasm/node
 */
import type { KeyStore } from './index.js';

/**
 * A key store over the files of one directory; `put` writes atomically with mode 0600.
 * @example
 * ```ts
 * import { fileStore } from 'wechatpay-wasm/node';
 * import { loadPrivateKey } from 'wechatpay-wasm';
 * const store = fileStore('/etc/wechatpay'); // reads /etc/wechatpay/apiclient_key.pem
 * const privateKey = await loadPrivateKey(store, 'apiclient_key.pem');
 * ```
 */
export declare function fileStore(dir: string): KeyStore & {
  readonly kind: 'file';
  readonly dir: string;
  put(name: string, value: string | Uint8Array): Promise<void>;
  delete(name: string): Promise<void>;
};
