//! Bad input returns a typed error, never a panic: the release build uses `panic = "abort"`, and
//! in wasm a panic is a trap that poisons the instance for every later call. Deterministic
//! mutation testing of every v2 entry point that takes untrusted text.

mod common;
use common::Rng;
use wechatpay_wasm::v2::{self, SignType};
use wechatpay_wasm::xml;

const PIECES: &[&str] = &[
    "<", ">", "</", "/>", "&", ";", "&amp;", "&#", "&#x", "&#0;", "&#xD800;", "&#1114112;", "<![CDATA[", "]]>", "<!DOCTYPE",
    "<!ENTITY", "<?", "?>", "<!--", "-->", "\"", "'", "=", "xml", "sign", "\u{0}", "\u{FFFF}", "中", "😀", " ", "\n", "\r",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    common::mutate(rng, seed, PIECES, 6, 40)
}

const KEY: &str = "192006250b4c09247ec02edce69f6a2d";
const KNOWN: &[&str] = &[
    "XML_INVALID", "XML_FORBIDDEN", "XML_TOO_LARGE", "SIGN_MISSING", "SIGN_MISMATCH", "SIGN_TYPE_UNSUPPORTED",
    "NOTIFY_RETURN_FAIL", "BASE64_INVALID", "DECRYPT_FAILED", "INVALID_ARGUMENT",
];

fn check<T>(r: wechatpay_wasm::Result<T>) {
    if let Err(e) = r {
        assert!(KNOWN.contains(&e.code()), "unexpected code {}", e.code());
        assert!(!e.to_string().contains(KEY), "the key leaked into {e}");
    }
}

#[test]
fn mutated_notifications_never_panic() {
    let notification = v2::parse_notification(
        "<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id><device_info>1000</device_info>\
         <body>test</body><nonce_str>ibuaiVcKdpRxkhJA</nonce_str><sign>9A0A8659F005D6984697E2CA0A9CF3B7</sign></xml>",
        KEY,
    )
    .expect("the official example verifies");
    let seed = xml::to_xml(&notification).expect("encodable");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let doc = mutate(&mut rng, &seed);
        check(xml::from_xml(&doc));
        let parsed = v2::parse_notification(&doc, KEY);
        accepted += usize::from(parsed.is_ok());
        check(parsed);
    }
    // Mutations that only touch CDATA markers or whitespace can leave the signed values intact.
    assert!(accepted < 20_000 / 2, "{accepted} mutated documents verified");
}

#[test]
fn mutated_refund_info_never_panics() {
    let req_info = v2::encrypt_refund_info("<root><out_refund_no>R1</out_refund_no></root>", KEY).expect("encrypts");
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        check(v2::decrypt_refund_notification(&mutate(&mut rng, &req_info), KEY));
        let outer = format!("<xml><return_code>SUCCESS</return_code><req_info>{}</req_info></xml>", mutate(&mut rng, &req_info));
        check(v2::parse_refund_notification(&outer, KEY));
    }
}

#[test]
fn arbitrary_fields_sign_and_encode_without_panic() {
    let mut rng = Rng(7);
    for _ in 0..5_000 {
        let fields: Vec<(String, String)> =
            (0..rng.below(8)).map(|_| (mutate(&mut rng, "name"), mutate(&mut rng, "value"))).collect();
        let _ = v2::sign(&fields, KEY, SignType::HmacSha256);
        check(v2::verify(&fields, KEY));
        check(xml::to_xml(&fields));
        check(v2::jsapi_pay_params(&fields.first().map(|f| f.1.clone()).unwrap_or_default(), "p", KEY, SignType::Md5, None, None));
    }
}
