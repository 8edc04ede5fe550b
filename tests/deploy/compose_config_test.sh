#!/usr/bin/env bash
# The compose file and the Dockerfile it names must stay valid: there is no
# Docker engine here, so validate with docker-compose's own parser and check
# that every build target it uses exists in the Dockerfile.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

if out=$(docker-compose -f docker-compose.yml config 2>&1); then
  ok "docker-compose config accepts docker-compose.yml"
else
  fail "docker-compose config: $out"
fi
# Captured first: grep -q closing the pipe early would fail the pipeline
# (pipefail) whenever docker-compose is still writing.
services=$(docker-compose -f docker-compose.yml config --services)
for svc in certs postgres posd till-s001-t01 till-s001-t02; do
  if grep -qx "$svc" <<<"$services"; then
    ok "service $svc is defined"
  else
    fail "service $svc is missing"
  fi
done
for target in $(awk '$1 == "target:" && $2 ~ /^[a-z]/ {print $2}' <<<"$out" | sort -u); do
  if grep -Eq "^FROM .* AS $target\$" deploy/Dockerfile; then
    ok "Dockerfile has build target $target"
  else
    fail "Dockerfile lacks build target $target"
  fi
done
echo "compose: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
