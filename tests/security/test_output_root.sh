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
expect_contains "$SCRATCH/stderr" "mlpc: error: output \`out/w.argo.yaml\` passes a symlink inside \`$R\` that leads out of it; remove the symlink, or name another output" "--out-dir: the message"
empty_dir "$O" "--out-dir: nothing written outside"
expect_rc 2 "-o through the same symlink" -- "$MLPC" compile w.yaml --target kfp -o out/w.json
expect_rc 2 "--out-dir below the symlink" -- "$MLPC" compile w.yaml --target argo --out-dir out/new/deeper
empty_dir "$O" "--out-dir below: no directory made outside"
expect_rc 2 "through ./x/../out" -- "$MLPC" compile w.yaml --target argo -o ./components/../out/w.yaml
# The symlink into `.git`.
ln -s .git hooks
expect_rc 2 "--out-dir through a symlink into .git" -- "$MLPC" compile w.yaml --target argo --out-dir hooks
expect_contains "$SCRATCH/stderr" "output \`hooks/w.argo.yaml\` passes a symlink inside \`$R\` that leads into its \`.git\`" "into .git: the message"
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
  expect_contains "$SCRATCH/stderr" "output \`$name.yaml\` passes a symlink inside \`$R\` that leads out of it" "--check $name: refused"
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
# --root names the one root: the current directory's repository is then not one.
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
# The review's attacks. A chain of 40 symlinks (the kernel follows 40; the check gave up
# and let it through), with the output at its end outside.
mkdir -p "$SCRATCH/chain" && cd "$SCRATCH/chain" && mkdir -p .git
good_spec w > w.yaml
ln -s "$O" l40
for i in $(seq 39 -1 1); do ln -s "l$((i + 1))" "l$i"; done
expect_rc 2 "--out-dir through 40 symlinks" -- "$MLPC" compile w.yaml --target argo --out-dir l1
expect_contains "$SCRATCH/stderr" "passes a symlink inside \`$SCRATCH/chain\` that leads out of it" "40 symlinks: refused"
ln -s "$O/secret.yaml" s40
for i in $(seq 39 -1 1); do ln -s "s$((i + 1))" "s$i"; done
expect_rc 2 "--check through 40 symlinks" -- "$MLPC" compile w.yaml --target argo --check -o s1
ln -s l1 l0
expect_rc 2 "41 symlinks: cannot be checked" -- "$MLPC" compile w.yaml --target argo --out-dir l0
expect_contains "$SCRATCH/stderr" "cannot be checked: too many levels of symbolic links" "41 symlinks: the message"
# Longer than PATH_MAX once resolved, though each symlink is short: the check fails
# closed. 22 directories of 200 characters, `esc -> outside` at the bottom, reached through
# two symlinks of 11 levels each.
long=$(printf 'd%.0s' $(seq 1 200))
half=$long
for _ in $(seq 2 11); do half=$half/$long; done
( for _ in $(seq 1 22); do mkdir "$long" && cd "$long" || exit 1; done; ln -s "$O" esc ) 2>/dev/null
ln -s "$half" h1 && ln -s "h1/$half" h2 && ln -s h2/esc far
expect_rc 2 "a symlink past PATH_MAX" -- "$MLPC" compile w.yaml --target argo --out-dir far
expect_contains "$SCRATCH/stderr" "cannot be checked: File name too long" "past PATH_MAX: the message"
expect_no_file "$O/w.argo.yaml" "past PATH_MAX: nothing written outside"
rm -rf "./$long" h1 h2 far
# The repository reached through a symlink of the user's: its committed symlinks still count.
ln -s "$R" "$SCRATCH/via"
expect_rc 2 "the repository through a symlink" -- "$MLPC" compile "$SCRATCH/via/w.yaml" --target argo --out-dir "$SCRATCH/via/out"
expect_rc 2 "--check, the repository through a symlink" -- "$MLPC" compile "$SCRATCH/via/w.yaml" --target argo --check -o "$SCRATCH/via/planted.yaml"
expect_no_file "$O/w.argo.yaml" "through the user's symlink: nothing written outside"
# One spec's output onto a file another spec of the same call read.
cd "$R" || exit 1
mkdir -p gen && good_spec a > a.yaml
printf 'image: alpine:3.20\ncommand: [echo, hi]\n' > gen/a.argo.yaml
cp gen/a.argo.yaml gen.orig
printf 'version: 1\nname: b\ncomponents:\n  c: {file: gen/a.argo.yaml}\ntasks:\n  t: {component: c}\n' > b.yaml
expect_rc 2 "an output onto a file another input read" -- "$MLPC" compile --target argo --out-dir gen b.yaml a.yaml
if cmp -s gen/a.argo.yaml gen.orig; then PASSED=$((PASSED + 1)); else echo "FAIL: another input's component file changed"; FAILED=$((FAILED + 1)); fi
# The symlink of another input's repository, and of the current directory's.
mkdir -p "$SCRATCH/rb/.git" && good_spec b2 > "$SCRATCH/rb/b2.yaml"
expect_rc 2 "--out-dir through this repository's symlink, for a spec of another" -- "$MLPC" compile --target argo --out-dir out "$SCRATCH/rb/b2.yaml"
expect_no_file "$O/b2.argo.yaml" "another repository: nothing written outside"

# A symlink to a missing file outside is refused like one to a file that exists there:
# lint tells nothing about what exists outside.
ln -s /etc/mlpc-no-such-file.yaml gone.yaml
ln -s /etc/hostname.yaml there.yaml
for name in gone there; do
  printf 'version: 1\nname: o\ncomponents:\n  c: {file: %s.yaml}\ntasks:\n  t: {component: c}\n' "$name" > "o-$name.yaml"
  expect_rc 1 "lint, a symlink out to a $name file" -- "$MLPC" lint "o-$name.yaml"
  expect_contains "$SCRATCH/stderr" "\`$name.yaml\` leads outside the root through a symlink [E0112]" "lint, $name: E0112"
done
finish
