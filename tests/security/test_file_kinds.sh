#!/usr/bin/env bash
# Only regular files, each bounded (docs/spec.md, section 1): every file mlpc reads, the inputs
# on the command line and the files a spec names, is opened without blocking, checked to
# be a regular file (else E0113) and read up to --max-file-size (else E0110). Devices and
# FIFOs end in a diagnostic at once (`timeout 10` proves no hang); stdin is read in chunks,
# so a huge limit costs no memory (peak RSS, outside sanitizer builds).
#   test_file_kinds.sh MLPC
source "$(dirname "$0")/../cli/lib.sh"
limit_kib=262144  # 256 MiB peak RSS
sanitized=0
ldd "$MLPC" 2>/dev/null | grep -q 'libasan' && sanitized=1
T=$SCRATCH/repo
mkdir -p "$T/.git" "$T/dir.yaml"
mkfifo "$T/fifo.yaml"
ln -s /dev/zero "$T/zero.yaml"

one() {  # one CODE DESCRIPTION -- command...: exit 1 within 10 s with CODE on stderr
  local code=$1 what=$2; shift 3
  expect_rc 1 "$what" -- timeout 10 "$@"
  expect_contains "$SCRATCH/stderr" "[$code]" "$what"
}

# Inputs on the command line: E0113 at 1:1 of the input.
one E0113 "/dev/zero as input" -- "$MLPC" lint /dev/zero
expect_contains "$SCRATCH/stderr" '/dev/zero:1:1: error: `/dev/zero` is a character device, not a regular file [E0113]' "the device message"
one E0113 "/dev/urandom as input" -- "$MLPC" compile /dev/urandom --target argo
one E0113 "a FIFO without a writer as input" -- "$MLPC" lint "$T/fifo.yaml"
expect_contains "$SCRATCH/stderr" 'is a FIFO, not a regular file [E0113]' "the FIFO message"
exec 3<>"$T/fifo.yaml"  # now the FIFO has a writer (this shell)
one E0113 "a FIFO with a writer as input" -- "$MLPC" lint "$T/fifo.yaml"
exec 3>&-
one E0113 "/dev/stdin (a pipe) as input" -- bash -c "echo 'version: 1' | '$MLPC' lint /dev/stdin"

# Files a spec names: E0113 at the path, as written.
spec_file() { printf 'version: 1\nname: kinds\ncomponents:\n  c: {file: %s}\ntasks:\n  t: {component: c}\n' "$1"; }
spec_file dir.yaml >"$T/spec.yaml"
one E0113 "a directory named .yaml" -- "$MLPC" lint "$T/spec.yaml"
expect_contains "$SCRATCH/stderr" 'spec.yaml:4:13: error: `' "at the path"
expect_contains "$SCRATCH/stderr" 'dir.yaml` is a directory, not a regular file [E0113]' "the directory message"
spec_file fifo.yaml >"$T/spec.yaml"
one E0113 "a FIFO named by a spec" -- "$MLPC" lint "$T/spec.yaml"
exec 3<>"$T/fifo.yaml"
one E0113 "a FIFO with a writer named by a spec" -- "$MLPC" compile "$T/spec.yaml" --target kfp
exec 3>&-
printf 'version: 1\nname: kinds\nimports: [fifo.yaml]\ntasks:\n  t: {image: alpine:3.20, command: [echo, hi]}\n' >"$T/spec.yaml"
one E0113 "a FIFO as an import" -- "$MLPC" lint "$T/spec.yaml"
printf 'version: 1\nname: kinds\ntasks:\n  t: {pipeline: fifo.yaml}\n' >"$T/spec.yaml"
one E0113 "a FIFO as a sub-pipeline" -- "$MLPC" lint "$T/spec.yaml"
# A socket cannot even be opened (ENXIO): it is still named for what it is.
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$T/sock.yaml"
spec_file sock.yaml >"$T/spec.yaml"
one E0113 "a socket named by a spec" -- "$MLPC" lint "$T/spec.yaml"
expect_contains "$SCRATCH/stderr" 'sock.yaml` is a socket, not a regular file [E0113]' "the socket message"
one E0113 "a socket as input" -- "$MLPC" lint "$T/sock.yaml"
expect_contains "$SCRATCH/stderr" 'sock.yaml` is a socket, not a regular file [E0113]' "the socket message, input"
spec_file zero.yaml >"$T/spec.yaml"
one E0112 "a symlink to /dev/zero" -- "$MLPC" lint "$T/spec.yaml"
spec_file /dev/stdin >"$T/spec.yaml"
one E0112 "/dev/stdin named by a spec" -- "$MLPC" lint "$T/spec.yaml"

# Every file read is bounded by --max-file-size, not only the input.
{ printf 'image: alpine:3.20\ncommand: [echo, hi]\n'; for i in $(seq 1 20); do printf '# padding line %s\n' "$i"; done; } >"$T/big.yaml"
spec_file big.yaml >"$T/spec.yaml"
one E0110 "a component file over --max-file-size" -- "$MLPC" lint "$T/spec.yaml" --max-file-size 300
expect_contains "$SCRATCH/stderr" "big.yaml\` has $(wc -c <"$T/big.yaml") bytes; the limit is 300 [E0110]" "the size message"
expect_rc 0 "the same file under the limit" -- "$MLPC" lint "$T/spec.yaml" --target argo

# A chain of 20,000 component files, each naming the next, recursed until the stack ran
# out: files nest at most --max-depth deep, like YAML.
mkdir -p "$T/chain"
python3 -c '
import sys
d, n = sys.argv[1], 20000
for i in range(n):
    open(f"{d}/c{i}.yaml", "w").write(f"file: c{i + 1}.yaml\n")
open(f"{d}/c{n}.yaml", "w").write("image: alpine:3.20\ncommand: [echo, hi]\n")
' "$T/chain"
spec_file chain/c0.yaml >"$T/spec.yaml"
one E0106 "20,000 nested component files" -- "$MLPC" lint "$T/spec.yaml"
expect_contains "$SCRATCH/stderr" 'c255.yaml` would be nested 257 files deep; the limit is 256 [E0106]' "the nesting message"
rm -rf "$T/chain"

# Standard input: read in chunks; a limit of a gigabyte allocates nothing up front.
good_spec small >"$SCRATCH/small.yaml"
/usr/bin/time -f "%M" -o "$SCRATCH/rss" timeout 10 "$MLPC" lint --target argo --max-file-size 1000000000 - \
  <"$SCRATCH/small.yaml" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
rss=$(tail -1 "$SCRATCH/rss")
if [ "$rc" -ne 0 ]; then echo "FAIL: stdin with a 1 GB limit: exit $rc"; FAILED=$((FAILED + 1));
elif [ "$sanitized" -eq 0 ] && [ "$rss" -gt "$limit_kib" ]; then
  echo "FAIL: stdin with a 1 GB limit: peak RSS ${rss} KiB over ${limit_kib} KiB"; FAILED=$((FAILED + 1))
else PASSED=$((PASSED + 1)); fi
one E0110 "stdin over the limit" -- bash -c "head -c 100000 /dev/zero | '$MLPC' lint --max-file-size 1000 -"
expect_contains "$SCRATCH/stderr" "the file has more than 1000 bytes; the limit is 1000" "the stdin size message"
finish
