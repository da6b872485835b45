"""A project holding the demo's sample articles and the claim-finder fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.ops import documents as doc_ops
from workbench.store.project import Project

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("0*.txt"))
SEARCH_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "search").glob("*.txt"))


@pytest.fixture
def case(project: Project) -> dict[str, str]:
    """Import the articles; file stem → document id."""
    outcomes, _ = doc_ops.import_files(project, [*SAMPLES, *SEARCH_FIXTURES])
    assert {o.status for o in outcomes} == {doc_ops.ImportStatus.IMPORTED}
    return {Path(o.path).stem: o.document_id for o in outcomes}
