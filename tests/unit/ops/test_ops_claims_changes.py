"""ops.claims after an edit: what a change did to a claim's links (``links_changed``, which lets the claim editor
reload only its lists), and the statements adding a highlight runs (the first highlight after opening a 10 MB
article must stay fast: issue 15)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.ops.conftest import KHIRBET
from workbench.core.workspace import Workspace
from workbench.domain.changes import ChangeSet, RowChange
from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import verdicts
from workbench.ops.claims import LinkChange
from workbench.store.project import Project

QUOTE = "fighters of the Northern Tribes Brigade entered the western quarter of Khirbet al-Nour"


def _two_claims(project: Project, docs: dict[str, str]) -> tuple[str, str, str]:
    doc = docs["khirbet-nour-clashes"]
    a, _ = claim_ops.create_claim_from_passage(project, doc, *claim_ops.locate_quote(project, doc, QUOTE))
    b, _ = claim_ops.create_claim_from_passage(project, doc, 0, 40)
    return doc, a, b


def test_evidence_added_changes_that_claims_evidence_only(project: Project, docs: dict[str, str]) -> None:
    doc, a, b = _two_claims(project, docs)
    ev, _ = claim_ops.add_passage_evidence(project, a, doc, 100, 160, Stance.SUPPORTS)
    rows = project.last_changeset
    assert rows.tables() == {"passages", "evidence"}
    assert claim_ops.links_changed(rows, a) == LinkChange(evidence=True)
    assert not claim_ops.links_changed(rows, b) and claim_ops.links_changed(rows, b) is not None
    claim_ops.remove_link(project, ev)  # the evidence and its passage go
    assert claim_ops.links_changed(project.last_changeset, a) == LinkChange(evidence=True)
    claim_ops.add_appearance(project, a, doc, 200, 260)
    assert claim_ops.links_changed(project.last_changeset, a) == LinkChange(appearances=True)
    assert not claim_ops.links_changed(project.last_changeset, b)


def test_any_other_change_is_not_only_links(project: Project, docs: dict[str, str]) -> None:
    doc, a, b = _two_claims(project, docs)
    claim_ops.update_claim(project, a, text="The brigade entered Khirbet al-Nour.")
    assert claim_ops.links_changed(project.last_changeset, a) is None
    verdicts.set_tags(project, b, "Khirbet al-Nour")  # another claim's tags: the tag completer changes
    assert claim_ops.links_changed(project.last_changeset, a) is None
    claim_ops.add_passage_evidence(project, a, doc, 100, 160, Stance.REFUTES, source="Qalamoun Voice")
    assert claim_ops.links_changed(project.last_changeset, a) is None  # a new source: names and counts change
    moved = ChangeSet((RowChange("passages", "update", {"id": "p", "start": 1}, {"id": "p", "start": 2}),))
    assert claim_ops.links_changed(moved, a) is None  # a passage re-anchored: its quote and place change
    files = ChangeSet((RowChange("evidence_files", "insert", None, {"evidence_id": "e"}),))
    assert claim_ops.links_changed(files, a) == LinkChange(evidence=True)  # whose evidence: unknown here


def _trace(ws: Workspace) -> list[str]:
    statements: list[str] = []
    ws.run(lambda: ws.project.db.conn.set_trace_callback(statements.append))
    return statements


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.create(tmp_path / "case.fcw")
    yield workspace
    workspace.close()


def test_adding_evidence_writes_each_row_once_and_reads_no_text(ws: Workspace) -> None:
    """Adding passage evidence (Ctrl+1/2/3), as the window does it: one logged transaction. The claim, the
    evidence and the history entry are each one plain INSERT (no schema lookups or savepoints of their own);
    the document's text is not read back (the open document's text is cached), nor is the claim list."""
    [outcome] = ws.apply(doc_ops.import_files, [KHIRBET]).result
    doc = outcome.document_id
    claim_id = ws.apply(claim_ops.create_claim_from_passage, doc, 0, 40, label="New claim").result
    statements = _trace(ws)
    try:
        ev = ws.apply(claim_ops.add_passage_evidence, claim_id, doc, 100, 160, Stance.SUPPORTS,
                      label="Add evidence").result
        labels = len(statements)
        assert (ws.undo_label, ws.redo_label) == ("Add evidence", None)  # read with the write: no SQL now
        assert len(statements) == labels
    finally:
        ws.run(lambda: ws.project.db.conn.set_trace_callback(None))
    # one transaction, then Undo's and Redo's labels for the Edit menu
    commit = statements.index("COMMIT")
    assert ev and statements[0] == "BEGIN" and len(statements) == commit + 3
    assert all("FROM oplog" in s for s in statements[commit + 1:])
    statements = statements[:commit + 1]
    distinct = list(dict.fromkeys(s for s in statements if not s.startswith("--")))  # FTS5's own: "-- …"
    inserts = [s for s in distinct if s.startswith("INSERT INTO")]
    assert [s.split()[2].strip('"') for s in inserts] == [
        "passages", "evidence", "history", "search_chunks", "search_index", "oplog"]
    assert inserts[1].startswith("INSERT INTO evidence (id, claim_id, kind, stance, passage_id,")
    assert inserts[2].startswith("INSERT INTO history (uuid, at, who,")
    # the passages' insert still goes through sqlite-utils (store/passages.py): its two schema lookups only
    assert sum("sqlite_master" in s for s in distinct) <= 2
    assert not any(re.search(r"SELECT .*\btext\b.* FROM documents", s) for s in distinct)
    assert not any("FROM claims c LEFT JOIN sources" in s for s in distinct)  # no claim list read
    assert len(distinct) <= 30  # 47 before (issue 15)
    [entry] = [e for e in ws.query(claim_ops.claim_history, claim_id) if e.action == "evidence added"]
    assert entry.after["stance"] == "supports" and entry.step  # recorded as before, in the logged step
    assert ws.undo_label == "Add evidence"


def test_undo_labels_follow_every_write(ws: Workspace) -> None:
    """Undo's and Redo's labels are kept from the last write; a write that did not go through ``apply`` (here
    straight on the connection) is noticed, and they are read again."""
    [outcome] = ws.apply(doc_ops.import_files, [KHIRBET], label="Import").result
    claim_ops_id = ws.apply(claim_ops.create_claim_from_passage, outcome.document_id, 0, 40, label="New claim").result
    assert claim_ops_id and (ws.undo_label, ws.redo_label) == ("New claim", None)
    ws.undo()
    assert (ws.undo_label, ws.redo_label) == ("Import", "New claim")
    ws.redo()
    assert (ws.undo_label, ws.redo_label) == ("New claim", None)

    def rename_behind_its_back() -> None:
        with ws.project.write() as db:
            db.execute("UPDATE oplog SET label = 'Renamed' WHERE label = 'New claim'")

    ws.run(rename_behind_its_back)
    assert ws.undo_label == "Renamed"
