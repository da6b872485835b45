"""Headless commands over the same ops as the GUI: ``workbench COMMAND PROJECT …``.

Every command that changes a project goes through ``_change`` (one place, with the window's undo label).
Every command takes ``--json`` (machine-readable output on stdout; errors stay text on stderr).

Exit status (``EXIT_HELP``): 0 success; 1 partly refused (a file of a batch rejected; ``check``: the project
has problems); 2 bad input (bad argument or option, unknown id, missing or damaged project: nothing changed);
3 an internal error (a bug: traceback on stderr); 141 the reader of the output went away (``| head``), quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench.domain.model import CREDIBILITY, RELIABILITY, EvidenceView, Source, Stance
from workbench.errors import BadArgument, KnownError, ProjectError

COMMANDS = ("import", "list", "claim", "evidence", "verdict", "source", "history", "check", "screenshot",
            "export", "settings", "search", "alias", "suggest", "resegment", "reanchor", "document", "segment",
            "scale", "backup", "new", "undo", "redo", "log", "correction", "publish", "serve", "annotations",
            "profile", "desk", "merge", "conflicts", "resolve", "exchange")

EXIT_OK, EXIT_PARTLY, EXIT_BAD_INPUT, EXIT_BUG, EXIT_PIPE = 0, 1, 2, 3, 141
EXIT_HELP = """exit status:
  0    success
  1    partly refused: some files of a batch were rejected (the others were imported); check: problems found
  2    bad input: a bad argument or option, an unknown id, a bad grade or range, a missing or damaged
       project; the message on stderr names the thing and the reason, and nothing was changed
  3    internal error (a bug): the traceback is on stderr
  141  the output was cut off (e.g. `workbench list P documents | head -1`): quietly, like other Unix tools

Every command takes --json: machine-readable output on stdout (errors stay text on stderr).
Every command that changes a project is one undoable step, named like the window's Edit ▸ Undo entry.
`workbench [PROJECT] [--demo]` (no COMMAND) opens the desktop application."""


def _change(project: Any, label: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run the op ``fn(project, *args, **kwargs)`` that changes the project, as one step named ``label``.

    Every command that changes a project calls this, with the undo label the window uses for the same action
    (Edit ▸ Undo "label"), so that the command line's changes are undoable like the window's; "" for a change
    that is no undo step of its own in the window either (the sources' aliases becoming entities). Returns
    ``fn``'s result.

    The step is recorded in the project's operation log (``workbench undo``/``redo``/``log``, and Edit ▸ Undo in
    the window): every transaction the op commits belongs to it. Imports are not undoable (as in the window:
    documents are never deleted), and re-segmenting records each document as its own step, as the window does.
    """
    from workbench.core.workspace import CLI

    if not label or label in NOT_ONE_STEP:
        return fn(project, *args, **kwargs)
    with project.logged(label, CLI):
        return fn(project, *args, **kwargs)


# labels of commands that are not one undoable step (see ``_change``)
NOT_ONE_STEP = frozenset({"Import files", "Import bundle", "Re-segment documents"})


def _open(path: Path, create: bool = False, read_only: bool = False):  # type: ignore[no-untyped-def]
    """Open a project; ``read_only`` for commands that only read (they work while the app has it open)."""
    from workbench.ops import project as project_ops

    if create:
        return project_ops.open_or_create(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such project file.")
    return project_ops.open_project(path, read_only=read_only)


def cmd_import(args: argparse.Namespace) -> int:
    from workbench import logfile
    from workbench.ops import documents as doc_ops

    logfile.install()  # an importer's internal error leaves its traceback there
    project = _open(args.project, create=True)
    try:
        from workbench.ops.bundle import import_bundles

        bundles, paths = _change(project, "Import bundle", import_bundles, args.paths)  # bundles (.json) merged in
        outcomes: list[Any] = [*bundles,
                               *(_change(project, "Import files", doc_ops.import_files, paths)[0] if paths else [])]
    finally:
        project.close()
    if args.json:  # undecodable bytes in a file name (lone surrogates) are written as \udcXX escapes
        text = json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=2)
        print(text.encode("utf-8", "backslashreplace").decode("utf-8"))
    else:
        for o in outcomes:  # one line per file: a name with a newline or control characters is shown escaped
            print(doc_ops.printable(o.line()))
    if not outcomes:
        print("no files to import", file=sys.stderr)
        return 1
    return 1 if any(o.status is doc_ops.ImportStatus.REJECTED for o in outcomes) else 0


def cmd_list(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops

    if args.claim is not None and args.what != "evidence":
        raise BadArgument(f"list {args.what}: --claim applies to “list evidence” only.")
    if args.mine and args.what != "claims":
        raise BadArgument(f"list {args.what}: --mine applies to “list claims” only.")
    project = _open(args.project, read_only=True)
    try:
        if args.what == "documents":
            docs = doc_ops.list_documents(project)
            rows: list[dict[str, Any]] = [
                {"id": d.id, **asdict(d.metadata), "filename": d.filename, "media_type": d.media_type,
                 "encoding": d.encoding, "sha256": d.sha256, "size": d.size, "imported_at": d.imported_at,
                 "derived": list(d.derived), "extraction": d.extraction}
                for d in docs]
            text_rows = [_document_line(d) for d in docs]
        elif args.what == "claims":
            claims = claim_ops.list_claims(project)
            if args.mine:  # assigned to the current profile's name
                from workbench.ops import desk

                claims = [r for r in claims if desk.mine(r.claim.assignee)]
            rows = [{"id": r.claim.id, "text": r.claim.text, "claimant": r.claimant,
                     "claim_date": r.claim.claim_date, "status": r.claim.status.value,
                     "rating": r.claim.rating, "appearances": r.appearances, "supports": r.supports,
                     "refutes": r.refutes, "context": r.context, "documents": list(r.document_ids),
                     "tags": list(r.tags), "assignee": r.claim.assignee}
                    for r in claims]
            text_rows = [f"{r.claim.id}  [{r.claim.status.value}] +{r.supports} −{r.refutes} ctx{r.context}  "
                         f"{r.claim.text}" + (f"  — {r.claimant}" if r.claimant else "") for r in claims]
        elif args.what == "sources":
            rows, text_rows = _list_sources(project)
        elif args.what == "entities":
            from workbench import cli_search

            rows, text_rows = cli_search.list_entities(project)
        else:
            rows, text_rows = _list_evidence(project, args.claim)
    finally:
        project.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print("\n".join(text_rows) if text_rows else f"(no {args.what})")
    return 0


def _document_line(d: Any) -> str:
    """One document for `list documents`: id, date, title, (publisher), then in brackets the language
    (", RTL" when written right to left), "title derived" and the extraction fallback when there are."""
    m = d.metadata
    notes = [(m.language or "language unknown") + (", RTL" if m.direction == "rtl" else "")]
    if "title" in d.derived:
        notes.append("title derived")
    if d.extraction:
        notes.append(f"text by {d.extraction}")
    return (f"{d.id}  {m.published or '----------':10}  {m.title}"
            f"{'  (' + m.publisher + ')' if m.publisher else ''}  [{'; '.join(notes)}]")


def _source_row(src: Source, usage: dict[str, int]) -> dict[str, Any]:
    return {"id": src.id, "name": src.name, "aliases": list(src.aliases), "kind": src.kind,
            "affiliation": src.affiliation, "reliability": src.reliability,
            "reliability_label": RELIABILITY.get(src.reliability, ""), "notes": src.notes,
            "job_title": src.job_title, "same_as": list(src.same_as), "image": src.image, "usage": usage}


def add_identity_options(a: argparse.ArgumentParser) -> None:
    """A source's public identity, as ClaimReview carries it (``source add`` and ``source set``)."""
    a.add_argument("--job-title", metavar="TEXT", help="a person's role, e.g. “Health Minister” (ClaimReview jobTitle)")
    a.add_argument("--same-as", action="append", metavar="URL",
                   help="a web address that identifies the source (Wikidata, Wikipedia, official site; repeat)")
    a.add_argument("--image", metavar="URL", help="the web address of a picture of the source")


def _list_sources(project: Any) -> tuple[list[dict[str, Any]], list[str]]:
    from workbench.ops import sources as src_ops

    rows, text_rows = [], []
    for src in src_ops.list_sources(project):
        usage = src_ops.source_usage(project, src.id)
        rows.append(_source_row(src, usage))
        extra = [f"aka {', '.join(src.aliases)}"] if src.aliases else []
        extra += [x for x in (src.kind, src.affiliation) if x]
        text_rows.append(f"{src.id}  {src.reliability or '-'}  {src.name}"
                         + (f" ({'; '.join(extra)})" if extra else "")
                         + f"  · claimant {usage['claimant']}, relayed {usage['attribution']}, "
                           f"evidence {usage['evidence']}")
    return rows, text_rows


def _evidence_row(view: EvidenceView) -> dict[str, Any]:
    ev, passage, file = view.evidence, view.passage, view.file
    return {
        "id": ev.id, "claim_id": ev.claim_id, "kind": ev.kind.value, "stance": ev.stance.value,
        "credibility": ev.credibility, "credibility_label": CREDIBILITY.get(ev.credibility or 0, ""),
        "source": view.source.name if view.source else None, "source_id": ev.source_id,
        "quote": passage.quote.exact if passage else None, "document_id": passage.document_id if passage else None,
        "document_title": view.document_title if passage else None, "start": passage.start if passage else None,
        "end": passage.end if passage else None, "url": ev.url, "accessed": ev.accessed,
        "archived_document_id": ev.archived_document_id, "title": ev.title, "note": ev.note,
        "file": {"filename": file.filename, "media_type": file.media_type, "sha256": file.sha256,
                 "size": file.size} if file else None,
        "created_at": ev.created_at,
    }


def _evidence_line(view: EvidenceView) -> str:
    ev = view.evidence
    label = view.label.replace("\n", " ")
    if ev.url and ev.title:
        label += f" <{ev.url}>"
    return (f"{ev.id}  {ev.claim_id[:8]}  {ev.kind.value:7}  {ev.stance.value:8}  cred {ev.credibility or '-'}  "
            f"{label}" + (f"  — {view.source.name}" if view.source else ""))


def _list_evidence(project: Any, claim: str | None) -> tuple[list[dict[str, Any]], list[str]]:
    from workbench.ops import claims as claim_ops
    from workbench.ops import evidence as ev_ops

    claim_ids = ([claim_ops.resolve_claim(project, claim)] if claim is not None
                 else [r.claim.id for r in claim_ops.list_claims(project)])
    views = [v for claim_id in claim_ids for v in ev_ops.evidence_views(project, claim_id)]
    return [_evidence_row(v) for v in views], [_evidence_line(v) for v in views]


def cmd_claim(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops

    project = _open(args.project)
    try:
        doc_id = doc_ops.resolve_document(project, args.document)
        start, end = claim_ops.locate_quote(project, doc_id, args.quote, args.occurrence)
        claim_id = _change(project, "New claim", _new_claim, doc_id, start, end, args)
    finally:
        project.close()
    print(json.dumps({"id": claim_id, "start": start, "end": end}) if args.json else claim_id)
    return 0


def _new_claim(project: Any, doc_id: str, start: int, end: int, args: argparse.Namespace) -> str:
    """One transaction: the claim, its attribution chain and tags, or nothing."""
    from workbench.ops import claims as claim_ops
    from workbench.ops import verdicts

    with project.write():
        claim_id, _ = claim_ops.create_claim_from_passage(
            project, doc_id, start, end, text=args.text, claimant=args.claimant, claim_date=args.date or "")
        if args.attribution:
            verdicts.set_attribution(project, claim_id, args.attribution)
        if args.tag:
            verdicts.set_tags(project, claim_id, args.tag)
    return str(claim_id)


_EVIDENCE_KINDS = {"document": "--document", "url": "--url", "file": "--file", "note": "--note"}
_KIND_OPTIONS = {"quote": ("--quote", {"document"}), "occurrence": ("--occurrence", {"document"}),
                 "title": ("--title", {"url", "file", "note"}), "accessed": ("--accessed", {"url"}),
                 "archive": ("--archive", {"url"})}


def _evidence_kind(args: argparse.Namespace) -> str:
    """The one kind of evidence the arguments give, or BadArgument."""
    given = [k for k in _EVIDENCE_KINDS if getattr(args, k) is not None]
    if len(given) != 1:
        what = f" (you gave {' and '.join(_EVIDENCE_KINDS[k] for k in given)})" if given else ""
        raise BadArgument("evidence add: give exactly one kind of evidence — --document ID --quote TEXT, "
                          f"--url URL, --file PATH or --note TEXT{what}.")
    kind = given[0]
    for attr, (flag, kinds) in _KIND_OPTIONS.items():
        if getattr(args, attr) is not None and kind not in kinds:
            raise BadArgument(f"evidence add: {flag} does not go with {_EVIDENCE_KINDS[kind]}.")
    if kind == "document" and args.quote is None:
        raise BadArgument("evidence add: --document needs --quote TEXT (the exact text in the document).")
    return kind


def _credibility(value: str | None) -> int | None:
    from workbench.ops import evidence as ev_ops

    if value is None or not value.strip():
        return None
    try:
        grade = int(value)
    except ValueError as exc:
        raise BadArgument(f"--credibility: “{value}” is not a grade: use 1 (confirmed by other sources) to "
                          "6 (truth cannot be judged).") from exc
    return ev_ops.check_credibility(grade)


def cmd_evidence(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops
    from workbench.ops import evidence as ev_ops

    kind = _evidence_kind(args)
    credibility = _credibility(args.credibility)
    stance = Stance(args.stance)
    project = _open(args.project)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        if kind == "document":
            doc_id = doc_ops.resolve_document(project, args.document)
            start, end = claim_ops.locate_quote(project, doc_id, args.quote, args.occurrence or 1)
            ev_id, _ = _change(project, "Add evidence", claim_ops.add_passage_evidence, claim_id, doc_id, start,
                               end, stance, credibility=credibility, source=args.source)
        elif kind == "url":
            ev_id, _ = _change(project, "Add evidence", ev_ops.add_url_evidence, claim_id, args.url, stance,
                               title=args.title or "", accessed=args.accessed or "", credibility=credibility,
                               source=args.source, archive=args.archive)
        elif kind == "file":
            ev_id, _ = _change(project, "Add evidence", ev_ops.add_file_evidence, claim_id, args.file, stance,
                               title=args.title or "", credibility=credibility, source=args.source)
        else:
            ev_id, _ = _change(project, "Add evidence", ev_ops.add_note_evidence, claim_id, args.note, stance,
                               title=args.title or "", credibility=credibility, source=args.source)
        view = next(v for v in ev_ops.evidence_views(project, claim_id) if v.evidence.id == ev_id)
    finally:
        project.close()
    print(json.dumps(_evidence_row(view), ensure_ascii=False) if args.json else ev_id)
    return 0


def cmd_verdict(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import verdicts

    if all(getattr(args, k) is None for k in ("rating", "rationale", "summary", "status")):
        raise BadArgument("verdict: give at least one of --rating, --rationale, --summary or --status.")
    project = _open(args.project)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        fields = {k: getattr(args, k) for k in ("rating", "rationale", "summary", "status")
                  if getattr(args, k) is not None}
        label = "Edit rationale" if set(fields) == {"rationale"} else "Change verdict"  # as the claim editor
        _change(project, label, verdicts.set_verdict, claim_id, **fields)
        claim = claim_ops.get_claim(project, claim_id)
    finally:
        project.close()
    if args.json:
        print(json.dumps({"id": claim.id, "rating": claim.rating, "status": claim.status.value,
                          "summary": claim.summary, "rationale": claim.rationale}, ensure_ascii=False))
    else:
        print(f"{claim.id}  [{claim.status.value}] {claim.rating or '(no rating)'}"
              + (f" — {claim.summary}" if claim.summary else ""))
    return 0


def cmd_source(args: argparse.Namespace) -> int:
    from workbench.ops import sources as src_ops

    project = _open(args.project)
    try:
        source_id, _ = _change(project, "Add source", src_ops.create_source, args.name, kind=args.kind or "",
                               affiliation=args.affiliation or "", reliability=args.reliability or "",
                               notes=args.notes or "", aliases=args.alias or [], same_as=args.same_as or [],
                               job_title=args.job_title or "", image=args.image or "")
        row = _source_row(src_ops.get_source(project, source_id), src_ops.source_usage(project, source_id))
    finally:
        project.close()
    print(json.dumps(row, ensure_ascii=False) if args.json else source_id)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from workbench.domain.reasoning import describe
    from workbench.ops import claims as claim_ops

    project = _open(args.project, read_only=True)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        entries = claim_ops.claim_history(project, claim_id)
    finally:
        project.close()
    if args.json:
        print(json.dumps([{"at": e.at, "who": e.who, "entity": e.entity, "entity_id": e.entity_id,
                           "action": e.action, "sentences": describe(e), "before": e.before, "after": e.after,
                           "step": e.step, "undone": e.undone}
                          for e in entries], ensure_ascii=False, indent=2))
    else:
        lines = [f"{e.at.replace('T', ' ')}  {e.who}  {sentence}{'  (undone)' if e.undone else ''}"
                 for e in entries for sentence in describe(e)]
        print("\n".join(lines) if lines else "(no history)")
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
    if not args.json:
        for note in report.notes:  # orphaned, to-review and unused passages: not damage, but worth knowing
            print(f"  note: {note}")
    return 0 if report.ok else 1


def cmd_screenshot(args: argparse.Namespace) -> int:
    from workbench.ui.screenshot import render_screenshot

    if not args.demo and args.project is None:
        raise KnownError("screenshot: give a PROJECT or --demo.")
    size = tuple(int(x) for x in args.size.lower().split("x"))
    path = render_screenshot(args.project, args.out, demo=args.demo, document=args.document, tab=args.tab,
                             claim=args.claim, size=(size[0], size[1]))
    print(json.dumps({"path": str(path)}) if args.json else path)
    return 0


def _stance(value: str) -> str:
    try:
        return Stance(value).value
    except ValueError as exc:
        raise argparse.ArgumentTypeError("use supports, refutes or context") from exc


class _TopHelp(argparse.RawDescriptionHelpFormatter):
    """The top-level help: one line per command (argparse measures the commands' names 2 columns too short)."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            self._action_max_length = min(self._action_max_length + 2, self._max_help_position)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="workbench", epilog=EXIT_HELP,
        formatter_class=_TopHelp,
        description="Fact-Check Workbench command line: workbench COMMAND PROJECT … (workbench COMMAND --help "
                    "for each).")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")

    s = sub.add_parser("import", help="import files or folders (creates the project if missing)",
                       description="Import articles into a project. One line per file: imported, duplicate, "
                                   "or rejected with the reason. Exit status 1 if any file was rejected.")
    s.add_argument("project", type=Path)
    s.add_argument("paths", type=Path, nargs="+")
    s.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    s.set_defaults(fn=cmd_import)

    s = sub.add_parser("list", help="list documents, claims, sources, evidence or entities",
                       description="List the project's documents, claims, sources (with aliases, affiliation, "
                                   "reliability and how often each is used) or evidence (every piece, with its "
                                   "claim, kind, stance, credibility, source and quote, title, URL or note).")
    s.add_argument("project", type=Path)
    s.add_argument("what", choices=["documents", "claims", "sources", "evidence", "entities"])
    s.add_argument("--claim", metavar="ID", help="list evidence: only this claim's (id or a unique prefix)")
    s.add_argument("--mine", action="store_true", help="list claims: only those assigned to you (your profile)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_list)

    s = sub.add_parser("claim", help="claims: add, show, set, appearance, unlink, delete, assign",
                       description="Work with claims.")
    csub = s.add_subparsers(dest="action", required=True)
    a = csub.add_parser("add", help="make a claim from a quote in a document",
                        description="Make a claim from a quote in a document; prints the new claim's id.")
    a.add_argument("project", type=Path)
    a.add_argument("--document", required=True, help="document id (or a unique prefix of it)")
    a.add_argument("--quote", required=True, help="the exact text in the document")
    a.add_argument("--occurrence", type=int, default=1, help="which occurrence of the quote (default 1)")
    a.add_argument("--text", help="the claim's text (default: the quote)")
    a.add_argument("--claimant", help="who made the claim (a source; created if new)")
    a.add_argument("--date", help="claim date YYYY-MM-DD (default: the document's date)")
    a.add_argument("--attribution", action="append", metavar="NAME",
                   help="a source the claim came through, nearest first (repeat for a chain; created if new)")
    a.add_argument("--tag", action="append", metavar="TAG", help="a tag (repeat, or separate with commas)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_claim)

    s = sub.add_parser("evidence", help="evidence: add, set, grade, remove", description="Work with evidence.")
    esub = s.add_subparsers(dest="action", required=True)
    a = esub.add_parser(
        "add", help="link evidence to a claim: a quote in a document, a URL, a file or a note",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Link one piece of evidence to a claim, with a stance; prints its id. Give exactly one of:\n"
                    "  --document ID --quote TEXT [--occurrence N]   a passage of a document in the project\n"
                    "  --url URL [--title T] [--accessed YYYY-MM-DD] [--archive PATH]\n"
                    "                                                a web address (never fetched); --archive\n"
                    "                                                imports a saved copy as a document\n"
                    "  --file PATH [--title T]                       a file stored in the project (image, PDF…)\n"
                    "  --note TEXT [--title T]                       a note (a phone call, a geolocation…)")
    a.add_argument("project", type=Path)
    a.add_argument("--claim", required=True, metavar="ID", help="claim id (or a unique prefix)")
    kinds = a.add_argument_group("the evidence (exactly one kind)")
    kinds.add_argument("--document", metavar="ID", help="document id (or a unique prefix), with --quote")
    kinds.add_argument("--quote", metavar="TEXT", help="the exact text in the document")
    kinds.add_argument("--occurrence", type=int, metavar="N", help="which occurrence of the quote (default 1)")
    kinds.add_argument("--url", help="a web address (http:// or https://)")
    kinds.add_argument("--accessed", metavar="YYYY-MM-DD", help="when the URL was accessed (default: today)")
    kinds.add_argument("--archive", type=Path, metavar="PATH", help="a saved copy of the page, imported")
    kinds.add_argument("--file", type=Path, metavar="PATH", help="a file to store as evidence")
    kinds.add_argument("--note", metavar="TEXT", help="a note as evidence")
    kinds.add_argument("--title", metavar="T", help="a title for a URL, file or note")
    a.add_argument("--stance", required=True, type=_stance, metavar="supports|refutes|context",
                   help="how the evidence bears on the claim (context: adds context)")
    a.add_argument("--credibility", metavar="1-6",
                   help="information credibility: " + "; ".join(f"{k} {v.lower()}" for k, v in CREDIBILITY.items()))
    a.add_argument("--source", metavar="NAME", help="where the evidence comes from (a source; created if new)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_evidence)

    s = sub.add_parser("verdict", help="rate a claim: rating, rationale, summary, status",
                       description="Record a claim's verdict; only the options given change. A rating must be a "
                                   "label of the project's rating scale (\"\" clears it).")
    s.add_argument("project", type=Path)
    s.add_argument("--claim", required=True, metavar="ID", help="claim id (or a unique prefix)")
    s.add_argument("--rating", metavar="LABEL", help="a label of the rating scale, e.g. False or \"Mostly true\"")
    s.add_argument("--rationale", metavar="TEXT", help="why (Markdown)")
    s.add_argument("--summary", metavar="TEXT", help="a one-line summary of the verdict")
    s.add_argument("--status", metavar="draft|review|final", help="workflow status")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_verdict)

    s = sub.add_parser("source", help="sources: add, show, set, grade, delete, prune, merge",
                       description="Work with the sources registry.")
    ssub = s.add_subparsers(dest="action", required=True)
    a = ssub.add_parser("add", help="add a source (outlet, agency, official, local sources, person…)",
                        description="Add a source to the registry; prints the new source's id. Its name and "
                                    "aliases must not name another source.")
    a.add_argument("project", type=Path)
    a.add_argument("name")
    a.add_argument("--reliability", metavar="A-F",
                   help="source reliability: " + "; ".join(f"{k} {v.lower()}" for k, v in RELIABILITY.items()))
    a.add_argument("--affiliation", metavar="TEXT", help="e.g. pro-government, pro-opposition, ISIS-linked")
    a.add_argument("--kind", metavar="TEXT", help="outlet, agency, official, local sources, person…")
    a.add_argument("--alias", action="append", metavar="TEXT", help="another name or spelling (repeat)")
    a.add_argument("--notes", metavar="TEXT", help="private notes (never published)")
    add_identity_options(a)
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_source)
    from workbench import cli_sources

    cli_sources.add_parsers(ssub)  # source prune

    s = sub.add_parser("history", help="a claim's history, as a readable timeline",
                       description="Show every recorded change of a claim: when, who, and what "
                                   "(e.g. “rating changed from Unproven to False”).")
    s.add_argument("project", type=Path)
    s.add_argument("--claim", required=True, metavar="ID", help="claim id (or a unique prefix)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_history)

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
    s.add_argument("--tab", choices=["claim", "evidence", "verdict", "history"], default="claim",
                   help="which tab of the claim editor to show (default claim)")
    s.add_argument("--size", default="1440x880", help="window size WxH (default 1440x880)")
    s.add_argument("--json", action="store_true", help="print {\"path\": …}")
    s.set_defaults(fn=cmd_screenshot)

    from workbench.cli_export import add_parsers

    add_parsers(sub)  # export, settings

    from workbench import cli_search

    cli_search.add_parsers(sub)  # search, alias add, suggest claims|evidence

    from workbench import cli_resegment

    cli_resegment.add_parsers(sub)  # resegment

    from workbench import cli_reanchor

    cli_reanchor.add_parsers(sub)  # reanchor; re-anchoring of new versions after import (--no-reanchor)

    from workbench import cli_undo

    cli_undo.add_parsers(sub)  # undo, redo, log: the project's operation log

    from workbench.cli_backup import add_parsers as add_backup
    from workbench.cli_documents import add_parsers as add_documents
    from workbench.cli_edit import add_parsers as add_edits
    from workbench.cli_entities import add_parsers as add_entities

    add_documents(sub)  # document show|set, segment list|mark
    add_edits(sub)  # claim show|set|appearance|unlink|delete, evidence set|grade|remove, source set|grade|delete, scale
    add_backup(sub)  # new, backup list|make|copy|restore
    add_entities(sub)  # alias remove|rename|kind|delete|suggest|reject
    from workbench.cli_publish import add_parsers as add_publish

    add_publish(sub)  # publish, serve: the published archive (Datasette)
    from workbench import cli_corrections

    cli_corrections.add_parsers(sub)  # correction add|list|set|remove
    from workbench import cli_annotations

    cli_annotations.add_parsers(sub)  # annotations import (Hypothesis, W3C)
    from workbench import cli_desk

    cli_desk.add_parsers(sub)  # profile, desk show|set, claim assign
    from workbench import cli_merge

    cli_merge.add_parsers(sub)  # merge, conflicts, resolve, exchange, source merge
    return p


def commands_help() -> str:
    """The commands (one line each) and the exit status, as the top-level help prints them: for the window's
    ``workbench --help`` (``app.gui_main``) to end with, so that it names every command too."""
    text = build_parser().format_help()
    return text[text.index("commands:"):].rstrip()


def subcommands(parser: argparse.ArgumentParser | None = None) -> dict[str, argparse.ArgumentParser]:
    """Every command of the parser by its words ("list", "claim add"…): the leaves, that run something."""
    out: dict[str, argparse.ArgumentParser] = {}

    def walk(p: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        actions = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions:
            out[" ".join(words)] = p
        for action in actions:
            for name, child in action.choices.items():
                walk(child, (*words, name))

    walk(parser or build_parser(), ())
    return out


def _quiet_stdout() -> None:
    """The reader of stdout went away: send what is left (and the final flush) nowhere, without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor (tests capture it)
        pass


def _stdout_closed() -> bool:
    """Whether stdout is a pipe whose reader went away (poll reports an error on it); True when it cannot tell."""
    try:
        import select

        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _fd, events in poller.poll(0))
    except (AttributeError, ValueError, OSError):  # no poll (Windows), no descriptor (tests capture stdout)
        return True


def quiet_pipe(run: Callable[[], int]) -> int:
    """Run ``run`` and flush stdout, so that output to a closed pipe (``| head``) ends quietly with ``EXIT_PIPE``
    instead of a traceback. A ``SystemExit`` (argparse's --help and usage errors) passes on once its output is
    flushed. ``app.main`` can wrap the window's own argument parsing (``workbench --help``) in it too."""
    try:
        try:
            status = run()
        except SystemExit:
            sys.stdout.flush()  # the help text may still be in the buffer
            raise
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE


def main(argv: list[str]) -> int:
    """Run one command; the exit status follows ``EXIT_HELP`` (argparse's own exits: 0 for --help, 2 for usage)."""
    return quiet_pipe(lambda: _run(argv))


def _run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)  # --help and usage errors raise SystemExit (0 and 2)
    fn: Callable[[argparse.Namespace], int] = args.fn
    try:
        return fn(args)
    except BrokenPipeError:
        if _stdout_closed():
            raise  # the reader went away: quiet_pipe ends quietly
        print("internal error (a bug; please report it with this text):", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return EXIT_BUG  # another pipe broke (not stdout): that is no reason to be quiet
    except KnownError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception:  # a bug: say so, with the traceback, and keep 1 and 2 for their meanings
        print("internal error (a bug; please report it with this text):", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return EXIT_BUG
