"""``workbench resegment PROJECT [DOCUMENT ...] [--all] [--dry-run] [--json]``: segment documents again with the
importers of this version (see ``ops.resegment``). One line per document with what changes, then a total.
Exit status 0 (a document that fails is reported on its line); 2 for bad arguments or a project that cannot be
opened.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workbench.errors import BadArgument, ProjectError


def cmd_resegment(args: argparse.Namespace) -> int:
    from workbench import logfile
    from workbench.ops import documents as doc_ops
    from workbench.ops import project as project_ops
    from workbench.ops import resegment as reseg_ops

    if bool(args.documents) == bool(args.all):
        raise BadArgument("resegment: name the documents (ids or unique prefixes) or give --all, not both.")
    if not args.project.exists():
        raise ProjectError(f"{args.project}: no such project file.")
    logfile.install()  # an importer's internal error leaves its traceback there
    project = project_ops.open_project(args.project, read_only=True)  # a dry run cannot write
    try:  # unknown documents are refused before the project is opened for writing
        doc_ids = list(dict.fromkeys(doc_ops.resolve_document(project, d) for d in args.documents)) or None
        if not args.dry_run:
            project.close()
            project = project_ops.open_project(args.project)
        if args.dry_run:
            results, _ = reseg_ops.resegment(project, doc_ids, dry_run=True)
        else:
            from workbench.cli import _change

            results, _ = _change(project, "Re-segment documents", reseg_ops.resegment, doc_ids, dry_run=False)
    finally:
        project.close()
    if args.json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2))
        return 0
    for r in results:
        print(doc_ops.printable(r.line()))
    count = {s: sum(r.status == s for r in results) for s in (reseg_ops.RESEGMENTED, reseg_ops.NEW_VERSION,
                                                              reseg_ops.UNCHANGED, reseg_ops.FAILED)}
    print(f"{len(results)} document(s): {count[reseg_ops.RESEGMENTED]} re-segmented, "
          f"{count[reseg_ops.NEW_VERSION]} new version(s), {count[reseg_ops.UNCHANGED]} unchanged, "
          f"{count[reseg_ops.FAILED]} failed" + ("; dry run: nothing was changed" if args.dry_run else ""))
    return 0


def add_parsers(sub: Any) -> None:
    s = sub.add_parser(
        "resegment", help="segment documents again with this version's importers",
        description="Run this version's importer again on each document's original bytes. When it reads the "
                    "same text, the automatic body / comments / boilerplate segments are replaced (your own "
                    "segment marks are applied again over them) and empty or derived metadata is filled in; "
                    "passages do not move. When it reads the text differently, the document is imported as a "
                    "new version and its passages move there (doubtful ones marked for review, the others kept "
                    "as orphans). Prints, per document, the characters of each kind before → after.")
    s.add_argument("project", type=Path)
    s.add_argument("documents", nargs="*", metavar="DOCUMENT", help="document id (or a unique prefix)")
    s.add_argument("--all", action="store_true", help="every document of the project")
    s.add_argument("--dry-run", action="store_true", help="say what would change; change nothing")
    s.add_argument("--json", action="store_true", help="print the results as JSON")
    s.set_defaults(fn=cmd_resegment)
