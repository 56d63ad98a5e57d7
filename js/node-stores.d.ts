// Types of `wechatpay-wasm/node` (Node only).
import type { KeyStore } from './index.js';

/** A key store over the files of one directory; `put` writes atomically with mode 0600. */
export declare function fileStore(dir: string): KeyStore & {
  readonly kind: 'file';
  readonly dir: string;
  put(name: string, value: string | Uint8Array): Promise<void>;
  delete(name: string): Promise<void>;
};
