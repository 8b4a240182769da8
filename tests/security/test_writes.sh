#!/usr/bin/env bash
# What mlpc writes (docs/security.md): a temporary file of its own (never one planted at
# a predictable name), renamed into place whole; never over an input, a directory, a
# device or a FIFO; `--check` reads only a regular file, and only as far as it needs.
source "$(dirname "$0")/../cli/lib.sh"
same() {  # same FILE COPY DESCRIPTION: FILE still holds what COPY holds
  if cmp -s "$1" "$2"; then PASSED=$((PASSED+1)); else echo "FAIL: $3: $1 changed"; FAILED=$((FAILED+1)); fi
}
no_temp_left() {  # no_temp_left DIR DESCRIPTION: only the files named after DIR are there
  local dir=$1 what=$2; shift 2
  local extra
  extra=$(cd "$dir" && ls -A | grep -vxF "$(printf '%s\n' "$@")")
  if [ -z "$extra" ]; then PASSED=$((PASSED+1)); else echo "FAIL: $what: left in $dir: $extra"; FAILED=$((FAILED+1)); fi
}
good_spec w > "$SCRATCH/w.yaml"

# A symlink planted at the old temporary name, and at names like the new ones, is not
# followed: its target stays as it was.
mkdir "$SCRATCH/out"
echo precious > "$SCRATCH/victim"; cp "$SCRATCH/victim" "$SCRATCH/victim.orig"
for name in w.yaml.mlpc-tmp .w.yaml.mlpc-tmp .w.yaml.mlpc-000000 .w.yaml.mlpc-AAAAAA w.yaml.tmp; do
  ln -s "$SCRATCH/victim" "$SCRATCH/out/$name"
done
expect_rc 0 "compile past planted symlinks" -- "$MLPC" compile "$SCRATCH/w.yaml" --target argo -o "$SCRATCH/out/w.yaml"
same "$SCRATCH/victim" "$SCRATCH/victim.orig" "a planted temporary-name symlink is not followed"
expect_contains "$SCRATCH/out/w.yaml" "generateName: w-" "the output is written"
[ -f "$SCRATCH/out/w.yaml" ] && [ ! -L "$SCRATCH/out/w.yaml" ] && PASSED=$((PASSED+1)) ||
  { echo "FAIL: the output is not a regular file"; FAILED=$((FAILED+1)); }
no_temp_left "$SCRATCH/out" "planted symlinks" w.yaml w.yaml.mlpc-tmp .w.yaml.mlpc-tmp .w.yaml.mlpc-000000 \
  .w.yaml.mlpc-AAAAAA w.yaml.tmp

# An existing symlink at the output path is replaced by the output, not followed.
cp "$SCRATCH/victim.orig" "$SCRATCH/victim"
ln -s "$SCRATCH/victim" "$SCRATCH/link.yaml"
expect_rc 0 "compile onto a symlink" -- "$MLPC" compile "$SCRATCH/w.yaml" --target argo -o "$SCRATCH/link.yaml"
same "$SCRATCH/victim" "$SCRATCH/victim.orig" "a symlink at the output is not followed"
[ -f "$SCRATCH/link.yaml" ] && [ ! -L "$SCRATCH/link.yaml" ] && PASSED=$((PASSED+1)) ||
  { echo "FAIL: the symlink at the output was not replaced"; FAILED=$((FAILED+1)); }

# The output has a normal file's permissions (umask applies), not a temporary file's 0600.
(umask 022 && "$MLPC" compile "$SCRATCH/w.yaml" --target argo -o "$SCRATCH/perm.yaml" 2>/dev/null)
[ "$(stat -c %a "$SCRATCH/perm.yaml")" = 644 ] && PASSED=$((PASSED+1)) ||
  { echo "FAIL: output mode $(stat -c %a "$SCRATCH/perm.yaml"), want 644"; FAILED=$((FAILED+1)); }

# Two compiles to one output at once: the result is always one whole output, never a mix.
python3 bench/gen.py 100 > "$SCRATCH/a.yaml"
sed 's/^name: bench-100$/name: other-100/' "$SCRATCH/a.yaml" > "$SCRATCH/b.yaml"
"$MLPC" compile "$SCRATCH/a.yaml" --target argo -o "$SCRATCH/a.out" 2>/dev/null
"$MLPC" compile "$SCRATCH/b.yaml" --target argo -o "$SCRATCH/b.out" 2>/dev/null
mkdir "$SCRATCH/race"
runs=500
ldd "$MLPC" 2>/dev/null | grep -q libasan && runs=100  # each sanitized run is several times slower
torn=0 failed=0
for _ in $(seq $runs); do
  "$MLPC" compile "$SCRATCH/a.yaml" --target argo -o "$SCRATCH/race/out.yaml" 2>/dev/null & pa=$!
  "$MLPC" compile "$SCRATCH/b.yaml" --target argo -o "$SCRATCH/race/out.yaml" 2>/dev/null & pb=$!
  wait $pa || failed=$((failed+1))
  wait $pb || failed=$((failed+1))
  cmp -s "$SCRATCH/race/out.yaml" "$SCRATCH/a.out" || cmp -s "$SCRATCH/race/out.yaml" "$SCRATCH/b.out" || torn=$((torn+1))
done
[ "$torn" -eq 0 ] && [ "$failed" -eq 0 ] && PASSED=$((PASSED+1)) ||
  { echo "FAIL: concurrent compiles: $torn of $runs outputs torn, $failed compiles failed"; FAILED=$((FAILED+1)); }
no_temp_left "$SCRATCH/race" "concurrent compiles" out.yaml

# `-o` naming an input (by any name for the same file) is refused, and the spec kept.
cp "$SCRATCH/w.yaml" "$SCRATCH/w.orig"
ln "$SCRATCH/w.yaml" "$SCRATCH/hard.yaml"
ln -s "$SCRATCH/w.yaml" "$SCRATCH/soft.yaml"
for out in "$SCRATCH/w.yaml" "$SCRATCH/./w.yaml" "$SCRATCH/hard.yaml"; do
  expect_rc 2 "-o $out, the input" -- "$MLPC" compile "$SCRATCH/w.yaml" --target argo -o "$out"
  expect_contains "$SCRATCH/stderr" "is the input" "-o the input: message"
  same "$SCRATCH/w.yaml" "$SCRATCH/w.orig" "-o the input keeps the spec"
  cp "$SCRATCH/w.orig" "$SCRATCH/w.yaml"  # a binary without the check broke it: go on with a spec
done
expect_rc 2 "-o the symlink named as input" -- "$MLPC" compile "$SCRATCH/soft.yaml" --target argo -o "$SCRATCH/w.yaml"
same "$SCRATCH/w.yaml" "$SCRATCH/w.orig" "-o the file an input symlink names keeps the spec"
cp "$SCRATCH/w.orig" "$SCRATCH/w.yaml"
expect_rc 2 "graph -o the input" -- "$MLPC" graph "$SCRATCH/w.yaml" -o "$SCRATCH/w.yaml"
same "$SCRATCH/w.yaml" "$SCRATCH/w.orig" "graph -o the input keeps the spec"
cp "$SCRATCH/w.orig" "$SCRATCH/w.yaml"
# --out-dir: the output for one input would land on another input.
mkdir "$SCRATCH/od"
good_spec od > "$SCRATCH/od.yaml"; good_spec two > "$SCRATCH/od/od.argo.yaml"
cp "$SCRATCH/od/od.argo.yaml" "$SCRATCH/od.argo.orig"
expect_rc 2 "--out-dir output onto an input" -- "$MLPC" compile "$SCRATCH/od.yaml" "$SCRATCH/od/od.argo.yaml" \
  --target argo --out-dir "$SCRATCH/od"
expect_contains "$SCRATCH/stderr" "is the input" "--out-dir onto an input: message"
same "$SCRATCH/od/od.argo.yaml" "$SCRATCH/od.argo.orig" "--out-dir keeps the input"
no_temp_left "$SCRATCH/od" "--out-dir onto an input: nothing written" od.argo.yaml

# A directory, a FIFO and a character device are refused as outputs, and left as they were.
mkdir "$SCRATCH/dir.yaml"
expect_rc 2 "-o a directory" -- timeout 10 "$MLPC" compile "$SCRATCH/w.yaml" --target argo -o "$SCRATCH/dir.yaml"
expect_contains "$SCRATCH/stderr" "is a directory" "-o a directory: message"
[ -d "$SCRATCH/dir.yaml" ] && [ -z "$(ls -A "$SCRATCH/dir.yaml")" ] && PASSED=$((PASSED+1)) ||
  { echo "FAIL: -o a directory changed it"; FAILED=$((FAILED+1)); }
mkfifo "$SCRATCH/fifo.yaml"
expect_rc 2 "-o a FIFO" -- timeout 10 "$MLPC" compile "$SCRATCH/w.yaml" --target argo -o "$SCRATCH/fifo.yaml"
expect_contains "$SCRATCH/stderr" "is a FIFO" "-o a FIFO: message"
[ -p "$SCRATCH/fifo.yaml" ] && PASSED=$((PASSED+1)) || { echo "FAIL: -o a FIFO replaced it"; FAILED=$((FAILED+1)); }
expect_rc 2 "graph -o a FIFO" -- timeout 10 "$MLPC" graph "$SCRATCH/w.yaml" -o "$SCRATCH/fifo.yaml"
[ -p "$SCRATCH/fifo.yaml" ] && PASSED=$((PASSED+1)) || { echo "FAIL: graph -o a FIFO replaced it"; FAILED=$((FAILED+1)); }
# A character device of our own where we may make one (as root), so that a binary without
# the check cannot replace the machine's /dev/null; /dev/null itself only once that passed.
device_refused=0
if mknod "$SCRATCH/null" c 1 3 2>/dev/null; then
  timeout 10 "$MLPC" compile "$SCRATCH/w.yaml" --target argo -o "$SCRATCH/null" 2>"$SCRATCH/stderr"
  rc=$?
  if [ "$rc" -eq 2 ] && [ -c "$SCRATCH/null" ] && grep -q "is a character device" "$SCRATCH/stderr"; then
    device_refused=1; PASSED=$((PASSED+1))
  else
    echo "FAIL: -o a character device: exit $rc, $(stat -c %F "$SCRATCH/null") after"; cat "$SCRATCH/stderr"
    FAILED=$((FAILED+1))
  fi
fi
# Only while /dev/null is what it should be: a run must never be what replaces it.
if [ "$device_refused" -eq 1 ] && [ -w /dev ] && [ -c /dev/null ]; then
  expect_rc 2 "-o /dev/null as root" -- timeout 10 "$MLPC" compile "$SCRATCH/w.yaml" --target argo -o /dev/null
  [ -c /dev/null ] && PASSED=$((PASSED+1)) || { echo "FAIL: /dev/null is no longer a character device"; FAILED=$((FAILED+1)); }
fi

# --check reads only a regular file, and only as much as it compares: no hang on a device
# or a FIFO without a writer.
expect_rc 2 "--check -o /dev/zero" -- timeout 10 "$MLPC" compile "$SCRATCH/w.yaml" --target argo --check -o /dev/zero
expect_contains "$SCRATCH/stderr" "\`/dev/zero\` is a character device" "--check -o /dev/zero: message"
expect_rc 2 "--check -o a FIFO" -- timeout 10 "$MLPC" compile "$SCRATCH/w.yaml" --target argo --check -o "$SCRATCH/fifo.yaml"
expect_contains "$SCRATCH/stderr" "is a FIFO" "--check -o a FIFO: message"
# A much larger existing output is out of date, and read only as far as needed.
head -c 100000000 /dev/zero > "$SCRATCH/big.yaml"
expect_rc 1 "--check against a larger file" -- timeout 10 "$MLPC" compile "$SCRATCH/w.yaml" --target argo --check \
  -o "$SCRATCH/big.yaml"
expect_contains "$SCRATCH/stderr" "is out of date (first difference at line 1)" "--check against a larger file: message"
finish
