"""Reads a SARIF Multitool `validate` log: error-level findings fail; warnings and notes
must be pinned below, each with the reason mlpc does not act on it."""
import collections
import json
import sys

PINNED = {
    # warning: there is no project web site to name; a placeholder would be worse.
    "SARIF2005": "informationUri",
    # notes
    "SARIF2002": "message ids and arguments: messages are composed per finding, and "
                 "GitHub wants message.text anyway",
    "SARIF2003": "versionControlProvenance: mlpc does not look at git; CI may add it",
    "SARIF2006": "the $schema URI is checked over the network, unreachable offline",
    "SARIF2010": "region snippets: they would copy source text, literal secrets "
                 "included, into the report",
    "SARIF2011": "context regions: same reason as SARIF2010",
    "SARIF2012": "helpUri: no web site; help.text and help.markdown carry the explanation",
    "SARIF2013": "embedded file contents: same reason as SARIF2010",
    "SARIF2016": "absolute URIs, on purpose: file:///dev/stdin for standard input, and "
                 "files named by an absolute path",
}

log = json.load(open(sys.argv[1]))
found = collections.Counter()
bad = []
for run in log["runs"]:
    for r in run.get("results", []):
        level = r.get("level", "warning")
        rule = r.get("ruleId", "?")
        found[(rule, level)] += 1
        if level == "error" or rule not in PINNED:
            args = r.get("message", {}).get("arguments", [])
            bad.append("%s %s: %s" % (level, rule, " | ".join(map(str, args))))
    for inv in run.get("invocations", []):
        for n in inv.get("toolExecutionNotifications", []) + inv.get("toolConfigurationNotifications", []):
            if n.get("level", "warning") == "error":
                bad.append("tool error: %s" % n.get("message", {}).get("text", n))
for (rule, level), n in sorted(found.items()):
    print("  %-9s %-7s x%-3d %s" % (rule, level, n, PINNED.get(rule, "NOT PINNED")))
for b in bad:
    print("  unexpected: " + b)
sys.exit(1 if bad else 0)
