//! Differential test of the RSA-2048 fast path against Node's `crypto` (OpenSSL): 5 fresh keys
//! × 40 random messages (plus 5 on an RSA-3072 key, the `rsa` crate path), signed by both
//! (PKCS#1 v1.5 is deterministic, so the signatures must be byte-identical) and cross-verified.
//! Skipped, with a note, when `node` is not installed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::Value;
use std::process::Command;
use wechatpay_wasm::keys::{PrivateKey, PublicKey};
use wechatpay_wasm::v3;

const NODE_SCRIPT: &str = r#"
const crypto = require('node:crypto');
const out = [];
for (let k = 0; k < 6; k++) {
  // The sixth key is RSA-3072: the `rsa` crate path, not the RSA-2048 fast path.
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: k < 5 ? 2048 : 3072 });
  const messages = [];
  for (let i = 0; i < (k < 5 ? 40 : 5); i++) {
    const msg = crypto.randomBytes(crypto.randomInt(0, 300));
    messages.push({ msg: msg.toString('base64'), sig: crypto.sign('sha256', msg, privateKey).toString('base64') });
  }
  out.push({
    privatePem: privateKey.export({ type: k % 2 ? 'pkcs1' : 'pkcs8', format: 'pem' }),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }),
    messages,
  });
}
process.stdout.write(JSON.stringify(out));
"#;

fn node_verify(public_pem: &str, pairs: &[(Vec<u8>, String)]) -> Vec<bool> {
    let input: Vec<Value> =
        pairs.iter().map(|(m, s)| serde_json::json!({ "msg": STANDARD.encode(m), "sig": s })).collect();
    let script = format!(
        "const c=require('node:crypto');const k=c.createPublicKey({});const x={};\
         process.stdout.write(JSON.stringify(x.map(p=>c.verify('sha256',Buffer.from(p.msg,'base64'),k,Buffer.from(p.sig,'base64')))));",
        serde_json::to_string(public_pem).unwrap(),
        Value::Array(input)
    );
    let out = Command::new("node").arg("-e").arg(script).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn matches_node_crypto_on_random_keys_and_messages() {
    let Ok(out) = Command::new("node").arg("-e").arg(NODE_SCRIPT).output() else {
        eprintln!("SKIPPED: node is not installed");
        return;
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let keys: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut checked = 0;
    for k in &keys {
        let private = PrivateKey::from_pem(k["privatePem"].as_str().unwrap()).unwrap();
        let public = PublicKey::from_pem(k["publicPem"].as_str().unwrap()).unwrap();
        let mut ours = Vec::new();
        for m in k["messages"].as_array().unwrap() {
            let msg = STANDARD.decode(m["msg"].as_str().unwrap()).unwrap();
            let node_sig = m["sig"].as_str().unwrap();
            let sig = v3::sign_message(&private, &msg).unwrap();
            assert_eq!(sig, node_sig, "signature differs from Node's");
            assert!(v3::verify_message(&public, &msg, node_sig).unwrap());
            let mut other = msg.clone();
            other.push(0);
            assert!(!v3::verify_message(&public, &other, node_sig).unwrap());
            ours.push((msg, sig));
            checked += 1;
        }
        assert!(node_verify(k["publicPem"].as_str().unwrap(), &ours).iter().all(|&ok| ok));
    }
    assert_eq!(checked, 205);
}
