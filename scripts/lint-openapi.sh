#!/usr/bin/env bash
# Lints the API description, docs/openapi.json, with Redocly's recommended rules and the
# project's additions (redocly.yaml). Needs node_modules: scripts/install-deps.sh or npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec npx --no-install redocly lint docs/openapi.json
