"""Fuzzing the project-bundle reader (see ``harness``): a mutated bundle is either imported — and the project
stays sound and readable by the app — or refused with ``BadArgument`` and the project left as it was.

Two levels: the file's bytes (``ops.bundle.read_bundle_file``: encoding, truncation, JSON syntax, nesting), and
the parsed JSON tree (``ops.bundle.import_bundle``: types, ids, references, hashes, values the app must read
back). A quarter of the imports go into a new project, the others into one that already holds the seed
(duplicates and conflicts).
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.harness import SEEDS, budget, expect_clean, mutate_json, mutated, read_back, save_crash
from workbench.errors import BadArgument
from workbench.ops import bundle as bundle_ops
from workbench.ops.project import Project, create_project
from workbench.store import bundle as store_bundle

SEED_BYTES = (SEEDS / "bundle-small.json").read_bytes()
SEED = json.loads(SEED_BYTES)
IDS = sorted({row["id"] for rows in SEED["tables"].values() for row in rows if isinstance(row.get("id"), str)})


class Desk:
    """A folder for project files and one long-lived project that already holds the seed bundle."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self.busy = create_project(folder / "busy.fcw")
        bundle_ops.import_bundle(self.busy, copy.deepcopy(SEED), "seed.json")

    def fresh(self) -> Project:
        self.count += 1
        return create_project(self.folder / f"fresh-{self.count}.fcw")


@pytest.fixture(scope="module")
def desk() -> Iterator[Desk]:
    with tempfile.TemporaryDirectory(prefix="fuzz-bundle-") as folder:
        d = Desk(Path(folder))
        try:
            yield d
        finally:
            d.busy.close()


def fingerprint(project: Project) -> dict[str, int]:
    with project.read() as db:
        return {t: store_bundle.count(db, t) for t in store_bundle.schema(db)}


def import_into(desk: Desk, fresh: bool, target: str, raw: bytes, load: Any) -> None:
    project = desk.fresh() if fresh else desk.busy
    try:
        before = fingerprint(project)
        result = expect_clean(target, raw, ".json", lambda: load(project), (BadArgument,))
        if result is None:
            assert fingerprint(project) == before, "a refused bundle changed the project"
            return
        try:
            read_back(project)
        except Exception as exc:  # an accepted bundle the app cannot read is a crash too
            save_crash(target, raw, ".json", exc)
            raise
    finally:
        if fresh:
            project.close()


FRESH = st.integers(0, 3).map(lambda n: n == 0)  # a new project costs ~0.1 s (its file is synced): 1 in 4


@given(data=mutated([SEED_BYTES], max_ops=4), fresh=FRESH)
@budget(ci=80, long=5_000)
def test_fuzz_bundle_bytes(desk: Desk, data: bytes, fresh: bool) -> None:
    path = desk.folder / "candidate.json"
    path.write_bytes(data)

    def load(project: Project) -> Any:
        doc = bundle_ops.read_bundle_file(path)
        if doc is None:  # no longer meant as a bundle: the document importers take it
            return None
        return bundle_ops.import_bundle(project, doc, path.name)

    import_into(desk, fresh, "bundle", data, load)


@given(data=st.data(), fresh=FRESH)
@budget(ci=150, long=10_000)
def test_fuzz_bundle_tree(desk: Desk, data: st.DataObject, fresh: bool) -> None:
    doc = copy.deepcopy(SEED)
    for _ in range(data.draw(st.integers(1, 3))):
        doc = mutate_json(data.draw, doc, IDS)
    raw = json.dumps(doc, allow_nan=True).encode("ascii")  # a lone surrogate is written as a \\u escape
    import_into(desk, fresh, "bundle-tree", raw, lambda project: bundle_ops.import_bundle(project, raw, "tree.json"))


def test_the_seed_imports_into_a_new_project(desk: Desk) -> None:
    project = desk.fresh()
    try:
        result, _ = bundle_ops.import_bundle(project, SEED_BYTES, "seed.json")
        assert result.added["documents"] == 2 and result.added["claims"] == 1
        read_back(project)
    finally:
        project.close()
