// The figures each bench script measured, kept in build/bench/<name>.json for bench/summary.mjs
// (the one table `make bench` ends with), with the machine's 1-minute load average when saved:
// ratios taken under a load far above the core count are not the machine's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const DIR = new URL('../build/bench/', import.meta.url);

export function saveResults(name, figures) {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(new URL(`${name}.json`, DIR), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, loadAverage: loadavg()[0], ...figures }, null, 2)}\n`);
}

export function loadResults(name) {
  try {
    return JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8'));
  } catch {
    return undefined;
  }
}
