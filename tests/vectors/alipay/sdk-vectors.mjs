// Records what the alipay-sdk npm package (devDependency, 4.14.0) computes for the TEST ONLY
// certificates of make-certs.sh and for fixed AES / OpenAPI v3 inputs, into sdk-vectors.json:
// the Rust tests check against this file; tests/js/alipay-cert.test.mjs recomputes it live.
//   node tests/vectors/alipay/sdk-vectors.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sdkVectors } from './sdk-reference.mjs';

const out = new URL('./sdk-vectors.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(await sdkVectors(), null, 2)}\n`);
console.log(`wrote ${out.pathname}`);
