#!/usr/bin/env bash
# Exit codes: 0 success, 1 input errors, 2 usage and I/O errors; never a crash.
source "$(dirname "$0")/lib.sh"
good_spec ok > "$SCRATCH/ok.yaml"; bad_spec bad > "$SCRATCH/bad.yaml"
expect_rc 0 "good spec compiles" -- "$MLPC" compile "$SCRATCH/ok.yaml" --target argo
expect_rc 1 "bad spec is an input error" -- "$MLPC" compile "$SCRATCH/bad.yaml" --target argo
expect_contains "$SCRATCH/stderr" "bad.yaml:4:60: error: unknown task \`helo\` in \`after\`; did you mean \`hello\`? [E0302]" "diagnostic text"
expect_empty "$SCRATCH/stdout" "no partial output on error"
expect_rc 2 "missing file is an I/O error" -- "$MLPC" compile "$SCRATCH/nope.yaml" --target argo
expect_contains "$SCRATCH/stderr" "cannot read" "I/O message"
expect_rc 2 "unknown option" -- "$MLPC" compile "$SCRATCH/ok.yaml" --target argo --frobnicate
expect_rc 2 "unknown target" -- "$MLPC" compile "$SCRATCH/ok.yaml" --target airflow
expect_rc 2 "no subcommand" -- "$MLPC"
expect_rc 2 "-o with two inputs" -- "$MLPC" compile "$SCRATCH/ok.yaml" "$SCRATCH/ok.yaml" --target argo -o "$SCRATCH/x.yaml"
expect_rc 2 "a directory as input" -- "$MLPC" lint "$SCRATCH"
expect_rc 0 "lint of a good spec" -- "$MLPC" lint "$SCRATCH/ok.yaml"
expect_rc 1 "lint of a bad spec" -- "$MLPC" lint "$SCRATCH/ok.yaml" "$SCRATCH/bad.yaml"
expect_contains "$SCRATCH/stderr" "mlpc: 1 error" "summary line"
printf 'version: 1\nname: w\ntasks:\n  hello: {image: alpine, command: [echo, hi]}\n' > "$SCRATCH/warn.yaml"
expect_rc 0 "warnings alone pass" -- "$MLPC" lint "$SCRATCH/warn.yaml"
expect_contains "$SCRATCH/stderr" "warning: image \`alpine\` is not pinned to a version [W0101]" "warning text"
expect_rc 1 "--werror fails on warnings" -- "$MLPC" lint --werror "$SCRATCH/warn.yaml"
expect_rc 0 "kfp target compiles" -- "$MLPC" compile "$SCRATCH/ok.yaml" --target kfp
expect_contains "$SCRATCH/stdout" 'schemaVersion: 2.1.0' "kfp output is a PipelineSpec"
printf 'version: 1\nname: aged\ntasks:\n  t: {image: alpine:3.20, command: [date], outputs: {o: string}, cache: {max_age: 1d}}\n' > "$SCRATCH/aged.yaml"
expect_rc 1 "what kfp cannot carry is a diagnostic" -- "$MLPC" compile "$SCRATCH/aged.yaml" --target kfp
expect_contains "$SCRATCH/stderr" "[E0503]" "kfp capability code"
head -c 3000 /dev/urandom > "$SCRATCH/random.yaml"
expect_rc 1 "a binary file is one diagnostic" -- "$MLPC" lint "$SCRATCH/random.yaml"
expect_contains "$SCRATCH/stderr" "mlpc: 1 error" "one diagnostic for binary input"
finish
