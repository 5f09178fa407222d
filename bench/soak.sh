#!/usr/bin/env bash
# Soak test (issue 6): wrk drives a realistic query mix against kr-server for SECONDS while
# kr-index re-indexes edited records and rebuilds the index (--rebuild swaps INDEX/current) over
# and over. Fails (exit 1) on any non-2xx answer, socket error, failed probe or kr-index run, or
# when kr-server is not alive at the end. Builds nothing: BUILD_DIR must hold kr-server, kr-index.
#   bench/soak.sh [SECONDS] [BUILD_DIR]          default 300 s, build folder ./build
# Environment: KR_SOAK_RECORDS (generated records, default 5000), KR_SOAK_CONNECTIONS (wrk, 16),
# KR_SOAK_THREADS (kr-server --max-threads, 32), KR_SOAK_CACHE_MB (kr-server's search answer
# cache, default 0 = off: with the cache on, the repeated query mix would mostly measure the cache,
# not searches racing the index swaps), KR_SOAK_KEEP=1 keeps the work folder.
# Prints a summary (also in WORK/summary.txt): requests, non-2xx, socket errors, p99, RSS at
# start and end, re-index runs and --rebuild swaps, load average. Also fails when kr-server still
# holds a swapped-out database's (deleted) files after a last search.
set -euo pipefail

seconds=${1:-300}
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${2:-$src/build}" && pwd)
records=${KR_SOAK_RECORDS:-5000}
connections=${KR_SOAK_CONNECTIONS:-16}
threads=${KR_SOAK_THREADS:-32}
kr_index=$build/indexer/kr-index
kr_server=$build/server/kr-server
for tool in wrk curl python3 "$kr_index" "$kr_server"; do
  command -v "$tool" >/dev/null || { echo "soak: $tool missing (wrk: apt-get install wrk)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/kr-soak.XXXXXX)
server_pid="" wrk_pid=""
cleanup() {
  # A server that died: its last words (an uncaught exception, an abort) go to the output.
  if [[ -n $server_pid ]] && ! kill -0 "$server_pid" 2>/dev/null && [[ -f $work/server.log ]]; then
    echo "soak: kr-server is gone; the end of its log:" >&2
    grep -v '^GET ' "$work/server.log" | tail -n 20 >&2 || true
  fi
  [[ -n $wrk_pid ]] && kill "$wrk_pid" 2>/dev/null || true
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [[ ${KR_SOAK_KEEP:-0} == 1 ]]; then echo "soak: work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
log() { printf '[%s] soak: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
failures=0
fail() {
  log "FAIL: $*"
  failures=$((failures + 1))
}

log "$records records, $seconds s, $connections connections; load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$src/bench/generate_corpus.py" --count "$records" --out "$work/corpus" --seed 7 >/dev/null
"$kr_index" --corpus "$work/corpus" --index "$work/index" --json >"$work/index-0.json" 2>"$work/index-0.err"
python3 "$src/bench/make_queries.py" --corpus "$work/corpus" --count 500 >"$work/queries.tsv"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
# Threads above the connection count: a keep-alive connection holds a worker thread.
cache_mb=${KR_SOAK_CACHE_MB:-0}
KR_SEARCH_CACHE_MB=$cache_mb "$kr_server" --index "$work/index" --listen "127.0.0.1:$port" \
  --max-threads "$threads" --max-queued 256 --keep-alive 60 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -sf --max-time 2 -o /dev/null "$base/healthz" && break
  sleep 0.2
done
curl -sf --max-time 2 -o /dev/null "$base/healthz" || { log "kr-server did not start"; cat "$work/server.log" >&2; exit 1; }
rss_start=$(rss_kb)

# --timeout 10s: an answer slower than that counts as a socket error (wrk's default is 2 s).
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$src/bench/wrk_queries.lua" "$base" \
  -- "$work/queries.tsv" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!

# While wrk runs: edits + incremental kr-index, then --rebuild, and so on. A probe outside wrk
# after each run (wrk does not count requests that never complete), and kr-server's RSS.
reindex=0 rebuild=0 round=0 probe_max=0 rss_max=$rss_start rss_rounds=""
while kill -0 "$wrk_pid" 2>/dev/null; do
  round=$((round + 1))
  if ((round % 2 == 0)); then
    args=(--rebuild) kind=rebuild
  else
    python3 "$src/bench/change_records.py" --corpus "$work/corpus" --share 0.02 --tag "$round" >/dev/null
    args=() kind=reindex
  fi
  if "$kr_index" --corpus "$work/corpus" --index "$work/index" --json "${args[@]}" \
    >"$work/index-$round.json" 2>"$work/index-$round.err"; then
    if [[ $kind == rebuild ]]; then rebuild=$((rebuild + 1)); else reindex=$((reindex + 1)); fi
  else
    fail "kr-index ${args[*]} (round $round) exited $? (see $work/index-$round.err)"
  fi
  probe=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 "$base/api/v1/search?q=migration")
  [[ ${probe% *} == 200 ]] || fail "probe answered '${probe% *}' after round $round"
  probe_max=$(awk -v a="$probe_max" -v b="${probe#* }" 'BEGIN { print (b > a ? b : a) }')
  if kill -0 "$server_pid" 2>/dev/null; then
    rss=$(rss_kb)
    rss_rounds+=" $rss"
    if ((rss > rss_max)); then rss_max=$rss; fi
  fi
  sleep 1
done
wait "$wrk_pid" || fail "wrk exited $?"
wrk_pid=""

alive=yes
if ! kill -0 "$server_pid" 2>/dev/null || ! curl -sf --max-time 5 -o /dev/null "$base/healthz"; then
  alive=no
  fail "kr-server is not alive at the end"
fi
rss_end=$([[ $alive == yes ]] && rss_kb || echo 0)
# The edits are searchable: change_records.py appends "Revised in benchmark run N".
if ((reindex > 0)); then
  curl -s "$base/api/v1/search?q=benchmark" | grep -q '"total":0,' && fail "edited records not found"
fi

# Every database a --rebuild swapped out is closed once a search has seen the swap: no descriptor
# of kr-server may point at a deleted file (idle readers used to keep old databases open).
deleted_fds=0
if [[ $alive == yes ]]; then
  curl -sf --max-time 10 -o /dev/null "$base/api/v1/search?q=migration" || fail "last search failed"
  deleted_fds=$(find "/proc/$server_pid/fd" -lname '*(deleted)' 2>/dev/null | wc -l)
  ((deleted_fds == 0)) || fail "$deleted_fds descriptors of kr-server on deleted files at the end"
fi

requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$work/wrk.txt")
socket_errors=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
faults=$(grep -c '^error: ' "$work/server.log" || true)
[[ -n $requests ]] || fail "no wrk result (see $work/wrk.txt)"
((${non2xx:-0} == 0)) || fail "$non2xx non-2xx answers"
[[ -z $socket_errors ]] || fail "socket errors: $socket_errors"
((faults == 0)) || fail "$faults handler faults in the server log"

summary=$(
  cat <<EOF
soak: $seconds s, $records records, wrk -t2 -c$connections, kr-server --max-threads $threads, search cache $cache_mb MB
requests: ${requests:-0} (${rps:-0}/s), non-2xx: ${non2xx:-0}, socket errors: ${socket_errors:-none}
latency p99: ${p99:-?}, slowest probe during re-indexing: ${probe_max} s
kr-index runs: $reindex incremental (2% of records edited each), $rebuild --rebuild swaps
kr-server RSS: start $rss_start kB, end $rss_end kB, max $rss_max kB; alive at the end: $alive
kr-server descriptors on deleted files at the end: $deleted_fds
kr-server RSS after each kr-index run (kB):$rss_rounds
load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
EOF
)
echo "$summary" | tee "$work/summary.txt"
if ((failures > 0)); then
  log "$failures failure(s)"
  exit 1
fi
