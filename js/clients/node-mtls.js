// Node's side of mutual TLS (see mtls.js): a minimal fetch over node:https that presents the
// merchant certificate. Node's global fetch cannot take a client certificate without undici.
import https from 'node:https';

const MAX_RESPONSE = 8 << 20;

export function nodeMtlsFetch({ cert, key, ca }) {
  const agent = new https.Agent({ cert, key, ...(ca ? { ca } : {}), keepAlive: true });
  function fetch(url, init = {}) {
    return new Promise((resolve, reject) => {
      const { signal } = init;
      if (signal?.aborted) { reject(signal.reason ?? new Error('aborted')); return; }
      const req = https.request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
        const chunks = [];
        let size = 0;
        res.on('data', (c) => {
          size += c.length;
          if (size > MAX_RESPONSE) { req.destroy(new Error(`response larger than ${MAX_RESPONSE} bytes`)); return; }
          chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers = new Map(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
          resolve({
            ok: res.statusCode >= 200 && res.statusCode < 300,
            status: res.statusCode,
            headers: { get: (n) => headers.get(String(n).toLowerCase()) ?? null, forEach: (f) => headers.forEach((v, k) => f(v, k)) },
            text: async () => body.toString('utf8'),
            arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength),
          });
        });
      });
      req.on('error', reject);
      if (signal) signal.addEventListener('abort', () => req.destroy(signal.reason ?? new Error('aborted')), { once: true });
      req.end(init.body);
    });
  }
  return { fetch, close: () => agent.destroy() };
}
