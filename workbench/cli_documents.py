"""Documents on the command line: their metadata (Edit ▸ Document Metadata…) and segment marks (Segment menu).

    workbench document show PROJECT DOCUMENT [--json]
    workbench document text PROJECT DOCUMENT [--json]
    workbench document set PROJECT DOCUMENT [--title T] [--publisher P] [--author A] [--url URL]
                                            [--published YYYY-MM-DD] [--language TAG] [--direction ltr|rtl|auto]
    workbench segment list PROJECT DOCUMENT [--json]
    workbench segment mark PROJECT DOCUMENT body|comments|boilerplate (--range START-END | --quote TEXT
                                            [--occurrence N]) [--json]

Offsets are code points of the document's canonical text, end excluded (as ``search --json`` and ``reanchor
--json`` print them). Each change is one undoable step named as in the window ("Edit metadata", "Mark as
comments").
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench.cli import _change, _open
from workbench.domain.model import Document, SegmentKind
from workbench.errors import BadArgument

_RANGE_RE = re.compile(r"\s*(\d+)\s*[-:,]\s*(\d+)\s*")


def _document_json(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, **asdict(doc.metadata), "filename": doc.filename, "media_type": doc.media_type,
            "encoding": doc.encoding, "sha256": doc.sha256, "characters": len(doc.text),
            "imported_at": doc.imported_at, "derived": list(doc.derived), "extraction": doc.extraction,
            "segments": [_segment_json(doc, s) for s in doc.segments]}


def _segment_json(doc: Document, seg: Any) -> dict[str, Any]:
    return {"start": seg.start, "end": seg.end, "kind": seg.kind.value, "text": doc.text[seg.start:seg.end]}


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _load(project: Any, prefix: str) -> Document:
    from workbench.ops import documents as doc_ops

    return doc_ops.get_document(project, doc_ops.resolve_document(project, prefix))


def cmd_show(args: argparse.Namespace) -> int:
    doc = _read(args)
    _print_document(doc, args.json)
    return 0


def _print_document(doc: Document, as_json: bool) -> None:
    from workbench.ops import documents as doc_ops

    if as_json:
        print(json.dumps(_document_json(doc), ensure_ascii=False, indent=2))
        return
    print(f"id: {doc.id}")
    for name, value in asdict(doc.metadata).items():
        derived = " (derived)" if name in doc.derived else ""
        print(doc_ops.printable(f"{name}: {value or '(not set)'}{derived}"))
    print(doc_ops.printable(f"file: {doc.filename} ({doc.media_type}, {len(doc.text)} characters)"))


def cmd_set(args: argparse.Namespace) -> int:
    from workbench.ops import documents as doc_ops

    fields = {k: getattr(args, k) for k in doc_ops.METADATA_FIELDS if getattr(args, k) is not None}
    if not fields:
        raise BadArgument("document set: give at least one of " + ", ".join(
            f"--{k}" for k in doc_ops.METADATA_FIELDS) + ".")
    if fields.get("direction", "").lower() == "auto":
        fields["direction"] = ""
    project = _open(args.project)
    try:
        doc_id = doc_ops.resolve_document(project, args.document)
        _change(project, "Edit metadata", doc_ops.edit_metadata, doc_id, **fields)
        doc = doc_ops.get_document(project, doc_id)
    finally:
        project.close()
    _print_document(doc, args.json)
    return 0


def _read(args: argparse.Namespace) -> Document:
    """The document ``args.document`` of ``args.project``, read with a read-only connection."""
    project = _open(args.project, read_only=True)
    try:
        return _load(project, args.document)
    finally:
        project.close()


def cmd_text(args: argparse.Namespace) -> int:
    doc = _read(args)
    if args.json:
        print(json.dumps({"id": doc.id, "title": doc.metadata.title, "text": doc.text}, ensure_ascii=False))
    else:
        print(doc.text, end="" if doc.text.endswith("\n") else "\n")
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    doc = _read(args)
    if args.json:
        print(json.dumps([_segment_json(doc, s) for s in doc.segments], ensure_ascii=False, indent=2))
    else:
        for s in doc.segments:
            print(f"{s.start:>7}-{s.end:<7} {s.kind.value:12} {_short(doc.text[s.start:s.end])}")
    return 0


def parse_range(value: str, length: int, where: str) -> tuple[int, int]:
    """``START-END`` (also ``START:END``) as code points [START, END) inside a text of ``length``."""
    m = _RANGE_RE.fullmatch(value)
    if not m:
        raise BadArgument(f"--range “{value}”: not a range; write START-END in characters, e.g. 120-245.")
    start, end = int(m.group(1)), int(m.group(2))
    if start >= end:
        raise BadArgument(f"--range {start}-{end}: the start must come before the end.")
    if end > length:
        raise BadArgument(f"--range {start}-{end} is outside {where}, which has {length} characters.")
    return start, end


def cmd_mark(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops

    if (args.range is None) == (args.quote is None):
        raise BadArgument("segment mark: give the part to mark with --range START-END or --quote TEXT (one).")
    if args.occurrence is not None and args.quote is None:
        raise BadArgument("segment mark: --occurrence goes with --quote.")
    kind = SegmentKind(args.kind)
    project = _open(args.project)
    try:
        doc = _load(project, args.document)
        if args.range is not None:
            start, end = parse_range(args.range, len(doc.text), f"document {doc.id[:8]} “{doc.metadata.title}”")
        else:
            start, end = claim_ops.locate_quote(project, doc.id, args.quote, args.occurrence or 1)
        _change(project, f"Mark as {kind.value}", doc_ops.remark_segment, doc.id, start, end, kind)
        doc = doc_ops.get_document(project, doc.id)
    finally:
        project.close()
    if args.json:
        print(json.dumps({"document_id": doc.id, "start": start, "end": end, "kind": kind.value,
                          "segments": [_segment_json(doc, s) for s in doc.segments]}, ensure_ascii=False, indent=2))
    else:
        print(doc_ops.printable(f"marked {start}-{end} of {doc.id[:8]} as {kind.value}: "
                                f"“{_short(doc.text[start:end])}”"))
    return 0


def _kind(value: str) -> str:
    try:
        return SegmentKind(value).value
    except ValueError as exc:
        raise argparse.ArgumentTypeError("use body, comments or boilerplate") from exc


def add_parsers(sub: Any) -> None:
    """``document show|set`` and ``segment list|mark``."""
    s = sub.add_parser("document", help="documents: show, text, set metadata (title, URL, date, language…)",
                       description="Work with a document's metadata (as Edit ▸ Document Metadata… does).")
    dsub = s.add_subparsers(dest="action", required=True)
    a = dsub.add_parser("show", help="a document's metadata and file", description="Show a document's metadata.")
    a.add_argument("project", type=Path)
    a.add_argument("document", metavar="DOCUMENT", help="document id (or a unique prefix)")
    a.add_argument("--json", action="store_true", help="metadata, file, and segments with their text")
    a.set_defaults(fn=cmd_show)

    a = dsub.add_parser("text", help="a document's text, as the reading pane shows it",
                        description="Print a document's canonical text (offsets in the other commands count its "
                                    "code points).")
    a.add_argument("project", type=Path)
    a.add_argument("document", metavar="DOCUMENT", help="document id (or a unique prefix)")
    a.add_argument("--json", action="store_true", help="{\"id\", \"title\", \"text\"}")
    a.set_defaults(fn=cmd_text)

    a = dsub.add_parser(
        "set", help="set a document's title, publisher, author, URL, date, language or direction",
        description="Set the metadata given (\"\" clears a field); the others stay. The URL (http or https) is the "
                    "address the article was published at: ClaimReview's appearance. One undoable step "
                    "(\"Edit metadata\").")
    a.add_argument("project", type=Path)
    a.add_argument("document", metavar="DOCUMENT", help="document id (or a unique prefix)")
    a.add_argument("--title", metavar="TEXT")
    a.add_argument("--publisher", metavar="TEXT", help="the outlet that published it")
    a.add_argument("--author", metavar="TEXT")
    a.add_argument("--url", metavar="URL", help="where it was published (http:// or https://)")
    a.add_argument("--published", metavar="YYYY-MM-DD", help="publication date (or YYYY-MM, YYYY)")
    a.add_argument("--language", metavar="TAG", help="e.g. en, ar, fr, pt-BR")
    a.add_argument("--direction", metavar="ltr|rtl|auto", help="main writing direction (auto: unknown)")
    a.add_argument("--json", action="store_true", help="print the document as `document show --json`")
    a.set_defaults(fn=cmd_set)

    s = sub.add_parser("segment", help="segments: list, mark a part as body, comments or boilerplate",
                       description="Work with a document's segments (as the Segment menu does).")
    ssub = s.add_subparsers(dest="action", required=True)
    a = ssub.add_parser("list", help="a document's segments", description="List a document's segments: "
                        "start-end (code points, end excluded), kind, and the beginning of their text.")
    a.add_argument("project", type=Path)
    a.add_argument("document", metavar="DOCUMENT", help="document id (or a unique prefix)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_segments)

    a = ssub.add_parser(
        "mark", help="mark part of a document as body, comments or boilerplate",
        description="Mark a part of a document as article text (body), reader comments or boilerplate "
                    "(appeals, captions…). Give the part as --range START-END (code points, end excluded) or "
                    "as --quote TEXT (its exact words). The mark is kept when the document is re-segmented. "
                    "One undoable step (\"Mark as KIND\").")
    a.add_argument("project", type=Path)
    a.add_argument("document", metavar="DOCUMENT", help="document id (or a unique prefix)")
    a.add_argument("kind", type=_kind, metavar="body|comments|boilerplate")
    a.add_argument("--range", metavar="START-END", help="the part, in characters (code points)")
    a.add_argument("--quote", metavar="TEXT", help="the part, by its exact text")
    a.add_argument("--occurrence", type=int, metavar="N", help="with --quote: which occurrence (default 1)")
    a.add_argument("--json", action="store_true", help="the mark and the document's segments after it")
    a.set_defaults(fn=cmd_mark)
