#!/usr/bin/env bash
# A/B of kr-server builds on the cached path: each binary in turn serves INDEX, the query mix is
# fetched once (the answer cache warm), then wrk runs 10 s at 8, 32 and 128 connections; repeat
# the pair to see the noise. Prints "LABEL c=N requests/s". Used for docs/BENCHMARKS.md §11.
#   bench/ab_http.sh INDEX QUERIES LABEL=KR_SERVER [LABEL=KR_SERVER ...]
#   bench/ab_http.sh /tmp/kr-bench/kr-100000-plain /tmp/kr-bench/queries-100k.tsv \
#       before=/tmp/kr-server.old after=build/server/kr-server
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[[ $# -ge 3 ]] || { sed -n '2,7p' "$0" >&2; exit 2; }
index=$1 queries=$2
shift 2
port=18099
for pair in "$@"; do
  label=${pair%%=*} server=${pair#*=}
  "$server" --index "$index" --listen "127.0.0.1:$port" --max-threads=160 --max-queued=512 \
    --keep-alive=60 >/dev/null 2>&1 &
  pid=$!
  wait_http "http://127.0.0.1:$port/healthz"
  python3 "$BENCH_DIR/fetch_all.py" --port "$port" --queries "$queries" >/dev/null
  for c in 8 32 128; do
    rate=$(wrk -t2 -c"$c" -d10s -s "$BENCH_DIR/wrk_queries.lua" "http://127.0.0.1:$port" -- "$queries" |
      awk '/Requests\/sec/ {print $2}')
    echo "$label c=$c $rate"
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done
