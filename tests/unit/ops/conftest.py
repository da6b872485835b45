"""Fixtures for the ops tests: the plain-text articles of tests/fixtures/ops, imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.ops import documents as doc_ops
from workbench.store.project import Project

OPS_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ops"
KHIRBET = OPS_FIXTURES / "khirbet-nour-clashes.txt"
AIN_JADID = OPS_FIXTURES / "ain-jadid-shelling.txt"
MIXED = OPS_FIXTURES / "mixed-scripts.txt"


def table_counts(project: Project) -> dict[str, int]:
    """Row count of every table (to show that a failed action wrote nothing)."""
    with project.read() as db:
        return {name: db[name].count for name in db.table_names()}


@pytest.fixture
def docs(project: Project) -> dict[str, str]:
    """The three fixture articles imported into ``project``: file stem → document id."""
    outcomes, _ = doc_ops.import_files(project, [KHIRBET, AIN_JADID, MIXED])
    assert [o.status for o in outcomes] == [doc_ops.ImportStatus.IMPORTED] * 3
    return {Path(o.path).stem: o.document_id for o in outcomes}
