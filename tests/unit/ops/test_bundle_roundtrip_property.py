"""Bundle round trip over random edits, undos and redos (issue 16, item 4): export → import into a new project →
export gives the same bundle, history included — every entry, with the same ids, in the same order — followed by
the new project's own "bundle imported" entry. Undo and redo of one action within a second write identical
entries: the case that lost history when entries were recognised by their content."""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import precondition, rule

from tests.unit.ops.conftest import AIN_JADID, KHIRBET
from tests.unit.ops.test_ops_reasoning import UndoRedoMachine
from workbench.ops import bundle as bundle_ops
from workbench.ops import documents as doc_ops
from workbench.ops import reports as report_ops
from workbench.ops.project import create_project
from workbench.store.project import Project


def bundle_of(project: Project) -> dict[str, Any]:
    out = io.BytesIO()
    report_ops.export(project, "bundle", None, out)
    return json.loads(out.getvalue())


def assert_round_trip(project: Project, folder: Path) -> None:
    first = bundle_of(project)
    target_path = folder / f"copy-{len(list(folder.iterdir()))}.fcw"
    target = create_project(target_path)
    try:
        target.db.execute("PRAGMA synchronous = OFF")
        result, _ = bundle_ops.import_bundle(target, first, "machine.json")
        assert result.added.get("history", 0) == len(first["tables"]["history"])
        assert not any(result.conflicts.values())
        second = bundle_of(target)
    finally:
        target.close()
        target_path.unlink()
    assert (second["schema_version"], second["blob_columns"]) == (first["schema_version"], first["blob_columns"])
    *kept, imported = second["tables"]["history"]
    assert imported["action"] == "bundle imported"
    assert [(h["id"], h["uuid"]) for h in kept] == [(h["id"], h["uuid"]) for h in first["tables"]["history"]]
    assert {**second["tables"], "history": kept} == first["tables"]


class BundleRoundTripMachine(UndoRedoMachine):
    """The undo/redo machine of test_ops_reasoning, with a bundle round trip as one more step, and at the end."""

    def __init__(self) -> None:
        super().__init__()
        self.copies = Path(tempfile.mkdtemp(prefix="bundle-machine-"))

    def teardown(self) -> None:
        try:
            assert_round_trip(self.project, self.copies)
        finally:
            shutil.rmtree(self.copies, ignore_errors=True)
            super().teardown()

    @precondition(lambda self: bool(self.done or self.undone))
    @rule()
    def round_trip(self) -> None:
        assert_round_trip(self.project, self.copies)

    @precondition(lambda self: bool(self.done))
    @rule()
    def undo_redo_at_once(self) -> None:
        """Undo and redo the last edit twice in a row: identical history entries within one second."""
        for _ in range(2):
            self.undo()
            self.redo()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle-machine") / "template.fcw"
    project = create_project(path)
    try:
        outcomes, _ = doc_ops.import_files(project, [KHIRBET, AIN_JADID])
        assert all(o.status is doc_ops.ImportStatus.IMPORTED for o in outcomes)
    finally:
        project.close()
    return path


def test_bundle_round_trip_after_random_edits_undos_and_redos(template: Path) -> None:
    BundleRoundTripMachine.template = template
    machine = BundleRoundTripMachine.TestCase
    machine.settings = settings(max_examples=12, stateful_step_count=20, deadline=None,
                                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    machine().runTest()
