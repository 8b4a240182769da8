"""Prints a YAML block of docs/ci.md for the tests to run as written.

usage: doc_block.py DOC N [REPO]  -- the N-th (0-based) ```yaml block holding a
`repos:` key (a pre-commit configuration), with the mlpc repository's URL replaced by
REPO; or doc_block.py DOC rev N -- that block's `rev`.
"""
import re
import sys

import yaml


def blocks(doc):
    return re.findall(r"^```yaml\n(.*?)^```", open(doc, encoding="utf-8").read(), re.S | re.M)


def main():
    doc, args = sys.argv[1], sys.argv[2:]
    configs = [b for b in blocks(doc) if isinstance(yaml.safe_load(b), dict) and "repos" in yaml.safe_load(b)]
    if args[0] == "rev":
        print(yaml.safe_load(configs[int(args[1])])["repos"][0]["rev"])
        return
    text = configs[int(args[0])]
    if len(args) > 1:
        # The entry whose hooks are mlpc's: point it at the local clone, keep the rest.
        text, n = re.subn(r"(- repo: )(?!local\b)\S+", lambda m: m.group(1) + args[1], text)
        assert n == 1, f"want one remote repo in block {args[0]}, found {n}"
    sys.stdout.write(text)


main()
