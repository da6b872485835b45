"""``workbench annotations import PROJECT FILE...``: web annotations onto the project's documents.

Each FILE is Hypothesis API JSON (one annotation, an array, or a search response ``{"rows": [...]}``) or W3C Web
Annotations (an Annotation, an array, an AnnotationCollection or AnnotationPage; this app's own ``annotations``
export included). Each file is one undoable step ("Import annotations", as in the window). Exit status: 0 every
annotation imported or already there; 1 some could not be placed (listed with their id and reason); 2 a file is
not annotations or cannot be read (nothing of it imported).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench.errors import BadArgument

LABEL = "Import annotations"


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.cli import _change, _open
    from workbench.ops import annotations as annotation_ops

    loaded = []
    for path in args.files:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise BadArgument(f"{path} cannot be read ({exc.strerror or exc}).") from None
        loaded.append((path, annotation_ops.decode(data, Path(path).name)))
    project = _open(args.project)
    results: list[Any] = []
    try:
        for path, value in loaded:
            outcome, _changes = _change(project, LABEL, annotation_ops.import_annotations, value, str(path))
            results.append(outcome)
    finally:
        project.close()
    if args.json:
        print(json.dumps([{"file": r.name, "format": r.format, "imported": [asdict(p) for p in r.imported],
                           "skipped": [asdict(s) for s in r.skipped],
                           "unmatched": [asdict(u) for u in r.unmatched]} for r in results],
                         ensure_ascii=False, indent=2))
    else:
        for r in results:
            print(r.line())
            for p in r.imported:
                print(f"imported   {p.id} → {p.document_id[:8]} “{p.title}” {p.start}-{p.end} ({p.method})")
            for s in r.skipped:
                print(f"skipped    {s.id}: {s.reason}")
            for u in r.unmatched:
                print(f"not placed {u.id}: {u.reason}")
    return 1 if any(r.unmatched for r in results) else 0


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``annotations import`` to the command line's subparsers."""
    s = sub.add_parser("annotations", help="web annotations: import (Hypothesis, W3C) onto the documents",
                       description="Web annotations made in other tools, onto the project's documents.")
    asub = s.add_subparsers(dest="action", required=True)
    a = asub.add_parser(
        "import", help="import Hypothesis or W3C annotations as highlights with notes",
        description="Import web annotations (Hypothesis API JSON: one, an array or a search response; W3C Web "
                    "Annotations: an Annotation, an array, a collection or page) onto the project's documents, "
                    "matched by URL (or urn:sha256, or their quote) and anchored by their quote (fuzzy when it "
                    "changed a little). Annotations imported before are skipped; those that match no document "
                    "or whose quote is not found are listed with the reason (exit 1). Each file is one undoable "
                    "step.")
    a.add_argument("project", type=Path)
    a.add_argument("files", type=Path, nargs="+", metavar="FILE")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_import)
