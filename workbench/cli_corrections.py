"""``workbench correction``: correction notices on published verdicts — add, list, set, remove.

A notice is what a newsroom prints under a fact check it changed after publishing it: the day, what changed
("Rating changed from Misleading to False") and why. Reports, the site and ClaimReview (``dateModified``) show
them; the edit history is never published. Each change is one undoable step (the window's labels).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workbench.domain.model import Correction


def correction_row(c: Correction) -> dict[str, Any]:
    return {"id": c.id, "claim_id": c.claim_id, "date": c.date, "change": c.change, "text": c.text, "who": c.who,
            "created_at": c.created_at}


def _print(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        change = f"{r['change']} " if r["change"] else ""
        print(f"{r['id'][:8]}  {r['date']}  {change}{r['text']}")
    if not rows:
        print("(no correction notices)")


def cmd_add(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.ops import claims as claim_ops
    from workbench.ops import corrections as ops

    project = _open(args.project)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        change = ops.suggested_change(project, claim_id) if args.change is None else args.change
        notice_id, _ = _change(project, "Publish correction", ops.add_correction, claim_id, args.text,
                               change=change, date=args.date or "")
        row = correction_row(ops.correction(project, notice_id))
    finally:
        project.close()
    print(json.dumps(row, ensure_ascii=False) if args.json else notice_id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from workbench.cli import _open
    from workbench.ops import claims as claim_ops
    from workbench.ops import corrections as ops

    project = _open(args.project, read_only=True)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        rows = [correction_row(c) for c in ops.corrections(project, claim_id)]
    finally:
        project.close()
    _print(rows, args.json)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.errors import BadArgument
    from workbench.ops import corrections as ops

    if args.text is None and args.change is None and args.date is None:
        raise BadArgument("correction set: give at least one of --text, --change or --date.")
    project = _open(args.project)
    try:
        notice_id = ops.resolve_correction(project, args.correction)
        _change(project, "Edit correction", ops.edit_correction, notice_id, text=args.text, change=args.change,
                date=args.date)
        row = ops.correction(project, notice_id)
    finally:
        project.close()
    print(json.dumps(correction_row(row), ensure_ascii=False) if args.json else notice_id)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.ops import corrections as ops

    project = _open(args.project)
    try:
        notice_id = ops.resolve_correction(project, args.correction)
        _change(project, "Remove correction", ops.remove_correction, notice_id)
    finally:
        project.close()
    print(json.dumps({"removed": notice_id}) if args.json else f"removed {notice_id}")
    return 0


def add_parsers(sub: Any) -> None:
    s = sub.add_parser("correction", help="correction notices on published verdicts: add, list, set, remove",
                       description="Correction notices: what changed in a published verdict, when and why. "
                                   "Reports and ClaimReview (dateModified) show them; each change is undoable.")
    csub = s.add_subparsers(dest="action", required=True)
    a = csub.add_parser("add", help="publish a correction notice on a claim's verdict",
                        description="Publish a correction notice on a claim whose verdict was published (final). "
                                    "Without --change, what changed is written from the history (e.g. the "
                                    "rating at publication and now). Prints the notice's id.")
    a.add_argument("project", type=Path)
    a.add_argument("claim", metavar="CLAIM", help="claim id (or a unique prefix)")
    a.add_argument("--text", required=True, metavar="TEXT", help="why: what was wrong, what the fact check says now")
    a.add_argument("--change", metavar="TEXT", help="what changed, e.g. “Rating changed from Misleading to False”")
    a.add_argument("--date", metavar="YYYY-MM-DD", help="the notice's date (default: today)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_add)
    a = csub.add_parser("list", help="a claim's correction notices", description="List a claim's correction "
                                                                                  "notices, oldest first.")
    a.add_argument("project", type=Path)
    a.add_argument("claim", metavar="CLAIM", help="claim id (or a unique prefix)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_list)
    a = csub.add_parser("set", help="edit a correction notice", description="Edit a correction notice; only the "
                                                                             "options given change.")
    a.add_argument("project", type=Path)
    a.add_argument("correction", metavar="ID", help="the notice's id (or a unique prefix)")
    a.add_argument("--text", metavar="TEXT")
    a.add_argument("--change", metavar="TEXT")
    a.add_argument("--date", metavar="YYYY-MM-DD")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_set)
    a = csub.add_parser("remove", help="remove a correction notice", description="Remove a correction notice "
                                                                                 "(undoable).")
    a.add_argument("project", type=Path)
    a.add_argument("correction", metavar="ID", help="the notice's id (or a unique prefix)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_remove)
