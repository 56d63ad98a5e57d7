// CPU time spent by workerd on a request, read from /proc (Linux). Miniflare runs workerd as a
// child process of this one; its utime + stime (every thread) before and after a request that
// loops N times, minus the same for a request that loops 0 times, divided by N, is the CPU cost
// of one iteration — what Cloudflare's per-request CPU limit counts, without the request
// overhead. The tick is 1/CLK_TCK s (10 ms), so N must make the loop last ≥ 100s of ms.
// Wall time (outside and inside the Worker) is reported beside it: on a shared machine it is an
// upper bound of CPU time, and in production Workers the clocks inside do not advance during
// CPU work at all (Spectre mitigation), which is why the CPU is read from outside.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The pids of this process's children named `name` (e.g. 'workerd'). */
export function childPids(name) {
  const tasks = readdirSync(`/proc/${process.pid}/task`);
  const pids = tasks.flatMap((t) => {
    try {
      return readFileSync(`/proc/${process.pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  });
  return [...new Set(pids)].filter((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === name;
    } catch {
      return false;
    }
  });
}

/** utime + stime of `pid`, all threads, in milliseconds. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based) → indexes 11 and 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/**
 * Per-iteration CPU and wall time of `/bench?n=N&path=…` in the v3 test Worker: one warm-up
 * request, then the 0-iteration baseline and the N-iteration request.
 */
export async function measureBench(worker, body, { n, path, pid }) {
  const run = async (count) => {
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    const res = await worker.fetch(`/bench?n=${count}&path=${path}`, { method: 'POST', body });
    const out = await res.json();
    return { cpu: cpuMs(pid) - cpu0, wall: performance.now() - t0, out };
  };
  await run(Math.min(n, 20));
  const base = await run(0);
  const full = await run(n);
  return {
    n,
    path,
    cpuMsPerIteration: Math.max(0, full.cpu - base.cpu) / n,
    wallMsPerIteration: (full.wall - base.wall) / n,
    insideMsPerIteration: full.out.insideMs / n,
    tickMs: 1000 / CLK_TCK,
    headerLength: full.out.headerLength,
  };
}
