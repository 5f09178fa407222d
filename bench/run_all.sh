#!/usr/bin/env bash
# Reproduces every number of docs/BENCHMARKS.md. Not part of CI: it takes ~45 minutes on 2 cores
# and needs the Debian packages xapian-omega, wrk, nginx-light (or nginx), fcgiwrap, and
# linux-perf for profiles. Everything runs on this machine; servers listen on 127.0.0.1 only and
# are stopped at the end.
#   bench/run_all.sh            # all: indexing 10k + 100k, in-process search, HTTP
#   KR_BENCH_WORK=/big/tmp bench/run_all.sh
# Environment: KR_BENCH_WORK (default /tmp/kr-bench, needs ~3 GB), KR_BENCH_BUILD (build folder,
# default build-bench), KR_BENCH_REPEAT (full indexing runs per tool, default 2),
# KR_BENCH_HTTP_SECONDS (per wrk run, default 20).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

install_hint="apt-get install -y --no-install-recommends xapian-omega wrk nginx-light fcgiwrap"
for tool in omindex wrk nginx fcgiwrap; do
  command -v "$tool" >/dev/null || { log "$tool missing: $install_hint"; exit 2; }
done

log "building kr-index, kr-server and search_bench in $BUILD"
cmake -S "$SRC_DIR" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKR_BUILD_TESTS=OFF -DKR_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" -j2 --target kr-index kr-server search_bench >/dev/null

rm -f "$RESULTS/times.tsv" "$RESULTS/sizes.tsv" "$RESULTS/http.tsv"
{ echo "date: $(date -u +%FT%TZ)"; echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)";
  echo "cores: $(nproc)"; echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"; uname -sr;
  echo "xapian: $(xapian-config --version 2>/dev/null || true)"; wrk -v 2>&1 | head -1; nginx -v 2>&1; } >"$RESULTS/machine.txt"

# 1. Indexing (issue 3).
"$BENCH_DIR/bench_index.sh" 10000 "${KR_BENCH_REPEAT:-2}"
"$BENCH_DIR/bench_index.sh" 100000 "${KR_BENCH_REPEAT:-2}"

# 2. In-process search latency over the 100k index (issue 4).
python3 "$BENCH_DIR/make_queries.py" --corpus "$WORK/corpus-100000" --count 1000 >"$RESULTS/queries-100000.tsv"
wait_quiet 120
echo "load before: $(cat /proc/loadavg)" >"$RESULTS/search-100000.txt"
"$BUILD/bench/search_bench" --index "$WORK/kr-100000" --queries "$RESULTS/queries-100000.tsv" \
  --rounds 3 --threads 1,2 | tee -a "$RESULTS/search-100000.txt"

# 2b. The same with the pairs of every word (kr-index --phrase-pairs, BENCHMARKS.md §9; the default
# pairs frequent words only, §13): cost and effect.
wait_quiet 120
rm -rf "$WORK/kr-100000-pairs"
timed "kr-full-pairs-100000" "$BUILD/indexer/kr-index" --corpus "$WORK/corpus-100000" \
  --index "$WORK/kr-100000-pairs" --phrase-pairs --json --no-progress
echo "kr-100000-pairs $(size_kb "$WORK/kr-100000-pairs/current/")" >>"$RESULTS/sizes.tsv"
wait_quiet 120
echo "load before: $(cat /proc/loadavg)" >"$RESULTS/search-100000-pairs.txt"
"$BUILD/bench/search_bench" --index "$WORK/kr-100000-pairs" --queries "$RESULTS/queries-100000.tsv" \
  --rounds 3 --threads 1,2 | tee -a "$RESULTS/search-100000-pairs.txt"

# 2c. And without pairs (kr-index --no-phrase-pairs, §13): what the default's pairs cost and buy.
wait_quiet 120
rm -rf "$WORK/kr-100000-nopairs"
timed "kr-full-nopairs-100000" "$BUILD/indexer/kr-index" --corpus "$WORK/corpus-100000" \
  --index "$WORK/kr-100000-nopairs" --no-phrase-pairs --json --no-progress
echo "kr-100000-nopairs $(size_kb "$WORK/kr-100000-nopairs/current/")" >>"$RESULTS/sizes.tsv"
wait_quiet 120
echo "load before: $(cat /proc/loadavg)" >"$RESULTS/search-100000-nopairs.txt"
"$BUILD/bench/search_bench" --index "$WORK/kr-100000-nopairs" --queries "$RESULTS/queries-100000.tsv" \
  --rounds 3 --threads 1,2 | tee -a "$RESULTS/search-100000-nopairs.txt"

# 3. HTTP: kr-server vs nginx static file vs Omega CGI (issue 4).
"$BENCH_DIR/bench_http.sh" 100000 "${KR_BENCH_HTTP_SECONDS:-20}"

log "results in $RESULTS (times.tsv, sizes.tsv, search-100000.txt, http.tsv, wrk-*.txt)"
