// `wechatpay-wasm p12`: opens apiclient_cert.p12, prints its serial number and validity, and
// writes the certificate and key PEMs (for the v3 client's privateKey, a Workers mTLS upload,
// or any TLS stack that takes PEM). A PEM certificate is accepted too: then only its facts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openP12, certificateInfo } from '../node.mjs';

const iso = (s) => new Date(s * 1000).toISOString();

/** The `p12` command (js/cli.mjs merges it into its COMMANDS table). */
export function p12Commands({ UsageError, EXIT, emit }) {
  return {
    p12: {
      summary: 'open apiclient_cert.p12: print the serial number and validity, write the PEMs',
      usage: 'wechatpay-wasm p12 FILE.p12|cert.pem [--mch-id ID | --password-file FILE] [--out-dir DIR] [--force] [--json]',
      positionals: true,
      options: {
        'mch-id': { type: 'string', help: 'the merchant number: WeChat Pay\'s default password (or WECHATPAY_P12_PASSWORD)' },
        'password-file': { type: 'string', help: 'read the .p12 password from this file (one trailing line break is ignored)' },
        'out-dir': { type: 'string', help: 'write apiclient_cert.pem and apiclient_key.pem (mode 600) here' },
        force: { type: 'boolean', help: 'overwrite PEM files that exist' },
      },
      run(values, positionals) {
        if (positionals.length !== 1) throw new UsageError('pass exactly one file: the .p12 (or a PEM certificate)');
        const bytes = readFileSync(positionals[0]);
        const text = bytes.toString('latin1');
        if (text.includes('-----BEGIN CERTIFICATE-----')) {
          const info = certificateInfo(bytes.toString('utf8'));
          emit(values, [`serial_no   ${info.serialNo}`, `not_before  ${iso(info.notBefore)}`, `not_after   ${iso(info.notAfter)}`].join('\n'), { ok: true, ...info });
          return EXIT.OK;
        }
        const password = values['password-file'] !== undefined ? readFileSync(values['password-file'], 'utf8').replace(/\r?\n$/, '')
          : process.env.WECHATPAY_P12_PASSWORD ?? values['mch-id'];
        if (password === undefined) throw new UsageError('no password: pass --mch-id (WeChat Pay\'s default password), --password-file FILE or set WECHATPAY_P12_PASSWORD');
        const p12 = openP12(bytes, password);
        p12.privateKey.free();
        p12.certificate.free();
        const written = [];
        if (values['out-dir'] !== undefined) {
          const files = [['apiclient_cert.pem', p12.certificatePem, 0o644], ['apiclient_key.pem', p12.privateKeyPem, 0o600]];
          for (const [name] of files) {
            if (!values.force && existsSync(join(values['out-dir'], name))) throw new UsageError(`${join(values['out-dir'], name)} exists: pass --force to overwrite it`);
          }
          for (const [name, pem, mode] of files) {
            writeFileSync(join(values['out-dir'], name), pem, { mode });
            written.push(join(values['out-dir'], name));
          }
        }
        const lines = [`serial_no   ${p12.serialNo}`, `not_before  ${iso(p12.notBefore)}`, `not_after   ${iso(p12.notAfter)}`, ...written.map((f) => `wrote       ${f}`)];
        emit(values, lines.join('\n'), { ok: true, serialNo: p12.serialNo, notBefore: p12.notBefore, notAfter: p12.notAfter, written });
        return EXIT.OK;
      },
    },
  };
}
