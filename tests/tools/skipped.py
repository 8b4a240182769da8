#!/usr/bin/env python3
"""Prints the tests a ctest run skipped, each with its reason.

  skipped.py JUNIT.xml     (from `ctest --output-junit JUNIT.xml`)

ctest's console says only "Skipped" (SKIP_RETURN_CODE), even with --output-on-failure, and
its LastTest.log records a skipped test as "Test Passed."; the reason is what the test
printed. The JUnit report keeps that output with each test's status, so it is read here.
Prints nothing when nothing was skipped; exits 0 either way (a skip is not a failure).
"""
import sys
import xml.etree.ElementTree as ET

MAX_LINES = 8  # a test's reason is its first lines; the rest stays in the report


def main(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"skipped.py: cannot read {path} ({e}); skip reasons not shown")
        return 0
    skipped = []
    for case in root.iter("testcase"):
        mark = case.find("skipped")
        if mark is None:
            continue
        out = (case.findtext("system-out") or "").strip().splitlines()
        skipped.append((case.get("name"), mark.get("message") or "", out))
    if not skipped:
        return 0
    print(f"\n{len(skipped)} test{'s' if len(skipped) != 1 else ''} skipped, and why:")
    for name, message, out in skipped:
        print(f"  {name} ({message})")
        for line in out[:MAX_LINES] or ["(the test printed no reason)"]:
            print(f"      {line}")
        if len(out) > MAX_LINES:
            print(f"      ... {len(out) - MAX_LINES} more lines in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
