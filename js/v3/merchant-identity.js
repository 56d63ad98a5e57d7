// createV3Client's serial_no from the merchant certificate. A serial_no that is not the API
// certificate's is among the commonest causes of SIGN_ERROR in every SDK's issue tracker, so
// the client can take the certificate (apiclient_cert.pem, or apiclient_cert.p12 with its key)
// and read the serial itself; given both, they must agree.
import { WechatPayError, invalidArgument } from '../errors.js';
import { requireString } from '../http.js';
import { merchantCertificate } from '../keys/p12.js';

const normalized = (serial) => serial.trim().toUpperCase().replace(/^(00)+(?=.)/, '');

/** `{ serialNo, privateKey? }` from `{ serialNo?, merchantCertificate?, p12Password? }` (the key only from a .p12). */
export function merchantIdentity(options, mchId) {
  if (options.merchantCertificate === undefined || options.merchantCertificate === null) {
    if (options.serialNo === undefined) throw invalidArgument('serialNo is required, or merchantCertificate (apiclient_cert.pem text or apiclient_cert.p12 bytes) to read it from');
    return { serialNo: requireString(options.serialNo, 'serialNo') };
  }
  if (options.p12Password !== undefined && typeof options.p12Password !== 'string') throw invalidArgument('p12Password must be a string');
  const cert = merchantCertificate(options.merchantCertificate, options.p12Password ?? mchId);
  cert.certificate?.free();
  if (options.serialNo !== undefined && normalized(requireString(options.serialNo, 'serialNo')) !== cert.serialNo) {
    cert.privateKey?.free();
    throw new WechatPayError('INVALID_ARGUMENT', `serialNo ${options.serialNo} is not the merchant certificate's serial ${cert.serialNo}: WeChat Pay would answer SIGN_ERROR. Omit serialNo to use the certificate's`);
  }
  if (options.privateKey !== undefined && options.privateKey !== null) {
    cert.privateKey?.free();
    return { serialNo: cert.serialNo };
  }
  return { serialNo: cert.serialNo, privateKey: cert.privateKey };
}
