// One line of English and Chinese per `WechatPayError.code` the package can throw: what it means
// and the likely fix. Shared by the debugger (shown beside each error, in the page's language)
// and exported for merchants' logs. The `message` of an error carries the specifics; these say
// what the code means. tests/js/error-texts.test.mjs checks every code of src/error.rs and of the
// wrapper (js/) has both lines.

export const ERROR_TEXTS = Object.freeze({
  // The Rust core (src/error.rs)
  INVALID_ARGUMENT: [
    'An argument is empty or malformed (or a sensitive field is over one RSA-OAEP block, 214 bytes): check the named field, the type and that no value holds a NUL.',
    '参数为空或格式不对（或敏感字段超过一个 RSA-OAEP 分组，即 214 字节）：检查报错中的字段名、参数类型，以及值中是否含有 NUL 字符。'],
  SIGN_TYPE_UNSUPPORTED: [
    'Unsupported sign type: v2 takes MD5 or HMAC-SHA256, Alipay RSA2 (or the legacy RSA).',
    '不支持的签名类型：v2 只支持 MD5 或 HMAC-SHA256，支付宝只支持 RSA2（或旧版 RSA）。'],
  SIGN_MISSING: [
    'The message has no sign field: sign it before sending, or check that the whole message arrived.',
    '报文中没有 sign 字段：发送前先签名，或检查报文是否完整收到。'],
  SIGN_MISMATCH: [
    'The signature does not verify: usually the wrong key (v2 API key, not the v3 key or AppSecret) or fields changed after signing.',
    '验签失败：通常是密钥用错（应使用 API v2 密钥，而不是 APIv3 密钥或 AppSecret），或签名后字段被改动。'],
  XML_INVALID: [
    'Not the flat <xml><k>v</k></xml> WeChat Pay sends: pass the raw body text, unmodified.',
    '不是微信支付使用的扁平 <xml><k>v</k></xml> 格式：请传入未经改动的原始报文。'],
  XML_FORBIDDEN: [
    'The XML holds a DOCTYPE, an entity or a processing instruction, refused for safety (XXE): WeChat Pay never sends them.',
    'XML 中含有 DOCTYPE、实体或处理指令，出于安全（XXE）被拒绝：微信支付从不发送这些内容。'],
  XML_TOO_LARGE: [
    'The XML is over 1 MiB: WeChat Pay messages are a few KB, so this is not one of them.',
    'XML 超过 1 MiB：微信支付的报文只有几 KB，这不是微信支付发来的报文。'],
  XML_TOO_MANY_FIELDS: [
    'The XML has over 1,024 fields: WeChat Pay sends a few dozen, so this is not one of its messages.',
    'XML 字段超过 1024 个：微信支付只发送几十个字段，这不是微信支付的报文。'],
  NOTIFY_RETURN_FAIL: [
    'The notification\'s return_code is not SUCCESS: its fields are unsigned, so do not act on it.',
    '通知的 return_code 不是 SUCCESS：其字段未签名，不要据此处理业务。'],
  BASE64_INVALID: [
    'Text that must be base64 is not: it was truncated, re-encoded or had line breaks added.',
    '应为 Base64 的文本不合法：可能被截断、被重新编码或被插入了换行。'],
  DECRYPT_FAILED: [
    'Decryption failed: the key is wrong (the API v3 key, or the v2 API key for req_info) or the ciphertext was altered.',
    '解密失败：密钥错误（APIv3 密钥，或 req_info 使用的 API v2 密钥），或密文被改动。'],
  KEY_INVALID: [
    'The key cannot be used: check its length and PEM format, or import a freed key handle again.',
    '密钥不可用：检查其长度和 PEM 格式；若密钥句柄已释放，请重新导入。'],
  KEY_TOO_SMALL: [
    'The RSA key is under 2048 bits: WeChat Pay and Alipay require RSA-2048; generate a new key.',
    'RSA 密钥不足 2048 位：微信支付和支付宝要求 RSA-2048，请重新生成密钥。'],
  SERIAL_UNKNOWN: [
    'Wechatpay-Serial names a key the verifier does not hold: download the platform certificates again or add the WeChat Pay public key.',
    'Wechatpay-Serial 对应的密钥未加载：重新下载平台证书，或加入微信支付公钥。'],
  TIMESTAMP_SKEW: [
    'Wechatpay-Timestamp (or Alipay v3\'s alipay-timestamp) is too far from now (over 300 s by default): a replay, or the server clock is wrong.',
    'Wechatpay-Timestamp（或支付宝 v3 的 alipay-timestamp）与当前时间相差过大（默认超过 300 秒）：可能是重放，或服务器时钟不准。'],
  HEADER_INVALID: [
    'A Wechatpay-* header (or Alipay v3\'s alipay-timestamp / alipay-nonce) is missing or malformed: pass the headers exactly as received.',
    'Wechatpay-* 头（或支付宝 v3 的 alipay-timestamp / alipay-nonce）缺失或格式错误：请原样传入收到的头。'],
  SIGNTEST_PROBE: [
    'A WECHATPAY/SIGNTEST/ probe from WeChat Pay: rejecting it is correct, nothing to fix.',
    '这是微信支付的签名探测（WECHATPAY/SIGNTEST/）：拒绝它是正确的，无需处理。'],
  JSON_INVALID: [
    'Malformed JSON, or a required field or Alipay response node is missing: pass the raw body text.',
    'JSON 格式错误，或缺少必需字段或支付宝应答节点：请传入原始报文文本。'],
  ALIPAY_ERROR: [
    'Alipay answered a code other than 10000 (or OpenAPI v3 an HTTP 4xx/5xx): see subCode and subMsg (v3: alipayCode, alipayMsg).',
    '支付宝返回的 code 不是 10000（或 OpenAPI v3 返回 HTTP 4xx/5xx）：查看 subCode 和 subMsg（v3：alipayCode、alipayMsg）。'],
  ALIPAY_CERT_NO_RSA: [
    'The Alipay root bundle has no RSA-signed certificate, so no alipay_root_cert_sn: pass alipayRootCert.crt exactly as downloaded.',
    '支付宝根证书包中没有 RSA 签名的证书，无法计算 alipay_root_cert_sn：请原样传入下载的 alipayRootCert.crt。'],
  ALIPAY_CERT_SN_MISMATCH: [
    'Alipay signed with another certificate than the configured one: it rotated it; download the new alipayCertPublicKey_RSA2.crt.',
    '支付宝使用了与配置不同的证书签名：支付宝已更换证书，请下载新的 alipayCertPublicKey_RSA2.crt。'],
  BILL_HASH_MISMATCH: [
    'The downloaded bill\'s SHA-1 (after gunzip) is not the hash_value WeChat Pay gave: the download is incomplete or altered; download it again.',
    '下载的账单（gzip 解压后）的 SHA-1 与微信支付返回的 hash_value 不一致：下载不完整或被篡改，请重新下载。'],
  BILL_TRUNCATED: [
    'The bill download broke off, its gzip stream is cut or corrupt, or it ends before the summary row: download it again.',
    '账单下载中断、gzip 数据被截断或损坏，或账单在汇总行之前就结束了：请重新下载。'],
  BILL_NOT_GZIP: [
    'tar_type GZIP was asked but the download is not gzip: check what answered (a proxy?) or drop tar_type.',
    '请求了 tar_type GZIP，但下载内容不是 gzip：检查应答方（是否经过代理），或去掉 tar_type。'],
  BILL_INVALID: [
    'The bill does not follow the bill format (cell count, line over 64 KiB, columns, text after the summary, not UTF-8): check it is a WeChat Pay bill, unmodified.',
    '账单不符合账单格式（列数不符、单行超过 64 KiB、列名重复、汇总行后还有内容、非 UTF-8）：确认这是未经改动的微信支付账单。'],
  P12_PASSWORD: [
    'The .p12 MAC does not verify: the password is wrong (WeChat Pay\'s default is the mch_id).',
    '.p12 的 MAC 校验失败：证书密码错误（微信支付的默认密码是商户号 mch_id）。'],
  P12_UNSUPPORTED: [
    'The .p12 uses an algorithm or mode not supported (RC4, public-key integrity, over 1,000,000 iterations): export it again with openssl pkcs12 -export.',
    '.p12 使用了不支持的算法或模式（RC4、公钥完整性保护、迭代次数超过 1,000,000）：请用 openssl pkcs12 -export 重新导出。'],
  P12_INVALID: [
    'Not a usable .p12 (truncated, another format, over 64 KiB, no key or no matching certificate): pass the apiclient_cert.p12 bytes unmodified.',
    '不是可用的 .p12 文件（被截断、格式不对、超过 64 KiB、缺少私钥或匹配的证书）：请原样传入 apiclient_cert.p12 的字节。'],
  // The JS wrapper (js/)
  INPUT_TOO_LARGE: [
    'A text argument is over 4 MiB (refused before entering wasm), or an upload file is over the endpoint\'s limit (see .limit, .size): shrink the file.',
    '文本参数超过 4 MiB（在进入 wasm 之前被拒绝），或上传文件超过该接口的大小限制（见 .limit、.size）：请缩小文件。'],
  WASM_TRAP: [
    'The wasm module ran out of memory and trapped: the call failed, later calls work; lower the runtime\'s load.',
    'wasm 模块内存耗尽而中止：本次调用失败，之后的调用正常；请降低运行时的负载。'],
  WASM_UNSUPPORTED: [
    'This runtime\'s WebAssembly lacks a feature the module needs: use Node 16.9 or later, or a current browser.',
    '当前运行时的 WebAssembly 缺少所需特性：请使用 Node 16.9 及以上版本或新版浏览器。'],
  HTTP_ERROR: [
    'The server answered an unexpected HTTP status without an error body: see .status and .body.',
    '服务器返回了意外的 HTTP 状态码且没有错误报文：查看 .status 和 .body。'],
  NETWORK_ERROR: [
    'The server could not be reached: check DNS, the network, a proxy and the mTLS certificate.',
    '无法连接服务器：检查 DNS、网络、代理以及双向 TLS 证书。'],
  RETURN_FAIL: [
    'WeChat Pay answered return_code FAIL: its return_msg (.returnMsg) names the bad parameter.',
    '微信支付返回 return_code FAIL：其 return_msg（.returnMsg）指出了错误的参数。'],
  RESULT_FAIL: [
    'WeChat Pay answered result_code FAIL without an err_code: see .errCodeDes and .fields.',
    '微信支付返回 result_code FAIL 但没有 err_code：查看 .errCodeDes 和 .fields。'],
  RESPONSE_MISMATCH: [
    'The v2 response is for another appid or mch_id: check the client\'s appId and mchId.',
    'v2 应答属于其他 appid 或 mch_id：检查客户端配置的 appId 和 mchId。'],
  NOTIFY_MISMATCH: [
    'The notification is for another appid or mch_id: check the handler\'s appId and mchId.',
    '通知属于其他 appid 或 mch_id：检查通知处理器配置的 appId 和 mchId。'],
  NOTIFY_INVALID: [
    'The v2 notification has no transaction_id / out_trade_no (payment) or out_refund_no (refund): it is not one of WeChat Pay\'s.',
    'v2 通知缺少 transaction_id / out_trade_no（支付）或 out_refund_no（退款）：不是微信支付发出的通知。'],
  TLS_REQUIRED: [
    'This /secapi/ or marketing call (transfers, red packets, …) needs the merchant API certificate: pass tls (Node: { p12 }; Workers: the mTLS binding).',
    '该 /secapi/ 或营销类接口（企业付款、红包等）需要商户 API 证书：请传入 tls（Node：{ p12 }；Workers：mTLS 绑定）。'],
  MICROPAY_REVERSED: [
    'The code payment was not confirmed in time and has been reversed: no money was taken; ask the customer to pay again.',
    '付款码支付未能及时确认，已撤销订单：未扣款，请让顾客重新付款。'],
  MICROPAY_UNRESOLVED: [
    'The code payment was not confirmed and could not be reversed: check the order (orderquery or the merchant platform) before charging again.',
    '付款码支付未确认且撤销失败：再次收款前请先查询订单（orderquery 或商户平台）。'],
  KEY_NOT_FOUND: [
    'The key store has no key of that name: check the name and that the key was saved.',
    '密钥存储中没有该名称的密钥：检查名称以及密钥是否已保存。'],
  STORE_ERROR: [
    'The key store failed (read, write or Redis): check its connection and permissions.',
    '密钥存储出错（读、写或 Redis）：检查其连接和权限。'],
  REPLAY_STORE_ERROR: [
    'The replay store (Durable Object or Redis) failed or did not answer in time: check it is reachable.',
    '防重放存储（Durable Object 或 Redis）出错或未及时应答：检查其是否可访问。'],
  TIMEOUT: [
    'The call ran out of time (after retries): raise timeout, or check the network; see .attempts.',
    '调用超时（已重试）：调大 timeout 或检查网络；查看 .attempts。'],
  ABORTED: [
    'Your signal aborted the call: it was not retried; nothing to fix unless that was unintended.',
    '调用被您传入的 signal 中止，不会重试；若非有意为之，请检查中止逻辑。'],
  HOOK_ERROR: [
    'Not thrown: an onError hook receives it when another hook threw; fix that hook.',
    '不会抛出：当其他钩子抛出异常时，onError 钩子收到此代码；请修复该钩子。'],
  INTERNAL_ERROR: [
    'Not thrown: an onError hook receives it for a failure without a code (a bug): report it.',
    '不会抛出：onError 钩子收到的无代码的失败（程序缺陷）：请报告此问题。'],
  HANDLER_ERROR: [
    'Your onEvent threw something that is not a WechatPayError: see .cause; WeChat Pay will retry.',
    '您的 onEvent 抛出了非 WechatPayError 的异常：查看 .cause；微信支付会重发通知。'],
});

/** `{ en, zh }` for an error code; undefined for a code that is not the package's own. */
export function explainError(code) {
  const entry = typeof code === 'string' && Object.hasOwn(ERROR_TEXTS, code) ? ERROR_TEXTS[code] : undefined;
  return entry && { en: entry[0], zh: entry[1] };
}
