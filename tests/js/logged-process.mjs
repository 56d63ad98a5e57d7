// A child process that logs JSON lines on stdout (the example servers, the cloud-function host):
// its lines collected, one awaited by event name, stopped with SIGTERM. Shared by the example tests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import readline from 'node:readline';

/**
 * Spawns `command args` with exactly `env`. `waits`: how many 10 ms waits `logged` makes before
 * failing; `stopOnExit`: `logged` fails at once when the process has exited.
 */
export function spawnLogged(command, args, env, { waits = 200, stopOnExit = false } = {}) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = [];
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    try { logs.push(JSON.parse(line)); } catch { logs.push({ line }); }
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child, logs, exited,
    get stderr() { return stderr; },
    /** The JSON log line for `event` matching `match` (stdout arrives asynchronously). */
    async logged(event, match = () => true) {
      for (let i = 0; i < waits; i++) {
        const hit = logs.find((l) => l.event === event && match(l));
        if (hit) return hit;
        if (stopOnExit && child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return assert.fail(`no "${event}" log line; logs: ${JSON.stringify(logs)}; stderr: ${stderr}`);
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
