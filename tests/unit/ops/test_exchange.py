"""Exchange through a desk's shared folder (issue 14, item 3): two members editing apart for a week end with equal
projects; foreign files, newer versions and sets whose base is unknown are refused and change nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.unit.ops.test_merge import copy_of, rows, start
from workbench.core.workspace import Workspace
from workbench.errors import BadArgument
from workbench.ops import claims as claim_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import exchange as exchange_ops
from workbench.ops import merge as merge_ops
from workbench.ops import verdicts as verdict_ops


@pytest.fixture
def desk(tmp_path: Path):
    base, ids = start(tmp_path)
    a = copy_of(base, tmp_path / "a.fcw")
    b = copy_of(base, tmp_path / "b.fcw")
    base.close()
    folder = tmp_path / "shared"
    folder.mkdir()
    yield a, b, ids, folder
    a.close()
    b.close()


def exchange(ws: Workspace, folder: Path, *, full: bool = False) -> exchange_ops.ExchangeReport:
    report = ws.apply(exchange_ops.receive_all, folder, label="Exchange with desk").result
    return ws.apply(exchange_ops.send_all, report, full=full).result


def data(ws: Workspace) -> dict[str, Any]:
    return {k: v for k, v in rows(ws).items() if k != "history"}


def a_week_apart(a: Workspace, b: Workspace, ids: dict[str, str]) -> None:
    for day in range(5):
        a.apply(verdict_ops.set_verdict, ids["rise"], rationale=f"Day {day}: port statistics show 3%.",
                label="Edit verdict")
        b.apply(ev_ops.add_note_evidence, ids["cut"], f"Day {day}: called a shift supervisor.", "supports",
                label="Add evidence")
    b.apply(claim_ops.update_claim, ids["never"], text="Volumes had never been higher, the director said",
            label="Edit claim")
    a.apply(verdict_ops.set_verdict, ids["never"], rating="Unproven", label="Edit verdict")


def test_two_members_a_week_apart_end_equal(desk) -> None:
    a, b, ids, folder = desk
    a_week_apart(a, b, ids)
    first = exchange(a, folder)
    assert first.written and not first.merged
    second = exchange(b, folder)
    assert len(second.merged) == 1 and second.written
    exchange(a, folder)
    exchange(b, folder)
    assert data(a) == data(b)
    assert len([e for e in data(a)["evidence"]]) == 5
    quiet = exchange(a, folder)
    assert not quiet.merged and not quiet.written  # nothing new either way


def test_a_conflict_is_reviewed_on_both_sides_and_the_resolution_travels(desk) -> None:
    a, b, ids, folder = desk
    a.apply(verdict_ops.set_verdict, ids["rise"], rating="False", label="Edit verdict")
    b.apply(verdict_ops.set_verdict, ids["rise"], rating="Misleading", label="Edit verdict")
    exchange(a, folder)
    report = exchange(b, folder)
    assert report.conflicts == 1
    exchange(a, folder)
    [conflict] = a.query(merge_ops.list_conflicts, open_only=True)
    a.apply(merge_ops.resolve_conflict, conflict.id, "theirs", label="Resolve conflict")
    exchange(a, folder)
    exchange(b, folder)
    exchange(a, folder)
    assert data(a) == data(b)
    assert {c["id"]: c for c in data(b)["claims"]}[ids["rise"]]["rating"] == "Misleading"
    assert not b.query(merge_ops.list_conflicts, open_only=True)


def test_foreign_files_newer_versions_and_unknown_bases_are_refused(desk, tmp_path: Path) -> None:
    a, b, ids, folder = desk
    a.apply(verdict_ops.set_verdict, ids["rise"], rating="False", label="Edit verdict")
    exchange(a, folder)
    a.apply(verdict_ops.set_verdict, ids["rise"], rating="Mostly false", label="Edit verdict")
    second = Path(exchange(a, folder).written)
    [first] = [p for p in folder.iterdir() if p != second]
    (folder / "notes.txt").write_text("minutes of Monday's meeting")
    newer = json.loads(second.read_text())
    newer["schema_version"] += 1
    newer["id"] = "another"
    (folder / "from-the-future.fcwchanges").write_text(json.dumps(newer))
    other = json.loads(second.read_text())
    other["project_id"] = "some-other-investigation"
    other["id"] = "other-project"
    (folder / "elsewhere.fcwchanges").write_text(json.dumps(other))
    (folder / "cut.fcwchanges").write_bytes(second.read_bytes()[:100])
    first.unlink()  # the set the second builds on never arrived
    before = data(b)
    report = exchange(b, folder)
    text = "\n".join(report.problems)
    assert "notes.txt: not a change set" in text
    assert "newer version" in text and "another project" in text and "truncated" in text
    assert f"{second.name}: change set 2" in text and "full set" in text
    assert not report.merged and data(b) == before
    full = exchange(a, folder, full=True)
    assert full.written
    assert len(exchange(b, folder).merged) == 1
    assert {c["id"]: c for c in data(b)["claims"]}[ids["rise"]]["rating"] == "Mostly false"


def test_no_folder_is_a_clear_message(desk, tmp_path: Path) -> None:
    a, _b, _ids, _folder = desk
    with pytest.raises(BadArgument, match="has no shared folder"):
        a.apply(exchange_ops.receive_all, None, label="Exchange with desk")
    with pytest.raises(BadArgument, match="cannot be found"):
        a.apply(exchange_ops.receive_all, tmp_path / "unmounted", label="Exchange with desk")
    with pytest.raises(BadArgument, match="is not a folder"):
        a.apply(exchange_ops.set_folder, tmp_path / "unmounted")
