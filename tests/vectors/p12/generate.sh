#!/bin/sh
# TEST ONLY .p12 files, made once with OpenSSL 3 (`openssl pkcs12 -export`, with and without
# -legacy) from TEST ONLY keys already in tests/vectors, and committed: a fresh Debian has no
# `openssl` binary, so the tests read these files instead of running it. Run from this folder
# to make them again; expected.json records what `openssl x509` says about each certificate.
set -eu
V=..
PASS=1900000001   # WeChat Pay's default .p12 password is the mch_id.
export_p12() { # out cert key extra-args...
  out=$1 cert=$2 key=$3; shift 3
  openssl pkcs12 -export -in "$cert" -inkey "$key" -name "TEST ONLY merchant" -passout "pass:$PASS" -out "$out" "$@"
}
# The v3 merchant certificate (serial 5157F0…): WeChat's tool's algorithms and OpenSSL 3's.
export_p12 merchant_legacy.p12 $V/v3/cert.pem $V/v3/private_pkcs8.pem -legacy
export_p12 merchant_aes.p12 $V/v3/cert.pem $V/v3/private_pkcs8.pem
# PBES2 with AES-128 and a SHA-1 MAC, and 3DES for both bags.
export_p12 merchant_aes128_sha1mac.p12 $V/v3/cert.pem $V/v3/private_pkcs8.pem -certpbe AES-128-CBC -keypbe AES-128-CBC -macalg sha1
export_p12 merchant_3des.p12 $V/v3/cert.pem $V/v3/private_pkcs8.pem -legacy -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES
# The mutual-TLS client certificate (CN = mch_id, issued by the test CA) with its CA in the chain.
export_p12 client_legacy.p12 $V/tls/client.pem $V/tls/client_key.pem -certfile $V/tls/ca.pem -legacy
export_p12 client_aes.p12 $V/tls/client.pem $V/tls/client_key.pem -certfile $V/tls/ca.pem
# Refused: RC4 (P12_UNSUPPORTED), no key (P12_INVALID).
export_p12 rc4.p12 $V/v3/cert.pem $V/v3/private_pkcs8.pem -legacy -keypbe PBE-SHA1-RC4-128
openssl pkcs12 -export -in $V/v3/cert.pem -nokeys -passout "pass:$PASS" -out cert_only.p12 -legacy
# Per file: the algorithms OpenSSL reports, and the certificate's serial and validity.
{
  echo '{'
  first=1
  for f in merchant_legacy merchant_aes merchant_aes128_sha1mac merchant_3des client_legacy client_aes; do
    case $f in client*) cert=$V/tls/client.pem ;; *) cert=$V/v3/cert.pem ;; esac
    serial=$(openssl x509 -in "$cert" -noout -serial | cut -d= -f2)
    nb=$(date -u -d "$(openssl x509 -in "$cert" -noout -startdate | cut -d= -f2)" +%s)
    na=$(date -u -d "$(openssl x509 -in "$cert" -noout -enddate | cut -d= -f2)" +%s)
    algs=$(openssl pkcs12 -in $f.p12 -info -noout -passin "pass:$PASS" -legacy 2>&1 | grep -E '^(MAC|Shrouded|PKCS7 Encrypted)|^Bag Attributes' | grep -v Bag | tr '\n' ';' | sed 's/"/\\"/g')
    [ $first = 1 ] || echo ','
    first=0
    printf '  "%s": { "password": "%s", "serialNo": "%s", "notBefore": %s, "notAfter": %s, "openssl": "%s" }' "$f" "$PASS" "$serial" "$nb" "$na" "$algs"
  done
  printf '\n}\n'
} > expected.json
