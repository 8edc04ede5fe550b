#!/usr/bin/env bash
# Makes a private CA and posd's server certificate with openssl, for the demo,
# the tests and a small installation:
#   deploy/make-certs.sh DIR [NAME...]
# DIR gets ca.crt and ca.key (the CA, kept if it exists, so certificates it
# signed stay valid), server.crt and server.key (always renewed), and
# till-ca.crt and till-ca.key: the CA with which posd signs tills'
# certificates when they enrol (kept if it exists, so enrolled tills stay
# enrolled). The server certificate names localhost, 127.0.0.1, posd and
# every NAME (a host name or an IP address the tills and tools connect to).
# Private keys are mode 0600. To use your own CA instead, give posd
# --tls_cert/--tls_key from it and the clients --ca_cert with its
# certificate; see README.
set -euo pipefail

DIR=${1:?usage: make-certs.sh DIR [NAME...]}
shift
mkdir -p "$DIR"
cd "$DIR"
umask 077

sans="DNS:localhost,IP:127.0.0.1,DNS:posd"
for name in "$@"; do
  if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then sans+=",IP:$name"; else sans+=",DNS:$name"; fi
done

if [ ! -s ca.key ] || [ ! -s ca.crt ]; then
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout ca.key -out ca.crt -days 3650 -subj "/O=tillstream/CN=tillstream private CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

if [ ! -s till-ca.key ] || [ ! -s till-ca.crt ]; then
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout till-ca.key -out till-ca.crt -days 3650 \
    -subj "/O=tillstream/CN=tillstream till CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout server.key -out server.csr -subj "/O=tillstream/CN=posd" 2>/dev/null
cat >server.ext <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$sans
EXT
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
  -out server.crt -days 825 -extfile server.ext 2>/dev/null
rm -f server.csr server.ext
chmod 600 ca.key server.key till-ca.key
chmod 644 ca.crt server.crt till-ca.crt
echo "make-certs: $DIR/server.crt for $sans, signed by $DIR/ca.crt; tills' CA $DIR/till-ca.crt" >&2
