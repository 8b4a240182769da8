#!/usr/bin/env bash
# Outputs stay where they are named (docs/security.md): an output named inside the
# repository of its spec may not leave it, or enter its `.git`, through a committed
# symlink (`out -> /etc`), for writing or for `--check` reading it; and no output may
# replace a file the spec read, a component file, an import or a sub-pipeline. Each is a
# usage error (exit 2) with nothing written anywhere. An output the user names outside
# the repository is their choice.
#   test_output_root.sh MLPC
source "$(dirname "$0")/../cli/lib.sh"
R=$SCRATCH/repo
O=$SCRATCH/outside
mkdir -p "$R/.git" "$R/components" "$R/built" "$O"
good_spec w > "$R/w.yaml"
empty_dir() {  # empty_dir DIR DESCRIPTION
  if [ -z "$(ls -A "$1")" ]; then PASSED=$((PASSED + 1)); else echo "FAIL: $2: $1 holds $(ls -A "$1")"; FAILED=$((FAILED + 1)); fi
}
cd "$R" || exit 1

# A committed symlinked directory that leads out of the repository.
ln -s "$O" out
expect_rc 2 "--out-dir through a symlink out of the repository" -- "$MLPC" compile w.yaml --target argo --out-dir out
expect_contains "$SCRATCH/stderr" "mlpc: error: output \`out/w.argo.yaml\` is inside \`$R\`, but a symlink on its way leads out of it; remove the symlink, or name an output outside the repository" "--out-dir: the message"
empty_dir "$O" "--out-dir: nothing written outside"
expect_rc 2 "-o through the same symlink" -- "$MLPC" compile w.yaml --target kfp -o out/w.json
expect_rc 2 "--out-dir below the symlink" -- "$MLPC" compile w.yaml --target argo --out-dir out/new/deeper
empty_dir "$O" "--out-dir below: no directory made outside"
expect_rc 2 "through ./x/../out" -- "$MLPC" compile w.yaml --target argo -o ./components/../out/w.yaml
# The symlink into `.git`.
ln -s .git hooks
expect_rc 2 "--out-dir through a symlink into .git" -- "$MLPC" compile w.yaml --target argo --out-dir hooks
expect_contains "$SCRATCH/stderr" "leads into \`$R/.git\` through a symlink" "into .git: the message"
expect_no_file .git/w.argo.yaml "into .git: nothing written"

# --check reads no file outside through a symlink at the output's name: its answers
# (missing, a directory, a device, the first line that differs) would tell what is there.
printf 'secret: one\n' > "$O/secret.yaml"
ln -s "$O/secret.yaml" planted.yaml
ln -s "$O/missing.yaml" dangling.yaml
ln -s /dev/null nul.yaml
ln -s "$O" sub.yaml
for name in planted dangling nul sub; do
  expect_rc 2 "--check -o a symlink out ($name)" -- "$MLPC" compile w.yaml --target argo --check -o "$name.yaml"
  expect_contains "$SCRATCH/stderr" "output \`$name.yaml\` is inside \`$R\`, but a symlink on its way leads out of it" "--check $name: refused"
  if grep -qE "missing|out of date|first difference|a directory|character device" "$SCRATCH/stderr"; then
    echo "FAIL: --check $name: the message tells what is outside"; FAILED=$((FAILED + 1))
  else PASSED=$((PASSED + 1)); fi
done
expect_rc 2 "--check --out-dir through the symlink" -- "$MLPC" compile w.yaml --target argo --check --out-dir out

# Symlinks that stay inside the repository are followed as before.
ln -s built inside
expect_rc 0 "--out-dir through a symlink inside" -- "$MLPC" compile w.yaml --target argo --out-dir inside
expect_file built/w.argo.yaml "--out-dir inside: written"
expect_rc 0 "--check through a symlink inside" -- "$MLPC" compile w.yaml --target argo --check --out-dir inside
ln -s built/w.argo.yaml current.yaml
expect_rc 0 "--check -o a symlink inside" -- "$MLPC" compile w.yaml --target argo --check -o current.yaml
# An output named outside the repository is the user's to choose.
expect_rc 0 "-o outside the repository" -- "$MLPC" compile w.yaml --target argo -o "$O/chosen.yaml"
expect_file "$O/chosen.yaml" "-o outside: written"
expect_rc 0 "--root moves the repository" -- "$MLPC" compile w.yaml --target argo --root "$SCRATCH" --out-dir out
expect_file "$O/w.argo.yaml" "--root: written through the symlink now inside"
rm -f "$O/chosen.yaml" "$O/w.argo.yaml"

# Files the spec read are inputs too: the component file, the import, the sub-pipeline.
printf 'image: alpine:3.20\ncommand: [echo, hi]\n' > components/c.yaml
printf 'components:\n  greet: {image: alpine:3.20, command: [echo, hi]}\n' > components/lib.yaml
good_spec child > components/sub.yaml
printf 'version: 1\nname: c\nimports: [components/lib.yaml]\ncomponents:\n  c: {file: components/c.yaml}\ntasks:\n  a: {component: c}\n  b: {component: greet}\n  s: {pipeline: components/sub.yaml}\n' > c.yaml
cp -r components components.orig
for named in c lib sub; do
  expect_rc 2 "-o the $named file the spec read" -- "$MLPC" compile c.yaml --target argo -o "components/$named.yaml"
  expect_contains "$SCRATCH/stderr" "output \`components/$named.yaml\` is the input \`$R/components/$named.yaml\`; name another output file" "-o $named: the message"
done
# A symlink to one is replaced by the output, never followed.
ln -s components/c.yaml alias.yaml
expect_rc 0 "-o a symlink to the component file" -- "$MLPC" compile c.yaml --target argo -o alias.yaml
# --out-dir, where the output's name is that of a sub-pipeline the spec names.
good_spec child > components/s.argo.yaml
cp components/s.argo.yaml components.orig/
printf 'version: 1\nname: s\ntasks:\n  s: {pipeline: components/s.argo.yaml}\n' > s.yaml
expect_rc 2 "--out-dir onto the sub-pipeline" -- "$MLPC" compile s.yaml --target argo --out-dir components
expect_contains "$SCRATCH/stderr" "output \`components/s.argo.yaml\` is the input \`$R/components/s.argo.yaml\`" "--out-dir onto the sub-pipeline: the message"
if diff -r components components.orig >/dev/null; then PASSED=$((PASSED + 1)); else echo "FAIL: a file the spec read changed"; FAILED=$((FAILED + 1)); fi
finish
