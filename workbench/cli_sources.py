"""``workbench source prune``: remove the sources nothing uses (no claim, attribution chain, evidence or entity).

A source someone described — kind, affiliation, reliability, notes or aliases — is kept unless ``--all`` is given:
an outlet graded in advance is knowledge, not clutter. ``--dry-run`` lists what would go. One undoable step in
the window's history ("source deleted", reason unused).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbench.domain.model import Source


def _row(src: Source) -> dict[str, object]:
    return {"id": src.id, "name": src.name, "kind": src.kind, "affiliation": src.affiliation,
            "reliability": src.reliability, "aliases": list(src.aliases)}


def cmd_prune(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.ops import sources as src_ops

    project = _open(args.project, read_only=args.dry_run)
    try:
        unused = src_ops.unused_sources(project)
        remove = [s for s in unused if args.all or not src_ops.has_details(s)]
        kept = [s for s in unused if s not in remove]
        if remove and not args.dry_run:
            _change(project, "Remove unused sources", src_ops.remove_unused_sources, [s.id for s in remove])
    finally:
        project.close()
    if args.json:
        print(json.dumps({"dry_run": args.dry_run, "removed": [_row(s) for s in remove],
                          "kept": [_row(s) for s in kept]}, ensure_ascii=False, indent=2))
        return 0
    if not unused:
        print("no unused sources")
    verb = "would remove" if args.dry_run else "removed"
    for s in remove:
        print(f"{verb:13} {s.name}")
    for s in kept:
        print(f"{'kept':13} {s.name} (described: use --all to remove it too)")
    return 0


def add_parsers(ssub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``source prune`` under the ``source`` command's subcommands."""
    a = ssub.add_parser("prune", help="remove the sources nothing uses",
                        description="Remove the sources no claim, attribution chain, evidence or entity uses. "
                                    "A source with a kind, affiliation, reliability, notes or aliases is kept "
                                    "unless --all is given. Undoable in the window (Edit ▸ Undo).")
    a.add_argument("project", type=Path)
    a.add_argument("--dry-run", action="store_true", help="list what would be removed; change nothing")
    a.add_argument("--all", action="store_true", help="also remove unused sources that have details")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_prune)
