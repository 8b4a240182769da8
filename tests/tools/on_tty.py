#!/usr/bin/env python3
"""Runs a command with its stderr on a new pseudo-terminal, as on a developer's terminal.

  on_tty.py OUT CMD...    what CMD writes to the terminal goes to the file OUT; CMD's
                          stdout is this script's; the exit status is CMD's

The tests that check what mlpc does on a terminal (colour, and nothing but the report on
stdout) open their own, so they need none from whoever runs them: CI, setsid, a cron job.
A machine can have no pseudo-terminals at all (a chroot or container without /dev/pts);
then this says so and exits 77, which ctest counts as skipped.
"""
import os
import pty
import subprocess
import sys

SKIP = 77  # ctest SKIP_RETURN_CODE


def main(out_path, cmd):
    try:
        master, slave = pty.openpty()
    except OSError as e:
        print(f"SKIPPED: cannot open a pseudo-terminal ({e}; is /dev/pts mounted?): "
              "what mlpc writes on a terminal was NOT checked")
        return SKIP
    with open(out_path, "wb") as out:
        p = subprocess.Popen(cmd, stderr=slave)
        os.close(slave)
        # Read as it is written: a terminal holds only a few KiB, and a writer blocks on it.
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not data:
                break
            out.write(data)
        os.close(master)
    return p.wait()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: on_tty.py OUT CMD...")
    sys.exit(main(sys.argv[1], sys.argv[2:]))
