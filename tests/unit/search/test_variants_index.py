"""The project's automatic spelling groups (built from the names counted on import): search finds every spelling
without an entity, a wrong spelling can be split off (undoably), and entities still add what rules cannot know."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import BadArgument
from workbench.ops import documents as doc_ops
from workbench.ops import entities as entity_ops
from workbench.ops import search as search_ops
from workbench.ops import undo as undo_ops
from workbench.store.project import Project

RELATED = Path(__file__).resolve().parents[2] / "fixtures" / "related"


@pytest.fixture
def related(project: Project) -> dict[str, str]:
    outcomes, _ = doc_ops.import_files(project, sorted(RELATED.glob("*.txt")))
    return {Path(o.path).stem: o.document_id for o in outcomes}


def _docs(project: Project, query: str) -> set[str]:
    return {h.document_id for h in search_ops.search(project, query, kinds=["document"], limit=100)}


def test_groups_are_built_from_the_imported_names(project: Project, related: dict[str, str]) -> None:
    groups = {frozenset(n.casefold() for n in g.names) for g in entity_ops.automatic_groups(project)}
    assert {"khasham", "khusham", "ksham"} <= next(g for g in groups if "khasham" in g)
    assert frozenset({"hajin", "hajeen"}) in groups
    assert any({"mayadin", "al-mayadeen"} <= g for g in groups)
    assert not any("kashma" in g and "khasham" in g for g in groups)
    assert entity_ops.list_entities(project) == []  # nothing was created


def test_search_finds_every_spelling_out_of_the_box(project: Project, related: dict[str, str]) -> None:
    khasham = _docs(project, "Khasham")
    assert {related["01-khasham-handover-report"], related["02-khusham-clashes"],
            related["03-ksham-commander-denies"], related["08-deir-ezzor-airport"]} <= khasham
    assert related["07-hajeen-civilians"] in _docs(project, "Hajin")
    assert related["06-hajin-offensive"] in _docs(project, "Hajeen")
    assert related["05-daesh-counterattack-mayadeen"] in _docs(project, '"Deir Ezzor"')
    assert related["06-hajin-offensive"] in _docs(project, "Daesh")  # a well-known group: ISIL
    assert related["04-kashma-isis-capture"] not in khasham  # a different village


def test_a_wrong_spelling_is_split_off_undoably(project: Project, related: dict[str, str]) -> None:
    (group,) = [g for g in entity_ops.automatic_groups(project) if "Hajin" in g.names]
    assert set(group.names) == {"Hajin", "Hajeen"}
    assert related["07-hajeen-civilians"] in _docs(project, "Hajin")
    entity_ops.split_spelling(project, group.names, "Hajeen")
    assert related["07-hajeen-civilians"] not in _docs(project, "Hajin")
    assert not any("Hajin" in g.names for g in entity_ops.automatic_groups(project))
    undo_ops.revert(project, project.last_changeset, "Split spelling off")
    assert related["07-hajeen-civilians"] in _docs(project, "Hajin")
    with pytest.raises(BadArgument):
        entity_ops.split_spelling(project, ["Hajin"], "Hajin")


def test_entities_still_join_what_rules_cannot(project: Project, related: dict[str, str]) -> None:
    assert related["10-weather-aleppo"] not in _docs(project, "Khasham")
    entity_ops.add_aliases(project, "Khasham", ["Aleppo"], kind="place")  # a user's decision, however odd
    assert related["10-weather-aleppo"] in _docs(project, "Khusham")
