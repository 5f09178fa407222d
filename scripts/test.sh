#!/usr/bin/env bash
# README command 2: set up, build and run every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh default
ctest --preset default -j "$(nproc)"
