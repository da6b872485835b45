"""History entries have their own identity (issue 16, item 4): a bundle round trip keeps every entry, even
identical actions logged within the same second."""

from __future__ import annotations

import copy
import io
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from workbench.errors import BadArgument
from workbench.ops import bundle as bundle_ops
from workbench.ops import reports as report_ops
from workbench.ops import sources as src_ops
from workbench.ops import undo as undo_ops
from workbench.ops.project import create_project
from workbench.store import history, migrations
from workbench.store.project import Project


def bundle_of(project: Project) -> dict[str, Any]:
    out = io.BytesIO()
    report_ops.export(project, "bundle", None, out)
    return json.loads(out.getvalue())


def _undo_redo_twice(project: Project) -> None:
    """Edit a source, then undo and redo it twice: "undone: Edit source", "redone: Edit source" ×2, all within
    the same second (the tester's project)."""
    source_id, _ = src_ops.create_source(project, "SouthFront")
    src_ops.update_source(project, source_id, affiliation="pro-government")
    changeset = project.last_changeset
    for _ in range(2):
        undo_ops.revert(project, changeset, "Edit source")
        undo_ops.reapply(project, changeset, "Edit source")


def test_round_trip_keeps_identical_entries_of_the_same_second(project: Project, tmp_path: Path) -> None:
    """Issue 16 item 4 as reported: 61 entries became 58."""
    _undo_redo_twice(project)
    exported = bundle_of(project)
    actions = [h["action"] for h in exported["tables"]["history"]]
    assert actions.count("undone: Edit source") == 2 and actions.count("redone: Edit source") == 2
    target = create_project(tmp_path / "copy.fcw")
    try:
        result, _ = bundle_ops.import_bundle(target, exported, "tester.json")
        assert result.added["history"] == len(exported["tables"]["history"])
        again = bundle_of(target)
        assert [h["action"] for h in again["tables"]["history"]] == [*actions, "bundle imported"]
    finally:
        target.close()


def test_entries_have_a_uuid_and_a_sequence_number(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    # one second for all of them, as on a fast machine (the two redos must read alike but for their ids; a
    # loaded machine could otherwise cross a second between them)
    monkeypatch.setattr(history, "utc_now", lambda: "2017-10-17T09:30:00Z")
    _undo_redo_twice(project)
    with project.read() as db:
        entries = history.entries(db)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert all(str(uuid.UUID(e.id)) == e.id for e in entries)
    assert len({e.id for e in entries}) == len(entries)
    same = [e for e in entries if e.action == "redone: Edit source"]
    assert len(same) == 2 and same[0].at == same[1].at and same[0].id != same[1].id


def test_the_same_bundle_twice_adds_no_history(project: Project, tmp_path: Path) -> None:
    _undo_redo_twice(project)
    exported = bundle_of(project)
    target = create_project(tmp_path / "copy.fcw")
    try:
        bundle_ops.import_bundle(target, exported, "a.json")
        before = bundle_of(target)["tables"]["history"]
        result, _ = bundle_ops.import_bundle(target, exported, "a.json")
        assert result.added.get("history", 0) == 0
        assert result.duplicates["history"] == len(exported["tables"]["history"])
        assert bundle_of(target)["tables"]["history"] == before
    finally:
        target.close()


def test_entries_are_recognised_by_id_never_by_content(project: Project, tmp_path: Path) -> None:
    _undo_redo_twice(project)
    exported = bundle_of(project)
    rows = exported["tables"]["history"]
    twin = {**rows[-1], "id": len(rows) + 1, "uuid": str(uuid.uuid4())}  # same content, another entry
    altered = {**rows[0], "action": "source created (altered)"}  # same entry, other content
    target = create_project(tmp_path / "copy.fcw")
    try:
        bundle_ops.import_bundle(target, exported, "a.json")
        changed = copy.deepcopy(exported)
        changed["tables"]["history"] = [altered, *rows[1:], twin]
        result, _ = bundle_ops.import_bundle(target, changed, "b.json")
        assert (result.added["history"], result.conflicts["history"]) == (1, 1)
        with target.read() as db:
            entries = history.entries(db)
        assert [e.id for e in entries][-2:] == [twin["uuid"], entries[-1].id]  # the twin, then "bundle imported"
        assert entries[0].action == "source created"  # the project's version of a conflicting entry is kept
    finally:
        target.close()


LEGACY_ROWS = [  # three entries of a project of schema 5: the last two identical, in the same second
    {"id": 1, "at": "2017-12-09T10:00:00Z", "who": "desk", "entity": "source", "entity_id": "s1", "claim_id": None,
     "action": "source created", "before": "{}", "after": '{"name": "SouthFront"}'},
    {"id": 2, "at": "2017-12-09T10:00:05Z", "who": "desk", "entity": "project", "entity_id": "", "claim_id": None,
     "action": "redone: Edit source", "before": "{}", "after": "{}"},
    {"id": 3, "at": "2017-12-09T10:00:05Z", "who": "desk", "entity": "project", "entity_id": "", "claim_id": None,
     "action": "redone: Edit source", "before": "{}", "after": "{}"},
]


def test_schema_step_and_old_bundles_give_old_entries_the_same_ids() -> None:
    """A project of schema 5 gets a UUID for each entry (identical ones too); a bundle exported from it before the
    upgrade gets the same UUIDs on import, so its entries are recognised."""
    db = Database(memory=True)
    migrations.migrations.apply(db, stop_before="0006_history_identity")
    db.table("history").insert_all([dict(r) for r in LEGACY_ROWS])
    migrations.apply(db)
    ids = [r[0] for r in db.execute("SELECT uuid FROM history ORDER BY id")]
    assert len(set(ids)) == 3 and all(str(uuid.UUID(i)) == i for i in ids)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO history (uuid, at, entity, action) VALUES (?, 'x', 'x', 'x')", [ids[0]])
    old = {"schema_version": migrations.HISTORY_IDENTITY - 1, "tables": {"history": [dict(r) for r in LEGACY_ROWS]}}
    upgraded = bundle_ops._upgrade(old)
    assert [r["uuid"] for r in upgraded["tables"]["history"]] == ids
    assert all("uuid" not in r for r in old["tables"]["history"])  # the caller's bundle is left alone


def test_an_old_bundle_imports_every_entry_once(project: Project, tmp_path: Path) -> None:
    _undo_redo_twice(project)
    exported = bundle_of(project)
    exported["schema_version"] = migrations.HISTORY_IDENTITY - 1
    for row in exported["tables"]["history"]:
        del row["uuid"]
    target = create_project(tmp_path / "copy.fcw")
    try:
        result, _ = bundle_ops.import_bundle(target, exported, "old.json")
        assert result.added["history"] == len(exported["tables"]["history"])
        again, _ = bundle_ops.import_bundle(target, exported, "old.json")
        assert again.added.get("history", 0) == 0
    finally:
        target.close()


def test_a_bundle_entry_without_its_id_is_refused(project: Project, tmp_path: Path) -> None:
    src_ops.create_source(project, "Amaq")
    exported = bundle_of(project)
    del exported["tables"]["history"][0]["uuid"]
    target = create_project(tmp_path / "copy.fcw")
    try:
        with pytest.raises(BadArgument, match=r"history row 1 .*lacks the required field\(s\) uuid"):
            bundle_ops.import_bundle(target, exported, "bad.json")
    finally:
        target.close()
