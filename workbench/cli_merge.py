"""``workbench merge``, ``conflicts``, ``resolve``, ``exchange`` and ``source merge``: desks working on one
investigation (issue 14).

* ``merge PROJECT OTHER [--report]``: merge another project (``.fcw``) or a bundle into PROJECT by id, as one
  undoable step ("Merge OTHER"); prints what was added, updated and deleted, and with ``--report`` the merge
  review: every open conflict (both values) and the sources that may be duplicates.
* ``conflicts PROJECT [--all]``: the merge review (open conflicts; ``--all``: resolved ones too).
* ``resolve PROJECT CONFLICT ours|theirs``: resolve one conflict (one undoable step, "Resolve conflict").
* ``exchange PROJECT [--folder DIR] [--full] [--forget-folder]``: merge the change sets in the desk's shared
  folder, then write this file's own (``ops.exchange``); ``--folder`` also remembers the folder.
* ``source merge PROJECT KEEP DROP``: fold a source into another (what a merge offers for duplicates).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _value(value: Any) -> str:
    if value is None:
        return "(deleted)"
    if isinstance(value, dict):
        return "(the whole row: " + ", ".join(f"{k}={v!r}" for k, v in list(value.items())[:4]) + ", …)"
    text = " ".join(str(value).split()) if isinstance(value, str) else json.dumps(value)
    return f"“{text[:160]}{'…' if len(text) > 160 else ''}”" if isinstance(value, str) else text


def conflict_row(c: Any) -> dict[str, Any]:
    return {"id": c.id, "what": c.label, "table": c.table, "key": list(c.key), "field": c.field,
            "kind": c.kind.value, "ours": c.ours, "theirs": c.theirs, "base": c.base, "from": c.other,
            "recorded": c.created_at, "resolved_at": c.resolved_at, "resolved_by": c.resolved_by,
            "resolution": c.resolution}


def _print_conflicts(conflicts: list[Any]) -> None:
    if not conflicts:
        print("no conflicts to review")
        return
    for c in conflicts:
        state = f"resolved by {c.resolved_by} {c.resolved_at}" if not c.open else c.kind.label
        print(f"{c.id[:8]}  {c.label}  [{state}; from {c.other}]")
        print(f"          ours:   {_value(c.ours)}")
        print(f"          theirs: {_value(c.theirs)}")


def cmd_merge(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.ops import merge as merge_ops

    project = _open(args.project)
    try:
        side = merge_ops.load_side(project, args.other)
        report = _change(project, f"Merge {args.other.name}", merge_ops.merge, side)[0]
        review = merge_ops.list_conflicts(project, open_only=True) if args.report else []
    finally:
        project.close()
    if args.json:
        out = report.as_json()
        if args.report:
            out["review"] = [conflict_row(c) for c in review]
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return 0
    print(report.line())
    if args.report:
        print("\nmerge review:")
        _print_conflicts(review)
        for ours, theirs, name in report.duplicate_sources:
            print(f"possible duplicate source “{name}”: workbench source merge {args.project} {ours[:8]} {theirs[:8]}")
    elif report.conflicts:
        print(f"review them with: workbench conflicts {args.project}", file=sys.stderr)
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from workbench.cli import _open
    from workbench.ops import merge as merge_ops

    project = _open(args.project, read_only=True)
    try:
        found = merge_ops.list_conflicts(project, open_only=not args.all)
    finally:
        project.close()
    if args.json:
        print(json.dumps([conflict_row(c) for c in found], ensure_ascii=False, indent=2, default=str))
    else:
        _print_conflicts(found)
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.ops import merge as merge_ops

    project = _open(args.project)
    try:
        done = _change(project, "Resolve conflict", merge_ops.resolve_conflict, args.conflict, args.choice)[0]
    finally:
        project.close()
    if args.json:
        print(json.dumps(conflict_row(done), ensure_ascii=False, indent=2, default=str))
    else:
        print(f"resolved  {done.label}: kept {args.choice} ({_value(done.resolution)})")
    return 0


def cmd_exchange(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.ops import exchange as exchange_ops

    project = _open(args.project)
    try:
        if args.forget_folder:
            exchange_ops.set_folder(project, None)
            print(f"{args.project.name} no longer exchanges through a shared folder")
            return 0
        if args.folder is not None:
            exchange_ops.set_folder(project, args.folder)
        report = _change(project, "Exchange with desk", exchange_ops.receive_all, args.folder)[0]
        exchange_ops.send_all(project, report, full=args.full)
    finally:
        project.close()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2, default=str))
    else:
        print(report.line())
        for name, merged in report.merged:
            print(f"  {name}: {merged.line()}")
        for problem in report.problems:
            print(f"refused   {problem}", file=sys.stderr)
    return 1 if report.problems else 0


def cmd_source_merge(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.ops import merge as merge_ops
    from workbench.ops import sources as src_ops

    project = _open(args.project)
    try:
        keep = src_ops.resolve_source(project, args.keep)
        drop = src_ops.resolve_source(project, args.drop)
        _change(project, "Merge sources", merge_ops.merge_sources, keep, drop)
        kept = src_ops.get_source(project, keep)
    finally:
        project.close()
    if args.json:
        print(json.dumps({"kept": keep, "merged": drop, "name": kept.name, "aliases": list(kept.aliases)},
                         ensure_ascii=False))
    else:
        print(f"merged    into “{kept.name}” (aliases: {', '.join(kept.aliases) or 'none'})")
    return 0


def add_parsers(sub: Any) -> None:
    a = sub.add_parser("merge", help="merge another project or a bundle into this one, by id",
                       description="Merge another project (.fcw) or a project bundle into PROJECT by id: what only "
                                   "the other side has is added, what it changed is taken, what both changed since "
                                   "they parted is a conflict (both values kept, listed for review). One undoable "
                                   "step; merging again changes nothing.")
    a.add_argument("project", type=Path)
    a.add_argument("other", type=Path, metavar="OTHER", help="a project file (.fcw) or a project bundle (.json)")
    a.add_argument("--report", action="store_true", help="print the merge review: every open conflict, with both "
                                                         "values, and sources that may be duplicates")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_merge)
    a = sub.add_parser("conflicts", help="the merge review: conflicts to resolve",
                       description="List the merge conflicts to resolve (this project's value and the other's).")
    a.add_argument("project", type=Path)
    a.add_argument("--all", action="store_true", help="resolved conflicts too")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_conflicts)
    a = sub.add_parser("resolve", help="resolve a merge conflict: keep ours or take theirs",
                       description="Resolve a merge conflict (one undoable step): ours keeps this project's value, "
                                   "theirs takes the other's (for a row one side deleted: keep or restore it).")
    a.add_argument("project", type=Path)
    a.add_argument("conflict", metavar="CONFLICT", help="the conflict's id (or a unique prefix)")
    a.add_argument("choice", choices=("ours", "theirs"))
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_resolve)
    a = sub.add_parser("exchange", help="exchange change sets with the desk through a shared folder",
                       description="Merge the change sets other members wrote to the desk's shared folder, then "
                                   "write this project's own (signed with your profile name). Files that are not "
                                   "change sets of this project are named and left alone (exit status 1).")
    a.add_argument("project", type=Path)
    a.add_argument("--folder", type=Path, metavar="DIR", help="the desk's shared folder (remembered)")
    a.add_argument("--full", action="store_true", help="write a full set (everything), e.g. when a member's set "
                                                       "builds on one that was lost")
    a.add_argument("--forget-folder", action="store_true", help="stop exchanging through the shared folder")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_exchange)
    from workbench.cli_edit import _subparsers

    ssub = _subparsers(sub, "source")
    a = ssub.add_parser("merge", help="fold a source into another (a duplicate a merge offered)",
                        description="Fold the source DROP into KEEP: claims, evidence and attribution chains naming "
                                    "DROP name KEEP, DROP's name and aliases become KEEP's aliases. Undoable.")
    a.add_argument("project", type=Path)
    a.add_argument("keep", metavar="KEEP", help="the source kept (name or id prefix)")
    a.add_argument("drop", metavar="DROP", help="the source folded into it (name or id prefix)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_source_merge)
