// Hosts examples/cloud-function's two functions as Tencent CloudBase does, on 127.0.0.1 (random
// port), for example-cloud-function.test.mjs, which runs this file in Node 16 and 18:
//   POST /notify             the HTTP trigger: the request becomes the integration-request event
//                            ({ path, httpMethod, headers, queryStringParameters, requestContext,
//                            body base64, isBase64Encoded: true }), notify's integration response
//                            becomes the HTTP response
//   POST /invoke/<name>      main(the JSON body as the event, a context) → { result } or { threw }
// Prints { event: 'listening', url } and then the functions' own JSON log lines on stdout.
'use strict';
const http = require('http');
const functions = {
  notify: require('../../examples/cloud-function/notify/index.js'),
  pay: require('../../examples/cloud-function/pay/index.js'),
};

let invocations = 0;
const context = (name) => ({
  request_id: `req-${++invocations}`, function_name: name, function_version: '$LATEST', namespace: 'env-test',
  memory_limit_in_mb: 256, time_limit_in_ms: 10000, callbackWaitsForEmptyEventLoop: true,
});

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  const raw = await readBody(req);
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/notify') {
    const event = {
      path: url.pathname, httpMethod: req.method, headers: req.headers,
      queryStringParameters: Object.fromEntries(url.searchParams),
      requestContext: { requestId: `gw-${invocations + 1}`, envId: 'env-test', appId: 123456789, uin: 123456789 },
      body: raw.toString('base64'), isBase64Encoded: true,
    };
    const out = await functions.notify.main(event, context('notify'));
    res.writeHead(out.statusCode, out.headers);
    res.end(out.isBase64Encoded ? Buffer.from(out.body, 'base64') : out.body);
    return;
  }
  const name = url.pathname.startsWith('/invoke/') && url.pathname.slice('/invoke/'.length);
  if (!Object.prototype.hasOwnProperty.call(functions, name)) {
    res.writeHead(404).end();
    return;
  }
  let reply;
  try {
    reply = { result: await functions[name].main(JSON.parse(raw.toString('utf8')), context(name)) };
  } catch (e) {
    reply = { threw: String(e && e.stack || e) };
  }
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply));
});

server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  if (!process.env.WECHATPAY_NOTIFY_URL) process.env.WECHATPAY_NOTIFY_URL = `${url}/notify`;
  console.log(JSON.stringify({ event: 'listening', url, node: process.version }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
