#!/usr/bin/env bash
# Hostile inputs: each gives exactly one diagnostic with its code, exit 1, no crash, and
# (outside sanitizer builds) bounded peak memory. Limits: docs/spec.md, section 1.
#   hostile.sh MLPC
source "$(dirname "$0")/../cli/lib.sh"
limit_kib=262144  # 256 MiB peak RSS
sanitized=0
ldd "$MLPC" 2>/dev/null | grep -q 'libasan' && sanitized=1
check() {  # check NAME CODE FILE
  local name=$1 code=$2 file=$3
  /usr/bin/time -f "%M" -o "$SCRATCH/rss" "$MLPC" lint "$file" --target argo >/dev/null 2>"$SCRATCH/err"
  local rc=$?
  local count
  count=$(grep -c ': error: \|: warning: ' "$SCRATCH/err")
  if [ "$rc" -ne 1 ] || [ "$count" -ne 1 ] || ! grep -q "\[$code\]" "$SCRATCH/err"; then
    echo "FAIL: $name: exit $rc, $count diagnostics, want one $code"; head -c 600 "$SCRATCH/err" | sed 's/^/  | /'
    FAILED=$((FAILED + 1)); return
  fi
  local rss
  rss=$(tail -1 "$SCRATCH/rss")
  if [ "$sanitized" -eq 0 ] && [ "$rss" -gt "$limit_kib" ]; then
    echo "FAIL: $name: peak RSS ${rss} KiB over ${limit_kib} KiB"; FAILED=$((FAILED + 1)); return
  fi
  echo "ok - $name: $code, peak RSS ${rss} KiB"
  PASSED=$((PASSED + 1))
}
# Billion laughs: nine levels of ten aliases each.
{
  echo 'version: 1'; echo 'name: bomb'; echo 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'
  for i in 1 2 3 4 5 6 7 8 9; do
    p=$((i - 1)); echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"
  done
  echo 'tasks: {}'
} > "$SCRATCH/bomb.yaml"
check "alias bomb" E0105 "$SCRATCH/bomb.yaml"
# 100,000-deep flow nesting.
python3 -c "import sys; sys.stdout.write('version: 1\nname: deep\ntasks: ' + '[' * 100000 + ']' * 100000 + '\n')" > "$SCRATCH/deep.yaml"
check "100,000-deep nesting" E0106 "$SCRATCH/deep.yaml"
# A 100 MB file: over the 8 MiB limit, refused before it is read.
head -c 104857600 /dev/zero | tr '\0' '#' > "$SCRATCH/huge.yaml"
check "100 MB file" E0110 "$SCRATCH/huge.yaml"
check "100 MB on stdin" E0110 - < "$SCRATCH/huge.yaml"
rm -f "$SCRATCH/huge.yaml"
# A 4 MB scalar as the pipeline's name: too long, quoted shortened in the message, and
# the source line shown as a window.
python3 -c "import sys; sys.stdout.write('version: 1\nname: ' + 'k' * (4 << 20) + '\ntasks: {}\n')" > "$SCRATCH/wide.yaml"
check "4 MB scalar" E0505 "$SCRATCH/wide.yaml"
if [ "$(wc -c < "$SCRATCH/err")" -gt 2000 ]; then echo "FAIL: the 4 MB scalar's diagnostic is $(wc -c < "$SCRATCH/err") bytes"; FAILED=$((FAILED + 1)); fi
printf 'version: 1\nname: "caf\xe9"\ntasks: {}\n' > "$SCRATCH/latin1.yaml"
check "invalid UTF-8" E0107 "$SCRATCH/latin1.yaml"
printf 'version: 1\nname: nul\x00\ntasks: {}\n' > "$SCRATCH/nul.yaml"
check "NUL byte" E0107 "$SCRATCH/nul.yaml"
finish
