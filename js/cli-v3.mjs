// API v3 commands of the `wechatpay-wasm` CLI (js/cli.mjs merges them into its COMMANDS table)
// and `paysign --v3`. Node only. RSA runs on the pure-wasm path (the …Sync functions): one
// signature per run, and the command table stays synchronous.
import { readFileSync } from 'node:fs';
import { v3, WechatPayError, explainFinding } from './node.mjs';

/** `--x TEXT` or `--x @FILE`. */
function textArg(value) {
  return value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
}

function stdin() {
  return process.stdin.isTTY ? '' : readFileSync(0, 'utf8');
}

/** A file's text, without one trailing line break (for keys kept in files). */
function fileText(path) {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

/**
 * The message with every line feed shown as a visible `\n` at the end of its line (and a
 * carriage return as `\r`): what was signed, byte for byte, readable.
 */
export function visibleLines(message, indent = '  ') {
  const lines = message.split('\n');
  const out = lines.slice(0, -1).map((l) => `${indent}${l.replaceAll('\r', '\\r')}\\n`);
  const last = lines[lines.length - 1];
  if (last !== '') out.push(`${indent}${last.replaceAll('\r', '\\r')}   (no final \\n)`);
  return out.join('\n');
}

/**
 * Headers as a JSON object (Node's req.headers, a fetch Headers turned into an object) or as
 * `Name: value` lines (curl -i / -v output: status lines and `< ` prefixes are skipped) → pairs.
 */
export function parseHeaderText(text) {
  const t = text.trim();
  if (t.startsWith('{')) {
    let obj;
    try { obj = JSON.parse(t); } catch (e) { throw new WechatPayError('JSON_INVALID', `the headers are not valid JSON: ${e.message}`); }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new WechatPayError('JSON_INVALID', 'the headers JSON must be an object of names to values');
    return Object.entries(obj).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => [k, String(one)]));
  }
  const pairs = [];
  for (const raw of t.split(/\r?\n/)) {
    const line = raw.replace(/^[<>] ?/, '').trim();
    if (!line || /^HTTP\/\d/i.test(line) || /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+/.test(line)) continue;
    const colon = line.indexOf(':');
    if (colon > 0) pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return pairs;
}

/** Unix seconds from digits or an ISO 8601 date. */
function secondsArg(value) {
  if (value === undefined) return undefined;
  if (/^\d{1,12}$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return NaN;
  return Math.floor(ms / 1000);
}

/** The merchant private key (PEM) from --key-file, --key or WECHATPAY_PRIVATE_KEY, parsed (wasm only). */
function readPrivateKey(values, UsageError) {
  let pem;
  if (values['key-file'] !== undefined) pem = readFileSync(values['key-file'], 'utf8');
  else if (values.key !== undefined) pem = values.key;
  else if (process.env.WECHATPAY_PRIVATE_KEY) pem = process.env.WECHATPAY_PRIVATE_KEY;
  else throw new UsageError('no private key: pass --key-file apiclient_key.pem, or set WECHATPAY_PRIVATE_KEY to the PEM');
  return v3.importPrivateKeySync(pem, { webcrypto: false });
}

const MARKS = { pass: '✓', warn: '!', fail: '✗', skip: '–' };

/** A v3 diagnosis as text: the verdict, each check, each finding (with --explain: its meaning in
 * English and Chinese and, for a variant, the message that was really signed). */
export function diagnosisText(d, explain) {
  const out = [`${d.ok ? 'OK' : 'FAILED'}: ${d.summary}`, 'checks:'];
  for (const c of d.checks) out.push(`  ${MARKS[c.verdict] ?? '?'} ${c.name.padEnd(12)}${c.verdict}`);
  if (d.findings.length) out.push('findings:');
  for (const f of d.findings) {
    out.push(`  ${f.severity.toUpperCase()} ${f.code}: ${f.message}`);
    const meaning = explain ? explainFinding(f.code) : undefined;
    if (meaning) out.push(`    ${meaning.en}`, `    ${meaning.zh}`);
    if (explain && f.signedMessage !== undefined) out.push('    message that was signed (each \\n is a line feed):', visibleLines(f.signedMessage, '      '));
  }
  if (explain && d.message) out.push(`message (each \\n is a line feed, part of what is signed):\n${visibleLines(d.message)}`);
  out.push(`(${d.variantsTried} variants tried)`);
  return out.join('\n');
}

export function v3Commands({ UsageError, EXIT, emit, readInput }) {
  const check = (name, v) => {
    if (Number.isNaN(v)) throw new UsageError(`--${name} must be Unix seconds or a date`);
    return v;
  };

  const privateKey = (values) => readPrivateKey(values, UsageError);

  function apiV3Key(values) {
    if (values['api-v3-key-file'] !== undefined) return fileText(values['api-v3-key-file']);
    if (values['api-v3-key'] !== undefined) return values['api-v3-key'];
    if (process.env.WECHATPAY_API_V3_KEY) return process.env.WECHATPAY_API_V3_KEY;
    throw new UsageError('no API v3 key: pass --api-v3-key-file FILE, set WECHATPAY_API_V3_KEY, or pass --api-v3-key');
  }

  const API_V3_KEY = {
    'api-v3-key': { type: 'string', help: 'the API v3 key (visible in `ps`: prefer --api-v3-key-file or WECHATPAY_API_V3_KEY)' },
    'api-v3-key-file': { type: 'string', help: 'read the API v3 key from this file' },
  };
  const PRIVATE_KEY_FILE = { type: 'string', help: 'the merchant private key, apiclient_key.pem (PKCS#8 or PKCS#1; or WECHATPAY_PRIVATE_KEY = the PEM)' };
  const EXPLAIN = { type: 'boolean', short: 'x', help: 'also print the message signed, each line ending in a visible \\n' };

  return {
    authorization: {
      summary: 'API v3: the Authorization header of a request (WECHATPAY2-SHA256-RSA2048)',
      usage: 'wechatpay-wasm authorization --mchid ID --serial SERIAL --key-file apiclient_key.pem --url /v3/… [--method M] [--body TEXT|@FILE] [--timestamp S] [--nonce N] [--explain] [--json] [< body]',
      options: {
        mchid: { type: 'string', help: 'the merchant id (default: WECHATPAY_MCHID)' },
        serial: { type: 'string', help: 'the merchant API certificate serial (default: WECHATPAY_SERIAL_NO)' },
        'key-file': PRIVATE_KEY_FILE,
        key: { type: 'string', short: 'k', help: 'the private key\'s PEM text (prefer --key-file)' },
        method: { type: 'string', help: 'GET, POST, PUT, PATCH or DELETE (default: POST with a --body, else GET)' },
        url: { type: 'string', help: 'path and query, /v3/pay/transactions/jsapi (a full URL is reduced to them)' },
        body: { type: 'string', help: 'the exact body, or @FILE; POST/PUT/PATCH/DELETE without --body read it from standard input' },
        timestamp: { type: 'string', help: 'Unix seconds (default: now)' },
        nonce: { type: 'string', help: 'nonce_str (default: 32 random characters)' },
        explain: EXPLAIN,
      },
      run(values) {
        const mchId = values.mchid ?? process.env.WECHATPAY_MCHID;
        const serialNo = values.serial ?? process.env.WECHATPAY_SERIAL_NO;
        if (!values.url) throw new UsageError('--url is required');
        if (!mchId) throw new UsageError('--mchid is required (or set WECHATPAY_MCHID)');
        if (!serialNo) throw new UsageError('--serial is required (or set WECHATPAY_SERIAL_NO)');
        const method = (values.method ?? (values.body !== undefined ? 'POST' : 'GET')).toUpperCase();
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) throw new UsageError(`--method must be GET, POST, PUT, PATCH or DELETE, not ${JSON.stringify(values.method)}`);
        const body = values.body !== undefined ? textArg(values.body) : method === 'GET' ? '' : stdin();
        const key = privateKey(values);
        try {
          // timestamp / nonce: now / 32 random characters unless given; read back from the header.
          const header = v3.authorizationSync({ mchId, serialNo, privateKey: key, method, url: values.url, body, timestamp: values.timestamp, nonce: values.nonce });
          const fields = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
          const message = v3.message(method, values.url, fields.timestamp, fields.nonce_str, body);
          const text = values.explain
            ? `message (each \\n is a line feed, part of what is signed):\n${visibleLines(message)}\nsignature: ${fields.signature}\nAuthorization: ${header}`
            : header;
          emit(values, text, { ok: true, authorization: header, message, signature: fields.signature, timestamp: fields.timestamp, nonce: fields.nonce_str });
        } finally {
          key.free();
        }
        return EXIT.OK;
      },
    },

    'verify-v3': {
      summary: 'API v3: verify a response or notification (Wechatpay-* headers + raw body); with an API v3 key, decrypt it too',
      usage: 'wechatpay-wasm verify-v3 --headers TEXT|@FILE (--cert FILE… | --public-key FILE --public-key-id ID) [--body TEXT|@FILE] [--now S] [--max-skew S] [--api-v3-key-file FILE] [--explain] [--json] [< body]',
      options: {
        headers: { type: 'string', help: 'the headers, or @FILE: a JSON object or `Name: value` lines (curl -i output works)' },
        body: { type: 'string', help: 'the exact body, or @FILE (default: standard input)' },
        cert: { type: 'string', multiple: true, help: 'a platform certificate (PEM file), verified under its serial; repeat for several' },
        'public-key': { type: 'string', help: 'the WeChat Pay public key (PEM file, public-key mode)' },
        'public-key-id': { type: 'string', help: 'its id, PUB_KEY_ID_… (what Wechatpay-Serial carries)' },
        now: { type: 'string', help: 'check as of this time: Unix seconds or an ISO date (replaying an old capture)' },
        'max-skew': { type: 'string', help: 'allowed |timestamp − now| in seconds (default 300)' },
        ...API_V3_KEY,
        explain: EXPLAIN,
      },
      run(values) {
        if (values.headers === undefined) throw new UsageError('--headers is required');
        if (!values.cert?.length && values['public-key'] === undefined) throw new UsageError('give WeChat Pay\'s key: --cert FILE or --public-key FILE --public-key-id ID');
        if (values['public-key'] !== undefined && !values['public-key-id']) throw new UsageError('--public-key needs --public-key-id PUB_KEY_ID_…');
        const headers = parseHeaderText(textArg(values.headers));
        const body = values.body !== undefined ? textArg(values.body) : stdin();
        const now = check('now', secondsArg(values.now)) ?? Math.floor(Date.now() / 1000);
        if (values['max-skew'] !== undefined && !/^\d+$/.test(values['max-skew'])) throw new UsageError('--max-skew must be a number of seconds');
        const maxSkew = values['max-skew'] !== undefined ? Number(values['max-skew']) : undefined;
        // Decrypting only when asked (an API v3 key in the environment does not turn it on).
        const decrypt = values['api-v3-key'] !== undefined || values['api-v3-key-file'] !== undefined;
        const get = (name) => headers.find(([k]) => k.toLowerCase() === name)?.[1];
        const [ts, nonce, serial] = ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-serial'].map(get);
        const explainText = ts !== undefined && nonce !== undefined
          ? `message (each \\n is a line feed, part of what is signed):\n${visibleLines(v3.responseMessage(ts, nonce, body))}` : '';

        const verifier = new v3.Verifier();
        try {
          for (const file of values.cert ?? []) verifier.add(readFileSync(file, 'utf8'));
          if (values['public-key'] !== undefined) verifier.add(readFileSync(values['public-key'], 'utf8'), values['public-key-id']);
          let event;
          try {
            const opts = { verifier, headers, body, now, maxSkew };
            if (decrypt) event = v3.parseNotificationSync({ ...opts, apiV3Key: apiV3Key(values) });
            else v3.verifyResponseSync(opts);
          } catch (e) {
            if (e instanceof WechatPayError && values.explain && explainText) e.details = [explainText];
            throw e;
          }
          const skew = /^\d+$/.test(ts ?? '') ? now - Number(ts) : 0;
          const head = `OK: signature valid (serial ${serial}, timestamp ${ts}, skew ${skew >= 0 ? '+' : ''}${skew} s)`;
          const text = [head, ...(values.explain && explainText ? [explainText] : []), ...(event ? [JSON.stringify(event, null, 2)] : [])].join('\n');
          emit(values, text, { ok: true, serial, timestamp: Number(ts), skew, ...(event && { event }) });
        } finally {
          verifier.free();
        }
        return EXIT.OK;
      },
    },

    'diagnose-v3': {
      summary: 'API v3: why a signature fails — `request` (your Authorization header) or `response` (a response or notification)',
      usage: 'wechatpay-wasm diagnose-v3 request --url /v3/… --authorization TEXT|@FILE [--method M] [--body TEXT|@FILE] [--key-file apiclient_key.pem] [--cert apiclient_cert.pem] [--now S] [--platform-serial S…] [--other-attempt TEXT…] [--wechatpay-error TEXT|@FILE] [--explain] [--json]\n'
        + '       wechatpay-wasm diagnose-v3 response --headers TEXT|@FILE [--body TEXT|@FILE] (--cert FILE… | --public-key FILE --public-key-id ID) [--now S] [--max-skew S] [--api-v3-key-file FILE] [--explain] [--json] [< body]',
      positionals: true,
      options: {
        method: { type: 'string', help: 'request: GET, POST, … (default: POST with a --body, else GET)' },
        url: { type: 'string', help: 'request: the URL requested (path and query, or absolute)' },
        authorization: { type: 'string', help: 'request: the Authorization header sent, or @FILE' },
        'key-file': { ...PRIVATE_KEY_FILE, help: 'request: the merchant private key (optional; or WECHATPAY_PRIVATE_KEY)' },
        cert: { type: 'string', multiple: true, help: 'request: the merchant certificate apiclient_cert.pem; response: a platform certificate (repeat for several)' },
        serial: { type: 'string', help: 'request: the merchant certificate serial you expect in serial_no (when no --cert; default WECHATPAY_SERIAL_NO)' },
        'platform-serial': { type: 'string', multiple: true, help: 'request: a WeChat Pay platform serial or public key id you hold (catches it used as serial_no)' },
        'wechatpay-error': { type: 'string', help: 'request: WeChat Pay\'s SIGN_ERROR answer (its JSON body), or @FILE: what WeChat Pay received' },
        'other-attempt': { type: 'string', multiple: true, help: 'request: the Authorization header of another attempt (retry), or @FILE' },
        headers: { type: 'string', help: 'response: the headers, or @FILE (JSON or `Name: value` lines)' },
        body: { type: 'string', help: 'the exact body, or @FILE (response: default standard input)' },
        'public-key': { type: 'string', help: 'response: the WeChat Pay public key (PEM file)' },
        'public-key-id': { type: 'string', help: 'response: its PUB_KEY_ID_…' },
        now: { type: 'string', help: 'check as of this time: Unix seconds or an ISO date' },
        'max-skew': { type: 'string', help: 'response: allowed |timestamp − now| in seconds (default 300)' },
        ...API_V3_KEY,
        explain: { type: 'boolean', short: 'x', help: 'also print what each code means (English and Chinese) and the messages signed' },
      },
      run(values, positionals = []) {
        const [what, ...extra] = positionals;
        if (extra.length || (what !== 'request' && what !== 'response')) throw new UsageError('say what to diagnose: diagnose-v3 request … or diagnose-v3 response …');
        const now = check('now', secondsArg(values.now));
        let d;
        if (what === 'request') {
          if (!values.url) throw new UsageError('--url is required');
          if (values.authorization === undefined) throw new UsageError('--authorization is required (the header you sent)');
          if ((values.cert?.length ?? 0) > 1) throw new UsageError('request: give one --cert, the merchant certificate');
          const method = values.method ?? (values.body !== undefined ? 'POST' : 'GET');
          const keyPem = values['key-file'] !== undefined ? readFileSync(values['key-file'], 'utf8') : process.env.WECHATPAY_PRIVATE_KEY || undefined;
          d = v3.diagnoseRequest({
            method, url: values.url, body: values.body !== undefined ? textArg(values.body) : '', authorization: textArg(values.authorization).replace(/\r?\n$/, ''),
            privateKey: keyPem, certificate: values.cert?.length ? readFileSync(values.cert[0], 'utf8') : undefined, now,
            serialNo: values.serial ?? (process.env.WECHATPAY_SERIAL_NO || undefined),
            platformSerials: values['platform-serial'], otherAttempts: values['other-attempt']?.map((a) => textArg(a).replace(/\r?\n$/, '')),
            wechatpayError: values['wechatpay-error'] !== undefined ? textArg(values['wechatpay-error']) : undefined,
          });
        } else {
          if (values.headers === undefined) throw new UsageError('--headers is required');
          if (values['public-key'] !== undefined && !values['public-key-id']) throw new UsageError('--public-key needs --public-key-id PUB_KEY_ID_…');
          if (values['max-skew'] !== undefined && !/^\d+$/.test(values['max-skew'])) throw new UsageError('--max-skew must be a number of seconds');
          const decrypt = values['api-v3-key'] !== undefined || values['api-v3-key-file'] !== undefined;
          const verifier = new v3.Verifier();
          try {
            // A certificate that cannot be loaded is reported, and the diagnosis runs without it.
            for (const f of values.cert ?? []) {
              try { verifier.add(readFileSync(f, 'utf8')); } catch (e) { if (!(e instanceof WechatPayError)) throw e; process.stderr.write(`${f}: ${e.code}: ${e.message}\n`); }
            }
            if (values['public-key'] !== undefined) verifier.add(readFileSync(values['public-key'], 'utf8'), values['public-key-id']);
            d = v3.diagnoseVerification({
              headers: parseHeaderText(textArg(values.headers)), body: values.body !== undefined ? textArg(values.body) : stdin(), verifier,
              apiV3Key: decrypt ? apiV3Key(values) : undefined, now, maxSkew: values['max-skew'] !== undefined ? Number(values['max-skew']) : undefined,
            });
          } finally {
            verifier.free();
          }
        }
        emit(values, diagnosisText(d, values.explain), d);
        return d.ok ? EXIT.OK : EXIT.FAILED;
      },
    },

    'decrypt-v3': {
      summary: 'API v3: decrypt an AEAD_AES_256_GCM resource (or a notification body\'s resource) with the API v3 key',
      usage: 'wechatpay-wasm decrypt-v3 [--params TEXT|@FILE] [--api-v3-key-file FILE] [--json] < resource.json',
      options: { ...API_V3_KEY },
      run(values) {
        const input = readInput(values, 'a resource {ciphertext, nonce, associated_data} or a notification body, as JSON');
        let obj;
        try { obj = JSON.parse(input); } catch (e) { throw new WechatPayError('JSON_INVALID', `the input is not valid JSON: ${e.message}`); }
        const resource = obj && typeof obj === 'object' && obj.resource && typeof obj.resource === 'object' ? obj.resource : obj;
        if (!resource || typeof resource !== 'object' || typeof resource.ciphertext !== 'string') {
          throw new UsageError('the JSON must be a resource { ciphertext, nonce, associated_data } or a notification body with one');
        }
        const plaintext = v3.decryptResource(resource, apiV3Key(values));
        let parsed;
        try { parsed = JSON.parse(plaintext); } catch { /* not JSON: plaintext only */ }
        emit(values, plaintext, { ok: true, plaintext, ...(parsed !== undefined && { resource: parsed }) });
        return EXIT.OK;
      },
    },
  };
}

/** `paysign --v3`: RSA pay parameters (JSAPI / App) with the merchant private key. */
export function v3PaySign(values, { UsageError, EXIT, emit }) {
  const type = values.type ?? 'jsapi';
  if (values['sign-type'] !== undefined) throw new UsageError('--sign-type is for API v2: API v3 pay parameters are always signed with RSA');
  const key = readPrivateKey(values, UsageError);
  try {
    const prepay = values['prepay-id'].replace(/^prepay_id=/, '');
    const out = type === 'app'
      ? v3.appPayParamsSync(values['app-id'], values['partner-id'], prepay, key, values.timestamp, values.nonce)
      : v3.jsapiPayParamsSync(values['app-id'], prepay, key, values.timestamp, values.nonce);
    const message = type === 'app' ? v3.appMessage(out.appid, out.timestamp, out.noncestr, out.prepayid) : v3.jsapiMessage(out.appId, out.timeStamp, out.nonceStr, out.package);
    const text = JSON.stringify(out, null, 2) + (values.explain ? `\nmessage (each \\n is a line feed, part of what is signed):\n${visibleLines(message)}` : '');
    emit(values, text, values.explain ? { ...out, message } : out);
  } finally {
    key.free();
  }
  return EXIT.OK;
}
