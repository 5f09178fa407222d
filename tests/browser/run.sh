#!/usr/bin/env bash
# Browser tests of the search page: indexes corpus/ into a temporary folder, starts kr-server on a
# free loopback port and drives Debian's chromium (headless, via playwright-core) against it.
#
#   tests/browser/run.sh KR_INDEX KR_SERVER
#
# Installs nothing but the npm lock file's packages (npm ci, when node_modules is missing); chromium
# and Node.js come from scripts/install-deps.sh. Screenshots go to tests/artifacts/browser/.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 KR_INDEX KR_SERVER" >&2
  exit 2
fi
kr_index=$(realpath "$1")
kr_server=$(realpath "$2")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${KR_CHROMIUM:-/usr/bin/chromium}

for tool in node npm "$chromium"; do
  if ! command -v "$tool" >/dev/null; then
    echo "browser tests: '$tool' is missing (scripts/install-deps.sh installs chromium and nodejs)" >&2
    exit 1
  fi
done

cd "$here"
if [[ ! -d node_modules ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kr-browser.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$kr_index" --corpus "$root/corpus" --index "$work/index" >"$work/index.log" 2>&1 || {
  echo "browser tests: kr-index failed:" >&2
  cat "$work/index.log" >&2
  exit 1
}

# A free loopback port: bind port 0, read it, release it.
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});")
"$kr_server" --index "$work/index" --listen "127.0.0.1:$port" --web "$root/server/web" \
  >"$work/server.log" 2>&1 &
server_pid=$!

base="http://127.0.0.1:$port"
if ! node -e "
  const deadline = Date.now() + 20000;
  (async function wait() {
    try { if ((await fetch('$base/healthz')).ok) process.exit(0); } catch {}
    if (Date.now() > deadline) process.exit(1);
    setTimeout(wait, 100);
  })();"; then
  echo "browser tests: kr-server did not answer /healthz on $base:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

mkdir -p "$root/tests/artifacts/browser"
status=0
KR_BASE_URL="$base" KR_CHROMIUM="$chromium" KR_ARTIFACTS="$root/tests/artifacts/browser" \
  KR_PROFILE_DIR="$work/profile" \
  node --test --test-concurrency=1 "$here"/test/*.test.mjs || status=$?

if [[ $status -ne 0 ]]; then
  echo "--- kr-server log (last 40 lines) ---" >&2
  tail -n 40 "$work/server.log" >&2
fi
exit $status
