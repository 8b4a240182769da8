#!/usr/bin/env bash
# What reaches the terminal and the CI log (docs/security.md): a diagnostic quotes the
# spec, so control characters, line breaks and bidirectional overrides in a key, a value,
# a file name or the source line are written as escapes in text and GitHub output. A raw
# line break would forge a `::warning::` command in the Actions log, ESC and BEL would
# recolour the terminal or set its title, U+202E would reorder what the reader sees.
#   test_terminal.sh MLPC
source "$(dirname "$0")/../cli/lib.sh"
cd "$SCRATCH" || exit 1
mkdir -p .git

# A double-quoted key spelling them as YAML escapes, and a raw ESC and BEL in a plain key.
printf 'version: 1\nname: x\n"bad\\n::warning::FORGED\\e]0;title\\a\\u202e": 1\nraw\x1b[31mkey\x07: 2\ntasks:\n  t: {image: alpine:3.20, command: [echo, hi]}\ncomponents:\n  c: {file: "a\\n\\u009b2Jb.yaml"}\n' > ctl.yaml

no_raw() {  # no_raw FILE DESCRIPTION: no byte below 0x20 but tab and line break, no DEL, no C1, no U+202A..U+202E
  if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"; then
    echo "FAIL: $2: a raw control character reached the output"; FAILED=$((FAILED + 1))
  else
    PASSED=$((PASSED + 1))
  fi
}

expect_rc 1 "text" -- "$MLPC" lint ctl.yaml
no_raw "$SCRATCH/stderr" "text"
expect_contains "$SCRATCH/stderr" 'ctl.yaml:3:1: error: unknown key `bad\n::warning::FORGED\x1b]0;title\x07\u{202e}` in the pipeline [E0201]' "text: the escaped key"
expect_contains "$SCRATCH/stderr" ' 4 | raw\x1b[31mkey\x07: 2' "text: the source line, escaped"
expect_contains "$SCRATCH/stderr" '   | ^~~~~~~~~~~~~~~~~~' "text: the caret spans the escaped key"
expect_contains "$SCRATCH/stderr" 'cannot read `a\n\u{9b}2Jb.yaml`' "text: a file name, escaped"
if grep -q '^::warning::FORGED' "$SCRATCH/stderr"; then echo "FAIL: text: a forged line"; FAILED=$((FAILED + 1)); else PASSED=$((PASSED + 1)); fi

expect_rc 1 "github" -- "$MLPC" lint --format github ctl.yaml
no_raw "$SCRATCH/stdout" "github"
expect_contains "$SCRATCH/stdout" '::error file=ctl.yaml,line=3,col=1,endLine=3,endColumn=43,title=E0201 unknown-key::unknown key `bad\n::warning::FORGED\x1b]0;title\x07\u{202e}` in the pipeline' "github: the escaped key"
if grep -q '^::warning::FORGED' "$SCRATCH/stdout"; then echo "FAIL: github: a forged command"; FAILED=$((FAILED + 1)); else PASSED=$((PASSED + 1)); fi
lines=$(grep -c '' "$SCRATCH/stdout")
if [ "$lines" -eq 3 ]; then PASSED=$((PASSED + 1)); else echo "FAIL: github: $lines lines, want one a diagnostic (3)"; FAILED=$((FAILED + 1)); fi

# compile writes its diagnostics as lint does.
expect_rc 1 "compile" -- "$MLPC" compile ctl.yaml -t kfp
no_raw "$SCRATCH/stderr" "compile"

# JSON and SARIF are data: C0 controls are escaped as JSON requires, and the message
# keeps the text as written.
expect_rc 1 "json" -- "$MLPC" lint --format json ctl.yaml
if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f]' "$SCRATCH/stdout"; then echo "FAIL: json: a raw C0 control"; FAILED=$((FAILED + 1)); else PASSED=$((PASSED + 1)); fi
python3 - "$SCRATCH/stdout" <<'PY' && PASSED=$((PASSED + 1)) || FAILED=$((FAILED + 1))
import json, sys
msgs = [d["message"] for d in json.load(open(sys.argv[1]))["files"][0]["diagnostics"]]
want = "unknown key `bad\n::warning::FORGED\x1b]0;title\x07\u202e` in the pipeline"
if want not in msgs:
    print("FAIL: json: the key as written", msgs)
    sys.exit(1)
PY
# Invisible characters: a zero-width space, a direction mark, a line separator and a
# BOM in a key would make two different keys read the same in the message.
printf 'version: 1\nname: x\n"ta\u200bsks\u200f\u2028\ufeff": 1\ntasks:\n  t: {image: alpine:3.20, command: [echo, hi]}\n' > zw.yaml
expect_rc 1 "invisible characters" -- "$MLPC" lint zw.yaml
expect_contains "$SCRATCH/stderr" 'unknown key `ta\u{200b}sks\u{200f}\u{2028}\u{feff}` in the pipeline' "invisible characters: escaped"

# A file name given on the command line reaches the lines mlpc writes about it: the
# "more not shown" line, --check's verdicts, the refusals.
name=$'x\n::error file=README.md::forged\e]0;owned\a\u202e.yaml'
bad_spec b > "$name"
printf '  extra: {image: alpine:3.20, command: [echo, hi], after: [nope]}\n' >> "$name"
expect_rc 1 "a hostile file name, --max-errors 1" -- "$MLPC" lint --max-errors 1 "$name"
no_raw "$SCRATCH/stderr" "a hostile file name: lint"
expect_contains "$SCRATCH/stderr" 'mlpc: 1 more error in x\n::error file=README.md::forged\x1b]0;owned\x07\u{202e}.yaml not shown' "a hostile file name: the more line"
if grep -q '^::error file=README.md::forged' "$SCRATCH/stderr"; then echo "FAIL: a forged command from a file name"; FAILED=$((FAILED + 1)); else PASSED=$((PASSED + 1)); fi
good_spec g > "$name"
mkdir -p out
expect_rc 1 "a hostile file name, --check" -- "$MLPC" compile --target argo --check --out-dir out "$name"
no_raw "$SCRATCH/stderr" "a hostile file name: --check"
mkdir -p "out/$(basename "$name" .yaml).argo.yaml"
expect_rc 2 "a hostile file name, refused output" -- "$MLPC" compile --target argo --out-dir out "$name"
no_raw "$SCRATCH/stderr" "a hostile file name: the refusal"
expect_rc 2 "a hostile directory name" -- "$MLPC" lint "out/$(basename "$name" .yaml).argo.yaml"
no_raw "$SCRATCH/stderr" "a hostile file name: a directory"
finish
