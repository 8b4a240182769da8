#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for SECONDS in fork
# mode: JOBS worker processes, and a crash, timeout or out-of-memory input is saved and
# fuzzing goes on, so one run reports every finding, not the first. Seeds come from the
# examples, the golden and error specs and the replayed findings. Findings land in
# build-fuzz/findings/; add each to tests/fuzz-regressions/ (named by its target's prefix).
#   bench/fuzz.sh SECONDS [JOBS] [TARGET...]     TARGET: compile expr writers files
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: bench/fuzz.sh SECONDS [JOBS] [TARGET...]}
jobs=${2:-1}
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(compile expr writers files)
build=${MLPC_FUZZ_BUILD:-build-fuzz}
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMLPC_FUZZ=ON -DMLPC_BUILD_TESTS=OFF -DMLPC_WERROR=ON >/dev/null
built=()
for t in "${targets[@]}"; do [ -f "fuzz/${t}_fuzzer.cc" ] && built+=("${t}_fuzzer"); done
cmake --build "$build" --target "${built[@]}" >/dev/null
corpus=$build/corpus
findings=$build/findings
mkdir -p "$findings"
# Seeds: every spec the repository holds, and the `${{ }}` texts inside them; the writers
# and file trees start from the replayed findings of their own kind (and grow from there).
seed() {  # seed TARGET FILE...
  local dir=$corpus/$1; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"; done
  return 0
}
seed compile examples/*.yaml examples/pipelines/*.yaml tests/golden/*/*.yaml tests/errors/*.yaml \
  $(ls tests/fuzz-regressions/* 2>/dev/null | grep -v '/\(expr\|writers\|files\)-')
seed writers tests/fuzz-regressions/writers-* examples/*.yaml
seed files tests/fuzz-regressions/files-*
mkdir -p "$corpus/expr"
grep -ho '\${{[^}]*}}' examples/*.yaml tests/golden/*/*.yaml tests/errors/*.yaml | sort -u |
  split -l 1 - "$corpus/expr/seed-"
seed expr tests/fuzz-regressions/expr-*
total_findings=0
for target in "${targets[@]}"; do
  bin=$build/fuzz/${target}_fuzzer
  [ -x "$bin" ] || { echo "== ${target}: no such fuzz target"; continue; }
  log=$build/${target}.log
  before=$(ls "$findings" | grep -c "^${target}-" || true)
  echo "== ${target}_fuzzer: ${seconds}s, ${jobs} job(s)"
  "$bin" "$corpus/$target" -dict=bench/fuzz.dict -max_total_time="$seconds" -max_len=16384 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 \
    -ignore_ooms=1 -artifact_prefix="$findings/${target}-" >"$log" 2>&1 || true
  # Fork mode's status lines: `#EXECS: cov: ... corp: ... exec/s N oom/timeout/crash: a/b/c ...`.
  last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
  execs=$(echo "$last" | sed -E 's/^#([0-9]+):.*/\1/')
  rate=$(echo "$last" | sed -nE 's/.*exec\/s:? ([0-9]+).*/\1/p')
  after=$(ls "$findings" | grep -c "^${target}-" || true)
  new=$((after - before))
  total_findings=$((total_findings + new))
  echo "   executions ${execs:-0} (${rate:-?}/s), new findings ${new}, status: ${last:-(none; see $log)}"
  ls "$findings" | grep "^${target}-" | sed 's/^/   finding: /' || true
done
echo "fuzz: ${total_findings} new finding(s) in $findings"
