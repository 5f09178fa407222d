#!/usr/bin/env bash
# README command 2: set up, build and run every test through CTest; then the whole suite again
# under AddressSanitizer + UndefinedBehaviorSanitizer (preset asan), then each libFuzzer target
# for a short while (fuzz/run.sh). KR_QUICK=1 runs the first pass only.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/check-format.sh
./scripts/build.sh default
ctest --preset default -j "$(nproc)"
if [[ "${KR_QUICK:-0}" == 1 ]]; then exit 0; fi

# Any sanitizer report fails (-fno-sanitize-recover=all and halt_on_error); leaks too. The asan
# test preset leaves out the browser and OpenAPI (node) tests, which exercise no C++ of ours
# that the other tests do not.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
./scripts/build.sh asan
ctest --preset asan -j "$(nproc)"

# Crashes found later become files in fuzz/regressions/, replayed by the fuzz_replay_* tests above.
./fuzz/run.sh "${KR_FUZZ_SECONDS:-20}"
