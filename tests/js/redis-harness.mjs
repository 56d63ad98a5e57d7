// A real redis-server (Debian's, installed by the Makefile) for the tests that need shared state:
// started on a random 127.0.0.1 port in a temporary directory, nothing persisted unless asked
// (`--save '' --appendonly no`), stopped after. Plus a fake Redis that answers garbage.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function redisServerPath() {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('redis-server is not installed: run `make test-node` (it installs Debian\'s redis-server)');
  }
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `const redis = await startRedis()` → `{ url, port, stop(), start(), kill() }`. `stop()` saves
 * nothing; `stop({ save: true })` writes the data first so that `start()` — same port, same
 * directory — comes back with it, as a restarted production Redis would.
 */
export async function startRedis() {
  const binary = redisServerPath();
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-redis-'));
  const port = await freePort();
  let child = null;
  let exited = null;

  async function start() {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', 'dump.rdb', '--protected-mode', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    exited = new Promise((resolve) => child.once('exit', resolve));
    let output = '';
    await new Promise((resolve, reject) => {
      const onData = (d) => {
        output += d;
        if (/Ready to accept connections/.test(output)) { child.stdout.off('data', onData); resolve(); }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (d) => { output += d; });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
    child.stdout.resume();
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    /** Stops the server (SHUTDOWN SAVE when `save`, else SIGTERM with nothing saved). */
    async stop({ save = false } = {}) {
      if (!child || child.exitCode !== null) return;
      if (save) {
        await new Promise((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => socket.write('*2\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n'));
          socket.on('error', resolve);
          socket.on('close', resolve);
        });
      } else {
        child.kill('SIGTERM');
      }
      await exited;
    },
    async close() {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A server speaking just enough RESP for a client to connect, that answers SET and GET with
 * `reply` (raw RESP, e.g. ':42\r\n' — an integer where OK/nil belongs — or protocol garbage).
 */
export async function startGarbageRedis(reply) {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    socket.on('data', (d) => {
      buffer += d.toString('latin1');
      for (;;) {
        const command = takeCommand(buffer);
        if (!command) break;
        buffer = buffer.slice(command.length);
        const name = command.args[0]?.toUpperCase();
        if (name === 'SET' || name === 'GET') socket.write(reply);
        else if (name === 'HELLO') socket.write('%2\r\n+server\r\n+redis\r\n+proto\r\n:3\r\n'); // RESP3, as node-redis asks
        else socket.write('+OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${server.address().port}`,
    port: server.address().port,
    close: () => new Promise((resolve) => { server.close(resolve); for (const s of sockets) s.destroy(); }),
  };
}

/** One complete RESP array of bulk strings at the start of `text`, or null. */
function takeCommand(text) {
  const head = /^\*(\d+)\r\n/.exec(text);
  if (!head) return null;
  let at = head[0].length;
  const args = [];
  for (let i = 0; i < Number(head[1]); i++) {
    const m = /^\$(\d+)\r\n/.exec(text.slice(at));
    if (!m) return null;
    const start = at + m[0].length;
    const end = start + Number(m[1]);
    if (text.length < end + 2) return null;
    args.push(text.slice(start, end));
    at = end + 2;
  }
  return { args, length: at };
}
