#!/bin/sh
# Relevance gate: indexes corpus/ into a temporary folder, serves it with the real kr-server on a
# free loopback port, runs bench/relevance/run.py and fails when the engine's overall nDCG@10 is
# below the level recorded in tests/relevance/threshold.txt (raise it whenever ranking improves).
#   tests/relevance/run.sh <kr-index> <kr-server>
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 <kr-index> <kr-server>" >&2
  exit 2
fi
kr_index=$1
kr_server=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
threshold=$(grep -v '^#' "$here/threshold.txt" | head -n 1)

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$kr_index" --corpus "$root/corpus" --index "$tmp/index" --no-progress >"$tmp/index.log" 2>&1 || {
  cat "$tmp/index.log" >&2
  echo "kr-index failed" >&2
  exit 1
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$kr_server" --index "$tmp/index" --listen "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server_pid=$!

# Wait (up to ~10 s) until the server answers.
ready=no
for _ in $(seq 1 100); do
  if python3 -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null; then
    ready=yes
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ "$ready" != yes ]; then
  cat "$tmp/server.log" >&2
  echo "kr-server did not start" >&2
  exit 1
fi

python3 "$root/bench/relevance/run.py" --server "http://127.0.0.1:$port" --corpus "$root/corpus" \
  --min-ndcg "$threshold"
