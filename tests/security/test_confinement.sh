#!/usr/bin/env bash
# Confinement (docs/spec.md, section 1): the files a spec names (component `file:`, `imports`,
# `pipeline:`) must be .yaml/.yml files inside one root, the git work tree holding the spec
# (else its directory; `--root` sets it). Each attack below aims at a marker secret
# outside the tree (or under `.git`); it must be refused with E0112 and exit 1, and the
# marker must never appear on stdout or stderr, in any output format, nor in any output.
#   test_confinement.sh MLPC
source "$(dirname "$0")/../cli/lib.sh"
MLPC=$(realpath "$MLPC")  # the stdin case runs in another directory
MARK=mlpc-marker-5e1f0c
T=$SCRATCH/repo      # the repository: `.git` makes it the root
OUT=$SCRATCH/outside # beside it, outside
mkdir -p "$T/.git" "$T/sub" "$OUT"
printf 'image: alpine:3.20\ncommand: [echo, %s]\n' "$MARK" >"$OUT/component.yaml"  # compiles if read
printf 'components:\n  c: {image: alpine:3.20, command: [echo, %s]}\n' "$MARK" >"$OUT/lib.yaml"
printf 'version: 1\nname: %s\ntasks:\n  t: {image: alpine:3.20, command: [echo, hi]}\n' "$MARK" >"$OUT/sub.yaml"
printf '[core]\n\trepositoryformatversion = 0\n[credential]\n\thelper = %s\n' "$MARK" >"$T/.git/config"
printf 'image: alpine:3.20\ncommand: [echo, %s]\n' "$MARK" >"$T/.git/config.yaml"
printf 'https://ci:%s@github.com\n' "$MARK" >"$T/.git-credentials"
printf 'image: alpine:3.20\ncommand: [echo, %s]\n' "$MARK" >"$T/notes.txt"
ln -s "$OUT/component.yaml" "$T/sub/absolute-link.yaml"
ln -s ../../outside/component.yaml "$T/sub/relative-link.yaml"
ln -s "$OUT" "$T/outdir"
ln -s ../.git-credentials "$T/sub/credentials.yaml"
ln -s .git/config.yaml "$T/git-config.yaml"
ln -s ../notes.txt "$T/sub/notes.yaml"
export MLPC_SECRET_FOR_TEST=$MARK  # what /proc/self/environ would show

spec_file() { printf 'version: 1\nname: attack\ncomponents:\n  c: {file: "%s"}\ntasks:\n  t: {component: c}\n' "$1"; }
spec_import() { printf 'version: 1\nname: attack\nimports: ["%s"]\ntasks:\n  t: {component: c}\n' "$1"; }
spec_pipeline() { printf 'version: 1\nname: attack\ntasks:\n  t: {pipeline: "%s"}\n' "$1"; }

no_marker() {  # no_marker DESCRIPTION: the marker is on neither stream
  if grep -qF -- "$MARK" "$SCRATCH/stdout" "$SCRATCH/stderr"; then
    echo "FAIL: $1: the marker was printed"; grep -hF -- "$MARK" "$SCRATCH/stdout" "$SCRATCH/stderr" | head -3
    FAILED=$((FAILED + 1))
  else PASSED=$((PASSED + 1)); fi
}

attack() {  # attack KIND PATH: every output of lint and compile refuses it
  local kind=$1 path=$2 what="$1 $2"
  "spec_$kind" "$path" >"$T/attack.yaml"
  for format in text github sarif json; do
    expect_rc 1 "lint --format $format: $what" -- "$MLPC" lint --format "$format" "$T/attack.yaml"
    no_marker "lint --format $format: $what"
    grep -qF E0112 "$SCRATCH/stdout" "$SCRATCH/stderr" || { echo "FAIL: lint --format $format: $what: no E0112"; FAILED=$((FAILED + 1)); }
  done
  rm -f "$SCRATCH/out.yaml"
  expect_rc 1 "compile: $what" -- "$MLPC" compile "$T/attack.yaml" --target argo -o "$SCRATCH/out.yaml"
  no_marker "compile: $what"
  expect_contains "$SCRATCH/stderr" "[E0112]" "compile: $what"
  expect_no_file "$SCRATCH/out.yaml" "compile: $what"
  expect_rc 1 "compile to stdout: $what" -- "$MLPC" compile "$T/attack.yaml" --target kfp
  no_marker "compile to stdout: $what"
}

for path in "$OUT/component.yaml" /proc/self/environ ../outside/component.yaml \
    sub/../../outside/component.yaml sub/absolute-link.yaml sub/relative-link.yaml outdir/component.yaml \
    .git/config .git/config.yaml .git-credentials sub/credentials.yaml git-config.yaml notes.txt sub/notes.yaml; do
  attack file "$path"
done
for path in "$OUT/lib.yaml" ../outside/lib.yaml outdir/lib.yaml .git/config; do attack import "$path"; done
for path in "$OUT/sub.yaml" ../outside/sub.yaml outdir/sub.yaml .git-credentials; do attack pipeline "$path"; done

# The message names the path as written and why.
spec_file ../outside/component.yaml >"$T/attack.yaml"
expect_rc 1 "a path with .." -- "$MLPC" lint "$T/attack.yaml"
expect_contains "$SCRATCH/stderr" 'attack.yaml:4:13: error: `../outside/component.yaml` leads outside the root through `..` [E0112]' "the .. message"
spec_file sub/relative-link.yaml >"$T/attack.yaml"
expect_rc 1 "a symlink out" -- "$MLPC" lint "$T/attack.yaml"
expect_contains "$SCRATCH/stderr" '`sub/relative-link.yaml` leads outside the root through a symlink [E0112]' "the symlink message"
spec_file /proc/self/environ >"$T/attack.yaml"
expect_rc 1 "an absolute path" -- "$MLPC" lint "$T/attack.yaml"
expect_contains "$SCRATCH/stderr" '`/proc/self/environ` is an absolute path [E0112]' "the absolute-path message"
spec_file .git-credentials >"$T/attack.yaml"
expect_rc 1 "a name that is not .yaml" -- "$MLPC" lint "$T/attack.yaml"
expect_contains "$SCRATCH/stderr" '`.git-credentials` does not end in `.yaml` or `.yml` [E0112]' "the file-name message"
# graph reads through the same rules.
spec_file sub/absolute-link.yaml >"$T/attack.yaml"
expect_rc 1 "graph" -- "$MLPC" graph "$T/attack.yaml"
no_marker "graph"

# Inside the root, `..` and symlinks that stay inside are fine.
printf 'image: alpine:3.20\ncommand: [echo, inside]\n' >"$T/ok.yaml"
ln -s ../ok.yaml "$T/sub/ok-link.yaml"
printf 'version: 1\nname: fine\ncomponents:\n  c: {file: sub/../ok.yaml}\n  d: {file: sub/ok-link.yaml}\ntasks:\n  t: {component: c}\n  u: {component: d}\n' >"$T/fine.yaml"
expect_rc 0 "files inside the root" -- "$MLPC" compile "$T/fine.yaml" --target argo
expect_contains "$SCRATCH/stdout" "inside" "the component inside is compiled"

# --root widens: the file beside the repository is then read (and compiled).
spec_file ../outside/component.yaml >"$T/attack.yaml"
expect_rc 0 "--root widening" -- "$MLPC" compile "$T/attack.yaml" --target argo --root "$SCRATCH"
expect_contains "$SCRATCH/stdout" "$MARK" "--root widening reads the file"
# --root narrows: a file inside the repository but outside the root is refused.
expect_rc 1 "--root narrowing" -- "$MLPC" lint "$T/fine.yaml" --root "$T/sub"
expect_contains "$SCRATCH/stderr" '`sub/../ok.yaml` leads outside the root through `..` [E0112]' "--root narrowing"
expect_rc 2 "--root that is not a directory" -- "$MLPC" lint "$T/fine.yaml" --root "$SCRATCH/none"

# The root is the nearest directory with `.git`, a directory or a worktree's file; without
# one, the spec's own directory; for stdin, the search starts at the current directory.
W=$SCRATCH/worktree
mkdir -p "$W/a/b"
echo "gitdir: /nowhere" >"$W/.git"
printf 'image: alpine:3.20\ncommand: [echo, hi]\n' >"$W/c.yaml"
spec_file ../../c.yaml >"$W/a/b/spec.yaml"
expect_rc 0 "a worktree's .git file marks the root" -- "$MLPC" lint "$W/a/b/spec.yaml"
spec_file ../../../outside/component.yaml >"$W/a/b/spec.yaml"
expect_rc 1 "out of a worktree" -- "$MLPC" lint "$W/a/b/spec.yaml"
no_marker "out of a worktree"
P=$SCRATCH/plain
mkdir -p "$P/dir"
cp "$W/c.yaml" "$P/c.yaml"
spec_file ../c.yaml >"$P/dir/spec.yaml"
expect_rc 1 "without .git the spec's directory is the root" -- "$MLPC" lint "$P/dir/spec.yaml"
expect_contains "$SCRATCH/stderr" "[E0112]" "without .git"
spec_file ../../outside/component.yaml >"$SCRATCH/stdin.yaml"
(cd "$T/sub" && "$MLPC" lint --format json - <"$SCRATCH/stdin.yaml" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr")
rc=$?
if [ "$rc" -ne 1 ]; then echo "FAIL: stdin from a subdirectory: exit $rc, want 1"; FAILED=$((FAILED + 1)); else PASSED=$((PASSED + 1)); fi
no_marker "stdin"
expect_contains "$SCRATCH/stdout" "E0112" "stdin: the root is found from the current directory"
finish
