"""Merging two desks' projects by id (issue 14, item 2): every change of both sides present, every conflict listed,
merging again changes nothing, the merge undone as one step, resolutions undoable."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from workbench.core.workspace import Workspace
from workbench.domain.merging import ConflictKind
from workbench.errors import BadArgument
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import merge as merge_ops
from workbench.ops import reports as report_ops
from workbench.ops import sources as src_ops
from workbench.ops import verdicts as verdict_ops
from workbench.ops.bundle import import_bundle
from workbench.store.dump import dump

ARTICLE = (b"Harbour authority says container traffic rose 12% in the first quarter\n\n"
           b"The port's director told reporters on Monday that volumes had never been higher. "
           b"Dock workers disputed the figure, saying night shifts had been cut twice since January. "
           b"A spokesperson for the transport ministry declined to comment on the numbers.\n")


def _quote(ws: Workspace, doc_id: str, quote: str) -> tuple[int, int]:
    return ws.query(claim_ops.locate_quote, doc_id, quote)


def start(tmp_path: Path) -> tuple[Workspace, dict[str, str]]:
    """The desk's starting project: one article, three claims, a source."""
    ws = Workspace.create(tmp_path / "start.fcw")
    outcome = doc_ops.import_data(ws.project, ARTICLE, "harbour.txt")
    doc = outcome.document_id
    ids = {"doc": doc}
    for name, quote in (("rise", "container traffic rose 12%"), ("never", "volumes had never been higher"),
                        ("cut", "night shifts had been cut twice")):
        start_, end = _quote(ws, doc, quote)
        claim_id = ws.apply(claim_ops.create_claim_from_passage, doc, start_, end, claimant="Harbour authority",
                               label="Create claim").result
        ids[name] = claim_id
    return ws, ids


def bundle_of(ws: Workspace) -> dict[str, Any]:
    out = io.BytesIO()
    ws.query(report_ops.export, "bundle", None, out)
    return json.loads(out.getvalue())


def copy_of(ws: Workspace, path: Path) -> Workspace:
    other = Workspace.create(path)
    other.apply(import_bundle, bundle_of(ws), "start.json")
    return other


@pytest.fixture
def desks(tmp_path: Path):
    base, ids = start(tmp_path)
    a = copy_of(base, tmp_path / "a.fcw")
    b = copy_of(base, tmp_path / "b.fcw")
    base.close()
    yield a, b, ids
    a.close()
    b.close()


def merge(ws: Workspace, other: Workspace) -> merge_ops.MergeReport:
    side = ws.query(merge_ops.load_side, other.project.path)
    return ws.apply(merge_ops.merge, side, label=f"Merge {other.project.path.name}").result


def rows(ws: Workspace) -> dict[str, list[dict[str, Any]]]:
    with ws.project.read() as db:
        found = dump(db)
    return {t: r for t, r in found.items() if t not in ("merge_conflicts", "merged_ops", "exchange_sets",
                                                         "exchange_sent", "settings")}


def edit_apart(a: Workspace, b: Workspace, ids: dict[str, str]) -> dict[str, str]:
    a.apply(verdict_ops.set_verdict, ids["rise"], rating="False", rationale="Port statistics show 3%.",
            label="Edit verdict")
    b.apply(claim_ops.update_claim, ids["never"], text="Port volumes had never been higher", label="Edit claim")
    a.apply(verdict_ops.set_verdict, ids["cut"], rationale="Union rosters confirm two cuts.", label="Edit verdict")
    b.apply(verdict_ops.set_verdict, ids["cut"], rationale="The ministry says one cut.", label="Edit verdict")
    note_id = b.apply(ev_ops.add_note_evidence, ids["rise"], "Called the port press office.", "refutes",
                         label="Add evidence").result
    src_id = a.apply(src_ops.create_source, "Dock Workers Union", label="Add source").result
    return {"note": note_id, "union": src_id}


def test_two_desks_merge_with_every_change_and_the_conflict_listed(desks) -> None:
    a, b, ids = desks
    made = edit_apart(a, b, ids)
    report = merge(a, b)
    claims = {c["id"]: c for c in rows(a)["claims"]}
    assert claims[ids["rise"]]["rating"] == "False"  # ours
    assert claims[ids["never"]]["text"] == "Port volumes had never been higher"  # theirs
    assert claims[ids["cut"]]["rationale"] == "Union rosters confirm two cuts."  # conflict: ours kept
    assert made["note"] in {e["id"] for e in rows(a)["evidence"]}
    assert made["union"] in {s["id"] for s in rows(a)["sources"]}
    [conflict] = report.conflicts
    assert conflict["field"] == "rationale" and conflict["kind"] == ConflictKind.BOTH_CHANGED
    listed = a.query(merge_ops.list_conflicts, open_only=True)
    assert [(c.ours, c.theirs) for c in listed] == [("Union rosters confirm two cuts.", "The ministry says one cut.")]
    before = rows(a)
    again = merge(a, b)
    assert not again.changed and rows(a) == before  # idempotent


def test_merge_is_one_undoable_step_and_resolution_too(desks) -> None:
    a, b, ids = desks
    edit_apart(a, b, ids)
    before = rows(a)
    merge(a, b)
    [conflict] = a.query(merge_ops.list_conflicts, open_only=True)
    a.apply(merge_ops.resolve_conflict, conflict.id, "theirs", label="Resolve conflict")
    assert {c["id"]: c for c in rows(a)["claims"]}[ids["cut"]]["rationale"] == "The ministry says one cut."
    a.undo()  # the resolution
    assert a.query(merge_ops.list_conflicts, open_only=True)[0].id == conflict.id
    a.undo()  # the merge
    after = rows(a)
    assert {k: v for k, v in after.items() if k != "history"} == {k: v for k, v in before.items() if k != "history"}
    assert a.query(merge_ops.list_conflicts) == []


def test_both_directions_converge_once_the_conflict_is_resolved(desks) -> None:
    a, b, ids = desks
    edit_apart(a, b, ids)
    merge(a, b)
    [conflict] = a.query(merge_ops.list_conflicts, open_only=True)
    a.apply(merge_ops.resolve_conflict, conflict.id, "ours", label="Resolve conflict")
    report = merge(b, a)
    assert report.resolutions_applied == 1
    assert {k: v for k, v in rows(a).items() if k != "history"} == {k: v for k, v in rows(b).items()
                                                                     if k != "history"}
    assert not merge(a, b).changed and not merge(b, a).changed


def test_deleted_on_one_side_changed_on_the_other_is_a_conflict(desks) -> None:
    a, b, ids = desks
    a.apply(claim_ops.delete_claim, ids["never"], label="Delete claim")
    b.apply(verdict_ops.set_verdict, ids["never"], rating="Mostly true", label="Edit verdict")
    b.apply(claim_ops.delete_claim, ids["cut"], label="Delete claim")
    report = merge(a, b)
    claim_ids = {c["id"] for c in rows(a)["claims"]}
    assert ids["never"] not in claim_ids and ids["cut"] not in claim_ids  # theirs' deletion taken
    kinds = {c["kind"] for c in report.conflicts}
    assert ConflictKind.DELETED_HERE in kinds
    [kept] = [c for c in a.query(merge_ops.list_conflicts) if c.kind is ConflictKind.DELETED_HERE]
    assert kept.theirs["rating"] == "Mostly true"  # nothing lost: the row is in the review


def test_the_same_file_under_two_ids_keeps_both_sides_passages(tmp_path: Path) -> None:
    a = Workspace.create(tmp_path / "a.fcw")
    b = Workspace.create(tmp_path / "b.fcw")
    try:
        doc_a = doc_ops.import_data(a.project, ARTICLE, "harbour.txt").document_id
        doc_b = doc_ops.import_data(b.project, ARTICLE, "harbour-copy.txt").document_id
        assert doc_a != doc_b
        s, e = _quote(b, doc_b, "declined to comment")
        b.apply(claim_ops.create_claim_from_passage, doc_b, s, e, label="Create claim")
        report = merge(a, b)
        assert report.same_documents == 1
        data = rows(a)
        assert [d["id"] for d in data["documents"]] == [doc_a]
        [passage] = data["passages"]
        assert passage["document_id"] == doc_a and passage["exact"] == "declined to comment"
    finally:
        a.close()
        b.close()


def test_refusals_change_nothing(desks, tmp_path: Path) -> None:
    a, _b, _ids = desks
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a project")
    with pytest.raises(BadArgument, match="neither a Fact-Check Workbench project"):
        a.query(merge_ops.load_side, foreign)
    with pytest.raises(BadArgument, match="is the project itself"):
        a.query(merge_ops.load_side, a.project.path)
    newer = bundle_of(a)
    newer["schema_version"] += 1
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(newer))
    with pytest.raises(BadArgument, match="newer version"):
        a.query(merge_ops.load_side, path)


def test_evidence_added_there_to_a_claim_deleted_here_is_kept_in_the_review(desks) -> None:
    a, b, ids = desks
    a.apply(claim_ops.delete_claim, ids["cut"], label="Delete claim")
    note = b.apply(ev_ops.add_note_evidence, ids["cut"], "Two rosters seen.", "supports", label="Add evidence").result
    report = merge(a, b)
    assert ids["cut"] not in {c["id"] for c in rows(a)["claims"]}
    kept = [c for c in a.query(merge_ops.list_conflicts, open_only=True) if c.kind is ConflictKind.DELETED_HERE]
    assert {note, ids["cut"]} <= {c.theirs["id"] for c in kept if isinstance(c.theirs, dict)}
    assert report.conflicts
    claim = next(c for c in kept if c.table == "claims")
    evidence = next(c for c in kept if c.table == "evidence")
    a.apply(merge_ops.resolve_conflict, claim.id, "theirs", label="Resolve conflict")
    a.apply(merge_ops.resolve_conflict, evidence.id, "theirs", label="Resolve conflict")
    assert note in {e["id"] for e in rows(a)["evidence"]}


def test_sources_two_desks_added_under_one_name_are_offered_not_folded(desks) -> None:
    a, b, _ids = desks
    ours = a.apply(src_ops.create_source, "Dock Workers Union", label="Add source").result
    theirs = b.apply(src_ops.create_source, "dock workers  union", label="Add source").result
    report = merge(a, b)
    assert report.duplicate_sources == [(ours, theirs, "dock workers union")]  # (names are cleaned on entry)
    assert a.query(merge_ops.possible_duplicate_sources) == [(ours, theirs, "dock workers union")]
    assert {ours, theirs} <= {s["id"] for s in rows(a)["sources"]}  # both kept until a person folds them
    a.apply(merge_ops.merge_sources, ours, theirs, label="Merge sources")
    assert a.query(merge_ops.possible_duplicate_sources) == []


def test_a_claim_kept_against_their_deletion_keeps_its_quotes_and_evidence(desks) -> None:
    a, b, ids = desks
    note = a.apply(ev_ops.add_note_evidence, ids["cut"], "Rosters seen.", "supports", label="Add evidence").result
    a.apply(verdict_ops.set_verdict, ids["cut"], rating="True", label="Edit verdict")
    b.apply(claim_ops.delete_claim, ids["cut"], label="Delete claim")
    report = merge(a, b)
    assert [(c["tbl"], c["kind"]) for c in report.conflicts] == [("claims", ConflictKind.DELETED_THERE)]
    data = rows(a)
    assert ids["cut"] in {r["claim_id"] for r in data["appearances"]}  # its quote stays, with its passage
    assert note in {e["id"] for e in data["evidence"]}
    assert not report.deleted.get("passages")
