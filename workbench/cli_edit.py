"""Editing on the command line what the window edits: claims (the claim editor), evidence and its credibility (the
evidence dialog), sources and their reliability (the Sources dialog) and the rating scale (Rating Scale…).

    workbench claim show PROJECT CLAIM                   the claim, its appearances and evidence (with link ids)
    workbench claim set PROJECT CLAIM [--text T] [--claimant NAME | --rename-claimant NAME [--keep-alias]]
                                      [--date D] [--attribution NAME]... [--tag TAG]...
    workbench claim appearance PROJECT CLAIM --document ID --quote TEXT [--occurrence N]
    workbench claim unlink PROJECT LINK                  remove an appearance or a piece of evidence
    workbench claim delete PROJECT CLAIM
    workbench evidence set PROJECT EVIDENCE [--stance S] [--credibility 1-6] [--source NAME] [--title T] …
    workbench evidence grade PROJECT EVIDENCE 1-6        information credibility ("" or none: ungraded)
    workbench evidence remove PROJECT EVIDENCE
    workbench source show PROJECT SOURCE                 a source and its track record
    workbench source set PROJECT SOURCE [--name N] [--reliability A-F] [--kind K] [--affiliation A] …
    workbench source grade PROJECT SOURCE A-F            source reliability ("" or none: ungraded)
    workbench source delete PROJECT SOURCE
    workbench scale PROJECT [--load FILE.json] [--rename OLD=NEW]...

Each change is one undoable step with the window's name for it ("Edit claim text", "Edit evidence", "Edit source",
"Edit rating scale"…); a ``claim set`` of several fields is one step, "Edit claim".
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench.cli import _change, _credibility, _evidence_row, _open, _source_row, _stance, add_identity_options
from workbench.domain.model import CREDIBILITY, RELIABILITY, PassageRole, Rating
from workbench.errors import BadArgument

_NONE = ("", "none", "-")


# ------------------------------------------------------------------------------------------------- claims


def _claim_json(project: Any, claim_id: str) -> dict[str, Any]:
    from workbench.cli_corrections import correction_row
    from workbench.ops import claims as claim_ops
    from workbench.ops import corrections, verdicts
    from workbench.ops import evidence as ev_ops

    claim = claim_ops.get_claim(project, claim_id)
    return {
        "id": claim.id, "text": claim.text, "claimant": claim_ops.claimant_name(project, claim),
        "claim_date": claim.claim_date, "status": claim.status.value, "rating": claim.rating,
        "published_at": claim.published_at, "assignee": claim.assignee, "submitted_by": claim.submitted_by,
        "submitted_at": claim.submitted_at, "reviewed_by": claim.reviewed_by, "reviewed_at": claim.reviewed_at,
        "corrections": [correction_row(c) for c in corrections.corrections(project, claim_id)],
        "summary": claim.summary, "rationale": claim.rationale,
        "attribution": verdicts.attribution(project, claim_id), "tags": list(verdicts.tags(project, claim_id)),
        "appearances": [{"id": link.link_id, "document_id": link.passage.document_id,
                         "document_title": link.document_title, "start": link.passage.start,
                         "end": link.passage.end, "quote": link.passage.quote.exact}
                        for link in claim_ops.claim_links(project, claim_id) if link.role is PassageRole.APPEARANCE],
        "evidence": [_evidence_row(v) for v in ev_ops.evidence_views(project, claim_id)],
    }


def _claim_lines(row: dict[str, Any]) -> list[str]:
    lines = [f"id: {row['id']}", f"text: {row['text']}", f"claimant: {row['claimant'] or '(none)'}",
             f"attribution: {' › '.join(row['attribution']) or '(none)'}", f"date: {row['claim_date'] or '(none)'}",
             f"tags: {', '.join(row['tags']) or '(none)'}",
             f"verdict: [{row['status']}] {row['rating'] or '(no rating)'}"
             + (f"  published {row['published_at'][:10]}" if row["published_at"] else "")]
    desk = [f"assigned to {row['assignee']}"] if row["assignee"] else []  # issue 14: the desk's record
    desk += [f"sent to review by {row['submitted_by']} {row['submitted_at'][:10]}"] if row["submitted_by"] else []
    desk += [f"reviewed by {row['reviewed_by']} {row['reviewed_at'][:10]}"] if row["reviewed_by"] else []
    lines += [f"desk: {' · '.join(desk)}"] if desk else []
    lines += [f"correction {c['id']}  {c['date']}  {c['change'] + ' ' if c['change'] else ''}{c['text']}"
              for c in row["corrections"]]
    lines += [f"appearance {a['id']}  {a['document_id'][:8]} {a['start']}-{a['end']}  “{a['quote']}”"
              for a in row["appearances"]]
    lines += [f"evidence   {e['id']}  {e['stance']:8}  cred {e['credibility'] or '-'}  "
              f"{e['quote'] or e['title'] or e['url'] or e['note'] or ''}" for e in row["evidence"]]
    return lines


def _print_claim(project: Any, claim_id: str, as_json: bool) -> None:
    from workbench.ops import documents as doc_ops

    row = _claim_json(project, claim_id)
    if as_json:
        print(json.dumps(row, ensure_ascii=False, indent=2))
    else:
        print("\n".join(doc_ops.printable(line) for line in _claim_lines(row)))


def cmd_claim_show(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops

    project = _open(args.project, read_only=True)
    try:
        _print_claim(project, claim_ops.resolve_claim(project, args.claim), args.json)
    finally:
        project.close()
    return 0


Step = tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any]]


def _run_steps(project: Any, steps: list[Step]) -> None:
    """Several edits of one claim in one transaction (one undoable step)."""
    with project.write():
        for _label, fn, args, kwargs in steps:
            fn(project, *args, **kwargs)


def _claim_steps(project: Any, claim_id: str, args: argparse.Namespace) -> list[Step]:
    """The claim editor's edits that the options ask for, each with the editor's undo label."""
    from workbench.ops import claims as claim_ops
    from workbench.ops import verdicts

    steps: list[Step] = []
    if args.text is not None:
        steps.append(("Edit claim text", claim_ops.update_claim, (claim_id,), {"text": args.text}))
    if args.claimant is not None:
        change = claim_ops.claimant_change(project, claim_id, args.claimant)
        if change.needs_choice:  # the editor asks; here the option says: give this claim that source
            steps.append(("Change claimant", claim_ops.set_claimant, (claim_id, args.claimant),
                          {"remove_unused": args.remove_unused}))
        else:
            steps.append(("Edit claimant", claim_ops.update_claim, (claim_id,), {"claimant": args.claimant}))
    if args.rename_claimant is not None:
        steps.append(("Rename source", claim_ops.rename_claimant, (claim_id, args.rename_claimant),
                      {"keep_alias": args.keep_alias}))
    if args.attribution is not None:
        steps.append(("Edit attribution", verdicts.set_attribution, (claim_id, [n for n in args.attribution if n]),
                      {}))
    if args.date is not None:
        from workbench.ops.evidence import check_date

        check_date(args.date, "claim date")  # a day that exists (the claim editor's check takes 2017-13-40)
        steps.append(("Edit claim date", claim_ops.update_claim, (claim_id,), {"claim_date": args.date}))
    if args.tag is not None:
        steps.append(("Edit tags", verdicts.set_tags, (claim_id, [t for t in args.tag if t.strip()]), {}))
    return steps


def cmd_claim_set(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops

    if args.claimant is not None and args.rename_claimant is not None:
        raise BadArgument("claim set: give --claimant (this claim gets that source) or --rename-claimant (its "
                          "source is renamed everywhere), not both.")
    if args.keep_alias and args.rename_claimant is None:
        raise BadArgument("claim set: --keep-alias goes with --rename-claimant.")
    if args.remove_unused and args.claimant is None:
        raise BadArgument("claim set: --remove-unused goes with --claimant.")
    project = _open(args.project)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        steps = _claim_steps(project, claim_id, args)
        if not steps:
            raise BadArgument("claim set: give at least one of --text, --claimant, --rename-claimant, "
                              "--attribution, --date or --tag.")
        if len(steps) == 1:
            label, fn, fargs, kwargs = steps[0]
            _change(project, label, fn, *fargs, **kwargs)
        else:
            _change(project, "Edit claim", _run_steps, steps)
        _print_claim(project, claim_id, args.json)
    finally:
        project.close()
    return 0


def cmd_claim_appearance(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops

    project = _open(args.project)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        doc_id = doc_ops.resolve_document(project, args.document)
        start, end = claim_ops.locate_quote(project, doc_id, args.quote, args.occurrence)
        link_id, _ = _change(project, "Add appearance", claim_ops.add_appearance, claim_id, doc_id, start, end)
    finally:
        project.close()
    print(json.dumps({"id": link_id, "claim_id": claim_id, "document_id": doc_id, "start": start, "end": end})
          if args.json else link_id)
    return 0


def _remove(args: argparse.Namespace, role: PassageRole | None, label: str) -> int:
    from workbench.ops import claims as claim_ops

    project = _open(args.project)
    try:
        link_id = claim_ops.resolve_link(project, args.link, role)
        _change(project, label, claim_ops.remove_link, link_id)
    finally:
        project.close()
    print(json.dumps({"removed": link_id}) if args.json else f"removed {link_id}")
    return 0


def cmd_claim_unlink(args: argparse.Namespace) -> int:
    return _remove(args, None, "Remove link")


def cmd_claim_delete(args: argparse.Namespace) -> int:
    from workbench.ops import claims as claim_ops

    project = _open(args.project)
    try:
        claim_id = claim_ops.resolve_claim(project, args.claim)
        _change(project, "Delete claim", claim_ops.delete_claim, claim_id)
    finally:
        project.close()
    print(json.dumps({"deleted": claim_id}) if args.json else f"deleted {claim_id}")
    return 0


# ----------------------------------------------------------------------------------------------- evidence


def _grade(value: str | None) -> int | str | None:
    """``update_evidence``'s credibility: "" unchanged (option not given), None ungraded, else 1-6."""
    if value is None:
        return ""
    if value.strip().lower() in _NONE:
        return None
    return _credibility(value)


def _edit_evidence(args: argparse.Namespace, fields: dict[str, Any]) -> int:
    from workbench.ops import claims as claim_ops
    from workbench.ops import evidence as ev_ops

    project = _open(args.project)
    try:
        ev_id = claim_ops.resolve_link(project, args.evidence, PassageRole.EVIDENCE)
        _change(project, "Edit evidence", ev_ops.update_evidence, ev_id, **fields)
        view = ev_ops.evidence_view(project, ev_id)
    finally:
        project.close()
    if args.json:
        print(json.dumps(_evidence_row(view), ensure_ascii=False))
    else:
        ev = view.evidence
        print(f"{ev.id}  {ev.kind.value}  {ev.stance.value}  cred {ev.credibility or '-'}"
              + (f" ({CREDIBILITY[ev.credibility]})" if ev.credibility else "")
              + (f"  — {view.source.name}" if view.source else ""))
    return 0


def cmd_evidence_set(args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {k: getattr(args, k) for k in ("stance", "source", "title", "note", "url", "accessed")
                              if getattr(args, k) is not None}
    fields["credibility"] = _grade(args.credibility)
    if len(fields) == 1 and fields["credibility"] == "":
        raise BadArgument("evidence set: give at least one of --stance, --credibility, --source, --title, --note, "
                          "--url or --accessed.")
    return _edit_evidence(args, fields)


def cmd_evidence_grade(args: argparse.Namespace) -> int:
    return _edit_evidence(args, {"credibility": _grade(args.grade)})


def cmd_evidence_remove(args: argparse.Namespace) -> int:
    args.link = args.evidence
    return _remove(args, PassageRole.EVIDENCE, "Remove evidence")


# ------------------------------------------------------------------------------------------------ sources


def _reliability(value: str) -> str:
    grade = "" if value.strip().lower() in _NONE else value.strip().upper()
    if grade and grade not in RELIABILITY:
        raise BadArgument(f"“{value}” is not a reliability grade: use A (completely reliable) to F (reliability "
                          "cannot be judged), or none.")
    return grade


def _edit_source(args: argparse.Namespace, fields: dict[str, Any]) -> int:
    from workbench.ops import sources as src_ops

    project = _open(args.project)
    try:
        source_id = src_ops.resolve_source(project, args.source)
        _change(project, "Edit source", src_ops.update_source, source_id, **fields)
        row = _source_row(src_ops.get_source(project, source_id), src_ops.source_usage(project, source_id))
    finally:
        project.close()
    if args.json:
        print(json.dumps(row, ensure_ascii=False))
    else:
        grade = f"{row['reliability']} ({row['reliability_label']})" if row["reliability"] else "ungraded"
        print(f"{row['id']}  {row['name']}: {grade}")
    return 0


def cmd_source_set(args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {k: getattr(args, k) for k in ("name", "kind", "affiliation", "notes", "job_title",
                                                            "image") if getattr(args, k) is not None}
    if args.same_as is not None:
        fields["same_as"] = [u for u in args.same_as if u.strip()]
    if args.reliability is not None:
        fields["reliability"] = _reliability(args.reliability)
    if args.alias is not None:
        fields["aliases"] = [a for a in args.alias if a.strip()]
    if not fields:
        raise BadArgument("source set: give at least one of --name, --reliability, --kind, --affiliation, --notes, "
                          "--alias, --job-title, --same-as or --image.")
    return _edit_source(args, fields)


def cmd_source_grade(args: argparse.Namespace) -> int:
    return _edit_source(args, {"reliability": _reliability(args.grade)})


def cmd_source_show(args: argparse.Namespace) -> int:
    from workbench.ops import sources as src_ops

    project = _open(args.project, read_only=True)
    try:
        source_id = src_ops.resolve_source(project, args.source)
        row = _source_row(src_ops.get_source(project, source_id), src_ops.source_usage(project, source_id))
        record = src_ops.track_record(project, source_id)
    finally:
        project.close()
    row["track_record"] = [{"claim_id": c, "claim": text, "role": role, "rating": rating}
                           for c, text, role, rating in record]
    if args.json:
        print(json.dumps(row, ensure_ascii=False, indent=2))
        return 0
    grade = f"{row['reliability']} ({row['reliability_label']})" if row["reliability"] else "ungraded"
    print(f"{row['id']}  {row['name']}: {grade}")
    for key in ("aliases", "kind", "affiliation", "notes"):
        value = ", ".join(row[key]) if key == "aliases" else row[key]
        print(f"{key}: {value or '(none)'}")
    for r in row["track_record"]:  # the Sources dialog's track record
        print(f"{r['claim_id'][:8]}  {r['role']:20}  {r['rating'] or '(no rating)':14}  {r['claim']}")
    return 0


def cmd_source_delete(args: argparse.Namespace) -> int:
    from workbench.ops import sources as src_ops

    project = _open(args.project)
    try:
        source_id = src_ops.resolve_source(project, args.source)
        name = src_ops.get_source(project, source_id).name
        _change(project, "Delete source", src_ops.delete_source, source_id)
    finally:
        project.close()
    print(json.dumps({"deleted": source_id, "name": name}, ensure_ascii=False) if args.json
          else f"deleted {source_id} {name}")
    return 0


# ------------------------------------------------------------------------------------------- rating scale


def _read_scale(path: Path) -> list[Rating]:
    """A rating scale from a JSON file: a list of {"label", "definition", "colour", "value"} (as ``--json``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadArgument(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadArgument(f"{path}: not a JSON rating scale ({exc}).") from exc
    if not isinstance(data, list):
        raise BadArgument(f"{path}: a rating scale is a JSON list of ratings, not {type(data).__name__}.")
    out = []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("label"), str):
            raise BadArgument(f"{path}: rating {i} needs a \"label\" (text).")
        extra = sorted(set(item) - {"label", "definition", "colour", "value"})
        if extra:
            raise BadArgument(f"{path}: rating {i} (“{item['label']}”): unknown field {', '.join(extra)}.")
        value = item.get("value", 0)
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadArgument(f"{path}: rating {i} (“{item['label']}”): \"value\" must be a whole number.")
        definition, colour = item.get("definition", ""), item.get("colour", Rating("x").colour)
        if not isinstance(definition, str) or not isinstance(colour, str):
            raise BadArgument(f"{path}: rating {i} (“{item['label']}”): definition and colour must be text.")
        out.append(Rating(item["label"], definition, colour, value))
    return out


def _renames(values: list[str] | None) -> dict[str, str]:
    out = {}
    for v in values or []:
        old, sep, new = v.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise BadArgument(f"--rename “{v}”: write OLD=NEW (the old label, then the new one).")
        out[old.strip()] = new.strip()
    return out


def cmd_scale(args: argparse.Namespace) -> int:
    from workbench.ops import verdicts

    renames = _renames(args.rename)
    if renames and args.load is None:
        raise BadArgument("scale: --rename goes with --load FILE (the new scale, with the new labels).")
    scale = _read_scale(args.load) if args.load is not None else None
    project = _open(args.project, read_only=scale is None)
    try:
        if scale is not None:
            _change(project, "Edit rating scale", verdicts.save_rating_scale, scale, renames)
        ratings = verdicts.ratings(project)
    finally:
        project.close()
    if args.json:
        print(json.dumps([asdict(r) for r in ratings], ensure_ascii=False, indent=2))
    else:
        for r in ratings:
            print(f"{r.value:>3}  {r.colour}  {r.label}" + (f": {r.definition}" if r.definition else ""))
    return 0


# ------------------------------------------------------------------------------------------------ parsers


def _subparsers(sub: Any, name: str) -> Any:
    """The subcommands of an existing command (``claim``, ``evidence``, ``source``)."""
    parser = sub.choices[name]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def _project_and(p: Any, metavar: str, dest: str, what: str) -> None:
    p.add_argument("project", type=Path)
    p.add_argument(dest, metavar=metavar, help=what)


def add_parsers(sub: Any) -> None:
    csub = _subparsers(sub, "claim")
    sub.choices["claim"].description = "Work with claims: add, show, set, appearance, unlink, delete."
    a = csub.add_parser("show", help="a claim with its appearances and evidence (and their ids)",
                        description="Show a claim: text, claimant, attribution, date, tags, verdict, and the ids of "
                                    "its appearances and evidence (for claim unlink, evidence set…).")
    _project_and(a, "CLAIM", "claim", "claim id (or a unique prefix)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_claim_show)

    a = csub.add_parser(
        "set", help="edit a claim: text, claimant, attribution, date, tags",
        description="Edit a claim as the claim editor does; only the options given change (one undoable step). "
                    "--claimant NAME gives the claim the source NAME (created if new); --rename-claimant NAME "
                    "renames its source everywhere it is used.")
    _project_and(a, "CLAIM", "claim", "claim id (or a unique prefix)")
    a.add_argument("--text", metavar="TEXT", help="the claim's text")
    a.add_argument("--claimant", metavar="NAME", help="who made the claim (a source; \"\" clears)")
    a.add_argument("--remove-unused", action="store_true",
                   help="with --claimant: remove the old claimant's source if nothing uses it any more")
    a.add_argument("--rename-claimant", metavar="NAME", help="rename the claimant's source everywhere")
    a.add_argument("--keep-alias", action="store_true", help="with --rename-claimant: keep the old name as an alias")
    a.add_argument("--attribution", action="append", metavar="NAME",
                   help="the chain the claim came through, nearest first (repeat; replaces it; \"\" clears)")
    a.add_argument("--date", metavar="YYYY-MM-DD", help="claim date (\"\" clears)")
    a.add_argument("--tag", action="append", metavar="TAG", help="tags (repeat or separate with commas; replaces "
                                                                 "them; \"\" clears)")
    a.add_argument("--json", action="store_true", help="print the claim as `claim show --json`")
    a.set_defaults(fn=cmd_claim_set)

    a = csub.add_parser("appearance", help="record another place a claim is stated (a quote in a document)",
                        description="Record a quote in a document as another appearance of the claim (as "
                                    "Claim ▸ Selection Also States the Claim); prints the appearance's id.")
    _project_and(a, "CLAIM", "claim", "claim id (or a unique prefix)")
    a.add_argument("--document", required=True, metavar="ID", help="document id (or a unique prefix)")
    a.add_argument("--quote", required=True, metavar="TEXT", help="the exact text in the document")
    a.add_argument("--occurrence", type=int, default=1, metavar="N", help="which occurrence (default 1)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_claim_appearance)

    a = csub.add_parser("unlink", help="remove an appearance or a piece of evidence from its claim",
                        description="Remove an appearance or a piece of evidence (ids: claim show) from its claim; "
                                    "its passage goes too when nothing else uses it.")
    _project_and(a, "LINK", "link", "appearance or evidence id (or a unique prefix)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_claim_unlink)

    a = csub.add_parser("delete", help="delete a claim and its links", description="Delete a claim with its "
                        "appearances and evidence (Claim ▸ Delete Claim).")
    _project_and(a, "CLAIM", "claim", "claim id (or a unique prefix)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_claim_delete)

    esub = _subparsers(sub, "evidence")
    sub.choices["evidence"].description = "Work with evidence: add, set, grade, remove."
    grades = "; ".join(f"{k} {v.lower()}" for k, v in CREDIBILITY.items())
    a = esub.add_parser("set", help="edit a piece of evidence: stance, credibility, source, title, note, URL",
                        description="Edit a piece of evidence as the evidence dialog does; only the options given "
                                    "change.")
    _project_and(a, "EVIDENCE", "evidence", "evidence id (or a unique prefix)")
    a.add_argument("--stance", type=_stance, metavar="supports|refutes|context")
    a.add_argument("--credibility", metavar="1-6", help=f"information credibility: {grades}; none: ungraded")
    a.add_argument("--source", metavar="NAME", help="where it comes from (a source; created if new; \"\" clears)")
    a.add_argument("--title", metavar="TEXT")
    a.add_argument("--note", metavar="TEXT")
    a.add_argument("--url", metavar="URL", help="web address (URL evidence only)")
    a.add_argument("--accessed", metavar="YYYY-MM-DD", help="access date (URL evidence only)")
    a.add_argument("--json", action="store_true", help="print the evidence as `list evidence --json` does")
    a.set_defaults(fn=cmd_evidence_set)

    a = esub.add_parser("grade", help="grade a piece of evidence's credibility (1-6)",
                        description=f"Set the information credibility of a piece of evidence: {grades}; none: "
                                    "ungraded.")
    _project_and(a, "EVIDENCE", "evidence", "evidence id (or a unique prefix)")
    a.add_argument("grade", metavar="1-6|none")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_evidence_grade)

    a = esub.add_parser("remove", help="remove a piece of evidence", description="Remove a piece of evidence "
                        "from its claim.")
    _project_and(a, "EVIDENCE", "evidence", "evidence id (or a unique prefix)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_evidence_remove)

    ssub = _subparsers(sub, "source")
    sub.choices["source"].description = "Work with the sources registry: add, show, set, grade, delete, prune, merge."
    rel = "; ".join(f"{k} {v.lower()}" for k, v in RELIABILITY.items())
    a = ssub.add_parser("set", help="edit a source: name, reliability, kind, affiliation, aliases, notes, identity",
                        description="Edit a source as the Sources dialog does; only the options given change.")
    _project_and(a, "SOURCE", "source", "the source's name, an alias, or its id")
    a.add_argument("--name", metavar="TEXT")
    a.add_argument("--reliability", metavar="A-F", help=f"source reliability: {rel}; none: ungraded")
    a.add_argument("--kind", metavar="TEXT", help="outlet, agency, official, local sources, person…")
    a.add_argument("--affiliation", metavar="TEXT", help="e.g. pro-government, ISIS-linked")
    a.add_argument("--alias", action="append", metavar="TEXT", help="its other names (repeat; replaces them; "
                                                                     "\"\" clears)")
    a.add_argument("--notes", metavar="TEXT", help="private notes (never published)")
    add_identity_options(a)  # --same-as replaces the links ("" clears them); --image "" clears the picture
    a.add_argument("--json", action="store_true", help="print the source as `list sources --json` does")
    a.set_defaults(fn=cmd_source_set)

    a = ssub.add_parser("show", help="a source with its track record",
                        description="Show a source: grade, aliases, kind, affiliation, notes, and its track record "
                                    "(the claims it made, relayed or gave evidence for, with their ratings).")
    _project_and(a, "SOURCE", "source", "the source's name, an alias, or its id")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_source_show)

    a = ssub.add_parser("grade", help="grade a source's reliability (A-F)",
                        description=f"Set a source's reliability (Admiralty code): {rel}; none: ungraded.")
    _project_and(a, "SOURCE", "source", "the source's name, an alias, or its id")
    a.add_argument("grade", metavar="A-F|none")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_source_grade)

    a = ssub.add_parser("delete", help="delete a source", description="Delete a source; the claims and evidence "
                        "that named it keep everything else.")
    _project_and(a, "SOURCE", "source", "the source's name, an alias, or its id")
    a.add_argument("--json", action="store_true")
    a.set_defaults(fn=cmd_source_delete)

    s = sub.add_parser(
        "scale", help="show or replace the rating scale",
        description="Show the project's rating scale (ClaimReview value, colour, label, definition), or replace it "
                    "with --load FILE: a JSON list of {\"label\", \"definition\", \"colour\", \"value\"} as "
                    "`scale PROJECT --json` prints it. A label claims use must be kept or renamed (--rename "
                    "OLD=NEW: those claims follow).")
    s.add_argument("project", type=Path)
    s.add_argument("--load", type=Path, metavar="FILE", help="the new scale (JSON)")
    s.add_argument("--rename", action="append", metavar="OLD=NEW", help="with --load: a label renamed (repeat)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_scale)
