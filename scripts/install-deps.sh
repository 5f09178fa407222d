#!/usr/bin/env bash
# Installs every Debian 12 package the project needs. Idempotent, non-interactive,
# and quick when everything is already present (no apt-get update then).
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  libxapian-dev xapian-tools
  libpoco-dev libpugixml-dev libicu-dev catch2
  libpoppler-cpp-dev libgumbo-dev libcmark-dev libjemalloc-dev
  libxml2-utils poppler-utils curl python3 chromium nodejs
  clang-14 libclang-rt-14-dev clang-format
  wrk
  nginx-light
)
# tests/openapi runs an npm linter. Debian's npm conflicts with a nodejs that bundles its own npm
# (NodeSource builds), so it is asked for only when no npm is on PATH.
command -v npm >/dev/null 2>&1 || packages+=(npm)
# Extra packages for a step, e.g. KR_EXTRA_PACKAGES="chromium nodejs" (browser tests, benchmarks).
if [[ -n "${KR_EXTRA_PACKAGES:-}" ]]; then
  read -r -a extra <<<"${KR_EXTRA_PACKAGES}"
  packages+=("${extra[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
