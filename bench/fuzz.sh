#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for SECONDS,
# seeded from the examples, the golden specs and the error specs. Findings (crash-*,
# leak-*, timeout-*) land in build-fuzz/findings/; add each to tests/fuzz-regressions/.
#   bench/fuzz.sh SECONDS [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: bench/fuzz.sh SECONDS [JOBS]}
jobs=${2:-1}
build=${MLPC_FUZZ_BUILD:-build-fuzz}
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMLPC_FUZZ=ON -DMLPC_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target compile_fuzzer expr_fuzzer >/dev/null
corpus=$build/corpus
mkdir -p "$corpus/compile" "$corpus/expr" "$build/findings"
# Seeds: every spec the repository holds, and the `${{ }}` texts inside them.
for f in examples/*.yaml examples/pipelines/*.yaml tests/golden/*/*.yaml tests/errors/*.yaml \
         tests/fuzz-regressions/*; do
  [ -f "$f" ] && cp "$f" "$corpus/compile/$(echo "$f" | tr / _)"
done
grep -ho '\${{[^}]*}}' examples/*.yaml tests/golden/*/*.yaml tests/errors/*.yaml | sort -u |
  split -l 1 - "$corpus/expr/seed-"
dict=bench/fuzz.dict
for target in compile expr; do
  echo "== ${target}_fuzzer for ${seconds}s"
  # -jobs runs that many fuzzing processes; the summary line of each is kept.
  "$build/fuzz/${target}_fuzzer" "$corpus/$target" -dict="$dict" -max_total_time="$seconds" \
    -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/findings/${target}-" -jobs="$jobs" -workers="$jobs" \
    2>"$build/${target}.log" || { tail -30 "$build/${target}.log"; exit 1; }
  grep -h 'stat::number_of_executed_units' "$build/${target}.log" fuzz-*.log 2>/dev/null | tail -"$jobs" || true
done
rm -f fuzz-*.log
