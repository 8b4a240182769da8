#!/usr/bin/env bash
# SIGINT, SIGTERM or SIGHUP while mlpc writes an output: the temporary file goes, the
# existing output stays as it was, and the process ends by the signal (the shell sees
# 130, 143, 129).
source "$(dirname "$0")/../cli/lib.sh"
# About 20 MB of Argo YAML from a small spec (each alias is written out in full, past the
# default budget of what aliases add, which --max-file-size raises), so that
# the write takes long enough to be interrupted.
python3 - "$SCRATCH/big.yaml" <<'EOF'
import sys
lines = ["version: 1", "name: big", "tasks:",
         '  t0: {image: alpine:3.20, command: [echo, &big "' + "x" * 100000 + '"]}']
lines += ["  t%d: {image: alpine:3.20, command: [echo, *big]}" % i for i in range(1, 200)]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
# Starts the compile, waits until its temporary file has content, sends the signal, and
# prints the status as a shell reports it (or `missed` when the write ended first).
interrupt() {  # interrupt SIGNAL DIR
  python3 - "$MLPC" "$SCRATCH/big.yaml" "$2" "$1" <<'EOF'
import os, signal, subprocess, sys, time
mlpc, spec, out_dir, name = sys.argv[1:]
sig = getattr(signal, "SIG" + name)
def default_signals():  # whatever the test runner ignores, mlpc gets the usual actions
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)
p = subprocess.Popen([mlpc, "compile", spec, "--target", "argo", "--max-file-size", "1073741824", "-o", os.path.join(out_dir, "out.yaml")],
                     stderr=subprocess.DEVNULL, preexec_fn=default_signals)
deadline = time.time() + 120
while p.poll() is None and time.time() < deadline:
    temps = [f for f in os.listdir(out_dir) if f != "out.yaml"]
    if any(os.path.getsize(os.path.join(out_dir, f)) > 0 for f in temps if os.path.exists(os.path.join(out_dir, f))):
        p.send_signal(sig)
        break
    time.sleep(0.001)
rc = p.wait()
print(128 - rc if rc < 0 else ("missed" if rc == 0 else rc))
EOF
}
for pair in INT:130 TERM:143 HUP:129; do
  sig=${pair%%:*} want=${pair##*:}
  dir="$SCRATCH/$sig"
  mkdir "$dir"
  echo "old output" > "$dir/out.yaml"
  got=missed
  for _ in 1 2 3; do  # a run the signal came too late for proves nothing: try again
    echo "old output" > "$dir/out.yaml"
    got=$(interrupt "$sig" "$dir")
    [ "$got" = missed ] || break
  done
  if [ "$got" = "$want" ]; then PASSED=$((PASSED+1)); else echo "FAIL: SIG$sig: status $got, want $want"; FAILED=$((FAILED+1)); fi
  left=$(ls -A "$dir" | grep -vx out.yaml)
  if [ -z "$left" ]; then PASSED=$((PASSED+1)); else echo "FAIL: SIG$sig: left behind: $left"; FAILED=$((FAILED+1)); fi
  if [ "$(cat "$dir/out.yaml")" = "old output" ]; then PASSED=$((PASSED+1)); else
    echo "FAIL: SIG$sig: the existing output changed"; FAILED=$((FAILED+1)); fi
done
finish
