// The one message for a runtime below the floor: when the module fails to compile, find which
// WebAssembly proposal the engine lacks (a tiny module per proposal, checked with
// WebAssembly.validate) and name it with the oldest runtimes that have it. Runtime-neutral.
import { WechatPayError } from './errors.js';

// A module with one memory and one function `() -> result` whose body is `code` (ending in `end`).
function probe(result, code) {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, result, // type section: () -> result
    0x03, 0x02, 0x01, 0x00, // function section
    0x05, 0x03, 0x01, 0x00, 0x00, // memory section: one memory, 0 pages
    0x0a, code.length + 3, 0x01, code.length + 1, 0x00, ...code, // code section
  ]);
}
const I32 = 0x7f;
const V128 = 0x7b;

// The package's floor: SIMD sets it for the wasm (Node 16.4, Chromium 91, Firefox 89, Safari 16.4),
// the wrapper's Object.hasOwn for the JS (Node 16.9, Chromium 93, Firefox 92, Safari 15.4).
export const MINIMUM = 'Node 16.9, Chromium 93, Firefox 92, Safari 16.4';

// The proposals the shipped module needs (tests/wasm_features.rs keeps this list exact), highest
// floor first, with the oldest versions enabling each by default.
export const PROPOSALS = [
  {
    name: 'fixed-width SIMD (simd128)', minimum: 'Node 16.4, Chromium 91, Firefox 89, Safari 16.4',
    probe: probe(V128, [0xfd, 0x0c, ...new Array(16).fill(0), 0x0b]), // v128.const 0
  },
  {
    name: 'bulk memory operations', minimum: 'Node 12.5, Chromium 75, Firefox 79, Safari 15',
    probe: probe(I32, [0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0b, 0x00, 0x41, 0, 0x0b]), // memory.fill
  },
  {
    name: 'non-trapping float-to-int conversions', minimum: 'Node 12.5, Chromium 75, Firefox 64, Safari 15',
    probe: probe(I32, [0x43, 0, 0, 0, 0, 0xfc, 0x00, 0x0b]), // i32.trunc_sat_f32_s
  },
  {
    name: 'sign-extension operators', minimum: 'Node 12, Chromium 74, Firefox 62, Safari 14.1',
    probe: probe(I32, [0x41, 0, 0xc0, 0x0b]), // i32.extend8_s
  },
];

/**
 * A WechatPayError WASM_UNSUPPORTED naming the missing proposal, when `error` is the module's
 * WebAssembly.CompileError and this engine lacks one of PROPOSALS; otherwise undefined.
 * `runtime` (e.g. "Node v16.3.0") goes into the message.
 */
export function runtimeFloorError(error, runtime) {
  if (!(error instanceof WebAssembly.CompileError)) return undefined;
  const missing = PROPOSALS.find((p) => !WebAssembly.validate(p.probe));
  if (!missing) return undefined;
  return new WechatPayError('WASM_UNSUPPORTED',
    `${runtime} does not enable WebAssembly ${missing.name}, which wechatpay-wasm needs: the minimum is ${MINIMUM} (see the README's runtime table)`,
    { feature: missing.name, cause: error });
}
