// Statistical timing check of the pure-wasm RSA-2048 private-key operation (`make bench`), after
// dudect (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?", DATE 2017): the
// signing time of two input classes — one fixed message, fresh random messages of the same
// length — measured in random interleaving, then compared by Welch's t-test, on all samples
// and on samples below several percentiles (cropping the tail that interrupts and GC add).
// |t| ≥ 4.5 is evidence of a timing difference between the classes; the script then exits 1.
//
// Two clocks per sample: wall time, and this process's CPU time (user + system), which leaves
// out the time the shared machine's other processes hold the core (about 5× less noise here).
// A positive control runs first with the same harness: a fixed message 4 KiB longer than the
// random ones (64 more SHA-256 blocks and a longer UTF-8 copy into wasm, a few % of a signature)
// must be detected, which shows the check can see a difference of that size at that sample count.
//
// SAMPLES (default 20000) sets the measurements of the main check, CONTROL_SAMPLES (default 2000)
// those of the control. Not a test: the machine is shared, and only |t| matters, not the time.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { initSync, PrivateKey, rsaSignSha256 } from '../pkg/wasm/wechatpay_wasm.js';

initSync({ module: readFileSync(new URL('../pkg/wasm/wechatpay_wasm_bg.wasm', import.meta.url)) });

const SAMPLES = Number(process.env.SAMPLES || 20000);
const CONTROL_SAMPLES = Number(process.env.CONTROL_SAMPLES || 2000);
const THRESHOLD = 4.5;
const CROP_PERCENTILES = [50, 75, 90, 95, 99];

// The TEST ONLY key of tests/vectors/v3.
const key = new PrivateKey(readFileSync(new URL('../tests/vectors/v3/private_pkcs8.pem', import.meta.url), 'utf8'));

/** Welch's t of two samples (`x`, `y` arrays of numbers). */
function welch(x, y) {
  const stats = (a) => {
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    return { n: a.length, mean, variance: a.reduce((s, v) => s + (v - mean) ** 2, 0) / (a.length - 1) };
  };
  const [a, b] = [stats(x), stats(y)];
  return { t: (a.mean - b.mean) / Math.sqrt(a.variance / a.n + b.variance / b.n), a, b };
}

/**
 * Signs `samples` messages, each of a random class: 0 = `fixed`, 1 = a fresh random message of
 * `randomLength` characters (made before the clock starts). Returns, per clock, the times (µs)
 * of all samples and per class.
 */
function measure(samples, fixed, randomLength) {
  const classes = crypto.randomBytes(samples).map((b) => b & 1);
  const inputs = Array.from(classes, (c) => (c ? crypto.randomBytes(randomLength).toString('base64').slice(0, randomLength) : fixed));
  const wall = new Float64Array(samples);
  const cpu = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    rsaSignSha256(key, inputs[i]);
    wall[i] = Number(process.hrtime.bigint() - start) / 1e3;
    const used = process.cpuUsage(cpuStart);
    cpu[i] = used.user + used.system;
  }
  const split = (times) => {
    const byClass = [[], []];
    classes.forEach((c, i) => byClass[c].push(times[i]));
    return { times, byClass };
  };
  return { 'CPU time': split(cpu), 'wall time': split(wall) };
}

/** Welch's t on all samples and on those below each pooled percentile; the largest |t| decides. */
function analyse({ times, byClass }) {
  const sorted = Float64Array.from(times).sort();
  const rows = [{ crop: 'none', ...welch(...byClass) }];
  for (const p of CROP_PERCENTILES) {
    const cut = sorted[Math.floor((sorted.length * p) / 100)];
    rows.push({ crop: `< p${p}`, ...welch(...byClass.map((xs) => xs.filter((v) => v < cut))) });
  }
  const worst = rows.reduce((w, r) => (Math.abs(r.t) > Math.abs(w.t) ? r : w));
  return { rows, worst };
}

/** Prints the analysis of both clocks; returns the largest |t|. */
function report(title, samples, clocks) {
  console.log(`\n${title}: ${samples} signatures, classes interleaved at random`);
  let max = 0;
  for (const [clock, measured] of Object.entries(clocks)) {
    const { rows, worst } = analyse(measured);
    console.log(clock);
    console.table(rows.map((r) => ({
      'samples below': r.crop,
      'n (fixed / random)': `${r.a.n} / ${r.b.n}`,
      'mean µs (fixed / random)': `${r.a.mean.toFixed(1)} / ${r.b.mean.toFixed(1)}`,
      t: r.t.toFixed(2),
    })));
    // The mean difference that would give |t| = 4.5 with all samples: what this run could see.
    const [a, b] = [rows[0].a, rows[0].b];
    const resolution = THRESHOLD * Math.sqrt(a.variance / a.n + b.variance / b.n);
    console.log(`${clock}: max |t| = ${Math.abs(worst.t).toFixed(2)} (samples below ${worst.crop}); ` +
      `a mean difference of ${resolution.toFixed(1)} µs (${((100 * resolution) / b.mean).toFixed(2)}%) would reach |t| = ${THRESHOLD}`);
    max = Math.max(max, Math.abs(worst.t));
  }
  return max;
}

const LENGTH = 64;
const CONTROL_EXTRA = Number(process.env.CONTROL_EXTRA || 32768);
const fixedMessage = 'A'.repeat(LENGTH);
for (let i = 0; i < 200; i++) rsaSignSha256(key, `${fixedMessage}${i}`.slice(0, LENGTH)); // warm up (JIT, blinding state)

const control = report(
  `Positive control: fixed message ${CONTROL_EXTRA + LENGTH} chars vs random ${LENGTH} chars`,
  CONTROL_SAMPLES,
  measure(CONTROL_SAMPLES, 'A'.repeat(CONTROL_EXTRA + LENGTH), LENGTH),
);
const check = report(
  `RSA-2048 sign, pure wasm (rsaSignSha256): fixed ${LENGTH}-char message vs random ${LENGTH}-char messages`,
  SAMPLES,
  measure(SAMPLES, fixedMessage, LENGTH),
);
key.free();

console.log(`\ncontrol ${control >= THRESHOLD ? 'detected' : 'NOT detected (too few samples or too much noise: the check below means little)'} (|t| = ${control.toFixed(1)})`);
if (check >= THRESHOLD) {
  console.log(`timing difference between fixed and random messages: |t| = ${check.toFixed(2)} ≥ ${THRESHOLD} over ${SAMPLES} samples`);
  process.exitCode = 1;
} else {
  console.log(`no timing difference found: |t| = ${check.toFixed(2)} < ${THRESHOLD} over ${SAMPLES} samples`);
}
