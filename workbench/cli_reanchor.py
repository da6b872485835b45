"""``workbench reanchor``: the review queue of re-anchoring on the command line; re-anchoring after ``import``.

``workbench reanchor PROJECT [DOCUMENT] [--json]`` lists the passages to review (and the orphans) — of one
document (id or unique prefix; the old or the new version) or of all — with the stored quote beside the text at
the place proposed in the newest version, the changed words marked ``[-old-]`` and ``{+new+}``.
``--accept PASSAGE``, ``--orphan PASSAGE`` and ``--place PASSAGE --quote TEXT [--occurrence N]`` make one
choice (one undoable action, recorded in the history of the passage's claims).

``add_parsers`` also gives ``workbench import`` its re-anchoring: when a file imported is a new version of a
document already in the project (same URL or title, different text), the old version's passages are re-anchored
(``ops.reanchor.apply``) and each is reported as moved, to review or orphaned; ``--no-reanchor`` leaves them.
It wraps the ``import`` command registered in ``cli.py`` (its output comes first, unchanged; with ``--json``
each outcome of a new version gains a ``"reanchor"`` object).

Exit status: 0 success (import: as ``import``), 2 bad arguments or a known error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.domain.anchoring import REASONS, DiffPart, FlaggedPassage, word_diff
from workbench.errors import BadArgument, KnownError, ProjectError

ImportFn = Callable[[argparse.Namespace], int]


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def marked(parts: tuple[DiffPart, ...], side: str) -> str:
    """One side of a word diff on one line: ``old`` marks what went as ``[-…-]``, ``new`` what came as ``{+…+}``."""
    out = []
    for p in parts:
        text = p.old if side == "old" else p.new
        if p.changed and text:
            out.append(f"[-{text}-]" if side == "old" else f"{{+{text}+}}")
        else:
            out.append(text)
    return " ".join("".join(out).split())


def item_json(item: FlaggedPassage) -> dict[str, Any]:
    parts = word_diff(item.exact, item.found) if item.found else ()
    return {
        "passage_id": item.passage_id, "status": item.status, "reason": item.reason,
        "reason_text": REASONS.get(item.reason, ""), "document_id": item.document_id,
        "document_title": item.document_title, "start": item.start, "end": item.end, "quote": item.exact,
        "target_document_id": item.target_document_id or None, "target_title": item.target_title or None,
        "target_start": item.target_start if item.has_proposal else None,
        "target_end": item.target_end if item.has_proposal else None,
        "new_text": item.found if item.has_proposal else None,
        "changes": [{"op": p.op, "old": p.old, "new": p.new} for p in parts if p.changed],
        "claims": list(item.claim_ids),
    }


def item_lines(item: FlaggedPassage) -> list[str]:
    status = "orphan" if item.orphan else "to review"
    where = f"on {item.document_id[:8]} “{_short(item.document_title, 60)}”"
    if item.target_document_id and item.target_document_id != item.document_id:
        where += f", newest version {item.target_document_id[:8]}"
    lines = [f"{status:9}  {item.passage_id[:8]}  {where}: {REASONS.get(item.reason, item.reason)}"]
    if item.has_proposal and item.found != item.exact:
        parts = word_diff(item.exact, item.found)
        lines += [f"    old: {marked(parts, 'old')}", f"    new: {marked(parts, 'new')}"]
    else:
        lines.append(f"    quote: “{_short(item.exact, 400)}”")
    if item.claim_ids:
        lines.append(f"    claims: {', '.join(c[:8] for c in item.claim_ids)}")
    return lines


def cmd_reanchor(args: argparse.Namespace) -> int:
    from workbench.ops import documents as doc_ops
    from workbench.ops import project as project_ops
    from workbench.ops import reanchor as reanchor_ops

    choice = args.accept or args.orphan or args.place
    if args.quote is not None and not args.place:
        raise BadArgument("reanchor: --quote goes with --place PASSAGE.")
    if args.place and args.quote is None:
        raise BadArgument("reanchor: --place PASSAGE needs --quote TEXT (the passage's text in the new version).")
    if choice and args.document:
        raise BadArgument("reanchor: give a DOCUMENT to list its passages, or one of --accept, --orphan, --place.")
    if not args.project.exists():
        raise ProjectError(f"{args.project}: no such project file.")
    project = project_ops.open_project(args.project, read_only=not choice)  # listing works while the app has it
    try:
        if not choice:
            doc_id = doc_ops.resolve_document(project, args.document) if args.document else None
            items = reanchor_ops.flagged(project, doc_id)
        else:
            from workbench.cli import _change

            passage_id = reanchor_ops.resolve_passage(project, choice)
            if args.accept:  # the labels of the window's Passages to Review
                decision, _ = _change(project, "Accept the new text of a passage", reanchor_ops.accept, passage_id)
            elif args.orphan:
                decision, _ = _change(project, "Keep a passage as orphan", reanchor_ops.keep_orphan, passage_id)
            else:
                doc_id, start, end = reanchor_ops.locate(project, passage_id, args.quote, args.occurrence)
                decision, _ = _change(project, "Place a passage in the new version", reanchor_ops.place,
                                      passage_id, start, end, doc_id)
    finally:
        project.close()
    if not choice:
        if args.json:
            print(json.dumps([item_json(i) for i in items], ensure_ascii=False, indent=2))
        elif not items:
            print("nothing to review: no passage waits for review and there are no orphans")
        else:
            review = sum(1 for i in items if not i.orphan)
            print(f"{review} passage(s) to review, {len(items) - review} orphan(s). Choose for each: "
                  f"workbench reanchor {args.project} --accept|--orphan PASSAGE, or --place PASSAGE --quote TEXT")
            for item in items:
                print("\n".join(doc_ops.printable(line) for line in item_lines(item)))
        return 0
    if args.json:
        print(json.dumps({"passage_id": decision.passage_id, "choice": decision.choice,
                          "old_quote": decision.old_quote, "new_quote": decision.new_quote or None,
                          "document_id": decision.document_id, "start": decision.start, "end": decision.end},
                         ensure_ascii=False))
    elif decision.choice == "orphan":
        print(f"orphan     {decision.passage_id[:8]}: kept on the old version {decision.document_id[:8]}")
    else:
        change = (f": quote changed “{_short(decision.old_quote)}” → “{_short(decision.new_quote)}”"
                  if decision.quote_changed else ": the same words")
        print(doc_ops.printable(f"{decision.choice:10} {decision.passage_id[:8]} now on {decision.document_id[:8]} "
                                f"[{decision.start}, {decision.end}){change}"))
    return 0


# ------------------------------------------------------------------------------------- import: re-anchoring


def _marker(path: Path) -> int | None:
    """The documents' high-water mark before an import (None: re-anchoring is skipped)."""
    from workbench.ops import project as project_ops
    from workbench.ops import reanchor as reanchor_ops

    if not path.exists():
        return 0
    try:
        project = project_ops.open_project(path, read_only=True)
    except KnownError:
        return None  # the import itself says what is wrong with the file
    try:
        return reanchor_ops.document_marker(project)
    finally:
        project.close()


def _reanchor_new_versions(path: Path, marker: int) -> list[Any]:
    """Re-anchor the passages of every document that a document imported after ``marker`` is a new version of."""
    from workbench.ops import project as project_ops
    from workbench.ops import reanchor as reanchor_ops

    project = project_ops.open_project(path)
    try:
        plans = []
        for old_id, new_id in reanchor_ops.new_versions_since(project, marker):
            planned = reanchor_ops.plan(project, old_id, new_id)
            if planned.placements:
                from workbench.cli import _change

                plans.append(_change(project, "Move passages to the new version", reanchor_ops.apply, old_id,
                                     new_id, planned)[0])
        return plans
    finally:
        project.close()


_WORDS = {"exact": "moved", "moved": "moved", "review": "to review", "orphan": "orphaned"}


def plan_json(plan: Any) -> dict[str, Any]:
    return {"previous_id": plan.old_id, "previous_title": plan.old_title,
            "moved": plan.count("exact") + plan.count("moved"), "review": plan.count("review"),
            "orphaned": plan.count("orphan"),
            "passages": [{"passage_id": pl.passage.id, "status": _WORDS[pl.status].replace("to ", ""),
                          "reason": pl.reason, "quote": pl.passage.quote.exact,
                          "new_text": pl.found if pl.anchor is not None else None} for pl in plan.placements]}


def plan_lines(plan: Any, project: Path) -> list[str]:
    moved, review, orphaned = plan.count("exact") + plan.count("moved"), plan.count("review"), plan.count("orphan")
    lines = [f"new version {plan.new_id[:8]} “{plan.new_title}” of {plan.old_id[:8]}: {len(plan.placements)} "
             f"passage(s): {moved} moved, {review} to review, {orphaned} orphaned"]
    for pl in plan.placements:
        word = _WORDS[pl.status]
        if pl.status == "review" and pl.found != pl.passage.quote.exact:
            parts = word_diff(pl.passage.quote.exact, pl.found)
            lines.append(f"  {word:9}  {pl.passage.id[:8]}  “{_short(marked(parts, 'old'))}” → "
                         f"“{_short(marked(parts, 'new'))}”")
        else:
            note = " (the same words, found more than once)" if pl.status == "review" else ""
            lines.append(f"  {word:9}  {pl.passage.id[:8]}  “{_short(pl.passage.quote.exact)}”{note}")
    if review or orphaned:
        lines.append(f"  review them: workbench reanchor {project}")
    return lines


def cmd_import_reanchor(original: ImportFn, args: argparse.Namespace) -> int:
    """``import`` as registered in ``cli.py``, then re-anchoring of the new versions it brought in."""
    from workbench.ops import documents as doc_ops

    if args.no_reanchor:
        return original(args)
    marker = _marker(args.project)
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured) if args.json else contextlib.nullcontext():
        status = original(args)
    plans = _reanchor_new_versions(args.project, marker) if marker is not None and args.project.exists() else []
    if args.json:
        text = captured.getvalue()
        try:
            outcomes = json.loads(text)
        except ValueError:  # not the list of outcomes expected: passed on as it is
            print(text, end="")
            return status
        by_new = {p.new_id: p for p in plans}
        for o in outcomes:
            if isinstance(o, dict) and o.get("document_id") in by_new:
                o["reanchor"] = plan_json(by_new[o["document_id"]])
        out = json.dumps(outcomes, ensure_ascii=False, indent=2)
        print(out.encode("utf-8", "backslashreplace").decode("utf-8"))
        return status
    for plan in plans:
        print("\n".join(doc_ops.printable(line) for line in plan_lines(plan, args.project)))
    return status


def _extend_import(sub: Any) -> None:
    parser = sub.choices.get("import")
    if parser is None:
        return
    original: ImportFn = parser.get_default("fn")
    parser.add_argument("--no-reanchor", action="store_true",
                        help="do not move the passages of an earlier version of a document to the new one")
    parser.description = (parser.description or "") + (
        " A file that is a new version of a document in the project (same URL or title, different text) gets "
        "the old version's passages: each is moved (the same words found), left for review (its words changed, "
        "or its place is uncertain: see `workbench reanchor`) or orphaned (not found), one line each; "
        "--no-reanchor leaves them where they are.")
    parser.set_defaults(fn=lambda a: cmd_import_reanchor(original, a))


def add_parsers(sub: Any) -> None:
    s = sub.add_parser(
        "reanchor", help="review passages moved to a new version of their document",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="When a new version of a document is imported, its passages are found again there. A passage "
                    "whose words changed in any way\n(or whose place is uncertain) stays on the old version, "
                    "waiting for review; one not found at all is an orphan.\n\n"
                    "  workbench reanchor PROJECT [DOCUMENT] [--json]      list them (old quote, new text, "
                    "changed words marked)\n"
                    "  workbench reanchor PROJECT --accept PASSAGE         move it to the place proposed; its "
                    "quote becomes the new text\n"
                    "  workbench reanchor PROJECT --place PASSAGE --quote TEXT [--occurrence N]\n"
                    "                                                      put it at TEXT in the newest version\n"
                    "  workbench reanchor PROJECT --orphan PASSAGE         keep it on the old version as an orphan\n\n"
                    "Each choice is recorded in the history of the passage's claims.")
    s.add_argument("project", type=Path)
    s.add_argument("document", nargs="?", metavar="DOCUMENT",
                   help="only this document's passages (id or unique prefix; old or new version)")
    group = s.add_mutually_exclusive_group()
    group.add_argument("--accept", metavar="PASSAGE", help="accept the place proposed (passage id or prefix)")
    group.add_argument("--orphan", metavar="PASSAGE", help="keep the passage as an orphan on the old version")
    group.add_argument("--place", metavar="PASSAGE", help="place the passage at --quote in the newest version")
    s.add_argument("--quote", metavar="TEXT", help="with --place: the exact text in the newest version")
    s.add_argument("--occurrence", type=int, default=1, metavar="N",
                   help="with --place: which occurrence of the quote (default 1)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(fn=cmd_reanchor)
    _extend_import(sub)
