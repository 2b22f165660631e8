#!/usr/bin/env python3
"""Rewrite every policy's ``expect.yaml`` (what its fail examples must fail) from a scan of each example.

    python scripts/update_expectations.py [GATE-ENC-001 ...]     # all policies, or only these
    python scripts/update_expectations.py --check                 # exit 1 if any file would change

Idempotent: a fragment that still matches its failure's message is kept, so hand-shortened fragments survive;
new failures get the reason part of their message. Read the diff before committing: every new entry is a claim
that the example must fail that policy on that resource. The format: tests/policy_expectations.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from policy_expectations import EXPECT_FILE, update_folder  # noqa: E402

from gate.policies import builtin_dir, load_policies  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="policy ids (default: every built-in policy)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    folders = [
        loaded.file.with_suffix("")
        for loaded in load_policies([builtin_dir()])
        if not args.ids or loaded.policy.id in args.ids
    ]
    changed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        target = folder / EXPECT_FILE
        before = target.read_bytes() if target.exists() else None
        if update_folder(folder):
            changed.append(target)
            if args.check:  # put it back: --check only reports
                if before is None:
                    target.unlink()
                else:
                    target.write_bytes(before)
    for target in changed:
        print(f"{'out of date' if args.check else 'updated'}: {target.relative_to(REPO)}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
