#!/usr/bin/env bash
# Installs the Debian 12 packages Mercado needs. `--cluster` adds what scripts/cluster.sh runs
# (etcd, Patroni, PostgreSQL, HAProxy, memcached); `--test` adds what the test suite needs, the
# cluster's packages included. Then, except for `--cluster`, the npm packages of
# package-lock.json (the API description's linter, the docs page's Swagger UI, esbuild, Preact and
# htm, from which the CMake build bundles the web client, and the browser driver and axe-core of
# the browser checks) into node_modules/: a cluster needs none of them.
# Idempotent: packages already installed are left alone, apt is not touched at all when
# nothing is missing, and npm only when node_modules is missing or older than the lock file.
set -euo pipefail

build_packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libpugixml-dev libsodium-dev libjwt-dev libmagic-dev zlib1g-dev libxxhash-dev
  nodejs npm
)
test_packages=(
  libgtest-dev python3 python3-pytest sqlite3 curl
  clang-14 libclang-rt-14-dev clang-format-14
  python3-jsonschema chromium
  postgresql-15
)
# Named although patroni depends on them: python3-etcd is only one of its alternatives for a DCS
# (consul, kazoo, ... would satisfy apt), and Patroni's etcd3 client is built on it.
cluster_packages=(
  haproxy patroni etcd-server etcd-client memcached python3-etcd python3-psycopg2 postgresql-15 curl
)

packages=("${build_packages[@]}")
case ${1:-} in
  '') ;;
  --cluster) packages+=("${cluster_packages[@]}") ;;
  --test) packages+=("${test_packages[@]}" "${cluster_packages[@]}") ;;
  *)
    echo "usage: $0 [--cluster|--test]" >&2
    exit 2
    ;;
esac

missing=()
for package in "${packages[@]}"; do
  # NodeSource's nodejs package bundles npm (and conflicts with Debian's npm package).
  [[ $package == npm ]] && command -v npm >/dev/null && continue
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  if ((EUID != 0)); then
    echo "Missing packages: ${missing[*]}" >&2
    echo "Run as root (or with sudo) so they can be installed." >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The postinst scripts of postgresql-15, etcd-server, patroni, haproxy and memcached start
  # their system services, which would take the ports and data directories meant for
  # scripts/cluster.sh and the tests. invoke-rc.d asks /usr/sbin/policy-rc.d first, and exit
  # code 101 means "action forbidden". One that exists already (as in many container images) is
  # someone else's policy and stays as it is; ours goes when this script exits, however it exits.
  policy=/usr/sbin/policy-rc.d
  if [[ ! -e $policy ]]; then
    trap 'rm -f -- "$policy"' EXIT
    trap 'exit 130' INT TERM
    printf '#!/bin/sh\n# Written by scripts/install-deps.sh while apt-get runs.\nexit 101\n' >"$policy"
    chmod 755 -- "$policy"
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[[ ${1:-} == --cluster ]] && exit 0

# npm writes node_modules/.package-lock.json on every install: older than the lock file means
# the lock file changed since. No package needs its install script (one only reports usage).
cd "$(dirname "$0")/.."
lock=node_modules/.package-lock.json
if [[ ! -f $lock || package-lock.json -nt $lock ]]; then
  echo "Installing the npm packages (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts
fi
