#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) into build-fuzz and runs each one for
# FUZZ_SECONDS (default 60) seconds: the budget is per target, so adding a target does not cut
# the others' time. Each run starts from a scratch copy of fuzz/corpus/<target> so the
# checked-in corpus stays as it is; crashing inputs go to fuzz/artifacts/ (git-ignored). Exits
# non-zero when any target fails.
#
#   FUZZ_SECONDS=300 fuzz/run.sh                 # longer run, 300 s per target
#   FUZZ_TARGETS="fuzz_query" fuzz/run.sh        # a subset
#   FUZZ_SEED=1 fuzz/run.sh                      # a fixed random seed (0, the default: new each run)
#   build-fuzz/fuzz/fuzz_query fuzz/artifacts/fuzz_query-crash-...   # replay a finding
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

read -r -a targets <<<"${FUZZ_TARGETS:-fuzz_json_body fuzz_xml_body fuzz_query fuzz_negotiation fuzz_multipart fuzz_jwt fuzz_request_reader fuzz_graphql}"
seconds=${FUZZ_SECONDS:-60}
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
artifacts=$PWD/fuzz/artifacts

declare -A dictionary=(
  [fuzz_json_body]=json.dict [fuzz_xml_body]=xml.dict
  [fuzz_query]=query.dict [fuzz_negotiation]=negotiation.dict [fuzz_multipart]=multipart.dict [fuzz_jwt]=jwt.dict
  [fuzz_request_reader]=http.dict [fuzz_graphql]=graphql.dict
)

scratch=$(mktemp -d "${TMPDIR:-/tmp}/mercado-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT

echo "fuzz: building ${targets[*]} in $build_dir"
if ! cmake -S . -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++-14 -DMERCADO_FUZZ=ON \
  -DMERCADO_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$scratch/configure.log" 2>&1; then
  cat "$scratch/configure.log" >&2
  echo "fuzz: configure failed" >&2
  exit 1
fi
cmake --build "$build_dir" -j 2 --target "${targets[@]}" || {
  echo "fuzz: build failed" >&2
  exit 1
}

mkdir -p "$artifacts"

# Halt on the first report, with a stack; leaks are findings too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The last value of a libFuzzer status field ("cov: 123") in a log.
field() { grep -oE "$1: [0-9]+" "$2" | tail -n 1 | grep -oE '[0-9]+$' || echo "?"; }
final_stat() { grep -oE "^stat::$1: *[0-9]+" "$2" | grep -oE '[0-9]+$' || echo "?"; }

echo "fuzz: ${#targets[@]} targets, ${seconds}s each"
passed=0
failed=0
for target in "${targets[@]}"; do
  corpus=$scratch/$target
  mkdir -p "$corpus"
  [[ -d fuzz/corpus/$target ]] && cp -R "fuzz/corpus/$target/." "$corpus/"
  seeds=$(find "$corpus" -type f | wc -l)
  log=$scratch/$target.log
  options=(-max_total_time="$seconds" -seed="${FUZZ_SEED:-0}" -timeout=10 -rss_limit_mb=2048
    -print_final_stats=1
    -artifact_prefix="$artifacts/$target-")
  dict=${dictionary[$target]:-}
  [[ -n "$dict" && -f fuzz/dict/$dict ]] && options+=(-dict="fuzz/dict/$dict")

  "$build_dir/fuzz/$target" "${options[@]}" "$corpus" >"$log" 2>&1
  status=$?

  runs=$(final_stat number_of_executed_units "$log")
  speed=$(final_stat average_exec_per_sec "$log")
  rss=$(final_stat peak_rss_mb "$log")
  cov=$(field cov "$log")
  ft=$(field ft "$log")
  units=$(find "$corpus" -type f | wc -l)
  if ((status == 0)); then
    passed=$((passed + 1))
    echo "fuzz: $target passed: ${seconds}s, $runs runs, $speed exec/s, cov $cov, ft $ft," \
      "corpus $seeds -> $units, peak rss ${rss} MB"
  else
    failed=$((failed + 1))
    artifact=$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -n 1 | sed 's/^Test unit written to //')
    echo "fuzz: $target FAILED (exit $status) after $runs runs, cov $cov; artifact: ${artifact:-none}"
    # What went wrong: the property or sanitizer report, the project's frames, the input.
    {
      grep -m 3 -E 'property violated|runtime error|ERROR: (Address|Leak|libFuzzer)|SUMMARY' "$log"
      grep -E '^ *#[0-9]+ .* [^ ]*/(src|fuzz)/[^ ]*\.(cpp|hpp):[0-9]+' "$log" | head -n 15
      grep -m 1 -E '^Base64: ' "$log"
    } | sed 's/^/    /'
    [[ -n "${artifact:-}" ]] &&
      echo "    replay: $build_dir/fuzz/$target $artifact"
  fi
done

echo "fuzz: $passed passed, $failed failed"
((failed == 0))
