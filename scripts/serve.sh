#!/usr/bin/env bash
# README command 1: set up, build, index corpus/ and serve it on http://localhost:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh default
mkdir -p var
./build/indexer/kr-index --corpus corpus --index var/index || {
  echo "serve: some records were rejected (see above); serving what was indexed" >&2; }
if [[ -x build/server/kr-server ]]; then
  exec ./build/server/kr-server --index var/index --listen "${KR_LISTEN:-127.0.0.1:8080}" --web server/web
fi
echo "serve: kr-server is not built yet; index is in var/index"
