// `make debugger`: serves debugger/ (after `make build` wrote debugger/vendor/) on 127.0.0.1 and
// prints the URL. Runs until Ctrl-C. PORT=… picks the port (default 8730; a free one if taken).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../debugger/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png' };

try {
  await stat(join(ROOT, 'vendor', 'wechatpay-wasm.js'));
} catch {
  console.error('debugger/vendor/ is missing: run `make build` first (`make debugger` does).');
  process.exit(1);
}

const server = createServer(async (req, res) => {
  let path;
  try {
    path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = join(ROOT, path.endsWith('/') ? `${path}index.html` : path);
  if (!file.startsWith(ROOT) || file.split(sep).includes('..')) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff' }).end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
});

function listen(port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
}

const wanted = Number(process.env.PORT || 8730);
try {
  await listen(wanted);
} catch (e) {
  if (e.code !== 'EADDRINUSE' || process.env.PORT) throw e;
  await listen(0);
}
console.log(`Signature debugger: http://127.0.0.1:${server.address().port}/  (Ctrl-C to stop)`);
