#!/usr/bin/env bash
# Installs the Debian 12 packages Mercado needs. `--test` adds what the test suite needs.
# Idempotent: packages already installed are left alone, and apt is not touched at all when
# nothing is missing.
set -euo pipefail

build_packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpugixml-dev libsodium-dev libjwt-dev libmagic-dev zlib1g-dev
)
test_packages=(
  libgtest-dev python3 python3-pytest sqlite3 curl
  clang-14 libclang-rt-14-dev clang-format-14
)

packages=("${build_packages[@]}")
[[ ${1:-} == --test ]] && packages+=("${test_packages[@]}")

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

if ((EUID != 0)); then
  echo "Missing packages: ${missing[*]}" >&2
  echo "Run as root (or with sudo) so they can be installed." >&2
  exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
