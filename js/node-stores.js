// Node-only additions, exported as `wechatpay-wasm/node` (never imported by the main entries, so
// Worker and browser bundles do not contain node:fs).
import { mkdir, readFile, rename, writeFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WechatPayError } from './errors.js';

const SAFE_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._@-]{1,200}$/;

function pathOf(dir, name) {
  if (typeof name !== 'string' || !SAFE_NAME.test(name)) {
    throw new WechatPayError('INVALID_ARGUMENT', `key name ${JSON.stringify(name)} must be a plain file name ([A-Za-z0-9._@-], no path separators)`);
  }
  return join(dir, name);
}

/**
 * A key store over the files of one directory: `get('apiclient_key.pem')` reads
 * `<dir>/apiclient_key.pem` (undefined when missing); `put` writes atomically (temporary file +
 * rename) with mode 0600. Names are plain file names: no `/`, no `..`.
 */
export function fileStore(dir) {
  if (typeof dir !== 'string' || dir === '') throw new WechatPayError('INVALID_ARGUMENT', 'fileStore(dir): dir must be a directory path');
  const root = resolve(dir);
  return {
    kind: 'file',
    dir: root,
    async get(name) {
      try {
        return await readFile(pathOf(root, name), 'utf8');
      } catch (e) {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async put(name, value) {
      const path = pathOf(root, name);
      await mkdir(root, { recursive: true, mode: 0o700 });
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, value, { mode: 0o600 });
      await rename(tmp, path);
    },
    async delete(name) {
      try { await unlink(pathOf(root, name)); } catch (e) { if (e.code !== 'ENOENT') throw e; }
    },
  };
}
