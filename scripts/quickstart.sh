#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running store: installs the packages,
# builds, and serves the sandbox on http://127.0.0.1:3000 with a SQLite file in this folder.
# Extra arguments go to `mercado serve` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMERCADO_TESTS=OFF >/dev/null
cmake --build build --target mercado
exec build/mercado serve "$@"
