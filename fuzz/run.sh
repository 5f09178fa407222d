#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (in build-fuzz/) and runs each for SECONDS.
#   fuzz/run.sh [SECONDS] [TARGET...]     (default 60 s; every target of fuzz/targets.cmake)
# Seeds are read from fuzz/corpus/T/ and fuzz/regressions/T/ and never written; new inputs go to
# build-fuzz/corpus/T/. A crash, leak, sanitizer report, >10 s input or >2 GB RSS fails the run and
# leaves the input in build-fuzz/artifacts/T/: fix the bug and add the input to fuzz/regressions/T/,
# where the fuzz_replay_T CTest test replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
build="${KR_FUZZ_BUILD_DIR:-build-fuzz}"

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  read -r -a targets < <(sed -n 's/^set(KR_FUZZ_TARGETS \(.*\))$/\1/p' fuzz/targets.cmake)
fi

cmake -S fuzz -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
passed=0
failed=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
  seeds=("fuzz/corpus/$t")
  if [[ -d "fuzz/regressions/$t" ]]; then seeds+=("fuzz/regressions/$t"); fi
  log="$build/fuzz_$t.log"
  if "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t/" "$build/corpus/$t" "${seeds[@]}" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz_$t: ok, ${runs:-?} inputs in ${seconds} s"
    passed=$((passed + 1))
  else
    echo "fuzz_$t: FAILED (log $log, input in $build/artifacts/$t/)"
    tail -n 40 "$log"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
