#!/usr/bin/env bash
# What a spec stands for, not only what its files hold (docs/spec.md, section 1): a file
# named many times is parsed and compiled each time, and an alias of a long string
# repeats its bytes. Both are counted over the whole spec: files at every naming, with
# what they name in turn (E0115), aliases by their bytes as well as their nodes (E0105).
# Each of these ran lint out of memory (std::bad_alloc, exit 2). The `timeout`s are hang
# checks; the memory ceiling (`ulimit -v`, 2 GiB) turns a regression into a failure
# instead of a stalled machine, outside sanitizer builds.
#   test_expansion.sh MLPC
source "$(dirname "$0")/../cli/lib.sh"
cd "$SCRATCH" || exit 1
mkdir -p .git
limited() { if ldd "$MLPC" 2>/dev/null | grep -q libasan; then "$@"; else (ulimit -v 2097152; "$@"); fi; }

# Sub-pipelines five levels deep, each level's ten tasks naming the next file: 100,000
# copies of a 1.9 KB file.
python3 - <<'PY'
for level in range(1, 6):
    with open(f"level{level}.yaml", "w") as f:
        f.write(f"version: 1\nname: level{level}\nparams:\n  msg: {{type: string, default: hello}}\ntasks:\n")
        for i in range(10):
            if level < 5:
                f.write(f"  t{i}: {{pipeline: level{level + 1}.yaml}}\n")
            else:
                f.write(f"  t{i}: {{image: alpine:3.20, command: [echo, \"${{{{ params.msg }}}}\", padding-{'x' * 120}]}}\n")
PY
mv level1.yaml subs.yaml
expect_rc 1 "sub-pipelines named ten times a level" -- limited timeout 120 "$MLPC" lint subs.yaml
expect_contains "$SCRATCH/stderr" "[E0115]" "sub-pipelines: E0115"
expect_contains "$SCRATCH/stderr" "level4.yaml:6:18: error: \`level5.yaml\` would make the files this spec names add more than 8388608 bytes, counting each file every time it is named [E0115]" "sub-pipelines: the message, at the naming past the budget"
# With bytes to spare, the node budget is the one that stops it.
expect_rc 1 "sub-pipelines, --max-file-size 1 GiB" -- limited timeout 120 "$MLPC" lint --max-file-size 1073741824 subs.yaml
expect_contains "$SCRATCH/stderr" "would make the files this spec names add more than 1000000 nodes" "sub-pipelines: the node budget"
count=$(grep -c "error:" "$SCRATCH/stderr")
if [ "$count" -eq 1 ]; then PASSED=$((PASSED + 1)); else echo "FAIL: sub-pipelines: $count errors, want one"; FAILED=$((FAILED + 1)); fi
expect_rc 1 "sub-pipelines, compile" -- limited timeout 120 "$MLPC" compile subs.yaml -t kfp -o subs.json
expect_no_file subs.json "sub-pipelines: no output"
# The same files at one level of ten are well within the budget.
sed 's/level3.yaml/level5.yaml/' level2.yaml > small.yaml
expect_rc 0 "ten sub-pipelines of ten tasks" -- "$MLPC" lint small.yaml

# One component file holding a 5 MB script, named by 2,000 components.
python3 - <<'PY'
with open("big.yaml", "w") as f:
    f.write("image: alpine:3.20\nscript: |\n")
    for i in range(50000):
        f.write(f"  echo line {i} {'y' * 90}\n")
with open("comps.yaml", "w") as f:
    f.write("version: 1\nname: comps\ncomponents:\n")
    for i in range(2000):
        f.write(f"  c{i}: {{file: big.yaml}}\n")
    f.write("tasks:\n")
    for i in range(2000):
        f.write(f"  t{i}: {{component: c{i}}}\n")
PY
expect_rc 1 "one component file named 2,000 times" -- limited timeout 120 "$MLPC" lint comps.yaml
expect_contains "$SCRATCH/stderr" "comps.yaml:5:14: error: \`big.yaml\` would make the files this spec names add more than 8388608 bytes, counting each file every time it is named [E0115]" "component file: E0115 at the second naming"
# --max-file-size moves the budget with the limit on each file.
expect_rc 1 "--max-file-size 20000000" -- limited timeout 120 "$MLPC" lint --max-file-size 20000000 comps.yaml
expect_contains "$SCRATCH/stderr" "comps.yaml:7:14: error: \`big.yaml\` would make the files this spec names add more than 20000000 bytes" "component file: E0115 at the 4th naming"

# An alias of a 100,000-byte string, repeated ten times a level through five levels: 10 GB.
python3 - <<'PY'
with open("long.yaml", "w") as f:
    f.write("version: 1\nname: long\nparams:\n")
    f.write(f"  p0: {{type: list, default: &a0 [\"{'A' * 100000}\"]}}\n")
    for i in range(1, 6):
        body = ", ".join(f"*a{i - 1}" for _ in range(10))
        f.write(f"  p{i}: {{type: list, default: &a{i} [{body}]}}\n")
    f.write("tasks:\n  hello: {image: alpine:3.20, command: [echo, hi]}\n")
PY
expect_rc 1 "aliases of a long string" -- limited timeout 120 "$MLPC" lint long.yaml
# p1 adds 1 MB, each alias of p2 1 MB more: the eighth passes 8 MiB.
expect_contains "$SCRATCH/stderr" "long.yaml:6:69: error: YAML aliases add more than 8388608 bytes to the document [E0105]" "long string: E0105 by bytes, at the eighth alias of p2"
# What each task copies: a 700 KB component script used by 4,500 tasks (3 GB once every
# task holds its own), and 3,500 env variables in `defaults` over 3,500 tasks (12 million
# entries). Lowering counts each task's copy, at eight times --max-file-size.
python3 - <<'PY'
line = "echo " + "x" * 70 + "\n"
with open("script.yaml", "w") as f:
    f.write("version: 1\nname: script\ncomponents:\n  big:\n    image: alpine:3.20\n    script: |\n")
    f.write("".join("      " + line for _ in range(700000 // len(line))))
    f.write("tasks:\n" + "".join(f"  t{i}: {{component: big}}\n" for i in range(4500)))
with open("env.yaml", "w") as f:
    f.write("version: 1\nname: env\ndefaults:\n  image: alpine:3.20\n  env:\n")
    f.write("".join(f"    E{i}: v\n" for i in range(3500)))
    f.write("tasks:\n" + "".join(f"  t{i}: {{command: [echo]}}\n" for i in range(3500)))
PY
expect_rc 1 "a long script copied into 4,500 tasks" -- limited timeout 120 "$MLPC" lint script.yaml
expect_contains "$SCRATCH/stderr" "error: task \`t95\` would make the pipeline hold more than 67108864 bytes of commands, scripts, env and settings, counting each task's own copy [E0115]" "long script: E0115 at the task past the budget"
expect_rc 1 "3,500 env variables in 3,500 tasks, compile" -- limited timeout 120 "$MLPC" compile env.yaml -t kfp -o env.json
expect_contains "$SCRATCH/stderr" "[E0115]" "env: E0115"
expect_no_file env.json "env: no output"
# --max-file-size moves it with the other bounds.
expect_rc 1 "a long script, --max-file-size 16 MiB" -- limited timeout 120 "$MLPC" lint --max-file-size 16777216 script.yaml
expect_contains "$SCRATCH/stderr" "task \`t191\` would make the pipeline hold more than 134217728 bytes" "long script: twice the budget, twice the tasks"
finish
