#!/usr/bin/env bash
# Volume (docs/spec.md, section 1): 100,000 errors give a bounded text and GitHub
# listing (--max-errors, default 100 per file, then one line saying how many more), and
# complete JSON and SARIF reports written as they are produced, in bounded memory; and
# the paths that were quadratic (a map of 80,000 annotations, 10,000 misspelled `after`
# entries) finish. The `timeout`s are hang checks, not timing assertions.
#   test_volume.sh MLPC
source "$(dirname "$0")/../cli/lib.sh"
# A sanitized build runs each of these several times slower, and CI runs two tests at
# once on two cores: the hang check gives it room.
asan=0
grep -q "__asan_init" "$MLPC" 2>/dev/null && asan=1
hang=60
[ "$asan" -eq 1 ] && hang=240

# One task whose `after` names 100,000 tasks that do not exist: 100,000 E0302.
python3 - > "$SCRATCH/errors.yaml" <<'PY'
print("version: 1\nname: errs\ntasks:\n  a:\n    image: alpine:3.20\n    command: [echo, hi]\n    after:")
for i in range(100000):
    print(f"      - n{i}")
PY
count() { grep -c -- "$1" "$2"; }
expect_count() {  # expect_count WANT PATTERN FILE DESCRIPTION
  local got
  got=$(count "$2" "$3")
  if [ "$got" -eq "$1" ]; then PASSED=$((PASSED + 1)); else echo "FAIL: $4: $got lines with '$2', want $1"; FAILED=$((FAILED + 1)); fi
}

expect_rc 1 "text" -- timeout $hang "$MLPC" lint "$SCRATCH/errors.yaml"
expect_count 100 ": error: " "$SCRATCH/stderr" "text shows 100 errors"
expect_contains "$SCRATCH/stderr" "mlpc: 99900 more errors in $SCRATCH/errors.yaml not shown (--max-errors 100; 0 shows all)" "text: the more line"
expect_contains "$SCRATCH/stderr" "mlpc: 100000 errors" "text: the summary counts all"
expect_rc 1 "text, --max-errors 0" -- timeout $hang "$MLPC" lint --max-errors 0 "$SCRATCH/errors.yaml"
expect_count 100000 ": error: " "$SCRATCH/stderr" "--max-errors 0 shows all"
expect_count 0 "more errors" "$SCRATCH/stderr" "--max-errors 0: no more line"
expect_rc 1 "text, --max-errors 7" -- timeout $hang "$MLPC" lint --max-errors 7 "$SCRATCH/errors.yaml"
expect_count 7 ": error: " "$SCRATCH/stderr" "--max-errors 7 shows 7"
expect_contains "$SCRATCH/stderr" "99993 more errors" "--max-errors 7: the more line"
expect_rc 1 "compile" -- timeout $hang "$MLPC" compile "$SCRATCH/errors.yaml" -t argo -o "$SCRATCH/out.yaml"
expect_count 100 ": error: " "$SCRATCH/stderr" "compile shows 100 errors"
expect_contains "$SCRATCH/stderr" "mlpc: 99900 more errors in" "compile: the more line"
expect_no_file "$SCRATCH/out.yaml" "compile: no output"

expect_rc 1 "github" -- timeout $hang "$MLPC" lint --format github "$SCRATCH/errors.yaml"
expect_count 100 "^::error " "$SCRATCH/stdout" "github shows 100 errors"
expect_contains "$SCRATCH/stdout" "::notice file=$SCRATCH/errors.yaml,title=mlpc::99900 more errors in $SCRATCH/errors.yaml not shown" "github: the more notice"
expect_rc 1 "github, --max-errors 0" -- timeout $hang "$MLPC" lint --format github --max-errors 0 "$SCRATCH/errors.yaml"
expect_count 100000 "^::error " "$SCRATCH/stdout" "github --max-errors 0 shows all"

# The option is range-checked: a usage error.
expect_rc 2 "--max-errors -1" -- "$MLPC" lint --max-errors -1 "$SCRATCH/errors.yaml"
expect_rc 2 "--max-errors 1000000001" -- "$MLPC" compile --max-errors 1000000001 "$SCRATCH/errors.yaml" -t kfp

# JSON and SARIF hold every result; peak memory stays near the analysis' own (it was
# 250 MB for JSON, 362 MB for SARIF, built as one tree), unless sanitizers inflate it.
for format in json sarif; do
  expect_rc 1 "$format" -- timeout $hang /usr/bin/time -f "%M" -o "$SCRATCH/rss" "$MLPC" lint --format "$format" "$SCRATCH/errors.yaml"
  python3 - "$format" "$SCRATCH/stdout" <<'PY' && PASSED=$((PASSED + 1)) || FAILED=$((FAILED + 1))
import json, sys
doc = json.load(open(sys.argv[2]))
n = len(doc["runs"][0]["results"]) if sys.argv[1] == "sarif" else len(doc["files"][0]["diagnostics"])
if sys.argv[1] == "json":
    assert doc["summary"]["errors"] == 100000, doc["summary"]
if n != 100000:
    print(f"FAIL: {sys.argv[1]}: {n} results, want 100000")
    sys.exit(1)
PY
  rss=$(tail -1 "$SCRATCH/rss")
  if [ "$asan" -eq 1 ] || [ "$rss" -lt 150000 ]; then PASSED=$((PASSED + 1)); else echo "FAIL: $format: peak RSS $rss KB, want under 150000"; FAILED=$((FAILED + 1)); fi
done

# 80,000 annotations on one task: emitted key by key through a linear search, minutes.
python3 - > "$SCRATCH/annotations.yaml" <<'PY'
print("version: 1\nname: many\ntasks:\n  hello:\n    image: alpine:3.20\n    command: [echo, hi]\n    annotations:")
for i in range(80000):
    print(f"      example.com/k{i}: v{i}")
PY
for target in argo kfp; do
  expect_rc 0 "80,000 annotations, $target" -- timeout $hang "$MLPC" compile "$SCRATCH/annotations.yaml" -t "$target" -o "$SCRATCH/annotations.$target"
  expect_contains "$SCRATCH/annotations.$target" "example.com/k79999" "80,000 annotations, $target: the last one"
done

# 10,000 tasks, each `after` a misspelling of the one before: 45 s of suggestions.
python3 - > "$SCRATCH/typos.yaml" <<'PY'
print("version: 1\nname: typos\ntasks:")
for i in range(10000):
    after = f", after: [tsk-{i - 1:05d}]" if i else ""
    print(f"  task-{i:05d}: {{image: alpine:3.20, command: [echo, hi]{after}}}")
PY
expect_rc 1 "10,000 misspelled after entries" -- timeout $hang "$MLPC" lint "$SCRATCH/typos.yaml"
expect_contains "$SCRATCH/stderr" "unknown task \`tsk-00000\` in \`after\`; did you mean \`task-00000\`?" "misspelled after: a suggestion"
expect_contains "$SCRATCH/stderr" "mlpc: 9999 errors" "misspelled after: all counted"
# 60,000 tasks with equal inline bodies, each its own template: on Argo every new
# template was compared with every earlier one of the same body (46 s at 20,000).
python3 - > "$SCRATCH/inline.yaml" <<'PY'
print("version: 1\nname: inline\ntasks:")
for i in range(60000):
    print(f"  t{i}: {{image: alpine:3.20, command: [echo, hi]}}")
PY
for target in argo kfp; do
  expect_rc 0 "60,000 equal inline tasks, $target" -- timeout $hang "$MLPC" compile "$SCRATCH/inline.yaml" -t "$target" -o "$SCRATCH/inline.$target"
done
expect_contains "$SCRATCH/inline.argo" "    - name: t59999" "equal inline tasks: the last template"

# One task naming 20,000 params: each new input was looked for among all earlier inputs
# and their arguments (cubic: 46 s at 5,000).
python3 - > "$SCRATCH/refs.yaml" <<'PY'
n = 20000
print("version: 1\nname: refs\nparams:")
for i in range(n):
    print(f"  p{i}: {{type: string, default: x}}")
print("tasks:\n  t:\n    image: alpine:3.20\n    command: [echo" + "".join(f', "${{{{ params.p{i} }}}}"' for i in range(n)) + "]")
PY
expect_rc 0 "lint, a task naming 20,000 params" -- timeout $hang "$MLPC" lint "$SCRATCH/refs.yaml"
for target in argo kfp; do
  expect_rc 0 "a task naming 20,000 params, $target" -- timeout $hang "$MLPC" compile "$SCRATCH/refs.yaml" -t "$target" -o "$SCRATCH/refs.$target"
done
expect_contains "$SCRATCH/refs.argo" '          - "{{inputs.parameters.p19999}}"' "20,000 params: the last one reaches the command"
# One task with 4,000 volumes of one kind: each name was checked against every earlier
# volume for every number tried (cubic: 42 s at 2,500).
python3 - > "$SCRATCH/vols.yaml" <<'PY'
print("version: 1\nname: vols\ntasks:\n  t:\n    image: alpine:3.20\n    command: [echo, hi]\n    volumes:")
for i in range(4000):
    print("      - {pvc: data, mount: /m%d}" % i)
PY
for target in argo kfp; do
  expect_rc 0 "4,000 volumes, $target" -- timeout $hang "$MLPC" compile "$SCRATCH/vols.yaml" -t "$target" -o "$SCRATCH/vols.$target"
done
expect_contains "$SCRATCH/vols.argo" "name: pvc-data-4000" "4,000 volumes: the last name"

# 60,000 tasks, each with a pipeline output: every task looked through every output
# (22 s at 40,000).
python3 - > "$SCRATCH/outs.yaml" <<'PY'
n = 60000
print("version: 1\nname: outs\ntasks:")
for i in range(n):
    print(f"  t{i}: {{image: alpine:3.20, command: [echo], outputs: {{o: string}}}}")
print("outputs:")
for i in range(n):
    print(f"  r{i}: ${{{{ tasks.t{i}.outputs.o }}}}")
PY
expect_rc 0 "60,000 pipeline outputs, argo" -- timeout $hang "$MLPC" compile "$SCRATCH/outs.yaml" -t argo -o "$SCRATCH/outs.argo"
expect_contains "$SCRATCH/outs.argo" "globalName: r59999" "60,000 pipeline outputs: the last one"

# 32,768 `item` references whose generated input names collide (`item.a_a` and
# `item.a.a` both make `a_a`): each name counted up from _2 again, and KFP's input
# definitions searched per key.
python3 - > "$SCRATCH/items.yaml" <<'PY'
bits = 15
width = bits + 1
def node(j):
    entries = []
    for length in range(1, width - j + 1):
        key = "_".join(["a"] * length)
        if j + length == width:
            entries.append(f"{key}: 1")
        elif length == 1:
            entries.append(f"{key}: &n{j + 1} " + node(j + 1))
        else:
            entries.append(f"{key}: *n{j + length}")
    return "{" + ", ".join(entries) + "}"
print("version: 1\nname: items\ntasks:\n  t:\n    image: alpine:3.20\n    foreach:\n    - " + node(0) + "\n    command: [echo]\n    args:")
for i in range(1 << bits):
    path = "a" + "".join(("." if (i >> b) & 1 else "_") + "a" for b in range(bits))
    print(f'    - "${{{{ item.{path} }}}}"')
PY
expect_rc 0 "lint, 32,768 colliding item names" -- timeout $hang "$MLPC" lint "$SCRATCH/items.yaml"
for target in argo kfp; do
  expect_rc 0 "32,768 colliding item names, $target" -- timeout $hang "$MLPC" compile "$SCRATCH/items.yaml" -t "$target" -o "$SCRATCH/items.$target"
done
finish
