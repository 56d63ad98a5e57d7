// js/runtime-floor.js: its probe modules are well formed (each validates where the proposal is
// enabled, so below the floor only the missing one fails), and only a CompileError in a runtime
// that lacks a proposal becomes WASM_UNSUPPORTED. The below-the-floor case itself runs in the
// pack test (Node 16 with SIMD turned off).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROPOSALS, runtimeFloorError } from '../../js/runtime-floor.js';

test('every probe module validates in Node 20, and each uses its proposal (flipping its opcode prefix breaks it)', () => {
  assert.deepEqual(PROPOSALS.map((p) => p.name), ['fixed-width SIMD (simd128)', 'bulk memory operations', 'non-trapping float-to-int conversions', 'sign-extension operators']);
  for (const p of PROPOSALS) {
    assert.ok(WebAssembly.validate(p.probe), p.name);
    const broken = Uint8Array.from(p.probe);
    const at = broken.findIndex((b, i) => i > 24 && [0xfd, 0xfc, 0xc0].includes(b));
    broken[at] = 0xff; // no such opcode
    assert.equal(WebAssembly.validate(broken), false, p.name);
  }
});

test('runtimeFloorError leaves other errors alone', () => {
  assert.equal(runtimeFloorError(new Error('x'), 'Node'), undefined);
  let compileError;
  try { new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])); } catch (e) { compileError = e; }
  assert.ok(compileError instanceof WebAssembly.CompileError);
  assert.equal(runtimeFloorError(compileError, 'Node'), undefined, 'nothing is missing here: the raw CompileError is rethrown');
});
