# shellcheck shell=bash disable=SC2034  # variables are used by the scripts that source this
# Shared helpers of the bench/*.sh scripts (sourced, not run).
# Every measurement records the load average first: the machine is shared, numbers taken under
# load are marked as such in docs/BENCHMARKS.md.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC_DIR=$(dirname "$BENCH_DIR")
WORK=${KR_BENCH_WORK:-/tmp/kr-bench}
BUILD=${KR_BENCH_BUILD:-$SRC_DIR/build-bench}
RESULTS=${KR_BENCH_RESULTS:-$WORK/results}
mkdir -p "$WORK" "$RESULTS"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Waits up to 60 s for URL to answer 200; exits 1 otherwise.
wait_http() {
  for _ in $(seq 120); do
    curl -sf --max-time 5 -o /dev/null "$1" && return 0
    sleep 0.5
  done
  log "no answer from $1"
  exit 1
}

# 1-minute load average, e.g. 0.42
load1() { cut -d' ' -f1 /proc/loadavg; }

# Waits (at most $1 seconds, default 120) for the 1-minute load to drop below 1, so that key
# measurements are taken on a quiet machine when possible; goes on anyway after the limit.
wait_quiet() {
  local limit=${1:-120} waited=0
  while awk -v l="$(load1)" 'BEGIN { exit !(l >= 1.0) }' && ((waited < limit)); do
    sleep 5
    waited=$((waited + 5))
  done
  log "load $(cut -d' ' -f1-3 /proc/loadavg) after waiting ${waited}s"
}

# timed LABEL CMD...: runs CMD, appends "label wall_s user_s sys_s maxrss_kb load1_before" to
# $RESULTS/times.tsv and prints the same line. CMD's stdout goes to $RESULTS/LABEL.out.
timed() {
  local label=$1
  shift
  local before
  before=$(load1)
  /usr/bin/time -f '%e %U %S %M' -o "$RESULTS/$label.time" "$@" >"$RESULTS/$label.out" 2>"$RESULTS/$label.err" || {
    log "$label failed (see $RESULTS/$label.err)"
    tail -3 "$RESULTS/$label.err" >&2
  }
  local line
  line="$label $(tail -1 "$RESULTS/$label.time") $before"
  echo "$line" >>"$RESULTS/times.tsv"
  echo "$line"
}

# Size of a folder in KB, symlinks followed (kr-index keeps INDEX/current -> db-*).
size_kb() { du -skL "$1" | cut -f1; }
