#!/usr/bin/env bash
# Prints, per size and target, whole-process wall and user time and peak RSS of
# `mlpc compile`, next to floors measured in the same run: yaml-cpp alone loading the
# file (bench/yaml_parse.cc), `cat` of the file, and Python's yaml.safe_load (PyYAML, C
# loader when present); then the ratios. Then Hera building the same DAG (the peer), and
# `mlpc lint` over 1,000 small files in one call, and a small spec's compile next to
# `python3 -c pass`. Best of three runs each.
# `lint s` is the front half alone (parse, lower, check; no output); `/10x` compares a
# size with the one ten times smaller, for linearity.
#   bench/run.sh [BUILD_DIR] [SIZES...]      default: build 10 100 1000 10000 100000
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000 10000 100000)
mlpc=$build/mlpc
floor=$build/bench/bench_yaml_parse
[ -x "$build/bench/bench_phases" ] || { echo "build first: cmake --build $build" >&2; exit 2; }
[ -x "$mlpc" ] && [ -x "$floor" ] || { echo "build first: cmake --build $build" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() {  # prints "wall_s user_s kilobytes" of the best (wall) of 3 runs
  local best_t=999999 best_u=0 best_m=0
  for _ in 1 2 3; do
    if ! /usr/bin/time -f "%e %U %M" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err"; then
      echo "bench: failed: $*" >&2
      tail -5 "$tmp/err" >&2
      exit 1
    fi
    read -r t u m < "$tmp/t"
    if awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_u=$u; best_m=$m; fi
  done
  echo "$best_t $best_u $best_m"
}
ratio() { awk "BEGIN{printf \"%.2f\", $1/($2+0.005)}"; }
printf "machine: %s, %s cores, %s, %s\n" "$(uname -m)" "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(free -g | awk '/Mem:/{print $2 " GiB"}')"
printf "%-7s %-5s %8s %8s %8s %8s %7s %8s %9s %9s %7s %9s %6s %6s\n" tasks target "in KiB" "wall s" "user s" "RSS MiB" \
  "RSS/in" "lint s" "yamlcpp s" "load s" "cat s" "/yamlcpp" "/load" "/10x"
declare -A previous
for n in "${sizes[@]}"; do
  spec="$tmp/spec-$n.yaml"
  python3 bench/gen.py "$n" > "$spec"
  kib=$(( $(stat -c %s "$spec") / 1024 ))
  read -r yc _ _ < <(measure "$floor" "$spec")
  read -r load _ _ < <(measure python3 -c "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))" "$spec")
  read -r cat_t _ _ < <(measure cat "$spec")
  for target in argo kfp; do
    # 100,000 tasks are an 11 MB spec, over the default 8 MiB input limit, and write over
    # the default 64 MiB output limit.
    read -r lint_t _ _ < <(measure "$mlpc" lint --target "$target" --max-file-size 1073741824 "$spec")
    read -r t u m < <(measure "$mlpc" compile "$spec" --target "$target" --max-file-size 1073741824 \
      --max-output-size 4294967296 -o "$tmp/out")
    rss_ratio=$(awk "BEGIN{printf \"%.0fx\", ($m)/($kib+1)}")
    tenfold=-
    [ -n "${previous[$target]:-}" ] && tenfold=$(ratio "$t" "${previous[$target]}")
    previous[$target]=$t
    printf "%-7s %-5s %8s %8s %8s %8s %7s %8s %9s %9s %7s %9s %6s %6s\n" "$n" "$target" "$kib" "$t" "$u" "$((m / 1024))" \
      "$rss_ratio" "$lint_t" "$yc" "$load" "$cat_t" "$(ratio "$t" "$yc")" "$(ratio "$t" "$load")" "$tenfold"
  done
done
# Where the time and memory of the 10,000-task compile go (the size the targets name).
for target in argo kfp; do
  [ -f "$tmp/spec-10000.yaml" ] || break
  printf "\nphases of the 10000-task compile, %s:\n" "$target"
  "$build/bench/bench_phases" "$tmp/spec-10000.yaml" "$target"
done
# The peer: Hera (Argo Workflows' Python SDK, ../shared/clients/hera) building the same
# DAG (bench/hera_dag.py) and writing it as YAML, beside `mlpc compile --target argo` of
# the spec, at 10,000 tasks.
hera_site=../shared/clients/hera/site
if [ -f "$tmp/spec-10000.yaml" ] && [ -d "$hera_site" ]; then
  read -r ht _ hm < <(measure /usr/bin/python3 bench/hera_dag.py 10000 "$hera_site")
  read -r mt _ mm < <(measure "$mlpc" compile "$tmp/spec-10000.yaml" --target argo --max-output-size 4294967296 \
    -o "$tmp/out")
  printf "\n10000 tasks to an Argo Workflow: Hera %s s, %s MiB peak; mlpc %s s, %s MiB peak (%s of Hera's memory)\n" \
    "$ht" "$((hm / 1024))" "$mt" "$((mm / 1024))" "$(awk "BEGIN{printf \"%.2f\", $mm/$hm}")"
fi
# lint over 1,000 small files in one call (what a pre-commit hook on a big change does).
mkdir -p "$tmp/many"
for i in $(seq 1000); do python3 bench/gen.py 5 > "$tmp/many/spec-$i.yaml"; done 2>/dev/null
read -r t u m < <(measure "$mlpc" lint "$tmp"/many/*.yaml)
printf "\nmlpc lint, 1000 files of 5 tasks in one call: %s s wall, %s s user, %s MiB peak\n" "$t" "$u" "$((m / 1024))"
# Paths that were quadratic, at 10,000 and 100,000 (the ratio shows linearity): one task
# with that many annotation keys, that many tasks with equal inline bodies, and one task
# naming that many params, compiled; that many tasks, each with a misspelled `after`
# entry (each a "did you mean" lookup), linted.
python3 - "$tmp" <<'PY'
import sys
for n in (10000, 100000):
    with open(f"{sys.argv[1]}/annotations-{n}.yaml", "w") as f:
        f.write("version: 1\nname: many\ntasks:\n  hello:\n    image: alpine:3.20\n    command: [echo, hi]\n    annotations:\n")
        f.writelines(f"      example.com/k{i}: v{i}\n" for i in range(n))
    with open(f"{sys.argv[1]}/typos-{n}.yaml", "w") as f:
        f.write("version: 1\nname: typos\ntasks:\n")
        f.writelines(f"  task-{i:06d}: {{image: alpine:3.20, command: [echo, hi]{f', after: [tsk-{i - 1:06d}]' if i else ''}}}\n"
                     for i in range(n))
    # n tasks with equal inline bodies, each its own template on Argo.
    with open(f"{sys.argv[1]}/inline-{n}.yaml", "w") as f:
        f.write("version: 1\nname: inline\ntasks:\n")
        f.writelines(f"  t{i}: {{image: alpine:3.20, command: [echo, hi]}}\n" for i in range(n))
    # One task naming n params: n generated inputs.
    with open(f"{sys.argv[1]}/refs-{n}.yaml", "w") as f:
        f.write("version: 1\nname: refs\nparams:\n")
        f.writelines(f"  p{i}: {{type: string, default: x}}\n" for i in range(n))
        f.write("tasks:\n  t:\n    image: alpine:3.20\n    command: [echo" +
                "".join(f', "${{{{ params.p{i} }}}}"' for i in range(n)) + "]\n")
    # One task whose `after` names n tasks that do not exist: n errors.
    with open(f"{sys.argv[1]}/errors-{n}.yaml", "w") as f:
        f.write("version: 1\nname: errs\ntasks:\n  a:\n    image: alpine:3.20\n    command: [echo, hi]\n    after:\n")
        f.writelines(f"      - n{i}\n" for i in range(n))
PY
# `mlpc lint` over specs with errors: exit 1 is the outcome measured.
lint_errors=(bash -c '"$0" lint "$@"; [ $? -le 1 ]' "$mlpc")
printf "\n%-34s %8s %8s %12s %6s\n" "at 10,000 and 100,000" "10k s" "100k s" "100k RSS MiB" "/10x"
for target in argo kfp; do
  read -r t10 _ _ < <(measure "$mlpc" compile "$tmp/annotations-10000.yaml" --target "$target" -o "$tmp/out")
  read -r t _ m < <(measure "$mlpc" compile "$tmp/annotations-100000.yaml" --target "$target" -o "$tmp/out")
  printf "%-34s %8s %8s %12s %6s\n" "compile, $target, annotation keys" "$t10" "$t" "$((m / 1024))" "$(ratio "$t" "$t10")"
done
for target in argo kfp; do
  for kind in inline refs; do
    read -r t10 _ _ < <(measure "$mlpc" compile "$tmp/$kind-10000.yaml" --target "$target" -o "$tmp/out")
    read -r t _ m < <(measure "$mlpc" compile "$tmp/$kind-100000.yaml" --target "$target" -o "$tmp/out")
    what=$([ "$kind" = inline ] && echo "equal inline tasks" || echo "params named by one task")
    printf "%-34s %8s %8s %12s %6s\n" "compile, $target, $what" "$t10" "$t" "$((m / 1024))" "$(ratio "$t" "$t10")"
  done
done
read -r t10 _ _ < <(measure "${lint_errors[@]}" "$tmp/typos-10000.yaml")
read -r t _ m < <(measure "${lint_errors[@]}" "$tmp/typos-100000.yaml")
printf "%-34s %8s %8s %12s %6s\n" "lint, misspelled after entries" "$t10" "$t" "$((m / 1024))" "$(ratio "$t" "$t10")"
# 100,000 errors in each lint format: text and github stop at --max-errors (100); json
# and sarif hold every result, written as they are produced.
printf "\n100000 errors, mlpc lint:\n"
for format in text github json sarif; do
  read -r t _ m < <(measure "${lint_errors[@]}" --format "$format" "$tmp/errors-100000.yaml")
  printf "  %-7s %6s s  %5s MiB peak\n" "$format" "$t" "$((m / 1024))"
done
# A small spec's whole compile next to starting Python: the mean of 50 runs each, since
# both are under /usr/bin/time's 10 ms resolution.
mean50() {
  local start end
  start=$(date +%s.%N)
  for _ in $(seq 50); do "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s.%N)
  awk "BEGIN{printf \"%.4f\", ($end - $start) / 50}"
}
small=$(mean50 "$mlpc" compile examples/tour/score-and-ship.yaml --target argo)
py=$(mean50 python3 -c pass)
printf "small spec compile: %s s; python3 -c pass: %s s; ratio %s\n" "$small" "$py" "$(awk "BEGIN{printf \"%.3f\", $small/$py}")"
