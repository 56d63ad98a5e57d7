//! A WeChat Pay API v3 merchant server in Rust on the `wechatpay-wasm` crate: JSAPI orders,
//! `wx.requestPayment` parameters and payment notifications.
//!
//! ```text
//! POST /pay     {"amount": 100, "description": "QQ公仔", "openid": "o…"} → a v3 JSAPI order
//!               → {"outTradeNo", "requestPayment": {appId, timeStamp, nonceStr, package, signType: "RSA", paySign}}
//! POST /notify  a v3 notification: signature verified, resource decrypted, processed once,
//!               acknowledged 204 (or 4xx {"code":"FAIL","message":CODE}, so WeChat Pay retries)
//! ```
//!
//! Configuration from the environment: `WECHATPAY_MCH_ID`, `WECHATPAY_APP_ID`,
//! `WECHATPAY_SERIAL_NO`, `WECHATPAY_API_V3_KEY`, `WECHATPAY_PRIVATE_KEY_FILE` (default
//! `apiclient_key.pem`), `WECHATPAY_BASE_URL` (default `https://api.mch.weixin.qq.com`: build
//! with ureq's `rustls` feature for it), `PORT` (default 3000; 0 picks one) and `PUBLIC_URL`
//! (where WeChat Pay reaches this server; default `http://127.0.0.1:PORT`). One JSON line per
//! event on stdout. Requests are served one at a time: enough for an example, not for a shop.
//!
//! ```sh
//! cargo run --example rust-server
//! ```
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::error::Error as StdError;
use std::io::Read;
use std::time::{SystemTime, UNIX_EPOCH};
use tiny_http::{Header, Request, Response, Server};
use wechatpay_wasm::keys::{PrivateKey, PublicKey, Verifier};
use wechatpay_wasm::{nonce, v3, Error};

type AnyResult<T> = Result<T, Box<dyn StdError + Send + Sync>>;

const MAX_BODY: u64 = 64 * 1024;

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

fn log(event: Value) {
    println!("{event}");
}

struct Merchant {
    mch_id: String,
    app_id: String,
    serial_no: String,
    api_v3_key: String,
    key: PrivateKey,
    base_url: String,
    public_url: String,
    http: ureq::Agent,
    /// The platform certificates, downloaded at start and again when a serial is unknown.
    verifier: Verifier,
    /// out_trade_no → (amount in fen, paid): a shop keeps these in its database.
    orders: HashMap<String, (u64, bool)>,
    /// Ids of processed notifications: WeChat Pay redelivers until it gets a success ack.
    processed: HashSet<String>,
}

impl Merchant {
    /// One API v3 call: signed `Authorization`, then the response's `Wechatpay-Signature`
    /// verified against the platform certificates before its body is trusted (a new
    /// certificate's serial: download them once more, then decide).
    fn call(&mut self, method: &str, path: &str, body: &str) -> AnyResult<(u16, String)> {
        let (status, headers, text) = self.send(method, path, body)?;
        let verify = |m: &Self| v3::verify_headers(&headers, &text, &m.verifier, now(), v3::DEFAULT_MAX_SKEW_SECS);
        if let Err(Error::SerialUnknown { .. }) = verify(self) {
            self.download_certificates()?;
        }
        verify(self)?;
        Ok((status, text))
    }

    fn send(&self, method: &str, path: &str, body: &str) -> AnyResult<(u16, Vec<(String, String)>, String)> {
        let auth = v3::authorization(&self.mch_id, &self.serial_no, &self.key, method, path, body, None, None)?;
        let url = format!("{}{}", self.base_url, path);
        let mut response = if method == "GET" {
            self.http.get(&url).header("Authorization", &auth).header("Accept", "application/json").call()?
        } else {
            self.http
                .post(&url)
                .header("Authorization", &auth)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .send(body)?
        };
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap_or_default().to_owned()))
            .collect();
        let text = response.body_mut().read_to_string()?;
        Ok((response.status().as_u16(), headers, text))
    }

    /// `GET /v3/certificates`: decrypted with the API v3 key, then the response itself verified
    /// with the certificate it names (the usual first download).
    fn download_certificates(&mut self) -> AnyResult<()> {
        let (status, headers, text) = self.send("GET", "/v3/certificates", "")?;
        if status != 200 {
            return Err(format!("GET /v3/certificates: HTTP {status} {text}").into());
        }
        let mut verifier = Verifier::new();
        for certificate in v3::decrypt_certificates(&text, &self.api_v3_key)? {
            verifier.add_certificate(PublicKey::from_pem(&certificate.certificate_pem)?)?;
        }
        v3::verify_headers(&headers, &text, &verifier, now(), v3::DEFAULT_MAX_SKEW_SECS)?;
        log(json!({ "event": "certificates", "serials": verifier.ids() }));
        self.verifier = verifier;
        Ok(())
    }

    /// `POST /pay`: a JSAPI order, then the `paySign`ed parameters for `wx.requestPayment`.
    fn pay(&mut self, body: &str) -> AnyResult<Value> {
        let input: Value = serde_json::from_str(body)?;
        let amount = input["amount"].as_u64().filter(|a| *a > 0).ok_or("amount: a positive integer (fen) is required")?;
        let description = input["description"].as_str().ok_or("description is required")?;
        let openid = input["openid"].as_str().ok_or("openid is required")?;
        let millis = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
        let out_trade_no = format!("RS{millis}{}", nonce::nonce(16)?);
        let order = json!({
            "appid": self.app_id, "mchid": self.mch_id, "description": description, "out_trade_no": out_trade_no,
            "notify_url": format!("{}/notify", self.public_url), "amount": { "total": amount, "currency": "CNY" },
            "payer": { "openid": openid },
        });
        let (status, text) = self.call("POST", "/v3/pay/transactions/jsapi", &order.to_string())?;
        let answer: Value = serde_json::from_str(&text)?;
        let prepay_id = answer["prepay_id"].as_str().ok_or_else(|| format!("order refused: HTTP {status} {text}"))?;
        self.orders.insert(out_trade_no.clone(), (amount, false));
        let params = v3::jsapi_pay_params(&self.app_id, prepay_id, &self.key, None, None)?;
        log(json!({ "event": "order", "outTradeNo": out_trade_no, "amount": amount }));
        Ok(json!({
            "outTradeNo": out_trade_no,
            "requestPayment": {
                "appId": params.app_id, "timeStamp": params.time_stamp, "nonceStr": params.nonce_str,
                "package": params.package, "signType": params.sign_type, "paySign": params.pay_sign,
            },
        }))
    }

    /// `POST /notify`: the HTTP status and body of the acknowledgement.
    fn notify(&mut self, headers: &[(String, String)], body: &str) -> (u16, String) {
        let parse = |m: &Self| v3::parse_notification(headers, body, &m.api_v3_key, &m.verifier, now(), v3::DEFAULT_MAX_SKEW_SECS);
        let mut parsed = parse(self);
        // A new platform certificate: download once more, then decide.
        if matches!(parsed, Err(Error::SerialUnknown { .. })) && self.download_certificates().is_ok() {
            parsed = parse(self);
        }
        let event = match parsed {
            Ok(event) => event,
            Err(e) => {
                log(json!({ "event": "notification-rejected", "code": e.code(), "message": e.to_string() }));
                let auth_failure =
                    ["SIGN_MISMATCH", "SERIAL_UNKNOWN", "TIMESTAMP_SKEW", "HEADER_INVALID", "SIGNTEST_PROBE"].contains(&e.code());
                return (if auth_failure { 401 } else { 400 }, fail(e.code()));
            }
        };
        if self.processed.contains(&event.id) {
            log(json!({ "event": "notification-duplicate", "id": event.id }));
            return (204, String::new());
        }
        // Authentic, but still check that it is about this merchant, app, order and amount.
        let r = &event.resource;
        let out_trade_no = r["out_trade_no"].as_str().unwrap_or_default();
        let ours = event.event_type == "TRANSACTION.SUCCESS"
            && r["mchid"] == self.mch_id.as_str()
            && r["appid"] == self.app_id.as_str()
            && r["trade_state"] == "SUCCESS"
            && self.orders.get(out_trade_no).map(|(amount, _)| *amount) == r["amount"]["total"].as_u64();
        if !ours {
            log(json!({ "event": "notification-rejected", "code": "NOTIFY_MISMATCH", "id": event.id }));
            return (400, fail("NOTIFY_MISMATCH"));
        }
        self.orders.insert(out_trade_no.to_owned(), (r["amount"]["total"].as_u64().unwrap_or_default(), true));
        self.processed.insert(event.id.clone());
        log(json!({ "event": "notification-processed", "id": event.id, "outTradeNo": out_trade_no,
                    "transactionId": r["transaction_id"] }));
        (204, String::new())
    }

    fn handle(&mut self, request: &mut Request) -> (u16, String) {
        let mut body = String::new();
        if request.as_reader().take(MAX_BODY).read_to_string(&mut body).is_err() {
            return (400, json!({ "code": "INVALID_REQUEST", "message": "the body is not UTF-8" }).to_string());
        }
        let post = request.method().as_str() == "POST";
        match request.url() {
            "/notify" if post => {
                let headers: Vec<(String, String)> = request
                    .headers()
                    .iter()
                    .map(|h| (h.field.as_str().as_str().to_owned(), h.value.as_str().to_owned()))
                    .collect();
                self.notify(&headers, &body)
            }
            "/pay" if post => match self.pay(&body) {
                Ok(answer) => (200, answer.to_string()),
                Err(e) => {
                    let code = e.downcast_ref::<Error>().map_or("PAY_FAILED", Error::code);
                    log(json!({ "event": "pay-failed", "code": code, "message": e.to_string() }));
                    (502, json!({ "code": code, "message": e.to_string() }).to_string())
                }
            },
            _ => (404, json!({ "code": "NOT_FOUND", "message": "not found" }).to_string()),
        }
    }
}

fn fail(code: &str) -> String {
    json!({ "code": "FAIL", "message": code }).to_string()
}

fn env(name: &str) -> AnyResult<String> {
    std::env::var(name).map_err(|_| format!("not configured: {name}").into())
}

fn main() -> AnyResult<()> {
    let key_file = std::env::var("WECHATPAY_PRIVATE_KEY_FILE").unwrap_or_else(|_| "apiclient_key.pem".into());
    let key_pem = std::fs::read_to_string(&key_file).map_err(|e| format!("{key_file}: {e}"))?;
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".into());
    let server = Server::http(format!("127.0.0.1:{port}"))?;
    let local = format!("http://{}", server.server_addr());
    let mut merchant = Merchant {
        mch_id: env("WECHATPAY_MCH_ID")?,
        app_id: env("WECHATPAY_APP_ID")?,
        serial_no: env("WECHATPAY_SERIAL_NO")?,
        api_v3_key: env("WECHATPAY_API_V3_KEY")?,
        key: PrivateKey::from_pem(&key_pem)?,
        base_url: std::env::var("WECHATPAY_BASE_URL").unwrap_or_else(|_| "https://api.mch.weixin.qq.com".into()),
        public_url: std::env::var("PUBLIC_URL").unwrap_or_else(|_| local.clone()),
        // Non-2xx answers are read (and verified) like the others.
        http: ureq::Agent::config_builder().http_status_as_error(false).build().into(),
        verifier: Verifier::new(),
        orders: HashMap::new(),
        processed: HashSet::new(),
    };
    merchant.download_certificates()?;
    log(json!({ "event": "listening", "url": local }));
    let json_type = Header::from_bytes("Content-Type", "application/json; charset=utf-8").map_err(|()| "header")?;
    for mut request in server.incoming_requests() {
        let (status, body) = merchant.handle(&mut request);
        let response = Response::from_string(body).with_status_code(status);
        let response = if status == 204 { response } else { response.with_header(json_type.clone()) };
        if let Err(e) = request.respond(response) {
            log(json!({ "event": "respond-failed", "message": e.to_string() }));
        }
    }
    Ok(())
}
