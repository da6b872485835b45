"""Headless commands over the same ops as the GUI.

Exit status: 0 success, 1 a file was rejected or the project is unsound,
2 bad usage or a known error (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench.domain.model import Stance
from workbench.errors import KnownError, ProjectError

COMMANDS = ("import", "list", "claim", "evidence", "check", "screenshot")


def _open(path: Path, create: bool = False):  # type: ignore[no-untyped-def]
    from workbench.ops import project as project_ops

    if create:
        return project_ops.open_or_create(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such project file.")
    return project_ops.open_project(path)


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.ops import documents as doc_ops

    project = _open(args.project, create=True)
    try:
        outcomes, _ = doc_ops.import_files(project, args.paths)
    finally:
        project.close()
    if args.json:
        print(json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=2))
    else:
        for o in outcomes:
            print(o.line())
    if not outcomes:
        print("no files to import", file=sys.stderr)
        return 1
    return 1 if any(o.status is doc_ops.ImportStatus.REJECTED for o in outcomes) else 0


def cmd_list(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops

    project = _open(args.project)
    try:
        if args.what == "documents":
            docs = doc_ops.list_documents(project)
            rows: list[dict[str, Any]] = [
                {"id": d.id, **asdict(d.metadata), "filename": d.filename, "media_type": d.media_type,
                 "encoding": d.encoding, "sha256": d.sha256, "size": d.size, "imported_at": d.imported_at}
                for d in docs]
            text_rows = [f"{d.id}  {d.metadata.published or '----------':10}  {d.metadata.title}"
                         f"{'  (' + d.metadata.publisher + ')' if d.metadata.publisher else ''}" for d in docs]
        else:
            claims = claim_ops.list_claims(project)
            rows = [{"id": r.claim.id, "text": r.claim.text, "claimant": r.claimant,
                     "claim_date": r.claim.claim_date, "status": r.claim.status.value,
                     "rating": r.claim.rating, "appearances": r.appearances, "supports": r.supports,
                     "refutes": r.refutes, "context": r.context, "documents": list(r.document_ids)}
                    for r in claims]
            text_rows = [f"{r.claim.id}  [{r.claim.status.value}] +{r.supports} −{r.refutes} ctx{r.context}  "
                         f"{r.claim.text}" + (f"  — {r.claimant}" if r.claimant else "") for r in claims]
    finally:
        project.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print("\n".join(text_rows) if text_rows else f"(no {args.what})")
    return 0


def cmd_claim(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops

    project = _open(args.project)
    try:
        doc_id = doc_ops.resolve_document(project, args.document)
        start, end = claim_ops.locate_quote(project, doc_id, args.quote, args.occurrence)
        claim_id, _ = claim_ops.create_claim_from_passage(
            project, doc_id, start, end, text=args.text, claimant=args.claimant, claim_date=args.date or "")
    finally:
        project.close()
    print(json.dumps({"id": claim_id, "start": start, "end": end}) if args.json else claim_id)
    return 0


def cmd_evidence(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops

    project = _open(args.project)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        doc_id = doc_ops.resolve_document(project, args.document)
        start, end = claim_ops.locate_quote(project, doc_id, args.quote, args.occurrence)
        ev_id, _ = claim_ops.add_passage_evidence(project, claim_id, doc_id, start, end, Stance(args.stance))
    finally:
        project.close()
    print(json.dumps({"id": ev_id, "start": start, "end": end}) if args.json else ev_id)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from workbench.ops import project as project_ops

    report = project_ops.check(args.project)
    if args.json:
        print(json.dumps(asdict(report), indent=2))
    elif report.ok:
        print(f"OK: {args.project} is sound ({report.documents} documents, {report.claims} claims, "
              f"{report.passages} passages).")
    else:
        print(f"PROBLEMS in {args.project}:")
        for p in report.problems:
            print(f"  - {p}")
    return 0 if report.ok else 1


def cmd_screenshot(args: argparse.Namespace) -> int:
    from workbench.ui.screenshot import render_screenshot

    if not args.demo and args.project is None:
        raise KnownError("screenshot: give a PROJECT or --demo.")
    size = tuple(int(x) for x in args.size.lower().split("x"))
    path = render_screenshot(args.project, args.out, demo=args.demo, document=args.document,
                             claim=args.claim, size=(size[0], size[1]))
    print(path)
    return 0


def _stance(value: str) -> str:
    try:
        return Stance(value).value
    except ValueError as exc:
        raise argparse.ArgumentTypeError("use supports, refutes or context") from exc


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbench", description="Fact-Check Workbench command line.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("import", help="import files or folders (creates the project if missing)",
                       description="Import articles into a project. One line per file: imported, duplicate, "
                                   "or rejected with the reason. Exit status 1 if any file was rejected.")
    s.add_argument("project", type=Path)
    s.add_argument("paths", type=Path, nargs="+")
    s.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    s.set_defaults(fn=cmd_import)

    s = sub.add_parser("list", help="list documents or claims", description="List documents or claims.")
    s.add_argument("project", type=Path)
    s.add_argument("what", choices=["documents", "claims"])
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_list)

    s = sub.add_parser("claim", help="claims: add", description="Work with claims.")
    csub = s.add_subparsers(dest="action", required=True)
    a = csub.add_parser("add", help="make a claim from a quote in a document",
                        description="Make a claim from a quote in a document; prints the new claim's id.")
    a.add_argument("project", type=Path)
    a.add_argument("--document", required=True, help="document id (or a unique prefix of it)")
    a.add_argument("--quote", required=True, help="the exact text in the document")
    a.add_argument("--occurrence", type=int, default=1, help="which occurrence of the quote (default 1)")
    a.add_argument("--text", help="the claim's text (default: the quote)")
    a.add_argument("--claimant", help="who made the claim")
    a.add_argument("--date", help="claim date YYYY-MM-DD (default: the document's date)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_claim)

    s = sub.add_parser("evidence", help="evidence: add", description="Work with evidence.")
    esub = s.add_subparsers(dest="action", required=True)
    a = esub.add_parser("add", help="link a quote in a document to a claim as evidence",
                        description="Link a quote in a document to a claim as evidence with a stance.")
    a.add_argument("project", type=Path)
    a.add_argument("--claim", required=True, help="claim id (or a unique prefix)")
    a.add_argument("--document", required=True, help="document id (or a unique prefix)")
    a.add_argument("--quote", required=True)
    a.add_argument("--occurrence", type=int, default=1)
    a.add_argument("--stance", required=True, type=_stance, help="supports, refutes or context")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_evidence)

    s = sub.add_parser("check", help="check a project file's integrity",
                       description="Check a project file: format, schema, integrity, keys, passages. "
                                   "Exit status 0 only when the file is sound.")
    s.add_argument("project", type=Path)
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_check)

    s = sub.add_parser("screenshot", help="render the main window offscreen to a PNG",
                       description="Render the main window offscreen to a PNG file.")
    s.add_argument("project", type=Path, nargs="?")
    s.add_argument("out", type=Path)
    s.add_argument("--demo", action="store_true", help="use the demo project")
    s.add_argument("--document", help="document id (prefix) to show")
    s.add_argument("--claim", help="claim id (prefix) to select")
    s.add_argument("--size", default="1440x880", help="window size WxH (default 1440x880)")
    s.set_defaults(fn=cmd_screenshot)
    return p


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    fn: Callable[[argparse.Namespace], int] = args.fn
    try:
        return fn(args)
    except KnownError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
