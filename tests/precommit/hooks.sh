#!/usr/bin/env bash
# precommit/hooks: the repository's .pre-commit-hooks.yaml, run by the real pre-commit
# (Debian's), offline, in scratch git repositories:
#   - `pre-commit try-repo` of each hook: failing on a bad spec (with file:line:col), on a
#     stale or missing output; passing on good specs and current outputs; skipping the
#     YAML files the default `files:`/`exclude:` leave out;
#   - the configurations of docs/ci.md, as written (only the repository URL pointed at the
#     local copy), with `pre-commit install` and real `git commit`s.
# The hook repository is a temporary commit of this working tree (tracked and untracked,
# not ignored, files), so uncommitted changes to the hooks are what is tested.
# usage: hooks.sh SOURCE_DIR MLPC
set -u
src=${1:?usage: hooks.sh SOURCE_DIR MLPC}
mlpc=${2:?usage: hooks.sh SOURCE_DIR MLPC}
command -v pre-commit >/dev/null || { echo "SKIP: pre-commit is missing (scripts/install-deps.sh installs it)"; exit 77; }
command -v git >/dev/null || { echo "SKIP: git is missing"; exit 77; }
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
PASSED=0
pass() { PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }

# Nothing from the user's or the machine's configuration; the build's mlpc first on PATH.
export HOME=$SCRATCH/home PRE_COMMIT_HOME=$SCRATCH/pre-commit-cache XDG_CACHE_HOME=$SCRATCH/home/.cache
export GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 PRE_COMMIT_COLOR=never
export PATH="$(cd "$(dirname "$mlpc")" && pwd):$PATH"
mkdir -p "$HOME"
git config --global user.name "mlpc tests"
git config --global user.email "tests@mlpc.invalid"
git config --global init.defaultBranch main
git config --global commit.gpgsign false
[ "$(command -v mlpc)" = "$(cd "$(dirname "$mlpc")" && pwd)/$(basename "$mlpc")" ] && pass || fail "mlpc on PATH is $(command -v mlpc)"
pre-commit --version

# Offline for certain: in a network namespace of its own (loopback only) where the
# machine allows one; pre-commit needs no network for `language: system` hooks.
offline=()
if unshare -rn true 2>/dev/null; then offline=(unshare -rn); echo "running pre-commit without a network (unshare -rn)"
else echo "note: no network namespace here; pre-commit runs with the machine's network"; fi

# run WANT_RC DESCRIPTION -- command...: in the current directory; output in $SCRATCH/out.
run() {
  local want=$1 what=$2; shift 3
  "${offline[@]}" "$@" >"$SCRATCH/out" 2>&1
  local rc=$?
  if [ "$rc" -eq "$want" ]; then pass; else
    fail "$what: exit $rc, want $want"; sed 's/^/  | /' "$SCRATCH/out" | head -40; fi
}
has() {  # has TEXT DESCRIPTION: the last run's output contains TEXT
  if grep -qF -- "$1" "$SCRATCH/out"; then pass; else fail "$2: output lacks '$1'"; sed 's/^/  | /' "$SCRATCH/out" | head -40; fi
}
lacks() {
  if grep -qF -- "$1" "$SCRATCH/out"; then fail "$2: output has '$1'"; sed 's/^/  | /' "$SCRATCH/out" | head -40; else pass; fi
}

# The hook repository: this working tree, committed in a scratch clone-alike.
hooks="$SCRATCH/mlpc"
mkdir -p "$hooks"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$hooks" -xf -
else
  cp "$src/.pre-commit-hooks.yaml" "$hooks/"
fi
[ -f "$hooks/.pre-commit-hooks.yaml" ] && pass || { fail "no .pre-commit-hooks.yaml in $src"; exit 1; }
rev=$(python3 "$src/tests/precommit/doc_block.py" "$src/docs/ci.md" rev 0)
(cd "$hooks" && git init -q && git add -A && git commit -qm "mlpc working tree" && git tag "$rev")

good_spec() { printf 'version: 1\nname: %s\ntasks:\n  hello: {image: alpine:3.20, command: [echo, %s]}\n' "$1" "${2:-hi}"; }
bad_spec() { printf 'version: 1\nname: %s\ntasks:\n  hello: {image: alpine:3.20, command: [echo, hi], after: [helo]}\n' "$1"; }

# A repository laid out as docs/ci.md assumes: specs in pipelines/ (and *.mlpc.yaml),
# outputs in out/, and YAML that is not a spec (component library, outputs, CI config).
new_project() {
  rm -rf "$SCRATCH/project"
  mkdir -p "$SCRATCH/project/pipelines/components" "$SCRATCH/project/.github/workflows"
  cd "$SCRATCH/project" || exit 1
  git init -q
  good_spec hello >pipelines/hello.yaml
  cp "$src/examples/tour/score-and-ship.yaml" pipelines/
  good_spec train >train.mlpc.yaml
  cp "$src/examples/components/common.yaml" pipelines/components/common.yaml
  printf 'greeting: hello\n' >notes.yaml
  printf 'on: push\njobs: {}\n' >.github/workflows/ci.yml
  mlpc compile pipelines/*.yaml train.mlpc.yaml --target argo --out-dir out || fail "compiling the project's outputs"
}

run 0 "pre-commit validate-manifest" -- pre-commit validate-manifest "$hooks/.pre-commit-hooks.yaml"

echo "== try-repo mlpc-lint"
new_project
git add -A && git commit -qm init
run 0 "mlpc-lint, every file" -- pre-commit try-repo "$hooks" mlpc-lint --all-files
has "mlpc lint" "hook name shown"
has "Passed" "mlpc-lint passes on good specs"
bad_spec bad >pipelines/bad.yaml
git add pipelines/bad.yaml
run 1 "mlpc-lint, bad spec" -- pre-commit try-repo "$hooks" mlpc-lint --files pipelines/bad.yaml
has "Failed" "mlpc-lint fails on a bad spec"
has "pipelines/bad.yaml:4:60: error: unknown task \`helo\` in \`after\`" "file:line:col in the hook's output"
has "[E0302]" "the code in the hook's output"
run 1 "mlpc-lint, bad spec among good ones" -- pre-commit try-repo "$hooks" mlpc-lint --all-files
has "pipelines/bad.yaml:4:60" "file:line:col with --all-files"
lacks "common.yaml" "the component library is not linted"
run 0 "mlpc-lint, good specs" -- pre-commit try-repo "$hooks" mlpc-lint --files pipelines/hello.yaml pipelines/score-and-ship.yaml train.mlpc.yaml
has "Passed" "mlpc-lint passes on good specs"
run 0 "mlpc-lint, files that are not specs" -- pre-commit try-repo "$hooks" mlpc-lint \
  --files notes.yaml pipelines/components/common.yaml out/hello.argo.yaml .github/workflows/ci.yml
has "(no files to check)Skipped" "non-spec YAML is left out by the default files/exclude"

echo "== try-repo mlpc-compile-check (default args: --target argo --out-dir out)"
git rm -q --cached pipelines/bad.yaml && rm pipelines/bad.yaml
run 0 "compile-check, current outputs" -- pre-commit try-repo "$hooks" mlpc-compile-check --all-files
has "mlpc compile --check" "hook name shown"
has "Passed" "compile-check passes on current outputs"
good_spec hello bye >pipelines/hello.yaml
run 1 "compile-check, stale output" -- pre-commit try-repo "$hooks" mlpc-compile-check --files pipelines/hello.yaml
has "Failed" "compile-check fails on a stale output"
has "out/hello.argo.yaml is out of date (first difference at line" "the stale file is named"
mlpc compile pipelines/hello.yaml --target argo --out-dir out
run 0 "compile-check, updated output" -- pre-commit try-repo "$hooks" mlpc-compile-check --files pipelines/hello.yaml
good_spec new >pipelines/new.yaml
run 1 "compile-check, missing output" -- pre-commit try-repo "$hooks" mlpc-compile-check --files pipelines/new.yaml
has "out/new.argo.yaml is missing" "the missing output is named"
rm pipelines/new.yaml
bad_spec bad >pipelines/bad.yaml
run 1 "compile-check, bad spec" -- pre-commit try-repo "$hooks" mlpc-compile-check --files pipelines/bad.yaml
has "pipelines/bad.yaml:4:60: error:" "file:line:col in compile-check's output"

echo "== docs/ci.md: the pre-commit configuration, with pre-commit install and git commit"
new_project
mlpc compile pipelines/*.yaml train.mlpc.yaml --target kfp --out-dir out || fail "compiling the KFP outputs"
python3 "$src/tests/precommit/doc_block.py" "$src/docs/ci.md" 0 "$hooks" >.pre-commit-config.yaml
run 0 "pre-commit validate-config (docs/ci.md)" -- pre-commit validate-config .pre-commit-config.yaml
run 0 "pre-commit install" -- pre-commit install
git add -A
run 0 "git commit of good specs and current outputs" -- git commit -m "pipelines"
has "mlpc lint" "the commit ran mlpc-lint"
has "mlpc compile --check (kfp)" "the commit ran the kfp entry"
lacks "Failed" "no hook failed"
bad_spec bad >pipelines/bad.yaml
git add pipelines/bad.yaml
run 1 "git commit of a bad spec" -- git commit -m "bad"
has "pipelines/bad.yaml:4:60: error:" "file:line:col when the commit is refused"
git rm -q --cached pipelines/bad.yaml && rm pipelines/bad.yaml
good_spec hello bye >pipelines/hello.yaml
git add pipelines/hello.yaml
run 1 "git commit of a spec without its outputs" -- git commit -m "stale"
has "out/hello.argo.yaml is out of date" "stale argo output named"
has "out/hello.kfp.yaml is out of date" "stale kfp output named"
mlpc compile pipelines/hello.yaml --target argo --out-dir out && mlpc compile pipelines/hello.yaml --target kfp --out-dir out
git add out
run 0 "git commit with the outputs updated" -- git commit -m "hello says bye"
[ "$(git log --format=%s -1)" = "hello says bye" ] && pass || fail "the last commit did not land"
run 0 "pre-commit run --all-files" -- pre-commit run --all-files

echo "== docs/ci.md: one engine per directory"
new_project
rm -rf pipelines/* out
mkdir -p pipelines/argo pipelines/kfp
# document-ingestion retries only on errors, which KFP cannot carry (E0503).
cp "$src/examples/document-ingestion.yaml" pipelines/argo/
good_spec train >pipelines/kfp/train.yaml
python3 "$src/tests/precommit/doc_block.py" "$src/docs/ci.md" 1 "$hooks" >.pre-commit-config.yaml
git add -A
run 0 "each directory linted for its engine" -- pre-commit run --all-files
has "mlpc lint (argo)" "argo entry ran"
has "mlpc lint (kfp)" "kfp entry ran"
git mv pipelines/argo/document-ingestion.yaml pipelines/kfp/
run 1 "an Argo-only spec among the KFP ones" -- pre-commit run --all-files
has "pipelines/kfp/document-ingestion.yaml:" "the misplaced spec is named"
has "[E0503]" "with the capability code"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
