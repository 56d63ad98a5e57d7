#!/usr/bin/env bash
# TEST ONLY certificate chains shaped like Alipay's certificate mode (公钥证书模式), made with
# OpenSSL: a root bundle (two RSA roots, one signed with SHA-1, and an EC root standing for
# Alipay's SM2 root), an RSA intermediate ("Class 2"), the app certificate (appCertPublicKey)
# and the Alipay certificate (alipayCertPublicKey_RSA2: leaf then intermediate, as Alipay ships
# it). DNs hold non-ASCII UTF-8 and a comma. Leaf keys are the committed TEST ONLY keys:
# tests/vectors/v3/private_pkcs8.pem (the app), alipay_private_pkcs8.pem ("Alipay").
# The CA keys are thrown away. Then `node cert-sn.mjs` records alipay-sdk's serial numbers.
#   bash tests/vectors/alipay/make-certs.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/cert"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
ssl=/usr/bin/openssl
ca_ext="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign"
printf '%s\n' "$ca_ext" > "$tmp/ca.ext"
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' > "$tmp/leaf.ext"

ORG='/C=CN/O=Ant Financial 测试/OU=Certification Authority'
# self-signed root: name key digest serial subject
root() {
  $ssl req -new -x509 -utf8 -key "$tmp/$2.key" -"$3" -days 7300 -set_serial "$4" -subj "$5" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -out "$out/$1.crt"
}
# issued: name key issuer-cert issuer-key serial subject ext
issue() {
  $ssl req -new -utf8 -key "$2" -subj "$6" -out "$tmp/$1.csr"
  $ssl x509 -req -in "$tmp/$1.csr" -CA "$3" -CAkey "$4" -sha256 -days 3650 -set_serial "$5" \
    -extfile "$tmp/$7.ext" -out "$out/$1.crt" 2>/dev/null
}

$ssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/r1.key" 2>/dev/null
$ssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/r2.key" 2>/dev/null
$ssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/e1.key"
$ssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/c2.key" 2>/dev/null

root root_rsa_r1 r1 sha256 0x623DCDB6D1E64B0B9A9E06E8B1E0C8B3 "$ORG/CN=Ant Financial Certification Authority R1 TEST ONLY"
root root_ec_e1 e1 sha256 0x2F1A5C7E3B9D4E6F "$ORG/CN=Ant Financial Certification Authority E1 TEST ONLY"
root root_rsa_r2 r2 sha1 0x9E4B1A2C3D5E6F708192A3B4C5D6E7F8 "$ORG/CN=Ant Financial Certification Authority R2 TEST ONLY"
cat "$out/root_rsa_r1.crt" "$out/root_ec_e1.crt" "$out/root_rsa_r2.crt" > "$out/alipayRootCert.crt"

issue class2 "$tmp/c2.key" "$out/root_rsa_r1.crt" "$tmp/r1.key" 0x00AB12CD34EF56 \
  "$ORG/CN=Ant Financial Certification Authority Class 2 R1 TEST ONLY" ca
issue appCertPublicKey_2021000000000001 "$here/../v3/private_pkcs8.pem" "$out/class2.crt" "$tmp/c2.key" \
  0x80112233445566778899AABBCCDDEEFF "/C=CN/O=杭州某某科技有限公司, 测试/OU=Alipay/CN=2021000000000001 TEST ONLY" leaf
issue alipay_leaf "$here/alipay_private_pkcs8.pem" "$out/class2.crt" "$tmp/c2.key" \
  0x2025112212345678 "/C=CN/O=支付宝(中国)网络技术有限公司/OU=Alipay/CN=支付宝(中国)网络技术有限公司-2021000000000001 TEST ONLY" leaf
cat "$out/alipay_leaf.crt" "$out/class2.crt" > "$out/alipayCertPublicKey_RSA2.crt"
rm "$out/alipay_leaf.crt"
echo "wrote $(ls "$out" | tr '\n' ' ')"
