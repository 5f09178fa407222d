#!/usr/bin/env bash
# Configures and builds the project (preset "default" -> build/, or the preset named in $1).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
