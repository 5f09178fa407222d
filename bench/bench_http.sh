#!/usr/bin/env bash
# HTTP benchmark (issue 4): wrk against kr-server, nginx serving a static file of the same size
# (upper bound) and Xapian's Omega CGI behind nginx + fcgiwrap (peer), at 8/32/128 connections.
#   bench/bench_http.sh COUNT [DURATION_SECONDS]
# Needs the indexes of bench/bench_index.sh COUNT ($WORK/kr-COUNT, $WORK/omega-COUNT), the
# query mix $RESULTS/queries-COUNT.tsv (bench/make_queries.py), wrk, nginx, fcgiwrap, omega.
# Everything listens on 127.0.0.1 only, is started here and stopped here (by pid) on exit.
# kr-server runs twice over the same index: `kr-server` with its search answer cache (64 MB, the
# default; warm: every request of the mix was fetched once before wrk starts) and
# `kr-server-nocache` (KR_SEARCH_CACHE_MB=0: every request computed).
# Results: $RESULTS/wrk-*.txt (wrk output + curl latencies during the run), $RESULTS/http.tsv.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

count=${1:?usage: bench_http.sh COUNT [DURATION_SECONDS]}
duration=${2:-20}
connections=${KR_BENCH_CONNECTIONS:-8 32 128}
queries=$RESULTS/queries-$count.tsv
omega_queries=$RESULTS/omega-queries-$count.tsv
kr_port=18080 static_port=18081 omega_port=18082 nocache_port=18083
run=$WORK/http-run
rm -rf "$run" && mkdir -p "$run/www" "$run/logs"
for tool in wrk nginx fcgiwrap curl; do command -v "$tool" >/dev/null || { log "$tool missing"; exit 2; }; done
omega_cgi=/usr/lib/cgi-bin/omega/omega
[[ -x $omega_cgi ]] || { log "$omega_cgi missing: apt-get install xapian-omega"; exit 2; }
[[ -f $queries ]] || python3 "$BENCH_DIR/make_queries.py" --corpus "$WORK/corpus-$count" --count 1000 >"$queries"
python3 "$BENCH_DIR/omega_queries.py" --db "omega-$count" <"$queries" >"$omega_queries"

pids=()
cleanup() { for p in "${pids[@]}"; do kill -- "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT


# kr-server, tuned for many keep-alive clients on 2 cores: a keep-alive connection holds a Poco
# worker thread, so threads >= the most connections measured (128); the queue is large enough
# that no connection is dropped; keep-alive longer than a run.
kr_threads=${KR_BENCH_THREADS:-160}
kr_index=${KR_BENCH_KR_INDEX:-$WORK/kr-$count}  # e.g. an index built with --phrase-pairs
"$BUILD/server/kr-server" --index "$kr_index" --listen "127.0.0.1:$kr_port" \
  --max-threads="$kr_threads" --max-queued=512 --keep-alive=60 >"$run/logs/kr-server.log" 2>&1 &
pids+=($!)
KR_SEARCH_CACHE_MB=0 "$BUILD/server/kr-server" --index "$kr_index" --listen "127.0.0.1:$nocache_port" \
  --max-threads="$kr_threads" --max-queued=512 --keep-alive=60 >"$run/logs/kr-server-nocache.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$kr_port/healthz"
wait_http "http://127.0.0.1:$nocache_port/healthz"
echo "kr-server --max-threads=$kr_threads --max-queued=512 --keep-alive=60" >"$RESULTS/kr-server-settings.txt"

# Response size of kr-server over the mix (also warms the page cache and the readers).
python3 "$BENCH_DIR/fetch_all.py" --port "$kr_port" --queries "$queries" --save-first "$run/first.json" | tee "$RESULTS/kr-responses.txt"
python3 "$BENCH_DIR/fetch_all.py" --port "$nocache_port" --queries "$queries" >"$RESULTS/kr-nocache-responses.txt"
mean_bytes=$(sed -n 's/.*mean_bytes \([0-9]*\).*/\1/p' "$RESULTS/kr-responses.txt")
# The static file: real response text repeated to the mean response size.
while [[ $(stat -c %s "$run/www/search.json" 2>/dev/null || echo 0) -lt $mean_bytes ]]; do cat "$run/first.json" >>"$run/www/search.json"; done
truncate -s "$mean_bytes" "$run/www/search.json"

cat >"$run/omega.conf" <<EOF
database_dir $WORK
template_dir /usr/share/xapian-omega/templates
log_dir $run/logs
cdb_dir /var/lib/xapian-omega/cdb
EOF
# fcgiwrap forks its children: give it a process group of its own, stopped as a whole.
setsid fcgiwrap -c "${KR_BENCH_FCGI_CHILDREN:-4}" -s "unix:$run/fcgiwrap.sock" &
pids+=(-$!)
cat >"$run/nginx.conf" <<EOF
user root;  # the workers must reach fcgiwrap's socket, made by this (root) script
worker_processes auto;
pid $run/nginx.pid;
error_log $run/logs/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 100000;
  server { listen 127.0.0.1:$static_port; root $run/www; }
  server {
    listen 127.0.0.1:$omega_port;
    location /cgi-bin/omega {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $omega_cgi;
      fastcgi_param OMEGA_CONFIG_FILE $run/omega.conf;
      fastcgi_pass unix:$run/fcgiwrap.sock;
    }
  }
}
EOF
nginx -c "$run/nginx.conf" -p "$run" -g 'daemon off;' &
pids+=($!)
wait_http "http://127.0.0.1:$static_port/search.json"
wait_http "http://127.0.0.1:$omega_port/cgi-bin/omega?DB=omega-$count&P=migration"
head -100 "$omega_queries" >"$run/omega-check.tsv"
python3 "$BENCH_DIR/fetch_all.py" --port "$omega_port" --queries "$run/omega-check.tsv" | tee "$RESULTS/omega-responses.txt"

# curl_probe URL SECONDS: one request per second during a wrk run; wrk 4.1 does not count
# requests that never complete, so this shows what a user would wait meanwhile.
curl_probe() {
  for _ in $(seq "$2"); do
    curl -s -o /dev/null --max-time 20 -w '%{http_code} %{time_total}\n' "$1" || echo "fail"
    sleep 1
  done
}

echo "# server connections load1 requests_per_s p50 p90 p99 non2xx errors curl_median_s curl_max_s" >>"$RESULTS/http.tsv"
bench() {  # bench NAME CONNECTIONS URL PROBE_URL [QUERY_FILE]
  local name=$1 c=$2 url=$3 probe=$4 script_args=()
  [[ -n ${5:-} ]] && script_args=(-s "$BENCH_DIR/wrk_queries.lua" "$url" -- "$5") || script_args=("$url")
  local out=$RESULTS/wrk-$name-c$c.txt load
  load=$(load1)
  log "$name c=$c load $(cut -d' ' -f1-3 /proc/loadavg)"
  curl_probe "$probe" $((duration - 2)) >"$out.curl" &
  local probe_pid=$!
  wrk -t2 -c"$c" -d"${duration}s" --timeout 10s --latency "${script_args[@]}" >"$out"
  wait "$probe_pid"
  local rps p50 p90 p99 non2xx errors cmed cmax
  rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p90=$(awk '$1 == "90%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out")
  errors=$(awk '/Socket errors/ {print $4 $5 $6 $7 $8 $9 $10 $11}' "$out")
  read -r cmed cmax < <(awk '$1 != "fail" {print $2}' "$out.curl" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[NR]}')
  echo "$name $c $load $rps $p50 $p90 $p99 ${non2xx:-0} ${errors:-none} ${cmed:-?} ${cmax:-?}" | tee -a "$RESULTS/http.tsv"
}

probe_path=$(sed -n '2p' "$queries" | cut -f2)
omega_probe_path=$(sed -n '2p' "$omega_queries" | cut -f2)
wait_quiet "${KR_BENCH_QUIET_WAIT:-90}"
for c in $connections; do
  bench kr-server "$c" "http://127.0.0.1:$kr_port" "http://127.0.0.1:$kr_port$probe_path" "$queries"
  bench kr-server-nocache "$c" "http://127.0.0.1:$nocache_port" "http://127.0.0.1:$nocache_port$probe_path" "$queries"
  bench nginx-static "$c" "http://127.0.0.1:$static_port/search.json" "http://127.0.0.1:$static_port/search.json"
  bench omega "$c" "http://127.0.0.1:$omega_port" "http://127.0.0.1:$omega_port$omega_probe_path" "$omega_queries"
done
