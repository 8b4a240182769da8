#!/usr/bin/env bash
# `mlpc graph` on the command line: streams, formats, exit codes, the diagnostics of
# `mlpc lint`, and -o written atomically (nothing written for a spec with errors).
#   cli.sh MLPC (run from the repository root)
source "$(dirname "$0")/../cli/lib.sh"
S=$SCRATCH
good_spec hello >"$S/good.yaml"
bad_spec broken >"$S/bad.yaml"
check() {  # check CONDITION-EXIT-CODE DESCRIPTION
  if [ "$1" -eq 0 ]; then PASSED=$((PASSED+1)); else echo "FAIL: $2"; FAILED=$((FAILED+1)); fi
}

# Both formats on stdout; stdin gives the same picture.
expect_rc 0 "mermaid on stdout" -- "$MLPC" graph "$S/good.yaml"
expect_contains "$S/stdout" "flowchart TD" "mermaid header"
expect_contains "$S/stdout" 't_hello("hello<br>alpine:3.20")' "a task node"
expect_empty "$S/stderr" "nothing on stderr for a clean spec"
cp "$S/stdout" "$S/good.mmd"
expect_rc 0 "dot on stdout" -- "$MLPC" graph "$S/good.yaml" --format dot
expect_contains "$S/stdout" 'digraph "hello" {' "dot header"
cp "$S/stdout" "$S/good.dot"
expect_rc 0 "explicit mermaid" -- "$MLPC" graph "$S/good.yaml" --format mermaid
cmp -s "$S/stdout" "$S/good.mmd"; check $? "--format mermaid is the default"
expect_rc 0 "stdin" -- sh -c '"$1" graph - <"$2"' sh "$MLPC" "$S/good.yaml"
cmp -s "$S/stdout" "$S/good.mmd"; check $? "stdin gives the same picture as the file"

# Input errors: lint's diagnostics, exit 1, nothing drawn.
expect_rc 1 "a spec with errors" -- "$MLPC" graph "$S/bad.yaml"
expect_empty "$S/stdout" "nothing drawn for a spec with errors"
expect_contains "$S/stderr" "unknown task \`helo\` in \`after\`" "the diagnostic"
expect_contains "$S/stderr" "mlpc: 1 error" "the summary"
cp "$S/stderr" "$S/graph.err"
"$MLPC" lint "$S/bad.yaml" 2>"$S/lint.err"
cmp -s "$S/graph.err" "$S/lint.err"; check $? "graph reports what lint reports"
expect_rc 1 "a spec with errors, dot" -- "$MLPC" graph "$S/bad.yaml" --format dot
expect_empty "$S/stdout" "nothing drawn for a spec with errors (dot)"

# -o: nothing written for a spec with errors, an existing file left as it was.
echo previous >"$S/kept.mmd"
expect_rc 1 "-o with errors" -- "$MLPC" graph "$S/bad.yaml" -o "$S/kept.mmd"
[ "$(cat "$S/kept.mmd")" = previous ]; check $? "-o with errors leaves the old file"
expect_rc 1 "-o with errors, no file" -- "$MLPC" graph "$S/bad.yaml" -o "$S/none.mmd"
expect_no_file "$S/none.mmd" "-o with errors writes no file"

# -o writes through a temporary file and a rename: a new inode, the bytes stdout gets,
# no temporary left behind; missing directories are created.
before=$(stat -c %i "$S/kept.mmd")
expect_rc 0 "-o" -- "$MLPC" graph "$S/good.yaml" -o "$S/kept.mmd"
expect_empty "$S/stdout" "-o writes nothing on stdout"
cmp -s "$S/kept.mmd" "$S/good.mmd"; check $? "-o writes what stdout gets"
[ "$(stat -c %i "$S/kept.mmd")" != "$before" ]; check $? "-o replaces the file by a rename"
expect_rc 0 "-o dot in a new directory" -- "$MLPC" graph "$S/good.yaml" --format dot -o "$S/new/dir/g.dot"
cmp -s "$S/new/dir/g.dot" "$S/good.dot"; check $? "-o dot writes what stdout gets"
leftovers=$(find "$S" -name '*.mlpc-tmp' | wc -l)
[ "$leftovers" -eq 0 ]; check $? "no temporary file left"
expect_rc 0 "-o -" -- "$MLPC" graph "$S/good.yaml" -o -
cmp -s "$S/stdout" "$S/good.mmd"; check $? "-o - is stdout"

# I/O and usage errors exit 2.
expect_rc 2 "a missing file" -- "$MLPC" graph "$S/missing.yaml"
expect_contains "$S/stderr" "cannot read" "the missing file is named"
expect_rc 2 "a directory" -- "$MLPC" graph "$S"
expect_contains "$S/stderr" "is a directory" "the directory is named"
expect_rc 2 "an output that cannot be written" -- "$MLPC" graph "$S/good.yaml" -o "$S/good.yaml/x.mmd"
expect_contains "$S/stderr" "cannot write" "the write error"
expect_rc 2 "an unknown format" -- "$MLPC" graph "$S/good.yaml" --format svg

# The picture is engine-neutral: what only one engine cannot carry is still drawn.
expect_rc 0 "KFP cannot retry on errors only" -- "$MLPC" graph examples/document-ingestion.yaml
expect_rc 0 "Argo cannot run finally tasks of a sub-pipeline" -- "$MLPC" graph tests/graph/specs/nested.yaml
expect_contains "$S/stdout" 'subgraph fin_a ["finally' "the sub-pipeline's finally cluster"
# The launched sub-pipeline's `kfp` section is used by the launch: no note that it is ignored.
expect_rc 0 "hybrid launch" -- "$MLPC" graph examples/hybrid-fraud.yaml
expect_empty "$S/stderr" "no diagnostics for the hybrid example"

# Warnings are shown, and the picture is still drawn.
printf 'version: 1\nname: warned\ntasks:\n  a: {image: "alpine:latest", command: [echo]}\n' >"$S/warned.yaml"
expect_rc 0 "a spec with warnings" -- "$MLPC" graph "$S/warned.yaml"
expect_contains "$S/stderr" "[W0101]" "the warning"
expect_contains "$S/stdout" "flowchart TD" "drawn despite the warning"
finish
