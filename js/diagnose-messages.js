// One line of English and Chinese per finding code of the API v3 diagnosis (v3.diagnoseRequest,
// v3.diagnoseVerification): shared by the CLI (`diagnose-v3 --explain`) and the debugger. The
// findings' own `message` carries the specifics (values, lengths); these say what the code means.
// Every code of the Rust core's list has an entry (tests/js/diagnose-v3.test.mjs checks it).

export const V3_FINDINGS = Object.freeze({
  // Request: the Authorization header's form
  AUTH_MISSING: ['The Authorization header is empty or missing.', 'Authorization 请求头为空或缺失。'],
  AUTH_SCHEME: ['The scheme is not exactly WECHATPAY2-SHA256-RSA2048.', '认证类型不是 WECHATPAY2-SHA256-RSA2048（须完全一致）。'],
  AUTH_WHITESPACE: ['Stray whitespace in the header: WeChat Pay\'s form has none around , and =.', '请求头中有多余空白：逗号和等号两侧不应有空格。'],
  AUTH_SEPARATOR: ['The fields are separated by something other than a comma.', '字段之间的分隔符不是英文逗号。'],
  AUTH_UNQUOTED: ['A field value is not in double quotes.', '字段值没有用英文双引号括起来。'],
  AUTH_FIELD_MISSING: ['One of mchid, nonce_str, signature, timestamp, serial_no is missing.', '缺少 mchid、nonce_str、signature、timestamp、serial_no 之一。'],
  AUTH_FIELD_UNKNOWN: ['A field name is misspelt (e.g. nonce for nonce_str, mch_id for mchid).', '字段名拼写错误（如 nonce 应为 nonce_str，mch_id 应为 mchid）。'],
  AUTH_FIELD_DUPLICATE: ['A field appears twice.', '同一字段出现了两次。'],
  AUTH_TIMESTAMP_FORMAT: ['The timestamp is not Unix seconds in digits.', '时间戳不是十进制的 Unix 秒数。'],
  AUTH_SIGNATURE_BASE64: ['The signature is not standard base64.', '签名值不是标准 Base64 编码。'],
  TIMESTAMP_MILLISECONDS: ['Milliseconds were used where WeChat Pay wants Unix seconds.', '使用了毫秒时间戳，微信支付要求秒级时间戳。'],
  // Request: serial and keys
  SERIAL_CASE: ['serial_no differs from the certificate\'s serial in letter case.', 'serial_no 与证书序列号大小写不一致。'],
  SERIAL_LEADING_ZERO: ['serial_no differs from the certificate\'s serial in leading zeros.', 'serial_no 与证书序列号的前导零不一致。'],
  SERIAL_PLATFORM: ['serial_no is WeChat Pay\'s platform serial or public key id, not the merchant certificate\'s.', 'serial_no 填了平台证书序列号或微信支付公钥 ID，应填商户 API 证书序列号。'],
  SERIAL_MISMATCH: ['serial_no is not the merchant certificate\'s serial.', 'serial_no 不是该商户 API 证书的序列号。'],
  SERIAL_FORMAT: ['serial_no is not a certificate serial (hex digits).', 'serial_no 不是证书序列号格式（十六进制）。'],
  PRIVATE_KEY_INVALID: ['The merchant private key cannot be parsed.', '商户私钥无法解析。'],
  CERTIFICATE_INVALID: ['The certificate cannot be parsed.', '证书无法解析。'],
  CERTIFICATE_NO_SERIAL: ['A bare public key was given where the merchant certificate was expected.', '提供的是公钥而不是商户证书，无法比对序列号。'],
  KEY_PAIR_MISMATCH: ['The private key and the certificate are not a pair.', '商户私钥与证书不是一对（模数不同）。'],
  // Both
  CERTIFICATE_EXPIRED: ['The certificate has expired at the time checked.', '在检查时间点证书已过期。'],
  CERTIFICATE_NOT_YET_VALID: ['The certificate is not yet valid at the time checked.', '在检查时间点证书尚未生效。'],
  TIMESTAMP_SKEW: ['The timestamp is too far from now (more than 5 minutes by default).', '时间戳与当前时间相差过大（默认超过 5 分钟）。'],
  SIGNATURE_UNCHECKED: ['The signature could not be verified: a key or header is missing.', '缺少密钥或请求头，未能验证签名。'],
  SIGNATURE_MISMATCH: ['The signature does not verify, and no usual mistake reproduces it.', '签名验证失败，且常见错误均无法复现该签名。'],
  VARIANTS_SKIPPED: ['The body is too large for the variants to be tried.', '报文主体过大，未尝试各种变体。'],
  // Request: the variant that reproduces the signature
  URL_QUERY_DROPPED: ['The URL was signed without its query string.', '签名时 URL 漏掉了查询参数。'],
  URL_WITH_HOST: ['The URL was signed with scheme and host; sign only path and query.', '签名时 URL 带了协议和域名，只应签路径和查询参数。'],
  QUERY_DECODED: ['The query was signed percent-decoded, but sent encoded.', '签名时查询参数是解码后的，实际发送的是编码后的。'],
  QUERY_ENCODED: ['The query was signed encoded differently from what was sent.', '签名时查询参数的编码与实际发送的不同。'],
  BODY_RESERIALIZED: ['The body was re-serialized (parsed and stringified) between signing and sending or verifying.', '报文主体在签名与发送（或验签）之间被重新序列化。'],
  BODY_PRETTY: ['The body was signed pretty-printed, but sent compact.', '签名用的是格式化后的报文，发送的是紧凑格式。'],
  BODY_ESCAPES: ['The body\'s \\uXXXX or \\/ escapes differ between the signed and the given text.', '报文中 \\uXXXX 或 \\/ 转义与签名时不一致。'],
  BODY_TRAILING_NEWLINE: ['A trailing line break was added to or removed from the body.', '报文末尾多了或少了换行符。'],
  BODY_LINE_ENDINGS: ['The body\'s line endings (CRLF vs LF) were changed.', '报文的换行符（CRLF 与 LF）被改变。'],
  BODY_OMITTED: ['The body was left out of the signed message.', '签名串中漏掉了请求报文主体。'],
  BODY_FOR_GET: ['A GET was signed with a body ({} or null); a GET has none.', 'GET 请求签名时带了报文主体（{} 或 null），应为空。'],
  FINAL_NEWLINE_MISSING: ['The signed message lacks its final \\n (for a GET: the empty body line).', '签名串缺少最后的 \\n（GET 请求即空报文那一行）。'],
  METHOD_LOWERCASE: ['The method was signed in lower case.', '签名时 HTTP 方法用了小写。'],
  CRLF_LINE_ENDINGS: ['The signed message\'s lines were joined with \\r\\n instead of \\n.', '签名串各行用 \\r\\n 连接，应为 \\n。'],
  TIMESTAMP_OTHER_ATTEMPT: ['The signature covers another timestamp than the header carries.', '签名用的时间戳与请求头中的不同。'],
  NONCE_OTHER_ATTEMPT: ['The signature covers the nonce of another attempt.', '签名用的是另一次请求的随机串。'],
  MCHID_MISMATCH: ['The header\'s mchid differs from the body\'s mchid / sp_mchid.', '请求头中的 mchid 与报文中的 mchid / sp_mchid 不一致。'],
  BODY_JSON_INVALID: ['The request body is not valid JSON.', '请求报文不是合法的 JSON。'],
  // Request: against WeChat Pay's SIGN_ERROR answer (detail.sign_information)
  BODY_NOT_SENT: ['The body was signed but WeChat Pay received none.', '报文参与了签名，但微信支付没有收到报文主体。'],
  SENT_MESSAGE_DIFFERS: ['WeChat Pay received another method, URL or body than the one signed.', '微信支付收到的方法、URL 或报文与签名时的不同。'],
  WECHATPAY_ERROR_UNREADABLE: ['WeChat Pay\'s answer has no readable sign_information.', '微信支付的应答中没有可读的 sign_information。'],
  // Verification
  HEADER_MISSING: ['A Wechatpay-* header is missing or empty.', '缺少或为空的 Wechatpay-* 应答头。'],
  HEADER_TIMESTAMP_FORMAT: ['Wechatpay-Timestamp is not Unix seconds in digits.', 'Wechatpay-Timestamp 不是十进制的 Unix 秒数。'],
  HEADER_SIGNATURE_BASE64: ['Wechatpay-Signature is not base64.', 'Wechatpay-Signature 不是 Base64 编码。'],
  SIGNTEST_PROBE: ['A WECHATPAY/SIGNTEST/ probe: rejecting it is correct.', '这是微信支付的签名探测（WECHATPAY/SIGNTEST/），拒绝它是正确的。'],
  SERIAL_UNKNOWN: ['Wechatpay-Serial names no key loaded here.', 'Wechatpay-Serial 对应的密钥未加载。'],
  SERIAL_IS_PUBLIC_KEY_ID: ['The serial is a WeChat Pay public key id, but only platform certificates are loaded.', '序列号是微信支付公钥 ID，但只加载了平台证书。'],
  SERIAL_IS_CERTIFICATE: ['The serial is a platform certificate serial, but only WeChat Pay public keys are loaded.', '序列号是平台证书序列号，但只加载了微信支付公钥。'],
  BODY_REFORMATTED: ['Whitespace was added to the raw body (pretty-printed or copied from a log).', '原始报文被加入了空白（被格式化或从日志复制）。'],
  BODY_CHARSET: ['The body was decoded with the wrong charset.', '报文被用错误的字符集解码。'],
  BODY_OBJECT: ['An object was passed instead of the raw body text ("[object Object]").', '传入的是对象而不是原始报文文本（"[object Object]"）。'],
  BODY_EMPTY: ['The body is empty: a body parser consumed it first.', '报文为空：已被框架的解析器提前读取。'],
  // Verification: the notification's resource
  NOTIFICATION_JSON_INVALID: ['The body is not a JSON notification with a resource.', '报文不是带 resource 的 JSON 通知。'],
  RESOURCE_ALGORITHM: ['resource.algorithm is not AEAD_AES_256_GCM.', 'resource.algorithm 不是 AEAD_AES_256_GCM。'],
  RESOURCE_NONCE: ['resource.nonce is not 12 bytes: the body was altered.', 'resource.nonce 不是 12 字节：报文被改动。'],
  RESOURCE_CIPHERTEXT: ['resource.ciphertext is not base64 or is truncated.', 'resource.ciphertext 不是 Base64 或被截断。'],
  APIV3_KEY_LENGTH: ['The API v3 key is not 32 bytes.', 'APIv3 密钥长度不是 32 字节。'],
  APIV3_KEY_WHITESPACE: ['The API v3 key has whitespace around it.', 'APIv3 密钥两侧有空白字符。'],
  APIV3_KEY_WRONG: ['The resource is authentic but does not decrypt: the API v3 key is wrong.', '通知内容真实但无法解密：APIv3 密钥错误。'],
  DECRYPT_FAILED: ['The resource does not decrypt: wrong API v3 key or altered body (cannot tell which).', '无法解密：APIv3 密钥错误或报文被改动（无法区分）。'],
});

/** `{ en, zh }` for a finding code; undefined for an unknown code. */
export function explainFinding(code) {
  const entry = Object.hasOwn(V3_FINDINGS, code) ? V3_FINDINGS[code] : undefined;
  return entry && { en: entry[0], zh: entry[1] };
}
