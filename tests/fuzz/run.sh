#!/usr/bin/env bash
# Fuzzes each target of tests/fuzz with libFuzzer for a fixed time, starting from a copy of its
# committed corpus (the committed corpus itself is never changed). Needs a build made with
#   CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DDOSAH_SANITIZE=ON -DDOSAH_FUZZ=ON
# Usage: tests/fuzz/run.sh [SECONDS_PER_TARGET] [BUILD_DIR] [TARGET...]   (default 20 build-fuzz all)
# FUZZ_SEED=N and FUZZ_RUNS=N make a run repeatable: the same seed and the same number of
# inputs per target (still stopped after SECONDS_PER_TARGET) give the same inputs on the same
# build, so what CI fuzzes can be fuzzed beforehand, and a bug found by chance elsewhere does
# not fail an unrelated change. Without them each run explores anew.
# A crash leaves its input as crash-* in the current directory and fails the script; add the
# input to tests/fuzz/corpus/<target>/ as a reproducer once the bug is fixed.
set -euo pipefail
seconds=${1:-20}
build=${2:-build-fuzz}
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario load_geojson load_csv load_gpkg report gtfs)
src=$(cd "$(dirname "$0")" && pwd)
status=0
repeat=()
[ -z "${FUZZ_SEED:-}" ] || repeat+=(-seed="$FUZZ_SEED")
[ -z "${FUZZ_RUNS:-}" ] || repeat+=(-runs="$FUZZ_RUNS")
for t in "${targets[@]}"; do
  work=$(mktemp -d)
  cp "$src/corpus/$t/"* "$work/"
  echo "== fuzz_$t for ${seconds} s ${repeat[*]:-}"
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 \
       -print_final_stats=1 "${repeat[@]}" "$work" 2>"$work.log"; then
    tail -n 60 "$work.log"
    status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "$work.log" || true
  fi
  rm -rf "$work" "$work.log"
done
exit $status
