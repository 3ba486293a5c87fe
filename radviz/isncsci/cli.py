"""``radviz isncsci EXAM.json [...] [--json]``: classify each exam file, one result per file, in order.

A malformed file prints one line (file, field, value) on stderr and the others are still classified;
the exit status is 2 when any file failed, else 0.
"""
from __future__ import annotations

import json
import sys

from radviz.errors import InputError
from radviz.isncsci.classify import classify
from radviz.isncsci.exam import load_exam
from radviz.isncsci.worksheet import summary_lines

__all__ = ["run_isncsci"]


def run_isncsci(args) -> int:
    """Print each exam's classification (a JSON line with ``--json``, else the worksheet summary)."""
    failed = False
    for path in args.exams:
        try:
            result = classify(load_exam(path))
        except InputError as exc:
            print(f"radviz: {exc}", file=sys.stderr)
            failed = True
            continue
        if args.json:
            print(json.dumps(result.to_json()), flush=True)
        else:
            print("\n".join(summary_lines(str(path), result)), flush=True)
    return 2 if failed else 0
