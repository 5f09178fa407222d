#!/usr/bin/env bash
# kill -9 of kr-index at random moments, RUNS times (issue 6): the long run of the CTest test
# indexer_kill_test (tests/indexer_kill_test.cc), which does the work: after every kill the live
# index must open with either the old or the new complete content. Builds nothing.
#   bench/kill_loop.sh [RUNS] [BUILD_DIR]        default 200 runs, build folder ./build
# Environment: KR_KILL_RECORDS (generated records, default 2000), KR_KILL_SEED (to replay a run).
set -euo pipefail
runs=${1:-200}
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${2:-$src/build}" && pwd)
test_binary=$build/tests/indexer_kill_test
[[ -x $test_binary ]] || { echo "kill_loop: $test_binary missing (build target indexer_kill_test)" >&2; exit 2; }
echo "kill_loop: $runs runs, ${KR_KILL_RECORDS:-2000} records; load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
status=0
KR_KILL_RUNS=$runs KR_KILL_RECORDS=${KR_KILL_RECORDS:-2000} "$test_binary" || status=$?
echo "kill_loop: $(($(date +%s) - start)) s; load $(cut -d' ' -f1-3 /proc/loadavg); exit $status"
exit "$status"
