#!/usr/bin/env node
// The `wechatpay-wasm` command (package.json "bin"). Node only: no entry of the package imports
// it. Exit codes: 0 ok, 1 verification failed / mismatch, 2 usage error, 3 any other error.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { v2, WechatPayError } from './node.mjs';
import { parseParamsText } from './input.js';
import { v3Commands, v3PaySign } from './cli-v3.mjs';
import { alipayCommands } from './cli-alipay.mjs';
import { p12Commands } from './cli/p12.mjs';

const EXIT = { OK: 0, FAILED: 1, USAGE: 2, ERROR: 3 };
// Library errors that mean "the message is not authentic" rather than "the input is unusable".
const VERIFICATION_CODES = new Set(['SIGN_MISMATCH', 'SIGN_MISSING', 'SIGN_TYPE_UNSUPPORTED', 'NOTIFY_RETURN_FAIL', 'DECRYPT_FAILED',
  'TIMESTAMP_SKEW', 'SERIAL_UNKNOWN', 'SIGNTEST_PROBE', 'HEADER_INVALID']);

class UsageError extends Error {}

const COMMON = {
  params: { type: 'string', short: 'p', help: 'the input text, or @FILE to read it from a file (default: standard input)' },
  key: { type: 'string', short: 'k', help: 'the API key (visible to other users in `ps`: prefer --key-file or WECHATPAY_KEY)' },
  'key-file': { type: 'string', help: 'read the API key from this file (one trailing line break is ignored)' },
  json: { type: 'boolean', help: 'print one JSON object instead of text' },
  explain: { type: 'boolean', short: 'x', help: 'also print stringA and stringSignTemp (key masked)' },
  help: { type: 'boolean', short: 'h', help: 'show help for the command' },
};
const SIGN_TYPE = { type: 'string', short: 't', help: 'MD5 or HMAC-SHA256 (default: the sign_type field, else MD5)' };

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

function readInput(values, what) {
  const given = values.params;
  if (given !== undefined) return given.startsWith('@') ? readFileSync(given.slice(1), 'utf8') : given;
  if (process.stdin.isTTY) throw new UsageError(`no input: pipe ${what} into standard input, or pass --params`);
  const text = readFileSync(0, 'utf8');
  if (!text.trim()) throw new UsageError(`no input: standard input is empty (expected ${what})`);
  return text;
}

function readKey(values) {
  if (values.key !== undefined) return values.key;
  if (values['key-file'] !== undefined) return readFileSync(values['key-file'], 'utf8').replace(/\r?\n$/, '');
  if (process.env.WECHATPAY_KEY) return process.env.WECHATPAY_KEY;
  throw new UsageError('no API key: pass --key-file FILE, set WECHATPAY_KEY, or pass --key');
}

function signType(values, params) {
  const t = values['sign-type'] ?? (params?.get?.('sign_type') || undefined);
  if (values['sign-type'] !== undefined && t !== 'MD5' && t !== 'HMAC-SHA256') {
    throw new UsageError(`--sign-type must be MD5 or HMAC-SHA256, not ${JSON.stringify(t)}`);
  }
  return t;
}

function readParams(values) {
  const parsed = parseParamsText(readInput(values, 'the parameters (XML, JSON or a query string)'));
  if (parsed.format === 'empty' || parsed.params.size === 0) throw new UsageError('no parameters in the input');
  return parsed;
}

const pad = (rows) => {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
};
const fieldLines = (obj) => pad(Object.entries(obj));

/** Prints the result: `text` for humans, `data` for --json. */
function emit(values, text, data) {
  process.stdout.write(values.json ? `${JSON.stringify(data)}\n` : `${text}\n`);
}

function explainRows(d) {
  return [['stringA', d.stringA], ['stringSignTemp', d.stringSignTempMasked], ['MD5', d.md5], ['HMAC-SHA256', d.hmacSha256]];
}

function diagnosisLines(d) {
  const lines = [];
  for (const c of d.causes) lines.push(`likely cause ${c.code} (${c.signType}): ${c.message}`);
  if (d.matches === false && !d.causes.length) lines.push(d.summary.replace(/^mismatch: /, ''));
  for (const n of d.notes) lines.push(`note ${n.code}: ${n.message}`);
  return lines;
}

// ── commands ────────────────────────────────────────────────────────────────────────────────
// One entry per command: { summary, usage, options, run(values) → exit code }. The API v3
// commands are in cli-v3.mjs, the Alipay ones in cli-alipay.mjs.

const KIT = { UsageError, EXIT, emit, pad, readInput };

const COMMANDS = {
  sign: {
    summary: 'sign v2 parameters (MD5 or HMAC-SHA256)',
    usage: 'wechatpay-wasm sign [--params TEXT|@FILE] [--key-file FILE] [--sign-type T] [--xml] [--explain] [--json] < params',
    options: { 'sign-type': SIGN_TYPE, xml: { type: 'boolean', help: 'print the signed XML (with sign_type and sign) instead of the sign' } },
    run(values) {
      const { params } = readParams(values);
      const key = readKey(values);
      const type = signType(values, params) ?? 'MD5';
      const fields = new Map(params);
      fields.delete('sign');
      // The XML carries sign_type when it is not MD5, so the sign printed beside it covers it too.
      if (values.xml && type !== 'MD5') fields.set('sign_type', type);
      const sign = v2.sign(fields, key, type);
      const d = values.explain ? v2.diagnose(fields, key, null, type) : null;
      const xml = values.xml ? v2.signedXml(fields, key, type) : undefined;
      const text = values.explain ? pad([...explainRows(d), ['sign', sign]]) + (xml ? `\n${xml}` : '') : xml ?? sign;
      emit(values, text, { ok: true, sign, signType: type, ...(xml && { xml }), ...(d && { stringA: d.stringA, stringSignTemp: d.stringSignTempMasked }) });
      return EXIT.OK;
    },
  },

  verify: {
    summary: 'check the sign of v2 parameters; on a mismatch, say why',
    usage: 'wechatpay-wasm verify [--params TEXT|@FILE] [--sign SIGN] [--key-file FILE] [--sign-type T] [--explain] [--json] < params',
    options: { 'sign-type': SIGN_TYPE, sign: { type: 'string', short: 's', help: 'the received sign (default: the sign field)' } },
    run(values) {
      const { params } = readParams(values);
      const key = readKey(values);
      const d = v2.diagnose(params, key, values.sign ?? null, signType(values, params) ?? null);
      const unsupported = d.notes.find((n) => n.code === 'SIGN_TYPE_UNSUPPORTED');
      if (d.received === null) throw new WechatPayError('SIGN_MISSING', 'no sign to verify: the input has no sign field and --sign was not given');
      if (unsupported && values['sign-type'] === undefined) throw new WechatPayError('SIGN_TYPE_UNSUPPORTED', unsupported.message);
      const ok = d.matches === true;
      const head = ok ? `OK: the sign matches (${d.signType})` : `MISMATCH: received ${d.received}, expected ${d.expected} (${d.signType})`;
      const lines = [head, ...diagnosisLines(d), ...(values.explain ? [pad(explainRows(d))] : [])];
      emit(values, lines.join('\n'), { ok, ...d });
      return ok ? EXIT.OK : EXIT.FAILED;
    },
  },

  paysign: {
    summary: 'build signed pay parameters for JSAPI / mini-program (default) or the App SDK (API v2; --v3: RSA)',
    usage: 'wechatpay-wasm paysign --app-id ID --prepay-id ID [--type jsapi|app] [--partner-id MCH_ID] [--timestamp S] [--nonce N] [--sign-type T] [--key-file FILE] [--v3] [--explain] [--json]',
    options: {
      v3: { type: 'boolean', help: 'API v3: sign with the merchant private key (--key-file apiclient_key.pem or WECHATPAY_PRIVATE_KEY), signType RSA' },
      type: { type: 'string', help: 'jsapi (wx.requestPayment, WeixinJSBridge; default) or app (PayReq)' },
      'app-id': { type: 'string', help: 'appId' },
      'prepay-id': { type: 'string', help: 'prepay_id from the unified order ("prepay_id=" prefix accepted)' },
      'partner-id': { type: 'string', help: 'partnerId = mch_id (app only)' },
      timestamp: { type: 'string', help: 'Unix seconds (default: now)' },
      nonce: { type: 'string', help: 'nonce (default: 32 random characters)' },
      'sign-type': { ...SIGN_TYPE, help: 'MD5 (default) or HMAC-SHA256' },
    },
    run(values) {
      const type = values.type ?? 'jsapi';
      if (type !== 'jsapi' && type !== 'app') throw new UsageError(`--type must be jsapi or app, not ${JSON.stringify(type)}`);
      for (const flag of ['app-id', 'prepay-id', ...(type === 'app' ? ['partner-id'] : [])]) {
        if (!values[flag]) throw new UsageError(`--${flag} is required`);
      }
      if (values.v3) return v3PaySign(values, KIT);
      const key = readKey(values);
      const st = signType(values) ?? 'MD5';
      const prepay = values['prepay-id'].replace(/^prepay_id=/, '');
      const out = type === 'app'
        ? v2.appPayParams(values['app-id'], values['partner-id'], prepay, key, st, values.timestamp, values.nonce)
        : v2.jsapiPayParams(values['app-id'], prepay, key, st, values.timestamp, values.nonce);
      // What the sign covers: every field but the sign itself.
      const signed = Object.fromEntries(Object.entries(out).filter(([k]) => k !== 'sign' && k !== 'paySign'));
      const s = values.explain ? v2.stringToSign(signed, key) : null;
      const text = JSON.stringify(out, null, 2) + (s ? `\n${pad([['stringA', s.stringA], ['stringSignTemp', s.stringSignTempMasked]])}` : '');
      emit(values, text, s ? { ...out, stringA: s.stringA, stringSignTemp: s.stringSignTempMasked } : out);
      return EXIT.OK;
    },
  },

  decrypt: {
    summary: 'decrypt a refund notification\'s req_info (or a whole refund notification XML)',
    usage: 'wechatpay-wasm decrypt [--req-info B64 | --params TEXT|@FILE] [--key-file FILE] [--json] < req_info-or-xml',
    options: { 'req-info': { type: 'string', help: 'the base64 req_info' } },
    run(values) {
      const input = values['req-info'] ?? readInput(values, 'a req_info or a refund notification XML');
      const key = readKey(values);
      const fields = input.trim().startsWith('<') ? v2.parseRefundNotification(input, key) : v2.decryptRefundNotification(input, key);
      emit(values, fieldLines(fields), fields);
      return EXIT.OK;
    },
  },

  notify: {
    summary: 'verify a payment notification (or decrypt a refund notification) and print its fields',
    usage: 'wechatpay-wasm notify [--params TEXT|@FILE] [--key-file FILE] [--ack] [--json] < notification.xml',
    options: { ack: { type: 'boolean', help: 'print only the XML reply for WeChat Pay (SUCCESS, or FAIL with exit code 1)' } },
    run(values) {
      const xml = readInput(values, 'the notification XML');
      const key = readKey(values);
      let fields;
      try {
        const refund = /<req_info[\s>]/.test(xml);
        fields = refund ? v2.parseRefundNotification(xml, key) : v2.parseNotification(xml, key);
      } catch (e) {
        if (!(e instanceof WechatPayError)) throw e;
        if (values.ack) {
          process.stdout.write(`${v2.notificationAck(false, e.code === 'NOTIFY_RETURN_FAIL' ? 'FAIL' : 'invalid sign')}\n`);
          return VERIFICATION_CODES.has(e.code) ? EXIT.FAILED : EXIT.ERROR;
        }
        if (e.code === 'SIGN_MISMATCH') {
          const d = v2.diagnose(v2.fromXml(xml), key);
          e.details = diagnosisLines(d);
          e.diagnosis = d;
        }
        throw e;
      }
      if (values.ack) {
        process.stdout.write(`${v2.notificationAck(true)}\n`);
        return EXIT.OK;
      }
      emit(values, fieldLines(fields), { ok: true, fields, ack: v2.notificationAck(true) });
      return EXIT.OK;
    },
  },

  ...v3Commands(KIT),
  ...alipayCommands(KIT),
  ...p12Commands(KIT),
};

// ── main ────────────────────────────────────────────────────────────────────────────────────

function optionHelp(options) {
  return pad(Object.entries(options).map(([name, o]) => [`  ${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ' VALUE' : ''}`, o.help ?? '']));
}

function globalHelp() {
  return `wechatpay-wasm: WeChat Pay merchant cryptography from the command line

Usage: wechatpay-wasm <command> [flags]

Commands:
${pad(Object.entries(COMMANDS).map(([name, c]) => [`  ${name}`, c.summary]))}

Input (parameters, XML, req_info) comes from standard input or --params; parameters may be
XML, a JSON object or a query string. The key comes from --key-file, WECHATPAY_KEY or --key
(API v3: --key-file apiclient_key.pem or WECHATPAY_PRIVATE_KEY; the API v3 key from
--api-v3-key-file or WECHATPAY_API_V3_KEY).
Exit codes: 0 ok, 1 verification failed or mismatch, 2 usage error, 3 other error.
Run \`wechatpay-wasm <command> --help\` for a command's flags.`;
}

function commandHelp(name, c) {
  // A command's own flag (its --key-file, --explain) is described by the command.
  const common = Object.fromEntries(Object.entries(COMMON).filter(([k]) => !Object.hasOwn(c.options, k)));
  return `wechatpay-wasm ${name}: ${c.summary}\n\nUsage: ${c.usage}\n\nFlags:\n${optionHelp({ ...c.options, ...common })}`;
}

function version() {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}

export function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined) { process.stderr.write(`${globalHelp()}\n`); return EXIT.USAGE; }
  if (name === '--help' || name === '-h' || name === 'help') { process.stdout.write(`${globalHelp()}\n`); return EXIT.OK; }
  if (name === '--version' || name === '-v') { process.stdout.write(`${version()}\n`); return EXIT.OK; }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : null;
  const json = rest.includes('--json');
  const fail = (code, message, exit, extra = {}) => {
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message }, ...extra })}\n`);
    else process.stderr.write(`wechatpay-wasm${command ? ` ${name}` : ''}: ${code === 'USAGE' ? '' : `${code}: `}${message}\n`);
    return exit;
  };
  if (!command) return fail('USAGE', `unknown command ${JSON.stringify(name)}. Commands: ${Object.keys(COMMANDS).join(', ')}`, EXIT.USAGE);

  const options = Object.fromEntries(Object.entries({ ...COMMON, ...command.options }).map(([k, { help: _help, ...o }]) => [k, o]));
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({ args: rest, options, strict: true, allowPositionals: Boolean(command.positionals) }));
  } catch (e) {
    return fail('USAGE', `${e.message}\nUsage: ${command.usage}`, EXIT.USAGE);
  }
  if (values.help) { process.stdout.write(`${commandHelp(name, command)}\n`); return EXIT.OK; }
  try {
    return command.run(values, positionals);
  } catch (e) {
    if (e instanceof UsageError) return fail('USAGE', `${e.message}\nUsage: ${command.usage}`, EXIT.USAGE);
    if (e instanceof WechatPayError) {
      const exit = VERIFICATION_CODES.has(e.code) ? EXIT.FAILED : EXIT.ERROR;
      if (json) return fail(e.code, e.message, exit, e.diagnosis ? { diagnosis: e.diagnosis } : {});
      fail(e.code, e.message, exit);
      if (e.details?.length) process.stderr.write(`${e.details.join('\n')}\n`);
      return exit;
    }
    if (e && typeof e.syscall === 'string' && typeof e.code === 'string') return fail('USAGE', fileErrorMessage(e), EXIT.USAGE);
    // One line, as for every other failure; WECHATPAY_DEBUG=1 shows the stack of an unexpected one.
    return fail('ERROR', process.env.WECHATPAY_DEBUG ? e?.stack ?? String(e) : String(e?.message ?? e).split('\n')[0], EXIT.ERROR);
  }
}

const FILE_ERRORS = {
  ENOENT: 'no such file', EISDIR: 'is a directory, not a file', EACCES: 'permission denied', EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory', ELOOP: 'too many symbolic links', ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files', EAGAIN: 'not ready (a non-blocking input?)',
};

/** `cannot read PATH: reason` for a failed read (standard input when the error has no path). */
function fileErrorMessage(e) {
  const what = e.path === undefined || e.path === 0 ? 'standard input' : String(e.path);
  return `cannot read ${what}: ${FILE_ERRORS[e.code] ?? e.code}`;
}

process.exitCode = main(process.argv.slice(2));
