// Shared by the flow tests: a local notify_url receiver and independent (node:crypto) checks.
import http from 'node:http';
import crypto from 'node:crypto';

/**
 * An HTTP server on 127.0.0.1 standing in for the merchant's notify_url. `handle({ method, url,
 * headers, body })` returns `{ status, headers, body }` (an ack); every call is recorded.
 */
export async function startReceiver(handle) {
  const calls = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const input = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    try {
      const ack = await handle(input);
      calls.push({ input, ack });
      res.writeHead(ack.status, ack.headers);
      res.end(ack.body);
    } catch (e) {
      calls.push({ input, error: e });
      res.writeHead(500);
      res.end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    calls,
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}

/** v2 sign from the spec (independent of the package). */
export function v2ReferenceSign(fields, key, signType = 'MD5') {
  const names = Object.keys(fields).filter((k) => k !== 'sign' && fields[k] !== '' && fields[k] != null).sort();
  const temp = names.map((k) => `${k}=${fields[k]}`).join('&') + `&key=${key}`;
  const h = signType === 'HMAC-SHA256' ? crypto.createHmac('sha256', key) : crypto.createHash('md5');
  return h.update(temp, 'utf8').digest('hex').toUpperCase();
}

/** Verifies a v3 paySign (appId\ntimeStamp\nnonceStr\npackage\n) with the merchant public key. */
export function v3PaySignValid(params, publicKeyPem) {
  const message = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
  return crypto.verify('sha256', Buffer.from(message), crypto.createPublicKey(publicKeyPem), Buffer.from(params.paySign, 'base64'));
}

export async function rejects(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
