"""precommit/ci-doc: the snippets of docs/ci.md are what they claim to be.

Every ```yaml block parses; the GitHub workflow, the GitLab jobs and the pre-commit
configurations have the keys their tools need; every `mlpc` command in them (and in the
page's inline code) uses real subcommands, options and values, read from `mlpc --help`.
Then the commands run as written (with `sh -c`, as the runners do) in a scratch
repository laid out as the page assumes: all pass on good specs and current outputs;
on a bad spec they fail (exit 1) and name it with file:line:col in every format (the
SARIF file and the GitHub annotations are checked), except the report steps that only
fail on exit 2; on a stale output the --check steps fail. The jq conversion for GitLab
Code Quality runs where jq is installed. What needs a CI runner or the network
(actions, downloading and installing the package) is not run.

usage: ci_doc.py SOURCE_DIR MLPC
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

SRC, MLPC = sys.argv[1], os.path.abspath(sys.argv[2])
DOC = os.path.join(SRC, "docs", "ci.md")
failures = []
passed = 0


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what)


# What the binary accepts: {sub: {option: choices or None (takes a value) or False (flag)}}.
def help_text(*args):
    return subprocess.run([MLPC, *args, "--help"], capture_output=True, text=True, check=True).stdout


OPTION = re.compile(r"^  (?:(-\w),)?(--[\w-]+)(?: ([A-Z]+)(?::\{([^}]*)\})?)?")


def options_of(text):
    opts = {}
    for line in text.splitlines():
        m = OPTION.match(line)
        if not m:
            continue
        short, long, kind, choices = m.groups()
        value = choices.split(",") if choices else (None if kind else False)
        for name in (short, long):
            if name:
                opts[name] = value
    return opts


top = help_text()
GLOBAL = options_of(top.split("Subcommands:", 1)[0])
SUBS = {}
for line in top.split("Subcommands:", 1)[1].splitlines():
    if line.strip():
        sub = line.split()[0]
        SUBS[sub] = options_of(help_text(sub))


def check_command(argv, where, placeholders=False):
    """argv starts with `mlpc`; shell operators end it."""
    words = []
    for w in argv[1:]:
        if w in (">", ">>", "|", "||", "&&", ";", "2>", "<") or w.startswith(">"):
            break
        words.append(w)
    if len(words) == 1 and words[0] in GLOBAL:
        passed_ok()
        return None
    if not words or words[0] not in SUBS:
        check(False, f"{where}: `mlpc {' '.join(words)}`: no such subcommand")
        return None
    sub, opts = words[0], SUBS[words[0]]
    i = 1
    while i < len(words):
        w = words[i]
        if w.startswith("-") and w != "-":
            name, _, inline = w.partition("=")
            if name not in opts:
                check(False, f"{where}: `mlpc {sub}` has no option {name}")
            elif opts[name] is not False:
                value = inline or (words[i + 1] if i + 1 < len(words) else "")
                if not inline:
                    i += 1
                if isinstance(opts[name], list):
                    for v in value.split("|"):
                        if placeholders and (not v or v.upper() == v):
                            continue
                        check(v in opts[name], f"{where}: `mlpc {sub} {name} {v}`: not one of {opts[name]}")
            passed_ok()
        i += 1
    return sub, words


def passed_ok():
    global passed
    passed += 1


text = open(DOC, encoding="utf-8").read()
blocks = re.findall(r"^```yaml\n(.*?)^```", text, re.S | re.M)
docs = []
for n, b in enumerate(blocks):
    try:
        docs.append(yaml.safe_load(b))
        passed_ok()
    except yaml.YAMLError as e:
        check(False, f"yaml block {n} does not parse: {e}")
check(len(blocks) >= 4, f"want the GitHub, GitLab and pre-commit blocks, found {len(blocks)} yaml blocks")

hooks = {h["id"]: h for h in yaml.safe_load(open(os.path.join(SRC, ".pre-commit-hooks.yaml")))}
github, gitlab, precommit = [], [], []
for d in docs:
    if isinstance(d, dict) and "jobs" in d and ("on" in d or True in d):  # YAML 1.1 reads `on` as true
        github.append(d)
    elif isinstance(d, dict) and "repos" in d:
        precommit.append(d)
    elif isinstance(d, dict) and any(isinstance(j, dict) and "script" in j for j in d.values()):
        gitlab.append(d)
check(len(github) == 1, f"one GitHub workflow, found {len(github)}")
check(len(gitlab) >= 1, "a GitLab CI block")
check(len(precommit) >= 1, "a pre-commit configuration")


def lines_of(script):
    """Shell lines of a `run:` string or a `script:` list, `\\` continuations joined."""
    items = script if isinstance(script, list) else [script]
    out = []
    for item in items:
        out += [l.strip() for l in str(item).replace("\\\n", " ").splitlines() if l.strip()]
    return out


commands = []  # (where, shell line)
for wf in github:
    for name, job in wf["jobs"].items():
        check("runs-on" in job and isinstance(job.get("steps"), list), f"github job {name}: runs-on and steps")
        perms = {**wf.get("permissions", {}), **job.get("permissions", {})}
        sarif_written = set()
        for step in job["steps"]:
            check(("run" in step) != ("uses" in step), f"github step {step.get('name')}: exactly one of run and uses")
            if "uses" in step:
                check(re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]) is not None, f"github: `{step['uses']}` pinned to a major version")
            if "run" in step:
                for line in lines_of(step["run"]):
                    commands.append((f"github step {step.get('name')}", line))
                    m = re.search(r">\s*(\S+\.sarif)", line)
                    if m:
                        sarif_written.add(m.group(1))
            if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"):
                f = step.get("with", {}).get("sarif_file")
                check(f in sarif_written, f"upload-sarif uploads `{f}`, which an earlier step writes")
                check(perms.get("security-events") == "write", "upload-sarif needs security-events: write")
for gl in gitlab:
    for name, job in gl.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        check("image" in job and isinstance(job["script"], list), f"gitlab job {name}: image and a script list")
        for key in ("before_script", "script"):
            for line in lines_of(job.get(key, [])):
                commands.append((f"gitlab job {name}", line))
        report = job.get("artifacts", {}).get("reports", {}).get("codequality")
        if report:
            check(any(f"> {report}" in l for l in lines_of(job["script"])), f"gitlab job {name}: the script writes {report}")
for n, pc in enumerate(precommit):
    for repo in pc["repos"]:
        check(bool(repo.get("rev")) and bool(repo.get("repo")), f"pre-commit block {n}: repo and rev")
        for h in repo["hooks"]:
            check(h["id"] in hooks, f"pre-commit block {n}: hook {h['id']} exists in .pre-commit-hooks.yaml")
            if h["id"] in hooks:
                entry = shlex.split(hooks[h["id"]]["entry"]) + h.get("args", hooks[h["id"]].get("args", []))
                check_command(entry, f"pre-commit block {n} hook {h['id']}")
                if "files" in h:
                    re.compile(h["files"])

mlpc_lines = []
for where, line in commands:
    try:
        argv = shlex.split(line)
    except ValueError:
        continue
    if argv and argv[0] == "mlpc":
        if check_command(argv, where):
            mlpc_lines.append((where, line))
check(len(mlpc_lines) >= 5, f"want the lint, SARIF, github and --check commands, found {len(mlpc_lines)}")
# Inline code on the page that is an mlpc command: options (and lower-case values) exist.
for span in re.findall(r"`(mlpc [^`]+)`", text):
    check_command(shlex.split(span.replace("...", "")), f"inline `{span}`", placeholders=True)

# Run them.
jq_lines = [(w, l) for w, l in commands if l.startswith("jq ")]
runnable = mlpc_lines + (jq_lines if shutil.which("jq") else [])
if jq_lines and not shutil.which("jq"):
    print("note: jq is not installed; the Code Quality conversion is not run")
work = tempfile.mkdtemp()
try:
    os.makedirs(os.path.join(work, "pipelines"))
    good = "version: 1\nname: {}\ntasks:\n  hello: {{image: alpine:3.20, command: [echo, {}]}}\n"
    open(os.path.join(work, "pipelines", "hello.yaml"), "w").write(good.format("hello", "hi"))
    # Specs clean for both engines (batch-inference's `enum` is W0108 on kfp).
    for example in ("tour/score-and-ship.yaml", "fraud-training.yaml", "branching-dag.yaml"):
        shutil.copy(os.path.join(SRC, "examples", example), os.path.join(work, "pipelines"))
    env = dict(os.environ, PATH=os.path.dirname(MLPC) + os.pathsep + os.environ["PATH"], NO_COLOR="1")
    subprocess.run(["sh", "-c", "mlpc compile pipelines/*.yaml --target argo --out-dir out"], cwd=work, env=env, check=True)

    def run_all(state, want_rc, expect):
        for where, line in runnable:
            r = subprocess.run(["sh", "-c", line], cwd=work, env=env, capture_output=True, text=True)
            want = want_rc(line)
            check(r.returncode == want, f"[{state}] {where}: `{line[:90]}` exited {r.returncode}, want {want}\n{r.stderr[-800:]}")
            expect(line, r)

    def sarif_results():
        return [res for run in json.load(open(os.path.join(work, "mlpc.sarif")))["runs"] for res in run["results"]]

    def good_expect(line, r):
        if "--format sarif" in line:
            log = json.load(open(os.path.join(work, "mlpc.sarif")))
            check(log.get("version") == "2.1.0" and sarif_results() == [], "[good] SARIF 2.1.0 with no results")
        if "--format github" in line:
            check(r.stdout == "", f"[good] no annotations: {r.stdout[:200]}")
        if line.startswith("jq "):
            check(json.load(open(os.path.join(work, "gl-code-quality.json"))) == [], "[good] empty Code Quality report")

    run_all("good", lambda line: 0, good_expect)

    open(os.path.join(work, "pipelines", "bad.yaml"), "w").write(
        "version: 1\nname: bad\ntasks:\n  hello: {image: alpine:3.20, command: [echo, hi], after: [helo]}\n")
    where_bad = "pipelines/bad.yaml:4:60"

    def bad_expect(line, r):
        if "--format sarif" in line:
            locs = [l["physicalLocation"] for res in sarif_results() for l in res["locations"]]
            check(any(l["artifactLocation"]["uri"] == "pipelines/bad.yaml" and l["region"]["startLine"] == 4
                      and l["region"]["startColumn"] == 60 for l in locs), f"[bad] SARIF locates the error: {locs}")
        elif "--format github" in line:
            check("::error file=pipelines/bad.yaml,line=4,col=60," in r.stdout, f"[bad] annotation: {r.stdout[:300]}")
        elif line.startswith("jq "):
            issues = json.load(open(os.path.join(work, "gl-code-quality.json")))
            check(any(i["location"] == {"path": "pipelines/bad.yaml", "lines": {"begin": 4}} and i["check_name"] == "E0302"
                      and i["severity"] in ("info", "minor", "major", "critical", "blocker")
                      and i["description"] and i["fingerprint"] for i in issues), f"[bad] Code Quality issue: {issues}")
        elif "--format" not in line:
            check(where_bad in r.stderr, f"[bad] `{line[:60]}` names {where_bad}: {r.stderr[:300]}")

    run_all("bad spec", lambda line: 0 if "|| [ $? -eq 1 ]" in line or line.startswith("jq ") else 1, bad_expect)

    os.remove(os.path.join(work, "pipelines", "bad.yaml"))
    open(os.path.join(work, "pipelines", "hello.yaml"), "w").write(good.format("hello", "bye"))

    def stale_expect(line, r):
        if "--check" in line:
            check("out/hello.argo.yaml is out of date" in r.stderr, f"[stale] names the stale output: {r.stderr[:300]}")

    run_all("stale output", lambda line: 1 if "--check" in line else 0, stale_expect)
finally:
    shutil.rmtree(work)

print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
